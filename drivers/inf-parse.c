/* inf-parse: lines, sections and fields of an INF; see inf-parse.h. */
#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "inf-parse.h"
#include "banned.h"

gboolean
inf_error (GError **error, const char *file, guint lineno, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "cannot parse '%s' line %u: %s", file, lineno, msg);
  return FALSE;
}

struct lexer {
  struct inf_file *inf;
  struct inf_section *cur;   /* section lines go to; NULL before the first header */
  gboolean in_strings;       /* [Strings*]: a value is one field, commas included */
};

static void
line_free (gpointer p)
{
  struct inf_line *l = p;
  g_free (l->key);
  g_strfreev (l->fields);
  g_free (l);
}

static void
section_free (gpointer p)
{
  struct inf_section *s = p;
  g_free (s->name);
  g_ptr_array_unref (s->lines);
  g_free (s);
}

static void
string_free (gpointer p)
{
  struct inf_string *s = p;
  g_free (s->key);
  g_free (s->value);
  g_free (s);
}

void
inf_file_free (struct inf_file *inf)
{
  if (inf == NULL)
    return;
  g_free (inf->name);
  g_free (inf->locale);
  if (inf->by_name)
    g_hash_table_unref (inf->by_name);
  if (inf->sections)
    g_ptr_array_unref (inf->sections);
  if (inf->strings)
    g_hash_table_unref (inf->strings);
  g_free (inf);
}

static const char *
where (const struct lexer *lx)
{
  return lx->cur ? lx->cur->name : "the file header";
}

/* Append one physical line without its comment.  Quotes stay (the field splitter needs them). */
static gboolean
strip_comment (struct lexer *lx, const char *s, size_t n, guint lineno, GString *out, GError **error)
{
  gboolean quoted = FALSE;
  size_t i = 0;
  for (; i < n; i++) {
    if (s[i] == '"')
      quoted = !quoted;
    else if (s[i] == ';' && !quoted)
      break;
  }
  if (quoted)
    return inf_error (error, lx->inf->name, lineno,
                      "unterminated string in [%s]: expected a closing '\"' before the end of the line",
                      where (lx));
  g_string_append_len (out, s, (gssize) i);
  return TRUE;
}

/* s[0..n) -> value: outer unquoted blanks trimmed, quotes removed, "" inside quotes -> ". */
static char *
unquote (const char *s, size_t n)
{
  GString *out = g_string_sized_new (n);
  size_t keep = 0;   /* length up to the last quoted or non-blank character */
  gboolean quoted = FALSE;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == '"') {
      if (quoted && i + 1 < n && s[i + 1] == '"') {
        g_string_append_c (out, '"');
        i++;
      } else {
        quoted = !quoted;
      }
      keep = out->len;
      continue;
    }
    if (!quoted && (c == ' ' || c == '\t') && out->len == 0 && keep == 0)
      continue;
    g_string_append_c (out, c);
    if (quoted || (c != ' ' && c != '\t'))
      keep = out->len;
  }
  g_string_truncate (out, keep);
  return g_string_free (out, FALSE);
}

/* Position of the first unquoted `c` in s[0..n), or n. */
static size_t
find_unquoted (const char *s, size_t n, char c)
{
  gboolean quoted = FALSE;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"')
      quoted = !quoted;
    else if (s[i] == c && !quoted)
      return i;
  }
  return n;
}

static gboolean
add_field (struct lexer *lx, GPtrArray *fields, const char *s, size_t n, guint lineno, GError **error)
{
  char *v = unquote (s, n);
  g_ptr_array_add (fields, v);
  if (strlen (v) > INF_MAX_FIELD_LEN)
    return inf_error (error, lx->inf->name, lineno, "value too long in [%s]: expected at most %d characters",
                      where (lx), INF_MAX_FIELD_LEN);
  if (fields->len > INF_MAX_FIELDS)
    return inf_error (error, lx->inf->name, lineno, "too many values on one line in [%s]: expected at most %d",
                      where (lx), INF_MAX_FIELDS);
  return TRUE;
}

