#!/bin/bash
# The demo: install dependencies, build, make the built-in Windows test images and a driver tree
# in the real virtio-win ISO layout, then convert a copy of the Windows 10 image (built on a real
# Windows 10 SYSTEM hive) and show what changed and that it now boots on virtio.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$top/tests/install-deps.sh"
bash "$top/tests/build.sh"
cd "$top/build"
export LIBGUESTFS_BACKEND="${LIBGUESTFS_BACKEND:-direct}"
export LIBGUESTFS_BACKEND_SETTINGS="${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}"
make -C tests images/.built
tree=tests/trees/iso
if [ ! -d "$tree" ]; then
  WINSEED_FIXTURES="$top/tests/fixtures" bash "$top/tests/drivers/make-tree.sh" iso "$tree.tmp"
  mv "$tree.tmp" "$tree"
fi
mkdir -p demo
img=demo/win10-x64.img
cp --sparse=always tests/images/win10-x64.img "$img"
ws () { echo; echo "\$ winseed $*"; ./run src/winseed "$@"; }

ws inspect -a "$img"
ws verify -a "$img" || echo "(exit $?: not bootable on virtio yet, as expected)"
ws drivers --drivers "$tree" --target w10/amd64 | sed -n '/^Target:/,$p'
ws convert -a "$img" --drivers "$tree" --report demo/report.json
echo
echo "== what changed (demo/report.json; the full plan is its \"plan\" member):"
jq -r '"registry edits: \(.registry_edits)",
       (.packages[] | "\(.role): \(.inf) -> \(.published_inf) (\(.driver_store_name)), service \(.services | join(",")), \(.ids | length) device IDs"),
       "files written:", (.written[] | "  " + .),
       "hive backups:", (.backups[] | "  " + .)' demo/report.json
ws verify -a "$img"
echo
echo "demo done: the converted image is $top/build/$img"
