#!/bin/bash
# make check-stress (never part of make check): SIGKILL winseed at a random moment of a
# conversion, WS_STRESS_RUNS times (50 by default).  After each kill, once its appliance is gone:
#  - `ntfsfix -n` in a read-only appliance finds the NTFS volume consistent;
#  - hivex loads each hive the conversion patches in place (it checks every cell when it opens
#    a hive): a kill between two groups of hive writes leaves a hive Windows can load;
#  - `winseed verify` still reads the guest: exit 0 (converted) or 7 (not yet bootable on
#    virtio), never a bad-input or internal failure;
#  - `winseed undo` takes the killed run back: each hive byte for byte the original, or, when the
#    kill came before the hive was written, the hive untouched;
#  - a second conversion completes (exit 0) and `winseed verify` then says it boots (exit 0).
# The random moments are spread over the length of one whole conversion, measured first.
# Nine appliance launches per run: expect one to two minutes each under TCG.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires command -v hivexregedit
runs=${WS_STRESS_RUNS:-50}
d=$(scratch_dir)
tree=$(driver_tree)
orig=$(copy_image win2019-x64 "$d")
img=$d/run.img
args=(--drivers "$tree" --block-driver viostor --no-network -q)

now_ms () { echo $(( $(date +%s%N) / 1000000 )); }

cp --sparse=always "$orig" "$img"
t0=$(now_ms)
"$WINSEED" convert -a "$img" "${args[@]}" > /dev/null 2> "$d/err" || { cat "$d/err"; fail "the timing run failed"; }
length=$(( $(now_ms) - t0 ))
echo "one conversion: $length ms; $runs runs"

# appliance_gone: wait for the killed run's qemu (libguestfs' recovery process ends it when
# winseed dies); after 60 s it is a failure.
appliance_gone () {
  local n=0
  while pgrep -f "qemu.*$img" > /dev/null; do
    sleep 0.5; n=$((n + 1))
    [ $n -lt 120 ] || fail "run $1: the appliance outlived winseed by 60 s"
  done
}

# ntfs_consistent RUN DELAY: ntfsfix -n (look, change nothing) in a read-only appliance finds the
# killed run's NTFS volume consistent.  A volume that ntfs-3g had mounted read-write when the
# appliance died keeps its dirty flag, which Windows answers with a chkdsk at boot and ntfsfix -n
# reports without failing; anything else it finds is a failure.
# The check runs in the appliance's shell, where device names are the kernel's own, not the
# names libguestfs' API gives the disks it was handed.  On a loaded host /dev/sda has come
# up three times without partitions and once busy to a partition-table reread, the image
# unchanged: most likely the kernel's asynchronous SCSI scan named the appliance's own root disk
# first.  So the NTFS volumes are found by type, whatever their names.
ntfs_check_script='udevadm settle; vols=$(blkid -o device -t TYPE=ntfs); rc=0
  [ -n "$vols" ] || { echo "no NTFS volume among:" /dev/sd*; rc=1; }
  for v in $vols; do echo "== $v"; ntfsfix -n "$v" || rc=1; done; echo ntfsfix-exit=$rc'
ntfs_consistent () {
  local out
  out=$(guestfish --ro -a "$img" run : debug sh "$ntfs_check_script" 2>&1) ||
    fail "run $1: ntfsfix could not run: $out"
  case "$out" in
    *ntfsfix-exit=0*) ;;
    *) cp --sparse=always "$img" "$WINSEED_TESTS_BUILDDIR/stress-kill-failed.img" || :
       fail "run $1 (killed after $2 ms): ntfsfix -n rejects the volume (image kept as" \
            "tests/stress-kill-failed.img): $out" ;;
  esac
}

# download_hives IMAGE PREFIX: its SYSTEM, SOFTWARE and DRIVERS hives to $d/PREFIX.HIVE.
root=$(image_root win2019-x64)
download_hives () {
  guestfish --ro -a "$1" -m "$root" download /Windows/System32/config/SYSTEM "$d/$2.SYSTEM" : \
    download /Windows/System32/config/SOFTWARE "$d/$2.SOFTWARE" : \
    download /Windows/System32/config/DRIVERS "$d/$2.DRIVERS" > "$d/gf.err" 2>&1 ||
    fail "cannot read the hives of $1: $(cat "$d/gf.err")"
}
download_hives "$orig" orig

