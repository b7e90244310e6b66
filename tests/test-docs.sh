#!/bin/bash
# Every option each command accepts is documented in the man page, and the man page documents
# no option that no command accepts (like guestfs-tools' podcheck.pl).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
pod="$WINSEED_TESTS_SRCDIR/../src/winseed.pod"
documented=$(grep -o 'B<--[a-z0-9-]*>' "$pod" | sed 's/B<\(.*\)>/\1/' | sort -u)
accepted=""
# The commands, from the man page's "=head2 winseed CMD" sections; each must be one winseed runs.
commands=$(sed -n 's/^=head2 winseed \([a-z]*\)$/\1/p' "$pod")
[ -n "$commands" ] || fail "no command found in $pod"
for cmd in $commands; do
  "$WINSEED" "$cmd" --help > /dev/null || fail "winseed.pod documents a command 'winseed $cmd' that does not run"
done
for cmd in $commands; do
  opts=$("$WINSEED" "$cmd" --long-options 2>/dev/null) || continue
  accepted="$accepted $(echo $opts)"
  for o in $opts; do
    echo "$documented" | grep -qx -- "$o" || fail "winseed $cmd $o is not documented in winseed.pod"
  done
done
for o in $documented; do
  case " $accepted --version " in *" $o "*) ;; *) fail "winseed.pod documents $o, which no command accepts" ;; esac
done
echo "ok: $(echo "$documented" | wc -l) options"
