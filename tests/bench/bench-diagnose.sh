#!/bin/bash
# bench-diagnose: stream ~1 GiB of SetupAPI log (the real Windows 10 log, repeated) through a pipe
# into winseed diagnose, and report the time and the peak resident memory.  Memory must not grow
# with the log: the reader keeps one section, the report one entry per distinct device/package.
set -eu
src="${WINSEED_TOP_SRCDIR:?run me through ./run}/tests/fixtures/logs/win10-21H1-19043_setupapi.dev.log.xz"
gib=${BENCH_GIB:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/winseed-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
xz -dc "$src" > "$tmp/one.log"
one=$(stat -c %s "$tmp/one.log")
copies=$(( gib * 1024 * 1024 * 1024 / one + 1 ))
stream () { for (( i = 0; i < copies; i++ )); do cat "$tmp/one.log"; done; }
timer=(); [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%M' -o "$tmp/rss")
echo unknown > "$tmp/rss"
start=$(date +%s.%N)
stream | "${timer[@]}" winseed diagnose --log - --json > "$tmp/out.json"
end=$(date +%s.%N)
jq -e '.summary.failed == 0 and (.packages | length) == 31' "$tmp/out.json" > /dev/null
echo "diagnose: $copies copies, $(( copies * one / 1048576 )) MiB streamed," \
  "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') s, peak RSS $(cat "$tmp/rss") KiB"
