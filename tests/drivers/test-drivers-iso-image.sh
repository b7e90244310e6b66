#!/bin/bash
# `winseed drivers` on ISO 9660 images of the ISO-layout tree, read with libiso9660 (no mount):
# with Joliet and Rock Ridge (as virtio-win.iso has), Joliet only and Rock Ridge only, the
# packages, their mixed-case names and the choices are those of the directory itself.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
requires xorriso -version
d=$(scratch_dir)
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$d/tree"
"$WINSEED" drivers --drivers "$d/tree" --json | jq -S '.packages' > "$d/dir.json"
"$WINSEED" drivers --drivers "$d/tree" --target 2k19/amd64 --json | jq -S '.selection' > "$d/dir-sel.json"
for ext in "-J -R" "-J" "-R"; do
  img="$d/virtio-win$(echo $ext | tr -d ' -').iso"
  xorriso -as mkisofs -quiet $ext -V virtio-win -o "$img" "$d/tree" 2>/dev/null
  "$WINSEED" drivers --drivers "$img" --json > "$d/iso.json"
  assert_eq "kind ($ext)" iso "$(jq -r .kind "$d/iso.json")"
  jq -S '.packages' "$d/iso.json" > "$d/iso-packages.json"
  cmp -s "$d/dir.json" "$d/iso-packages.json" || { diff "$d/dir.json" "$d/iso-packages.json" | head -20; fail "packages differ ($ext)"; }
  assert_eq "mixed case ($ext)" 1 "$(jq '[.packages[] | select(.inf == "NetKVM/w10/amd64/netkvm.inf")] | length' "$d/iso.json")"
  "$WINSEED" drivers --drivers "$img" --target 2k19/amd64 --json | jq -S '.selection' > "$d/iso-sel.json"
  cmp -s "$d/dir-sel.json" "$d/iso-sel.json" || fail "choices differ ($ext)"
done
# Not an ISO, not a folder, not an INF.
head -c 4096 /dev/zero > "$d/zeros.iso"
expect_exit 2 "$WINSEED" drivers --drivers "$d/zeros.iso"
assert_contains "not an image" "expected a folder, an INF file or an ISO 9660 image" "$(cat "$last_stderr")"
echo "ok"
