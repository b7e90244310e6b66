# Shared by the tests that check a generated libvirt domain (winseed domain, convert
# --libvirt-xml): XPath reads with xmllint and the checks every document gets.  Needs xmllint and
# virt-xml-validate (the caller `requires` them).

LIBOSINFO_NS='http://libosinfo.org/xmlns/libvirt/domain/1.0'

# x FILE XPATH: the string value of XPATH in FILE ("" when it selects nothing).
x () {
  xmllint --xpath "string($2)" "$1" 2>/dev/null || :
}

# check_doc FILE FIRMWARE MACHINE BUS OS_ID N_NICS MACS...: FIRMWARE is "efi" or "" (BIOS).
check_doc () {
  local f="$1" fw="$2" machine="$3" bus="$4" os="$5" nics="$6"; shift 6
  [ -f "$f" ] || fail "no $f"
  virt-xml-validate "$f" domain >/dev/null || { cat "$f"; fail "$f does not validate"; }
  assert_eq "$f firmware" "$fw" "$(x "$f" /domain/os/@firmware)"
  assert_eq "$f machine" "$machine" "$(x "$f" /domain/os/type/@machine)"
  assert_eq "$f disk bus" "$bus" "$(x "$f" /domain/devices/disk/target/@bus)"
  assert_eq "$f OS id" "$os" \
    "$(x "$f" "/domain/metadata/*[namespace-uri()='$LIBOSINFO_NS']/*[local-name()='os']/@id")"
  assert_eq "$f NICs" "$nics" "$(x "$f" 'count(/domain/devices/interface[model/@type="virtio"])')"
  assert_eq "$f MACs" "$#" "$(x "$f" 'count(/domain/devices/interface/mac)')"
  local i=1 mac
  for mac in "$@"; do
    assert_eq "$f MAC $i" "$mac" \
      "$(x "$f" "/domain/devices/interface[mac][$i]/mac/@address" | tr A-F a-f)"
    i=$((i + 1))
  done
  echo "ok: $f"
}
