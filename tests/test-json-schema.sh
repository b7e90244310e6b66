#!/bin/bash
# data/winseed.schema.json is a valid JSON Schema, winseed's own documents pass it, and it rejects
# broken ones: so the check every test's JSON goes through (winseed-validating, validate_json)
# cannot pass by accepting anything.  No appliance.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
set -e
requires jq --version
requires /usr/bin/python3 -c 'import jsonschema'
d=$(scratch_dir)
log=$(fixture logs/win10-21H1-19043_setupapi.dev.log)
infs="$WINSEED_FIXTURES/virtio-win/viostor/w8.1/amd64/viostor.inf"
v () { "$WINSEED_TESTS_SRCDIR/validate-json.py" "$WINSEED_SCHEMA" "$@" 2>>"$d/why"; }

# Real documents of two commands, and a real event stream, pass.
"$WINSEED_REAL" drivers --drivers "$infs" --json > "$d/drivers.json"
"$WINSEED_REAL" diagnose --log "$log" --json --machine-readable=file:"$d/events.jsonl" > "$d/diag.json"
v "$d/drivers.json" || fail "drivers --json does not validate: $(cat "$d/why")"
v "$d/diag.json" || fail "diagnose --json does not validate: $(cat "$d/why")"
v --def event --lines "$d/events.jsonl" || fail "diagnose's events do not validate: $(cat "$d/why")"
# The envelope's members, as docs/json.md lists them, in both.
for f in drivers diag; do
  assert_eq "$f envelope" '1 true true true true' \
    "$(jq -r '"\(.schema_version) \(.command|type=="string") \(.status|type=="object") \(.disks|type=="array") \(.warnings|type=="array")"' "$d/$f.json")"
done

# Broken envelopes: each edit of a valid document must be rejected.
reject () {
  local what="$1" edit="$2" src="$3"
  shift 3
  jq "$edit" "$src" > "$d/bad.json"
  if v "$@" "$d/bad.json"; then fail "the schema accepts a document with $what"; fi
}
reject "no status" 'del(.status)' "$d/diag.json"
reject "status as a string" '.status = "ok"' "$d/diag.json"
reject "a string exit code" '.status.exit_code = "0"' "$d/diag.json"
reject "no disks" 'del(.disks)' "$d/diag.json"
reject "no warnings" 'del(.warnings)' "$d/drivers.json"
reject "another schema_version" '.schema_version = 2' "$d/drivers.json"
reject "an unknown command" '.command = "frobnicate"' "$d/drivers.json"
reject "an undocumented member" '.surprise = 1' "$d/drivers.json"
reject "a diagnose body without summary" 'del(.summary)' "$d/diag.json"
reject "a drivers body with a number for packages" '.packages = 3' "$d/drivers.json"
reject "a convert report without its body" '.command = "convert" | del(.logs, .installs, .packages, .summary)' "$d/diag.json"
# A stub report batch writes for a conversion that left none is only the envelope.
jq '.command = "convert" | .status.result = "timeout" | del(.logs, .installs, .packages, .summary)' \
  "$d/diag.json" > "$d/stub.json"
v "$d/stub.json" || fail "batch's stub report does not validate: $(cat "$d/why")"
tail -n 1 "$d/events.jsonl" > "$d/result.json"
reject "a result event without status" 'del(.status)' "$d/result.json" --def event
reject "an event without type" 'del(.type)' "$d/result.json" --def event
reject "a finished phase without seconds" '.type = "phase" | del(.status) | .phase = "open" | .state = "finished"' \
  "$d/result.json" --def event
echo '{"type":"guest","command":"batch","elapsed":0,"event":"started"}' > "$d/guest.json"
v --def event "$d/guest.json" && fail "the schema accepts a batch event without the guest's id"
echo "ok: the schema accepts winseed's documents and rejects 15 broken ones"

# The wrapper every test runs winseed through fails the test on a bad document (exit 99), and
# keeps the command's own status otherwise.
cat > "$d/fake" <<'SH'
#!/bin/sh
echo '{"schema_version":1,"command":"inspect","status":"ok","disks":[],"warnings":[]}'
exit 0
SH
chmod +x "$d/fake"
set +e; WINSEED_REAL="$d/fake" "$WINSEED" inspect --json > "$d/out.json" 2>"$d/err"; st=$?; set -e
assert_eq "wrapper's status on an invalid document" 99 "$st"
assert_contains "wrapper's message" "does not match" "$(cat "$d/err")"
set +e; "$WINSEED" diagnose --log "$log" --json > "$d/ok.json"; st=$?; set -e
assert_eq "wrapper's status on a valid document" 0 "$st"
echo "ok: winseed-validating fails a test on an invalid document"
