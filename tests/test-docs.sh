#!/bin/bash
# Every option each command accepts is documented in the man page, and the man page documents
# no option that no command accepts (like guestfs-tools' podcheck.pl).
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
pod="$WINSEED_TESTS_SRCDIR/../src/winseed.pod"
documented=$(grep -o 'B<--[a-z0-9-]*>' "$pod" | sed 's/B<\(.*\)>/\1/' | sort -u)
accepted=""
for cmd in inspect drivers convert verify diagnose domain batch; do
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
