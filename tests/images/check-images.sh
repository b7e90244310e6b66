#!/bin/bash
# check-images.sh: check the images made by make-images.sh with tools this project did not
# write.  One guestfish session inspects every image that libguestfs can inspect together;
# hivexget/hivexregedit read back the hives it downloads; sfdisk, blkid, qemu-img and ntfscat
# look at the raw disks.  Expected values come from the .reg text in reg/, the fixture hives and
# the layout in README, never from winseed.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e

for tool in guestfish hivexget hivexregedit sfdisk blkid qemu-img ntfscat perl; do
  requires command -v "$tool"
done

regdir=$WINSEED_TESTS_SRCDIR/images/reg
tmp=$(scratch_dir)
MiB=1048576

for n in winxp-x86 win7-x86 win10-x64 win2019-x64 win2022-x64 win11-x64 nonwindows empty \
         truncated-hive hibernated bitlocker dual-boot; do
  image "$n" > /dev/null
done
[ -f "$WINSEED_IMAGES/win10-x64.qcow2" ] || skip "test image win10-x64.qcow2 not built"
img () { echo "$WINSEED_IMAGES/$1.img"; }

# reg_value FILE KEY-SUFFIX NAME: a value written in a .reg file: the string, or a dword in
# decimal.  KEY-SUFFIX matches the end of the key path, case-insensitively.
reg_value () {
  perl -e '
    my ($file, $suffix, $name) = @ARGV;
    open my $fh, "<", $file or die "$file: $!\n";
    my $in = 0;
    while (<$fh>) {
      s/\r?\n$//;
      if (/^\[(.*)\]$/) { $in = lc (substr ($1, -length $suffix)) eq lc $suffix; next; }
      next unless $in && /^"((?:[^"\\]|\\.)*)"=(.*)$/;
      my ($n, $v) = ($1, $2);
      next unless lc $n eq lc $name;
      if ($v =~ /^dword:([[:xdigit:]]{8})$/) { print hex ($1), "\n"; exit 0; }
      if ($v =~ /^"(.*)"$/) { (my $s = $1) =~ s/\\(.)/$1/g; print "$s\n"; exit 0; }
      die "$file: $name: not a string or dword\n";
    }
    die "$file: no value $name under a key ending in $suffix\n";
  ' "$@"
}

# fixture_hive NAME: decompressed copy of a real hive.
fixture_hive () { fixture "hives/$1"; }

# ---- Raw disks ------------------------------------------------------------------------------

assert_eq "win10 qcow2 copy" "Images are identical." \
  "$(qemu-img compare -f raw -F qcow2 "$(img win10-x64)" "$WINSEED_IMAGES/win10-x64.qcow2")"
assert_eq "win10 qcow2 format" qcow2 \
  "$(qemu-img info --output=json "$WINSEED_IMAGES/win10-x64.qcow2" | sed -n 's/.*"format": "\(.*\)".*/\1/p' | head -1)"

# empty: zeroes, no partition table, no filesystem.
e=$(img empty)
cmp -s -n "$(stat -c %s "$e")" "$e" /dev/zero || fail "empty.img is not all zeroes"
set +e; blkid -p "$e" > /dev/null; rc=$?; set -e
assert_eq "blkid on empty.img (2 = nothing found)" 2 "$rc"

# MBR disk signatures and GPT partition GUIDs: the values MountedDevices must name.
assert_eq "winxp disk id" 0xd350d350 "$(sfdisk --disk-id "$(img winxp-x86)")"
assert_eq "win7 disk id" 0x5cbea03e "$(sfdisk --disk-id "$(img win7-x86)")"
assert_eq "win10 disk id" 0xdf4546ae "$(sfdisk --disk-id "$(img win10-x64)")"
assert_eq "winxp C: start sector" 63 "$(sfdisk -d "$(img winxp-x86)" | sed -n 's/.*start= *\([0-9]*\).*/\1/p' | head -1)"

# BitLocker: libblkid reports the volume; bytes 3-10 are the BitLocker OEM ID.
bl=$(img bitlocker)
assert_eq "bitlocker partition type" BitLocker \
  "$(blkid -p -O $((51 * MiB)) -s TYPE -o value "$bl")"
assert_eq "bitlocker OEM ID" -FVE-FS- \
  "$(dd if="$bl" bs=1 skip=$((51 * MiB + 3)) count=8 status=none)"

