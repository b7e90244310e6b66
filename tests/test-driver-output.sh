#!/bin/bash
# The command driver: a report that cannot be written is an error (exit 9, one line naming what),
# for every command, text or JSON; usage errors are one line and exit 1.  One appliance launch.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires test -w /dev/full
log=$(fixture logs/win10-21H1-19043_setupapi.dev.log)
infs="$WINSEED_FIXTURES/virtio-win/viostor/w8.1/amd64/viostor.inf"
img=$(image win10-x64)

full () { expect_exit 9 "$@"; assert_contains "$1 $2 on /dev/full" "cannot write the report" "$(cat "$last_stderr")"; }
full "$WINSEED" drivers --drivers "$infs" >/dev/full
full "$WINSEED" drivers --drivers "$infs" --json >/dev/full
full "$WINSEED" diagnose --log "$log" >/dev/full
full "$WINSEED" diagnose --log "$log" --json >/dev/full
full "$WINSEED" inspect -a "$img" >/dev/full

for cmd in inspect drivers convert verify diagnose domain batch undo; do
  expect_exit 1 "$WINSEED" "$cmd" --no-such-option
  assert_eq "$cmd: one line" 1 "$(wc -l < "$last_stderr")"
  assert_contains "$cmd: names the option" "'--no-such-option'" "$(cat "$last_stderr")"
  expect_exit 0 "$WINSEED" "$cmd" --help
done
expect_exit 1 "$WINSEED" undo -a "$img" --run yesterday
assert_contains "undo --run" "--run takes a stamp like" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" drivers --drivers "$infs" -a "$img"
assert_contains "drivers -a" "reads no disk image" "$(cat "$last_stderr")"

# The JSON envelope: status first, the same shape for every command.
d=$(scratch_dir)
"$WINSEED" drivers --drivers "$infs" --json > "$d/drivers.json"
assert_eq "drivers status" "0 ok null" "$(jq -r '[.status.exit_code, .status.result, .status.error] | map(tostring) | join(" ")' "$d/drivers.json")"
set +e; "$WINSEED" diagnose --log "$log" --json > "$d/diag.json"; st=$?; set -e
assert_eq "diagnose exit vs envelope" "$st" "$(jq -r .status.exit_code "$d/diag.json")"
echo "ok"
