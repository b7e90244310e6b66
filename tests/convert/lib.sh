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

# dirty_system IMG ROOT: make the guest's SYSTEM hive look as Windows leaves it when a log is still
# to be replayed: its second sequence number one below the first (header checksum fixed), so
# that convert cannot patch it in place and rewrites it whole (hive/regf-patch.h, the fallback).
dirty_system () {
  local tmp system
  tmp=$(mktemp -d)
  gf_start -a "$1"
  gf mount "$2" /
  system=$(gf case-sensitive-path /windows/system32/config/system)
  gf download "$system" "$tmp/SYSTEM"
  perl -e '
    open my $f, "+<:raw", $ARGV[0] or die "$ARGV[0]: $!";
    read $f, my $h, 512;
    my @d = unpack "V128", $h;
    $d[2] = ($d[1] - 1) & 0xffffffff;          # sequence 2 = sequence 1 - 1
    my $x = 0; $x ^= $d[$_] for 0 .. 126;     # checksum: XOR of the first 508 bytes
    $x = 1 if $x == 0; $x = 0xfffffffe if $x == 0xffffffff;
    $d[127] = $x;
    seek $f, 0, 0; print $f pack "V128", @d; close $f or die;
  ' "$tmp/SYSTEM" || fail "cannot edit the SYSTEM header"
  gf upload "$tmp/SYSTEM" "$system"
  gf_stop
  rm -rf "$tmp"
}
