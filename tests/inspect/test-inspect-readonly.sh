#!/bin/bash
# `winseed inspect` never writes to the image: its checksum is the same before and after, for a
# raw and a qcow2 image.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
for img in "$(image win10-x64)" "$WINSEED_IMAGES/win10-x64.qcow2"; do
  [ -f "$img" ] || skip "no $img"
  before=$(sha256sum < "$img")
  "$WINSEED" inspect -a "$img" > /dev/null
  after=$(sha256sum < "$img")
  assert_eq "checksum of $img after inspect" "$before" "$after"
  echo "ok: $img unchanged"
done
