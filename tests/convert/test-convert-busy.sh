#!/bin/bash
# One writer per image: while another process holds the image's lock (flock(1) here, the same
# kind of lock convert takes), convert refuses at once with exit 6 and one line naming the image,
# and the image is unchanged; a read-only command is refused too while a conversion holds it.
# No appliance is launched: the lock is taken before.  Then the real case: a second convert while
# a first one converts the image exits 6 without starting an appliance, and both images are
# intact: the busy one converted by the first run alone (verify passes), the other disk the
# refused run named unchanged.  "Before any launch" is checked with a hypervisor that only
# records being run, not with a clock (a loaded host makes any limit flaky); the time each
# refusal took is printed for the record.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires flock --version
d=$(scratch_dir)
tree=$(driver_tree)
img=$(copy_image win2019-x64 "$d")
before=$(sha256sum < "$img")
# libguestfs runs $LIBGUESTFS_HV (to probe it, then to launch) only when it starts an appliance.
hv=$d/hv
printf '#!/bin/sh\ntouch "%s"\nexit 1\n' "$d/hv-started" > "$hv"
chmod +x "$hv"
no_launch () { [ ! -e "$d/hv-started" ] || fail "$1 started an appliance before refusing"; }

# The holder is sleep itself, holding the locked descriptor: killing it releases the lock.
( exec 9<"$img"; flock -x 9; exec sleep 60 ) &
holder=$!
cleanup_fn kill "$holder"
# Wait until the holder has the lock (a probe with a shared lock fails while it does).
for _ in $(seq 50); do flock -s -n "$img" true || break; sleep 0.1; done
flock -s -n "$img" true && fail "the holder never took the lock"

start=$(date +%s%N)
LIBGUESTFS_HV=$hv expect_exit 6 "$WINSEED" convert -a "$img" --drivers "$tree"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
no_launch "convert"
[ "$(grep -c '^winseed: ' "$last_stderr")" = 1 ] || { cat "$last_stderr"; fail "expected one error line"; }
assert_contains "convert's message" "disk image '$img' is in use" "$(cat "$last_stderr")"
echo "ok: convert refused in $ms ms: $(cat "$last_stderr")"

LIBGUESTFS_HV=$hv expect_exit 6 "$WINSEED" inspect -a "$img"
no_launch "inspect"
assert_contains "inspect's message" "disk image '$img' is in use" "$(cat "$last_stderr")"
assert_eq "image after the refusals" "$before" "$(sha256sum < "$img")"

# The lock is released with its holder: the image is free again.
kill "$holder"; wait "$holder" 2>/dev/null || :
flock -x -n "$img" true || fail "the image is still locked after its holder ended"
echo "ok: busy image refused, unchanged"

# A second convert while a first one runs.  The first holds the lock from before its appliance
# starts to its end.
other=$(copy_image win10-x64 "$d")
other_before=$(sha256sum < "$other")
"$WINSEED" convert -a "$img" --drivers "$tree" --block-driver viostor -q > /dev/null 2> "$d/first.err" &
first=$!
cleanup_fn kill "$first"
# Wait for its lock as long as it runs (a loaded host or the sanitizers slow it down).  The
# lock is looked up in /proc/locks rather than probed with flock(1): a probe takes a shared lock
# itself, and a convert that starts in that instant finds the image busy and refuses.
exclusive_flock_on () {
  awk -v ino="$(stat -c %i "$1")" '$2 == "FLOCK" && $4 == "WRITE" {
    n = split($6, id, ":"); if (id[n] == ino) found = 1 } END { exit !found }' /proc/locks
}
until exclusive_flock_on "$img"; do
  kill -0 "$first" 2>/dev/null || { cat "$d/first.err"; fail "the first convert ended before taking the lock"; }
  sleep 0.1
done
start=$(date +%s%N)
LIBGUESTFS_HV=$hv expect_exit 6 "$WINSEED" convert -a "$other" -a "$img" --drivers "$tree"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
assert_contains "second convert's message" "disk image '$img' is in use" "$(cat "$last_stderr")"
no_launch "the second convert"
kill -0 "$first" 2>/dev/null || fail "the first convert ended before the second was refused"
set +e; wait "$first"; st=$?; set -e
[ "$st" = 0 ] || { cat "$d/first.err"; fail "the first convert exited $st"; }
assert_eq "the other disk after the refused run" "$other_before" "$(sha256sum < "$other")"
"$WINSEED" verify -a "$img" --bus virtio-blk > /dev/null 2> "$d/verify.err" ||
  { cat "$d/verify.err"; fail "verify after the first convert"; }
echo "ok: concurrent convert refused in $ms ms; the first converted the image"
