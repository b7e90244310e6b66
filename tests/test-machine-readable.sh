#!/bin/bash
# --machine-readable: a real conversion's event stream has each convert phase once, started then
# finished, in the order of docs/architecture.md#convert-phases, and ends with a result whose exit
# code is the process's; fd:N and stream:stdout carry the same events.  The terminal progress
# line: shown on a terminal (script(1) gives one), never when stderr is not a terminal.
# One appliance launch.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win10-x64 "$d")
log=$(fixture logs/win10-21H1-19043_setupapi.dev.log)
phases="open inspect select plan stage commit verify"   # docs/architecture.md#convert-phases

# A real conversion.  The wrapper validates the stream; validate_json says so explicitly.
set +e
"$WINSEED" convert -a "$img" --drivers "$tree" --machine-readable=file:"$d/ev.jsonl" --report "$d/report.json" \
  2> "$d/conv.err"
st=$?
set -e
[ "$st" = 0 ] || fail "convert exited $st: $(cat "$d/conv.err")"
validate_json --def event --lines "$d/ev.jsonl"
assert_eq "phases started, in order" "$phases" \
  "$(jq -r 'select(.type == "phase" and .state == "started") | .phase' "$d/ev.jsonl" | xargs)"
assert_eq "phases finished, in order" "$phases" \
  "$(jq -r 'select(.type == "phase" and .state == "finished") | .phase' "$d/ev.jsonl" | xargs)"
# Each phase finishes before the next starts: the stream alternates started/finished.
want=$(for p in $phases; do echo "$p started"; echo "$p finished"; done | xargs)
assert_eq "phase events alternate" "$want" \
  "$(jq -r 'select(.type == "phase") | "\(.phase) \(.state)"' "$d/ev.jsonl" | xargs)"
assert_eq "one result, last" "result" "$(tail -n 1 "$d/ev.jsonl" | jq -r .type)"
assert_eq "result events" 1 "$(jq -r 'select(.type == "result") | .type' "$d/ev.jsonl" | wc -l)"
assert_eq "result's exit code" "$st" "$(tail -n 1 "$d/ev.jsonl" | jq .status.exit_code)"
assert_eq "elapsed never goes back" true "$(jq -s '[.[].elapsed] | . == sort' "$d/ev.jsonl")"
grep -q $'\r' "$d/conv.err" && fail "progress line written with --machine-readable"
# One source: the report's phases and warnings are the stream's.
validate_json "$d/report.json"
assert_eq "report's phases" "$phases" "$(jq -r '.seconds | keys_unsorted[]' "$d/report.json" | xargs)"
assert_eq "report's warnings are the warning events" "$(jq -c .warnings "$d/report.json")" \
  "$(jq -sc '[.[] | select(.type == "warning") | .message]' "$d/ev.jsonl")"
# ... among them every blocker the guest has that does not refuse the conversion (its kind first).
for k in $(jq -r '.windows.blockers[] | select(.refuses_conversion | not) | .kind' "$d/report.json"); do
  jq -e --arg k "$k" '.warnings | map(startswith($k + ": ")) | any' "$d/report.json" > /dev/null ||
    fail "blocker $k is not among the warnings"
done
[ "$(jq '.warnings | length' "$d/report.json")" -gt 0 ] || fail "win10-x64 gave no warning to compare"
echo "ok: $(wc -l < "$d/ev.jsonl") events, each phase once and in order, result $st"

# fd:N, and the bare option (stdout, then nothing else there), on a failing command: the result
# carries its exit status (8: the log shows failed installs is not this log; 2: unreadable).
set +e
"$WINSEED" diagnose --log "$d/none.log" --machine-readable=fd:3 3> "$d/fd.jsonl" 2>/dev/null; st=$?
set -e
assert_eq "diagnose of a missing log" 2 "$st"
validate_json --def event --lines "$d/fd.jsonl"
assert_eq "fd:3 result" "2 bad-input" "$(jq -r '"\(.status.exit_code) \(.status.result)"' "$d/fd.jsonl")"
"$WINSEED" diagnose --log "$log" --machine-readable > "$d/stdout.jsonl"
validate_json --def event --lines "$d/stdout.jsonl"
assert_eq "stdout holds only events" "result" "$(jq -r .type "$d/stdout.jsonl" | xargs)"
expect_exit 1 "$WINSEED" diagnose --log "$log" --json --machine-readable=stream:stdout
expect_exit 1 "$WINSEED" diagnose --log "$log" --machine-readable=tcp:1
echo "ok: fd:N and stdout streams; --json and a stdout stream refused"

# The progress line: on a terminal it names the phase, then is cleared before the error line;
# not on a terminal, nothing of it.  A disk that does not exist fails in the first phase, before
# any appliance starts, and still shows that phase.
set +e
"$WINSEED" convert -a "$d/none.img" --drivers "$tree" > /dev/null 2> "$d/notty.err"; st=$?
set -e
assert_eq "convert of a missing disk" 2 "$st"
grep -q $'\r' "$d/notty.err" && fail "progress line on a stderr that is not a terminal"
grep -q 'winseed convert: open' "$d/notty.err" && fail "phase text on a stderr that is not a terminal"
assert_eq "stderr not a terminal: the error line only" 1 "$(wc -l < "$d/notty.err")"
if command -v script > /dev/null; then
  script -qefc "'$WINSEED_REAL' convert -a '$d/none.img' --drivers '$tree' > /dev/null" "$d/tty.out" > /dev/null || :
  tr '\r' '\n' < "$d/tty.out" | grep -q '^.\[Kwinseed convert: open\.\.\.$' ||
    fail "no progress line on a terminal: $(cat -v "$d/tty.out")"
  # Cleared (carriage return, erase line) before the error is printed.
  grep -q $'\r\033\[Kwinseed: ' "$d/tty.out" || fail "progress line not cleared before the error: $(cat -v "$d/tty.out")"
  echo "ok: progress line on a terminal only"
else
  echo "ok: progress line not on a non-terminal (no script(1): terminal case not run)"
fi
