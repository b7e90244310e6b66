#!/bin/bash
# `winseed drivers` on a tree in the real virtio-win ISO layout (make-tree.sh iso): the package
# each role uses for XP, 7, 2012 R2, 10, 2019, 2022 and 11 on x86, amd64 and arm64, and why.
# The expected packages follow from the INF text and the per-folder decorations make-tree.sh
# documents: e.g. 2k19 INFs say NTamd64.10.0...17763, w10/x86 says NTx86.10.0, 2k8R2 is for
# product type 3 (server) only, w10/ARM64 has the newest DriverVer.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$d/tree"

# Every INF of the four drivers we have in the list, plus the 8 make-tree.sh adds (xp, ARM64).
listed=$(grep -ciE '^cd/(viostor|vioscsi|NetKVM|qemufwcfg|amd64|i386)/.*/(viostor|vioscsi|netkvm|qemufwcfg)\.inf$' \
  "$WINSEED_FIXTURES/lists/virtio-win-iso-list.txt")
"$WINSEED" drivers --drivers "$d/tree" --json > "$d/list.json"
assert_eq "package count" "$((listed + 8))" "$(jq '.packages | length' "$d/list.json")"
assert_eq "incomplete packages" 0 "$(jq '[.packages[] | select(.complete | not)] | length' "$d/list.json")"
assert_eq "kind" directory "$(jq -r .kind "$d/list.json")"
pkg='.packages[] | select(.inf == "viostor/2k19/amd64/viostor.inf")'
assert_eq "viostor role" block "$(jq -r "$pkg | .role" "$d/list.json")"
assert_eq "viostor folder" 2k19 "$(jq -r "$pkg | .os_folder" "$d/list.json")"
assert_eq "viostor decorations" NTamd64.10.0...17763 "$(jq -r "$pkg | .decorations | join(\",\")" "$d/list.json")"

# pick TARGET: run the selection into $d/pick.json; chosen ROLE: the INF it chose (or "none").
pick () { "$WINSEED" drivers --drivers "$d/tree" --target "$1" --json > "$d/pick.json"; }
chosen () { jq -r --arg r "$1" '.selection[] | select(.role == $r) | .inf // "none"' "$d/pick.json"; }
why () { jq -r --arg r "$1" '.selection[] | select(.role == $r) | .reason' "$d/pick.json"; }

# target  block  scsi  net  fwcfg
while read -r target block scsi net fwcfg; do
  pick "$target"
  assert_eq "$target block" "$block" "$(chosen block)"
  assert_eq "$target scsi" "$scsi" "$(chosen scsi)"
  assert_eq "$target net" "$net" "$(chosen net)"
  assert_eq "$target fwcfg" "$fwcfg" "$(chosen fwcfg)"
