# checks.sh: read-back checks of a converted image, against facts read by hand from the INF text.
# Expects $d (scratch dir with after/NAME.HIVE, NAME.json) and $tree (the driver tree).

# Facts read by hand from tests/fixtures/virtio-win/*/w8.1/amd64/*.inf (the service-install
# sections; the tree's copies differ only in decorations and, for w10/ARM64, DriverVer).
declare -A INF_START=([viostor]=0 [vioscsi]=0 [netkvm]=3)
declare -A INF_TYPE=([viostor]=1 [vioscsi]=1 [netkvm]=1)
declare -A INF_ERRORCONTROL=([viostor]=1 [vioscsi]=1 [netkvm]=1)
declare -A INF_GROUP=([viostor]="SCSI miniport" [vioscsi]="SCSI miniport" [netkvm]="NDIS")
declare -A INF_CLASSGUID=([viostor]="{4D36E97B-E325-11CE-BFC1-08002BE10318}"
                          [vioscsi]="{4D36E97B-E325-11CE-BFC1-08002BE10318}"
                          [netkvm]="{4d36e972-e325-11ce-bfc1-08002be10318}")

lower () { tr '[:upper:]' '[:lower:]'; }

# Hardware IDs (field 2 of each Models line) and compatible IDs (fields 3+) of an INF.
inf_hw_ids () {
  tr -d '\r' < "$1" | grep -i '^[^;[]*=[^,]*,[[:space:]]*PCI\\' | cut -d, -f2 | sed 's/[[:space:]]//g' | sort -u
}
inf_compat_ids () {
  tr -d '\r' < "$1" | grep -i '^[^;[]*=[^,]*,[[:space:]]*PCI\\' | cut -d, -f3- | tr ',' '\n' |
    sed 's/[[:space:]]//g' | grep -v '^$' | sort -u
}

