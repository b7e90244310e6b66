#!/bin/bash
# All or nothing: hive-apply failing at each of its write steps (WINSEED_FAULT_INJECT, see
# hive/hive-apply.h) leaves the output as it was, byte for byte (sha256), or absent, leaves no
# temporary file behind, exits 4 (rolled back) and says so in one line.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires command -v sha256sum
helper="$WINSEED_TESTS_BUILDDIR/hive/hive-helper"
fixture=$(fixture hives/win10-18362_regipy_SYSTEM)
d=$(scratch_dir)
fixture_sum=$(sha256sum < "$fixture")

# one_line PATTERN: stderr of the last expect_exit is one line matching PATTERN.
one_line () {
  [ "$(wc -l < "$last_stderr")" = 1 ] || { cat "$last_stderr"; fail "expected one line on stderr"; }
  grep -q -- "$1" "$last_stderr" || fail "stderr '$(cat "$last_stderr")' does not match '$1'"
}
# only_files DIR NAME...: DIR holds exactly these files (no temporary file was left behind).
only_files () {
  local dir="$1"; shift
  assert_eq "files in $dir" "$*" "$(ls -A "$dir" | tr '\n' ' ' | sed 's/ $//')"
}

for step in edit commit verify rename; do
  export WINSEED_FAULT_INJECT="hive-apply:$step"
  # A new output file: absent afterwards.
  mkdir "$d/$step"
  expect_exit 4 "$helper" apply every-op "$fixture" "$d/$step/SYSTEM"
  one_line "No space left on device (injected fault at hive-apply:$step)"
  only_files "$d/$step"

  # Replacing a hive in place: unchanged afterwards.
  cp "$fixture" "$d/$step/SYSTEM"
  before=$(sha256sum < "$d/$step/SYSTEM")
  expect_exit 4 "$helper" apply every-op "$d/$step/SYSTEM" "$d/$step/SYSTEM"
  one_line "SYSTEM hive"
  assert_eq "sha256 after a fault at $step" "$before" "$(sha256sum < "$d/$step/SYSTEM")"
  only_files "$d/$step" SYSTEM

  # Replacing another hive: unchanged afterwards.
  echo "previous output" > "$d/$step/out"
  expect_exit 4 "$helper" apply every-op "$fixture" "$d/$step/out"
  assert_eq "old output after a fault at $step" "previous output" "$(cat "$d/$step/out")"
  only_files "$d/$step" SYSTEM out
  echo "ok: fault at hive-apply:$step: $(cat "$last_stderr")"
done
unset WINSEED_FAULT_INJECT

# Fault points are exact names: another name changes nothing.
WINSEED_FAULT_INJECT="hive-apply:nothing" expect_exit 0 "$helper" apply every-op "$fixture" "$d/ok"
"$helper" verify every-op "$d/ok"

# A directory that cannot hold the temporary file: refused the same way.
expect_exit 4 "$helper" apply every-op "$fixture" "$d/missing-dir/SYSTEM"
one_line "cannot create a temporary file for the SYSTEM hive in '$d/missing-dir'"

assert_eq "fixture sha256" "$fixture_sum" "$(sha256sum < "$fixture")"
