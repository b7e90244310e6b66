#!/bin/bash
# `winseed drivers` on a tree in the RPM layout (/usr/share/virtio-win: drivers/by-driver/,
# drivers/by-os/<arch>/<os>/, drivers/<arch>/<WinXX>/): folder names in all three spellings
# give the OS and platform, and the per-driver folder wins over its identical copies.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" rpm "$d/tree"
listed=$(grep -ciE '/(viostor|vioscsi|netkvm|qemufwcfg)\.inf$' "$WINSEED_FIXTURES/lists/virtio-win-drivers-list.txt")
"$WINSEED" drivers --drivers "$d/tree" --json > "$d/list.json"
assert_eq "package count" "$listed" "$(jq '.packages | length' "$d/list.json")"
assert_eq "incomplete packages" 0 "$(jq '[.packages[] | select(.complete | not)] | length' "$d/list.json")"
hint () { jq -r --arg p "$1" '.packages[] | select(.inf == $p) | "\(.os_folder) \(.arch)"' "$d/list.json"; }
assert_eq "Win2019 folder" "Win2019 amd64" "$(hint drivers/amd64/Win2019/viostor.inf)"
assert_eq "by-os i386" "w10 x86" "$(hint drivers/by-os/i386/w10/viostor.inf)"
assert_eq "by-driver" "2k12R2 amd64" "$(hint drivers/by-driver/viostor/2k12R2/amd64/viostor.inf)"
assert_eq "i386/Win7" "Win7 x86" "$(hint drivers/i386/Win7/netkvm.inf)"

pick () {
  "$WINSEED" drivers --drivers "$d/tree" --target "$1" --json |
    jq -r --arg r "$2" '.selection[] | select(.role == $r) | .inf // "none"'
}
while read -r target role inf; do
  assert_eq "$target $role" "$inf" "$(pick "$target" "$role")"
done <<'TABLE'
2019/amd64   block drivers/by-driver/viostor/2k19/amd64/viostor.inf
2019/amd64   net   drivers/by-driver/NetKVM/2k19/amd64/netkvm.inf
10/x86       block drivers/by-driver/viostor/w10/x86/viostor.inf
7/x86        scsi  drivers/by-driver/vioscsi/w7/x86/vioscsi.inf
2012R2/amd64 block drivers/by-driver/viostor/2k12R2/amd64/viostor.inf
11/amd64     fwcfg drivers/by-driver/qemufwcfg/w11/amd64/qemufwcfg.inf
TABLE
# The RPM has no ARM64 drivers.
expect_exit 3 "$WINSEED" drivers --drivers "$d/tree" --target 11/arm64 > /dev/null
assert_contains "no arm64" "its folder is for amd64, target is arm64" "$(cat "$last_stderr")"
echo "ok"
