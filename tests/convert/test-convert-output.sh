#!/bin/bash
# convert --output FILE: the converted guest goes to a new image and the source is only read.
# On a qcow2 source and on a streamOptimized VMDK (plus a raw data disk: one output per -a disk,
# in order) each source stays bit-identical (sha256); each output is a standalone image that
# `winseed verify` accepts, `winseed domain` points at, and whose driver and registry values read
# back with guestfish and hivexget; the JSON report names the outputs, and the --machine-readable
# stream carries the copy's progress.  An injected failure
# after the copy and a SIGINT during the copy leave no FILE, no FILE.part, no scratch space.
# Eight appliance launches.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires qemu-img --version
requires guestfish --version
requires command -v hivexget
requires jq --version
requires command -v xmllint
d=$(scratch_dir)
tree=$(driver_tree)
args=(--drivers "$tree" --block-driver viostor --no-network -q)
mkdir "$d/tmp"
# .guestfs-* is libguestfs' appliance cache: kept on purpose between runs.
left () { ls -A "$d/tmp" | grep -v '^\.guestfs-' || :; }
sum () { sha256sum < "$1" | cut -d' ' -f1; }
# readback IMG IMAGE-NAME: the driver's sha256 in IMG, a converted copy of test image IMAGE-NAME;
# the SYSTEM hive to $d/SYSTEM.
readback () {
  rm -f "$d/SYSTEM"
  guestfish --ro -a "$1" -m "$(image_root "$2")" <<EOF2 > "$d/gf.out"
checksum sha256 /Windows/System32/drivers/viostor.sys
download /Windows/System32/config/SYSTEM $d/SYSTEM
EOF2
  head -n1 "$d/gf.out"
}

# Usage errors, before any appliance.
win10q="$WINSEED_IMAGES/win10-x64.qcow2"
[ -f "$win10q" ] || skip "test image win10-x64.qcow2 not built"
expect_exit 1 "$WINSEED" convert -a "$win10q" -a "$win10q" --output "$d/x" "${args[@]}"
assert_contains "count mismatch" "1 --output given for 2 disks" "$(cat "$last_stderr")"
expect_exit 1 "$WINSEED" convert -a "$win10q" --output "$d/x" --output-format vmdk "${args[@]}"
expect_exit 1 "$WINSEED" convert -a "$win10q" --output-format raw "${args[@]}"
expect_exit 1 "$WINSEED" convert -a "$win10q" --output "$win10q" "${args[@]}"
assert_contains "output is the source" "is the source disk" "$(cat "$last_stderr")"
[ ! -e "$d/x" ] && [ ! -e "$d/x.part" ] || fail "a usage error left an output behind"
echo "ok: usage errors"

# 1. A qcow2 source, read-only on the host: converted into out.qcow2.
cp "$win10q" "$d/src.qcow2"
chmod a-w "$d/src.qcow2"
before=$(sum "$d/src.qcow2")
TMPDIR="$d/tmp" "$WINSEED" convert -a "$d/src.qcow2" --output "$d/out.qcow2" "${args[@]}" --json \
  --machine-readable="file:$d/ev1.jsonl" > "$d/r1.json" 2> "$d/err" ||
  { cat "$d/err"; fail "convert --output of a qcow2 source failed"; }
assert_eq "qcow2 source after convert --output" "$before" "$(sum "$d/src.qcow2")"
assert_eq "scratch left" "" "$(left)"
[ ! -e "$d/out.qcow2.part" ] || fail "out.qcow2.part left behind"
qemu-img info --output=json "$d/out.qcow2" > "$d/info"
assert_eq "output format" qcow2 "$(jq -r .format "$d/info")"
assert_eq "output has no backing file" null "$(jq -r '."backing-filename"' "$d/info")"
assert_eq "report: outputs" "$d/out.qcow2 qcow2 $d/src.qcow2 true" \
  "$(jq -r '.outputs[] | "\(.path) \(.format) \(.source) \(.complete)"' "$d/r1.json")"
