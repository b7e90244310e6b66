#!/bin/bash
# make-images.sh OUTDIR: build the disk images the image tests run against (see README).
#
#   1. Registry hives are made on the host: an empty hive from mkhive, then the reviewable .reg
#      text in reg/ merged with hivexregedit; the real SYSTEM hives of tests/fixtures are copied
#      and only their MountedDevices entries rewritten to match the new disk.
#   2. Each filesystem's content is assembled as a directory tree and packed into a tarball.
#   3. Partition tables are written with sfdisk and FAT32 ESPs with mkfs.fat, on the host.
#   4. One guestfish session (one appliance launch: ~12 s under TCG) formats every NTFS/ext4
#      filesystem of every image and unpacks the tarballs into them.
#
# Everything is built in a scratch directory inside OUTDIR and renamed into place only after the
# whole run succeeded, so an interrupted build never leaves a half-made image behind.
#
# Environment: WINSEED_MKHIVE (path of the mkhive program, default OUTDIR/mkhive),
# WINSEED_PADHIVE (path of the padhive program, default OUTDIR/padhive), WINSEED_FIXTURES (default: ../fixtures next to this script), LIBGUESTFS_BACKEND[_SETTINGS].
set -euo pipefail

die () { echo "make-images.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: make-images.sh OUTDIR"

outdir=$1
srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
regdir=$srcdir/reg
imgtool=$srcdir/imgtool.pl
fixtures=${WINSEED_FIXTURES:-$srcdir/../fixtures}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
mkhive=${WINSEED_MKHIVE:-$outdir/mkhive}
padhive=${WINSEED_PADHIVE:-$outdir/padhive}

# The appliance must not use KVM on the machines this project is tested on (see ../../run.in).
export LIBGUESTFS_BACKEND=${LIBGUESTFS_BACKEND:-direct}
export LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}

for tool in guestfish hivexregedit sfdisk mkfs.fat qemu-img xz tar perl; do
  command -v "$tool" >/dev/null || die "$tool is needed to build the test images"
done
[ -x "$mkhive" ] || die "mkhive not found at $mkhive (set WINSEED_MKHIVE)"
[ -x "$padhive" ] || die "padhive not found at $padhive (set WINSEED_PADHIVE)"
perl -MWin::Hivex -e 1 2>/dev/null || die "the Win::Hivex Perl module (libwin-hivex-perl) is needed"

