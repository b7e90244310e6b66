#!/bin/bash
# winseed verify's command line: --bus values, usage errors, a missing disk.  No appliance.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
d=$(scratch_dir); cleanup_fn rm -rf "$d"

assert_contains "--long-options" "--bus" "$("$WINSEED" verify --long-options)"
assert_contains "--help" "--bus BUS" "$("$WINSEED" verify --help)"

expect_exit 1 "$WINSEED" verify --bus nvme -a "$d/none.img" > "$d/out"
assert_contains "bad --bus" "unknown bus 'nvme' given to --bus" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" verify --json > "$d/out"
assert_contains "no disk" "no disk image given" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" verify -a "$d/none.img" stray > "$d/out"

# A disk that does not exist is bad input, and --json prints nothing at all on an error.
expect_exit 2 "$WINSEED" verify --json -a "$d/none.img" > "$d/out"
[ ! -s "$d/out" ] || fail "stdout is not empty after an error: $(cat "$d/out")"
