#!/bin/bash
# winseed verify after winseed convert on a copy of the winxp-x86 test image: both virtio-blk
# controllers boot (exit 0).  The virtio NIC comes up;
# the conversion's --libvirt-xml has the firmware, machine, bus, OS id and MACs of
# tests/images/README, and `winseed domain` on the result writes the same document.  Four
# appliance launches.
# virtio-win has no vioscsi for Windows XP (the ISO's xp folders only ever held viostor and
# NetKVM), so only virtio-blk can boot there.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_converted winxp-x86 virtio-blk "" pc virtio http://microsoft.com/win/xp 1