# ESPs are FAT32.
for n in win2019-x64 win2022-x64 win11-x64; do
  assert_eq "$n ESP type" vfat "$(blkid -p -O $MiB -s TYPE -o value "$(img "$n")")"
  assert_eq "$n ESP FAT size" FAT32 "$(blkid -p -O $MiB -s VERSION -o value "$(img "$n")")"
done

# truncated-hive: SYSTEM is the first MiB of the real hive; hivex cannot walk it.
dd if="$(img truncated-hive)" of="$tmp/trunc-c.ntfs" bs=$MiB skip=51 conv=sparse status=none
ntfscat "$tmp/trunc-c.ntfs" /Windows/System32/config/SYSTEM > "$tmp/trunc-SYSTEM"
rm -f "$tmp/trunc-c.ntfs"
assert_eq "truncated SYSTEM size" $MiB "$(stat -c %s "$tmp/trunc-SYSTEM")"
cmp -s -n $MiB "$tmp/trunc-SYSTEM" "$(fixture_hive win10-18362_regipy_SYSTEM)" &&
  fail "truncated SYSTEM equals the fixture's first MiB: MountedDevices was not rewritten"
assert_eq "truncated SYSTEM signature" regf "$(head -c 4 "$tmp/trunc-SYSTEM")"
if hivexget "$tmp/trunc-SYSTEM" '\ControlSet001\Services\disk' ImagePath > /dev/null 2>&1; then
  fail "hivexget read the truncated SYSTEM hive"
fi

# hibernated: the win10 guest with C:\hiberfil.sys starting "hibr", and its own disk signature.
dd if="$(img hibernated)" of="$tmp/hib-c.ntfs" bs=$MiB skip=51 conv=sparse status=none
assert_eq "hiberfil.sys header" hibr "$(ntfscat "$tmp/hib-c.ntfs" /hiberfil.sys | head -c 4)"
ntfscat "$tmp/hib-c.ntfs" /Windows/System32/config/SYSTEM > "$tmp/hibernated-SYSTEM"
rm -f "$tmp/hib-c.ntfs"

# ---- One appliance: inspection --------------------------------------------------------------
# The session holds the bootable Windows images and the Linux one.  Left out, and checked on
# the raw disk instead:
#   - truncated-hive.img: its hive makes inspect-os fail for every disk ("inspect_os: internal
#     error: inspect_os: unhandled exception thrown: Hivex.Error");
#   - empty.img: to map the win10 hive's drive letters libguestfs runs parted on every disk and
#     fails on one with no partition table ("parted: /dev/sdX: unrecognised disk label");
#   - hibernated.img and bitlocker.img, only to keep the session short: for each drive letter
#     libguestfs runs parted (about a second under TCG) on every disk before the right one, so
#     the cost grows with the square of the disk count.  MBR disks come first for the same
#     reason: their lookups stop at the first disk with the right signature.
disks=(dual-boot win10-x64 win7-x86 winxp-x86 win2019-x64 win2022-x64 win11-x64 nonwindows)
# Expected roots, per the device order above.
declare -A guest=(
  [/dev/sda1]=dual7 [/dev/sda2]=dual2019 [/dev/sdb2]=win10 [/dev/sdc1]=win7 [/dev/sdd1]=winxp
  [/dev/sde3]=win2019 [/dev/sdf3]=win2022 [/dev/sdg3]=win11 [/dev/sdh1]=linux
)
declare -A mappings=(
  [/dev/sda1]="C: /dev/sda1|D: /dev/sda2" [/dev/sda2]="C: /dev/sda2|D: /dev/sda1"
  [/dev/sdb2]="C: /dev/sdb2|E: /dev/sdb1" [/dev/sdc1]="C: /dev/sdc1" [/dev/sdd1]="C: /dev/sdd1"
  [/dev/sde3]="C: /dev/sde3" [/dev/sdf3]="C: /dev/sdf3" [/dev/sdg3]="C: /dev/sdg3"
)
windows_roots=(/dev/sda1 /dev/sda2 /dev/sdb2 /dev/sdc1 /dev/sdd1 /dev/sde3 /dev/sdf3 /dev/sdg3)

