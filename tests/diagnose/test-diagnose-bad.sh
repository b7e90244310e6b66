#!/bin/bash
# winseed diagnose on bad input: binary garbage, a missing file, an empty file, text that is not a
# log, and a bad command line.  Each gives its exit status, one line on stderr and nothing on stdout.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
d=$(scratch_dir)

one_line_error () {   # STATUS WHAT ARGS...
  local want="$1" what="$2"; shift 2
  expect_exit "$want" "$WINSEED" diagnose "$@" > "$d/out"
  [ ! -s "$d/out" ] || fail "$what: something was printed on stdout"
  assert_eq "$what: lines on stderr" 1 "$(wc -l < "$last_stderr")"
  assert_contains "$what: message" "winseed: " "$(cat "$last_stderr")"
}

head -c 65536 /dev/urandom > "$d/garbage.bin"
one_line_error 2 "binary garbage" --log "$d/garbage.bin"
assert_contains "binary garbage" "not a SetupAPI text log" "$(cat "$last_stderr")"
one_line_error 2 "binary garbage, --json" --log "$d/garbage.bin" --json
one_line_error 2 "binary on stdin" --log - < "$d/garbage.bin"
one_line_error 2 "missing file" --log "$d/no-such.log"
assert_contains "missing file" "cannot open '$d/no-such.log'" "$(cat "$last_stderr")"
: > "$d/empty.log"
one_line_error 2 "empty file" --log "$d/empty.log"
printf 'root:x:0:0:root:/root:/bin/bash\nhello world\n' > "$d/text.log"
one_line_error 2 "text that is not a log" --log "$d/text.log"
one_line_error 2 "a directory" --log "$d"
one_line_error 1 "nothing to read"
one_line_error 1 "both -a and --log" -a "$d/garbage.bin" --log "$d/text.log"
one_line_error 1 "stray argument" --log "$d/text.log" extra
# More distinct devices than the report keeps: the list is capped, every failure still counts.
requires jq --version
for i in $(seq 5000); do
  printf '>>>  [Device Install (Hardware initiated) - PCI\\VEN_1AF4&DEV_1000\\%d]\n' "$i"
  printf '!!!  ndv: Driver package import failed for device. Error = 0xE0000247\n'
  printf '<<<  [Exit status: FAILURE(0xe0000247)]\n'
done > "$d/many.log"
expect_exit 8 "$WINSEED" diagnose --log "$d/many.log" --json > "$d/many.json"
assert_eq "failures counted" 5000 "$(jq .summary.failed "$d/many.json")"
assert_eq "installs listed" 4096 "$(jq '.installs | length' "$d/many.json")"
assert_eq "not listed" 904 "$(jq .summary.sections_not_listed "$d/many.json")"

expect_exit 0 "$WINSEED" diagnose --help > "$d/help"
assert_contains "help" "--log FILE" "$(cat "$d/help")"
echo "PASS"
