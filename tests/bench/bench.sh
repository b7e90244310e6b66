#!/bin/bash
# bench.sh (make bench): what winseed's commands cost next to a bare appliance launch, on the test
# hives and on hives of real size.  BENCH_RUNS rounds (default 3); each round runs, on
# win2019-x64.img (its hives as the tests build them: a few KB) and then on win2019-big-x64.img
# (the same guest with the SOFTWARE, SYSTEM and DRIVERS hives of a real Server 2019, see
# tests/images/README):
#   bare      guestfish -a /dev/null run
#   inspect   winseed inspect -a IMG
#   verify    winseed verify -a IMG          (exit 7 expected: no virtio driver in the image yet)
#   convert   winseed convert -a COPY --drivers TREE --report R.json   (a fresh sparse copy)
#   v2v       virt-v2v-in-place -i disk COPY  (a fresh copy; VIRTIO_WIN = the same TREE), if installed
# The commands alternate within a round so that a busy spell of the machine hits all of them.
#
# Printed, and written to BENCH_OUT (default: bench.txt in the tests build directory): per image
# and command the median wall time, its ratio to the bare launch with the target where there is
# one (convert <= 1.25, inspect and verify <= 1.15; targets are printed, never judged), the peak
# RSS of the command's own process (convert: the report's peak_rss_kib; the others: VmHWM read
# from /proc while it runs) and /usr/bin/time's %M (which also counts the qemu appliance, a child
# that is waited for), every run's exit status, and the median seconds of each phase in convert's
# report.  Exit status 1, after the summary, when a run did not exit as expected.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
# Time the binary itself, not the schema check functions.sh wraps it in.
WINSEED=$WINSEED_REAL
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"

runs=${BENCH_RUNS:-3}
out=${BENCH_OUT:-${WINSEED_TESTS_BUILDDIR:-$PWD}/bench.txt}
case $runs in ''|*[!0-9]*|0) fail "BENCH_RUNS must be a positive number, not '$runs'" ;; esac
for tool in guestfish jq pgrep; do
  requires command -v "$tool"
done
[ -x /usr/bin/time ] || skip "GNU time (/usr/bin/time) is needed"
d=$(scratch_dir)
tree=$(driver_tree)
declare -A img=([small]=$(image win2019-x64) [big]=$(image win2019-big-x64))
have_v2v=false
command -v virt-v2v-in-place > /dev/null && have_v2v=true

# virt-v2v installs its firstboot scripts with rhsrvany.exe and pnp_wait.exe, which Debian does
# not ship: stand-ins let it run (they are copied into the guest, never executed here).
mkdir -p "$d/virt-tools"
printf 'MZ stand-in\n' > "$d/virt-tools/rhsrvany.exe"
printf 'MZ stand-in\n' > "$d/virt-tools/pnp_wait.exe"

# measure IMAGE COMMAND EXPECTED-EXIT PROGRAM ARGS...: one timed run.  Appends
# "seconds own-rss-kib all-rss-kib exit" to $d/IMAGE.COMMAND.
measure () {
  local tag=$1 cmd=$2 want=$3 key="$1.$2"
  shift 3
  /usr/bin/time -f '%e %M %x' -o "$d/time" "$@" > "$d/$key.out" 2> "$d/$key.err" &
  local tpid=$! pid="" hwm=0 k v
  # The program is /usr/bin/time's child; VmHWM only grows, so the last reading is its peak
  # (up to the last 0.1 s of the run).
  while kill -0 "$tpid" 2> /dev/null; do
    [ -n "$pid" ] || pid=$(pgrep -P "$tpid" | head -n1)
    if [ -n "$pid" ]; then
      # (the error redirection first: the process may end between the check and the read)
      while read -r k v _; do
        [ "$k" = VmHWM: ] && hwm=$v
      done 2> /dev/null < "/proc/$pid/status"
    fi
    sleep 0.1
  done
  wait "$tpid"
  local secs rss status
  read -r secs rss status < <(tail -n1 "$d/time")
  echo "$secs $hwm $rss $status" >> "$d/$key"
  printf '  %-6s %-8s %7.1f s  exit %s\n' "$tag" "$cmd" "$secs" "$status" >&2
  if [ "$status" != "$want" ]; then
    echo "${img[$tag]##*/} $cmd: exit $status, expected $want: $(grep -v '^\s*$' "$d/$key.err" | tail -n1)" >> "$d/failures"
  fi
}

