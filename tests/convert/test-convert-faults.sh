#!/bin/bash
# All or nothing: make a conversion fail at every write step in turn (WINSEED_FAULT_INJECT, see
# common/ws-fault.h) and check that each failed run left the guest unchanged, and that the run
# with no step left to fail converted it fully.
#  - steps on the host (hive-apply:*, on a copy of win2019-x64 whose SYSTEM hive's sequence
#    numbers differ, so that it is rewritten whole rather than patched in place) and everything
#    before the commit: the image is bit-identical;
#  - guest writes (convert:write:N, on win2019-x64, whose hives are patched in place: each group
#    of hive writes is a step): the run rolls back (exit 4) and the guest's files and hives are
#    the original ones (read back in one guestfish session for all runs).
# One package (viostor) keeps the number of steps, and so of appliance launches, small.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires guestfish --version
d=$(scratch_dir)
tree=$(driver_tree)
orig=$(copy_image win2019-x64 "$d")
s0=$(sha256sum < "$orig")
args=(--drivers "$tree" --block-driver viostor --no-network -q)

run_fault () {   # run_fault STEP IMAGE: exit status of a conversion failing at STEP
  set +e
  WINSEED_FAULT_INJECT="$1" "$WINSEED" convert -a "$2" "${args[@]}" 2> "$d/err"
  local rc=$?
  set -e
  echo $rc
}

dirty="$d/dirty.img"
cp --sparse=always "$orig" "$dirty"
dirty_system "$dirty" "$(image_root win2019-x64)"
sdirty=$(sha256sum < "$dirty")
for step in hive-apply:edit hive-apply:commit hive-apply:verify hive-apply:rename; do
  img="$d/$step.img"; cp --sparse=always "$dirty" "$img"
  rc=$(run_fault "$step" "$img")
  assert_eq "exit status with a fault at $step" 4 "$rc"
  grep -q "injected fault at $step" "$d/err" || fail "$step: $(cat "$d/err")"
  assert_eq "image after a fault at $step" "$sdirty" "$(sha256sum < "$img")"
  rm -f "$img"
  echo "ok: $step: rolled back, image bit-identical"
done

n=0 faulted=()
while :; do
  n=$((n + 1))
  img="$d/write$n.img"; cp --sparse=always "$orig" "$img"
  rc=$(run_fault "convert:write:$n" "$img")
  if [ "$rc" = 0 ]; then
    grep -q "injected fault" "$d/err" && fail "write $n: succeeded after an injected fault"
    final="$img"
    break
  fi
  assert_eq "exit status with a fault at write $n" 4 "$rc"
  grep -q "injected fault at convert:write:$n" "$d/err" || fail "write $n: $(cat "$d/err")"
  grep -q "rolled back, the guest is unchanged" "$d/err" || fail "write $n: $(cat "$d/err")"
  faulted+=("$img")
  [ $n -lt 200 ] || fail "more than 200 write steps"
done
echo "ok: $((n - 1)) guest write steps each failed and rolled back; the run without a fault converted"

# Read back: the original, every faulted image, and the converted one, in one appliance.
# A listing of the trees a conversion writes to, with checksums of every file in them.
state () {
  local root="$1" p
  gf mount-ro "$root" /
  for p in /Windows/System32/config /Windows/System32/drivers /Windows/INF \
           /Windows/System32/DriverStore/FileRepository; do
    gf find "$p" | sort | while read -r f; do
      f=${f#/}
      [ -z "$f" ] && continue
      if [ "$(gf is-file "$p/$f")" = true ]; then echo "$p/$f $(gf checksum sha256 "$p/$f")"; else echo "$p/$f/"; fi
    done
  done
  gf umount-all
}
all=("$orig" "${faulted[@]}" "$final")
gfargs=()
for i in "${all[@]}"; do gfargs+=(-a "$i"); done
gf_start --ro "${gfargs[@]}"
roots=()
for i in "${!all[@]}"; do roots+=("$(image_root win2019-x64 "$i")"); done
state "${roots[0]}" > "$d/state.orig"
for i in $(seq 1 $(( ${#all[@]} - 2 ))); do
  state "${roots[$i]}" > "$d/state.$i"
  diff -u "$d/state.orig" "$d/state.$i" > "$d/diff" || fail "fault at write $i left changes: $(head -20 "$d/diff")"
done
last=$(( ${#all[@]} - 1 ))
state "${roots[$last]}" > "$d/state.final"
grep -qi '/Windows/System32/drivers/viostor.sys ' "$d/state.final" || fail "the converted image has no viostor.sys"
grep -qi 'FileRepository/viostor.inf_amd64_' "$d/state.final" || fail "the converted image has no viostor package"
echo "ok: every faulted image equals the original; the last run converted"
