#!/bin/bash
# hive/regf.c, the lazy reader behind every read of a guest hive, against hivex: every key and
# value of the real XP, 7 and 10 SYSTEM hives, and of a 40 MiB SOFTWARE-like hive that
# images/padhive grows from the Windows 7 one (its big keys are ri index roots over lh leaves, as
# in real hives of that size), must read the same through both: records, names, types, lengths
# and data (tests/hive/regf-compare.c; hivex is the reference).  Damaged hives are the fuzz
# target's business (fuzz/fuzz-hive.c reads every guest hive through regf).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
compare="$WINSEED_TESTS_BUILDDIR/hive/regf-compare"
padhive="$WINSEED_TESTS_BUILDDIR/images/padhive"
d=$(scratch_dir)

hives=()
for h in winxp-sp3_bitcurator_SYSTEM win7-sp1_regipy_SYSTEM win10-18362_regipy_SYSTEM; do
  hives+=("$(fixture "hives/$h")")
done
"$padhive" software "$(fixture hives/win7-sp1_regipy_SYSTEM)" "$d/padded" 40
hives+=("$d/padded")
"$compare" "${hives[@]}" > "$d/out" || { cat "$d/out"; fail "regf and hivex disagree"; }
cat "$d/out"
[ "$(grep -c ': the same;' "$d/out")" = 4 ] || fail "not every hive was compared"
# The padded hive must really be of real shape: over 100,000 keys, hence index roots.
keys=$(sed -n 's/^.*padded: \([0-9]*\) keys.*/\1/p' "$d/out")
[ "$keys" -gt 100000 ] || fail "the padded hive has only $keys keys"
echo "ok: regf reads what hivex reads"
