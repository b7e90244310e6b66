#!/bin/bash
# `winseed inspect --json` on every Windows test image, compared with the facts of
# tests/images/README and the .reg text it was built from (tests/images/reg/), and, for the real
# hives, with tests/fixtures/README.md (Windows 7: two static NICs, exactly).  Each image's
# checksum is the same before and after: inspect never writes.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)

# facts IMAGE JQ-EXPRESSION EXPECTED...: compare jq's compact output with the expected text.
inspect () {
  local img; img=$(image "$1")
  local before; before=$(sha256sum < "$img")
  "$WINSEED" inspect --json -a "$img" > "$d/$1.json" || fail "inspect $1 failed"
  assert_eq "$1 checksum after inspect" "$before" "$(sha256sum < "$img")"
}
fact () {
  local got; got=$(jq -c "$2" "$d/$1.json")
  assert_eq "$1 $2" "$3" "$got"
}

inspect winxp-x86
fact winxp-x86 '.windows | [.product_name, .major_version, .minor_version, .arch, .edition]' \
  '["Microsoft Windows XP",5,1,"x86","client"]'
fact winxp-x86 '.windows | [.control_set, .boot_model, .drive_letter, .systemroot]' \
  '["ControlSet001","CriticalDeviceDatabase","C","/WINDOWS"]'
fact winxp-x86 '[.windows.nics[] | [.driver, .dhcp, .addresses]]' '[["E1000",true,["192.168.1.103"]]]'

inspect win7-x86
fact win7-x86 '.windows | [.product_name, .os, .build, .display_version, .arch, .edition_id]' \
  '["Windows 7 Professional","Windows 7",7601,"Service Pack 1","x86","Professional"]'
fact win7-x86 '.windows | [.control_set, .boot_model, .hostname, .drive_letter]' \
  '["ControlSet001","CriticalDeviceDatabase","WKS-WIN732BITA","C"]'
fact win7-x86 '[.windows.nics[] | [.name, .driver, .dhcp, .addresses, .subnet_masks, .gateways, .dns_servers]] | sort' \
  '[["Local Area Connection","E1G60",false,["192.168.1.123"],["255.255.255.0"],["192.168.1.1"],["192.168.1.112"]],["Local Area Connection 2","E1G60",false,["10.3.58.5"],["255.255.255.0"],["10.3.58.1"],["10.3.58.4"]]]'
# The MACs are in the NSI interface records (docs/registry-and-hives.md#nic-mac-address).
fact win7-x86 '[.windows.nics[] | [.mac, .mac_source, .default_gateways, .register_address, .netbios_options]] | sort' \
  '[["00:0c:29:77:d9:81","NSI",[{"address":"192.168.1.1","metric":0,"origin":"static"}],true,0],["00:50:56:a5:12:69","NSI",[{"address":"10.3.58.1","metric":0,"origin":"static"}],true,0]]'
fact win7-x86 '[.windows.storage[] | select(.boot_start) | .service] | index("LSI_SAS") != null' 'true'

inspect win10-x64
fact win10-x64 '.windows | [.product_name, .os, .build, .arch, .edition, .control_set, .boot_model, .drivers_hive, .drive_letter]' \
  '["Windows 10 Pro","Windows 10",18362,"amd64","client","ControlSet001","DriverDatabase",true,"C"]'
fact win10-x64 '[.windows.storage[] | select(.service == "LSI_SAS") | [.boot_start, .start_override]]' '[[true,false]]'
fact win10-x64 '[.windows.nics[] | [.name, .driver, .dhcp, .addresses, .gateways]]' \
  '[["Ethernet0","e1i65x64",true,["192.168.146.128"],["192.168.146.2"]]]'
fact win10-x64 '[.windows.nics[] | [.mac, .mac_source, .permanent_mac, .ipv4, .dhcp_domain, .dhcp_wins_servers]]' \
  '[["00:0c:29:f3:ff:de","NetworkSetup2","00:0c:29:f3:ff:de",[{"address":"192.168.146.128","mask":"255.255.255.0","origin":"dhcp"}],"localdomain",["192.168.146.2"]]]'
fact win10-x64 '[.windows.blockers[].kind] | index("fast-startup") != null' 'true'
fact win10-x64 '.windows.virtio' '[]'

inspect win2019-x64
fact win2019-x64 '.windows | [.product_name, .os, .build, .edition_id, .edition, .control_set, .hostname]' \
  '["Windows Server 2019 Standard","Windows Server 2019",17763,"ServerStandard","server","ControlSet001","WIN2019-SRV01"]'
fact win2019-x64 '[.windows.nics[] | [.name, .mac, .netcfg_instance_id, .dhcp, .addresses, .subnet_masks, .gateways, .dns_servers]]' \
  '[["Ethernet0","00:50:56:a1:b2:c3","{6B2C1D5E-8F3A-4C7B-9E21-0A4D5F6C7B81}",false,["192.168.10.20"],["255.255.255.0"],["192.168.10.1"],["192.168.10.2","192.168.10.3"]]]'
fact win2019-x64 '[.windows.nics[] | .mac_source]' '["NetworkAddress"]'
fact win2019-x64 '[.windows.blockers[].kind] | sort' '["device-install-policy","pending-file-rename"]'

inspect win2022-x64
fact win2022-x64 '.windows | [.product_name, .os, .build, .control_set, .hostname]' \
  '["Windows Server 2022 Datacenter","Windows Server 2022",20348,"ControlSet002","WIN2022-DC01"]'
fact win2022-x64 '[.windows.storage[] | select(.boot_start) | .service] | index("pvscsi") != null' 'true'
fact win2022-x64 '[.windows.nics[] | [.name, .dhcp, .addresses]] | sort' \
  '[["Ethernet0",false,["10.20.30.40"]],["Ethernet1",true,["192.168.122.57"]]]'

inspect win11-x64
# Windows 11 still calls itself "Windows 10 Pro"; the build (22631) says what it is.
fact win11-x64 '.windows | [.product_name, .os, .build, .display_version, .control_set]' \
  '["Windows 10 Pro","Windows 11",22631,"23H2","ControlSet001"]'
fact win11-x64 '[.windows.nics[] | [.dhcp, .addresses]]' '[[true,["192.168.1.77"]]]'

# The hibernated guest is inspected (read-only is safe) and the hibernation is a blocker.
inspect hibernated
fact hibernated '[.windows.blockers[] | select(.kind == "hibernation") | .refuses_conversion]' '[true]'
# Windows 7's volume in a logical partition (the same sectors, the table rewritten with an
# extended partition around it): such a table is left to the appliance's kernel to read, and the
# root is found on /dev/sda5 all the same.
requires sfdisk --version
cp --sparse=always "$(image win7-x86)" "$d/logical.img"
sfdisk --no-reread --no-tell-kernel -q "$d/logical.img" > /dev/null 2>&1 <<EOF || fail "sfdisk failed"
label: dos
label-id: 0x5cbea03e
start=1024, type=5
start=2048, type=7
EOF
before=$(sha256sum < "$d/logical.img")
"$WINSEED" inspect --json -a "$d/logical.img" > "$d/logical.json" || fail "inspect of the logical partition failed"
assert_eq "logical partition checksum after inspect" "$before" "$(sha256sum < "$d/logical.img")"
fact logical '.windows | [.root, .product_name]' '["/dev/sda5","Windows 7 Professional"]'
echo "ok: every image inspected as its README says"
