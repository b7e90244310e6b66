#!/bin/bash
# SIGINT or SIGTERM while a command works (here during the appliance's launch, when winseed does
# not know its pid yet): no scratch directory left behind (libguestfs' socket directory included),
# no appliance left running, the image untouched (the signal comes before the commit), and the process ends by the
# signal.  One appliance launch.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
d=$(scratch_dir)
src=$(image win10-x64)
tree="$WINSEED_FIXTURES/virtio-win"
mkdir "$d/tmp"

# run_and_signal SIG DELAY IMG CMD...: start CMD with its own TMPDIR, signal it DELAY seconds
# after the appliance (qemu-system, naming IMG) started, and wait for it.  Not "qemu.*IMG":
# winseed's own `qemu-img info IMG` matches that before the launch, and a signal then lands
# while libguestfs is still building its appliance.
run_and_signal () {
  local sig="$1" delay="$2" img="$3"; shift 3
  env --default-signal=INT TMPDIR="$d/tmp" "$@" >/dev/null 2>"$d/err" &
  local pid=$! n=0
  until pgrep -f "qemu-system.*$img" >/dev/null; do
    sleep 0.2; n=$((n + 1))
    [ $n -lt 600 ] || { kill -9 $pid; fail "no appliance after 120 s"; }
    kill -0 $pid 2>/dev/null || fail "$* ended before it could be signalled: $(cat "$d/err")"
  done
  # libguestfs' socket directory, in qemu's "-chardev socket,path=DIR/guestfsd.sock": it is
  # outside TMPDIR (under /tmp for root) and must go too.
  sockdir=$(pgrep -af "qemu-system.*$img" | grep -o 'socket,path=[^,]*/guestfsd\.sock' | head -n1 |
            sed 's/^socket,path=//; s|/guestfsd\.sock$||')
  sleep "$delay"
  kill -s "$sig" $pid
  set +e; wait $pid; status=$?; set -e
}

cp --sparse=always "$src" "$d/w.img"
run_and_signal INT 3 "$d/w.img" "$WINSEED" convert -a "$d/w.img" --drivers "$tree"
assert_eq "convert ended by SIGINT" 130 "$status"
# .guestfs-* is libguestfs' appliance cache: kept on purpose between runs.
left () { ls -A "$d/tmp" | grep -v '^\.guestfs-' || :; }
assert_eq "scratch left after SIGINT" "" "$(left)"
[ -n "$sockdir" ] || fail "no socket directory in the appliance's command line"
[ ! -e "$sockdir" ] || fail "libguestfs' socket directory $sockdir is left after SIGINT"
cmp -s "$src" "$d/w.img" || fail "the image changed although the signal came before the commit"

sleep 1
! pgrep -f "qemu-system.*$d/[wi].img" >/dev/null || fail "an appliance of an interrupted command is still running"
echo "ok"
