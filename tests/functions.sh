# functions.sh: shared helpers for the shell tests.  Source it first:
#   . "$WINSEED_TESTS_SRCDIR/functions.sh"
# Conventions (automake): exit 0 pass, 1 fail, 77 skip.  Every test cleans up after itself with
# cleanup_fn; results are read back with tools winseed did not write (guestfish, hivexget,
# hivexregedit), and expected values come from fixture text, never from a winseed run.
set -u
: "${WINSEED:=winseed}"
: "${WINSEED_IMAGES:=$PWD/images}"
: "${WINSEED_TESTS_SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}"
: "${WINSEED_FIXTURES:=$WINSEED_TESTS_SRCDIR/fixtures}"
# Every JSON document winseed writes in a test is checked against the schema it ships
# (docs/json.md): $WINSEED is a wrapper that runs the real binary, then validates (see
# winseed-validating).  Tests run $WINSEED as before; validate_json checks files by hand.
: "${WINSEED_SCHEMA:=$WINSEED_TESTS_SRCDIR/../data/winseed.schema.json}"
if [ -z "${WINSEED_REAL:-}" ]; then
  WINSEED_REAL=$(command -v "$WINSEED" || echo "$WINSEED")
  WINSEED=$WINSEED_TESTS_SRCDIR/winseed-validating
fi
export WINSEED WINSEED_REAL WINSEED_SCHEMA WINSEED_TESTS_SRCDIR
# validate_json [--def NAME] [--lines] FILE...: fail unless each FILE validates (the envelope, or
# the schema's $defs/NAME; --lines: JSON Lines, one document per line).
validate_json () {
  "$WINSEED_TESTS_SRCDIR/validate-json.py" "$WINSEED_SCHEMA" "$@" || fail "JSON not valid: $*"
}
export LIBGUESTFS_BACKEND="${LIBGUESTFS_BACKEND:-direct}"
export LIBGUESTFS_BACKEND_SETTINGS="${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}"

_cleanup_fns=()
cleanup_fn () { _cleanup_fns+=("$*"); }
_run_cleanups () {
  local i
  for (( i=${#_cleanup_fns[@]}-1; i>=0; i-- )); do eval "${_cleanup_fns[$i]}" || :; done
}
trap _run_cleanups EXIT

skip () { echo "SKIP: $*"; exit 77; }
fail () { echo "FAIL: $*" >&2; exit 1; }
requires () { "$@" >/dev/null 2>&1 || skip "missing requirement: $*"; }

# A scratch directory removed at exit.  Tests call it as d=$(scratch_dir), in a subshell, so the
# directories live under one root that this shell created and removes.
_scratch_root=$(mktemp -d "${TMPDIR:-/tmp}/winseed-test.XXXXXX")
cleanup_fn rm -rf "$_scratch_root"
scratch_dir () {
  mktemp -d "$_scratch_root/d.XXXXXX"
}

# Path of a cached test image (built by `make check` before the tests run).
image () {
  local p="$WINSEED_IMAGES/$1.img"
  [ -f "$p" ] || skip "test image $1 not built ($p)"
  echo "$p"
}

# image_root NAME [INDEX]: the Windows root of test image NAME when it is disk INDEX (0, the
# default, is /dev/sda) of an appliance: the partition tests/images/README gives, which
# images/check-images.sh checks libguestfs' inspection finds.  Tests take it from here instead of
# running inspect-os, which mounts every filesystem of every disk and runs parted on every disk
# for each drive letter (about 11 s a disk under TCG, growing with the square of the disk count).
image_root () {
  local part i=${2:-0}
  case $1 in
    winxp-x86|win7-x86) part=1 ;;
    win10-x64|hibernated) part=2 ;;
    win2019-x64|win2019-big-x64|win2022-x64|win11-x64) part=3 ;;
    *) fail "image_root: tests/images/README gives no single Windows root for '$1'" ;;
  esac
  [[ $i =~ ^[0-9]+$ ]] && (( i < 26 )) || fail "image_root: disk index '$i' is not 0 to 25"
  local letters=abcdefghijklmnopqrstuvwxyz
  echo "/dev/sd${letters:i:1}$part"
}

# Decompressed copy of a fixture (hives and logs are stored xz-compressed).
fixture () {
  local rel="$1" out
  if [ -f "$WINSEED_FIXTURES/$rel" ]; then echo "$WINSEED_FIXTURES/$rel"; return; fi
  [ -f "$WINSEED_FIXTURES/$rel.xz" ] || fail "no fixture $rel"
  out="${WINSEED_TESTS_BUILDDIR:-$PWD}/fixtures-cache/$rel"
  if [ ! -f "$out" ]; then
    mkdir -p "$(dirname "$out")"
    xz -dc "$WINSEED_FIXTURES/$rel.xz" > "$out.tmp.$$" && mv "$out.tmp.$$" "$out"
  fi
  echo "$out"
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq () {
  [ "$2" = "$3" ] || fail "$1: expected '$2', got '$3'"
}
# assert_contains WHAT NEEDLE HAYSTACK
assert_contains () {
  case "$3" in *"$2"*) ;; *) fail "$1: '$2' not found in: $3" ;; esac
}
# expect_exit CODE CMD...: run CMD, require exit status CODE; stderr goes to $last_stderr.
expect_exit () {
  local want="$1"; shift
  last_stderr=$(mktemp); cleanup_fn rm -f "$last_stderr"
  set +e; "$@" 2>"$last_stderr"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$last_stderr" >&2; fail "'$*' exited $got, expected $want"; }
}

# One guestfish appliance for a whole test (a launch costs ~12 s under TCG):
#   gf_start --ro -a IMG1 -a IMG2 ...     (launches it)
#   gf inspect-os                         (any guestfish command; output on stdout)
#   gf_stop                               (also done at exit)
gf_start () {
  local out
  out=$(guestfish --listen "$@") || fail "guestfish --listen $* failed"
  eval "$out"
  [ -n "${GUESTFISH_PID:-}" ] || fail "guestfish did not start"
  cleanup_fn gf_stop
  gf run
}
gf () { guestfish --remote -- "$@" < /dev/null; }
gf_stop () {
  if [ -n "${GUESTFISH_PID:-}" ]; then
    guestfish --remote -- exit >/dev/null 2>&1 || :
    unset GUESTFISH_PID
  fi
}

# Values of a registry key as hivexget prints them ("name"=type:data lines), for grep.
reg_values () { hivexget "$1" "$2" 2>/dev/null || :; }
# One value's line payload after the '=' ("" when absent).
reg_value () { reg_values "$1" "$2" | sed -n "s/^\"$3\"=//Ip" | head -n1; }
