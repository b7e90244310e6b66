#!/bin/bash
# winseed verify on the truncated-hive test image (its SYSTEM hive is cut after 1 MiB): bad input
# (exit 2), one "winseed: ..." line on stderr, and nothing on stdout even with --json.
# One appliance launch.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
img=$(image truncated-hive)
d=$(scratch_dir); cleanup_fn rm -rf "$d"
expect_exit 2 "$WINSEED" verify --json -a "$img" > "$d/out"
[ ! -s "$d/out" ] || fail "stdout is not empty after an error: $(head -c 300 "$d/out")"
cat "$last_stderr"
assert_eq "stderr lines" 1 "$(wc -l < "$last_stderr")"
assert_contains "stderr" "winseed: " "$(head -c 9 "$last_stderr")"
