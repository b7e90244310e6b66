#!/bin/bash
# The transaction tracks the paths it writes as the guest resolves them (src/convert/convert-txn.h):
# a driver set whose INF copies its payload through several spellings of a folder
#   - an existing folder in another case (10,sYsTeM32\DRIVERS),
#   - an existing file in another case, which the commit replaces (10,system32 -> Notepad.Exe),
#   - a new nested folder, and the same new folder again in another case (WsNew / WSNEW),
#   - a doubled separator (10,System32\\drivers),
# converts with each file where Windows would put it and one new folder, not two; and a failure
# after staging (convert:write:2) or with every file in place (convert:placed) rolls back to a
# guest whose whole file tree and checksums equal the original's, with nothing of ours left.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires guestfish --version
d=$(scratch_dir)
orig=$(copy_image win2019-x64 "$d")
cp -a "$(driver_tree)" "$d/set"
inf="$d/set/viostor/2k19/amd64/viostor.inf"
sed -i -e 's/^viostor_Files_Driver = 12.*/&\r\
ws_mixed = 10,sYsTeM32\\DRIVERS\r\
ws_replace = 10,system32\r\
ws_new = 10,WsNew\\Nested\\Deeper\r\
ws_new_again = 10,WSNEW\\nested\r\
ws_doubled = 10,System32\\\\drivers\r/' \
  -e 's/^CopyFiles=viostor_Files_Driver.*/CopyFiles=viostor_Files_Driver,ws_mixed,ws_replace,ws_new,ws_new_again,ws_doubled\r/' "$inf"
cat >> "$inf" <<'EOF'

[ws_mixed]
wsmixed.sys,viostor.sys

[ws_replace]
Notepad.Exe,viostor.sys

[ws_new]
wsnew.sys,viostor.sys

[ws_new_again]
wsnew2.sys,viostor.sys

[ws_doubled]
wsdbl.sys,viostor.sys
EOF
grep -q 'ws_doubled = 10,System32\\\\drivers' "$inf" || fail "the INF was not edited: $(grep -n ws_ "$inf")"
args=(--drivers "$d/set" --block-driver viostor --no-network -q)

# convert_with FAULT IMAGE: run a conversion (FAULT may be empty); prints the exit status.
convert_with () {
  set +e
  WINSEED_FAULT_INJECT="$1" "$WINSEED" convert -a "$2" "${args[@]}" > "$d/out" 2> "$d/err"
  local rc=$?
  set -e
  echo $rc
}

faulted=()
for step in convert:write:2 convert:placed; do
  img="$d/${step//:/-}.img"; cp --sparse=always "$orig" "$img"
  rc=$(convert_with "$step" "$img")
  [ "$rc" = 4 ] || { cat "$d/err"; fail "fault at $step: exit $rc, expected 4"; }
  grep -q "rolled back, the guest is unchanged: .*injected fault at $step" "$d/err" || fail "$step: $(cat "$d/err")"
  faulted+=("$img")
  echo "ok: fault at $step: exit 4, rolled back"
done
conv="$d/converted.img"; cp --sparse=always "$orig" "$conv"
rc=$(convert_with "" "$conv")
[ "$rc" = 0 ] || { cat "$d/err"; fail "conversion without a fault: exit $rc"; }

# state: every path of the filesystem ("path /P") and the sha256 of every file ("file /P SUM"),
# sorted; two calls per image.
state () {
  gf mount-ro "$1" /
  {
    gf find / | sed '/^$/d; s|^|path /|'
    gf checksums-out sha256 / - | sed -E 's|^([0-9a-f]+)  \./(.*)$|file /\2 \1|'
  } | LC_ALL=C sort
  gf umount-all
}
all=("$orig" "${faulted[@]}" "$conv")
gfargs=()
for i in "${all[@]}"; do gfargs+=(-a "$i"); done
gf_start --ro "${gfargs[@]}"
roots=()
for i in 0 1 2 3; do roots+=("$(image_root win2019-x64 $i)"); done
state "${roots[0]}" > "$d/state.orig"
for i in 1 2; do
  state "${roots[$i]}" > "$d/state.$i"
  diff -u "$d/state.orig" "$d/state.$i" > "$d/diff" ||
    fail "fault at ${faulted[$((i - 1))]##*/} left changes: $(head -20 "$d/diff")"
done
echo "ok: both faulted images have the original's files, folders and checksums"

state "${roots[3]}" > "$d/state.final"
gf_stop
sys=$(sha256sum < "$d/set/viostor/2k19/amd64/viostor.sys" | cut -d' ' -f1)
for p in /Windows/System32/drivers/wsmixed.sys /Windows/System32/notepad.exe \
         /Windows/WsNew/Nested/Deeper/wsnew.sys /Windows/WsNew/Nested/wsnew2.sys \
         /Windows/System32/drivers/wsdbl.sys; do
  grep -qx "file $p $sys" "$d/state.final" || fail "converted image: no '$p' with viostor.sys' content"
done
for f in /Windows/WsNew /Windows/WsNew/Nested /Windows/System32/drivers; do
  n=$(grep -icx "path $f" "$d/state.final")
  [ "$n" = 1 ] || fail "expected one folder '$f', found $n: $(grep -ix "path $f" "$d/state.final")"
done
! grep -qi 'winseed-new' "$d/state.final" || fail "a staged temporary is left: $(grep -i winseed-new "$d/state.final")"
echo "ok: converted: each file where the guest resolves it, one folder per name"
