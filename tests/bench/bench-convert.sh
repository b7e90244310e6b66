#!/bin/bash
# make bench: in one run on the same image (win2019-x64, a fresh copy each time), the median of
# BENCH_RUNS (default 3) wall times of
#   1. a bare appliance launch:          guestfish -a /dev/null run
#   2. winseed convert                   (viostor + vioscsi + NetKVM from the ISO-layout tree)
#   3. virt-v2v-in-place                 (Debian's virt-v2v, VIRTIO_WIN = the same tree), if installed
# and the host-side peak RSS of each.  Target (issue 4): convert <= 1.25 x the bare launch.
# Prints figures only; nothing here passes or fails on time.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
runs=${BENCH_RUNS:-3}
d=$(scratch_dir)
tree=$(driver_tree)
src=$(image win2019-x64)
command -v /usr/bin/time >/dev/null || skip "GNU time (/usr/bin/time) is needed for peak RSS"

# measure NAME CMD...: appends "seconds rss_kib exit" to $d/NAME
measure () {
  local name="$1"; shift
  /usr/bin/time -f '%e %M %x' -o "$d/t" "$@" >/dev/null 2>"$d/$name.err" || :
  tail -n1 "$d/t" >> "$d/$name"
}
median () { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# virt-v2v installs firstboot scripts through rhsrvany.exe/pnp_wait.exe, which Debian does not
# ship: stand-ins let it run (they are copied into the guest, never executed here).
mkdir -p "$d/virt-tools"
printf 'MZ stand-in\n' > "$d/virt-tools/rhsrvany.exe"
printf 'MZ stand-in\n' > "$d/virt-tools/pnp_wait.exe"
for i in $(seq "$runs"); do
  measure bare guestfish -a /dev/null run
  cp --sparse=always "$src" "$d/w.img"
  measure convert "$WINSEED" convert -q -a "$d/w.img" --drivers "$tree" --report "$d/report.json"
  jq -r .peak_rss_kib "$d/report.json" >> "$d/convert.rss"
  if command -v virt-v2v-in-place >/dev/null; then
    cp --sparse=always "$src" "$d/v.img"
    VIRTIO_WIN="$tree" VIRT_TOOLS_DATA_DIR="$d/virt-tools" measure v2v virt-v2v-in-place -i disk "$d/v.img"
  fi
done

report () {
  local name="$1" label="$2"
  [ -f "$d/$name" ] || { printf '%-22s not measured\n' "$label"; return; }
  local med rss fails
  med=$(cut -d' ' -f1 "$d/$name" | median)
  rss=$(cut -d' ' -f2 "$d/$name" | sort -n | tail -n1)
  fails=$(awk '$3 != 0' "$d/$name" | wc -l)
  printf '%-22s median %6.1f s   peak RSS %7d KiB   runs %s%s\n' "$label" "$med" "$rss" \
    "$(cut -d' ' -f1 "$d/$name" | tr '\n' ' ')" "$([ "$fails" = 0 ] || echo "  ($fails failed: $(tail -n1 "$d/$name.err"))")"
  eval "med_$name=$med"
}
echo "bench-convert: $runs runs on $(basename "$src"), $(nproc) cores, LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-}"
report bare "bare appliance launch"
report convert "winseed convert"
report v2v "virt-v2v-in-place"
echo "(peak RSS above includes the qemu appliance, a child process; winseed's own peak RSS: $(sort -n "$d/convert.rss" | tail -n1) KiB)"
awk -v c="$med_convert" -v b="$med_bare" 'BEGIN {printf "convert / bare launch: %.2f (target <= 1.25)\n", c / b}'
[ -z "${med_v2v:-}" ] || awk -v v="$med_v2v" -v b="$med_bare" -v c="$med_convert" \
  'BEGIN {printf "virt-v2v-in-place / bare launch: %.2f; virt-v2v / winseed: %.2f\n", v / b, v / c}'
