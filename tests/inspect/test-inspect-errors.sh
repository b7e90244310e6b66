#!/bin/bash
# Bad input to `winseed inspect`: each case gives its documented exit status, exactly one line on
# stderr naming what and where, and nothing on stdout (even with --json).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
d=$(scratch_dir)

# check STATUS PATTERN ARGS...: exit status, one stderr line matching PATTERN, empty stdout.
check () {
  local want="$1" pattern="$2"; shift 2
  set +e; "$WINSEED" inspect --json "$@" >"$d/out" 2>"$d/err"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$d/err"; fail "inspect $* exited $got, expected $want"; }
  [ ! -s "$d/out" ] || fail "inspect $* printed on stdout: $(head -c 200 "$d/out")"
  [ "$(wc -l < "$d/err")" = 1 ] || { cat "$d/err"; fail "inspect $*: expected one line on stderr"; }
  grep -q -- "$pattern" "$d/err" || fail "inspect $*: stderr '$(cat "$d/err")' does not match '$pattern'"
  echo "ok: [$want] $(cat "$d/err")"
}

# Usage.
check 1 "no disk image given" 
check 1 "unexpected argument 'extra'" -a /dev/null extra
check 1 "unknown disk format 'qcow3'" --format qcow3 -a /dev/null

# Missing, unreadable and non-disk files: refused before the appliance starts.
check 2 "disk image '$d/missing.img' does not exist" -a "$d/missing.img"
check 2 "disk image '$d' is a directory" -a "$d"
echo "not a disk" > "$d/text.img"
chmod 000 "$d/text.img"
if [ "$(id -u)" = 0 ]; then
  # root reads anything: run this one case as an unprivileged user.
  if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
    chmod 755 "$d" "$(dirname "$d")"   # nobody must reach the file to be refused by its mode
    set +e; setpriv --reuid=65534 --regid=65534 --clear-groups "$WINSEED" inspect -a "$d/text.img" 2>"$d/err"; got=$?; set -e
    [ "$got" = 2 ] || fail "unreadable disk: exit $got"
    grep -q "cannot read disk image '$d/text.img'" "$d/err" || fail "unreadable disk: $(cat "$d/err")"
    echo "ok: [2] $(cat "$d/err")"
  fi
else
  check 2 "cannot read disk image '$d/text.img'" -a "$d/text.img"
fi
chmod 644 "$d/text.img"
check 2 "no Windows found in '$d/text.img': no partition table or filesystem" --format raw -a "$d/text.img"

# Images from the factory.
check 2 "no Windows found in '.*empty.img': no partition table or filesystem" -a "$(image empty)"
check 3 "no Windows found in '.*nonwindows.img': no Windows installation found (filesystems: ext4" -a "$(image nonwindows)"
check 6 "BitLocker-encrypted volume on /dev/sda" -a "$(image bitlocker)"
check 1 "several Windows installations found, choose one with --root: /dev/sda1 (/Windows), /dev/sda2 (/Windows)$" -a "$(image dual-boot)"
check 1 "--root /dev/sdz9 is not a Windows root" --root /dev/sdz9 -a "$(image dual-boot)"
check 2 "cannot open SYSTEM hive '/Windows/System32/config/SYSTEM': truncated" -a "$(image truncated-hive)"
