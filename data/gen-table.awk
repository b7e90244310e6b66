# gen-table.awk: turn one of the data/*.tsv tables into C (the .tsv is the source of truth).
#   awk -v table=os|device|dirid|platform -v src=TABLE.tsv -f gen-table.awk TABLE.tsv > TABLE-data.c
# Every row keeps the .tsv line it came from, so a report can cite it.
BEGIN {
  FS = "\t"
  if (table == "os")          { hdr = "os-table.h";     decl = "const struct os_version os_table_rows[]" }
  else if (table == "device") { hdr = "device-table.h"; decl = "const struct device_id_row device_table_rows[]" }
  else if (table == "dirid")  { hdr = "dirid-table.h";  decl = "const struct dirid_row dirid_table_rows[]" }
  else if (table == "platform") { hdr = "platform-table.h"; decl = "const struct platform_tool_row platform_table_rows[]" }
  else { print "gen-table.awk: unknown table '" table "'" > "/dev/stderr"; exit 1 }
  print "/* Generated from " src " by gen-table.awk: do not edit. */"
  print "#include <config.h>"
  print "#include \"" hdr "\""
  print decl " = {"
  n = 0
}
function cstr(s) {
  if (s == "-" || s == "") return "NULL"
  gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s)
  return "\"" s "\""
}
function need(count) {
  if (NF != count) {
    printf "%s:%d: expected %d tab-separated columns, found %d\n", FILENAME, FNR, count, NF > "/dev/stderr"
    failed = 1; exit 1
  }
}
/^#/ || /^[ \t]*$/ { next }
table == "os" {
  need(10)
  product = $5 == "workstation" ? "WS_PRODUCT_WORKSTATION" : $5 == "server" ? "WS_PRODUCT_SERVER" : "BAD"
  boot = $6 == "cdd" ? "OS_BOOT_CDD" : $6 == "ddb" ? "OS_BOOT_DDB" : "BAD"
  if (product == "BAD" || boot == "BAD") {
    printf "%s:%d: bad product or boot column\n", FILENAME, FNR > "/dev/stderr"; failed = 1; exit 1
  }
  printf "  { %s, %d, %d, %d, %s, %s, %s, %s, %s, %s, %d },\n", cstr($1), $2, $3, $4, product, boot,
         cstr($7), cstr($8), cstr($9), cstr($10), FNR
  n++
}
table == "device" {
  need(3)
  printf "  { %s, %s, %s, %d },\n", cstr($1), cstr($2), cstr($3), FNR
  n++
}
table == "dirid" {
  need(3)
  printf "  { %d, %s, %s, %d },\n", $1, cstr($2), cstr($3), FNR
  n++
}
table == "platform" {
  need(5)
  role = $3 == "driver" ? "PLATFORM_ROLE_DRIVER" : $3 == "service" ? "PLATFORM_ROLE_SERVICE" : \
         $3 == "filter" ? "PLATFORM_ROLE_FILTER" : $3 == "storage" ? "PLATFORM_ROLE_STORAGE" : "BAD"
  inbox_major = 0; inbox_minor = 0
  if ($4 != "-") {
    if ($4 !~ /^[0-9]+\.[0-9]+$/) role = "BAD"
    split($4, v, "."); inbox_major = v[1]; inbox_minor = v[2]
  }
  if (role == "BAD") {
    printf "%s:%d: bad role or inbox column\n", FILENAME, FNR > "/dev/stderr"; failed = 1; exit 1
  }
  printf "  { %s, %s, %s, %d, %d, %s, %d },\n", cstr($1), cstr($2), role, inbox_major, inbox_minor,
         cstr($5), FNR
  n++
}
END {
  if (failed) exit 1
  print "};"
  sub(/\[\]$/, "", decl); sub(/^const struct [a-z_]+ /, "", decl)
  print "const size_t " decl "_len = " n ";"
}