/* Split the value part of a line at unquoted commas (one field in [Strings]). */
static gboolean
split_fields (struct lexer *lx, const char *s, size_t n, guint lineno, GPtrArray *fields, GError **error)
{
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == n)
    return TRUE;   /* "key =" with nothing after it: no fields */
  if (lx->in_strings)
    return add_field (lx, fields, s, n, lineno, error);
  for (size_t start = 0;;) {
    size_t len = find_unquoted (s + start, n - start, ',');
    if (!add_field (lx, fields, s + start, len, lineno, error))
      return FALSE;
    if (start + len >= n)
      return TRUE;
    start += len + 1;
  }
}

static gboolean
add_line (struct lexer *lx, const char *s, guint lineno, GError **error)
{
  size_t n = strlen (s);
  size_t eq = find_unquoted (s, n, '=');
  /* "HKR,,Name,,a=b" is a bare line: a key never holds an unquoted comma. */
  if (eq < n && find_unquoted (s, eq, ',') < eq)
    eq = n;
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  struct inf_line *l = g_new0 (struct inf_line, 1);
  l->lineno = lineno;
  g_ptr_array_add (lx->cur->lines, l);
  gboolean ok;
  if (eq < n) {
    l->key = unquote (s, eq);
    ok = split_fields (lx, s + eq + 1, n - eq - 1, lineno, fields, error);
  } else {
    ok = split_fields (lx, s, n, lineno, fields, error);
  }
  l->n_fields = fields->len;
  g_ptr_array_add (fields, NULL);
  l->fields = (char **) g_ptr_array_free (g_steal_pointer (&fields), FALSE);
  return ok;
}

static gboolean
open_section (struct lexer *lx, const char *s, guint lineno, GError **error)
{
  const char *close = strchr (s + 1, ']');
  if (close == NULL)
    return inf_error (error, lx->inf->name, lineno, "unterminated section name: expected ']' after '%.40s'", s);
  g_autofree char *name = g_strstrip (g_strndup (s + 1, (gsize) (close - s - 1)));
  if (*name == '\0')
    return inf_error (error, lx->inf->name, lineno, "empty section name: expected [name]");
  if (strlen (name) > INF_MAX_SECTION_NAME)
    return inf_error (error, lx->inf->name, lineno, "section name too long: expected at most %d characters",
                      INF_MAX_SECTION_NAME);
  struct inf_section *sec = g_hash_table_lookup (lx->inf->by_name, name);
  if (sec == NULL) {
    if (lx->inf->sections->len >= INF_MAX_SECTIONS)
      return inf_error (error, lx->inf->name, lineno, "too many sections: expected at most %d", INF_MAX_SECTIONS);
    sec = g_new0 (struct inf_section, 1);
    sec->name = g_steal_pointer (&name);
    sec->lineno = lineno;
    sec->lines = g_ptr_array_new_with_free_func (line_free);
    g_ptr_array_add (lx->inf->sections, sec);
    g_hash_table_insert (lx->inf->by_name, sec->name, sec);
  }
  lx->cur = sec;
  lx->in_strings = g_ascii_strcasecmp (sec->name, "Strings") == 0
                   || g_ascii_strncasecmp (sec->name, "Strings.", 8) == 0;
  return TRUE;
}

static gboolean
handle_line (struct lexer *lx, const char *s, guint lineno, GError **error)
{
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '\0')
    return TRUE;
  if (*s == '[')
    return open_section (lx, s, lineno, error);
  if (lx->cur == NULL)
    return inf_error (error, lx->inf->name, lineno, "text outside any section: expected a [section] header first");
  return add_line (lx, s, lineno, error);
}

static void
rtrim (GString *s)
{
  while (s->len > 0 && (s->str[s->len - 1] == ' ' || s->str[s->len - 1] == '\t' || s->str[s->len - 1] == '\r'))
    g_string_truncate (s, s->len - 1);
}

