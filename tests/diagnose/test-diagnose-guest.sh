#!/bin/bash
# winseed diagnose -a DISK: the logs are read from the guest.  A copy-on-write overlay of the
# Windows 10 test image gets the real setupapi.dev.log in C:\Windows\INF; diagnose must find it
# through inspection and report its 31 packages, and the image must be left unchanged.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
requires qemu-img --version
requires guestfish --version
base=$(image win10-x64)
real=$(fixture logs/win10-21H1-19043_setupapi.dev.log)
d=$(scratch_dir)
qemu-img create -q -f qcow2 -b "$base" -F raw "$d/overlay.qcow2"
guestfish -a "$d/overlay.qcow2" -i upload "$real" /Windows/INF/setupapi.dev.log
sum=$(sha256sum < "$d/overlay.qcow2")
expect_exit 0 "$WINSEED" diagnose -a "$d/overlay.qcow2" --json > "$d/out.json"
assert_eq "packages" 31 "$(jq '.packages | length' "$d/out.json")"
assert_eq "failed" 0 "$(jq .summary.failed "$d/out.json")"
assert_contains "log path" "setupapi.dev.log" "$(jq -r '.logs[0].path' "$d/out.json")"
assert_eq "image unchanged" "$sum" "$(sha256sum < "$d/overlay.qcow2")"
echo "PASS"
