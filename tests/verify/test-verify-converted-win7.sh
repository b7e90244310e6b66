#!/bin/bash
# winseed verify after winseed convert on a copy of the win7-x86 test image: every virtio
# controller boots (exit 0).  The virtio NIC comes up;
# the conversion's --libvirt-xml has the firmware, machine, bus, OS id and MACs of
# tests/images/README, and `winseed domain` on the result writes the same document.  Four
# appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_converted win7-x86 all "" q35 virtio http://microsoft.com/win/7 2 00:0c:29:77:d9:81 00:50:56:a5:12:69
