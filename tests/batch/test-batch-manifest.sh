#!/bin/bash
# batch --check: every problem of a manifest on its own line of stderr, with its line number;
# nothing starts (no output directory, no appliance); a good manifest passes.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
d=$(scratch_dir)
cd "$d"
: > a.img
mkdir drv
cat > bad.jsonl <<'JSON'
{"id":"a","disks":["a.img"],"drivers":"drv"}
{"id":"a","disks":["a.img"],"drivers":"drv"}
{"id":"b c","disks":["a.img"],"drivers":"drv"}
{"id":"c","disks":["missing.img"],"drivers":"drv"}
{"id":"d","disks":["a.img"],"drivers":"drv","colour":"red"}
not json

{"id":"e","disks":"a.img","drivers":"drv"}
{"id":"f","disks":[{"path":"a.img","format":"qcow3"}],"drivers":"drv"}
{"id":"g","disks":["a.img"],"drivers":"drv","network":"yes","timeout":-1}
{"id":"h","disks":["a.img"]}
{"id":"i","disks":["a.img"],"drivers":"no-such-drivers"}
[1,2]
{"id":"../x","disks":["a.img"],"drivers":"drv"}
{"id":"j","disks":["a.img"],"drivers":"drv","keep_tools":"yes","keep_san_policy":1}
{"id":"k","disks":["a.img"],"drivers":"drv","firstboot":"sometimes"}
{"id":"l","disks":["a.img"],"drivers":"drv","nic_map":["00:0c:29:77:d9:81=52:54:00:zz:00:01"]}
{"id":"m","disks":["a.img"],"drivers":"drv","nic_map":"00:0c:29:77:d9:81=52:54:00:00:00:01"}
JSON
expect_exit 2 "$WINSEED" batch bad.jsonl --check --out out
err=$(cat "$last_stderr")
# expect LINE PATTERN: a problem reported on that line.
expect () {
  grep -q "^winseed: bad.jsonl:$1: .*$2" "$last_stderr" || { echo "$err"; fail "line $1: no '$2'"; }
}
expect 2 "duplicate id 'a' (first on line 1)"
expect 3 "'id' must be"
expect 4 "disk image '.*/missing.img' does not exist"
expect 5 "unknown key 'colour'"
expect 6 "not JSON"
expect 8 "'disks' must be an array"
expect 9 "disk format 'qcow3'"
expect 10 "'network' must be true or false"
expect 10 "'timeout' must be"
expect 11 "no driver set"
expect 12 "driver set '.*/no-such-drivers' does not exist"
expect 13 "one JSON object"
expect 14 "'id' must be"
expect 15 "'keep_tools' must be true or false"
expect 15 "'keep_san_policy' must be true or false"
expect 16 "'firstboot' must be service, setup-cmdline or none, not 'sometimes'"
expect 17 "'nic_map': .*52:54:00:zz:00:01"
expect 18 "'nic_map' must be an array"
grep -q "bad.jsonl:[17]:" "$last_stderr" && fail "a good or blank line was reported"
assert_contains "the count" "manifest 'bad.jsonl': 18 problems" "$err"
[ ! -e out ] || fail "--check created the output directory"

# A good manifest: the driver set from the command line, a disk with its format; relative paths
# are relative to the manifest's directory, not the current one.
mkdir sub
printf '%s\n' '{"id":"web-017","disks":[{"path":"../a.img","format":"raw"}]}' \
  '{"id":"db.1","disks":["../a.img"],"drivers":"../drv","block_driver":"vioscsi","network":false,"also":["balloon"],"timeout":600}' \
  '{"id":"app","disks":["../a.img"],"keep_tools":true,"keep_san_policy":false,"firstboot":"setup-cmdline","nic_map":["00:0c:29:77:d9:81=52:54:00:00:00:01"]}' \
  > sub/good.jsonl
out=$("$WINSEED" batch sub/good.jsonl --check --drivers drv) || fail "good manifest refused"
assert_contains "--check output" "3 guests, no problem found" "$out"
expect_exit 2 "$WINSEED" batch sub/good.jsonl --check   # line 1 has no driver set without --drivers
grep -q "good.jsonl:1: no driver set" "$last_stderr" || fail "no driver set not reported"
expect_exit 1 "$WINSEED" batch
expect_exit 1 "$WINSEED" batch sub/good.jsonl -j 0
expect_exit 1 "$WINSEED" batch sub/good.jsonl --force --retry-failed
expect_exit 2 "$WINSEED" batch no-such-manifest.jsonl --check
# CSV with the same columns: lists ';'-separated, RFC 4180 quoting (a quoted newline keeps the
# next row's line number right), the same checks.
printf '%s\n' 'id,disks,drivers,network,timeout,keep_tools,firstboot,nic_map' 'w1,a.img;a.img,drv,false,60,,,' \
  '"w2","a.img","drv",true,,true,none,00:0c:29:77:d9:81=52:54:00:00:00:01;00:50:56:a5:12:69=52:54:00:00:00:02' \
  > good.csv
out=$("$WINSEED" batch good.csv --check) || fail "good CSV manifest refused"
assert_contains "CSV --check output" "2 guests, no problem found" "$out"
printf '%s\n' 'id,disks,drivers,network' '"w,1",a.img,drv,maybe' '"w2","a.img","drv' 'x"' \
  'w3,a.img,drv,true,extra' 'w2,a.img,drv' > bad.csv
expect_exit 2 "$WINSEED" batch bad.csv --check
for want in "bad.csv:2: 'id' must be" "bad.csv:2: 'network' must be true or false" \
  "bad.csv:5: unknown key 'column 5'" "bad.csv:6: duplicate id 'w2' (first on line 3)"; do
  grep -qF "winseed: $want" "$last_stderr" || { cat "$last_stderr"; fail "CSV: no '$want'"; }
done
echo "ok: manifest problems reported with their line numbers"

# MANIFEST "-" is standard input (one line per job for GNU parallel): relative paths are relative
# to the working directory, problems are named "-:LINE".
mkdir stdin-cwd
out=$(cd stdin-cwd && printf '%s\n' '{"id":"s","disks":["../a.img"],"drivers":"../drv"}' | "$WINSEED" batch - --check) ||
  fail "a good manifest on stdin refused"
assert_contains "stdin --check output" "1 guests, no problem found" "$out"
printf '%s\n' '{"id":"s","disks":["a.img"],"drivers":"drv"}' '{"id":"t","disks":["a.img"]}' > stdin.jsonl
expect_exit 2 "$WINSEED" batch - --check < stdin.jsonl
assert_eq "problems with a manifest on stdin" "winseed: -:2: no driver set: give 'drivers' here or --drivers to the batch" \
  "$(grep -- '-:[0-9]' "$last_stderr")"
echo "ok: manifest on standard input"
