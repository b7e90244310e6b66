#!/bin/bash
# Malformed INFs (tests/fuzz/corpus-inf/malformed-*.inf): each is refused with exit 2 and one
# line naming the problem, the file and the line (read from the INF text), and nothing on
# stdout.  In a driver set, a malformed INF only costs its own package.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
d=$(scratch_dir)
corpus="$WINSEED_TESTS_SRCDIR/fuzz/corpus-inf"
while IFS='|' read -r name line message; do
  cp "$corpus/$name" "$d/$name"
  expect_exit 2 "$WINSEED" drivers --drivers "$d/$name" > "$d/out"
  [ ! -s "$d/out" ] || fail "$name: output on stdout"
  assert_eq "$name" "winseed: cannot parse '$name' line $line: $message" "$(cat "$last_stderr")"
done <<'TABLE'
malformed-unterminated-string.inf|47|unterminated string in [Strings]: expected a closing '"' before the end of the line
malformed-no-version.inf|1|no [Version] section: expected [Version] with a Signature
malformed-no-manufacturer.inf|3|no [Manufacturer] section: expected the device models this package installs
malformed-missing-models.inf|21|Models section [VioStor.NTamd64] does not exist: expected it for decoration NTamd64
malformed-missing-addreg.inf|41|AddReg section [no_such_addreg] does not exist: expected it in this INF
malformed-needs-cycle.inf|37|circular Needs: [scsi_inst] -> [common_a] -> [common_b] -> [common_a]: expected sections that do not need each other
malformed-include-self.inf|31|circular Include: the INF includes itself: expected another INF
malformed-undefined-strkey.inf|6|undefined string key %VENDOR_NAME%: expected it in [Strings]
malformed-bad-driverver.inf|7|bad DriverVer '02/30/2021,100.85.104.20800': expected mm/dd/yyyy,w.x.y.z with a real date and 16-bit parts
malformed-driverver-version.inf|7|bad DriverVer '08/30/2021,100.85.104.70000': expected mm/dd/yyyy,w.x.y.z with a real date and 16-bit parts
malformed-huge-line.inf|49|line too long in [Strings]: expected at most 65536 characters
malformed-strings-cycle.inf|6|string %LOOP_A% nests more than 8 levels: expected a value that does not refer to itself
malformed-addreg-flags.inf|44|bad AddReg flags '0x0001000G': expected a number such as 0x00010001
malformed-addreg-root.inf|44|unknown registry root 'HKXX' in [pnpsafe_pci_addreg]: expected HKR, HKLM, HKCU, HKCR or HKU
malformed-addreg-binary.inf|44|bad binary data 'zz': expected hex bytes such as 0a,ff
malformed-missing-service-section.inf|33|service-install section [scsi_Service_Install] does not exist: expected it for service 'viostor'
malformed-service-no-start.inf|35|service-install section [scsi_Service_Inst] has no StartType: expected ServiceType, StartType, ErrorControl and ServiceBinary
malformed-bad-guid.inf|5|bad ClassGuid '{4D36E97B-E325-11CE-BFC1}': expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}
malformed-missing-copyfiles.inf|30|CopyFiles section [viostor_Files_Drivers] does not exist: expected a file list of that name
malformed-missing-install.inf|24|install section [scsi_install] does not exist: expected [scsi_install.NTamd64], [scsi_install.NT] or [scsi_install]
malformed-signature.inf|3|unknown Signature '$Windows 3.1$': expected "$Windows NT$" or "$Chicago$"
malformed-section-header.inf|13|unterminated section name: expected ']' after '[SourceDisksFiles'
malformed-text-outside.inf|1|text outside any section: expected a [section] header first
malformed-binary-elf.inf|1|NUL byte in text: expected text, found binary data
malformed-binary-tail.inf|5|NUL byte in text: expected text, found binary data
malformed-truncated-utf16.inf|3|truncated UTF-16 text: expected an even number of bytes, found 75
malformed-utf16-surrogate.inf|2|unpaired UTF-16 surrogate: expected a low surrogate after U+D83D
TABLE
n=$(ls "$corpus"/malformed-*.inf | wc -l)
[ "$n" = 27 ] || fail "corpus has $n malformed INFs, the table 27"

# In a tree: a warning for the broken package, the rest listed and chosen as before.
bash "$WINSEED_TESTS_SRCDIR/drivers/make-tree.sh" iso "$d/tree"
cp "$corpus/malformed-unterminated-string.inf" "$d/tree/viostor/w10/amd64/viostor.inf"
expect_exit 0 "$WINSEED" drivers --drivers "$d/tree" --target 10/amd64 --json > "$d/out.json"
assert_eq "warning" "winseed: cannot parse 'viostor/w10/amd64/viostor.inf' line 47: unterminated string in [Strings]: expected a closing '\"' before the end of the line" "$(cat "$last_stderr")"
assert_contains "package error" "line 47: unterminated string" \
  "$(jq -r '.packages[] | select(.inf == "viostor/w10/amd64/viostor.inf") | .error' "$d/out.json")"
assert_eq "next best" amd64/w10/viostor.inf "$(jq -r '.selection[] | select(.role == "block") | .inf' "$d/out.json")"
expect_exit 0 "$WINSEED" drivers -q --drivers "$d/tree" > /dev/null
[ ! -s "$last_stderr" ] || fail "-q still warns"

# Driver sets that cannot be used at all, and bad command lines.
mkdir -p "$d/empty"
expect_exit 2 "$WINSEED" drivers --drivers "$d/empty"
assert_contains "empty" "no driver package in '$d/empty': expected *.inf files" "$(cat "$last_stderr")"
expect_exit 2 "$WINSEED" drivers --drivers "$d/nonexistent"
assert_contains "missing" "cannot read driver set '$d/nonexistent': no such file or folder" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" drivers
assert_contains "no --drivers" "no driver set given (use --drivers PATH)" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" drivers --drivers "$d/tree" --target w10
assert_contains "bad target" "bad target 'w10'" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" drivers --drivers "$d/tree" --target w10/sparc
expect_exit 1 "$WINSEED" drivers --drivers "$d/tree" -a disk.img
echo "ok"
