#!/bin/bash
# One real batch: three Windows guests and a non-Windows image, -j 2.  Each good guest's report
# says converted (read with jq), a line's keep_tools/keep_san_policy/firstboot reached its
# conversion, --libvirt-xml left a valid domain beside each converted guest's report, the bad one failed permanently without stopping the others,
# summary.json counts them, the exit status is 10.  The second run on the unchanged manifest
# resumes every stored result (events say "resumed") in well under 3 s, launching nothing.
# --force runs a guest again (here: against an image another process holds, which is a transient
# "busy" result, exit 11, without an appliance).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
requires command -v virt-xml-validate
requires command -v xmllint
requires flock --version
d=$(scratch_dir)
tree=$(driver_tree)
for g in win2019-x64 win10-x64 win7-x86 nonwindows; do copy_image "$g" "$d" >/dev/null; done
cat > "$d/m.jsonl" <<JSON
{"id":"w2019","disks":["win2019-x64.img"]}
{"id":"linux","disks":["nonwindows.img"]}
{"id":"w10","disks":[{"path":"win10-x64.img","format":"raw"}],"block_driver":"viostor"}
{"id":"w7","disks":["win7-x86.img"],"drivers":"$tree","keep_tools":true,"keep_san_policy":true,"firstboot":"none"}
JSON
out="$d/out"

set +e
"$WINSEED" batch "$d/m.jsonl" -j 2 --out "$out" --drivers "$tree" --libvirt-xml > "$d/events" 2> "$d/err"
st=$?
set -e
cat "$d/events" "$d/err"
assert_eq "exit status with one permanent failure" 10 "$st"
for id in w2019 w10 w7; do
  [ -f "$out/$id.report.json" ] || fail "no report for $id"
  assert_eq "$id report exit code" 0 "$(jq .status.exit_code "$out/$id.report.json")"
  assert_eq "$id report says changed" true "$(jq .changed "$out/$id.report.json")"
  assert_eq "$id finished event" 0 "$(jq -s "map(select(.id==\"$id\" and .event==\"finished\"))[0].exit_code" "$d/events")"
done
# w7's line keeps its tools and SAN policy and schedules no first boot: the child got the options
# (its Windows 7 image has VMware Tools and two static NICs, which a default run would change).
assert_eq "w7: nothing of the old platform changed" 0 "$(jq '.old_platform | length' "$out/w7.report.json")"
assert_eq "w7: no first boot" null "$(jq .firstboot "$out/w7.report.json")"
assert_eq "w10 (VMware Tools): the old platform retired" true \
  "$(jq -r '.old_platform | length > 0' "$out/w10.report.json")"
# --libvirt-xml: each converted guest's domain beside its report, naming its own disk; none for
# the guest that failed.
for id in w2019 w10 w7; do
  [ -f "$out/$id.xml" ] || fail "no domain for $id"
  virt-xml-validate "$out/$id.xml" domain > /dev/null || fail "$id.xml does not validate"
done
assert_eq "w7 domain's disk" "$d/win7-x86.img" "$(xmllint --xpath 'string(/domain/devices/disk/source/@file)' "$out/w7.xml")"
[ ! -e "$out/linux.xml" ] || fail "a domain for the guest that failed"
assert_eq "bad guest's report" 3 "$(jq .status.exit_code "$out/linux.report.json")"
assert_eq "bad guest's class" '"permanent"' "$(jq -s 'map(select(.id=="linux" and .event=="finished"))[0].class' "$d/events")"
assert_eq "started events" 4 "$(jq -s 'map(select(.event=="started")) | length' "$d/events")"
# Never more than 2 guests at once: count started minus finished along the stream.
peak=$(jq -s 'reduce .[] as $e ({n:0,m:0}; .n += (if $e.event=="started" then 1 elif $e.event=="finished" then -1 else 0 end) | .m = ([.m,.n]|max)) | .m' "$d/events")
[ "$peak" -le 2 ] && [ "$peak" -ge 2 ] || fail "peak concurrency $peak, expected 2"
validate_json --def event --lines "$d/events"
validate_json --def batch_summary "$out/summary.json"
validate_json "$out"/*.report.json
assert_eq "summary" "4 3 1 0 0" "$(jq -r '"\(.total) \(.converted) \(.failed_permanent) \(.failed_transient) \(.pending)"' "$out/summary.json")"
for id in w2019 w10 w7 linux; do jq -e .key "$out/$id.state.json" >/dev/null || fail "no state for $id"; done

# The same manifest again: every result comes back from the state files, nothing is launched.
start=$(date +%s%N)
set +e
"$WINSEED" batch "$d/m.jsonl" -j 2 --out "$out" --drivers "$tree" --libvirt-xml > "$d/events2" 2> "$d/err2"
st=$?
set -e
ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$d/events2" "$d/err2"
assert_eq "second run's exit status" 10 "$st"
validate_json --def event --lines "$d/events2"
validate_json --def batch_summary "$out/summary.json"
assert_eq "resumed events" 4 "$(jq -s 'map(select(.event=="resumed")) | length' "$d/events2")"
assert_eq "started events in the second run" 0 "$(jq -s 'map(select(.event=="started")) | length' "$d/events2")"
[ "$ms" -lt 3000 ] || fail "the resumed run took $ms ms"
echo "ok: resumed run in $ms ms"

# A changed input (the image touched) is not resumed; --force runs even an unchanged one.  The
# image is held by another process meanwhile, so the guest ends at once as transient "busy".
grep '"w7"' "$d/m.jsonl" > "$d/w7.jsonl"
( exec 9<"$d/win7-x86.img"; flock -x 9; exec sleep 60 ) &
holder=$!
cleanup_fn kill "$holder"
for _ in $(seq 50); do flock -s -n "$d/win7-x86.img" true || break; sleep 0.1; done
flock -s -n "$d/win7-x86.img" true && fail "the holder never took the lock"
set +e
"$WINSEED" batch "$d/w7.jsonl" --force --out "$out" > "$d/events3" 2> "$d/err3"
st=$?
set -e
cat "$d/events3" "$d/err3"
kill -0 "$holder" || fail "the lock holder ended before the batch did"
assert_eq "--force on a busy image: exit status" 11 "$st"
assert_eq "--force: reason" '"busy"' "$(jq -s 'map(select(.event=="finished"))[0].reason' "$d/events3")"
assert_eq "--force: no resumed event" 0 "$(jq -s 'map(select(.event=="resumed")) | length' "$d/events3")"
assert_eq "busy report" 6 "$(jq .status.exit_code "$out/w7.report.json")"
validate_json --def event --lines "$d/events3"
validate_json "$out/w7.report.json"
echo "ok: batch of 4 guests, -j 2, resumed, forced"
