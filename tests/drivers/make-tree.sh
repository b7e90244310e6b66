#!/bin/bash
# make-tree.sh LAYOUT DEST: build a virtio-win driver tree for the tests.
#   LAYOUT  iso  every file of tests/fixtures/lists/virtio-win-iso-list.txt (without "cd/"),
#                plus viostor and NetKVM in xp/x86 (as older ISOs had) and viostor, vioscsi,
#                NetKVM in w10/ARM64 and w11/ARM64 (as newer ISOs have)
#           rpm  every file of virtio-win-drivers-list.txt (drivers/by-driver, by-os, <arch>/WinXX)
# Where the list has viostor.inf, vioscsi.inf, netkvm.inf or qemufwcfg.inf, the fixture INF of
# tests/fixtures/virtio-win/ is copied with its TargetOSVersion decoration set for that folder
# (NT<arch><version>, as virtio-win builds them per OS); every other file but the other drivers'
# INFs (we have no copy of those) is a small placeholder with its real name.  The decorations, the server product types (.3) on 2k8R2,
# 2k12 and 2k12R2, and the newer DriverVer of the w10/ARM64 copies are ours, chosen so that
# folder preference, product type and DriverVer all decide at least one test.
set -euo pipefail
layout="$1" dest="$2"
fixtures="${WINSEED_FIXTURES:-$(cd "$(dirname "$0")/../fixtures" && pwd)}"
case "$layout" in
  iso) list="$fixtures/lists/virtio-win-iso-list.txt"; strip='cd/' ;;
  rpm) list="$fixtures/lists/virtio-win-drivers-list.txt"; strip='' ;;
  *) echo "make-tree.sh: layout must be iso or rpm" >&2; exit 1 ;;
esac

# Folder name -> canonical OS name (ISO spelling) in $os, when it names one.
set_os () {
  case "$1" in
    xp|2k3|w7|2k8R2|w8|2k12|w8.1|2k12R2|w10|2k16|2k19|2k22|w11|2k25) os=$1 ;;
    Win7) os=w7 ;; Win2008R2) os=2k8R2 ;; Win8) os=w8 ;; Win2012) os=2k12 ;;
    Win8.1) os=w8.1 ;; Win2012R2) os=2k12R2 ;; Win10) os=w10 ;; Win2016) os=2k16 ;;
    Win2019) os=2k19 ;; Win2022) os=2k22 ;; Win11) os=w11 ;; Win2025) os=2k25 ;;
  esac
}
# Folder name -> decoration platform in $arch, when it names one.
set_arch () {
  case "$1" in amd64) arch=amd64 ;; x86|i386) arch=x86 ;; ARM64) arch=arm64 ;; esac
}
# OS -> the version part of the decoration, in $ver.
set_version () {
  case "$1" in
    xp) ver=.5.1 ;; 2k3) ver=.5.2 ;; w7) ver=.6.1 ;; 2k8R2) ver=.6.1.3 ;;
    w8) ver=.6.2 ;; 2k12) ver=.6.2.3 ;; w8.1) ver=.6.3 ;; 2k12R2) ver=.6.3.3 ;;
    w10) ver=.10.0 ;; 2k16) ver=.10.0...14393 ;; 2k19) ver=.10.0...17763 ;;
    2k22) ver=.10.0...20348 ;; w11) ver=.10.0...22000 ;; 2k25) ver=.10.0...26100 ;;
  esac
}

# copy_inf SRC DEST_FILE OS ARCH
copy_inf () {
  local src="$1" out="$2" ver=""
  set_version "$3"
  case "${src##*/}" in
    qemufwcfg.inf) sed -e "s/NTx86/NTx86$ver/g" -e "s/NTAMD64/NTAMD64$ver/g" "$src" > "$out" ;;
    *) sed -e "s/NTamd64\\.6\\.3/NT$4$ver/g" "$src" > "$out" ;;
  esac
  if [ "$3/$4" = w10/arm64 ]; then
    sed -i -e 's|^DriverVer *=.*|DriverVer = 06/20/2024,100.95.104.26000\r|' "$out"
  fi
}

# add_file REL: create DEST/REL, a fixture copy for the four INFs, a placeholder otherwise.
# Its folder must exist.
add_file () {
  local rel="$1" name="${1##*/}" os="" arch="" part fixture=""
  IFS=/ read -r -a parts <<< "${rel%/*}"
  for part in "${parts[@]}"; do set_os "$part"; set_arch "$part"; done
  case "$name" in
    viostor.inf) fixture="$fixtures/virtio-win/viostor/w8.1/amd64/viostor.inf" ;;
    vioscsi.inf) fixture="$fixtures/virtio-win/vioscsi/w8.1/amd64/vioscsi.inf" ;;
    netkvm.inf) fixture="$fixtures/virtio-win/NetKVM/w8.1/amd64/netkvm.inf" ;;
    qemufwcfg.inf) fixture="$fixtures/virtio-win/qemufwcfg/w8.1/amd64/qemufwcfg.inf" ;;
  esac
  if [ -n "$fixture" ] && [ -n "$os" ] && [ -n "$arch" ]; then
    copy_inf "$fixture" "$dest/$rel" "$os" "$arch"
  elif [ -z "$fixture" ] && [[ "${name,,}" != *.inf ]]; then
    echo "placeholder for $name" > "$dest/$rel"
  fi
}

files=()
while IFS= read -r line; do
  [ -n "$line" ] && files+=("${line#"$strip"}")
done < "$list"
if [ "$layout" = iso ]; then
  for d in viostor/xp/x86 NetKVM/xp/x86 \
           viostor/w10/ARM64 viostor/w11/ARM64 vioscsi/w10/ARM64 vioscsi/w11/ARM64 \
           NetKVM/w10/ARM64 NetKVM/w11/ARM64; do
    base=${d%%/*}; base=${base,,}
    files+=("$d/$base.inf" "$d/$base.sys" "$d/$base.cat")
  done
fi
dirs=()
for f in "${files[@]}"; do [[ "$f" == */* ]] && dirs+=("$dest/${f%/*}"); done
mkdir -p "$dest" "${dirs[@]}"
for f in "${files[@]}"; do add_file "$f"; done