assert_eq "report: changed" true "$(jq -r .changed "$d/r1.json")"
"$WINSEED" verify -a "$d/out.qcow2" --bus virtio-blk -q || fail "verify rejects the output (exit $?)"
"$WINSEED" domain -a "$d/out.qcow2" --bus virtio-blk -o "$d/dom.xml" -q
assert_eq "domain disk" "$d/out.qcow2" "$(xmllint --xpath 'string(/domain/devices/disk/source/@file)' "$d/dom.xml")"
assert_eq "domain disk format" qcow2 "$(xmllint --xpath 'string(/domain/devices/disk/driver/@type)' "$d/dom.xml")"
want=$(sum "$tree/viostor/w10/amd64/viostor.sys")
assert_eq "viostor.sys in out.qcow2" "$want" "$(readback "$d/out.qcow2" win10-x64)"
assert_eq "viostor Start in out.qcow2" dword:00000000 \
  "$(reg_value "$d/SYSTEM" '\ControlSet001\Services\viostor' Start)"
echo "ok: qcow2 source converted into out.qcow2, source unchanged"
# The copy's progress, as events inside the output phase: done never above total nor going back,
# total the disk's virtual size (from qemu-img, not winseed), the last one complete.
vsize=$(qemu-img info --output=json "$d/src.qcow2" | jq '."virtual-size"')
jq -c 'select(.type == "progress")' "$d/ev1.jsonl" > "$d/progress"
[ -s "$d/progress" ] || { cat "$d/ev1.jsonl"; fail "no progress event for the copy"; }
assert_eq "progress: what" "copy of disk 1 of 1 to '$d/out.qcow2'" "$(jq -r .what "$d/progress" | sort -u)"
assert_eq "progress: total" "$vsize" "$(jq -r .total "$d/progress" | sort -u)"
assert_eq "progress: done above total" "" "$(jq -r 'select(.done > .total) | .done' "$d/progress")"
assert_eq "progress: done going back" "" \
  "$(jq -s -r '[.[].done] as $v | range(1; $v | length) | select($v[.] < $v[. - 1])' "$d/progress")"
assert_eq "progress: last done" "$vsize" "$(tail -n1 "$d/progress" | jq -r .done)"
assert_eq "progress: inside the output phase" "started progress finished" \
  "$(jq -r 'select(.type == "progress" or .phase == "output") | .state // .type' "$d/ev1.jsonl" |
     uniq | tr '\n' ' ' | sed 's/ $//')"
echo "ok: $(wc -l < "$d/progress") progress events for the copy"

# 2. A streamOptimized VMDK (an OVA's disk, refused in place) and a raw data disk: two outputs,
#    in -a order, each in its default format (qcow2 for the VMDK, raw for the raw disk).
qemu-img convert -O vmdk -o subformat=streamOptimized "$(image win2019-x64)" "$d/stream.vmdk"
cp --sparse=always "$(image empty)" "$d/data.img"
sb=$(sum "$d/stream.vmdk"); db=$(sum "$d/data.img")
TMPDIR="$d/tmp" "$WINSEED" convert -a "$d/stream.vmdk" -a "$d/data.img" --output "$d/os.qcow2" \
  --output "$d/data-out.img" "${args[@]}" --report "$d/r2.json" 2> "$d/err" ||
  { cat "$d/err"; fail "convert --output of a streamOptimized VMDK failed"; }
assert_eq "streamOptimized VMDK after convert --output" "$sb" "$(sum "$d/stream.vmdk")"
assert_eq "data disk after convert --output" "$db" "$(sum "$d/data.img")"
assert_eq "scratch left" "" "$(left)"
assert_eq "report: outputs in -a order" "$d/os.qcow2 qcow2 $d/stream.vmdk|$d/data-out.img raw $d/data.img" \
  "$(jq -r '[.outputs[] | "\(.path) \(.format) \(.source)"] | join("|")' "$d/r2.json")"
