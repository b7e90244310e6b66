#!/bin/bash
# winseed verify --bus virtio-net (docs/firstboot.md#verify).
#
# Windows 7 after convert: both virtio-net PCI functions come up, through the published netkvm
# INF and the netkvm service, and the first-boot payload sets each static NIC's settings.  Then one
# link broken at a time on the converted copy, each named: the payload removed, a payload that
# lost NIC 2's address, the netkvm service removed.  Unconverted Windows 7 and 10: no driver, by
# each model's own search.  The NIC settings expected are the ones of the real Windows 7 fixture
# hive, read by hand (tests/network/test-net-nics.c).  Ten appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/break-functions.sh"
set -e
requires_convert
d=$(scratch_dir)

# net_link OUT VARIANT WHAT VALUE: the 'found' of a link of the chain.
net_link () {
  field "$1" virtio-net "$2" ".chain[] | select(.what == \"$3\" and .value == \"$4\") | .found"
}

ov=$(convert_copy "$(image win7-x86)" "$d")
out=$d/ok.json
verify_json "$out" 0 -a "$ov" --format qcow2 --bus virtio-net
show_verdicts "$out"
assert_eq "devices walked" "virtio-net legacy,virtio-net modern" \
  "$(jq -r '[.controllers[] | .bus + " " + .variant] | join(",")' "$out")"
for variant in legacy modern; do
  expect_boots "$out" virtio-net "$variant"
  assert_eq "$variant verdict" "comes up" "$(field "$out" virtio-net "$variant" .verdict)"
  assert_eq "$variant driver" "netkvm" "$(field "$out" virtio-net "$variant" '.candidates[] | select(.chosen) | .service')"
  nic1=$(net_link "$out" "$variant" "first-boot settings" "Local Area Connection")
  nic2=$(net_link "$out" "$variant" "first-boot settings" "Local Area Connection 2")
  for v in 192.168.1.123 255.255.255.0 192.168.1.1 192.168.1.112; do
    assert_contains "$variant: NIC 1's settings checked" " $v " " $nic1 "
  done
  for v in 10.3.58.5 255.255.255.0 10.3.58.1 10.3.58.4; do
    assert_contains "$variant: NIC 2's settings checked" " $v " " $nic2 "
  done
done
echo "win7 converted: virtio-net comes up, both NICs' settings in the payload"

# Break 1: the payload is gone (the hook still names it).
gf_start --format=qcow2 -a "$ov"
gf mount /dev/sda1 /
gf download /Windows/winseed/firstboot.cmd "$d/firstboot.cmd"
gf rm /Windows/winseed/firstboot.cmd
gf_stop
verify_json "$d/b1.json" 7 -a "$ov" --format qcow2 --bus virtio-net
assert_contains "stderr" "does not come up with the guest's network identity" "$(cat "$last_stderr")"
for variant in legacy modern; do
  expect_broken "$d/b1.json" virtio-net "$variant" "first-boot payload" "firstboot.cmd, which does not exist"
done

# Break 2: a payload that no longer sets NIC 2's address.
grep -q '10\.3\.58\.5\b' "$d/firstboot.cmd" || fail "the payload does not hold 10.3.58.5 to remove"
sed 's/10\.3\.58\.5\b/10.3.58.77/g' "$d/firstboot.cmd" > "$d/edited.cmd"
gf_start --format=qcow2 -a "$ov"
gf mount /dev/sda1 /
gf upload "$d/edited.cmd" /Windows/winseed/firstboot.cmd
gf download "$(gf case-sensitive-path /Windows/System32/config/SYSTEM)" "$d/SYSTEM"
gf_stop
verify_json "$d/b2.json" 7 -a "$ov" --format qcow2 --bus virtio-net
expect_broken "$d/b2.json" virtio-net legacy "first-boot settings" \
  "Local Area Connection 2 holds 10.3.58.5, which the first-boot payload does not set"

# Break 3: the netkvm service key is gone (the INF still names it).
printf '[-%s\\ControlSet001\\Services\\netkvm]\n' "$P" | merge "$d/SYSTEM"
gf_start --format=qcow2 -a "$ov"
gf mount /dev/sda1 /
gf upload "$d/SYSTEM" "$(gf case-sensitive-path /Windows/System32/config/SYSTEM)"
gf_stop
verify_json "$d/b3.json" 7 -a "$ov" --format qcow2 --bus virtio-net
expect_broken "$d/b3.json" virtio-net modern service \
  "ControlSet001\\Services\\netkvm does not exist: the virtio NIC gets no working driver"
echo "win7 broken: payload missing, NIC 2's address missing, service missing: each named"

# Never converted: no driver, found the way each model searches.
verify_json "$d/u7.json" 7 -a "$(image win7-x86)" --bus virtio-net
expect_broken "$d/u7.json" virtio-net legacy INF \
  "no INF among the published ones (%SystemRoot%\\inf\\oem*.inf) or in the DevicePath folders names any of the"
verify_json "$d/u10.json" 7 -a "$(image win10-x64)" --bus virtio-net
expect_broken "$d/u10.json" virtio-net modern DeviceIds \
  "is in the DriverDatabase of DRIVERS or SYSTEM: PnP finds no driver"
echo "unconverted win7 and win10: no driver for the virtio NIC"
