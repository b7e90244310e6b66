#!/bin/bash -
# make-hive-corpus: (re)build the seed hives of corpus-hive/ (run by hand, not by make check).
#
#   make-hive-corpus.sh MKHIVE OUTDIR
#
# Each seed is an empty hive from images/mkhive with keys of a real fixture SYSTEM hive merged in
# (the keys inspect, the planners and verify read: Select, the control set's identity, network
# and storage classes, Enum\PCI, the boot services, the disk driver's DriverDatabase entries),
# so that a seed stays small (a few hundred KiB at most) and every walker finds something real
# to walk.  Further seeds merge the tests' own .reg files on top (a converted Windows 7 and 10).
set -e
mkhive=$1 out=$2
src=$(cd "$(dirname "$0")/.." && pwd)
fx=${WINSEED_FIXTURES:-$src/fixtures}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix='HKEY_LOCAL_MACHINE\SYSTEM'
cs='ControlSet001'
keys=(
  'Select'
  "$cs\\Control\\ProductOptions"
  "$cs\\Control\\ComputerName"
  "$cs\\Control\\TimeZoneInformation"
  "$cs\\Control\\ServiceGroupOrder"
  "$cs\\Control\\GroupOrderList"
  "$cs\\Control\\Session Manager\\Environment"
  "$cs\\Control\\Class\\{4D36E972-E325-11CE-BFC1-08002BE10318}"
  "$cs\\Control\\Class\\{4D36E97B-E325-11CE-BFC1-08002BE10318}"
  "$cs\\Control\\NetworkSetup2"
  "$cs\\Enum\\PCI"
  "$cs\\Services\\Tcpip\\Parameters\\Interfaces"
  "$cs\\Services\\NetBT\\Parameters\\Interfaces"
  "$cs\\Services\\disk" "$cs\\Services\\partmgr" "$cs\\Services\\volmgr" "$cs\\Services\\ftdisk"
  "$cs\\Services\\LSI_SAS" "$cs\\Services\\atapi" "$cs\\Services\\intelide" "$cs\\Services\\e1iexpress"
  "$cs\\Services\\E1G60" "$cs\\Services\\intelppm"
  "DriverDatabase\\DeviceIds\\GenDisk"
  "DriverDatabase\\DriverInfFiles\\disk.inf"
)
seed() {   # seed NAME FIXTURE [REG...]
  local name=$1 fixture=$2
  shift 2
  xz -dc "$fx/hives/$fixture.xz" > "$tmp/full"
  # hivexregedit creates a key only under an existing parent: every ancestor first.
  printf 'Windows Registry Editor Version 5.00\n\n' > "$tmp/all.reg"
  for k in "${keys[@]}" 'DriverDatabase\DriverPackages\x'; do
    local path=''
    IFS='\' read -ra parts <<<"$k"
    for part in "${parts[@]::${#parts[@]}-1}"; do
      path=${path:+$path\\}$part
      printf '[%s\\%s]\n\n' "$prefix" "$path" >> "$tmp/all.reg"
    done
  done
  for k in "${keys[@]}"; do
    hivexregedit --export --prefix "$prefix" "$tmp/full" "$k" >> "$tmp/all.reg" 2>/dev/null || true
  done
  # The disk driver's package (the walk of the disk stack on Windows 8 and later).
  for p in $(hivexsh -r "$tmp/full" <<<$'cd \\DriverDatabase\\DriverPackages\nls' 2>/dev/null | grep -i '^disk\.inf_'); do
    hivexregedit --export --prefix "$prefix" "$tmp/full" "DriverDatabase\\DriverPackages\\$p" >> "$tmp/all.reg"
  done
  "$mkhive" "$out/$name" SYSTEM
  # Without what no walker reads and that makes the hive big: device property stores, and in
  # NetworkSetup2 all but the interfaces' Kernel keys (the MAC address).
  awk '/^\[/ { keep = !/\\(Properties|Device Parameters|LogConf)(\\|\])/ &&
                      (!/NetworkSetup2\\./ || /NetworkSetup2\\Interfaces(\\[^\\]*(\\Kernel)?)?\]$/) }
       keep' "$tmp/all.reg" > "$tmp/kept.reg"
  hivexregedit --merge --prefix "$prefix" "$out/$name" "$tmp/kept.reg"
  for reg in "$@"; do
    hivexregedit --merge --prefix "$prefix" "$out/$name" "$reg"
  done
}
seed xp-sp3 winxp-sp3_bitcurator_SYSTEM
seed w7-sp1 win7-sp1_regipy_SYSTEM
seed w10-18362 win10-18362_regipy_SYSTEM
seed w7-sp1-converted win7-sp1_regipy_SYSTEM "$src/verify/converted-win7.reg"
seed w10-18362-converted win10-18362_regipy_SYSTEM "$src/verify/converted-win10.reg"
ls -l "$out"
