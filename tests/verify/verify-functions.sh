# verify-functions.sh: helpers of the verify image tests.  Source it after functions.sh:
#   . "$WINSEED_TESTS_SRCDIR/functions.sh"; . "$WINSEED_TESTS_SRCDIR/verify/verify-functions.sh"
# Verdicts are read from `winseed verify --json` with jq.  Expected values come from the test
# images' hives (tests/images/README) and the fixture INFs, never from a winseed run.

requires jq --version

# The IDs of issue 5 for each controller: the device's most specific hardware ID.
blk_legacy='PCI\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00'
blk_modern='PCI\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01'
scsi_legacy='PCI\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00'
scsi_modern='PCI\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01'

# verify_json OUT STATUS ARGS...: `winseed verify --json ARGS` into OUT, requiring exit STATUS.
verify_json () {
  local out="$1" want="$2"; shift 2
  expect_exit "$want" "$WINSEED" verify --json "$@" > "$out"
  jq -e . "$out" > /dev/null || fail "verify $*: stdout is not one JSON document"
}

# field OUT BUS VARIANT JQ-EXPR: a field of one controller (jq -r).
field () {
  jq -r --arg b "$2" --arg v "$3" ".controllers[] | select(.bus == \$b and .variant == \$v) | $4" "$1"
}

# Print every controller's verdict and reason (for the test log).
show_verdicts () {
  jq -r '.controllers[] | "\(.bus) \(.variant): \(.verdict)\(if .reason then ": " + .reason else "" end)"' "$1"
}

# expect_broken OUT BUS VARIANT WHAT WHY: that controller does not boot, its first broken link is
# the step WHAT and the explanation contains WHY.
expect_broken () {
  local out="$1" bus="$2" variant="$3" what="$4" why="$5"
  assert_eq "$bus $variant boots" false "$(field "$out" "$bus" "$variant" .boots)"
  assert_eq "$bus $variant broken link" "$what" "$(field "$out" "$bus" "$variant" .broken_link.what)"
  assert_contains "$bus $variant reason" "$why" "$(field "$out" "$bus" "$variant" .reason)"
}

expect_boots () {
  local out="$1" bus="$2" variant="$3"
  [ "$(field "$out" "$bus" "$variant" .boots)" = true ] ||
    fail "$bus $variant does not boot: $(field "$out" "$bus" "$variant" .reason)"
}

# overlay IMAGE DIR NAME: a qcow2 overlay of a test image (the image itself is never written).
overlay () {
  local fmt
  requires qemu-img --version
  fmt=$(qemu-img info --output=json "$1" | jq -r .format)
  qemu-img create -q -f qcow2 -b "$1" -F "$fmt" "$2/$3.qcow2" || fail "cannot create an overlay of $1"
  echo "$2/$3.qcow2"
}

# A virtio-win tree in the ISO layout (tests/drivers/make-tree.sh: the real INFs of
# tests/fixtures/virtio-win with the decorations of each OS folder, placeholder payloads).
driver_tree () {
  local dest="$1/virtio-win"
  [ -f "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" ] || skip "tests/drivers/make-tree.sh is missing"
  bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$dest" || fail "make-tree.sh failed"
  echo "$dest"
}

# Skip until `winseed convert` exists in this build.
requires_convert () {
  "$WINSEED" convert --help > /dev/null 2>&1 || skip "winseed convert is not available in this build"
}

# convert_copy IMAGE DIR: a converted overlay of IMAGE (one appliance launch); prints its path.
# The conversion also writes its libvirt domain to DIR/converted.xml.
convert_copy () {
  local img="$1" dir="$2" ov tree
  ov=$(overlay "$img" "$dir" converted)
  tree=$(driver_tree "$dir")
  "$WINSEED" convert -q -a "$ov" --format qcow2 --drivers "$tree" --libvirt-xml "$dir/converted.xml" >&2 ||
    fail "winseed convert failed on $(basename "$img")"
  echo "$ov"
}

