#!/bin/bash
# A plan applied twice gives the same hive as applied once, and the result passes verification.
# For a plan with no delete-and-recreate (bench), the second application rewrites nothing: the
# files differ only in the header's sequence numbers (hivex_commit increments them).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires command -v hivexregedit
helper="$WINSEED_TESTS_BUILDDIR/hive/hive-helper"
fixture=$(fixture hives/win10-18362_regipy_SYSTEM)
d=$(scratch_dir)

for plan in every-op bench; do
  "$helper" apply "$plan" "$fixture" "$d/once"
  cp "$d/once" "$d/twice"
  "$helper" apply "$plan" "$d/twice" "$d/twice"   # in place
  "$helper" verify "$plan" "$d/once"
  "$helper" verify "$plan" "$d/twice"
  hivexregedit --export "$d/once" '\' > "$d/once.reg"
  hivexregedit --export "$d/twice" '\' > "$d/twice.reg"
  if ! cmp -s "$d/once.reg" "$d/twice.reg"; then
    diff "$d/once.reg" "$d/twice.reg" | head -20 >&2
    fail "$plan: applied twice differs from applied once"
  fi
  echo "ok: $plan applied twice equals once"
done
# bench, applied again: only the 4096-byte base block (sequence numbers) differs.
cmp -s -i 4096 "$d/once" "$d/twice" || fail "bench: the second application rewrote hive data"
assert_eq "size after a second application" "$(stat -c %s "$d/once")" "$(stat -c %s "$d/twice")"
echo "ok: the second application of bench rewrote nothing"
