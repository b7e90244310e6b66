#!/bin/bash
# convert --libvirt-xml FILE: once the conversion succeeded, FILE is a libvirt domain for the
# converted guest.  Every document passes virt-xml-validate; its firmware, machine, disk bus,
# disk paths (the --output image when given), MACs and OS id are read back by XPath.  A
# conversion that fails after the commit writes no FILE.  Four conversions (four appliance
# launches).  Expected values come from images/README (partition tables, NICs, NetworkAddress),
# the Windows 7 hive's NSI records, osinfo-db's ids for the versions it names and
# docs/vm-definition.md's machine rule (q35 from Windows 7 on), never from winseed.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
. "$WINSEED_TESTS_SRCDIR/domain/lib.sh"
set -e
requires command -v virt-xml-validate
requires command -v xmllint
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)

# Usage errors, before any appliance: a FILE that cannot be written, VM options without FILE.
win7=$(copy_image win7-x86 "$d")
expect_exit 1 "$WINSEED" convert -a "$win7" --drivers "$tree" --libvirt-xml "$d/no/such/dir/g.xml"
assert_contains "missing folder" "cannot write --libvirt-xml '$d/no/such/dir/g.xml'" "$(cat "$last_stderr")"
[ "$(grep -c '^winseed: ' "$last_stderr")" = 1 ] || { cat "$last_stderr"; fail "expected one error line"; }
expect_exit 1 "$WINSEED" convert -a "$win7" --drivers "$tree" --libvirt-xml "$d"
expect_exit 1 "$WINSEED" convert -a "$win7" --drivers "$tree" --name g
expect_exit 1 "$WINSEED" convert -a "$win7" --drivers "$tree" --libvirt-xml "$d/g.xml" --dry-run
expect_exit 1 "$WINSEED" convert -a "$win7" --drivers "$tree" --libvirt-xml "$d/g.xml" \
  --network default --bridge br0
expect_exit 1 "$WINSEED" convert -a "$win7" --drivers "$tree" --libvirt-xml "$d/g.xml" --vcpus 0
[ ! -e "$d/g.xml" ] || fail "a usage error wrote the domain"
echo "ok: usage errors"

# 1. Windows 7 SP1 32-bit (MBR, BIOS), converted in place with both storage drivers: the domain
#    boots it on virtio-blk from the -a disk; its two virtio NICs keep the e1000s' MACs, which the
#    real hive's NSI records hold ("Local Area Connection" then "... 2"; the inspect test reads
#    the same, docs/registry-and-hives.md#nic-mac-address).
"$WINSEED" convert -a "$win7" --drivers "$tree" --no-firstboot --libvirt-xml "$d/7.xml" --json \
  > "$d/7.json" 2> "$d/err" || { cat "$d/err"; fail "convert --libvirt-xml of win7 failed"; }
check_doc "$d/7.xml" "" q35 virtio http://microsoft.com/win/7 2 00:0c:29:77:d9:81 00:50:56:a5:12:69
assert_eq "7 disk" "$win7" "$(x "$d/7.xml" /domain/devices/disk/source/@file)"
assert_eq "7 disk format" raw "$(x "$d/7.xml" /domain/devices/disk/driver/@type)"
assert_eq "7 arch" i686 "$(x "$d/7.xml" /domain/os/type/@arch)"
assert_eq "7 name" wks-win732bita "$(x "$d/7.xml" /domain/name)"
assert_eq "7 report" "$d/7.xml bios q35 virtio-blk" \
  "$(jq -r '.libvirt_xml | "\(.path) \(.firmware) \(.machine) \(.bus)"' "$d/7.json")"
echo "ok: win7 in place"

# 2. Windows Server 2019 (GPT with an ESP) converted to a new qcow2 image with vioscsi only, the
#    VM shaped by the options `domain` takes: UEFI, virtio-scsi, the --output image (not the
#    source) as the disk, and the source NIC's NetworkAddress 005056A1B2C3 as its MAC.
w2019=$(copy_image win2019-x64 "$d")
"$WINSEED" convert -a "$w2019" --drivers "$tree" --block-driver vioscsi --no-firstboot \
  --output "$d/2019.qcow2" --output-format qcow2 --libvirt-xml "$d/2019.xml" --name srv \
  --memory 4096 --vcpus 3 --bridge br0 -q || fail "convert --libvirt-xml --output of win2019 failed"
check_doc "$d/2019.xml" efi q35 scsi http://microsoft.com/win/2k19 1 00:50:56:a1:b2:c3
assert_eq "2019 disk" "$d/2019.qcow2" "$(x "$d/2019.xml" /domain/devices/disk/source/@file)"
assert_eq "2019 disk format" qcow2 "$(x "$d/2019.xml" /domain/devices/disk/driver/@type)"
assert_eq "2019 scsi controller" virtio-scsi \
  "$(x "$d/2019.xml" "/domain/devices/controller[@type='scsi']/@model")"
assert_eq "2019 name" srv "$(x "$d/2019.xml" /domain/name)"
assert_eq "2019 memory" 4096 "$(x "$d/2019.xml" /domain/memory)"
assert_eq "2019 vcpus" 3 "$(x "$d/2019.xml" /domain/vcpu)"
assert_eq "2019 bridge" br0 "$(x "$d/2019.xml" /domain/devices/interface/source/@bridge)"
echo "ok: win2019 to --output"

# 3. Windows 11 (GPT with an ESP) to a new image, failing after the copy (before the rename):
#    no domain, no temporary file beside it.  Then the same conversion without the fault:
#    Secure Boot, a TPM 2.0, the --output image.
w11=$(copy_image win11-x64 "$d")
mkdir "$d/out"
set +e
WINSEED_FAULT_INJECT=output:rename "$WINSEED" convert -a "$w11" --drivers "$tree" --no-firstboot \
  --output "$d/out/11.img" --libvirt-xml "$d/out/11.xml" --report "$d/f.json" 2> "$d/err"
rc=$?; set -e
assert_eq "exit status of the failed conversion" 4 "$rc"
assert_contains "message" "injected fault at output:rename" "$(cat "$d/err")"
assert_eq "files left by the failure" "" "$(ls -A "$d/out")"
assert_eq "report of the failure" null "$(jq -r .libvirt_xml "$d/f.json")"
echo "ok: a failed conversion writes no domain"
"$WINSEED" convert -a "$w11" --drivers "$tree" --no-firstboot --output "$d/out/11.img" \
  --libvirt-xml "$d/out/11.xml" -q || fail "convert --libvirt-xml --output of win11 failed"
check_doc "$d/out/11.xml" efi q35 virtio http://microsoft.com/win/11 1
assert_eq "11 disk" "$d/out/11.img" "$(x "$d/out/11.xml" /domain/devices/disk/source/@file)"
assert_eq "11 disk format" raw "$(x "$d/out/11.xml" /domain/devices/disk/driver/@type)"
assert_eq "11 secure boot" yes \
  "$(x "$d/out/11.xml" "/domain/os/firmware/feature[@name='secure-boot']/@enabled")"
assert_eq "11 TPM" 2.0 \
  "$(x "$d/out/11.xml" "/domain/devices/tpm[@model='tpm-crb']/backend[@type='emulator']/@version")"
assert_eq "files beside the domain" "11.img 11.xml" "$(ls -A "$d/out" | tr '\n' ' ' | sed 's/ $//')"
echo "ok: win11 to --output"
