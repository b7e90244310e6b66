#!/bin/bash
# Every INF of the ISO-layout tree re-encoded as UTF-16LE with a byte-order mark (as Windows' own
# INFs are) gives the same packages and the same choices as the ASCII originals.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
requires iconv --version
d=$(scratch_dir)
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$d/ascii"
cp -a "$d/ascii" "$d/utf16"
n=0
while IFS= read -r -d '' f; do
  { printf '\xff\xfe'; iconv -f ASCII -t UTF-16LE "$f"; } > "$f.new" && mv "$f.new" "$f"
  n=$((n + 1))
done < <(find "$d/utf16" -iname '*.inf' -print0)
[ "$n" -gt 0 ] || fail "no INF re-encoded"
head -c 2 "$d/utf16/viostor/w10/amd64/viostor.inf" | od -An -tx1 | grep -q 'ff fe' || fail "no BOM"
for args in "" "--target 2k19/amd64" "--target 7/x86" "--target 11/arm64" "--target xp/x86"; do
  "$WINSEED" drivers --drivers "$d/ascii" $args --json | jq -S 'del(.drivers)' > "$d/a.json"
  "$WINSEED" drivers --drivers "$d/utf16" $args --json | jq -S 'del(.drivers)' > "$d/u.json"
  cmp -s "$d/a.json" "$d/u.json" || { diff "$d/a.json" "$d/u.json" | head -20; fail "UTF-16 differs for '$args'"; }
done
# One INF on its own, both encodings, both the same.
for inf in viostor/w8.1/amd64/viostor.inf NetKVM/w8.1/amd64/netkvm.inf qemufwcfg/w8.1/amd64/qemufwcfg.inf; do
  mkdir -p "$d/one-a" "$d/one-u"
  cp "$WINSEED_FIXTURES/virtio-win/$inf" "$d/one-a/x.inf"
  { printf '\xff\xfe'; iconv -f ASCII -t UTF-16LE "$d/one-a/x.inf"; } > "$d/one-u/x.inf"
  "$WINSEED" drivers --drivers "$d/one-a/x.inf" --json | jq -S 'del(.drivers)' > "$d/a.json"
  "$WINSEED" drivers --drivers "$d/one-u/x.inf" --json | jq -S 'del(.drivers)' > "$d/u.json"
  cmp -s "$d/a.json" "$d/u.json" || fail "UTF-16 differs for $inf"
done
echo "ok: $n INFs"