fish=$tmp/check.fish
{
  for d in "${disks[@]}"; do echo "add-drive $(img "$d") readonly:true format:raw"; done
  echo run
  echo "echo @@roots"
  echo inspect-os
  for r in "${windows_roots[@]}"; do
    g=${guest[$r]}
    for q in product-name major-version minor-version arch product-variant \
             windows-current-control-set hostname windows-systemroot drive-mappings; do
      echo "echo @@$r $q"
      echo "inspect-get-$q $r"
    done
    # XP spells its paths \WINDOWS\system32\config\system; Vista and later use mixed case.
    # config\DRIVERS exists from Windows 10 on.
    case $g in
      winxp) s32=/WINDOWS/system32 names="system software" ;;
      win7|dual7) s32=/Windows/System32 names="SYSTEM SOFTWARE" ;;
      *) s32=/Windows/System32 names="SYSTEM SOFTWARE DRIVERS" ;;
    esac
    echo "mount-ro $r /"
    for h in $names; do
      echo "download $s32/config/$h $tmp/$g-$(tr '[:lower:]' '[:upper:]' <<< "$h")"
    done
    echo "echo @@$r cmd.exe"
    echo "file $s32/cmd.exe"
    echo "umount /"
  done
  echo "echo @@linux type"
  echo "inspect-get-type /dev/sdh1"
  echo "echo @@linux distro"
  echo "inspect-get-distro /dev/sdh1"
  echo "echo @@winxp boot.ini"
  echo "mount-ro /dev/sdd1 /"
  echo "is-file /boot.ini"
  echo "umount /"
  echo "echo @@win10 bootmgr"
  echo "mount-ro /dev/sdb1 /"
  echo "is-file /bootmgr"
  echo "is-file /Boot/BCD"
  echo "umount /"
  for d in sde sdf sdg; do
    echo "echo @@$d esp"
    echo "mount-ro /dev/${d}1 /"
    echo "is-file /EFI/Microsoft/Boot/bootmgfw.efi"
    echo "is-file /EFI/Microsoft/Boot/BCD"
    echo "umount /"
  done
} > "$fish"
guestfish -f "$fish" > "$tmp/out" || { cat "$tmp/out" >&2; fail "guestfish session failed"; }

# Split the output at the @@ markers into "key" -> lines joined with '|'.
declare -A got
key=
while IFS= read -r line; do
  case "$line" in
    @@*) key=${line#@@}; got[$key]= ;;
    *) got[$key]=${got[$key]:+${got[$key]}|}$line ;;
  esac
done < "$tmp/out"

sorted () { tr '|' '\n' | sort | paste -sd '|'; }
assert_eq "inspected roots" "$(printf '%s\n' "${!guest[@]}" | sort | paste -sd '|')" \
  "$(sorted <<< "${got[roots]}")"
# The other tests mount each image's root where image_root (functions.sh) says it is, without
# inspecting: it must name a root inspection found, on that image's disk.
for i in "${!disks[@]}"; do
  case ${disks[$i]} in dual-boot|nonwindows) continue ;; esac
  r=$(image_root "${disks[$i]}" "$i")
  [[ "|${got[roots]}|" == *"|$r|"* ]] || fail "image_root ${disks[$i]}: $r is not a root inspection found"
done
echo "ok: image_root names the root inspection finds on each single-Windows image"

