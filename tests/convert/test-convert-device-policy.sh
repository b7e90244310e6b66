#!/bin/bash
# Device-installation policy (docs/registry-and-hives.md#device-installation-policy, winseed(1)
# "winseed convert"): the win2019 guest has DenyUnspecified=1.
#  - the plan adds the IDs of the viostor INF's Models lines (read from the INF text here) to
#    Restrictions\AllowDeviceIDs, with its rule, and sets AllowDeviceIDs=1;
#  - the conversion exits 0 and the SOFTWARE hive read back from the image holds those values;
#  - the same guest with DenyAll=1 added is refused with exit 6, one line naming DenyAll, the
#    image bit-identical.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
requires guestfish --version
requires command -v hivexregedit
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win2019-x64 "$d")
deny=$d/deny-all.img; cp --sparse=always "$img" "$deny"
args=(--drivers "$tree" --block-driver viostor --no-network -q)
key='\Policies\Microsoft\Windows\DeviceInstall\Restrictions'
inf_ids "$tree/viostor/2k19/amd64/viostor.inf" > "$d/ids"
[ "$(wc -l < "$d/ids")" -ge 2 ] || fail "no IDs read from the viostor INF"

"$WINSEED" convert --dry-run --json -a "$img" "${args[@]}" > "$d/dry.json"
jq -r .plan "$d/dry.json" > "$d/plan.reg"
grep -qix '\[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions\\AllowDeviceIDs\]' "$d/plan.reg" ||
  fail "the plan does not write Restrictions\\AllowDeviceIDs"
grep -qi 'DenyUnspecified' "$d/plan.reg" || fail "the plan gives no rule naming DenyUnspecified"
echo "ok: the plan writes the allow list, with its rule"

"$WINSEED" convert -a "$img" "${args[@]}" 2> "$d/err" || { cat "$d/err"; fail "conversion failed"; }

# Read SOFTWARE back from the converted image; add DenyAll=1 to the other copy's SOFTWARE.
printf 'Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE%s]\n"DenyAll"=dword:00000001\n' \
  "$key" > "$d/deny.reg"
gf_start -a "$img" -a "$deny"
roots=("$(image_root win2019-x64 0)" "$(image_root win2019-x64 1)")
gf mount-ro "${roots[0]}" /
gf download /Windows/System32/config/SOFTWARE "$d/SOFTWARE.converted"
gf umount-all
gf mount "${roots[1]}" /
gf download /Windows/System32/config/SOFTWARE "$d/SOFTWARE.deny"
hivexregedit --merge --prefix 'HKEY_LOCAL_MACHINE\SOFTWARE' "$d/SOFTWARE.deny" "$d/deny.reg"
gf upload "$d/SOFTWARE.deny" /Windows/System32/config/SOFTWARE
gf umount-all
gf_stop

assert_eq "DenyUnspecified kept" 1 "$(hivexget "$d/SOFTWARE.converted" "$key" DenyUnspecified)"
assert_eq "AllowDeviceIDs switched on" 1 "$(hivexget "$d/SOFTWARE.converted" "$key" AllowDeviceIDs)"
# Each value of the list by name: the listing form escapes backslashes, the single-value one not.
hivexget "$d/SOFTWARE.converted" "$key\\AllowDeviceIDs" | sed -n 's/^"\([^"]*\)"=.*/\1/p' |
  while read -r n; do hivexget "$d/SOFTWARE.converted" "$key\\AllowDeviceIDs" "$n"; done > "$d/allow"
while read -r id; do
  grep -qixF "$id" "$d/allow" || fail "AllowDeviceIDs lacks '$id': $(cat "$d/allow")"
done < "$d/ids"
echo "ok: converted; SOFTWARE allows $(wc -l < "$d/ids") IDs: $(tr '\n' ' ' < "$d/ids")"

before=$(sha256sum < "$deny")
set +e; "$WINSEED" convert -a "$deny" "${args[@]}" > "$d/out" 2> "$d/err"; rc=$?; set -e
[ "$rc" = 6 ] || { cat "$d/err"; fail "DenyAll: exit $rc, expected 6"; }
[ "$(grep -c '^winseed: ' "$d/err")" = 1 ] || { cat "$d/err"; fail "expected one error line"; }
assert_contains "message" "device installation is blocked by policy: DenyAll=1" "$(grep '^winseed: ' "$d/err")"
assert_eq "image after a refused conversion" "$before" "$(sha256sum < "$deny")"
echo "ok: DenyAll refused: $(grep '^winseed: ' "$d/err")"