done <<'TABLE'
xp/x86       viostor/xp/x86/viostor.inf       none                             NetKVM/xp/x86/netkvm.inf       none
7/x86        viostor/w7/x86/viostor.inf       vioscsi/w7/x86/vioscsi.inf       NetKVM/w7/x86/netkvm.inf       none
7/amd64      viostor/w7/amd64/viostor.inf     vioscsi/w7/amd64/vioscsi.inf     NetKVM/w7/amd64/netkvm.inf     none
2012R2/x86   viostor/w8.1/x86/viostor.inf     vioscsi/w8.1/x86/vioscsi.inf     NetKVM/w8.1/x86/netkvm.inf     none
2012R2/amd64 viostor/2k12R2/amd64/viostor.inf vioscsi/2k12R2/amd64/vioscsi.inf NetKVM/2k12R2/amd64/netkvm.inf none
10/x86       viostor/w10/x86/viostor.inf      vioscsi/w10/x86/vioscsi.inf      NetKVM/w10/x86/netkvm.inf      qemufwcfg/w10/x86/qemufwcfg.inf
10/amd64     viostor/w10/amd64/viostor.inf    vioscsi/w10/amd64/vioscsi.inf    NetKVM/w10/amd64/netkvm.inf    qemufwcfg/w10/amd64/qemufwcfg.inf
10/arm64     viostor/w10/ARM64/viostor.inf    vioscsi/w10/ARM64/vioscsi.inf    NetKVM/w10/ARM64/netkvm.inf    none
2019/x86     viostor/w10/x86/viostor.inf      vioscsi/w10/x86/vioscsi.inf      NetKVM/w10/x86/netkvm.inf      qemufwcfg/w10/x86/qemufwcfg.inf
2019/amd64   viostor/2k19/amd64/viostor.inf   vioscsi/2k19/amd64/vioscsi.inf   NetKVM/2k19/amd64/netkvm.inf   qemufwcfg/2k19/amd64/qemufwcfg.inf
2019/arm64   viostor/w10/ARM64/viostor.inf    vioscsi/w10/ARM64/vioscsi.inf    NetKVM/w10/ARM64/netkvm.inf    none
2022/x86     viostor/w10/x86/viostor.inf      vioscsi/w10/x86/vioscsi.inf      NetKVM/w10/x86/netkvm.inf      qemufwcfg/w10/x86/qemufwcfg.inf
2022/amd64   viostor/2k22/amd64/viostor.inf   vioscsi/2k22/amd64/vioscsi.inf   NetKVM/2k22/amd64/netkvm.inf   qemufwcfg/2k22/amd64/qemufwcfg.inf
2022/arm64   viostor/w10/ARM64/viostor.inf    vioscsi/w10/ARM64/vioscsi.inf    NetKVM/w10/ARM64/netkvm.inf    none
11/x86       viostor/w10/x86/viostor.inf      vioscsi/w10/x86/vioscsi.inf      NetKVM/w10/x86/netkvm.inf      qemufwcfg/w10/x86/qemufwcfg.inf
11/amd64     viostor/w11/amd64/viostor.inf    vioscsi/w11/amd64/vioscsi.inf    NetKVM/w11/amd64/netkvm.inf    qemufwcfg/w11/amd64/qemufwcfg.inf
11/arm64     viostor/w11/ARM64/viostor.inf    vioscsi/w11/ARM64/vioscsi.inf    NetKVM/w11/ARM64/netkvm.inf    none
2025/arm64   viostor/w10/ARM64/viostor.inf    vioscsi/w10/ARM64/vioscsi.inf    NetKVM/w10/ARM64/netkvm.inf    none
TABLE

# Why: each rule of the ranking decides at least one of the picks above.
pick 2019/amd64
assert_contains "2019 folder" "in the folder for Windows Server 2019 (2k19)" "$(why block)"
assert_contains "2019 Models" "Models [VioStor.NTamd64.10.0...17763] applies" "$(why block)"
pick 11/arm64
assert_contains "11 arm64 folder beats DriverVer" "preferred for its OS folder" "$(why block)"
pick 2025/arm64
assert_contains "2025 arm64 DriverVer" "the newest DriverVer" "$(why block)"
assert_contains "2025 arm64 no folder" "no usable package is in a folder for Windows Server 2025 (2k25)" "$(why block)"
pick 11/x86
assert_contains "11 x86 decoration" "the closest Models decoration" "$(why net)"
pick 7/amd64
assert_contains "2k8R2 is for servers" "it is for product type server, target is workstation" \
  "$(jq -r '.selection[0].candidates[] | select(.inf == "viostor/2k8R2/amd64/viostor.inf") | .reason' "$d/pick.json")"
assert_contains "w8 needs 6.2" "it needs NT 6.2 or later, target is 6.1.7600" \
  "$(jq -r '.selection[0].candidates[] | select(.inf == "viostor/w8/amd64/viostor.inf") | .reason' "$d/pick.json")"
pick 10/amd64
assert_contains "Setup copy loses the tie" "then the folder named after the driver" "$(why block)"
assert_eq "boot model of 10" DriverDatabase "$(jq -r .target.boot "$d/pick.json")"
pick 7/x86
assert_eq "boot model of 7" CriticalDeviceDatabase "$(jq -r .target.boot "$d/pick.json")"

# Nothing for the target: exit 3, the reason on stderr, nothing on stdout.
for target in xp/amd64 xp/arm64 7/arm64 2012R2/arm64; do
  expect_exit 3 "$WINSEED" drivers --drivers "$d/tree" --target "$target" > "$d/out"
  [ ! -s "$d/out" ] || fail "$target: output on stdout despite exit 3"
  assert_contains "$target reason" "winseed: no package in '$d/tree' applies to" "$(cat "$last_stderr")"
done

# Human output names the choice and the reason.
out=$("$WINSEED" drivers --drivers "$d/tree" --target 2k19/amd64)
assert_contains "text target" "Target: Windows Server 2019 (2k19), 10.0.17763/server/amd64" "$out"
assert_contains "text block" "block            viostor/2k19/amd64/viostor.inf" "$out"
assert_contains "text why" "why: viostor/2k19/amd64/viostor.inf: Models [VioStor.NTamd64.10.0...17763] applies" "$out"
echo "ok"
