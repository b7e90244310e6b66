# Shared by the convert tests: the driver tree and image copies.

# A virtio-win tree in the real ISO layout, built once per build tree (tests/drivers/make-tree.sh:
# the fixture INFs placed where the real ISO has them, placeholder payload files).
driver_tree () {
  local tree="${WINSEED_TESTS_BUILDDIR:-$PWD}/trees/iso"
  if [ ! -d "$tree" ]; then
    local tmp="$tree.tmp.$$"
    mkdir -p "$tmp"
    bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$tmp" >/dev/null || fail "make-tree.sh failed"
    mv -T "$tmp" "$tree" 2>/dev/null || rm -rf "$tmp"   # another test built it meanwhile
  fi
  echo "$tree"
}

# copy_image NAME DIR: a private sparse copy of a test image; prints its path.
copy_image () {
  local src out="$2/$1.img"
  src=$(image "$1")
  cp --sparse=always "$src" "$out"
  echo "$out"
}

# The hardware and compatible IDs of an INF's Models lines (what the INF text says), one per line.
inf_ids () {
  tr -d '\r' < "$1" | grep -i '^[^;[]*=[^,]*,[[:space:]]*PCI\\' | cut -d, -f2- | tr ',' '\n' |
    sed 's/^[[:space:]]*//; s/[[:space:]]*$//' | grep -v '^$' | sort -u
}

# DriverVer of an INF: "MM/DD/YYYY,a.b.c.d".
inf_driver_ver () {
  tr -d '\r ' < "$1" | sed -n 's/^DriverVer=//Ip' | head -n1
}
