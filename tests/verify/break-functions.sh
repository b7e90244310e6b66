# break-functions.sh: break copies of a converted test image, one link each, in one guestfish
# session (one appliance launch).  Source after verify-functions.sh.
#
# Each break edits a downloaded copy of the guest's SYSTEM hive with hivexregedit (or removes a
# file), using the names the conversion chose, read back with hivexget: the INF published for
# virtio-blk (DeviceIds), its Active package (DriverInfFiles), the viostor service.

requires guestfish --version
requires command -v hivexregedit
requires command -v hivexget
requires command -v hivexsh
requires command -v perl
requires qemu-img --version

P='HKEY_LOCAL_MACHINE\SYSTEM'

gf () { guestfish --remote -- "$@"; }

# merge HIVE: .reg text on stdin merged into HIVE.
merge () {
  { printf 'Windows Registry Editor Version 5.00\n\n'; cat; printf '\n'; } > "$1.reg"
  hivexregedit --merge --prefix "$P" "$1" "$1.reg" || fail "hivexregedit --merge failed on $1.reg"
}

# The names a conversion left in HIVE, as shell variables cs, inf, pkg, group, image.
read_names () {
  local hive="$1"
  cs=$(printf 'ControlSet%03d' "$(hivexget "$hive" Select Current)")
  inf=$(hivexget "$hive" "DriverDatabase\\DeviceIds\\$blk_legacy" 2>/dev/null | sed -n 's/^"\([^"]*\)"=.*/\1/p' | head -1)
  pkg=""
  [ -z "$inf" ] || pkg=$(hivexget "$hive" "DriverDatabase\\DriverInfFiles\\$inf" Active)
  group=$(hivexget "$hive" "$cs\\Services\\viostor" Group 2>/dev/null || :)
  image=$(hivexget "$hive" "$cs\\Services\\viostor" ImagePath 2>/dev/null || :)
}

# Guest path of the viostor driver file, from ImagePath (see verify-path.c for the forms).
sys_path () {
  local p="${image:-System32\\drivers\\viostor.sys}"
  case "$p" in
    '\SystemRoot\'*) p=${p#'\SystemRoot\'} ;;
    '%SystemRoot%\'*) p=${p#'%SystemRoot%\'} ;;
  esac
  echo "/Windows/${p//\\//}"
}

