#!/bin/bash
# winseed verify on the unconverted winxp-x86 test image: no virtio controller boots (exit 7), and
# each verdict names the first broken link.  One appliance launch.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_unconverted winxp-x86
