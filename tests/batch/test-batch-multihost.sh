#!/bin/bash
# A manifest spread over two "hosts" by GNU parallel over SSH (docs/batch.md#several-hosts), one
# of which goes away mid-run.  Each host is an sshd of this test's own (own address on loopback,
# port, host key, authorized key and config in the scratch directory) in a PID namespace of its
# own, so that killing the namespace's first process ends everything the host runs (its shell,
# batch, convert and qemu), as a host losing power would.  Then:
#  - run 1: four guests over both hosts; host 2 is killed while it converts a guest.  parallel
#    records that job (and any job sent to the dead host afterwards) as failed, exit 255;
#  - run 2: the controller again, with --resume-failed and --retries 2, host 2 still gone: only
#    the failed jobs run, each ending on host 1.
# Every id then has one report, converted, and exactly one successful "finished" event over both
# runs; the joblog says which host ran what; the guests' hives, read back with guestfish and
# hivexget, have viostor installed as the INF says.  Traffic goes to 127.0.0.2 and 127.0.0.3
# only.  sshd needs its privilege-separation directory /run/sshd: created when missing (as the
# openssh-server service does) and left in place.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
[ "$(id -u)" = 0 ] || skip "needs root (sshd logins and PID namespaces)"
[ -x /usr/sbin/sshd ] || skip "no /usr/sbin/sshd (Debian package openssh-server)"
requires command -v ssh-keygen
requires command -v ssh
parallel --version 2>/dev/null | grep -q 'GNU parallel' || skip "no GNU parallel (Debian package parallel)"
requires unshare --pid --fork true
requires guestfish --version
requires command -v hivexget
requires jq --version
d=$(scratch_dir)
tree=$(driver_tree)
. "$WINSEED_TESTS_SRCDIR/convert/checks.sh"   # INF facts: INF_START
mkdir -p -m 0755 /run/sshd

ssh-keygen -q -t ed25519 -N '' -C winseed-test -f "$d/client_key"
cat > "$d/ssh_config" <<EOF
Host *
  User root
  IdentityFile $d/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $d/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 5
  LogLevel ERROR
EOF
: > "$d/known_hosts"

# start_host N ADDR: an sshd on ADDR and a free port, in its own PID namespace.  Sets
# port[N] and init[N] (the namespace's first process, the sshd listener, as seen from here).
declare -A port init
start_host () {
  local n="$1" addr="$2" h="$d/host$1" try p u i
  mkdir -p "$h"
  ssh-keygen -q -t ed25519 -N '' -C "host$n" -f "$h/host_key"
  for try in 1 2 3 4 5; do
    p=$((20000 + RANDOM % 40000))
    cat > "$h/sshd_config" <<EOF
ListenAddress $addr:$p
HostKey $h/host_key
PidFile $h/sshd.pid
AuthorizedKeysFile $d/client_key.pub
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
X11Forwarding no
AllowTcpForwarding no
EOF
    unshare --pid --fork --kill-child /usr/sbin/sshd -D -e -f "$h/sshd_config" 2> "$h/sshd.log" &
    u=$!
    cleanup_fn "kill -KILL $u 2>/dev/null; wait $u 2>/dev/null"
    printf '[%s]:%s %s\n' "$addr" "$p" "$(cut -d' ' -f1,2 "$h/host_key.pub")" >> "$d/known_hosts"
    for _ in $(seq 40); do
      i=$(pgrep -P "$u" || :)
      kill -0 "$u" 2>/dev/null || break          # the port was taken: sshd ended
      if [ -n "$i" ] && ssh -F "$d/ssh_config" -p "$p" "$addr" true 2>/dev/null; then
        cleanup_fn "kill -KILL $i 2>/dev/null"   # the whole namespace goes with it
        port[$n]=$p init[$n]=$i
        echo "host $n: $addr port $p, sshd $i"
        return 0
      fi
      sleep 0.5
    done
    kill -KILL "$u" 2>/dev/null || :
  done
  cat "$h/sshd.log"
  fail "could not start the sshd of host $n"
}
start_host 1 127.0.0.2
start_host 2 127.0.0.3
printf '1/ssh -F %s -p %s %s\n' "$d/ssh_config" "${port[1]}" 127.0.0.2 \
  "$d/ssh_config" "${port[2]}" 127.0.0.3 > "$d/hosts"

names="win2019-x64 win10-x64 win7-x86 win2022-x64"
: > "$d/m.jsonl"
for n in $names; do
  img=$(copy_image "$n" "$d")
  printf '{"id":"%s","disks":["%s"],"block_driver":"viostor"}\n' "$n" "$img" >> "$d/m.jsonl"
