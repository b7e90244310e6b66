#!/bin/bash
# Every exit status winseed can return (enum ws_exit) is documented in the man page's EXIT STATUS,
# and the man page documents no status the code does not have.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
hdr="$WINSEED_TESTS_SRCDIR/../common/ws-error.h"
pod="$WINSEED_TESTS_SRCDIR/../src/winseed.pod"
code=$(sed -n 's/^ *WS_EXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$hdr" | sort -n | tr '\n' ' ')
[ -n "$code" ] || fail "no WS_EXIT_ values found in $hdr"
doc=$(sed -n '/^=head1 EXIT STATUS/,/^=head1 /p' "$pod" | sed -n 's/^=item B<\([0-9]*\)>.*/\1/p' | sort -n | tr '\n' ' ')
assert_eq "exit statuses documented in winseed.pod" "$code" "$doc"
echo "documented: $doc"