# A scratch directory on the same filesystem as OUTDIR, so the final renames are atomic.
rm -rf "$outdir"/.work.*
work=$(mktemp -d "$outdir/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT
hives=$work/hives
trees=$work/trees
mkdir -p "$hives" "$trees"

MiB=1048576
SECTOR=512

# ---------------------------------------------------------------------------------------------
# Disk layouts.  Disk signatures and GPT GUIDs are fixed so that MountedDevices can name the
# partitions; every image has its own, so one appliance can hold all images at once.
# The real hives keep their own disk signature: their other MountedDevices entries stay valid.

xp_sig=d350d350;   xp_c_off=$((63 * SECTOR))     # real winxp-sp3 hive: C: at sector 63
w7_sig=5cbea03e;   w7_c_off=$((1 * MiB))         # real win7-sp1 hive: C: at 1 MiB
w10_sig=df4546ae                                 # real win10-18362 hive (E: = 1 MiB)
w10_sr_off=$((1 * MiB));  w10_sr_size=$((50 * MiB))
w10_c_off=$((51 * MiB))
trunc_sig=7a10c0de
hib_sig=6b1be2fa
bl_sig=2d465645
dual_sig=d0a1b007
# Partition 1 is the larger: winseed probes volumes smallest first, so the dual-boot image checks
# that roots still come out in disk order.
dual_p1_off=$((1 * MiB)); dual_p1_size=$((135 * MiB))
dual_p2_off=$((136 * MiB))
linux_sig=4c696e78

# GPT guests: ESP 100 MiB, MSR 16 MiB, C: the rest (the default Windows Setup layout, minus the
# recovery partition).
esp_off=$((1 * MiB));   esp_size=$((100 * MiB))
msr_off=$((101 * MiB)); msr_size=$((16 * MiB))
gptc_off=$((117 * MiB))
declare -A disk_guid=(
  [win2019]=5a0c8d2e-1f3b-4c6a-9d7e-2019000000d1
  [win2022]=5a0c8d2e-1f3b-4c6a-9d7e-2022000000d1
  [win11]=5a0c8d2e-1f3b-4c6a-9d7e-0011000000d1
)
declare -A esp_guid=(
  [win2019]=0b6e2f1a-7c3d-4e58-a1b9-2019000000e5
  [win2022]=0b6e2f1a-7c3d-4e58-a1b9-2022000000e5
  [win11]=0b6e2f1a-7c3d-4e58-a1b9-0011000000e5
)
declare -A msr_guid=(
  [win2019]=3d9f4a7b-2e1c-4b6d-8f05-2019000000a5
  [win2022]=3d9f4a7b-2e1c-4b6d-8f05-2022000000a5
  [win11]=3d9f4a7b-2e1c-4b6d-8f05-0011000000a5
)
declare -A c_guid=(
  [win2019]=7e4b2c19-5a3f-4d80-b6e1-2019000000c0
  [win2022]=7e4b2c19-5a3f-4d80-b6e1-2022000000c0
  [win11]=7e4b2c19-5a3f-4d80-b6e1-0011000000c0
)
# Volume GUIDs for the \??\Volume{...} entries of the synthetic hives.
declare -A c_volume=(
  [win2019]='{9b2e5c71-0d4a-11e9-9b6c-806e6f6e6963}'
  [win2022]='{9b2e5c71-0d4a-11ec-9b6c-806e6f6e6963}'
  [win11]='{9b2e5c71-0d4a-11ee-9b6c-806e6f6e6963}'
)

# ---------------------------------------------------------------------------------------------
# Hives.

# reg_merge HIVE PREFIX [--control-set CS] FILE...: merge .reg text (factory dialect) into HIVE.
reg_merge () {
  local hive=$1 prefix=$2
  shift 2
  perl "$imgtool" reg "$@" > "$work/merge.reg"
  hivexregedit --merge --prefix "$prefix" "$hive" "$work/merge.reg"
}

# mounted_devices FILE SPEC...: write a MountedDevices .reg block (imgtool.pl mounted-devices).
mounted_devices () {
  local file=$1
  shift
  perl "$imgtool" mounted-devices "$@" > "$file"
}

# real_system OUT FIXTURE SPEC...: copy a real SYSTEM hive and point its MountedDevices at the
# new disk.
real_system () {
  local out=$1 fixture=$2
  shift 2
  xz -dc "$fixtures/hives/$fixture.xz" > "$out"
  mounted_devices "$work/md.reg" "$@"
  reg_merge "$out" 'HKEY_LOCAL_MACHINE\SYSTEM' "$work/md.reg"
}

# synth_hive OUT PREFIX ROOTNAME [--control-set CS] FILE...: an empty hive plus .reg text.
synth_hive () {
  local out=$1 prefix=$2 rootname=$3
  shift 3
  "$mkhive" "$out" "$rootname"
  reg_merge "$out" "$prefix" "$@"
}

S='HKEY_LOCAL_MACHINE\SYSTEM'
SW='HKEY_LOCAL_MACHINE\SOFTWARE'
DR='HKEY_LOCAL_MACHINE\DRIVERS'

for v in winxp win7 win10 win2019 win2019-big win2022 win11 trunc hib dual7 dual2019; do
  mkdir -p "$hives/$v"
done

# Windows XP SP3 x86: real SYSTEM.
real_system "$hives/winxp/SYSTEM" winxp-sp3_bitcurator_SYSTEM "C:=mbr:$xp_sig:$xp_c_off"
synth_hive "$hives/winxp/SOFTWARE" "$SW" '$$$PROTO.HIV' \
  "$regdir/software-common.reg" "$regdir/winxp-software.reg"

# Windows 7 SP1 x86: real SYSTEM.
real_system "$hives/win7/SYSTEM" win7-sp1_regipy_SYSTEM "C:=mbr:$w7_sig:$w7_c_off"
synth_hive "$hives/win7/SOFTWARE" "$SW" '$$$PROTO.HIV' \
  "$regdir/software-common.reg" "$regdir/win7-software.reg"

# Windows 10 1903 x64: real SYSTEM, synthetic SOFTWARE and DRIVERS.  The truncated-hive and
# hibernated images carry the same guest with their own disk signature.
real_system "$hives/win10/SYSTEM" win10-18362_regipy_SYSTEM \
  "C:=mbr:$w10_sig:$w10_c_off" "E:=mbr:$w10_sig:$w10_sr_off"
real_system "$hives/trunc/SYSTEM" win10-18362_regipy_SYSTEM \
  "C:=mbr:$trunc_sig:$w10_c_off" "E:=mbr:$trunc_sig:$w10_sr_off"
real_system "$hives/hib/SYSTEM" win10-18362_regipy_SYSTEM \
  "C:=mbr:$hib_sig:$w10_c_off" "E:=mbr:$hib_sig:$w10_sr_off"
synth_hive "$hives/win10/SOFTWARE" "$SW" ROOT \
  "$regdir/software-common.reg" "$regdir/software-x64.reg" "$regdir/win10-software.reg"
synth_hive "$hives/win10/DRIVERS" "$DR" ROOT \
  "$regdir/drivers-common.reg" "$regdir/win10-drivers.reg"
for v in trunc hib; do cp "$hives/win10/SOFTWARE" "$hives/win10/DRIVERS" "$hives/$v/"; done
# The first MiB keeps the base block and the first hbins; the rest of the tree is cut off.
head -c "$MiB" "$hives/trunc/SYSTEM" > "$hives/trunc/SYSTEM.cut"
mv "$hives/trunc/SYSTEM.cut" "$hives/trunc/SYSTEM"

# Synthetic Windows 10-family guests.
gpt_mounts () {  # gpt_mounts GUEST: C: and its volume entry on the guest's GPT C: partition
  echo "C:=gpt:${c_guid[$1]}" "${c_volume[$1]}=gpt:${c_guid[$1]}"
}
# shellcheck disable=SC2046
mounted_devices "$work/md-win2019.reg" $(gpt_mounts win2019)
synth_hive "$hives/win2019/SYSTEM" "$S" ROOT --control-set ControlSet001 \
  "$regdir/system-common.reg" "$regdir/win2019-system.reg" "$work/md-win2019.reg"
synth_hive "$hives/win2019/SOFTWARE" "$SW" ROOT \
  "$regdir/software-common.reg" "$regdir/software-x64.reg" "$regdir/win2019-software.reg"
synth_hive "$hives/win2019/DRIVERS" "$DR" ROOT \
  "$regdir/drivers-common.reg" "$regdir/drivers-vmxnet3-oem0.reg"
# win2019-big: the same hives grown to the size of a real Server 2019's (padhive.c), for
# benchmarks.  Every key and value above stays as it is.
for h in SYSTEM SOFTWARE DRIVERS; do
  "$padhive" "${h,,}" "$hives/win2019/$h" "$hives/win2019-big/$h"
done

# shellcheck disable=SC2046
mounted_devices "$work/md-win2022.reg" $(gpt_mounts win2022)
synth_hive "$hives/win2022/SYSTEM" "$S" ROOT --control-set ControlSet002 \
  "$regdir/system-common.reg" "$regdir/win2022-system.reg" "$work/md-win2022.reg"
reg_merge "$hives/win2022/SYSTEM" "$S" --control-set ControlSet001 \
  "$regdir/system-common.reg" "$regdir/win2022-system-stale.reg"
synth_hive "$hives/win2022/SOFTWARE" "$SW" ROOT \
  "$regdir/software-common.reg" "$regdir/software-x64.reg" "$regdir/win2022-software.reg"
synth_hive "$hives/win2022/DRIVERS" "$DR" ROOT \
  "$regdir/drivers-common.reg" "$regdir/drivers-vmxnet3-oem0.reg"

# shellcheck disable=SC2046
mounted_devices "$work/md-win11.reg" $(gpt_mounts win11)
synth_hive "$hives/win11/SYSTEM" "$S" ROOT --control-set ControlSet001 \
  "$regdir/system-common.reg" "$regdir/win11-system.reg" "$work/md-win11.reg"
synth_hive "$hives/win11/SOFTWARE" "$SW" ROOT \
  "$regdir/software-common.reg" "$regdir/software-x64.reg" "$regdir/win11-software.reg"
synth_hive "$hives/win11/DRIVERS" "$DR" ROOT "$regdir/drivers-common.reg"

# dual-boot: Windows 7 on partition 1, Server 2019 on partition 2 of one MBR disk.  Each
# install calls itself C: and the other one D:.
real_system "$hives/dual7/SYSTEM" win7-sp1_regipy_SYSTEM \
  "C:=mbr:$dual_sig:$dual_p1_off" "D:=mbr:$dual_sig:$dual_p2_off"
cp "$hives/win7/SOFTWARE" "$hives/dual7/"
mounted_devices "$work/md-dual2019.reg" \
  "C:=mbr:$dual_sig:$dual_p2_off" "D:=mbr:$dual_sig:$dual_p1_off"
synth_hive "$hives/dual2019/SYSTEM" "$S" ROOT --control-set ControlSet001 \
  "$regdir/system-common.reg" "$regdir/win2019-system.reg" "$work/md-dual2019.reg"
cp "$hives/win2019/SOFTWARE" "$hives/win2019/DRIVERS" "$hives/dual2019/"

# Boot configuration stores and the hives every install has but no test reads.
synth_hive "$hives/BCD-bios" 'HKEY_LOCAL_MACHINE\BCD00000000' NewStoreRoot "$regdir/bcd-bios.reg"
synth_hive "$hives/BCD-uefi" 'HKEY_LOCAL_MACHINE\BCD00000000' NewStoreRoot "$regdir/bcd-uefi.reg"
"$mkhive" "$hives/empty" ROOT

# ---------------------------------------------------------------------------------------------
# File trees.

pe () { perl "$imgtool" pe "$@"; }

# windows_tree DIR FLAVOUR ARCH HIVEDIR FIRMWARE
#   FLAVOUR xp (\WINDOWS\system32, \WINDOWS\inf) or nt6 (\Windows\System32, \Windows\INF);
#   ARCH i386 or x86_64; FIRMWARE bios or uefi (which OS loader the tree has).
windows_tree () {
  local root=$1 flavour=$2 arch=$3 hv=$4 firmware=$5
  local sr s32 inf
  if [ "$flavour" = xp ]; then sr=WINDOWS s32=system32 inf=inf; else sr=Windows s32=System32 inf=INF; fi
  local win=$root/$sr sys=$root/$sr/$s32
  mkdir -p "$sys/config" "$sys/drivers" "$win/$inf" "$root/Program Files/Common Files"

  # libguestfs takes the architecture from cmd.exe (file(1) output), so it must be a PE image
  # of the right machine type.
  pe "$arch" console > "$sys/cmd.exe"
  pe "$arch" native > "$sys/ntoskrnl.exe"
  pe "$arch" native dll > "$sys/hal.dll"
  pe "$arch" gui dll > "$sys/kernel32.dll"
  pe "$arch" gui > "$sys/notepad.exe"
  pe "$arch" gui > "$win/explorer.exe"
  pe "$arch" gui > "$win/regedit.exe"

  local names
  if [ "$flavour" = xp ]; then
    names="system=SYSTEM software=SOFTWARE SAM=empty SECURITY=empty default=empty"
  else
    names="SYSTEM=SYSTEM SOFTWARE=SOFTWARE SAM=empty SECURITY=empty DEFAULT=empty"
    [ -f "$hv/DRIVERS" ] && names="$names DRIVERS=DRIVERS"
  fi
  local n
  for n in $names; do
    if [ "${n#*=}" = empty ]; then cp "$hives/empty" "$sys/config/${n%%=*}"
    else cp "$hv/${n#*=}" "$sys/config/${n%%=*}"; fi
  done

  local others=()
  [ -f "$hv/DRIVERS" ] && others=("$hv/DRIVERS")
  # A truncated SYSTEM hive cannot be read; its driver files come from the intact copy.
  local sysfile=$hv/SYSTEM
  [ "$hv" = "$hives/trunc" ] && sysfile=$hives/win10/SYSTEM
  perl "$imgtool" populate --root "$win" --system32 "$s32" --inf "$inf" --arch "$arch" \
    "$sysfile" "${others[@]}"

  if [ "$flavour" = xp ]; then
    mkdir -p "$root/Documents and Settings/All Users" "$root/Documents and Settings/Administrator"
    local f
    for f in machine.inf mshdc.inf scsi.inf disk.inf netrtl.inf; do
      printf '; Stand-in for %s.\r\n[Version]\r\nSignature="$Windows NT$"\r\n' "$f" > "$win/$inf/$f"
    done
  else
    mkdir -p "$sys/DriverStore/FileRepository" "$root/Users/Public" "$root/ProgramData"
    if [ "$firmware" = uefi ]; then
      pe "$arch" efi > "$sys/winload.efi"
      mkdir -p "$win/Boot/EFI"
      pe "$arch" efi > "$win/Boot/EFI/bootmgfw.efi"
    else
      pe "$arch" native > "$sys/winload.exe"
    fi
  fi
  if [ "$arch" = x86_64 ]; then
    mkdir -p "$win/SysWOW64" "$root/Program Files (x86)/Common Files"
    pe i386 console > "$win/SysWOW64/cmd.exe"
  fi
}

# bios_boot_files DIR: Windows Boot Manager files of an active BIOS partition.
bios_boot_files () {
  mkdir -p "$1/Boot"
  pe i386 native > "$1/bootmgr"
  cp "$hives/BCD-bios" "$1/Boot/BCD"
}

# winxp-x86
windows_tree "$trees/winxp" xp i386 "$hives/winxp" bios
pe i386 native > "$trees/winxp/ntldr"
printf 'stand-in for NTDETECT.COM\r\n' > "$trees/winxp/NTDETECT.COM"
cat > "$trees/winxp/boot.ini" <<'EOF'
[boot loader]
timeout=30
default=multi(0)disk(0)rdisk(0)partition(1)\WINDOWS
[operating systems]
multi(0)disk(0)rdisk(0)partition(1)\WINDOWS="Microsoft Windows XP Professional" /noexecute=optin /fastdetect
EOF
sed -i 's/$/\r/' "$trees/winxp/boot.ini"

# win7-x86: one partition holding both the boot manager and Windows.
windows_tree "$trees/win7" nt6 i386 "$hives/win7" bios
bios_boot_files "$trees/win7"

# win10-x64 and its two broken copies: System Reserved partition + C:.
for v in win10 trunc hib; do
  windows_tree "$trees/$v" nt6 x86_64 "$hives/$v" bios
done
mkdir -p "$trees/sysres"
bios_boot_files "$trees/sysres"
# ntfs-3g refuses a read-write mount when hiberfil.sys starts with "hibr" (libntfs-3g volume.c,
# ntfs_volume_check_hiberfile); the size does not matter.
{ printf 'hibr'; head -c $((MiB - 4)) /dev/zero; } > "$trees/hib/hiberfil.sys"

# GPT guests.
for v in win2019 win2022 win11; do
  windows_tree "$trees/$v" nt6 x86_64 "$hives/$v" uefi
done
# win2019-big: win2019's files (made from the small hives), then the big hives over its own.
cp -a "$trees/win2019" "$trees/win2019-big"
cp "$hives/win2019-big"/{SYSTEM,SOFTWARE,DRIVERS} "$trees/win2019-big/Windows/System32/config/"
pe x86_64 efi > "$work/bootmgfw.efi"

# dual-boot: partition 1 boots (Windows 7's boot manager), partition 2 holds Server 2019.
windows_tree "$trees/dual7" nt6 i386 "$hives/dual7" bios
bios_boot_files "$trees/dual7"
windows_tree "$trees/dual2019" nt6 x86_64 "$hives/dual2019" bios

# nonwindows: a small Debian-looking root filesystem.
lx=$trees/linux
mkdir -p "$lx"/{bin,sbin,boot,dev,proc,sys,tmp,root,home,var/log,usr/bin,usr/lib,etc/network}
perl "$imgtool" elf > "$lx/bin/sh"
perl "$imgtool" elf > "$lx/bin/ls"
cat > "$lx/etc/os-release" <<'EOF'
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
EOF
echo 12.5 > "$lx/etc/debian_version"
echo linuxguest > "$lx/etc/hostname"
printf '/dev/sda1 / ext4 defaults 0 1\n' > "$lx/etc/fstab"
printf 'auto lo\niface lo inet loopback\n' > "$lx/etc/network/interfaces"

for t in "$trees"/*; do
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1577836800 \
    -C "$t" -cf "$work/$(basename "$t").tar" .
done

# ---------------------------------------------------------------------------------------------
# Disks: partition tables on the host.

# new_disk NAME SIZE_MIB: a sparse raw file.
new_disk () {
  rm -f "$work/$1.img"
  truncate -s "$(($2 * MiB))" "$work/$1.img"
}
sfd () { sfdisk --no-reread --no-tell-kernel -q "$work/$1.img" > /dev/null; }
sec () { echo $(($1 / SECTOR)); }

new_disk winxp-x86 128
sfd winxp-x86 <<EOF
label: dos
label-id: 0x$xp_sig
start=$(sec "$xp_c_off"), type=7, bootable
EOF

new_disk win7-x86 128
sfd win7-x86 <<EOF
label: dos
label-id: 0x$w7_sig
start=$(sec "$w7_c_off"), type=7, bootable
EOF

for pair in win10-x64:$w10_sig truncated-hive:$trunc_sig hibernated:$hib_sig bitlocker:$bl_sig; do
  name=${pair%%:*}
  new_disk "$name" "$([ "$name" = bitlocker ] && echo 128 || echo 256)"
  sfd "$name" <<EOF
label: dos
label-id: 0x${pair#*:}
start=$(sec "$w10_sr_off"), size=$(sec "$w10_sr_size"), type=7, bootable
start=$(sec "$w10_c_off"), type=7
EOF
done
# BitLocker: the C: partition gets a BitLocker header instead of NTFS.
perl "$imgtool" bitlocker "$work/bitlocker.img" "$w10_c_off"

# win2019-big-x64 is win2019's disk, GUIDs included (its MountedDevices name them), made larger
# for the big hives and for the copies a conversion writes next to them.
for pair in win2019-x64:win2019:256 win2022-x64:win2022:256 win11-x64:win11:256 \
            win2019-big-x64:win2019:768; do
  IFS=: read -r name v mib <<< "$pair"
  new_disk "$name" "$mib"
  sfd "$name" <<EOF
label: gpt
label-id: ${disk_guid[$v]}
start=$(sec "$esp_off"), size=$(sec "$esp_size"), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=${esp_guid[$v]}, name="EFI system partition"
start=$(sec "$msr_off"), size=$(sec "$msr_size"), type=E3C9E316-0B5C-4DB8-817D-F92DF00215AE, uuid=${msr_guid[$v]}, name="Microsoft reserved partition"
start=$(sec "$gptc_off"), type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=${c_guid[$v]}, name="Basic data partition"
EOF
  # FAT32 as Windows Setup makes it; mkfs.fat writes at the partition's offset in the file.
  # (It warns that the file is larger than the filesystem, which is the point: keep quiet
  # unless it fails.)
  mkfs.fat -F 32 -S "$SECTOR" -n SYSTEM --offset "$(sec "$esp_off")" \
    "$work/$name.img" $((esp_size / 1024)) > "$work/mkfs.log" 2>&1 ||
    { cat "$work/mkfs.log" >&2; die "mkfs.fat failed on $name"; }
done

new_disk dual-boot 256
sfd dual-boot <<EOF
label: dos
label-id: 0x$dual_sig
start=$(sec "$dual_p1_off"), size=$(sec "$dual_p1_size"), type=7, bootable
start=$(sec "$dual_p2_off"), type=7
EOF

new_disk nonwindows 64
sfd nonwindows <<EOF
label: dos
label-id: 0x$linux_sig
start=2048, type=83, bootable
EOF

# empty: no partition table at all.
new_disk empty 64

# ---------------------------------------------------------------------------------------------
# Filesystems: one appliance for all disks.

# win2019-big-x64 comes last so that the other disks keep their device names.
disks=(winxp-x86 win7-x86 win10-x64 truncated-hive hibernated bitlocker
       win2019-x64 win2022-x64 win11-x64 dual-boot nonwindows win2019-big-x64)
letters=(a b c d e f g h i j k l m n o p q r s t u v w x y z)
declare -A dev
i=0
for d in "${disks[@]}"; do
  dev[$d]=/dev/sd${letters[i]}
  i=$((i + 1))
done

fish=$work/fill.fish
{
  for d in "${disks[@]}"; do echo "add-drive $work/$d.img format:raw"; done
  echo run
  # fill DEVICE FSTYPE TARBALL [LABEL]
  fill () {
    echo "mkfs $2 $1${4:+ \"label:$4\"}"
    echo "mount $1 /"
    echo "tar-in $work/$3.tar /"
    echo "umount /"
  }
  fill "${dev[winxp-x86]}1" ntfs winxp
  fill "${dev[win7-x86]}1" ntfs win7
  fill "${dev[win10-x64]}1" ntfs sysres "System Reserved"
  fill "${dev[win10-x64]}2" ntfs win10
  fill "${dev[truncated-hive]}1" ntfs sysres "System Reserved"
  fill "${dev[truncated-hive]}2" ntfs trunc
  fill "${dev[hibernated]}1" ntfs sysres "System Reserved"
  fill "${dev[hibernated]}2" ntfs hib
  fill "${dev[bitlocker]}1" ntfs sysres "System Reserved"
  for v in win2019 win2022 win11 win2019-big; do
    d=${dev[$v-x64]}
    echo "mount ${d}1 /"
    echo "mkdir-p /EFI/Microsoft/Boot"
    echo "mkdir-p /EFI/Boot"
    echo "upload $work/bootmgfw.efi /EFI/Microsoft/Boot/bootmgfw.efi"
    echo "upload $work/bootmgfw.efi /EFI/Boot/bootx64.efi"
    echo "upload $hives/BCD-uefi /EFI/Microsoft/Boot/BCD"
    echo "umount /"
    fill "${d}3" ntfs "$v"
  done
  fill "${dev[dual-boot]}1" ntfs dual7
  fill "${dev[dual-boot]}2" ntfs dual2019
  fill "${dev[nonwindows]}1" ext4 linux
} > "$fish"
guestfish -f "$fish"

qemu-img convert -f raw -O qcow2 "$work/win10-x64.img" "$work/win10-x64.qcow2"

# ---------------------------------------------------------------------------------------------
# Publish.
for f in "$work"/*.img "$work"/*.qcow2; do
  mv -f "$f" "$outdir/"
done
