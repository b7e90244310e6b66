#!/bin/bash
# Differential test of hive-apply against hivexregedit --merge.
#
# The every-op plan (tests/hive/plans.c: every operation and value type, high-bit types, empty
# MULTI_SZ, default values, deep new keys, deletions of real keys) is exported as .reg and merged
# into copy A of the real Windows 10 SYSTEM hive with hivexregedit, and applied to copy B with
# hive-apply.  Both hives, exported by hivexregedit, must be identical text.  Then some values of B
# are read with hivexget and compared with literals written here.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires command -v hivexregedit
requires command -v hivexget
helper="$WINSEED_TESTS_BUILDDIR/hive/hive-helper"
fixture=$(fixture hives/win10-18362_regipy_SYSTEM)
d=$(scratch_dir)
prefix='HKEY_LOCAL_MACHINE\SYSTEM'

"$helper" export every-op "$prefix" > "$d/plan.reg"
cp "$fixture" "$d/A"
hivexregedit --merge --prefix "$prefix" "$d/A" "$d/plan.reg"
"$helper" apply every-op "$fixture" "$d/B"

hivexregedit --export --prefix "$prefix" "$d/A" '\' > "$d/A.reg"
hivexregedit --export --prefix "$prefix" "$d/B" '\' > "$d/B.reg"
hivexregedit --export --prefix "$prefix" "$fixture" '\' > "$d/orig.reg"
cmp -s "$d/A.reg" "$d/orig.reg" && fail "the merge changed nothing"
if ! cmp -s "$d/A.reg" "$d/B.reg"; then
  diff "$d/A.reg" "$d/B.reg" | head -40 >&2
  fail "hive-apply and hivexregedit --merge disagree"
fi
echo "ok: hivexregedit --merge and hive-apply give identical hives ($(wc -l < "$d/B.reg") lines)"

# Spot checks, with hivexget, against values written by hand.
get () { hivexget "$d/B" "$1" "$2"; }
svc='\ControlSet001\Services\viostor'
assert_eq "viostor Start" "0" "$(get "$svc" Start)"
assert_eq "viostor Type" "1" "$(get "$svc" Type)"
assert_eq "viostor Tag" "33" "$(get "$svc" Tag)"
assert_eq "viostor Group" "SCSI miniport" "$(get "$svc" Group)"
assert_eq "viostor ImagePath" 'System32\drivers\viostor.sys' "$(get "$svc" ImagePath)"
assert_eq "viostor Owners" "oem12.inf" "$(get "$svc" Owners)"
assert_eq "viostor DisplayName" "Red Hat VirtIO contrôleur — SCSI" "$(get "$svc" DisplayName)"
assert_eq "PnpInterface 5" "1" "$(get "$svc\\Parameters\\PnpInterface" 5)"
assert_eq "MSISupported" "1" \
  "$(get "$svc\\Parameters\\Interrupt Management\\MessageSignaledInterruptProperties" MSISupported)"
params=$(hivexget "$d/B" "$svc\\Parameters")
# hivexget prints value types in decimal: 0x20001 = 131073, 0xffff0012 = 4294901778.
assert_contains "NoClobber" '"NoClobber"=hex(131073):78,00,00,00' "$params"
assert_contains "Append" '"Append"=hex(262151):61,00,00,00,62,00,00,00,00,00' "$params"
assert_contains "KeyOnly" '"KeyOnly"=hex(1048576):' "$params"
assert_contains "DevProp" '"DevProp"=hex(4294901778):33,00,30,00,30,00,39,00,00,00' "$params"
assert_contains "FileSize" '"FileSize"=hex(11):f0,de,bc,9a,78,56,34,12' "$params"
assert_contains "empty string" '"0x00000010"=""' "$params"
case "$params" in *Dropped*) fail "value set then deleted is present" ;; esac
assert_contains "DeviceIds" '"oem12.inf"=hex(3):01,ff,00,00' \
  "$(hivexget "$d/B" '\DriverDatabase\DeviceIds\PCI\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00')"
nvme='\ControlSet001\Services\stornvme'
assert_eq "stornvme start (was Start=0)" "3" "$(get "$nvme" start)"
assert_eq "stornvme ErrorControl (was 3)" "1" "$(get "$nvme" ErrorControl)"
assert_eq "stornvme ImagePath (untouched)" 'System32\drivers\stornvme.sys' \
  "$(get "$nvme" ImagePath)"
! get "$nvme" Tag 2>/dev/null || fail "stornvme Tag was not deleted"
! hivexget "$d/B" "$nvme\\StartOverride" >/dev/null 2>&1 || fail "StartOverride was not deleted"
! hivexget "$d/B" "$nvme\\Parameters\\PnpInterface" >/dev/null 2>&1 || fail "Parameters tree kept"
assert_eq "recreated IoStripeAlignment" "VEN_1AF4&DEV_1001 128" \
  "$(get "$nvme\\Parameters\\Device" IoStripeAlignment)"
echo "ok: hivexget spot checks"

# The fixture itself is never written.
"$helper" verify every-op "$d/B"
xz -dc "$WINSEED_FIXTURES/hives/win10-18362_regipy_SYSTEM.xz" | cmp -s - "$fixture" \
  || fail "the fixture copy was modified"
