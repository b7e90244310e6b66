#!/bin/bash
# A disk qemu cannot write in place is refused before the appliance starts (src/guest/disk-format.h):
# a streamOptimized VMDK (the disk of an OVA export) exits 6 with one line naming the disk and
# pointing at --output (which converts it into a new image: test-convert-output.sh), nothing on
# stdout, the file bit-identical.
# A monolithicSparse VMDK is written in place: it converts, and a fresh appliance reads the
# driver back from it.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires qemu-img --version
requires guestfish --version
d=$(scratch_dir)
tree=$(driver_tree)
src=$(image win2019-x64)
args=(--drivers "$tree" --block-driver viostor --no-network -q)

qemu-img convert -O vmdk -o subformat=streamOptimized "$src" "$d/stream.vmdk"
qemu-img info --output=json "$d/stream.vmdk" | grep -q '"create-type": "streamOptimized"' ||
  fail "qemu-img did not make a streamOptimized VMDK"
before=$(sha256sum < "$d/stream.vmdk")
set +e; "$WINSEED" convert -a "$d/stream.vmdk" "${args[@]}" > "$d/out" 2> "$d/err"; rc=$?; set -e
[ "$rc" = 6 ] || { cat "$d/err"; fail "streamOptimized VMDK: exit $rc, expected 6"; }
[ "$(wc -l < "$d/err")" = 1 ] || { cat "$d/err"; fail "expected one line on stderr"; }
assert_contains "message" "winseed: disk image '$d/stream.vmdk' is a streamOptimized VMDK" "$(cat "$d/err")"
assert_contains "message" "winseed convert -a '$d/stream.vmdk' --output NEW.qcow2" "$(cat "$d/err")"
[ ! -s "$d/out" ] || fail "stdout not empty"
assert_eq "streamOptimized VMDK after a refused conversion" "$before" "$(sha256sum < "$d/stream.vmdk")"
echo "ok: streamOptimized VMDK refused: $(cat "$d/err")"

# --format given explicitly takes the same check.
set +e; "$WINSEED" convert --format vmdk -a "$d/stream.vmdk" "${args[@]}" > "$d/out" 2> "$d/err"; rc=$?; set -e
[ "$rc" = 6 ] || { cat "$d/err"; fail "streamOptimized VMDK with --format vmdk: exit $rc, expected 6"; }
echo "ok: refused with --format vmdk too"

# Read-only uses stay allowed: inspect reads the same file.
"$WINSEED" inspect -a "$d/stream.vmdk" > "$d/out" 2> "$d/err" || { cat "$d/err"; fail "inspect of a streamOptimized VMDK failed"; }
echo "ok: inspect reads it"

qemu-img convert -O vmdk -o subformat=monolithicSparse "$src" "$d/sparse.vmdk"
"$WINSEED" convert -a "$d/sparse.vmdk" "${args[@]}" > "$d/out" 2> "$d/err" || { cat "$d/err"; fail "monolithicSparse VMDK did not convert"; }
want=$(sha256sum < "$tree/viostor/2k19/amd64/viostor.sys" | cut -d' ' -f1)
got=$(guestfish --ro -a "$d/sparse.vmdk" -m "$(image_root win2019-x64)" checksum sha256 /Windows/System32/drivers/viostor.sys)
assert_eq "viostor.sys read back from the monolithicSparse VMDK" "$want" "$got"
echo "ok: monolithicSparse VMDK converted, the driver is on disk"
