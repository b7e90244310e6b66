#!/bin/bash
# Every citation of the documentation in the source tree points at a page that exists and, when it
# names an anchor, at a heading of that page (the anchor is the heading's GitHub slug); and no
# section-sign citation (the old form) is left in the code.  Exits 0 on success, 1 with the
# offending file:line otherwise.
srcdir=${WINSEED_TESTS_SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
. "$srcdir/functions.sh"
top=$(cd "$srcdir/.." && pwd)
export LC_ALL=C

# The anchors of a Markdown page: one slug per '#' heading outside fenced code, as GitHub makes
# them (lower case, punctuation dropped, spaces to '-', "-N" on repeats).
slugs () {
  awk '
    /^[ \t]*```/ { fence = !fence; next }
    fence { next }
    /^#{1,6}[ \t]/ {
      h = $0
      sub(/^#+[ \t]+/, "", h)
      sub(/[ \t]+#+[ \t]*$/, "", h)
      h = tolower(h)
      gsub(/[^a-z0-9 _-]/, "", h)
      gsub(/ /, "-", h)
      n = seen[h]++
      print (n ? h "-" n : h)
    }' "$1"
}

# Files that may cite the documentation: source, build and test files, and the READMEs.  The
# pages themselves link to each other with relative links; generated and build trees are skipped.
# (grep lets the last matching --include/--exclude win, so the exclusions come last.)
scan_args=(
  -rnoE
  --include='*.c' --include='*.h' --include='*.sh' --include='*.in' --include='*.am'
  --include='*.ac' --include='*.mk' --include='*.pod' --include='*.md' --include='*.tsv'
  --include='*.reg' --include='*.awk' --include='*.pl' --include='*.txt' --include=README
  --exclude=Makefile.in --exclude=test-docs-refs.sh
  --exclude-dir=.git --exclude-dir=build --exclude-dir=autom4te.cache --exclude-dir=docs
  --exclude-dir=.deps --exclude-dir=.libs
)

errors=0
checked=0
declare -A anchors=()
while IFS= read -r hit; do
  where=${hit%:*}                          # file:line
  ref=${hit##*:}                           # the page, and its anchor after '#'
  where=${where#"$top/"}
  page=${ref%%#*}
  anchor=
  [[ $ref == *'#'* ]] && anchor=${ref#*#}
  checked=$((checked + 1))
  if [ ! -f "$top/$page" ]; then
    echo "$where: $ref: no such page $page" >&2
    errors=$((errors + 1))
    continue
  fi
  [ -n "$anchor" ] || continue
  [ -n "${anchors[$page]+set}" ] || anchors[$page]=" $(slugs "$top/$page" | tr '\n' ' ')"
  case "${anchors[$page]}" in
    *" $anchor "*) ;;
    *) echo "$where: $ref: $page has no heading with the anchor '$anchor'" >&2
       errors=$((errors + 1)) ;;
  esac
done < <(grep "${scan_args[@]}" 'docs/[A-Za-z0-9_-]*\.md(#[A-Za-z0-9_-]+)?' "$top" 2>/dev/null)

# The old citation form must be gone from the code (the fixtures' real files are not code).
while IFS= read -r hit; do
  echo "${hit#"$top/"}: section sign left in the code; cite docs/<page>.md#<anchor> instead" >&2
  errors=$((errors + 1))
done < <(grep -rn --exclude-dir=.git --exclude-dir=build --exclude-dir=autom4te.cache \
           --include='*.c' --include='*.h' --include='*.sh' --include='*.mk' --include='*.am' \
           --include='*.pod' -F $'\xc2\xa7' "$top" 2>/dev/null)

[ "$errors" -eq 0 ] || fail "$errors bad documentation reference(s)"
[ "$checked" -gt 0 ] || fail "no documentation reference found under $top"
echo "ok: $checked documentation references"
