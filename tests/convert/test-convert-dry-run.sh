#!/bin/bash
# --dry-run prints the plan and leaves the image bit-identical; a real conversion follows; a
# second conversion finds everything in place, writes nothing (image bit-identical again) and
# reports the same oemN names.  Windows Server 2022's Select\Current is 2, so every Services edit
# must name ControlSet002.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win2022-x64 "$d")
s0=$(sha256sum < "$img")

"$WINSEED" convert --dry-run --json -q -a "$img" --drivers "$tree" > "$d/dry.json"
assert_eq "image after --dry-run" "$s0" "$(sha256sum < "$img")"
jq -r .plan "$d/dry.json" > "$d/plan.reg"
grep -q '^Windows Registry Editor Version 5.00' "$d/plan.reg" || fail "plan is not .reg text"
grep -qx '\[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Services\\viostor\]' "$d/plan.reg" ||
  fail "plan does not write Services\\viostor in ControlSet002"
grep -q 'ControlSet001' "$d/plan.reg" && fail "plan touches ControlSet001, which Select\\Current does not name"
grep -q '^;   copy   .*viostor.sys -> /Windows/System32/drivers/viostor.sys' "$d/plan.reg" ||
  fail "plan has no file list entry for viostor.sys"
assert_eq "dry run changed" false "$(jq -r .changed "$d/dry.json")"
echo "ok: dry run, $(jq -r .registry_edits "$d/dry.json") edits planned, image unchanged"

"$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$d/one.json"
assert_eq "first conversion changed" true "$(jq -r .changed "$d/one.json")"
s1=$(sha256sum < "$img")
[ "$s1" != "$s0" ] || fail "conversion did not change the image"

"$WINSEED" convert -a "$img" --drivers "$tree" --report "$d/two.json" 2> "$d/two.err"
assert_eq "second conversion changed" false "$(jq -r .changed "$d/two.json")"
grep -q 'already converted: nothing written' "$d/two.err" || fail "no 'already converted' note: $(cat "$d/two.err")"
assert_eq "image after a second conversion" "$s1" "$(sha256sum < "$img")"
assert_eq "oemN names of both runs" "$(jq -c '[.packages[].published_inf]' "$d/one.json")" \
  "$(jq -c '[.packages[].published_inf]' "$d/two.json")"
echo "ok: converting twice equals converting once"
