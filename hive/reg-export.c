/* reg-export: registry edit plans as .reg text; see reg-export.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "reg-export.h"
#include "banned.h"

/* regedit wraps hex data so that no line is longer than 80 characters; so do we. */
#define HEX_LINE_WIDTH 77
/* Bytes of data shown by the abbreviated form before it is cut. */
#define ABBREV_BYTES 16

static void
append_quoted (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\')
      g_string_append_c (out, '\\');
    g_string_append_c (out, *s);
  }
  g_string_append_c (out, '"');
}

/* A REG_SZ that `"text"` reproduces byte for byte: printable ASCII UTF-16LE, one NUL at the end. */
static gboolean
is_plain_sz (const struct reg_edit *e)
{
  if (e->type != REG_TYPE_SZ || e->len < 2 || e->len % 2 != 0)
    return FALSE;
  size_t units = e->len / 2;
  for (size_t i = 0; i < units; i++) {
    uint8_t lo = e->data[2 * i], hi = e->data[2 * i + 1];
    if (i == units - 1)
      return lo == 0 && hi == 0;
    if (hi != 0 || lo < 0x20 || lo > 0x7e)
      return FALSE;
  }
  return FALSE;
}

/* hex bytes; width > 0 wraps lines regedit-style, starting at column col. */
static void
append_hex (GString *out, const uint8_t *p, size_t len, size_t col, size_t width, size_t max)
{
  size_t n = MIN (len, max);
  for (size_t i = 0; i < n; i++) {
    g_string_append_printf (out, "%02x%s", p[i], i + 1 < len ? "," : "");
    col += 3;
    if (width && col >= width && i + 1 < n) {
      g_string_append (out, "\\\n  ");
      col = 2;
    }
  }
  if (n < len)
    g_string_append_printf (out, "...(%zu bytes)", len);
}

/* The decoded text of a string value, quoted (a MULTI_SZ as "a", "b"), for messages only;
 * nothing when it does not decode. */
static void
append_strings (GString *out, const struct reg_edit *e)
{
  g_auto (GStrv) v = NULL;
  if (e->type == REG_TYPE_SZ || e->type == REG_TYPE_EXPAND_SZ) {
    v = g_new0 (char *, 2);
    v[0] = ws_utf16le_to_utf8 (e->data, e->len, NULL);
  } else if (e->type == REG_TYPE_MULTI_SZ)
    v = ws_multi_sz_decode (e->data, e->len, NULL);
  if (v == NULL || v[0] == NULL)
    return;
  g_string_append (out, " (");
  for (size_t i = 0; v[i]; i++) {
    if (i)
      g_string_append (out, ", ");
    append_quoted (out, v[i]);
  }
  g_string_append_c (out, ')');
}

/* The right-hand side of a value line.  wrap: break long hex lines as regedit does, the value
 * starting at column col; abbreviate: cut long data and add decoded strings, for messages. */
static void
append_value (GString *out, const struct reg_edit *e, size_t col, gboolean wrap,
              gboolean abbreviate)
{
  if (e->op == REG_OP_DELETE_VALUE) {
    g_string_append_c (out, '-');
    return;
  }
  if (e->type == REG_TYPE_DWORD && e->len == 4) {
    g_string_append_printf (out, "dword:%08x", ws_le32 (e->data));
    return;
  }
  if (is_plain_sz (e)) {
    GString *ascii = g_string_sized_new (e->len / 2);
    for (size_t i = 0; i + 2 < e->len; i += 2)
      g_string_append_c (ascii, (char) e->data[i]);
    append_quoted (out, ascii->str);
    g_string_free (ascii, TRUE);
    return;
  }
  size_t start = out->len;
  if (e->type == REG_TYPE_BINARY)
    g_string_append (out, "hex:");
  else
    g_string_append_printf (out, "hex(%x):", e->type);
  col += out->len - start;
  append_hex (out, e->data, e->len, col, wrap ? HEX_LINE_WIDTH : 0,
              abbreviate ? ABBREV_BYTES : e->len);
  if (abbreviate)
    append_strings (out, e);
}

char *
reg_export_value_text (const struct reg_edit *e, gboolean abbreviate)
{
  GString *out = g_string_new (NULL);
  append_value (out, e, 0, FALSE, abbreviate);
  return g_string_free (out, FALSE);
}

char *
reg_edit_describe (const struct reg_edit *e)
{
  static const char *const verbs[] = {
    [REG_OP_ENSURE_KEY] = "ensure", [REG_OP_SET_VALUE] = "set",
    [REG_OP_DELETE_VALUE] = "delete value", [REG_OP_DELETE_KEY] = "delete key",
    [REG_OP_DELETE_TREE] = "delete tree",
  };
  GString *out = g_string_new (NULL);
  const char *verb = (unsigned) e->op <= REG_OP_DELETE_TREE ? verbs[e->op] : "?";
  g_string_append_printf (out, "%s %s\\%s", verb, reg_hive_name (e->hive), e->key);
  if (e->name) {
    g_string_append_c (out, ' ');
    if (*e->name)
      append_quoted (out, e->name);
    else
      g_string_append_c (out, '@');
  }
  if (e->op == REG_OP_SET_VALUE) {
    g_string_append_c (out, '=');
    append_value (out, e, 0, FALSE, TRUE);
  }
  return g_string_free (out, FALSE);
}

/* ---- the .reg file ---- */

struct exporter {
  GString *out;
  const char *prefix;     /* without a trailing backslash */
  GHashTable *sections;   /* lower-cased key paths written as sections since their last deletion */
};

