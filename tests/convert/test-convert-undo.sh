#!/bin/bash
# The hives a conversion patches in place come back byte for byte from their undo records
# (winseed undo), and undo refuses, writing nothing, a hive that changed since (a booted guest)
# and a record that is not one.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
requires command -v hivexregedit
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win2019-x64 "$d")
root=$(image_root win2019-x64)
hives="SYSTEM SOFTWARE DRIVERS"

# download_hives PREFIX: the three hives and the listing of System32/config, read from the image.
download_hives () {
  gf_start --ro -a "$img"
  gf mount-ro "$root" /
  local cfg
  cfg=$(gf case-sensitive-path /windows/system32/config)
  for h in $hives; do gf download "$cfg/$h" "$d/$1.$h"; done
  gf ls "$cfg" > "$d/$1.ls"
  gf_stop
}

download_hives orig
"$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$d/c1.json"
stamp=$(jq -r '.backups[0]' "$d/c1.json" | sed -n 's/.*\.winseed-\([0-9T]*\)\.undo$/\1/p')
[ -n "$stamp" ] || fail "no undo record among the backups: $(jq -c .backups "$d/c1.json")"
want=$(for h in $hives; do echo "/Windows/System32/config/$h.winseed-$stamp.undo"; done | sort)
assert_eq "backups: one undo record per patched hive" "$want" "$(jq -r '.backups[]' "$d/c1.json" | sort)"

download_hives conv
for h in $hives; do
  ! cmp -s "$d/orig.$h" "$d/conv.$h" || fail "$h: the conversion did not change it"
  grep -qx "$h.winseed-$stamp.undo" "$d/conv.ls" || fail "$h: its undo record is not in the guest"
  # The patched hive opens and says what the conversion planned (one value of each).
  hivexregedit --export "$d/conv.$h" '\' > "$d/conv.$h.reg" || fail "$h: hivexregedit cannot read it"
done
grep -qi '^\[\\ControlSet001\\Services\\viostor\]' "$d/conv.SYSTEM.reg" || fail "SYSTEM: no viostor service"
! grep -qi 'winseed-new\|\.bak$' "$d/conv.ls" || fail "a temporary or a .bak copy is left: $(cat "$d/conv.ls")"

# undo: the newest run, every hive back byte for byte, the records gone.
"$WINSEED" undo -a "$img" --json > "$d/u1.json"
validate_json "$d/u1.json"
assert_eq "run undone" "$stamp" "$(jq -r .run "$d/u1.json")"
assert_eq "hives restored" "$(for h in $hives; do echo "/Windows/System32/config/$h"; done | sort)" \
  "$(jq -r '.restored[].hive' "$d/u1.json" | sort)"
download_hives undone
for h in $hives; do
  cmp "$d/orig.$h" "$d/undone.$h" || fail "$h: not restored byte for byte"
done
assert_eq "System32/config after undo" "$(cat "$d/orig.ls")" "$(cat "$d/undone.ls")"
echo "ok: three hives patched in place and restored byte for byte"

# Nothing left to undo.
expect_exit 3 "$WINSEED" undo -a "$img"
assert_contains "no record" "no undo record in" "$(cat "$last_stderr")"

# A hive changed since the conversion (as a booted guest changes it) is refused, nothing written.
"$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$d/c2.json"
printf 'Windows Registry Editor Version 5.00\n\n[\\Select]\n"Current"=dword:00000001\n"LastKnownGood"=dword:00000002\n' \
  > "$d/boot.reg"
gf_start -a "$img"
gf mount "$root" /
system=$(gf case-sensitive-path /windows/system32/config/system)
gf download "$system" "$d/booted.SYSTEM"
hivexregedit --merge "$d/booted.SYSTEM" "$d/boot.reg"
gf upload "$d/booted.SYSTEM" "$system"
gf_stop
before=$(md5sum < "$img")
expect_exit 6 "$WINSEED" undo -a "$img"
assert_contains "refusal" "has changed since the conversion" "$(cat "$last_stderr")"
assert_eq "image after the refused undo" "$before" "$(md5sum < "$img")"
echo "ok: a hive changed since the conversion is refused, nothing written"

# A record that is not one: refused by name, nothing written.
printf 'WSUNDO01 but not really' > "$d/bad.undo"
gf_start -a "$img"
gf mount "$root" /
gf upload "$d/bad.undo" "$(gf case-sensitive-path /windows/system32/config)/SOFTWARE.winseed-20991231T235959.undo"
gf_stop
before=$(md5sum < "$img")
expect_exit 2 "$WINSEED" undo -a "$img"
assert_contains "bad record" "SOFTWARE.winseed-20991231T235959.undo' is" "$(cat "$last_stderr")"
assert_eq "image after the bad record" "$before" "$(md5sum < "$img")"
echo "ok: a damaged undo record is refused by name"

# A hive that cannot be patched in place (its sequence numbers differ: a log left to replay) is
# rewritten whole, its original kept as a .bak copy; the others are still patched in place.
mkdir "$d/dirty"
dirty=$(copy_image win2019-x64 "$d/dirty")
dirty_system "$dirty" "$root"
"$WINSEED" convert -q -a "$dirty" --drivers "$tree" --report "$d/c3.json"
stamp=$(jq -r '.backups[]' "$d/c3.json" | sed -n 's/.*\.winseed-\([0-9T]*\)\.\(undo\|bak\)$/\1/p' | head -n1)
want=$(printf '%s\n' "/Windows/System32/config/SYSTEM.winseed-$stamp.bak" \
  "/Windows/System32/config/SOFTWARE.winseed-$stamp.undo" "/Windows/System32/config/DRIVERS.winseed-$stamp.undo" | sort)
assert_eq "backups with a dirty SYSTEM" "$want" "$(jq -r '.backups[]' "$d/c3.json" | sort)"
"$WINSEED" verify -a "$dirty" --bus virtio-blk > /dev/null || fail "the conversion with a dirty SYSTEM does not boot"
echo "ok: a SYSTEM hive with a log to replay is rewritten whole (.bak kept), the others patched"
