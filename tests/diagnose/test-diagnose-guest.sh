#!/bin/bash
# winseed diagnose -a DISK: the logs are read from the guest.  A copy-on-write overlay of the
# Windows 10 test image gets the real setupapi.dev.log in C:\Windows\INF; diagnose must find it
# through inspection and report its 31 packages, and the image must be left unchanged.
# The overlay also gets a C:\Windows\winseed\firstboot.log as the first-boot payload writes it
# (docs/firstboot.md#payload: CRLF lines `date time;step;result;code`) of a first boot where one
# step failed and the second boot finished: diagnose must give each step with its meaning.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
requires qemu-img --version
requires guestfish --version
base=$(image win10-x64)
real=$(fixture logs/win10-21H1-19043_setupapi.dev.log)
d=$(scratch_dir)
qemu-img create -q -f qcow2 -b "$base" -F raw "$d/overlay.qcow2"
printf '%s\r\n' \
  '05/12/2026 10:01:02.03;boot;start;1' \
  '05/12/2026 10:01:12.10;wait-nic;found;10' \
  '05/12/2026 10:01:13.00;nic1-ghost;ok;0' \
  '05/12/2026 10:01:14.00;nic1-address-1;failed;1' \
  '05/12/2026 10:01:14.50;run;retry-next-boot;1' \
  '05/12/2026 10:05:00.00;boot;start;2' \
  '05/12/2026 10:05:05.00;nic1-address-1;ok;0' \
  '05/12/2026 10:05:06.00;run;done;0' \
  '05/12/2026 10:05:07.00;unhook;ok;0' > "$d/firstboot.log"
guestfish -a "$d/overlay.qcow2" -m "$(image_root win10-x64)" upload "$real" /Windows/INF/setupapi.dev.log : \
  mkdir-p /Windows/winseed : upload "$d/firstboot.log" /Windows/winseed/firstboot.log
sum=$(sha256sum < "$d/overlay.qcow2")
expect_exit 0 "$WINSEED" diagnose -a "$d/overlay.qcow2" --json > "$d/out.json"
assert_eq "packages" 31 "$(jq '.packages | length' "$d/out.json")"
assert_eq "failed" 0 "$(jq .summary.failed "$d/out.json")"
assert_contains "log path" "setupapi.dev.log" "$(jq -r '.logs[0].path' "$d/out.json")"
fb () { jq -r ".firstboot.steps[$1].$2" "$d/out.json"; }
assert_contains "firstboot log path" "/winseed/firstboot.log" "$(jq -r .firstboot.log "$d/out.json")"
assert_eq "firstboot steps" 9 "$(jq '.firstboot.steps | length' "$d/out.json")"
assert_eq "firstboot failed steps" 1 "$(jq .firstboot.failed "$d/out.json")"
assert_eq "step 4" "nic1-address-1 failed 1 true" "$(fb 3 step) $(fb 3 result) $(fb 3 code) $(fb 3 failed)"
assert_eq "step 4 meaning" "failed with exit code 1" "$(fb 3 meaning)"
assert_eq "step 2 meaning" "the new NICs were present after 10 s" "$(fb 1 meaning)"
assert_eq "step 5 meaning" "some step failed on boot 1: tried again at the next boot" "$(fb 4 meaning)"
assert_eq "step 9 meaning" "the first-boot service or hook was removed" "$(fb 8 meaning)"
assert_eq "step 1 time" "05/12/2026 10:01:02.03" "$(fb 0 time)"
assert_eq "image unchanged" "$sum" "$(sha256sum < "$d/overlay.qcow2")"
echo "PASS"