start=$(date +%s)
echo "bench: $runs round(s) on ${img[small]##*/} and ${img[big]##*/}; progress:" >&2
for (( r = 1; r <= runs; r++ )); do
  echo " round $r/$runs" >&2
  for t in small big; do
    measure "$t" bare 0 guestfish -a /dev/null run
    measure "$t" inspect 0 "$WINSEED" inspect -q -a "${img[$t]}"
    measure "$t" verify 7 "$WINSEED" verify -q -a "${img[$t]}"
    cp --sparse=always "${img[$t]}" "$d/copy.img"
    rm -f "$d/report.json"
    measure "$t" convert 0 "$WINSEED" convert -q -a "$d/copy.img" --drivers "$tree" --report "$d/report.json"
    if jq -e . "$d/report.json" > /dev/null 2>&1; then
      jq -r .peak_rss_kib "$d/report.json" >> "$d/$t.convert.report-rss"
      jq -r '(.seconds // {}) | to_entries[] | "\(.key) \(.value)"' "$d/report.json" >> "$d/$t.phases"
    fi
    rm -f "$d/copy.img"
    if $have_v2v; then
      cp --sparse=always "${img[$t]}" "$d/copy.img"
      measure "$t" v2v 0 env VIRTIO_WIN="$tree" VIRT_TOOLS_DATA_DIR="$d/virt-tools" \
        virt-v2v-in-place -i disk "$d/copy.img"
      rm -f "$d/copy.img"
    fi
  done
done

median () { sort -n | awk '{ a[NR] = $1 } END { if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
kib_mib () { awk -v k="$1" 'BEGIN { if (k == "" || k < 0) print "-"; else printf "%.1f", k / 1024 }'; }
declare -A med
declare -A label=([bare]="bare appliance launch" [inspect]="winseed inspect" [verify]="winseed verify"
                  [convert]="winseed convert" [v2v]="virt-v2v-in-place")
declare -A target=([inspect]="<= 1.15" [verify]="<= 1.15" [convert]="<= 1.25")
declare -A expect=([verify]=7)
declare -A what=([small]="hives as the tests build them (a few KB)"
                 [big]="SOFTWARE, SYSTEM, DRIVERS of a real Server 2019's size")

summary () {
  echo "bench: $runs round(s), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), $(( $(date +%s) - start )) s in all"
  echo "  LIBGUESTFS_BACKEND=${LIBGUESTFS_BACKEND:-} LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-}"
  echo "  winseed: $WINSEED"
  echo "  targets are ratios to the bare launch; they are printed, not judged"
  echo "  own RSS: the command's process (convert: report peak_rss_kib); %M: /usr/bin/time, counts the appliance"
  local t c
  for t in small big; do
    echo
    echo "${img[$t]##*/}: ${what[$t]}"
    printf '  %-22s %9s %7s %8s %12s %10s  %s\n' command median "x bare" target "own RSS MiB" "%M MiB" "exit status per run"
    for c in bare inspect verify convert v2v; do
      local f="$d/$t.$c"
      if [ ! -f "$f" ]; then
        printf '  %-22s not run (not installed)\n' "${label[$c]}"
        continue
      fi
      local m own all st ratio note=""
      m=$(cut -d' ' -f1 "$f" | median)
      med[$t.$c]=$m
      if [ "$c" = convert ] && [ -s "$d/$t.convert.report-rss" ]; then
        own=$(sort -n "$d/$t.convert.report-rss" | tail -n1)
      else
        own=$(cut -d' ' -f2 "$f" | sort -n | tail -n1)
      fi
      all=$(cut -d' ' -f3 "$f" | sort -n | tail -n1)
      st=$(cut -d' ' -f4 "$f" | paste -sd' ')
      ratio=$(awk -v a="$m" -v b="${med[$t.bare]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
      [ "${expect[$c]:-0}" = 0 ] || note=" (${expect[$c]} expected)"
      awk -v s="$st" -v w="${expect[$c]:-0}" 'BEGIN { n = split (s, a, " "); for (i = 1; i <= n; i++) if (a[i] != w) exit 1 }' ||
        note="$note FAILED"
      printf '  %-22s %7.1f s %7s %8s %12s %10s  %s%s\n' "${label[$c]}" "$m" "$ratio" "${target[$c]:--}" \
        "$(kib_mib "$own")" "$(kib_mib "$all")" "$st" "$note"
    done
    echo "  runs (s): $(for c in bare inspect verify convert v2v; do
      [ -f "$d/$t.$c" ] && printf '%s %s\n' "$c" "$(cut -d' ' -f1 "$d/$t.$c" | paste -sd' ')"; done | paste -sd';' | sed 's/;/; /g')"
    if [ -s "$d/$t.phases" ]; then
      printf '  convert phases, median s:'
      local p
      for p in $(awk '!seen[$1]++ { print $1 }' "$d/$t.phases"); do
        printf ' %s %.2f' "$p" "$(awk -v p="$p" '$1 == p { print $2 }' "$d/$t.phases" | median)"
      done
      echo
    fi
  done
  echo
  echo "real-size hives / test hives (median wall time):"
  for c in bare inspect verify convert v2v; do
    [ -n "${med[small.$c]:-}" ] && [ -n "${med[big.$c]:-}" ] || continue
    awk -v l="${label[$c]}" -v a="${med[big.$c]}" -v b="${med[small.$c]}" \
      'BEGIN { if (b > 0) printf "  %-22s %5.2f  (%+.1f s)\n", l, a / b, a - b }'
  done
  if [ -s "$d/failures" ]; then
    echo
    echo "FAILED RUNS ($(wc -l < "$d/failures")):"
    sed 's/^/  /' "$d/failures"
  fi
}

summary | tee "$out"
echo "(written to $out)"
[ ! -s "$d/failures" ]
