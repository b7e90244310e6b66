#!/bin/bash
# bench-output: what convert --output's copy costs next to a plain `qemu-img convert` of the same
# image.  One run on win2019-big-x64.img (768 MiB virtual, its hives of real size), qcow2 output:
#   winseed   convert -a IMG --output OUT.qcow2: the copy phase (qemu-img convert of the overlay,
#             fsync, qemu-img compare), from the report's outputs[0].seconds, and the whole run
#   plain     qemu-img convert -O qcow2 IMG PLAIN.qcow2 (no overlay, no fsync, no compare)
#   compare   qemu-img compare IMG PLAIN.qcow2 (identical, so read to the end): what the check
#             costs on its own
# and each output's size on disk.  Figures only, never judged.
. "$WINSEED_TESTS_SRCDIR/functions.sh"
. "$WINSEED_TESTS_SRCDIR/convert/lib.sh"
set -e
requires jq --version
requires qemu-img --version
d=$(scratch_dir)
tree=$(driver_tree)
src=$(image win2019-big-x64)
now () { date +%s.%N; }
secs () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

t0=$(now)
"$WINSEED" convert -a "$src" --output "$d/out.qcow2" --drivers "$tree" --no-network -q \
  --report "$d/r.json" || fail "convert --output failed (exit $?)"
t1=$(now)
qemu-img convert -O qcow2 "$src" "$d/plain.qcow2"
t2=$(now)
qemu-img compare -q "$src" "$d/plain.qcow2" || fail "qemu-img's own copy differs from the image"
t3=$(now)
echo "output: $(basename "$src"), qcow2, one run"
echo "  winseed copy phase   $(jq -r '.outputs[0].seconds | . * 100 | round / 100' "$d/r.json") s" \
  "(copy + fsync + compare), whole convert $(secs "$t0" "$t1") s," \
  "$(du -k "$d/out.qcow2" | cut -f1) KiB on disk"
echo "  plain qemu-img       $(secs "$t1" "$t2") s, $(du -k "$d/plain.qcow2" | cut -f1) KiB on disk"
echo "  compare alone        $(secs "$t2" "$t3") s (the image against the plain copy)"
