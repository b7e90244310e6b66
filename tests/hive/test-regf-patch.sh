#!/bin/bash
# hive/regf-patch.c, the in-place patch of a hive (docs/registry-and-hives.md#patching-a-hive-in-place),
# through hive/test-regf-patch (which says what it checks):
#   - the mixed plan (every operation) on the real XP, 7 and 10 SYSTEM hives, and the every-op and
#     bench plans of plans.c on the 10 one, against hive_apply, with crash states on XP and 7;
#   - hivexregedit exports of the patched and the hive_apply'd hives must be the same text;
#   - new, changed and deleted keys under an index root (Classes\CLSID of a hive images/padhive
#     grows to 20 MiB), crash states included;
#   - the read cost on a 100 MiB padded hive: under 4 MiB read;
#   - a key whose one write would cross a page is refused, for the caller to fall back;
#   - the undo record of each patch (hive/regf-undo.c, joined writes), applied and undone, with
#     its own crash states where the patch's are checked;
#   - hostile headers (bins past the end, a wrong checksum, unequal sequence numbers) fail with
#     one line naming the offset, and hives damaged where the patch reads them give a patch or a
#     one-line error (build with --enable-sanitizers to check there is no memory error).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires command -v hivexregedit
t="$WINSEED_TESTS_BUILDDIR/hive/test-regf-patch"
padhive="$WINSEED_TESTS_BUILDDIR/images/padhive"
d=$(scratch_dir)
prefix='HKEY_LOCAL_MACHINE\SYSTEM'

# The patched and the hive_apply'd hive of the last run in $1, exported by hivexregedit.
same_export () {
  hivexregedit --export --prefix "$prefix" "$1/patched" '\' > "$1/patched.reg"
  hivexregedit --export --prefix "$prefix" "$1/hivex" '\' > "$1/hivex.reg"
  if ! cmp -s "$1/patched.reg" "$1/hivex.reg"; then
    diff "$1/patched.reg" "$1/hivex.reg" | head -40 >&2
    fail "$2: the patched hive and hive_apply's export differently"
  fi
  echo "ok: $2: hivexregedit exports are identical ($(wc -l < "$1/patched.reg") lines)"
}

run () {  # run NAME HIVE PLAN [crash] [cost]
  local dir="$d/$1"
  mkdir -p "$dir"
  shift
  "$t" "$1" "$2" "$dir" "${@:3}" || fail "test-regf-patch $*"
}

xp=$(fixture hives/winxp-sp3_bitcurator_SYSTEM)
w7=$(fixture hives/win7-sp1_regipy_SYSTEM)
w10=$(fixture hives/win10-18362_regipy_SYSTEM)

run xp "$xp" mixed crash
same_export "$d/xp" "XP mixed"
run w7 "$w7" mixed crash
run w10 "$w10" mixed
run w10-every "$w10" every-op
same_export "$d/w10-every" "10 every-op"
run w10-bench "$w10" bench

# DELETE_KEY of a key with subkeys is refused, as hive_apply refuses it (not a fallback).
mkdir -p "$d/nonleaf"
out=$("$t" "$w10" delete-nonleaf "$d/nonleaf" 2>&1) && fail "a key with subkeys was deleted"
assert_contains "delete-nonleaf" "it has 2 subkeys, and the plan deletes only the key" "$out"
case "$out" in *"in place"*) fail "delete-nonleaf: offered a fallback: $out" ;; esac
echo "ok: $out"

mkdir -p "$d/straddle"
"$t" "$xp" straddle "$d/straddle" || fail "a write across a page was not refused"

"$padhive" software "$w7" "$d/pad20" 20
run ri "$d/pad20" ri crash

"$padhive" software "$w7" "$d/pad100" 100
start=$(date +%s)
run cost "$d/pad100" ri cost
echo "ok: cost test in $(( $(date +%s) - start )) s"

# Hostile headers.  Each is a copy of the XP hive with one header field changed and, except for
# the checksum case, the checksum fixed, so that only the lie is left.
hostile () {  # hostile NAME OFFSET VALUE FIXSUM EXPECT
  local h="$d/hostile-$1"
  cp "$xp" "$h"
  python3 - "$h" "$2" "$3" "$4" <<'EOF'
import struct, sys
path, off, val, fix = sys.argv[1], int(sys.argv[2], 0), int(sys.argv[3], 0), sys.argv[4] == "1"
b = bytearray(open(path, "rb").read())
b[off:off + 4] = struct.pack("<I", val)
if fix:
    s = 0
    for i in range(0, 0x1fc, 4):
        s ^= struct.unpack_from("<I", b, i)[0]
    b[0x1fc:0x200] = struct.pack("<I", 1 if s == 0 else 0xfffffffe if s == 0xffffffff else s)
open(path, "wb").write(b)
EOF
  mkdir -p "$d/out-$1"
  local out rc=0
  out=$("$t" "$h" mixed "$d/out-$1" as-is 2>&1) || rc=$?
  [ "$rc" = 1 ] || fail "hostile $1: exit status $rc, output: $out"
  [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "hostile $1: not one line: $out"
  assert_contains "hostile $1" "$5" "$out"
  echo "ok: hostile $1: $out"
}
# Damage inside the cells the patch reads: a patch or a one-line error, never a crash.
mkdir -p "$d/mutate"
"$t" "$xp" mixed "$d/mutate" mutate=300 || fail "damaged hives"

hostile bins 0x28 0x7ffff000 1 "0x28"
hostile checksum 0x1fc 0x12345678 0 "0x1fc"
# Unequal sequence numbers are no lie, but a log left to replay: refused for the whole-file path.
hostile sequence 0x8 0x1 1 "0x4 (4613) and 0x8 (1) differ: the hive was not cleanly written, its log is not replayed (fallback)"
# The Windows 10 fixture was copied from a running system: its sequence numbers differ.
out=$("$t" "$w10" mixed "$d/out-bins" as-is 2>&1) && fail "the live Windows 10 hive was patched"
assert_contains "live hive" "sequence numbers at 0x4 (4317) and 0x8 (4316) differ" "$out"
assert_contains "live hive" "(fallback)" "$out"
echo "ok: the live Windows 10 hive is left to the whole-file path: $out"
