#!/bin/bash
# The bash completion (bash-completion/winseed) offers every command, every option of every
# command, and the values the man page lists for the options that take a fixed set.  Expected
# lists come from `winseed CMD --long-options`, src/winseed.pod and data/device-ids.tsv, never
# from the completion itself.  No appliance.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
top="$WINSEED_TESTS_SRCDIR/.."
pod="$top/src/winseed.pod"
bc=/usr/share/bash-completion/bash_completion
[ -r "$bc" ] || skip "bash-completion is not installed ($bc)"

# The completion runs the `winseed` typed on the command line: make that this tree's binary.
bin=$(scratch_dir)
ln -s "$(cd "$(dirname "$WINSEED")" && pwd)/$(basename "$WINSEED")" "$bin/winseed"
PATH="$bin:$PATH"

set +u   # bash_completion reads unset variables
# shellcheck disable=SC1090
. "$bc"
. "$top/bash-completion/winseed"
complete -p winseed | grep -q -- '-F _winseed' || fail "the completion does not register _winseed"

# complete LINE: COMPREPLY for the cursor at the end of LINE (a trailing space starts a new word).
complete_line () {
  COMP_LINE=$1
  COMP_POINT=${#1}
  read -r -a COMP_WORDS <<< "$1"
  [[ $1 == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMPREPLY=()
  _winseed winseed "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sort -u | sed '/^$/d'
}

# expect LINE WORD...: exactly these words are offered.
expect () {
  local line=$1; shift
  local got want
  got=$(complete_line "$line" | tr '\n' ' ')
  want=$(printf '%s\n' "$@" | sed '/^$/d' | sort -u | tr '\n' ' ')
  [ "$got" = "$want" ] || fail "'$line': offered [$got], expected [$want]"
}

# expect_has LINE WORD...: at least these words are offered.
expect_has () {
  local line=$1; shift
  local got w
  got=$(complete_line "$line")
  for w in "$@"; do
    grep -qx -- "$w" <<< "$got" || fail "'$line': $w not offered (got: $(echo $got))"
  done
}

# Commands, from the man page's "=head2 winseed CMD" sections.
commands=$(sed -n 's/^=head2 winseed \([a-z]*\)$/\1/p' "$pod")
[ -n "$commands" ] || fail "no command found in $pod"
expect "winseed " $commands
expect "winseed con" convert
expect "winseed d" diagnose domain drivers
expect "winseed --" --help --version

# Every option of every command, as the binary parses them.
n=0
for cmd in $commands; do
  opts=$("$WINSEED" "$cmd" --long-options) || fail "winseed $cmd --long-options failed"
  shorts=$("$WINSEED" "$cmd" --short-options) || fail "winseed $cmd --short-options failed"
  expect "winseed $cmd -" $opts $shorts
  n=$(( n + $(echo $opts $shorts | wc -w) ))
  # and the man page documents each (tests/test-docs.sh checks the reverse direction too)
  for o in $opts; do
    grep -q "B<$o>" "$pod" || fail "winseed $cmd $o: offered but not in winseed.pod"
  done
done
expect "winseed convert --no-" --no-firstboot --no-network
expect "winseed convert --blo" --block-driver

# Values of the options the man page gives as B<a>|B<b>|... in its =item line.
while IFS= read -r item; do
  opt=$(sed 's/^=item B<\(--[a-z-]*\)>.*/\1/' <<< "$item")
  values=$(sed 's/^=item B<--[a-z-]*> //; s/B<\([^>]*\)>/\1/g; s/|/ /g' <<< "$item")
  for cmd in $commands; do
    "$WINSEED" "$cmd" --long-options | grep -qx -- "$opt" || continue
    expect "winseed $cmd $opt " $values
    expect "winseed $cmd $opt=" $values
  done
done < <(grep -E '^=item B<--[a-z-]+> B<[^>]+>(\|B<[^>]+>)+$' "$pod")
grep -q '^=item B<--block-driver> B<viostor>|B<vioscsi>|B<both>$' "$pod" ||
  fail "winseed.pod's --block-driver item changed shape: the value check above read nothing"
expect "winseed convert --block-driver vio" viostor vioscsi
expect "winseed convert --firstboot s" service setup-cmdline

# --bus: verify also takes "all" (its --help), domain picks one bus.
expect "winseed verify --bus " virtio-blk virtio-scsi virtio-net all
expect "winseed domain --bus " virtio-blk virtio-scsi
# --format: the formats the man page lists for libguestfs, and auto.
expect_has "winseed inspect --format " auto raw qcow2 vmdk vdi vhdx
expect "winseed inspect --format q" qcow2 qed
# --also: every role of data/device-ids.tsv but the three convert always installs.
roles=$(grep -v '^#' "$top/data/device-ids.tsv" | cut -f2 | sort -u | grep -vx -e block -e scsi -e net)
expect "winseed convert --also " $roles
# Free-form values offer nothing rather than option names.
expect "winseed convert --nic-map "
expect "winseed domain --memory "
expect "winseed convert --memory "

# Files for -a, --drivers, --report, --log, --libvirt-xml, batch's manifest; directories only for
# --out.
d=$(scratch_dir)
mkdir "$d/isos"
: > "$d/win10.qcow2"; : > "$d/virtio-win.iso"; : > "$d/guests.jsonl"
cd "$d"
expect "winseed convert -a win" win10.qcow2
expect "winseed convert -a $d/win10.qcow2 --drivers vi" virtio-win.iso
expect "winseed convert --report gu" guests.jsonl
expect "winseed convert --libvirt-xml win" win10.qcow2
expect "winseed convert --libvirt-xml " guests.jsonl isos virtio-win.iso win10.qcow2
expect "winseed diagnose --log " guests.jsonl isos virtio-win.iso win10.qcow2
expect "winseed batch gu" guests.jsonl
expect "winseed batch guests.jsonl --out " isos
echo "ok: $(echo $commands | wc -w) commands, $n options"