/* Physical lines -> logical lines ('\' at the end joins the next one) -> handle_line. */
static gboolean
lex_text (struct lexer *lx, const char *text, GError **error)
{
  g_autoptr (GString) logical = g_string_new (NULL);
  guint lineno = 0, start = 0;
  for (const char *p = text; *p;) {
    const char *nl = strchr (p, '\n');
    size_t n = nl ? (size_t) (nl - p) : strlen (p);
    lineno++;
    if (logical->len == 0)
      start = lineno;
    if (!strip_comment (lx, p, n, lineno, logical, error))
      return FALSE;
    rtrim (logical);
    if (logical->len > INF_MAX_LINE_LEN)
      return inf_error (error, lx->inf->name, start, "line too long in [%s]: expected at most %d characters",
                        where (lx), INF_MAX_LINE_LEN);
    p += n + (nl ? 1 : 0);
    if (logical->len > 0 && logical->str[logical->len - 1] == '\\') {
      g_string_truncate (logical, logical->len - 1);
      continue;
    }
    if (!handle_line (lx, logical->str, start, error))
      return FALSE;
    g_string_truncate (logical, 0);
  }
  lx->inf->n_lines = lineno;
  return logical->len == 0 || handle_line (lx, logical->str, start, error);
}

/* [Strings.<locale>] first, then [Strings]; within a section the first definition wins. */
static void
add_strings (struct inf_file *inf, const char *section_name)
{
  const struct inf_section *sec = inf_file_section (inf, section_name);
  if (sec == NULL)
    return;
  for (guint i = 0; i < sec->lines->len; i++) {
    const struct inf_line *l = g_ptr_array_index (sec->lines, i);
    if (l->key == NULL || *l->key == '\0')
      continue;
    char *lower = g_ascii_strdown (l->key, -1);
    if (g_hash_table_contains (inf->strings, lower)) {
      g_free (lower);
      continue;
    }
    struct inf_string *s = g_new0 (struct inf_string, 1);
    s->key = g_strdup (l->key);
    s->value = g_strdup (l->n_fields > 0 ? l->fields[0] : "");
    s->lineno = l->lineno;
    g_hash_table_insert (inf->strings, lower, s);
  }
}

struct inf_file *
inf_file_parse (const void *buf, size_t len, const char *name, const char *locale, GError **error)
{
  g_autoptr (inf_file) inf = g_new0 (struct inf_file, 1);
  inf->name = g_strdup (name ? name : "(INF)");
  inf->locale = g_strdup (locale ? locale : "0409");
  inf->sections = g_ptr_array_new_with_free_func (section_free);
  inf->by_name = g_hash_table_new (ws_ascii_case_hash, ws_ascii_case_equal);
  inf->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, string_free);
  g_autofree char *text = inf_decode (buf, len, inf->name, &inf->encoding, error);
  if (text == NULL)
    return NULL;
  struct lexer lx = { .inf = inf };
  if (!lex_text (&lx, text, error))
    return NULL;
  g_autofree char *localized = g_strdup_printf ("Strings.%s", inf->locale);
  add_strings (inf, localized);
  add_strings (inf, "Strings");
  return g_steal_pointer (&inf);
}

const struct inf_section *
inf_file_section (const struct inf_file *inf, const char *name)
{
  return name ? g_hash_table_lookup (inf->by_name, name) : NULL;
}

const struct inf_line *
inf_section_find (const struct inf_section *section, const char *key)
{
  if (section == NULL)
    return NULL;
  for (guint i = 0; i < section->lines->len; i++) {
    const struct inf_line *l = g_ptr_array_index (section->lines, i);
    if (l->key && g_ascii_strcasecmp (l->key, key) == 0)
      return l;
  }
  return NULL;
}

const struct inf_string *
inf_file_string (const struct inf_file *inf, const char *key)
{
  g_autofree char *lower = g_ascii_strdown (key, -1);
  return g_hash_table_lookup (inf->strings, lower);
}
