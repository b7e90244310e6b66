#!/bin/bash
# SIGINT during a batch: nothing new starts, the running guest is stopped (its image unchanged),
# summary.json is written with "interrupted": true and the batch ends by SIGINT (130).  Then a
# per-guest --timeout: the guest is stopped, its result is transient "timeout", exit 11.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
a=$(copy_image win2019-x64 "$d"); b=$(copy_image win10-x64 "$d")
sum_a=$(sha256sum < "$a"); sum_b=$(sha256sum < "$b")
printf '%s\n' "{\"id\":\"a\",\"disks\":[\"$a\"]}" "{\"id\":\"b\",\"disks\":[\"$b\"]}" > "$d/m.jsonl"

"$WINSEED" batch "$d/m.jsonl" -j 1 --out "$d/out" --drivers "$tree" > "$d/events" 2> "$d/err" &
pid=$!
cleanup_fn kill "$pid"
for _ in $(seq 600); do grep -q '"started"' "$d/events" && break; sleep 0.1; done
grep -q '"started"' "$d/events" || fail "no guest started"
sleep 2
kill -INT "$pid"
set +e; wait "$pid"; st=$?; set -e
cat "$d/events" "$d/err"
assert_eq "exit status after SIGINT" 130 "$st"
validate_json --def batch_summary "$d/out/summary.json"
validate_json --def event --lines "$d/events"
assert_eq "interrupted in the summary" true "$(jq .interrupted "$d/out/summary.json")"
assert_eq "guest a's class" '"transient"' "$(jq '.guests[0].class' "$d/out/summary.json")"
assert_eq "guest b never started" "false 1" "$(jq -r '"\(.guests[1].resumed // false) \(.pending)"' "$d/out/summary.json")"
grep -q '"id":"b"' "$d/events" && fail "guest b has events"
assert_eq "image a after the interrupt" "$sum_a" "$(sha256sum < "$a")"
assert_eq "image b after the interrupt" "$sum_b" "$(sha256sum < "$b")"
pgrep -f "winseed convert.*$a" >/dev/null && fail "a conversion is still running"
echo "ok: interrupted batch"

head -n1 "$d/m.jsonl" > "$d/one.jsonl"
set +e
"$WINSEED" batch "$d/one.jsonl" --out "$d/out" --drivers "$tree" --timeout 3 --retry-failed > "$d/events2" 2> "$d/err2"
st=$?
set -e
cat "$d/events2" "$d/err2"
assert_eq "exit status after a timeout" 11 "$st"
assert_eq "reason" '"timeout"' "$(jq -s 'map(select(.event=="finished"))[0].reason' "$d/events2")"
assert_eq "stub report's result" '"timeout"' "$(jq .status.result "$d/out/a.report.json")"
validate_json "$d/out/a.report.json"
validate_json --def event --lines "$d/events2"
assert_eq "image a after the timeout" "$sum_a" "$(sha256sum < "$a")"
echo "ok: timed-out guest"
