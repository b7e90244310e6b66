#!/bin/bash
# The bad-input table (cases.tsv): every row is one bad disk, hive, INF, driver set, SetupAPI log,
# batch manifest or option.  For each row the input is built fresh (builders.sh) in a case
# directory, the command runs, and the test asserts:
#   - the exit status, from the EXIT STATUS table of winseed(1);
#   - exactly one line on stderr, "winseed: " and a message matching the row's pattern, which
#     names the file, option or line at fault (batch --check adds its count line, checked too;
#     convert's text report, which it writes on stderr under --json, is left aside);
#   - nothing on stdout when the command line has --json;
#   - every file of the case directory bit-identical afterwards (sha256), disk images included,
#     and no file added or removed;
#   - rows marked "host" are refused before any appliance starts: they run with a hypervisor
#     that cannot start (LIBGUESTFS_HV=/bin/false), so reaching the appliance would exit 9.
# BADINPUT_ONLY=REGEX runs the rows whose id matches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
. "$WINSEED_TESTS_SRCDIR/badinput/builders.sh"
set -e
table="$WINSEED_TESTS_SRCDIR/badinput/cases.tsv"
TREE=$(driver_tree)
MUTATED_DIR=$(scratch_dir)
: "${BADINPUT_ONLY:=.}"

# The files of directory $1 with their sha256, one per line (FIFOs and devices by name only).
inventory () {
  (cd "$1" && find . -path ./.case -prune -o -type f -print0 | sort -z | xargs -0r sha256sum
   find . -path ./.case -prune -o ! -type f ! -type d -print | sort | sed 's/^/special /')
}

n=0 guest=0 failed=0
t_start=$(date +%s)
while IFS=$'\t' read -r id where want pattern builder cmd; do
  case "$id" in ''|'#'*) continue ;; esac
  [[ "$id" =~ $BADINPUT_ONLY ]] || continue
  D=$(scratch_dir)
  IN="$D/in"
  mkdir "$D/.case"
  ( cd "$D" && eval "$builder" < /dev/null ) || fail "$id: builder '$builder' failed"
  inventory "$D" > "$D/.case/before"
  eval "set -- $cmd"
  t0=$(date +%s)
  set +e
  if [ "$where" = host ]; then
    ( cd "$D" && LIBGUESTFS_HV=/bin/false timeout 60 "$WINSEED" "$@" < /dev/null ) > "$D/.case/out" 2> "$D/.case/err"
  else
    ( cd "$D" && timeout 300 "$WINSEED" "$@" < /dev/null ) > "$D/.case/out" 2> "$D/.case/err"
  fi
  got=$?
  set -e
  secs=$(( $(date +%s) - t0 ))
  n=$((n + 1)); [ "$where" = host ] || guest=$((guest + 1))
  err=$(cat "$D/.case/err")
  msgs="$err" count_ok=yes
  if [ "$1" = convert ]; then
    # Under --json convert writes its text report on stderr, failed runs too: the error is the
    # one line that starts with "winseed: ".
    msgs=$(grep '^winseed: ' "$D/.case/err" || :)
  fi
  if [ "$1" = batch ] && [ "$(wc -l < "$D/.case/err")" -gt 1 ]; then
    # --check lists every problem of the manifest, then how many there were.
    [[ "$(tail -n1 "$D/.case/err")" == "winseed: manifest '"*"': 1 problem" ]] || count_ok=
    msgs=$(head -n -1 "$D/.case/err")
  fi
  problem=
  if [ "$got" != "$want" ]; then
    problem="exit $got, expected $want"
  elif [ -z "$count_ok" ]; then
    problem="the last line on stderr is not \"manifest '...': 1 problem\""
  elif [ "$(printf '%s\n' "$msgs" | wc -l)" != 1 ] || [ -z "$msgs" ]; then
    problem="expected one line on stderr"
  elif ! printf '%s\n' "$msgs" | grep -Eq -- "^winseed: $pattern"; then
    problem="stderr does not match 'winseed: $pattern'"
  elif [[ " $* " == *" --json "* ]] && [ -s "$D/.case/out" ]; then
    problem="output on stdout with --json: $(head -c 200 "$D/.case/out")"
  elif ! inventory "$D" | cmp -s - "$D/.case/before"; then
    problem="the case's files changed: $(inventory "$D" | diff "$D/.case/before" - | grep '^[<>]' | head -n3 | tr '\n' ' ')"
  fi
  if [ -n "$problem" ]; then
    echo "FAIL $id ($where, ${secs}s): $problem"
    printf '  %s\n' "$err"
    failed=$((failed + 1))
  else
    echo "ok   $id [$want] ($where, ${secs}s) $msgs"
  fi
  rm -rf "$D"
done < "$table"

echo "$n cases ($guest with an appliance, $((n - guest)) refused on the host), $failed failed," \
  "$(( $(date +%s) - t_start )) s"
[ "$n" -ge 1 ] || fail "no case ran"
[ "$failed" = 0 ] || fail "$failed of $n cases failed"
