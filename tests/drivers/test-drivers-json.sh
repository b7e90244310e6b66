#!/bin/bash
# `winseed drivers --json`: one JSON document on stdout, with the facts of each package as its
# INF states them (here NetKVM/w10/amd64/netkvm.inf, a copy of the NetKVM fixture decorated
# NTamd64.10.0), and the common options.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$d/tree"
"$WINSEED" drivers --drivers "$d/tree" --json > "$d/out.json"
jq -e . "$d/out.json" > /dev/null || fail "not JSON"
assert_eq "documents" 1 "$(jq -s length "$d/out.json")"
p='.packages[] | select(.inf == "NetKVM/w10/amd64/netkvm.inf")'
get () { jq -c "$p | $1" "$d/out.json"; }
assert_eq "class" '"Net"' "$(get .class)"
assert_eq "class guid" '"{4d36e972-e325-11ce-bfc1-08002be10318}"' "$(get .class_guid)"
assert_eq "provider" '"Red Hat, Inc."' "$(get .provider)"
assert_eq "date" '"2022-08-18"' "$(get .driver_date)"
assert_eq "version" '"100.91.104.22500"' "$(get .driver_version)"
assert_eq "catalog" '"netkvm.cat"' "$(get .catalog)"
assert_eq "role" '"net"' "$(get .role)"
assert_eq "folder" '"w10"' "$(get .os_folder)"
assert_eq "arch" '"amd64"' "$(get .arch)"
assert_eq "decorations" '["NTamd64.10.0"]' "$(get .decorations)"
assert_eq "service" '{"name":"netkvm","start_type":3,"service_type":1,"load_order_group":"NDIS","binary":"%12%\\netkvm.sys"}' \
  "$(get '.services[0]')"
assert_eq "hardware IDs" '["PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00","PCI\\VEN_1AF4&DEV_1041&SUBSYS_11001AF4&REV_01"]' \
  "$(get .hardware_ids)"
assert_eq "compatible IDs" '["PCI\\VEN_1AF4&DEV_1000","PCI\\VEN_1AF4&DEV_1041"]' "$(get .compatible_ids)"
assert_eq "complete" true "$(get .complete)"
assert_eq "no target" null "$(jq -c .target "$d/out.json")"
p='.packages[] | select(.inf == "viostor/w7/x86/viostor.inf")'
assert_eq "viostor service" '{"name":"viostor","start_type":0,"service_type":1,"load_order_group":"SCSI miniport","binary":"%12%\\viostor.sys"}' \
  "$(get '.services[0]')"
p='.packages[] | select(.inf == "qemufwcfg/w10/amd64/qemufwcfg.inf")'
assert_eq "null service" '""' "$(get '.services[0].name')"
"$WINSEED" drivers --drivers "$d/tree" --target 2k19/amd64 --json > "$d/t.json"
assert_eq "target" '{"given":"2k19/amd64","target":"10.0.17763/server/amd64","os":"2k19","title":"Windows Server 2019 (2k19)","boot":"DriverDatabase"}' \
  "$(jq -c .target "$d/t.json")"
assert_eq "roles" '["block","scsi","net","fwcfg"]' "$(jq -c '[.selection[].role]' "$d/t.json")"
# The command's options, as the docs test sees them.
opts=$("$WINSEED" drivers --long-options)
assert_contains "--drivers" "--drivers" "$opts"
assert_contains "--target" "--target" "$opts"
assert_contains "help" "Usage: winseed drivers --drivers PATH" "$("$WINSEED" drivers --help)"
echo "ok"