# Expected values from the .reg text (synthetic SOFTWARE/SYSTEM) or the fixture hives (real
# SYSTEM).
software_reg () {
  case $1 in
    dual7) echo "$regdir/win7-software.reg" ;;
    dual2019) echo "$regdir/win2019-software.reg" ;;
    *) echo "$regdir/$1-software.reg" ;;
  esac
}
real_system () {
  case $1 in
    winxp) echo winxp-sp3_bitcurator_SYSTEM ;;
    win7|dual7) echo win7-sp1_regipy_SYSTEM ;;
    win10) echo win10-18362_regipy_SYSTEM ;;
  esac
}
cv='Microsoft\Windows NT\CurrentVersion'
for r in "${windows_roots[@]}"; do
  g=${guest[$r]}
  sw=$(software_reg "$g")
  assert_eq "$g product name" "$(reg_value "$sw" "$cv" ProductName)" "${got[$r product-name]}"
  if major=$(reg_value "$sw" "$cv" CurrentMajorVersionNumber 2>/dev/null); then
    minor=$(reg_value "$sw" "$cv" CurrentMinorVersionNumber)
  else
    v=$(reg_value "$sw" "$cv" CurrentVersion)
    major=${v%%.*} minor=${v#*.}
  fi
  assert_eq "$g major version" "$major" "${got[$r major-version]}"
  assert_eq "$g minor version" "$minor" "${got[$r minor-version]}"
  variant=$(reg_value "$sw" "$cv" InstallationType 2>/dev/null || echo unknown)
  assert_eq "$g product variant" "$variant" "${got[$r product-variant]}"
  case $g in
    win7|dual7|winxp) arch=i386 pe="PE32 executable (console) Intel 80386" ;;
    *) arch=x86_64 pe="PE32+ executable (console) x86-64" ;;
  esac
  assert_eq "$g arch" "$arch" "${got[$r arch]}"
  assert_contains "$g cmd.exe" "$pe" "${got[$r cmd.exe]}"
  assert_eq "$g systemroot" "$([ "$g" = winxp ] && echo /WINDOWS || echo /Windows)" \
    "${got[$r windows-systemroot]}"
  assert_eq "$g drive mappings" "$(sorted <<< "${mappings[$r]}")" \
    "$(sorted <<< "${got[$r drive-mappings]}")"

  real=$(real_system "$g")
  if [ -n "$real" ]; then
    current=$(hivexget "$(fixture_hive "$real")" '\Select' Current)
  else
    sys=$regdir/${g#dual}-system.reg
    [ "$g" = dual2019 ] && sys=$regdir/win2019-system.reg
    current=$(reg_value "$sys" '\Select' Current)
    # The synthetic hives spell the value "Hostname", which is what libguestfs looks up.
    assert_eq "$g hostname" \
      "$(reg_value "$sys" '\Control\ComputerName\ComputerName' ComputerName)" \
      "${got[$r hostname]}"
  fi
  assert_eq "$g control set" "$(printf 'ControlSet%03d' "$current")" \
    "${got[$r windows-current-control-set]}"
  assert_eq "$g Select\\Current in the image's hive" "$current" \
    "$(hivexget "$tmp/$g-SYSTEM" '\Select' Current)"
done

assert_eq "nonwindows type" linux "${got[linux type]}"
assert_eq "nonwindows distro" debian "${got[linux distro]}"
assert_eq "winxp boot.ini" true "${got[winxp boot.ini]}"
assert_eq "win10 boot manager" "true|true" "${got[win10 bootmgr]}"
for d in sde sdf sdg; do assert_eq "$d ESP files" "true|true" "${got[$d esp]}"; done

# ---- The downloaded hives, read with hivexget / hivexregedit --------------------------------

# MountedDevices\DosDevices\C: must be the disk signature (sfdisk) + partition byte offset.
mounted_c () { hivexregedit --export "$1" '\MountedDevices' | sed -n 's/^"\\\\DosDevices\\\\C:"=hex(3)://p'; }
mbr_blob () {  # mbr_blob IMAGE PARTNO
  local id start
  id=$(sfdisk --disk-id "$1"); id=${id#0x}
  start=$(sfdisk -d "$1" | sed -n "s/^[^ ]*$2 : start= *\([0-9]*\).*/\1/p")
  perl -e 'print join ",", map { sprintf "%02x", $_ } unpack "C*", pack ("V", hex $ARGV[0]) . pack ("Q<", $ARGV[1] * 512)' "$id" "$start"
}
assert_eq "winxp MountedDevices C:" "$(mbr_blob "$(img winxp-x86)" 1)" "$(mounted_c "$tmp/winxp-SYSTEM")"
assert_eq "win7 MountedDevices C:" "$(mbr_blob "$(img win7-x86)" 1)" "$(mounted_c "$tmp/win7-SYSTEM")"
assert_eq "win10 MountedDevices C:" "$(mbr_blob "$(img win10-x64)" 2)" "$(mounted_c "$tmp/win10-SYSTEM")"
assert_eq "hibernated MountedDevices C:" "$(mbr_blob "$(img hibernated)" 2)" "$(mounted_c "$tmp/hibernated-SYSTEM")"
assert_eq "dual7 MountedDevices C:" "$(mbr_blob "$(img dual-boot)" 1)" "$(mounted_c "$tmp/dual7-SYSTEM")"
assert_eq "dual2019 MountedDevices C:" "$(mbr_blob "$(img dual-boot)" 2)" "$(mounted_c "$tmp/dual2019-SYSTEM")"
for g in win2019 win2022 win11; do
  guid=$(sfdisk --part-uuid "$(img "$g-x64")" 3)
  blob=$(perl -e '
    $ARGV[0] =~ /^(\w{8})-(\w{4})-(\w{4})-(\w{4})-(\w{12})$/ or die;
    print join ",", map { sprintf "%02x", $_ } unpack "C*",
      "DMIO:ID:" . pack ("Vvv", hex $1, hex $2, hex $3) . pack ("H4H12", $4, $5)' "$guid")
  assert_eq "$g MountedDevices C: (GPT)" "$blob" "$(mounted_c "$tmp/$g-SYSTEM")"
done

# win2022: ControlSet002 is current; ControlSet001 is the stale one.
s=$tmp/win2022-SYSTEM
nic1='Services\Tcpip\Parameters\Interfaces\{2d8e4f61-3a5b-47c9-b0d2-7e1f3a4b5c62}'
assert_eq "win2022 current DNS servers" \
  "$(reg_value "$regdir/win2022-system.reg" "$nic1" NameServer)" \
  "$(hivexget "$s" "\\ControlSet002\\$nic1" NameServer)"
assert_eq "win2022 current IPAddress" 10.20.30.40 \
  "$(hivexget "$s" "\\ControlSet002\\$nic1" IPAddress | head -1)"
assert_eq "win2022 stale IPAddress" 10.20.30.99 \
  "$(hivexget "$s" "\\ControlSet001\\$nic1" IPAddress | head -1)"
assert_eq "win2022 DHCP NIC lease" 192.168.122.57 \
  "$(hivexget "$s" '\ControlSet002\Services\Tcpip\Parameters\Interfaces\{9f1a2b3c-4d5e-4f60-8172-93a4b5c6d7e8}' DhcpIPAddress)"
assert_eq "win2022 pvscsi boot start" 0 "$(hivexget "$s" '\ControlSet002\Services\pvscsi' Start)"
assert_eq "win2022 pvscsi package" pvscsi.inf_amd64_b0d59727d712523f \
  "$(hivexget "$s" '\DriverDatabase\DriverInfFiles\oem1.inf' Active)"

# StartOverride: on every unused inbox miniport, never on the one the boot controller uses.
has_override () { hivexget "$1" "\\$2\\Services\\$3\\StartOverride" 0 2>/dev/null || echo none; }
assert_eq "win2019 LSI_SAS override" none "$(has_override "$tmp/win2019-SYSTEM" ControlSet001 LSI_SAS)"
assert_eq "win2019 stornvme override" 3 "$(has_override "$tmp/win2019-SYSTEM" ControlSet001 stornvme)"
assert_eq "win2022 stale LSI_SAS override" none "$(has_override "$s" ControlSet001 LSI_SAS)"
assert_eq "win2022 current LSI_SAS override" 3 "$(has_override "$s" ControlSet002 LSI_SAS)"
assert_eq "win11 storahci override" none "$(has_override "$tmp/win11-SYSTEM" ControlSet001 storahci)"
assert_eq "win11 stornvme override" 3 "$(has_override "$tmp/win11-SYSTEM" ControlSet001 stornvme)"

# Blockers that only some guests carry.
assert_eq "win2019 DeviceInstall restriction" 1 \
  "$(hivexget "$tmp/win2019-SOFTWARE" '\Policies\Microsoft\Windows\DeviceInstall\Restrictions' DenyUnspecified)"
hivexget "$tmp/win2019-SYSTEM" '\ControlSet001\Control\Session Manager' PendingFileRenameOperations \
  > /dev/null || fail "win2019 has no PendingFileRenameOperations"
assert_eq "win11 Fast Startup" 1 \
  "$(hivexget "$tmp/win11-SYSTEM" '\ControlSet001\Control\Session Manager\Power' HiberbootEnabled)"
assert_eq "win2019 NIC MAC" 005056A1B2C3 \
  "$(hivexget "$tmp/win2019-SYSTEM" '\ControlSet001\Control\Class\{4D36E972-E325-11CE-BFC1-08002BE10318}\0002' NetworkAddress)"

# DRIVERS hives: the Net-class node.
assert_eq "win10 DRIVERS vmxnet3 (staged)" vmxnet3.inf_amd64_84f789b1d4e21d32 \
  "$(hivexget "$tmp/win10-DRIVERS" '\DriverDatabase\DriverInfFiles\oem3.inf' Active)"
for g in win2019 win2022 win11 win10; do
  assert_eq "$g DRIVERS e1000e package" net1ic64.inf_amd64_16c3b35c1bdd7215 \
    "$(hivexget "$tmp/$g-DRIVERS" '\DriverDatabase\DriverInfFiles\net1ic64.inf' Active)"
  assert_eq "$g DRIVERS Version is 48 bytes" 48 \
    "$(hivexget "$tmp/$g-DRIVERS" '\DriverDatabase\DriverPackages\net1ic64.inf_amd64_16c3b35c1bdd7215' Version | wc -c)"
done

echo "PASS: all images checked"
