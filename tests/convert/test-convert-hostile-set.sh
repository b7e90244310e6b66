#!/bin/bash
# convert with a hostile driver set (docs/driver-store.md#driver-sets-stay-inside-themselves):
# a payload linked to a host file outside the set, and an INF whose [DestinationDirs] climbs out
# of System32\drivers, are refused with exit 2 and one line naming the file (and the INF line);
# nothing reaches the guest: the image is bit-identical.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
d=$(scratch_dir)
img=$(copy_image win2019-x64 "$d")
before=$(sha256sum < "$img")

# refused PATTERN: exit 2, one error line matching PATTERN, nothing on stdout, image unchanged.
refused () {
  set +e; "$WINSEED" convert -a "$img" --drivers "$d/set" > "$d/out" 2> "$d/err"; local got=$?; set -e
  [ "$got" = 2 ] || { cat "$d/err"; fail "exit $got, expected 2"; }
  [ "$(grep -c '^winseed: ' "$d/err")" = 1 ] || { cat "$d/err"; fail "expected one error line"; }
  assert_contains "message" "$1" "$(grep '^winseed: ' "$d/err")"
  [ ! -s "$d/out" ] || fail "stdout not empty"
  assert_eq "image after a refused conversion" "$before" "$(sha256sum < "$img")"
  echo "ok: $(grep '^winseed: ' "$d/err")"
}

echo "host secret, not for any guest" > "$d/secret"
cp -a "$(driver_tree)" "$d/set"
sys=viostor/2k19/amd64/viostor.sys
rm "$d/set/$sys" && ln -s "$d/secret" "$d/set/$sys"
refused "cannot read '$d/set/$sys': a link to '$d/secret', outside the driver set"

rm -rf "$d/set" && cp -a "$(driver_tree)" "$d/set"
inf=viostor/2k19/amd64/viostor.inf
sed -i -e 's/^viostor_Files_Driver = 12/&,..\\..\\..\\Users\\Public/' "$d/set/$inf"
line=$(grep -n -F 'Users\Public' "$d/set/$inf" | cut -d: -f1)
refused "cannot parse '$inf' line $line: unsafe DestinationDirs subdirectory '..\\..\\..\\Users\\Public'"
