#!/bin/bash
# Plans hive-apply must refuse on a sound hive, with exit status 4 (rolled back) and nothing
# written: deleting only a key that has subkeys, and rewriting a key that holds a value bigger
# than hivex can store back faithfully (ProductOptions\ProductPolicy, 59044 bytes in this hive).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
helper="$WINSEED_TESTS_BUILDDIR/hive/hive-helper"
fixture=$(fixture hives/win10-18362_regipy_SYSTEM)
d=$(scratch_dir)

expect_exit 4 "$helper" apply delete-nonleaf "$fixture" "$d/out"
assert_eq "stderr" "winseed: cannot delete SYSTEM key 'ControlSet001\\Services\\stornvme': \
it has 2 subkeys, and the plan deletes only the key (test: has subkeys)" "$(cat "$last_stderr")"
[ ! -e "$d/out" ] || fail "output written"

expect_exit 4 "$helper" apply big-value "$fixture" "$d/out"
assert_contains "stderr" "cannot rewrite the values of SYSTEM key \
'ControlSet001\\Control\\ProductOptions': its value 'ProductPolicy' holds 59044 bytes" \
  "$(cat "$last_stderr")"
[ ! -e "$d/out" ] || fail "output written"
[ -z "$(ls -A "$d")" ] || fail "files left behind: $(ls -A "$d")"

# verify names what is missing in an unchanged hive.
expect_exit 4 "$helper" verify every-op "$fixture"
assert_contains "verify stderr" "winseed: verification failed: SYSTEM key" "$(cat "$last_stderr")"
