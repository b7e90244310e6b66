#!/bin/bash
# A package lacking a file its INF references (the .sys of CopyFiles, the catalog of
# CatalogFile) is listed as incomplete, with the missing files, and is never chosen.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$d/tree"
rm "$d/tree/viostor/2k19/amd64/viostor.sys"
rm "$d/tree/vioscsi/2k19/amd64/vioscsi.cat" "$d/tree/amd64/2k19/vioscsi.cat"
"$WINSEED" drivers --drivers "$d/tree" --target 2k19/amd64 --json > "$d/out.json"
pkg () { jq -c --arg p "$1" ".packages[] | select(.inf == \$p) | $2" "$d/out.json"; }
assert_eq "viostor incomplete" false "$(pkg viostor/2k19/amd64/viostor.inf .complete)"
assert_eq "viostor missing" '["viostor/2k19/amd64/viostor.sys"]' "$(pkg viostor/2k19/amd64/viostor.inf .missing)"
assert_eq "vioscsi missing" '["vioscsi/2k19/amd64/vioscsi.cat"]' "$(pkg vioscsi/2k19/amd64/vioscsi.inf .missing)"
assert_eq "others complete" true "$(pkg viostor/2k16/amd64/viostor.inf .complete)"
# block: the identical Setup copy in amd64/2k19 is complete, so it is used.
role () { jq -r --arg r "$1" ".selection[] | select(.role == \$r) | $2" "$d/out.json"; }
assert_eq "block" amd64/2k19/viostor.inf "$(role block .inf)"
assert_eq "block candidate" "incomplete: 'viostor/2k19/amd64/viostor.sys' is missing" \
  "$(role block '.candidates[] | select(.inf == "viostor/2k19/amd64/viostor.inf") | .reason')"
# scsi: both 2k19 copies lack the catalog; the closest other decoration (2k16's 10.0...14393) wins.
assert_eq "scsi" vioscsi/2k16/amd64/vioscsi.inf "$(role scsi .inf)"
assert_contains "scsi why" "no usable package is in a folder for Windows Server 2019 (2k19)" "$(role scsi .reason)"
assert_contains "scsi why" "the closest Models decoration" "$(role scsi .reason)"
# Text listing says so too.
out=$("$WINSEED" drivers --drivers "$d/tree")
assert_contains "text" "complete         no: missing viostor/2k19/amd64/viostor.sys" "$out"
echo "ok"