assert_eq "os.qcow2 format" qcow2 "$(qemu-img info --output=json "$d/os.qcow2" | jq -r .format)"
assert_eq "data-out.img format" raw "$(qemu-img info --output=json "$d/data-out.img" | jq -r .format)"
qemu-img compare -q "$d/data.img" "$d/data-out.img" || fail "the data disk's output differs from it"
"$WINSEED" verify -a "$d/os.qcow2" -a "$d/data-out.img" --bus virtio-blk -q ||
  fail "verify rejects the VMDK's output (exit $?)"
want=$(sum "$tree/viostor/2k19/amd64/viostor.sys")
assert_eq "viostor.sys in os.qcow2" "$want" "$(readback "$d/os.qcow2" win2019-x64)"
assert_eq "viostor Start in os.qcow2" dword:00000000 \
  "$(reg_value "$d/SYSTEM" '\ControlSet001\Services\viostor' Start)"
echo "ok: streamOptimized VMDK + data disk converted into two outputs, sources unchanged"

# 3. A failure once every copy is complete, before the rename: no output, no .part.
set +e
TMPDIR="$d/tmp" WINSEED_FAULT_INJECT=output:rename "$WINSEED" convert -a "$d/src.qcow2" \
  --output "$d/f.img" --output-format raw "${args[@]}" 2> "$d/err"
rc=$?; set -e
assert_eq "exit status of a failed output" 4 "$rc"
assert_contains "message" "injected fault at output:rename" "$(cat "$d/err")"
[ ! -e "$d/f.img" ] && [ ! -e "$d/f.img.part" ] || fail "a failed conversion left its output behind"
assert_eq "scratch left after a failure" "" "$(left)"
assert_eq "qcow2 source after a failed convert --output" "$before" "$(sum "$d/src.qcow2")"
echo "ok: injected failure leaves no output"

# 4. SIGINT during the copy.  A qemu-img in front of the real one makes the copy, then holds
#    (sleeps) so that the signal lands while FILE.part exists and FILE does not yet.
real=$(command -v qemu-img)
mkdir "$d/bin"
cat > "$d/bin/qemu-img" <<EOF2
#!/bin/bash
if [ "\$1" = convert ] && [ "\$2" = -p ]; then
  "$real" "\$@" || exit
  touch "$d/copied"
  exec sleep 3600.25
fi
exec "$real" "\$@"
EOF2
chmod +x "$d/bin/qemu-img"
PATH="$d/bin:$PATH" TMPDIR="$d/tmp" env --default-signal=INT "$WINSEED" convert -a "$d/src.qcow2" \
  --output "$d/s.qcow2" "${args[@]}" 2> "$d/err" &
pid=$! n=0
until [ -e "$d/copied" ]; do
  sleep 0.2; n=$((n + 1))
  [ $n -lt 900 ] || { kill -9 $pid; fail "no copy after 180 s"; }
  kill -0 $pid 2>/dev/null || fail "convert ended before the copy: $(cat "$d/err")"
done
[ -e "$d/s.qcow2.part" ] || fail "no s.qcow2.part while copying"
kill -INT $pid
set +e; wait $pid; rc=$?; set -e
assert_eq "convert --output ended by SIGINT" 130 "$rc"
[ ! -e "$d/s.qcow2" ] && [ ! -e "$d/s.qcow2.part" ] || fail "SIGINT left the output behind"
assert_eq "scratch left after SIGINT" "" "$(left)"
sleep 0.5
! pgrep -f "sleep 3600.25" > /dev/null || fail "the interrupted copy is still running"
assert_eq "qcow2 source after SIGINT" "$before" "$(sum "$d/src.qcow2")"
echo "ok: SIGINT during the copy leaves no output"
