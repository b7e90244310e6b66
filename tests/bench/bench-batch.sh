#!/bin/bash
# bench-batch.sh (make bench): N copies of the test images (BENCH_BATCH_IMAGES, default 8)
# converted one `winseed convert` after the other, then the same N fresh copies by one
# `winseed batch -j 2`, then that batch again on the unchanged manifest (every result resumed).
# Printed, and appended to BENCH_OUT (default: bench.txt in the tests build directory): the three
# wall times and the ratios batch/sequential (target <= 0.6) and resumed/batch (target <= 0.05);
# targets are printed, never judged.  Exit status 1 when a run did not convert every guest.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
# Time the binary itself, not the schema check functions.sh wraps it in.
WINSEED=$WINSEED_REAL
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"

n=${BENCH_BATCH_IMAGES:-8}
out=${BENCH_OUT:-${WINSEED_TESTS_BUILDDIR:-$PWD}/bench.txt}
case $n in ''|*[!0-9]*|0) fail "BENCH_BATCH_IMAGES must be a positive number, not '$n'" ;; esac
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
names=(win2019-x64 win10-x64 win7-x86 win2022-x64)

# copies DIR: N fresh sparse copies, cycling through the test images; prints their paths.
copies () {
  mkdir -p "$1"
  for i in $(seq "$n"); do
    local name=${names[$(( (i - 1) % ${#names[@]} ))]}
    cp --sparse=always "$(image "$name")" "$1/g$i.img"
    echo "$1/g$i.img"
  done
}
now () { date +%s.%N; }

# Warm the appliance cache once, as batch does, so that neither side pays for building it.
guestfish -a /dev/null run >/dev/null 2>&1 || :

bad=0
t0=$(now)
for img in $(copies "$d/seq"); do
  "$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$img.json" 2>/dev/null || bad=1
done
seq_s=$(echo "$(now) - $t0" | bc)

for img in $(copies "$d/batch"); do
  printf '{"id":"%s","disks":["%s"]}\n' "$(basename "$img" .img)" "$img"
done > "$d/m.jsonl"
t0=$(now)
"$WINSEED" batch "$d/m.jsonl" -j 2 --out "$d/out" --drivers "$tree" > "$d/events" 2>/dev/null || bad=1
batch_s=$(echo "$(now) - $t0" | bc)
t0=$(now)
"$WINSEED" batch "$d/m.jsonl" -j 2 --out "$d/out" --drivers "$tree" > "$d/events2" 2>/dev/null || bad=1
resumed_s=$(echo "$(now) - $t0" | bc)
[ "$(jq .converted "$d/out/summary.json")" = "$n" ] || bad=1
[ "$(jq -s 'map(select(.event=="resumed")) | length' "$d/events2")" = "$n" ] || bad=1

{
  echo "== batch: $n images, $(nproc) cores"
  printf 'sequential convert  %8.1f s\n' "$seq_s"
  printf 'batch -j 2          %8.1f s   %.2f x sequential (target <= 0.6)\n' "$batch_s" "$(echo "$batch_s / $seq_s" | bc -l)"
  printf 'batch again         %8.2f s   %.3f x batch (target <= 0.05)\n' "$resumed_s" "$(echo "$resumed_s / $batch_s" | bc -l)"
} | tee -a "$out"
[ "$bad" = 0 ] || fail "a run did not convert every guest"
