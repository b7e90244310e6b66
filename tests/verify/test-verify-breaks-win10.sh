#!/bin/bash
# Break a converted copy of the win10-x64 test image in each way issue 5 lists for the
# DriverDatabase and the service, and require `winseed verify` to name the broken link each time:
# Version removed; Version with a wrong class GUID; DeviceIds entry removed; DriverInfFiles
# pointing at a missing package; Start=3; StartOverride present; Group missing from
# ServiceGroupOrder; .sys file missing.  Every break hits viostor (virtio-blk); vioscsi is left
# alone, so virtio-scsi must still boot (except when its group is the one removed).
# Launches: convert 1, breaking 1 (all copies in one guestfish session), verify 8 (4 at a time).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
. "$WINSEED_TESTS_SRCDIR/verify/break-functions.sh"
set -e
requires_convert
img=$(image win10-x64)
d=$(scratch_dir); cleanup_fn rm -rf "$d"
conv=$(convert_copy "$img" "$d")
kinds=(no-version wrong-class no-deviceids missing-package start3 startoverride group sys-missing)
for k in "${kinds[@]}"; do qemu-img create -q -f qcow2 -b "$conv" -F qcow2 "$d/$k.qcow2"; done
break_images "$d" win10-x64 "${kinds[@]}"
read_names "$d/no-version.SYSTEM"     # the names, as the conversion chose them
verify_all "$d" "${kinds[@]}"

declare -A what=(
  [no-version]=Version [wrong-class]=Version [no-deviceids]=DeviceIds
  [missing-package]=DriverPackages [start3]=Start [startoverride]=StartOverride [group]=Group
  [sys-missing]=file
)
declare -A why=(
  [no-version]="DriverDatabase\\DriverPackages\\$pkg has no Version value: kernel PnP will install the NULL driver (0xe0000228) and the second boot fails with 0x7B"
  [wrong-class]="DriverDatabase\\DriverPackages\\$pkg has a Version naming class {4d36e972-e325-11ce-bfc1-08002be10318}, not {4D36E97B-E325-11CE-BFC1-08002BE10318} (SCSIAdapter)"
  [no-deviceids]="none of the 13 IDs Windows lists for this SCSIAdapter device"
  [missing-package]="DriverDatabase\\DriverInfFiles\\$inf\\Active names viostor.inf_amd64_ffffffffffffffff, which is not in DriverDatabase\\DriverPackages"
  [start3]="$cs\\Services\\viostor\\Start is 3 (demand start), not 0 (boot start)"
  [startoverride]="$cs\\Services\\viostor\\StartOverride\\0 = 3 (demand start) demotes the boot-start driver"
  [group]="$cs\\Services\\viostor\\Group '$group' is not in $cs\\Control\\ServiceGroupOrder\\List"
  [sys-missing]="$(sys_path), which does not exist in the guest"
)
for k in "${kinds[@]}"; do
  echo "== $k (exit $(cat "$d/$k.rc"))"
  show_verdicts "$d/$k.json"
  assert_eq "$k: exit status" 7 "$(cat "$d/$k.rc")"
  for variant in legacy modern; do
    expect_broken "$d/$k.json" virtio-blk "$variant" "${what[$k]}" "${why[$k]}"
    if [ "$k" != group ] || [ "${group,,}" != "$(hivexget "$d/group.SYSTEM" "$cs\\Services\\vioscsi" Group | tr A-Z a-z)" ]; then
      expect_boots "$d/$k.json" virtio-scsi "$variant"
    fi
  done
done