done
out="$d/out"
# One job per manifest line, its line on the batch's stdin; --retry-failed so that a retried job
# runs again rather than giving back its stored transient result.  Every host sees $out: it is
# the shared directory that brings the reports back to the controller.  The job names the binary
# itself: the ssh login shell has none of the test environment the validating wrapper reads, and
# the wrapper runs batch as is anyway.
job="printf '%s\\n' {} | '$WINSEED_REAL' batch - --out '$out' --drivers '$tree' --retry-failed -q"
controller () {
  PARALLEL_HOME="$d/parallel-home" parallel --will-cite --sshloginfile "$d/hosts" \
    --arg-file "$d/m.jsonl" --joblog "$d/joblog" \
    --env LIBGUESTFS_BACKEND --env LIBGUESTFS_BACKEND_SETTINGS "$@" "$job"
}

# Run 1: host 2 goes away a few seconds into the conversion it runs.
controller > "$d/events1" 2> "$d/err1" &
ctl=$!
cleanup_fn "kill $ctl 2>/dev/null"
for _ in $(seq 1200); do
  pgrep --ns "${init[2]}" --nslist pid -f 'convert --report' > /dev/null && break
  kill -0 "$ctl" 2>/dev/null || break
  sleep 0.25
done
pgrep --ns "${init[2]}" --nslist pid -f 'convert --report' > /dev/null ||
  { cat "$d/err1"; fail "host 2 never ran a conversion"; }
sleep $((3 + RANDOM % 6))
kill -KILL "${init[2]}"
echo "host 2 killed"
set +e; wait "$ctl"; st1=$?; set -e
cat "$d/events1" "$d/err1" "$d/joblog"
# joblog columns: Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
failed1=$(awk -F'\t' 'NR > 1 && $7 != 0' "$d/joblog" | wc -l)
[ "$failed1" -ge 1 ] || fail "run 1: no failed job in the joblog"
assert_eq "run 1: parallel's exit status (its failed jobs)" "$failed1" "$st1"
awk -F'\t' 'NR > 1 && $2 ~ /127\.0\.0\.3$/ && $7 == 255' "$d/joblog" | grep -q . ||
  fail "run 1: the joblog has no job lost with host 2 (exit 255)"
awk -F'\t' 'NR > 1 && $2 ~ /127\.0\.0\.2$/ && $7 == 0' "$d/joblog" | grep -q . ||
  fail "run 1: host 1 converted nothing"
[ "$(awk -F'\t' 'NR > 1' "$d/joblog" | wc -l)" = 4 ] || fail "run 1: expected one joblog line per guest"
echo "ok: run 1: $failed1 jobs lost with host 2"

# Run 2: the controller restarted with --resume-failed; host 2 is still gone, so --retries sends
# each job it gets to host 1.
set +e; controller --resume-failed --retries 2 > "$d/events2" 2> "$d/err2"; st2=$?; set -e
cat "$d/events2" "$d/err2" "$d/joblog"
assert_eq "run 2: parallel's exit status" 0 "$st2"
for seq in 1 2 3 4; do
  last=$(awk -F'\t' -v s="$seq" 'NR > 1 && $1 == s' "$d/joblog" | tail -n1)
  [ -n "$last" ] || fail "job $seq: not in the joblog"
  assert_eq "job $seq: last exit status in the joblog" 0 "$(echo "$last" | cut -f7)"
done
assert_eq "run 2 ran only the failed jobs" "$failed1" \
  "$(cat "$d/events2" | jq -s 'map(select(.event=="finished")) | length')"

# Every id: one report, converted, and one successful "finished" event over both runs.
assert_eq "reports in $out" 4 "$(ls "$out" | grep -c '\.report\.json$')"
for n in $names; do
  assert_eq "$n: report's exit code" 0 "$(jq .status.exit_code "$out/$n.report.json")"
  assert_eq "$n: report says changed" true "$(jq .changed "$out/$n.report.json")"
  assert_eq "$n: stored class" '"ok"' "$(jq .class "$out/$n.state.json")"
  assert_eq "$n: successful finished events" 1 \
    "$(cat "$d/events1" "$d/events2" | jq -s "map(select(.id==\"$n\" and .event==\"finished\" and .exit_code==0)) | length")"
done

# Read back: viostor installed on every guest as the INF says (one appliance for all).
args=(); for n in $names; do args+=(-a "$d/$n.img"); done
gf_start --ro "${args[@]}"
i=0
for n in $names; do
  r=$(image_root "$n" $i)
  i=$((i + 1))
  gf mount-ro "$r" /
  gf download "$(gf case-sensitive-path /windows/system32/config/SYSTEM)" "$d/SYSTEM"
  assert_eq "$r: viostor.sys present" true \
    "$(gf is-file "$(gf case-sensitive-path /windows/system32/drivers/viostor.sys)")"
  gf umount-all
  cs=$(printf 'ControlSet%03d' "$(hivexget "$d/SYSTEM" '\Select' Current)")
  assert_eq "$r: viostor Start" "dword:$(printf %08x "${INF_START[viostor]}")" \
    "$(reg_value "$d/SYSTEM" "\\$cs\\Services\\viostor" Start)"
done
gf_stop
echo "ok: 4 guests over 2 hosts, one lost mid-run, resumed: every guest converted once"
