#!/bin/bash
# winseed verify on a copy of the win2019-x64 test image converted by Debian's virt-v2v-in-place with
# a fake virtio-win tree: its verdict and reason for each bus (see check_virt_v2v for what
# virt-v2v writes and why virtio-scsi does not boot).  Skipped when virt-v2v-in-place is not
# installed.  Two appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
set -e
check_virt_v2v win2019-x64
