#!/bin/bash
# Retiring the old platform (docs/old-platform.md) on the Windows 10 image, whose real hive holds
# VMware Tools, with Xen PV drivers, VirtualBox Guest Additions, their class filters and
# SanPolicy=2 added to its SYSTEM hive here:
#  - every present tool gets Start=4 and the report gives its original Start;
#  - xenfilt and VBoxMouse leave the class filters, the other entries kept in order; a class left
#    with none loses the value;
#  - SanPolicy becomes 1, the report gives 2;
#  - Windows' own Hyper-V services (vmbus) are not touched;
#  - a second conversion writes nothing;
#  - --keep-tools --keep-san-policy on a second copy leaves all of it as it was.
# Values are read back from the images with guestfish and hivexget.  Appliance launches: 2 for
# guestfish, 3 conversions.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
requires guestfish --version
requires command -v hivexregedit
requires command -v iconv
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win10-x64 "$d")
keep=$d/keep.img; cp --sparse=always "$img" "$keep"
cs='ControlSet001'
disk='{4d36e967-e325-11ce-bfc1-08002be10318}'
system='{4d36e97d-e325-11ce-bfc1-08002be10318}'
mouse='{4d36e96f-e325-11ce-bfc1-08002be10318}'

# A REG_MULTI_SZ in .reg notation.
multi () {
  { for s in "$@"; do printf '%s\0' "$s"; done; printf '\0'; } | iconv -f ASCII -t UTF-16LE |
    od -An -tx1 -v | tr -s ' \n' ',' | sed 's/^,//; s/,$//'
}
svc () { printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\%s\\Services\\%s]\n"Type"=dword:%08x\n"Start"=dword:%08x\n\n' "$cs" "$1" "$2" "$3"; }
{
  printf 'Windows Registry Editor Version 5.00\n\n'
  svc xenbus 1 0; svc xenfilt 1 0; svc xenvbd 1 0; svc xennet 1 3
  svc VBoxGuest 1 1; svc VBoxMouse 1 3; svc VBoxService 16 2
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\%s\\Control\\Class\\%s]\n"LowerFilters"=hex(7):%s\n\n' "$cs" "$disk" "$(multi EhStorClass xenfilt)"
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\%s\\Control\\Class\\%s]\n"UpperFilters"=hex(7):%s\n\n' "$cs" "$system" "$(multi xenfilt)"
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\%s\\Control\\Class\\%s]\n"UpperFilters"=hex(7):%s\n\n' "$cs" "$mouse" "$(multi VBoxMouse mouclass)"
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\%s\\Services\\partmgr\\Parameters]\n"SanPolicy"=dword:00000002\n' "$cs"
} > "$d/old-platform.reg"

# Both copies get the same old platform.
hive=/Windows/System32/config/SYSTEM
gf_start -a "$img" -a "$keep"
roots=("$(image_root win10-x64 0)" "$(image_root win10-x64 1)")
for r in "${roots[@]}"; do
  gf mount "$r" /
  gf download "$hive" "$d/SYSTEM.orig"
  hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$d/SYSTEM.orig" "$d/old-platform.reg"
  gf upload "$d/SYSTEM.orig" "$hive"
  gf umount-all
done
gf_stop

"$WINSEED" convert -a "$img" --drivers "$tree" --report "$d/first.json" 2> "$d/err" ||
  { cat "$d/err"; fail "conversion failed"; }
"$WINSEED" convert -a "$img" --drivers "$tree" --report "$d/second.json" 2> "$d/err2" ||
  { cat "$d/err2"; fail "second conversion failed"; }
"$WINSEED" convert -a "$keep" --drivers "$tree" --keep-tools --keep-san-policy --report "$d/keep.json" \
  2> "$d/err3" || { cat "$d/err3"; fail "conversion with --keep-tools failed"; }

