#!/bin/bash
# winseed verify after winseed convert on a copy of the win7-x86 test image: every virtio
# controller boots (exit 0).  Skipped until winseed convert exists.  Two appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_converted win7-x86
