#!/bin/bash
# winseed verify's human output on the unconverted win7-x86 image, for one bus: a line per
# controller with the verdict and the first broken link, a line per bus, exit 7 and a one-line
# message on stderr.  One appliance launch.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
img=$(image win7-x86)
d=$(scratch_dir); cleanup_fn rm -rf "$d"
expect_exit 7 "$WINSEED" verify -a "$img" --bus virtio-scsi > "$d/out"
cat "$d/out"
assert_contains "header" "ControlSet001, boot drivers found through the CriticalDeviceDatabase" "$(head -1 "$d/out")"
for id in 'PCI\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00' 'PCI\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01'; do
  line=$(grep -F "$id: " "$d/out") || fail "no verdict line for $id"
  assert_contains "$id" "does not boot: none of the 13 IDs Windows lists for this SCSIAdapter device" "$line"
  assert_contains "$id" "has a CriticalDeviceDatabase entry" "$line"
done
assert_eq "bus line" "virtio-scsi: does not boot" "$(tail -1 "$d/out")"
! grep -q virtio-blk "$d/out" || fail "--bus virtio-scsi also reported virtio-blk"
assert_eq "stderr" "winseed: the guest does not boot on virtio-scsi (see the report)" "$(cat "$last_stderr")"
