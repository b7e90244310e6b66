#!/bin/bash
# The whole test suite from a fresh clone: dependencies, build, make check and make check-long,
# then the release tarball (make check-dist) and the Debian package (make check-package).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$top/tests/install-deps.sh"
bash "$top/tests/build.sh"
cd "$top/build"
export LIBGUESTFS_BACKEND="${LIBGUESTFS_BACKEND:-direct}"
export LIBGUESTFS_BACKEND_SETTINGS="${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}"
# make check, then the tests too long for it (make check-long: the fault sweep, the multi-host
# batch), both under the same harness; each one's time is printed.
timed_make () {
  local t0=$(date +%s)
  make -j"$(nproc)" "$1" || return 1
  echo "make $1: $(( $(date +%s) - t0 )) s"
}
start=$(date +%s)
if ! { timed_make check && timed_make check-long; }; then
  # Show the logs of the failed tests, so a CI run says why.
  find tests -name '*.log' -newer Makefile -print0 | xargs -0 grep -l '^# \(FAIL\|ERROR\)\|^FAIL' 2>/dev/null |
    while read -r f; do echo "==== $f"; tail -n 60 "$f"; done
  grep -h '^\(FAIL\|ERROR\)' tests/test-suite.log || :
  exit 1
fi
echo "test suite: $(( $(date +%s) - start )) s"
# The slowest tests (tests/timed writes the last line of each log).
echo "slowest tests:"
find tests -name '*.log' ! -name test-suite.log -print0 | xargs -0 grep -H '^elapsed: ' |
  sed 's/^\(.*\)\.log:elapsed: \([0-9]*\) ms$/\2 \1/' | sort -rn | head -n 15 |
  awk '{ printf "  %6.1f s  %s\n", $1 / 1000, $2 }' || :
# The tool as its family ships: the release tarball builds and passes the quick tests in a clean
# tree (make distcheck), and the Debian package builds, is lintian-clean and installs what it
# should (tests/check-package.sh).
timed_make check-dist
timed_make check-package
