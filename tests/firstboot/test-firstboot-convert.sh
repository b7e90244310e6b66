#!/bin/bash
# `winseed convert` on the Windows 7 test image schedules the first-boot payload: read back with
# guestfish and hivexget, the service key holds the documented values and the payload file is in
# %SystemRoot%\winseed with CRLF lines and both NICs' MACs; a second conversion writes nothing
# and leaves one service, not two.  --firstboot setup-cmdline plans the Setup hook instead, and
# --no-firstboot plans neither.  Expected values are the ones docs/firstboot.md gives and the
# MACs of the image's NICs as read by hand (tests/network/test-net-nics.c).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires guestfish --version
requires command -v hivexget
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win7-x86 "$d")

"$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$d/1.json" ||
  fail "convert failed: $(jq -r .status.error "$d/1.json" 2>/dev/null)"
assert_eq "report: mechanism" "service winseed-firstboot" "$(jq -r .firstboot.mechanism "$d/1.json")"
assert_eq "report: matches" "00:0c:29:77:d9:81 00-0C-29-77-D9-81 MAC,00:50:56:a5:12:69 00-50-56-A5-12-69 MAC" \
  "$(jq -r '[.firstboot.nics[] | .old_mac + " " + .new_mac + " " + .matched_by] | join(",")' "$d/1.json")"
jq -r '.firstboot.nics[0].settings[]' "$d/1.json" | grep -qx 'nic1-address-1: set 192.168.1.123/255.255.255.0 gateway=192.168.1.1 gwmetric=0' ||
  fail "report does not list NIC 1's address"

# read_back STAGE: the SYSTEM hive, the payload, and the names under Services.
read_back () {
  gf_start --ro -a "$img"
  gf mount-ro /dev/sda1 /
  gf download "$(gf case-sensitive-path /Windows/System32/config/SYSTEM)" "$d/$1.SYSTEM"
  gf download "$(gf case-sensitive-path /Windows/winseed/firstboot.cmd)" "$d/$1.cmd"
  gf_stop
}
read_back first
key='\ControlSet001\Services\winseed-firstboot'
assert_eq "Type" "16" "$(hivexget "$d/first.SYSTEM" "$key" Type)"
assert_eq "Start" "2" "$(hivexget "$d/first.SYSTEM" "$key" Start)"
assert_eq "ErrorControl" "0" "$(hivexget "$d/first.SYSTEM" "$key" ErrorControl)"
assert_eq "ObjectName" "LocalSystem" "$(hivexget "$d/first.SYSTEM" "$key" ObjectName)"
assert_eq "ImagePath" '%SystemRoot%\System32\cmd.exe /c "%SystemRoot%\winseed\firstboot.cmd"' \
  "$(hivexget "$d/first.SYSTEM" "$key" ImagePath)"
assert_eq "payload has CRLF lines only" "0" "$(grep -c $'[^\r]$' "$d/first.cmd" || :)"
grep -q '"00-0C-29-77-D9-81"' "$d/first.cmd" || fail "payload does not look for NIC 1's MAC"
grep -q '"00-50-56-A5-12-69"' "$d/first.cmd" || fail "payload does not look for NIC 2's MAC"
grep -q 'addr=10.3.58.5 mask=255.255.255.0 gateway=10.3.58.1' "$d/first.cmd" || fail "payload lacks NIC 2's address"

"$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$d/2.json" ||
  fail "second convert failed: $(jq -r .status.error "$d/2.json" 2>/dev/null)"
assert_eq "second convert writes nothing" "false" "$(jq -r .changed "$d/2.json")"
read_back second
assert_eq "one first-boot service" "winseed-firstboot" \
  "$(hivexregedit --export "$d/second.SYSTEM" '\ControlSet001\Services' |
     sed -n 's/^\[\\ControlSet001\\services\\\(winseed[^\\]*\)\]$/\1/Ip')"
cmp -s "$d/first.cmd" "$d/second.cmd" || fail "the payload changed on the second convert"

# The other mechanisms, planned on a fresh copy (--dry-run: the plan is what a run writes).
mkdir -p "$d/fresh"
fresh=$(copy_image win7-x86 "$d/fresh")
"$WINSEED" convert -q --dry-run --json -a "$fresh" --drivers "$tree" --firstboot setup-cmdline > "$d/setup.json"
assert_eq "setup-cmdline: mechanism" "setup-cmdline" "$(jq -r .firstboot.mechanism "$d/setup.json")"
jq -r .plan "$d/setup.json" > "$d/setup.reg"
grep -qx '\[HKEY_LOCAL_MACHINE\\SYSTEM\\Setup\]' "$d/setup.reg" || fail "setup-cmdline: no SYSTEM\\Setup edit"
grep -qx '"SetupType"=dword:00000002' "$d/setup.reg" || fail "setup-cmdline: SetupType is not 2"
grep -qi 'winseed-firstboot' "$d/setup.reg" && fail "setup-cmdline: a service is planned as well"
"$WINSEED" convert -q --dry-run --json -a "$fresh" --drivers "$tree" --no-firstboot > "$d/none.json"
assert_eq "--no-firstboot: no mechanism" "null" "$(jq -r .firstboot "$d/none.json")"
jq -r .plan "$d/none.json" | grep -qi 'firstboot' && fail "--no-firstboot: the plan still has a first-boot edit or file"
echo "first-boot service and payload in place; a second convert changes nothing; setup-cmdline and --no-firstboot planned"
