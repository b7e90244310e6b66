#!/bin/bash
# `winseed inspect` of a qcow2 image (--format qcow2) never writes to it: same checksum after.
# (The raw images are checked by test-inspect-images.sh.)
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
img="$WINSEED_IMAGES/win10-x64.qcow2"
[ -f "$img" ] || skip "no $img"
before=$(sha256sum < "$img")
out=$("$WINSEED" inspect --format qcow2 -a "$img")
assert_contains "inspect of the qcow2 image" "Windows 10 Pro" "$out"
assert_eq "checksum of $img after inspect" "$before" "$(sha256sum < "$img")"
echo "ok: $img unchanged"
