/* regf-compare HIVE...: read every key and value of each hive with hivex and with hive/regf.c
 * and check that they agree: the same subkey and value records in the same order, the same key
 * and value names, types, lengths and data bytes.  hivex is the reference (an independent
 * implementation, which checks the whole file when it opens it).  Prints one line per hive with
 * what was compared; on the first difference prints it and exits 1.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>

#include "regf.h"

static const char *hive_path;

static void G_GNUC_NORETURN G_GNUC_PRINTF (2, 3)
differ (uint64_t at, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, "%s: record 0x%llx: %s\n", hive_path, (unsigned long long) at, msg);
  exit (1);
}

static char *
regf_must (char *s, GError *e, uint64_t at, const char *what)
{
  if (s == NULL)
    differ (at, "regf cannot read the %s hivex reads: %s", what, e ? e->message : "?");
  return s;
}

/* The records hivex lists (0-terminated) against regf's. */
static void
same_records (uint64_t at, const size_t *hx, GArray *rf, const char *what, GError *e)
{
  if (hx == NULL)
    differ (at, "hivex cannot list the %s: %s", what, g_strerror (errno));
  if (rf == NULL)
    differ (at, "regf cannot list the %s: %s", what, e ? e->message : "?");
  size_t n = 0;
  while (hx[n])
    n++;
  if (n != rf->len)
    differ (at, "%zu %s by hivex, %u by regf", n, what, rf->len);
  for (size_t i = 0; i < n; i++)
    if (hx[i] != g_array_index (rf, uint64_t, i))
      differ (at, "%s %zu: 0x%zx by hivex, 0x%llx by regf", what, i, hx[i],
              (unsigned long long) g_array_index (rf, uint64_t, i));
}

static void
compare_value (hive_h *h, regf *r, uint64_t v, uint64_t *bytes)
{
  g_autoptr (GError) e = NULL;
  g_autofree char *hname = hivex_value_key (h, v);
  g_autofree char *rname = regf_must (regf_value_name (r, v, &e), e, v, "value name");
  if (hname == NULL || strcmp (hname, rname) != 0)
    differ (v, "value name '%s' by hivex, '%s' by regf", hname ? hname : "(error)", rname);
  hive_type ht;
  size_t hlen, rlen;
  uint32_t rt;
  if (hivex_value_type (h, v, &ht, &hlen) == -1 || !regf_value_info (r, v, &rt, &rlen, &e))
    differ (v, "value type of '%s' not read by %s", hname, e ? "regf" : "hivex");
  if ((uint32_t) ht != rt || hlen != rlen)
    differ (v, "value '%s': type %u length %zu by hivex, type %u length %zu by regf", hname, (unsigned) ht,
            hlen, rt, rlen);
  errno = 0;
  g_autofree char *hdata = hivex_value_value (h, v, &ht, &hlen);
  gboolean hivex_failed = hdata == NULL && hlen > 0;
  g_autofree uint8_t *rdata = regf_value_data (r, v, &rlen, &e);
  if (hivex_failed) {
    /* Only a value hivex refuses may be one regf refuses too. */
    if (rdata)
      differ (v, "value '%s': hivex cannot read its data (%s), regf reads %zu bytes", hname,
              g_strerror (errno), rlen);
    return;
  }
  if (rdata == NULL)
    differ (v, "value '%s': regf cannot read its data: %s", hname, e->message);
  if (hlen != rlen || (hlen && memcmp (hdata, rdata, hlen) != 0))
    differ (v, "value '%s': data differ (%zu bytes by hivex, %zu by regf)", hname, hlen, rlen);
  *bytes += rlen;
}

int
main (int argc, char **argv)
{
  if (argc < 2) {
    fprintf (stderr, "usage: regf-compare HIVE...\n");
    return 2;
  }
  for (int a = 1; a < argc; a++) {
    hive_path = argv[a];
    hive_h *h = hivex_open (hive_path, 0);
    if (h == NULL) {
      fprintf (stderr, "%s: hivex cannot open it: %s\n", hive_path, g_strerror (errno));
      return 1;
    }
    g_autoptr (GError) e = NULL;
    g_autoptr (regf) r = regf_open_file (hive_path, &e);
    if (r == NULL) {
      fprintf (stderr, "%s: regf cannot open what hivex opens: %s\n", hive_path, e->message);
      return 1;
    }
    if (regf_root (r) != hivex_root (h))
      differ (regf_root (r), "root 0x%zx by hivex", hivex_root (h));
    uint64_t keys = 0, values = 0, bytes = 0;
    g_autoptr (GArray) todo = g_array_new (FALSE, FALSE, sizeof (uint64_t));
    g_autoptr (GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    uint64_t root = regf_root (r);
    g_array_append_val (todo, root);
    while (todo->len) {
      uint64_t k = g_array_index (todo, uint64_t, todo->len - 1);
      g_array_set_size (todo, todo->len - 1);
      keys++;
      g_autofree char *hname = hivex_node_name (h, k);
      g_autofree char *rname = regf_must (regf_key_name (r, k, &e), e, k, "key name");
      if (hname == NULL || strcmp (hname, rname) != 0)
        differ (k, "key name '%s' by hivex, '%s' by regf", hname ? hname : "(error)", rname);
      if (k != root && hivex_node_parent (h, k) != regf_key_parent (r, k, NULL))
        differ (k, "key '%s': parents differ", hname);
      g_autofree hive_node_h *hsub = hivex_node_children (h, k);
      g_autoptr (GArray) rsub = regf_key_subkeys (r, k, &e);
      same_records (k, hsub, rsub, "subkeys", e);
      g_autofree hive_value_h *hval = hivex_node_values (h, k);
      g_autoptr (GArray) rval = regf_key_values (r, k, &e);
      same_records (k, hval, rval, "values", e);
      for (guint i = 0; i < rval->len; i++, values++)
        compare_value (h, r, g_array_index (rval, uint64_t, i), &bytes);
      for (guint i = 0; i < rsub->len; i++) {
        uint64_t *c = &g_array_index (rsub, uint64_t, i);
        if (!g_hash_table_contains (seen, c)) {
          g_hash_table_add (seen, g_memdup2 (c, sizeof *c));
          g_array_append_val (todo, *c);
        }
      }
    }
    printf ("%s: %llu keys, %llu values, %llu data bytes: the same; regf read %llu chunks\n", hive_path,
            (unsigned long long) keys, (unsigned long long) values, (unsigned long long) bytes,
            (unsigned long long) regf_chunks_read (r));
    hivex_close (h);
  }
  return 0;
}
