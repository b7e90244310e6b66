#!/bin/bash
# Install what winseed needs to build, run and be tested on Debian 12 (run as root).
# libguestfs builds its appliance from the host kernel: linux-image-amd64 must be installed.
set -euo pipefail
pkgs=(
  build-essential autoconf automake libtool pkg-config perl xz-utils fdisk libwin-hivex-perl
  libglib2.0-dev libjson-glib-dev libxml2-dev libhivex-dev libhivex-bin libiso9660-dev
  libguestfs-dev libguestfs-tools guestfish ntfs-3g dosfstools e2fsprogs linux-image-amd64 qemu-system-x86 qemu-utils
  jq time virt-v2v nbdkit xorriso genisoimage clang libclang-rt-14-dev llvm
  libosinfo-1.0-dev osinfo-db libvirt-clients libxml2-utils
  bash-completion   # the completion's test, tests/test-completion.sh
  dpkg-dev debhelper lintian   # make check-package (tests/check-package.sh)
  python3-jsonschema   # tests: every JSON output checked against data/winseed.schema.json
  bsdutils             # tests: script(1) gives the progress-line test a terminal
  wine64   # tests/firstboot: runs the first-boot payload under cmd.exe (/usr/lib/wine/wine64)
  parallel openssh-server   # tests/batch/test-batch-multihost.sh: GNU parallel over sshd "hosts"
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