# check_unconverted IMAGE-NAME: an image never converted does not boot on any virtio controller,
# and verify names the first broken link: nothing in the guest's boot database knows any of the
# controller's IDs (the hives of tests/images hold no VEN_1AF4 key).  One appliance launch.
check_unconverted () {
  local img d out model n what why bus variant
  img=$(image "$1")
  d=$(scratch_dir); cleanup_fn rm -rf "$d"
  out=$d/verify.json
  verify_json "$out" 7 -a "$img"
  show_verdicts "$out"
  assert_contains "stderr" "does not boot on virtio-blk or virtio-scsi" "$(cat "$last_stderr")"
  assert_eq "overall verdict" false "$(jq -r .boots "$out")"
  assert_eq "controllers walked" 4 "$(jq '.controllers | length' "$out")"
  assert_eq "buses" "virtio-blk=false virtio-scsi=false" \
    "$(jq -r '[.buses[] | "\(.bus)=\(.boots)"] | join(" ")' "$out")"
  model=$(jq -r .boot_model "$out")
  for bus in virtio-blk virtio-scsi; do
    for variant in legacy modern; do
      n=$(field "$out" "$bus" "$variant" '(.hardware_ids + .compatible_ids) | length')
      case "$model" in
        DriverDatabase)
          what=DeviceIds
          why="none of the $n IDs Windows lists for this SCSIAdapter device ($(field "$out" "$bus" "$variant" .device) ... PCI\\CC_0100) is in DriverDatabase\\DeviceIds" ;;
        CriticalDeviceDatabase)
          what=CriticalDeviceDatabase
          why="none of the $n IDs Windows lists for this SCSIAdapter device ($(field "$out" "$bus" "$variant" .device) ... PCI\\CC_0100) has a CriticalDeviceDatabase entry" ;;
        *) fail "unknown boot model '$model'" ;;
      esac
      expect_broken "$out" "$bus" "$variant" "$what" "$why"
      assert_contains "$bus $variant consequence" "0x7B (INACCESSIBLE_BOOT_DEVICE)" \
        "$(field "$out" "$bus" "$variant" .reason)"
      assert_eq "$bus $variant candidates" 0 "$(field "$out" "$bus" "$variant" '.candidates | length')"
    done
  done
  echo "$1: $model; every virtio controller: does not boot"
}