gf_start --ro -a "$img" -a "$keep"
roots=("$(image_root win10-x64 0)" "$(image_root win10-x64 1)")
gf mount-ro "${roots[0]}" /
gf download "$hive" "$d/SYSTEM.converted"
gf umount-all
gf mount-ro "${roots[1]}" /
gf download "$hive" "$d/SYSTEM.keep"
gf umount-all
gf_stop

start () { hivexget "$1" "$cs\\Services\\$2" Start; }
filters () { hivexget "$1" "$cs\\Control\\Class\\$2" "$3" | grep -v '^$' | paste -sd, -; }
c=$d/SYSTEM.converted
# Tools added here, and VMware's from the real hive (its Start values read by hand from
# tests/fixtures/hives/win10-18362_regipy_SYSTEM.xz).
for s in xenbus xenfilt xenvbd xennet VBoxGuest VBoxMouse VBoxService VMTools vmci VMRawDsk vmhgfs vm3dmp; do
  assert_eq "$s disabled" 4 "$(start "$c" $s)"
done
assert_eq "vmbus is Windows' own on 10: untouched" 0 "$(start "$c" vmbus)"
assert_eq "pvscsi is a leftover key without Start: none written" "" "$(hivexget "$c" "$cs\\Services\\pvscsi" Start 2>/dev/null || :)"
assert_eq "DiskDrive LowerFilters keeps EhStorClass" EhStorClass "$(filters "$c" "$disk" LowerFilters)"
assert_eq "DiskDrive UpperFilters untouched" partmgr "$(filters "$c" "$disk" UpperFilters)"
assert_eq "Mouse UpperFilters keeps mouclass" mouclass "$(filters "$c" "$mouse" UpperFilters)"
if hivexget "$c" "$cs\\Control\\Class\\$system" UpperFilters >/dev/null 2>&1; then
  fail "System UpperFilters held only xenfilt and should be gone"
fi
assert_eq "SanPolicy online all" 1 "$(hivexget "$c" "$cs\\Services\\partmgr\\Parameters" SanPolicy)"
echo "ok: tools disabled, filters stripped, SanPolicy 1 in the converted hive"

old () { jq -r --arg w "$2" '.old_platform[] | select(.what == $w) | .old' "$1"; }
assert_eq "report: xenvbd's Start" "Start=0" "$(old "$d/first.json" "xenvbd (xen)")"
assert_eq "report: VBoxGuest's Start" "Start=1" "$(old "$d/first.json" "VBoxGuest (virtualbox)")"
assert_eq "report: VMTools' Start" "Start=2" "$(old "$d/first.json" "VMTools (vmware)")"
assert_eq "report: DiskDrive LowerFilters" "EhStorClass,xenfilt" "$(old "$d/first.json" "DiskDrive LowerFilters")"
assert_eq "report: SanPolicy" 2 "$(old "$d/first.json" SanPolicy)"
echo "ok: the report gives the original values"

assert_eq "second conversion: nothing written" false "$(jq -r .changed "$d/second.json")"
assert_eq "second conversion: nothing retired" 0 "$(jq '.old_platform | length' "$d/second.json")"
echo "ok: a second conversion changes nothing"

k=$d/SYSTEM.keep
for s in xenfilt:0 xenvbd:0 VBoxGuest:1 VBoxService:2 VMTools:2 vmci:0; do
  assert_eq "--keep-tools: ${s%%:*}" "${s#*:}" "$(start "$k" "${s%%:*}")"
done
assert_eq "--keep-tools: DiskDrive LowerFilters" EhStorClass,xenfilt "$(filters "$k" "$disk" LowerFilters)"
assert_eq "--keep-san-policy" 2 "$(hivexget "$k" "$cs\\Services\\partmgr\\Parameters" SanPolicy)"
assert_eq "--keep-tools: nothing reported" 0 "$(jq '.old_platform | length' "$d/keep.json")"
echo "ok: --keep-tools --keep-san-policy leave the old platform"
