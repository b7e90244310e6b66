#!/bin/bash
# Configure and build winseed out of tree in ./build (the source tree stays clean).
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"
[ -x configure ] || autoreconf -fi
mkdir -p build
cd build
[ -f Makefile ] || ../configure --enable-werror ${WINSEED_CONFIGURE_FLAGS:-}
make -j"$(nproc)"
