#!/bin/bash
# winseed verify after winseed convert on a copy of the win2019-x64 test image: every virtio
# controller boots (exit 0).  The virtio NIC comes up;
# the conversion's --libvirt-xml has the firmware, machine, bus, OS id and MACs of
# tests/images/README, and `winseed domain` on the result writes the same document.  Four
# appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_converted win2019-x64 all efi q35 virtio http://microsoft.com/win/2k19 1 00:50:56:a1:b2:c3
