#!/bin/bash
# bench-batch.sh (make bench): N copies of the test images (BENCH_BATCH_IMAGES, default 8)
# converted one `winseed convert` after the other, then the same N fresh copies by one
# `winseed batch -j 2`, then that batch again on the unchanged manifest (every result resumed).
# Printed, and appended to BENCH_OUT (default: bench.txt in the tests build directory): the three
# wall times and the ratios batch/sequential (target <= 0.6) and resumed/batch (target <= 0.05);
# targets are printed, never judged.  Exit status 1 when a run did not convert every guest.
# Beside each wall time, the CPU time of the run's processes (user + system, qemu included), and
# before the runs how well this host's cores scale at all (one CPU-bound sha256sum against two at
# once): when two appliances do not overlap, these say whether the host has the second core to
# give (CPU time near twice the wall time) or something in between serialises them.
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
# cpu_of CMD...: run CMD; prints "WALL CPU" in seconds (CPU: user + system of CMD and its children).
cpu_of () {
  local t0 t1 c0 c1
  t0=$(now); times > "$d/times"; c0=$(children_cpu "$d/times")
  "$@"
  t1=$(now); times > "$d/times"; c1=$(children_cpu "$d/times")
  echo "$(echo "$t1 - $t0" | bc) $(echo "$c1 - $c0" | bc)"
}
# children_cpu FILE: user + system seconds of the waited-for children in FILE, the output of
# bash's `times` (second line).  `times` itself runs in the shell that waited for them: in a
# command substitution it would report the subshell's children, none.
children_cpu () {
  tail -n 1 "$1" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.2f\n", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}
# The host's own scaling: one sha256sum of 1 GiB of zeroes, then two at once.
hash_gib () { head -c 1073741824 /dev/zero | sha256sum > /dev/null; }
one=$(cpu_of hash_gib | cut -d' ' -f1)
two=$(cpu_of eval 'hash_gib & hash_gib & wait' | cut -d' ' -f1)

# Warm the appliance cache once, as batch does, so that neither side pays for building it.
guestfish -a /dev/null run >/dev/null 2>&1 || :

bad=0
sequential () {
  local img
  for img in $(copies "$d/seq"); do
    "$WINSEED" convert -q -a "$img" --drivers "$tree" --report "$img.json" 2>/dev/null || bad=1
  done
}
cpu_of sequential > "$d/seq.times"
read -r seq_s seq_cpu < "$d/seq.times"

for img in $(copies "$d/batch"); do
  printf '{"id":"%s","disks":["%s"]}\n' "$(basename "$img" .img)" "$img"
done > "$d/m.jsonl"
run_batch () {
  "$WINSEED" batch "$d/m.jsonl" -j 2 --out "$d/out" --drivers "$tree" > "$d/events" 2>/dev/null || bad=1
}
cpu_of run_batch > "$d/batch.times"
read -r batch_s batch_cpu < "$d/batch.times"
t0=$(now)
"$WINSEED" batch "$d/m.jsonl" -j 2 --out "$d/out" --drivers "$tree" > "$d/events2" 2>/dev/null || bad=1
resumed_s=$(echo "$(now) - $t0" | bc)
[ "$(jq .converted "$d/out/summary.json")" = "$n" ] || bad=1
[ "$(jq -s 'map(select(.event=="resumed")) | length' "$d/events2")" = "$n" ] || bad=1

{
  echo "== batch: $n images, $(nproc) cores"
  printf 'host scaling        one sha256sum of 1 GiB %.1f s, two at once %.1f s: %.2f x the throughput\n' \
    "$one" "$two" "$(echo "2 * $one / $two" | bc -l)"
  printf 'sequential convert  %8.1f s   CPU %.1f s (%.2f cores busy)\n' "$seq_s" "$seq_cpu" "$(echo "$seq_cpu / $seq_s" | bc -l)"
  printf 'batch -j 2          %8.1f s   %.2f x sequential (target <= 0.6); CPU %.1f s (%.2f cores busy)\n' \
    "$batch_s" "$(echo "$batch_s / $seq_s" | bc -l)" "$batch_cpu" "$(echo "$batch_cpu / $batch_s" | bc -l)"
  printf 'batch again         %8.2f s   %.3f x batch (target <= 0.05)\n' "$resumed_s" "$(echo "$resumed_s / $batch_s" | bc -l)"
} | tee -a "$out"
[ "$bad" = 0 ] || fail "a run did not convert every guest"
