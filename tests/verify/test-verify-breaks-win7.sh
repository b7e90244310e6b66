#!/bin/bash
# Break a converted copy of the win7-x86 test image: remove every CriticalDeviceDatabase key for
# virtio-blk, and require `winseed verify` to say so; virtio-scsi must still boot.
# Launches: convert 1, breaking 1, verify 1.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/break-functions.sh"
set -e
requires_convert
img=$(image win7-x86)
d=$(scratch_dir); cleanup_fn rm -rf "$d"
conv=$(convert_copy "$img" "$d")
qemu-img create -q -f qcow2 -b "$conv" -F qcow2 "$d/cddb-removed.qcow2"
break_images "$d" win7-x86 cddb-removed
verify_json "$d/out.json" 7 -a "$d/cddb-removed.qcow2" --format qcow2
show_verdicts "$d/out.json"
for variant in legacy modern; do
  expect_broken "$d/out.json" virtio-blk "$variant" CriticalDeviceDatabase \
    "IDs Windows lists for this SCSIAdapter device ($(field "$d/out.json" virtio-blk "$variant" .device) ... PCI\\CC_0100) has a CriticalDeviceDatabase entry"
  expect_boots "$d/out.json" virtio-scsi "$variant"
done
