#!/bin/bash
# make check-package: build the Debian package from a scratch copy of this tree, run lintian on
# it, and check what it installs.  Not part of `make check` (a full build: minutes).
#
#   dpkg-buildpackage -us -uc -b   (debian/rules runs `make check-quick` as its test step)
#   lintian                        fails on any error or warning (debian/*.lintian-overrides
#                                  holds the justified exceptions)
#   the installed package          winseed --help, man -w winseed, the completion loads and
#                                  completes a command
#
# The package is unpacked into a scratch root (dpkg-deb -x) and its Depends are resolved with
# `apt-get install --simulate`, so the host is left as it was.  WINSEED_PACKAGE_INSTALL=host installs
# it for real with `apt-get install ./winseed_*.deb` (root), checks the installed files, and
# removes it again.  Needs the Debian 12 build tools: dpkg-dev, debhelper, lintian, bash-completion.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
fail () { echo "FAIL: $*" >&2; exit 1; }
for t in dpkg-buildpackage dh lintian; do
  command -v "$t" >/dev/null || fail "$t is missing (Debian: dpkg-dev debhelper lintian)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/winseed-package.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The tree as it is now, tracked and new files alike, without build output.
mkdir "$work/winseed"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  (cd "$top" && git ls-files --cached --others --exclude-standard |
     while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done) > "$work/files"
  tar -C "$top" -T "$work/files" -cf - | tar -C "$work/winseed" -xf -
else
  tar -C "$top" --exclude=./build --exclude=./debian/winseed -cf - . | tar -C "$work/winseed" -xf -
fi

echo "== dpkg-buildpackage -us -uc -b"
start=$(date +%s)
(cd "$work/winseed" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1 ||
  { tail -n 60 "$work/build.log"; fail "dpkg-buildpackage failed (log above)"; }
echo "   built in $(( $(date +%s) - start ))s"
deb=$(ls "$work"/winseed_*.deb)
changes=$(ls "$work"/winseed_*.changes)

echo "== lintian"
lintian --fail-on error,warning --display-info --info "$changes" | tee "$work/lintian.log" ||
  fail "lintian reports errors or warnings"

echo "== contents"
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$work/contents"
for f in ./usr/bin/winseed ./usr/share/man/man1/winseed.1.gz \
         ./usr/share/bash-completion/completions/winseed ./usr/share/doc/winseed/copyright; do
  grep -qx -- "$f" "$work/contents" || fail "the package does not install $f"
done
dpkg-deb -f "$deb" Depends | tee "$work/depends"
for d in libguestfs0 libhivex0 ntfs-3g qemu-utils linux-image; do
  grep -q "$d" "$work/depends" || fail "Depends lacks $d"
done

if [ "${WINSEED_PACKAGE_INSTALL:-}" = host ]; then
  echo "== apt-get install $deb"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null
  trap 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq winseed >/dev/null; rm -rf "$work"' EXIT
  root=/
else
  echo "== apt-get install --simulate (Depends resolve), dpkg-deb -x into a scratch root"
  apt-get install --simulate "$deb" > "$work/simulate.log" 2>&1 ||
    { cat "$work/simulate.log"; fail "the package's Depends do not resolve"; }
  root=$work/root
  dpkg-deb -x "$deb" "$root"
fi

echo "== winseed --help, man -w winseed, completion"
"$root/usr/bin/winseed" --help | grep -q '^Usage: winseed COMMAND' || fail "winseed --help"
"$root/usr/bin/winseed" convert --help | grep -q -- '--block-driver' || fail "winseed convert --help"
man_file=$(MANPATH="$root/usr/share/man" man -w winseed) || fail "man -w winseed finds nothing"
case $man_file in "$root"/usr/share/man/man1/winseed.1.gz|/usr/share/man/man1/winseed.1.gz) ;;
  *) fail "man -w winseed gives $man_file" ;; esac
MANPATH="$root/usr/share/man" MANWIDTH=80 man winseed 2>/dev/null | grep -q 'EXIT STATUS' ||
  fail "man winseed does not render"
PATH="$root/usr/bin:$PATH" bash -c '
  set -e
  . /usr/share/bash-completion/bash_completion
  . "$1/usr/share/bash-completion/completions/winseed"
  COMP_WORDS=(winseed con); COMP_CWORD=1; COMP_LINE="winseed con"; COMP_POINT=${#COMP_LINE}
  _winseed winseed con winseed
  [ "${COMPREPLY[*]}" = convert ] || { echo "completion gives [${COMPREPLY[*]}]"; exit 1; }
  COMP_WORDS=(winseed convert --block-driver ""); COMP_CWORD=3; COMP_LINE="winseed convert --block-driver "
  COMP_POINT=${#COMP_LINE}
  _winseed winseed "" --block-driver
  [ "${COMPREPLY[*]}" = "viostor vioscsi both" ] || { echo "completion gives [${COMPREPLY[*]}]"; exit 1; }
' _ "$root" || fail "the installed completion does not complete"
echo "ok: $(basename "$deb"), lintian clean, installed files work"
