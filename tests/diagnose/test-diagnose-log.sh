#!/bin/bash
# winseed diagnose --log: the real Windows 10 log reports no failure and its 31 imported packages
# (names read from the log by hand); each failure case names the right device and cause and
# exits 8; re-encoding, standard input and truncation change nothing but what they should.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
requires iconv --version
logs="$WINSEED_TESTS_SRCDIR/diagnose/logs"
real=$(fixture logs/win10-21H1-19043_setupapi.dev.log)
d=$(scratch_dir)

# The real log: exit 0, one JSON document, no failure, the imported packages.
expect_exit 0 "$WINSEED" diagnose --log "$real" --json > "$d/real.json"
assert_eq "documents on stdout" 1 "$(jq -s length "$d/real.json")"
assert_eq "failed" 0 "$(jq .summary.failed "$d/real.json")"
assert_eq "status" ok "$(jq -r .status.result "$d/real.json")"
assert_eq "packages" 31 "$(jq '.packages | length' "$d/real.json")"
for p in vmci.inf_amd64_5e38a278d114b813=oem2.inf pvscsi.inf_amd64_9e7bfe6e33172952=oem5.inf \
         vmxnet3.inf_amd64_84f789b1d4e21d32=oem4.inf efifw.inf_amd64_69a2acd666b70e2c=oem3.inf \
         vm3d.inf_amd64_e3eb5e2a70444b3f=oem8.inf stornvme.inf_amd64_1218fad01506b7af=stornvme.inf; do
  assert_eq "published name of ${p%%=*}" "${p#*=}" \
    "$(jq -r --arg n "${p%%=*}" '.packages[] | select(.name == $n) | .published' "$d/real.json")"
done
assert_eq "warnings" 1275 "$(jq '.logs[0].warnings' "$d/real.json")"
assert_eq "devices absent, not failed" 5 "$(jq '[.installs[] | select(.result == "no-device")] | length' "$d/real.json")"
assert_eq "vmci driver" oem2.inf \
  "$(jq -r '.installs[] | select(.device == "PCI\\VEN_15AD&DEV_0740&SUBSYS_074015AD&REV_10\\3&61aaa01&0&3F") | .driver.inf' "$d/real.json")"

# Human report: the same facts.
expect_exit 0 "$WINSEED" diagnose --log "$real" > "$d/real.txt"
assert_contains "text report" "Driver packages imported (31):" "$(cat "$d/real.txt")"
assert_contains "text report" "pvscsi.inf_amd64_9e7bfe6e33172952" "$(cat "$d/real.txt")"
assert_contains "text report" "0 failed" "$(cat "$d/real.txt")"

# UTF-16LE with a BOM and CRLF, and standard input: the same installs and packages.
{ printf '\xff\xfe'; sed 's/$/\r/' "$real" | iconv -f UTF-8 -t UTF-16LE; } > "$d/real16.log"
expect_exit 0 "$WINSEED" diagnose --log "$d/real16.log" --json > "$d/real16.json"
assert_eq "UTF-16LE encoding" UTF-16LE "$(jq -r '.logs[0].encoding' "$d/real16.json")"
norm='del(.logs) | .installs[].log = null | .packages[].log = null'
assert_eq "UTF-16LE report" "$(jq -S "$norm" "$d/real.json")" "$(jq -S "$norm" "$d/real16.json")"
expect_exit 0 "$WINSEED" diagnose --log - --json < "$real" > "$d/stdin.json"
assert_eq "stdin report" "$(jq -S "$norm" "$d/real.json")" "$(jq -S "$norm" "$d/stdin.json")"

# Cut inside a section: said so, and still no failure.
head -c 600000 "$real" > "$d/cut.log"
expect_exit 0 "$WINSEED" diagnose --log "$d/cut.log" > "$d/cut.txt"
assert_contains "truncated log" "the log ends inside section Install Driver Updates" "$(cat "$d/cut.txt")"

# Failure cases: exit 8, the device and the cause.
check_failure () {   # FILE DEVICE CAUSE RESULT
  expect_exit 8 "$WINSEED" diagnose --log "$logs/$1" --json > "$d/f.json"
  local sel='.installs[] | select(.failed) | select((.device // .target) == $id)'
  assert_eq "$1: cause" "$3" "$(jq -r --arg id "$2" "$sel | .cause.code" "$d/f.json")"
  assert_eq "$1: result" "$4" "$(jq -r --arg id "$2" "$sel | .result" "$d/f.json")"
  assert_eq "$1: status" install-failed "$(jq -r .status.result "$d/f.json")"
}
check_failure seed001-null-driver.dev.txt 'PCI\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00\3&13c0b0c5&0&18' 0xe0000228 null-driver
check_failure seed001-reboot-0x426.dev.txt 'PCI\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00\3&13c0b0c5&0&18' 0x00000426 null-driver
check_failure internals-win11-0xe0000247.dev.txt 'PCI\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01\3&267a616a&0&20' 0xe0000247 null-driver
check_failure internals-sig-untrusted-root.dev.txt 'C:\virtio\vioscsi\w10\amd64\vioscsi.inf' 0x800b0109 failed
check_failure internals-0xe0000223.dev.txt 'PCI\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01\3&267a616a&0&28' 0xe0000223 null-driver
check_failure internals-null-driver-kb.dev.txt 'PCI\VEN_15AD&DEV_07B0&SUBSYS_07B015AD&REV_01\FF565000B4C6AE6700' null null-driver
check_failure xp-setupapi-log.txt 'PCI\VEN_80EE&DEV_CAFE&SUBSYS_00000000&REV_00\3&267A616A&0&20' 0xe0000228 null-driver

# The words: the virtio storage controller with the NULL driver explains the 0x7B to come.
expect_exit 8 "$WINSEED" diagnose --log "$logs/seed001-null-driver.dev.txt" > "$d/seed.txt"
assert_contains "plain words" "because no driver in the driver store matches the device's hardware or compatible IDs (0xe0000228 ERROR_NO_COMPAT_DRIVERS)" "$(cat "$d/seed.txt")"
assert_contains "boot disk" "0x7B INACCESSIBLE_BOOT_DEVICE" "$(cat "$d/seed.txt")"
assert_contains "virtio marked" "[virtio storage]" "$(cat "$d/seed.txt")"

# A device cut by a reboot and installed on the next boot is not a failure; one whose log ends
# inside its section is reported as such.
expect_exit 0 "$WINSEED" diagnose --log "$logs/reboot-cut.dev.txt" --json > "$d/cut.json"
assert_eq "attempts" 2 "$(jq '.installs[] | select(.device == "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00\\3&267a616a&0&20") | .attempts' "$d/cut.json")"
assert_eq "last attempt" ok "$(jq -r '.installs[] | select(.device == "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00\\3&267a616a&0&20") | .result' "$d/cut.json")"
assert_contains "truncated section" "DEV_1002" "$(jq -r '.logs[0].truncated_in' "$d/cut.json")"
echo "PASS"