# hives_load RUN DELAY: the killed run's hives, read from the disk, load in hivex and export whole.
hives_load () {
  local h
  download_hives "$img" killed
  for h in SYSTEM SOFTWARE DRIVERS; do
    hivexregedit --export "$d/killed.$h" '\' > /dev/null 2> "$d/hivex.err" || {
      cp --sparse=always "$img" "$WINSEED_TESTS_BUILDDIR/stress-kill-failed.img" || :
      fail "run $1 (killed after $2 ms): hivex cannot load $h (image kept as" \
           "tests/stress-kill-failed.img): $(head -3 "$d/hivex.err")"
    }
  done
}

# undone RUN DELAY: winseed undo takes the killed run back: every hive byte for byte the original
# (exit 0), or, when the kill left no record (exit 3) or one it cut short (exit 2), the hive was
# not written yet: its bytes up to the original size are the original ones (a conversion's first
# group of writes only appends past the end of the bins).
undo_exits=
undone () {
  local u h n
  set +e; "$WINSEED" undo -a "$img" > /dev/null 2> "$d/undo.err"; u=$?; set -e
  case $u in
    0|2|3) ;;
    *) cp --sparse=always "$img" "$WINSEED_TESTS_BUILDDIR/stress-kill-failed.img" || :
       fail "run $1 (killed after $2 ms): undo exits $u (image before it kept as" \
            "tests/stress-kill-failed.img): $(cat "$d/undo.err")" ;;
  esac
  undo_exits="$undo_exits $u"
  download_hives "$img" undone
  for h in SYSTEM SOFTWARE DRIVERS; do
    n=$(stat -c %s "$d/orig.$h")
    cmp -s -n "$n" "$d/orig.$h" "$d/undone.$h" ||
      fail "run $1 (killed after $2 ms): undo exit $u left $h different from the original"
    [ "$u" != 0 ] || [ "$(stat -c %s "$d/undone.$h")" = "$n" ] ||
      fail "run $1 (killed after $2 ms): undo left $h at $(stat -c %s "$d/undone.$h") bytes, not $n"
  done
}

killed_converted=0 killed_before=0
for i in $(seq 1 "$runs"); do
  cp --sparse=always "$orig" "$img"
  delay=$(( (RANDOM * 32768 + RANDOM) % length ))
  "$WINSEED" convert -a "$img" "${args[@]}" > /dev/null 2> "$d/err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null || :
  set +e; { wait "$pid"; } 2> /dev/null; rc=$?; set -e   # no "Killed" line from bash
  appliance_gone "$i"
  ntfs_consistent "$i" "$delay"
  hives_load "$i" "$delay"
  set +e; "$WINSEED" verify -a "$img" --bus virtio-blk > /dev/null 2> "$d/verify.err"; v=$?; set -e
  case "$v" in
    0) killed_converted=$((killed_converted + 1)) ;;
    7) killed_before=$((killed_before + 1)) ;;
    *) fail "run $i (killed after $delay ms, exit $rc): verify exits $v: $(cat "$d/verify.err")" ;;
  esac
  undone "$i" "$delay"
  "$WINSEED" convert -a "$img" "${args[@]}" > /dev/null 2> "$d/err" ||
    fail "run $i (killed after $delay ms): the re-run failed: $(cat "$d/err")"
  "$WINSEED" verify -a "$img" --bus virtio-blk > /dev/null 2> "$d/verify.err" ||
    fail "run $i (killed after $delay ms): verify after the re-run: $(cat "$d/verify.err")"
  echo "ok: run $i: killed after $delay ms (verify $v, undo ${undo_exits##* }), re-run converted"
done
echo "ok: $runs runs survived ($killed_converted killed once converted, $killed_before before)"
