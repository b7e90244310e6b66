#!/bin/bash
# Damaged hives: hive-apply refuses them with exit status 2 (bad input) and one line naming the
# hive and the file, and writes nothing.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
helper="$WINSEED_TESTS_BUILDDIR/hive/hive-helper"
fixture=$(fixture hives/win10-18362_regipy_SYSTEM)
d=$(scratch_dir)

# check NAME PATTERN: applying to $d/NAME exits 2 with one stderr line matching PATTERN.
check () {
  set +e; "$helper" apply every-op "$d/$1" "$d/$1.out" 2>"$d/err"; local got=$?; set -e
  [ "$got" = 2 ] || { cat "$d/err"; fail "$1: exited $got, expected 2"; }
  [ "$(wc -l < "$d/err")" = 1 ] || { cat "$d/err"; fail "$1: expected one line on stderr"; }
  grep -q -- "$2" "$d/err" || fail "$1: stderr '$(cat "$d/err")' does not match '$2'"
  [ ! -e "$d/$1.out" ] || fail "$1: an output was written"
  echo "ok: $1: $(cat "$d/err")"
}

check missing "cannot open SYSTEM hive '$d/missing': No such file or directory"
mkdir "$d/dir"
check dir "cannot open SYSTEM hive '$d/dir': not a regular file"
: > "$d/empty"
check empty "cannot open SYSTEM hive '$d/empty': not a registry hive"
head -c 65536 /dev/urandom > "$d/random"
check random "not a registry hive (no regf header)"
head -c 5000000 "$fixture" > "$d/truncated"
check truncated "cannot open SYSTEM hive '$d/truncated': truncated"
head -c 8192 "$fixture" > "$d/truncated-8k"
check truncated-8k "truncated"

# A bad header checksum (byte 0x1fc).
cp "$fixture" "$d/checksum"
printf '\x55' | dd of="$d/checksum" bs=1 seek=$((0x1fc)) conv=notrunc status=none
check checksum "cannot open SYSTEM hive '$d/checksum': corrupt or truncated registry hive"

# Garbage over an hbin in the middle of the file.
cp "$fixture" "$d/hbin"
head -c 4096 /dev/zero | dd of="$d/hbin" bs=4096 seek=1000 conv=notrunc status=none
check hbin "corrupt or truncated registry hive"

# Damage that hivex_open cannot see: the key record of ControlSet001\Services\stornvme loses its
# "nk" signature, and is found only while walking the keys the plan names.
requires command -v python3
cp "$fixture" "$d/deep"
python3 - "$d/deep" <<'PY'
import sys
p = sys.argv[1]
data = bytearray(open(p, "rb").read())
# nk record: "nk" signature, ..., name length at +0x48, name at +0x4c (ASCII).
hits = [i for i in range(0x1000, len(data) - 0x60)
        if data[i:i+2] == b"nk" and data[i+0x48:i+0x4a] == b"\x08\x00"
        and data[i+0x4c:i+0x54] == b"stornvme"]
assert hits, "stornvme key not found"
for i in hits:
    data[i:i+2] = b"zz"
open(p, "wb").write(data)
PY
check deep "cannot read the subkeys of SYSTEM key 'ControlSet001\\\\Services': corrupt hive"

[ -z "$(ls -A "$d" | grep '^\.')" ] || fail "temporary files left behind: $(ls -A "$d")"
