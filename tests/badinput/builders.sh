# Builders of the bad-input table (cases.tsv, column "builder"): each runs in the case's empty
# directory and writes the input there; test-bad-inputs.sh sources this file.  $TREE is the
# virtio-win tree of convert/lib.sh (read-only: builders copy it).

none () { :; }
empty () { : > "$1"; }
garbage () { head -c "$2" /dev/urandom > "$1"; }
zeros () { head -c "$2" /dev/zero > "$1"; }
fifo () { mkfifo "$1"; }
text () { printf '%b' "$2" > "$1"; }
# A line of N x's after the text of $2 (an INF key, a log header...).
long_line () { { printf '%b' "$2"; head -c "$3" /dev/zero | tr '\0' x; echo; } > "$1"; }

# factory NAME: a private copy of a factory image, as NAME.img.
factory () {
  cp --sparse=always "$WINSEED_IMAGES/$1.img" "$1.img"
}

# qcow2 overlays: over a backing file that is gone; one cut after its first 512 bytes.
qcow2_no_backing () {
  qemu-img create -q -f qcow2 -F raw -b "$PWD/gone.img" -u in.qcow2 64M
}
qcow2_cut () {
  qemu-img create -q -f qcow2 whole.qcow2 64M && head -c 512 whole.qcow2 > in.qcow2 && rm whole.qcow2
}

# vioscsi_set: a driver set of one package, the fixture vioscsi INF with its payload and catalog,
# in set/ (the INF is $VIOSCSI).
VIOSCSI=set/vioscsi/w8.1/amd64/vioscsi.inf
vioscsi_set () {
  mkdir -p "${VIOSCSI%/*}"
  cp "$WINSEED_FIXTURES/virtio-win/vioscsi/w8.1/amd64/vioscsi.inf" "$VIOSCSI"
  echo placeholder > "${VIOSCSI%/*}/vioscsi.sys"
  echo placeholder > "${VIOSCSI%/*}/vioscsi.cat"
}
# inf SED-EXPRESSION: the vioscsi set with its INF edited; fails when the edit changed nothing.
inf () {
  vioscsi_set
  sed -e "$1" "$VIOSCSI" > edited.inf
  ! cmp -s edited.inf "$VIOSCSI" || { echo "edit '$1' changed nothing" >&2; return 1; }
  mv edited.inf "$VIOSCSI"
}
# payload KIND: the vioscsi set with vioscsi.sys replaced by something that is not a file of it.
payload () {
  vioscsi_set
  local sys="${VIOSCSI%/*}/vioscsi.sys"
  rm "$sys"
  case "$1" in
    escape) echo "host file" > outside.txt && ln -s ../../../../outside.txt "$sys" ;;
    loop) ln -s vioscsi.sys "$sys" ;;
    chardev) mknod "$sys" c 1 3 ;;
    socket) python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$sys" ;;
  esac
}
# tree_iso_cut: the virtio-win tree as an ISO 9660 image cut inside its directory records.
tree_iso_cut () {
  xorriso -as mkisofs -quiet -J -R -V virtio-win -o whole.iso "$TREE" 2>/dev/null &&
    head -c 40000 whole.iso > in.iso && rm whole.iso
}

# tree_iso_cut_data: the same ISO, unpadded, cut 2048 bytes short: every directory record is
# there, the last file's data is not (an interrupted copy).
tree_iso_cut_data () {
  xorriso -as mkisofs -quiet -J -R -no-pad -V virtio-win -o whole.iso "$TREE" 2>/dev/null &&
    head -c "$(( $(stat -c %s whole.iso) - 2048 ))" whole.iso > in.iso && rm whole.iso
}

# manifest LINE...: in (the manifest) with those lines, next to a disk a.img and a driver set drv.
manifest () {
  printf '%s\n' "$@" > in
  zeros a.img 4096
  mkdir drv
}

# mutated NAME: a copy of win2019-x64 with one guest file replaced (made once per run, all in one
# appliance, in $MUTATED_DIR): bad-software (SOFTWARE is random bytes), empty-system (SYSTEM is
# 0 bytes), bad-setupapi (Windows\INF\setupapi.dev.log is binary garbage).
mutated () {
  if [ ! -f "$MUTATED_DIR/.built" ]; then
    local src; src="$WINSEED_IMAGES/win2019-x64.img"
    for m in bad-software empty-system bad-setupapi; do cp --sparse=always "$src" "$MUTATED_DIR/$m.img"; done
    head -c 262144 /dev/urandom > "$MUTATED_DIR/garbage"
    : > "$MUTATED_DIR/empty"
    guestfish -a "$MUTATED_DIR/bad-software.img" -a "$MUTATED_DIR/empty-system.img" \
      -a "$MUTATED_DIR/bad-setupapi.img" <<EOF || return 1
run
mount /dev/sda3 /
upload $MUTATED_DIR/garbage /Windows/System32/config/SOFTWARE
umount /
mount /dev/sdb3 /
upload $MUTATED_DIR/empty /Windows/System32/config/SYSTEM
umount /
mount /dev/sdc3 /
upload $MUTATED_DIR/garbage /Windows/INF/setupapi.dev.log
umount /
EOF
    touch "$MUTATED_DIR/.built"
  fi
  cp --sparse=always "$MUTATED_DIR/$1.img" "$1.img"
}
