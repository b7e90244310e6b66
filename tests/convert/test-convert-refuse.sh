#!/bin/bash
# Guests and inputs convert must refuse, each with its documented exit status, one line on
# stderr naming what and where, and the image bit-identical.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
d=$(scratch_dir)
tree=$(driver_tree)

# refuse STATUS PATTERN IMAGE ARGS...
refuse () {
  local want="$1" pattern="$2" img="$3"; shift 3
  local before; before=$(sha256sum < "$img")
  set +e; "$WINSEED" convert -a "$img" "$@" > "$d/out" 2> "$d/err"; local got=$?; set -e
  [ "$got" = "$want" ] || { cat "$d/err"; fail "convert $(basename "$img") $*: exit $got, expected $want"; }
  [ "$(grep -c '^winseed: ' "$d/err")" = 1 ] || { cat "$d/err"; fail "expected one error line"; }
  grep -q -- "$pattern" "$d/err" || fail "stderr '$(grep '^winseed: ' "$d/err")' does not match '$pattern'"
  [ ! -s "$d/out" ] || fail "stdout not empty"
  assert_eq "image after a refused conversion" "$before" "$(sha256sum < "$img")"
  echo "ok: [$want] $(grep '^winseed: ' "$d/err")"
}

refuse 1 "no driver set given" "$(image win2019-x64)"
refuse 1 "--block-driver must be viostor, vioscsi or both" "$(image win2019-x64)" --drivers "$tree" --block-driver foo
refuse 2 "cannot read driver set\|does not exist\|No such file" "$(image win2019-x64)" --drivers "$d/no-such-tree"
refuse 6 "Windows is hibernated" "$(copy_image hibernated "$d")" --drivers "$tree"
refuse 6 "BitLocker" "$(copy_image bitlocker "$d")" --drivers "$tree"

# A driver set with only NetKVM: no storage driver for the guest, and the message says what was
# looked for.
mkdir -p "$d/netonly"
cp -r "$tree/NetKVM" "$d/netonly/"
refuse 3 "no block driver in .* fits Windows Server 2019.*no scsi driver" "$(copy_image win2019-x64 "$d")" --drivers "$d/netonly"
refuse 3 "no balloon driver\|no package for this role" "$(copy_image win2019-x64 "$d")" --drivers "$tree" --also balloon-missing-role

# A full filesystem: fill C: until 1 MiB is left, then convert.
full=$(copy_image win2019-x64 "$d")
gf_start -a "$full"
root=$(image_root win2019-x64)
gf mount "$root" /
avail=$(gf statvfs / | awk '/^bavail:/ {b=$2} /^bsize:/ {s=$2} END {print b*s}')
gf fallocate64 /filler $(( avail - (1 << 20) ))
gf_stop
refuse 6 "not enough free space" "$full" --drivers "$tree"