# The 48-byte DriverPackages Version the INF implies
# (docs/windows-boot-drivers.md#driverpackages-version), as hivexget prints binary data
# ("00,ff,..."), computed here independently of winseed.
expected_version () {
  local inf="$1" guid="$2"
  perl -e '
    my ($dv, $guid) = @ARGV;
    my ($date, $ver) = split /,/, $dv;
    my ($m, $d, $y) = split m{/}, $date;
    my @v = (split (/\./, $ver), 0, 0, 0, 0)[0..3];
    # days from 1601-01-01 to the date
    my $days = 0;
    for my $yy (1601 .. $y - 1) { $days += (($yy % 4 == 0 && $yy % 100) || $yy % 400 == 0) ? 366 : 365 }
    my @ml = (31, (($y % 4 == 0 && $y % 100) || $y % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31);
    $days += $ml[$_] for 0 .. $m - 2;
    $days += $d - 1;
    my $ft = $days * 86400 * 10000000;
    my $q = ($v[0] << 48) | ($v[1] << 32) | ($v[2] << 16) | $v[3];
    $guid =~ s/[{}-]//g;
    my @g = map { hex } ($guid =~ /(..)/g);
    my @gb = (@g[3,2,1,0], @g[5,4], @g[7,6], @g[8..15]);
    my @b = (0x00, 0xff, 0x09, 0x00, 0, 0, 0, 0, @gb);
    push @b, map { ($ft >> (8 * $_)) & 0xff } 0 .. 7;
    push @b, map { ($q >> (8 * $_)) & 0xff } 0 .. 7;
    push @b, (0) x 8;
    print join (",", map { sprintf "%02x", $_ } @b), "\n";
  ' "$(inf_driver_ver "$inf")" "$guid"
}

check_service () {
  local n="$1" cs="$2" svc="$3" sys="$d/after/$1.SYSTEM" key
  key="\\$cs\\Services\\$svc"
  assert_eq "$n $svc Start" "dword:$(printf %08x "${INF_START[$svc]}")" "$(reg_value "$sys" "$key" Start)"
  assert_eq "$n $svc Type" "dword:$(printf %08x "${INF_TYPE[$svc]}")" "$(reg_value "$sys" "$key" Type)"
  assert_eq "$n $svc ErrorControl" "dword:$(printf %08x "${INF_ERRORCONTROL[$svc]}")" "$(reg_value "$sys" "$key" ErrorControl)"
  assert_eq "$n $svc Group" "\"${INF_GROUP[$svc]}\"" "$(reg_value "$sys" "$key" Group)"
  # ServiceBinary = %12%\<svc>.sys (DIRID 12 = System32\drivers), stored as REG_EXPAND_SZ.
  reg_value "$sys" "$key" ImagePath | grep -qix "str(2):\"system32\\\\\\\\drivers\\\\\\\\$svc.sys\"" ||
    fail "$n $svc ImagePath: $(reg_value "$sys" "$key" ImagePath)"
  hivexget "$sys" "$key\\StartOverride" >/dev/null 2>&1 && fail "$n $svc still has a StartOverride"
  :
}

check_ddb () {
  local n="$1" inf="$2" svc="$3" pub="$4" store="$5" hive="$d/after/$1.$6" sys="$d/after/$1.SYSTEM" id want
  assert_eq "$n DriverInfFiles\\$pub Active" "\"$store\"" "$(reg_value "$hive" "\\DriverDatabase\\DriverInfFiles\\$pub" Active)"
  assert_eq "$n DriverPackages\\$store default" "\"$pub\"" "$(reg_value "$hive" "\\DriverDatabase\\DriverPackages\\$store" @)"
  want="hex(3):$(expected_version "$inf" "${INF_CLASSGUID[$svc]}")"
  assert_eq "$n $store Version" "$want" "$(reg_value "$hive" "\\DriverDatabase\\DriverPackages\\$store" Version)"
  for id in $(inf_hw_ids "$inf"); do
    assert_eq "$n DeviceIds\\$id" "hex(3):01,ff,00,00" "$(reg_value "$hive" "\\DriverDatabase\\DeviceIds\\$id" "$pub")"
  done
  for id in $(inf_compat_ids "$inf"); do
    assert_eq "$n DeviceIds\\$id" "hex(3):02,ff,00,00" "$(reg_value "$hive" "\\DriverDatabase\\DeviceIds\\$id" "$pub")"
  done
  reg_values "$hive" "\\DriverDatabase\\DeviceIds\\$(echo "${INF_CLASSGUID[$svc]}" | lower)" | grep -qi "^\"$pub\"=hex(0):" ||
    fail "$n: DeviceIds\\{class} has no $pub marker"
  # OemInfMap (SYSTEM): bit 7-(N%8) of byte N/8 is set for oemN (docs/windows-boot-drivers.md#oeminfmap).
  local num=${pub//[!0-9]/} map byte
  map=$(reg_value "$sys" '\DriverDatabase' OemInfMap | sed 's/^hex(3)://')
  byte=$(echo "$map" | cut -d, -f$(( num / 8 + 1 )))
  [ $(( 0x$byte & (0x80 >> (num % 8)) )) -ne 0 ] || fail "$n: OemInfMap ($map) lacks the bit of $pub"
  if [ "$svc" = netkvm ]; then
    local cfg
    cfg=$(hivexregedit --export "$hive" "\\DriverDatabase\\DriverPackages\\$store\\Configurations" |
          tr -d '\r' | sed -n 's/^\[.*\\Configurations\\\([^\\]*\)\\Driver\\Ndi\\Interfaces\]$/\1/p' | head -n1)
    [ -n "$cfg" ] || fail "$n: netkvm Configuration has no Driver\\Ndi\\Interfaces"
    # netkvm.inf lines 289-290: UpperRange "ndis5", LowerRange "ethernet"; line 43: Characteristics 0x84.
    local k="\\DriverDatabase\\DriverPackages\\$store\\Configurations\\$cfg\\Driver"
    assert_eq "$n netkvm UpperRange" '"ndis5"' "$(reg_value "$hive" "$k\\Ndi\\Interfaces" UpperRange)"
    assert_eq "$n netkvm LowerRange" '"ethernet"' "$(reg_value "$hive" "$k\\Ndi\\Interfaces" LowerRange)"
    reg_value "$hive" "$k" Characteristics | grep -q '84,00,00,00\|00000084' || fail "$n netkvm Characteristics"
  fi
}

check_cddb () {
  local n="$1" cs="$2" inf="$3" svc="$4" store="$5" sys="$d/after/$1.SYSTEM" id key
  for id in $(inf_hw_ids "$inf") $(inf_compat_ids "$inf"); do
    key="\\$cs\\Control\\CriticalDeviceDatabase\\${id//\\/#}"
    assert_eq "$n CDDB $id Service" "\"$svc\"" "$(reg_value "$sys" "$key" Service)"
    assert_eq "$n CDDB $id ClassGUID" "$(echo "\"${INF_CLASSGUID[$svc]}\"" | lower)" "$(reg_value "$sys" "$key" ClassGUID | lower)"
    if [ "$n" = win7-x86 ]; then   # the real Win7 hive's own entries carry DriverPackageId
      assert_eq "$n CDDB $id DriverPackageId" "\"$store\"" "$(reg_value "$sys" "$key" DriverPackageId)"
    fi
  done
}

check_package () {
  local n="$1" cs="$2" model="$3" i="$4" j="$d/$1.json" inf svc pub store hive role
  role=$(jq -r ".packages[$i].role" "$j")
  inf="$tree/$(jq -r ".packages[$i].inf" "$j")"
  svc=$(jq -r ".packages[$i].services[0]" "$j")
  pub=$(jq -r ".packages[$i].published_inf" "$j")
  store=$(jq -r ".packages[$i].driver_store_name" "$j")
  hive=$(jq -r ".packages[$i].driver_database_hive" "$j")
  tr -d '\r' < "$inf" | grep -qi "^AddService *= *$svc *," || fail "$n: $svc is not the AddService of $inf"
  check_service "$n" "$cs" "$svc"
  if [ "$model" = DriverDatabase ]; then
    check_ddb "$n" "$inf" "$svc" "$pub" "$store" "$hive"
  elif [ "$role" != net ]; then
    check_cddb "$n" "$cs" "$inf" "$svc" "$store"
  fi
  echo "ok: $n $role $svc as $pub"
}

# Every file the report says was installed is byte-identical to its source in the driver set.
check_files () {
  local n="$1" j="$d/$1.json" i f base src sum
  for i in $(seq 0 $(( $(jq '.packages | length' "$j") - 1 ))); do
    local inf="$tree/$(jq -r ".packages[$i].inf" "$j")"
    for f in $(jq -r ".packages[$i].files[]" "$j"); do
      base=${f##*/}
      if [[ "$base" =~ ^oem[0-9]+\.inf$ ]]; then src="$inf"
      else src=$(find "$(dirname "$inf")" -maxdepth 1 -iname "$base" | head -n1); fi
      [ -n "$src" ] || fail "$n: no source for $f"
      sum=$(sed -n "s|^$f ||p" "$d/after/$n.sums")
      assert_eq "$n: checksum of $f" "$(sha256sum < "$src" | cut -d' ' -f1)" "$sum"
    done
  done
  echo "ok: $n files identical ($(wc -l < "$d/after/$n.sums"))"
}
