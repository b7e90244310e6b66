#!/bin/bash
# The demo: install dependencies, build, make the built-in Windows test images and run winseed on
# one of them.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$top/tests/install-deps.sh"
bash "$top/tests/build.sh"
cd "$top/build"
export LIBGUESTFS_BACKEND="${LIBGUESTFS_BACKEND:-direct}"
export LIBGUESTFS_BACKEND_SETTINGS="${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg}"
make -C tests images/.built
img=tests/images/win2019-x64.img
echo "== winseed inspect -a $img"
./run src/winseed inspect -a "$img"
