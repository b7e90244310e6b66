#!/bin/bash
# `winseed drivers` on hostile driver sets (docs/driver-store.md#driver-sets-stay-inside-themselves,
# docs/driver-store.md#names-an-inf-may-give): a payload that links out of the set (directly,
# through a chain, through a folder), a FIFO, and the viostor INF edited with each unsafe name
# form are refused with exit 2, one line naming the file (and the INF line, read from the
# edited text), nothing on stdout; an in-set by-os link into by-driver still works.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)
stor=viostor/w8.1/amd64
sys="$stor/viostor.sys"

# A fresh set: the fixture INFs with their payload and catalog.
make_set () {
  rm -rf "$d/set" && mkdir -p "$d/set"
  (cd "$WINSEED_FIXTURES/virtio-win" && find . -name '*.inf') | while read -r inf; do
    mkdir -p "$d/set/${inf%/*}" && cp "$WINSEED_FIXTURES/virtio-win/$inf" "$d/set/$inf"
    base="${inf%.inf}"; base="${base,,}"
    for ext in sys cat; do echo "placeholder" > "$d/set/${inf%/*}/${base##*/}.$ext"; done
  done
  ln -s ../../../NetKVM/w8.1/amd64/netkvm.sys "$d/set/$stor/netkvm-link.sys"   # an in-set link
}

# refused WHAT PATTERN: exit 2, one line on stderr containing PATTERN, stdout empty.
refused () {
  expect_exit 2 "$WINSEED" drivers --drivers "$d/set" --json > "$d/out"
  [ ! -s "$d/out" ] || fail "$1: output on stdout"
  assert_eq "$1: one line" 1 "$(wc -l < "$last_stderr")"
  assert_contains "$1" "$2" "$(cat "$last_stderr")"
}

make_set
"$WINSEED" drivers --drivers "$d/set" --json > "$d/ok.json"
assert_eq "complete packages" 4 "$(jq '[.packages[] | select(.complete)] | length' "$d/ok.json")"

mkdir -p "$d/outside" && echo "host secret" > "$d/outside/secret"
rm "$d/set/$sys" && ln -s "$d/outside/secret" "$d/set/$sys"
refused "link out" "cannot read '$d/set/$sys': a link to '$d/outside/secret', outside the driver set"
rm "$d/set/$sys" && ln -s ../../hop.sys "$d/set/$sys" && ln -s ../../outside/secret "$d/set/viostor/hop.sys"
refused "chain out" "a link to '$d/outside/secret', outside the driver set"
make_set
ln -s "$d/outside" "$d/set/$stor/more"
refused "folder link out" "cannot read '$d/set/$stor/more': a link to '$d/outside', outside the driver set"
make_set
rm "$d/set/$sys" && mkfifo "$d/set/$sys"
refused "FIFO" "cannot read driver set '$d/set': '$sys' is a FIFO: expected a regular file"

# The RPM layout: by-os/<arch>/<os>/ links into by-driver/, used as the files themselves.
make_set
mkdir -p "$d/set/by-os/amd64/w8.1"
for f in viostor.inf viostor.sys viostor.cat; do ln -s "../../../$stor/$f" "$d/set/by-os/amd64/w8.1/$f"; done
"$WINSEED" drivers --drivers "$d/set" --json > "$d/rpm.json"
assert_eq "by-os link" true "$(jq '.packages[] | select(.inf == "by-os/amd64/w8.1/viostor.inf") | .complete' "$d/rpm.json")"

# INF names: "SED-EXPRESSION|TEXT OF THE EDITED LINE|MESSAGE AFTER 'line N: '".
while IFS='|' read -r expr text message; do
  make_set
  sed -i -e "$expr" "$d/set/$stor/viostor.inf"
  line=$(grep -n -F "$text" "$d/set/$stor/viostor.inf" | head -n1 | cut -d: -f1)
  [ -n "$line" ] || fail "$expr: edit not applied"
  refused "$expr" "winseed: cannot parse '$stor/viostor.inf' line $line: $message"
done <<'TABLE'
s/^viostor_Files_Driver = 12/&,..\\..\\..\\Users\\Public/|Users\Public|unsafe DestinationDirs subdirectory '..\..\..\Users\Public': it has a '..' component
s/^viostor_Files_Driver = 12/&,C:\\Users/|12,C:|unsafe DestinationDirs subdirectory 'C:\Users': it is a drive-letter path
s/^viostor_Files_Driver = 12/&,\\Windows/|12,\Windows|unsafe DestinationDirs subdirectory '\Windows': it is an absolute path
s/^viostor\.sys,,,2/viostor.sys:ads,viostor.sys,,2/|viostor.sys:ads|unsafe CopyFiles destination name 'viostor.sys:ads': it uses NTFS stream syntax
s/^viostor\.sys,,,2/LPT1.sys,viostor.sys,,2/|LPT1.sys|unsafe CopyFiles destination name 'LPT1.sys': it is a reserved DOS device name
s/^viostor\.sys,,,2/viostor.sys.,viostor.sys,,2/|viostor.sys.,|unsafe CopyFiles destination name 'viostor.sys.': it ends in a dot or a space
s/^viostor\.sys,,,2/..\\evil.sys,viostor.sys,,2/|evil.sys|unsafe CopyFiles destination name '..\evil.sys': it has a folder separator
s/^viostor\.sys,,,2/viostor.sys,\/root\/secret,,2/|/root/secret|unsafe CopyFiles source name '/root/secret': it is an absolute path
s/^viostor\.sys,,,2/viostor.sys,"vio\x1bstor.sys",,2/|,"vio|unsafe CopyFiles source name 'vio\x1bstor.sys': it has a control character
s/^viostor\.sys,,,2/&\r\nVIOSTOR.SYS,viostor.cat,,2/|VIOSTOR.SYS|CopyFiles destination 'VIOSTOR.SYS' collides with 'viostor.sys' of line
s/^viostor\.sys = 1,,/viostor.sys = 1,..\\..\\..,/|= 1,..|unsafe SourceDisksFiles subdirectory '..\..\..': it has a '..' component
s/^1 = %DiskId1%,,,""/1 = %DiskId1%,,,D:\\drivers/|D:\drivers|unsafe SourceDisksNames path 'D:\drivers': it is a drive-letter path
s/^CatalogFile=viostor\.cat/CatalogFile=..\\..\\viostor.cat/|CatalogFile=|unsafe CatalogFile '..\..\viostor.cat': it has a folder separator
s/^CatalogFile=viostor\.cat/CatalogFile=aux.cat/|CatalogFile=|unsafe CatalogFile 'aux.cat': it is a reserved DOS device name
s/^CopyFiles=viostor_Files_Driver/&\r\nCopyINF=..\\..\\x.inf/|CopyINF|unsafe CopyINF name '..\..\x.inf': it has a folder separator
TABLE
echo "ok"
