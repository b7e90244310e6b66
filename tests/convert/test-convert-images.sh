#!/bin/bash
# `winseed convert` on every Windows test image (XP, 7, 10 on the real 18362 hive, 2019, 2022,
# 11) with a driver tree in the real virtio-win ISO layout.  Results are read back with guestfish
# (one appliance for all images) and hivexget/hivexregedit, and compared with what the INF text
# says; files must be byte-identical to the driver set's; a before/after export of every hive may
# differ only where the printed plan says.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires guestfish --version
requires command -v hivexregedit
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
names="winxp-x86 win7-x86 win10-x64 win2019-x64 win2022-x64 win11-x64"
args=()
for n in $names; do copy_image "$n" "$d" >/dev/null; args+=(-a "$d/$n.img"); done

# extract STAGE: download every root's hives to $d/STAGE/NAME.HIVE (one appliance for all).
extract () {
  local stage="$1" idx=0 name h p
  mkdir -p "$d/$stage"
  gf_start --ro "${args[@]}"
  for name in $names; do
    gf mount-ro "$(image_root "$name" $idx)" /
    idx=$((idx + 1))
    for h in SYSTEM SOFTWARE DRIVERS; do
      p=$(gf case-sensitive-path "/windows/system32/config/$h")
      if [ "$(gf is-file "$p")" = true ]; then gf download "$p" "$d/$stage/$name.$h"; fi
    done
    if [ "$stage" = after ]; then
      for f in $(jq -r '.packages[].files[]' "$d/$name.json"); do
        p=$(gf case-sensitive-path "$f")
        echo "$f $(gf checksum sha256 "$p")" >> "$d/after/$name.sums"
      done
    fi
    gf umount-all
  done
  gf_stop
}

extract before
for n in $names; do
  "$WINSEED" convert -q -a "$d/$n.img" --drivers "$tree" --report "$d/$n.json" ||
    fail "convert $n failed: $(jq -r .status.error "$d/$n.json" 2>/dev/null)"
  jq -r .plan "$d/$n.json" > "$d/$n.plan"
  echo "converted $n: $(jq -r '[.packages[] | .role + "=" + .published_inf] | join(" ")' "$d/$n.json")"
done
extract after

. "$WINSEED_TESTS_SRCDIR/convert/checks.sh"
for n in $names; do
  cs=$(hivexget "$d/after/$n.SYSTEM" '\Select' Current)
  cs=$(printf 'ControlSet%03d' "$cs")
  assert_eq "$n: report names the control set from Select\\Current" "$cs" "$(jq -r .control_set "$d/$n.json")"
  model=$(jq -r .windows.boot_model "$d/$n.json")
  for i in $(seq 0 $(( $(jq '.packages | length' "$d/$n.json") - 1 ))); do
    check_package "$n" "$cs" "$model" "$i"
  done
  check_files "$n"
  for h in SYSTEM SOFTWARE DRIVERS; do
    [ -f "$d/before/$n.$h" ] || continue
    hivexregedit --export --prefix "HKEY_LOCAL_MACHINE\\$h" "$d/before/$n.$h" '\' > "$d/b.reg"
    hivexregedit --export --prefix "HKEY_LOCAL_MACHINE\\$h" "$d/after/$n.$h" '\' > "$d/a.reg"
    out=$(perl "$WINSEED_TESTS_SRCDIR/convert/hive-diff.pl" "$d/b.reg" "$d/a.reg" "$d/$n.plan") ||
      fail "$n $h: $out"
    echo "$n $h: $out"
  done
done
echo "all images converted and checked"
