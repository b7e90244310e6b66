#!/bin/bash
# A guest that already has an older version of a package gets the newer one (by DriverVer) and
# keeps its oemN; the old package's DriverPackages key and driver-store folder are gone.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
. "$WINSEED_TESTS_SRCDIR/convert/checks.sh"
set -e
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win10-x64 "$d")
# Two one-package driver sets: the fixture viostor for Windows 10, and the same with an older
# DriverVer (a different INF, so a different driver-store name).
mkdir -p "$d/new/viostor/w10" "$d/old/viostor/w10"
cp -r "$tree/viostor/w10/amd64" "$d/new/viostor/w10/"
cp -r "$tree/viostor/w10/amd64" "$d/old/viostor/w10/"
sed -i 's|^DriverVer *=.*|DriverVer = 06/01/2020,100.80.104.18000\r|' "$d/old/viostor/w10/amd64/viostor.inf"
args=(-q -a "$img" --block-driver viostor --no-network)

"$WINSEED" convert "${args[@]}" --drivers "$d/old" --report "$d/old.json"
"$WINSEED" convert "${args[@]}" --drivers "$d/new" --report "$d/new.json"
pub_old=$(jq -r '.packages[0].published_inf' "$d/old.json")
store_old=$(jq -r '.packages[0].driver_store_name' "$d/old.json")
pub_new=$(jq -r '.packages[0].published_inf' "$d/new.json")
store_new=$(jq -r '.packages[0].driver_store_name' "$d/new.json")
assert_eq "action of the second conversion" upgrade "$(jq -r '.packages[0].action' "$d/new.json")"
assert_eq "oemN kept by the upgrade" "$pub_old" "$pub_new"
[ "$store_old" != "$store_new" ] || fail "the upgrade kept the old store name $store_old"

gf_start --ro -a "$img"
root=$(image_root win10-x64)
gf mount-ro "$root" /
gf download "$(gf case-sensitive-path /windows/system32/config/system)" "$d/SYSTEM"
repo=$(gf case-sensitive-path /windows/system32/driverstore/filerepository)
assert_eq "new store folder" true "$(gf is-dir "$repo/$store_new")"
assert_eq "old store folder" false "$(gf is-dir "$repo/$store_old")"
gf_stop

assert_eq "DriverInfFiles\\$pub_new Active" "\"$store_new\"" \
  "$(reg_value "$d/SYSTEM" "\\DriverDatabase\\DriverInfFiles\\$pub_new" Active)"
hivexget "$d/SYSTEM" "\\DriverDatabase\\DriverPackages\\$store_old" >/dev/null 2>&1 &&
  fail "DriverPackages\\$store_old is still there"
want="hex(3):$(expected_version "$d/new/viostor/w10/amd64/viostor.inf" "${INF_CLASSGUID[viostor]}")"
assert_eq "Version of the upgraded package" "$want" \
  "$(reg_value "$d/SYSTEM" "\\DriverDatabase\\DriverPackages\\$store_new" Version)"
echo "ok: $store_old -> $store_new, still $pub_new"
