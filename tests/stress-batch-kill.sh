#!/bin/bash
# make check-stress (never part of make check): a batch of three guests, -j 2, stopped at random
# moments and resumed, WS_STRESS_BATCH_RUNS times (5 by default).  Each run starts from fresh
# copies of the images and stops the batch 1 to WS_STRESS_BATCH_KILLS times (3 by default), each
# time in one of three ways, picked at random:
#  - SIGINT to the batch (it forwards it, its guests roll back, it ends with 130);
#  - SIGKILL to the batch alone (its conversions carry on without it and end on their own);
#  - SIGKILL to the batch and every conversion's process group at once (nothing rolls back).
# Then the batch is run again with --retry-failed until it ends.  It must exit 0 with every guest
# converted: exactly one result per id in its events (resumed or finished, exit code 0), one
# report per id saying exit code 0, summary.json counting three converted, and `winseed verify`
# passing on every image.  The random moments are spread over one whole batch, measured first
# (or WS_STRESS_BATCH_SPAN milliseconds).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
runs=${WS_STRESS_BATCH_RUNS:-5}
kills_max=${WS_STRESS_BATCH_KILLS:-3}
d=$(scratch_dir)
tree=$(driver_tree)
names="win2019-x64 win10-x64 win7-x86"
mkdir "$d/orig"
for n in $names; do copy_image "$n" "$d/orig" > /dev/null; done
for n in $names; do echo "{\"id\":\"$n\",\"disks\":[\"$d/work/$n.img\"]}"; done > "$d/m.jsonl"

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }
fresh () {
  rm -rf "$d/work" "$d/out"
  mkdir "$d/work"
  for n in $names; do cp --sparse=always "$d/orig/$n.img" "$d/work/"; done
}
batch () { "$WINSEED" batch "$d/m.jsonl" -j 2 --out "$d/out" --drivers "$tree" -q "$@"; }
conversions () { pgrep -f "convert --report $d/out/" || :; }
# quiet WHAT: wait until no conversion of this script and no appliance on its images is left
# (conversions orphaned by a SIGKILL of the batch finish on their own: up to 10 minutes).
quiet () {
  local n=0
  while [ -n "$(conversions)" ] || pgrep -f "qemu.*$d/work/" > /dev/null; do
    sleep 1; n=$((n + 1))
    [ $n -lt 600 ] || fail "$1: conversions or appliances still running after 600 s"
  done
}
cleanup_fn 'for p in $(conversions); do kill -KILL -- -$p; done'

# WS_STRESS_BATCH_SPAN (ms) gives the span of the random moments instead of measuring it.
length=${WS_STRESS_BATCH_SPAN:-}
if [ -z "$length" ]; then
  fresh
  t0=$(now_ms)
  batch > "$d/events" 2> "$d/err" || { cat "$d/events" "$d/err"; fail "the timing batch failed"; }
  length=$(( $(now_ms) - t0 ))
fi
echo "one batch: $length ms; $runs runs of 1 to $kills_max stops"

tally_int=0 tally_kill=0 tally_tree=0
for i in $(seq 1 "$runs"); do
  fresh
  stops=$((1 + RANDOM % kills_max))
  for k in $(seq 1 "$stops"); do
    # winseed itself in the background (not the function, whose subshell would take the signal)
    "$WINSEED" batch "$d/m.jsonl" -j 2 --out "$d/out" --drivers "$tree" -q --retry-failed \
      > "$d/events.$i.$k" 2> "$d/err.$i.$k" &
    pid=$!
    delay=$(( (RANDOM * 32768 + RANDOM) % length ))
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    case $((RANDOM % 3)) in
      0) how=SIGINT; tally_int=$((tally_int + 1)); kill -INT "$pid" 2>/dev/null || : ;;
      1) how=SIGKILL; tally_kill=$((tally_kill + 1)); kill -KILL "$pid" 2>/dev/null || : ;;
      2) how="SIGKILL to all"; tally_tree=$((tally_tree + 1))
         kill -KILL "$pid" 2>/dev/null || :
         for p in $(conversions); do kill -KILL -- "-$p" 2>/dev/null || :; done ;;
    esac
    set +e; { wait "$pid"; } 2> /dev/null; st=$?; set -e
    case "$how:$st" in
      SIGINT:130|SIGKILL*:137|*:0|*:10|*:11) ;;   # 0, 10, 11: the batch ended before the stop
      *) cat "$d/err.$i.$k"; fail "run $i, stop $k ($how after $delay ms): batch exited $st" ;;
    esac
    quiet "run $i, stop $k"
    echo "run $i, stop $k: $how after $delay ms, batch exited $st"
  done
  st=11
  for attempt in 1 2 3; do
    set +e; batch --retry-failed > "$d/final" 2> "$d/final.err"; st=$?; set -e
    [ "$st" = 11 ] || break   # 11: transient (a busy image, say): once more
    quiet "run $i, final attempt $attempt"
  done
  [ "$st" = 0 ] || { cat "$d/final" "$d/final.err"; fail "run $i: the resumed batch exited $st"; }
  for n in $names; do
    assert_eq "run $i: $n's results in the last events" 1 \
      "$(jq -s "map(select(.id==\"$n\" and (.event==\"finished\" or .event==\"resumed\"))) | length" "$d/final")"
    assert_eq "run $i: $n's exit code in the last events" 0 \
      "$(jq -s "map(select(.id==\"$n\" and (.event==\"finished\" or .event==\"resumed\")))[0].exit_code" "$d/final")"
    assert_eq "run $i: $n's report" 0 "$(jq .status.exit_code "$d/out/$n.report.json")"
    "$WINSEED" verify -a "$d/work/$n.img" --bus virtio-blk > /dev/null 2> "$d/verify.err" ||
      fail "run $i: verify $n: $(cat "$d/verify.err")"
  done
  assert_eq "run $i: reports" 3 "$(ls "$d/out" | grep -c '\.report\.json$')"
  assert_eq "run $i: summary" "3 3 false" "$(jq -r '"\(.total) \(.converted) \(.interrupted)"' "$d/out/summary.json")"
  echo "ok: run $i: $stops stops, then every guest converted and verified"
done
echo "ok: $runs runs ($tally_int SIGINT, $tally_kill SIGKILL of the batch, $tally_tree SIGKILL of all)"