# check_converted IMAGE-NAME BUS [FIRMWARE MACHINE DISK-BUS OS-ID N-NICS MACS...]: after
# `winseed convert` the bus (all: both) boots, exit 0, and the virtio NIC comes up.  With the
# domain facts (check_doc's arguments, from tests/images/README), the conversion's
# --libvirt-xml has them, and `winseed domain` on the converted image writes the same document.
# Three appliance launches (convert, verify twice), four with the domain facts.
check_converted () {
  local name="$1" bus="${2:-all}" img d ov out b variant
  requires_convert
  img=$(image "$name")
  d=$(scratch_dir); cleanup_fn rm -rf "$d"
  ov=$(convert_copy "$img" "$d")
  out=$d/verify.json
  verify_json "$out" 0 -a "$ov" --format qcow2 --bus "$bus"
  show_verdicts "$out"
  assert_eq "overall verdict" true "$(jq -r .boots "$out")"
  for b in virtio-blk virtio-scsi; do
    [ "$bus" = all ] || [ "$bus" = "$b" ] || continue
    for variant in legacy modern; do expect_boots "$out" "$b" "$variant"; done
  done
  echo "$name after convert: $bus boots"
  # The conversion installed NetKVM too: the virtio NIC comes up (docs/firstboot.md#verify).
  verify_json "$d/net.json" 0 -a "$ov" --format qcow2 --bus virtio-net
  show_verdicts "$d/net.json"
  for variant in legacy modern; do
    expect_boots "$d/net.json" virtio-net "$variant"
    assert_eq "virtio-net $variant driver" netkvm \
      "$(field "$d/net.json" virtio-net "$variant" '.candidates[] | select(.chosen) | .service')"
  done
  [ $# -gt 2 ] || return 0
  shift 2
  requires command -v virt-xml-validate
  requires command -v xmllint
  . "$WINSEED_TESTS_SRCDIR/domain/lib.sh"
  check_doc "$d/converted.xml" "$@"
  assert_eq "$name domain disk" "$ov" "$(x "$d/converted.xml" /domain/devices/disk/source/@file)"
  "$WINSEED" domain -a "$ov" --format qcow2 -o "$d/domain.xml" -q || fail "winseed domain failed on the converted $name"
  diff -u "$d/converted.xml" "$d/domain.xml" || fail "winseed domain differs from convert --libvirt-xml on $name"
  echo "$name: convert --libvirt-xml and winseed domain write the same document"
}

# run_virt_v2v IMAGE-NAME DIR: a copy of the image converted in place by Debian's
# virt-v2v-in-place, with the fake virtio-win tree (VIRTIO_WIN) and a stand-in rhsrvany.exe
# (virt-v2v copies it into the guest for its first-boot scripts; it never runs here).  Prints the
# copy's path.  One appliance launch.
run_virt_v2v () {
  local img ov tree
  img=$(image "$1")
  ov=$(overlay "$img" "$2" virt-v2v)
  tree=$(driver_tree "$2")
  mkdir -p "$2/virt-tools"
  printf 'MZ stand-in for rhsrvany.exe\n' > "$2/virt-tools/rhsrvany.exe"
  printf 'MZ stand-in for pnp_wait.exe\n' > "$2/virt-tools/pnp_wait.exe"
  VIRTIO_WIN="$tree" VIRT_TOOLS_DATA_DIR="$2/virt-tools" \
    virt-v2v-in-place -i disk -if qcow2 "$ov" > "$2/virt-v2v.log" 2>&1 ||
    { tail -20 "$2/virt-v2v.log" >&2; fail "virt-v2v-in-place failed on $1"; }
  echo "$ov"
}

# check_virt_v2v IMAGE-NAME: verify's verdict on a copy converted by virt-v2v-in-place.
# virt-v2v 2.2 (Debian 12) installs viostor only, under a fake INF name "guestor.inf" with a
# Version whose DriverVer date and version are zero (docs/windows-boot-drivers.md#driverpackages-version,
# docs/virt-v2v-comparison.md#driverdatabase-entries): virtio-blk
# boots with a ranking warning; nothing registers vioscsi, so virtio-scsi does not boot.
# Two appliance launches.
check_virt_v2v () {
  local d ov out variant version
  requires virt-v2v-in-place --version
  requires nbdkit --version   # virt-v2v -i disk needs it
  version=$(virt-v2v-in-place --version | awk '{print $2}')
  d=$(scratch_dir); cleanup_fn rm -rf "$d"
  ov=$(run_virt_v2v "$1" "$d")
  out=$d/verify.json
  set +e; "$WINSEED" verify --json -a "$ov" --format qcow2 > "$out"; echo "exit status $?"; set -e
  echo "$1 converted by virt-v2v-in-place $version:"
  show_verdicts "$out"
  for variant in legacy modern; do
    expect_boots "$out" virtio-blk "$variant"
    assert_eq "virtio-blk $variant driver" "guestor.inf viostor" \
      "$(field "$out" virtio-blk "$variant" '.candidates[] | select(.chosen) | "\(.source) \(.service)"')"
    assert_contains "virtio-blk $variant Version" "zero, as virt-v2v writes" \
      "$(field "$out" virtio-blk "$variant" '.chain[] | select(.what == "Version") | .why')"
  done
  case "$version" in
    2.2.*)
      for variant in legacy modern; do
        expect_broken "$out" virtio-scsi "$variant" DeviceIds "none of the 13 IDs Windows lists for this SCSIAdapter device"
      done ;;
    *) echo "virt-v2v $version: virtio-scsi verdict not checked" ;;
  esac
}
