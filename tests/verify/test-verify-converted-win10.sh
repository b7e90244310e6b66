#!/bin/bash
# winseed verify after winseed convert on a copy of the win10-x64 test image: every virtio
# controller boots (exit 0).  Skipped until winseed convert exists.  Two appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_converted win10-x64
