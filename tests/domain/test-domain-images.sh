#!/bin/bash
# `winseed domain` on three test images (four appliance launches, ~20 s each under TCG): every
# document passes virt-xml-validate, and its firmware, machine, disk bus, MACs and OS id are read
# back by XPath with xmllint.  Expected values come from images/README (partition tables, NICs'
# NetworkAddress) and from osinfo-db's ids for the versions the README names, never from winseed.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/domain/lib.sh"
set -e
requires command -v virt-xml-validate
requires command -v xmllint
d=$(scratch_dir)

# Usage errors: before any appliance.
expect_exit 1 "$WINSEED" domain -a /dev/null --bus ide
expect_exit 1 "$WINSEED" domain -a /dev/null --network default --bridge br0
expect_exit 1 "$WINSEED" domain -a /dev/null --memory 0
expect_exit 1 "$WINSEED" domain -a /dev/null --vcpus many

# Windows XP SP3 (MBR, BIOS): i440fx, virtio-blk; one Intel PRO/1000 without NetworkAddress.
"$WINSEED" domain -a "$(image winxp-x86)" --bus virtio-blk -o "$d/xp.xml"
check_doc "$d/xp.xml" "" pc virtio http://microsoft.com/win/xp 1
assert_eq "xp arch" i686 "$(x "$d/xp.xml" /domain/os/type/@arch)"
# Not converted (neither viostor nor vioscsi is a boot-start service): without --bus, exit 7 and
# nothing on stdout.
expect_exit 7 "$WINSEED" domain -a "$(image winxp-x86)" -q > "$d/none.xml"
[ ! -s "$d/none.xml" ] || fail "domain printed a document for an unconverted guest"
assert_contains "no bus" "convert the guest first" "$(cat "$last_stderr")"

# Windows Server 2019 (GPT with an ESP): UEFI without a TPM, q35; NetworkAddress 005056A1B2C3.
"$WINSEED" domain -a "$(image win2019-x64)" --bus virtio-scsi --name srv --memory 4096 \
  --bridge br0 > "$d/2019.xml"
check_doc "$d/2019.xml" efi q35 scsi http://microsoft.com/win/2k19 1 00:50:56:a1:b2:c3
assert_eq "2019 scsi controller" virtio-scsi "$(x "$d/2019.xml" "/domain/devices/controller[@type='scsi']/@model")"
assert_eq "2019 TPM" 0 "$(x "$d/2019.xml" 'count(/domain/devices/tpm)')"
assert_eq "2019 name" srv "$(x "$d/2019.xml" /domain/name)"
assert_eq "2019 memory" 4096 "$(x "$d/2019.xml" /domain/memory)"
assert_eq "2019 bridge" br0 "$(x "$d/2019.xml" /domain/devices/interface/source/@bridge)"

# Windows 11 23H2 (build 22631, GPT with an ESP): Secure Boot and a TPM 2.0; one e1000e without
# NetworkAddress.  --json carries the same document.
"$WINSEED" domain -a "$(image win11-x64)" --bus virtio-scsi --json > "$d/11.json"
jq -r .domain "$d/11.json" > "$d/11.xml"
check_doc "$d/11.xml" efi q35 scsi http://microsoft.com/win/11 1
assert_eq "11 secure boot" yes "$(x "$d/11.xml" "/domain/os/firmware/feature[@name='secure-boot']/@enabled")"
assert_eq "11 TPM" 2.0 "$(x "$d/11.xml" "/domain/devices/tpm[@model='tpm-crb']/backend[@type='emulator']/@version")"
assert_eq "11 json firmware" uefi "$(jq -r .firmware "$d/11.json")"
assert_eq "11 json status" 0 "$(jq -r .status.exit_code "$d/11.json")"