static void
comment (struct exporter *x, const char *label, const char *provenance)
{
  if (*provenance == '\0')
    return;
  size_t start = x->out->len;
  g_string_append (x->out, "; ");
  if (label)
    g_string_append_printf (x->out, "%s: ", label);
  for (const char *p = provenance; *p; p++)
    g_string_append_c (x->out, (unsigned char) *p < 0x20 ? ' ' : *p);
  while (x->out->len > start && x->out->str[x->out->len - 1] == ' ')
    g_string_truncate (x->out, x->out->len - 1);
  /* A trailing backslash would join the next line (the section header) to the comment. */
  if (x->out->str[x->out->len - 1] == '\\')
    g_string_append (x->out, " ;");
  g_string_append_c (x->out, '\n');
}

static void
section (struct exporter *x, const char *dash, const char *key, size_t keylen)
{
  g_string_append_printf (x->out, "[%s%s\\%.*s]\n", dash, x->prefix, (int) keylen, key);
}

/* Empty sections for the ancestors of key that this text has not written yet. */
static void
ancestors (struct exporter *x, const char *key)
{
  for (const char *p = strchr (key, '\\'); p; p = strchr (p + 1, '\\')) {
    char *fold = g_ascii_strdown (key, p - key);
    if (g_hash_table_contains (x->sections, fold)) {
      g_free (fold);
      continue;
    }
    section (x, "", key, (size_t) (p - key));
    g_string_append_c (x->out, '\n');
    g_hash_table_add (x->sections, fold);
  }
}

static void
forget_under (struct exporter *x, const char *key)
{
  g_autofree char *fold = g_ascii_strdown (key, -1);
  size_t n = strlen (fold);
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, x->sections);
  while (g_hash_table_iter_next (&it, &k, NULL)) {
    const char *s = k;
    if (strncmp (s, fold, n) == 0 && (s[n] == '\0' || s[n] == '\\'))
      g_hash_table_iter_remove (&it);
  }
}

static char *
value_label (const struct reg_edit *e)
{
  if (*e->name == '\0')
    return g_strdup ("@");
  GString *s = g_string_new (NULL);
  append_quoted (s, e->name);
  return g_string_free (s, FALSE);
}

/* Edits [i, j) are value edits of one key: one section. */
static void
value_section (struct exporter *x, const struct reg_plan *plan, size_t i, size_t j)
{
  const struct reg_edit *first = reg_plan_get (plan, i);
  ancestors (x, first->key);
  for (size_t k = i; k < j; k++) {
    g_autofree char *label = value_label (reg_plan_get (plan, k));
    comment (x, label, reg_plan_get (plan, k)->provenance);
  }
  section (x, "", first->key, strlen (first->key));
  for (size_t k = i; k < j; k++) {
    const struct reg_edit *e = reg_plan_get (plan, k);
    g_autofree char *label = value_label (e);
    size_t start = x->out->len;
    g_string_append_printf (x->out, "%s=", label);
    append_value (x->out, e, x->out->len - start, TRUE, FALSE);
    g_string_append_c (x->out, '\n');
  }
  g_string_append_c (x->out, '\n');
  g_hash_table_add (x->sections, g_ascii_strdown (first->key, -1));
}

static gboolean
is_value_op (const struct reg_edit *e)
{
  return e->op == REG_OP_SET_VALUE || e->op == REG_OP_DELETE_VALUE;
}

/* The end of the section that starts with value edit i: the following value edits of the same
 * key, up to a second edit of a value already in the section.  hivexregedit applies a section's
 * deletions first and then appends its values, so "set X, delete X" in one section would keep X,
 * and "set X, set X" would store X twice. */
static size_t
run_end (const struct reg_plan *plan, size_t i)
{
  const struct reg_edit *e = reg_plan_get (plan, i);
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  size_t j = i;
  for (; j < reg_plan_len (plan); j++) {
    const struct reg_edit *f = reg_plan_get (plan, j);
    if (!is_value_op (f) || g_ascii_strcasecmp (f->key, e->key) != 0
        || !reg_edit_validate (f, NULL) || !g_hash_table_add (names, g_ascii_strdown (f->name, -1)))
      break;
  }
  return j;
}

char *
reg_export (const struct reg_plan *all, enum reg_hive hive, const char *prefix, GError **error)
{
  g_autoptr (reg_plan) plan = reg_plan_for_hive (all, hive);
  g_autofree char *pfx = g_strdup (prefix ? prefix : "");
  if (*pfx && pfx[strlen (pfx) - 1] == '\\')
    pfx[strlen (pfx) - 1] = '\0';
  g_autoptr (GHashTable) sections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  struct exporter x = { g_string_new ("Windows Registry Editor Version 5.00\n\n"), pfx, sections };
  for (size_t i = 0; i < reg_plan_len (plan);) {
    const struct reg_edit *e = reg_plan_get (plan, i);
    if (!reg_edit_validate (e, error)) {
      g_string_free (x.out, TRUE);
      return NULL;
    }
    size_t j = i + 1;
    if (is_value_op (e)) {
      j = run_end (plan, i);
      value_section (&x, plan, i, j);
    } else if (e->op == REG_OP_ENSURE_KEY) {
      ancestors (&x, e->key);
      comment (&x, NULL, e->provenance);
      section (&x, "", e->key, strlen (e->key));
      g_string_append_c (x.out, '\n');
      g_hash_table_add (sections, g_ascii_strdown (e->key, -1));
    } else {
      comment (&x, NULL, e->provenance);
      section (&x, "-", e->key, strlen (e->key));
      g_string_append_c (x.out, '\n');
      forget_under (&x, e->key);
    }
    i = j;
  }
  return g_string_free (x.out, FALSE);
}