# The 13 IDs Windows lists for virtio-blk legacy and modern
# (docs/windows-boot-drivers.md#pci-hardware-and-compatible-ids).
blk_ids () {
  local dev
  for dev in 'DEV_1001&SUBSYS_00021AF4&REV_00' 'DEV_1042&SUBSYS_11001AF4&REV_01'; do
    local d=${dev%%&*} sub=${dev#*&}; sub=${sub%&*} rev=${dev##*&}
    printf '%s\n' "PCI\\VEN_1AF4&$d&$sub&$rev" "PCI\\VEN_1AF4&$d&$sub" "PCI\\VEN_1AF4&$d&CC_010000" \
      "PCI\\VEN_1AF4&$d&CC_0100" "PCI\\VEN_1AF4&$d&$rev" "PCI\\VEN_1AF4&$d"
  done
  printf '%s\n' 'PCI\VEN_1AF4&CC_010000' 'PCI\VEN_1AF4&CC_0100' 'PCI\VEN_1AF4' 'PCI\CC_010000&DT_0' \
    'PCI\CC_010000' 'PCI\CC_0100&DT_0' 'PCI\CC_0100'
}

# break_hive KIND HIVE: apply one break to a local SYSTEM copy (names from read_names).
break_hive () {
  local kind="$1" hive="$2" id line
  case "$kind" in
    no-version) printf '[%s\\DriverDatabase\\DriverPackages\\%s]\n"Version"=-\n' "$P" "$pkg" | merge "$hive" ;;
    wrong-class)
      line=$(hivexregedit --export "$hive" "\\DriverDatabase\\DriverPackages\\$pkg" | grep -m1 '^"Version"=')
      [ -n "$line" ] || fail "no Version in DriverPackages\\$pkg"
      # {4D36E97B-...} SCSIAdapter -> {4D36E972-...} Net, in Windows GUID byte order.
      printf '[%s\\DriverDatabase\\DriverPackages\\%s]\n%s\n' "$P" "$pkg" "${line/7b,e9,36,4d/72,e9,36,4d}" | merge "$hive" ;;
    no-deviceids)
      while read -r id; do
        hivexget "$hive" "DriverDatabase\\DeviceIds\\$id" > /dev/null 2>&1 &&
          printf '[%s\\DriverDatabase\\DeviceIds\\%s]\n"%s"=-\n\n' "$P" "$id" "$inf"
      done < <(blk_ids) | merge "$hive" ;;
    missing-package)
      ! hivexget "$hive" 'DriverDatabase\DriverPackages\viostor.inf_amd64_ffffffffffffffff' > /dev/null 2>&1 ||
        fail "the conversion used the package name this test assumes is free"
      printf '[%s\\DriverDatabase\\DriverInfFiles\\%s]\n"Active"="viostor.inf_amd64_ffffffffffffffff"\n' "$P" "$inf" | merge "$hive" ;;
    start3) printf '[%s\\%s\\Services\\viostor]\n"Start"=dword:00000003\n' "$P" "$cs" | merge "$hive" ;;
    startoverride)
      printf '[%s\\%s\\Services\\viostor\\StartOverride]\n"0"=dword:00000003\n' "$P" "$cs" | merge "$hive" ;;
    group)
      # ServiceGroupOrder\List without viostor's group, as REG_MULTI_SZ.
      [ -n "$group" ] || fail "viostor has no Group to remove from ServiceGroupOrder"
      line=$(hivexget "$hive" "$cs\\Control\\ServiceGroupOrder" List | G="$group" perl -MEncode -e '
        my @l = grep { length && lc ne lc $ENV{G} } map { chomp; $_ } <STDIN>;
        print join ",", map { sprintf "%02x", $_ } unpack "C*", encode ("UTF-16LE", join ("\0", @l) . "\0\0");')
      printf '[%s\\%s\\Control\\ServiceGroupOrder]\n"List"=hex(7):%s\n' "$P" "$cs" "$line" | merge "$hive" ;;
    cddb-removed)
      printf 'cd \\%s\\Control\\CriticalDeviceDatabase\nls\n' "$cs" | hivexsh "$hive" |
        grep -i -E '^PCI#VEN_1AF4&DEV_(1001|1042)' | while read -r id; do
          printf '[-%s\\%s\\Control\\CriticalDeviceDatabase\\%s]\n\n' "$P" "$cs" "$id"
        done | merge "$hive" ;;
    sys-missing) ;;
    *) fail "unknown break $kind" ;;
  esac
}

# break_images DIR IMAGE-NAME KIND...: DIR/KIND.qcow2 (overlays of one converted copy of test
# image IMAGE-NAME) broken one way each, all in one guestfish session.
break_images () {
  local dir="$1" name="$2"; shift 2
  local args=() k i=0 sys
  for k in "$@"; do args+=(--format=qcow2 -a "$dir/$k.qcow2"); done
  eval "$(guestfish --listen "${args[@]}")"
  [ -n "${GUESTFISH_PID:-}" ] || fail "guestfish --listen did not start"
  cleanup_fn "guestfish --remote -- exit > /dev/null 2>&1"
  gf run
  for k in "$@"; do
    gf mount "$(image_root "$name" $i)" /
    i=$((i + 1))
    sys=$(gf case-sensitive-path /Windows/System32/config/SYSTEM)
    gf download "$sys" "$dir/$k.SYSTEM"
    read_names "$dir/$k.SYSTEM"
    if [ "$k" = sys-missing ]; then
      gf rm "$(gf case-sensitive-path "$(sys_path)")"
    else
      break_hive "$k" "$dir/$k.SYSTEM"
      gf upload "$dir/$k.SYSTEM" "$sys"
    fi
    gf umount /
  done
  gf exit
}

# verify_all DIR KIND...: `winseed verify --json` on each DIR/KIND.qcow2, four at a time;
# DIR/KIND.json and DIR/KIND.rc hold the results.
verify_all () {
  local dir="$1"; shift
  printf '%s\n' "$@" | xargs -P 4 -I{} sh -c \
    '"$0" verify --json -a "$1/{}.qcow2" --format qcow2 > "$1/{}.json" 2> "$1/{}.err"; echo $? > "$1/{}.rc"' \
    "$WINSEED" "$dir"
}
