/* inf-strings: %strkey% substitution; see inf-parse.h.
 *
 * Microsoft "INF Strings Section": %strkey% tokens are replaced by the [Strings] value, %% gives
 * a literal percent sign.  Values inside [Strings] may themselves hold tokens; those expand too,
 * to INF_MAX_EXPANSION_DEPTH levels (a cycle is reported, not followed).  %11% and the like are
 * DIRIDs, resolved later by whoever knows the directory, so they are kept as written.
 */
#include <config.h>

#include <string.h>

#include "inf-parse.h"
#include "banned.h"

#define INF_MAX_SUBSTITUTIONS 4096 /* per value: bounds the work of nested tokens that expand to "" */

struct expander {
  const struct inf_file *inf;
  guint lineno;
  guint substitutions;
  GString *out;
};

static gboolean
is_dirid_token (const char *s)
{
  if (*s == '-')
    s++;
  return *s != '\0' && strspn (s, "0123456789") == strlen (s);
}

static gboolean
expand_into (struct expander *x, const char *text, guint depth, GError **error)
{
  const char *file = x->inf->name;
  for (const char *p = text; *p;) {
    if (*p != '%') {
      g_string_append_c (x->out, *p++);
      continue;
    }
    const char *end = strchr (p + 1, '%');
    if (end == NULL) {       /* a lone '%' is itself */
      g_string_append (x->out, p);
      break;
    }
    g_autofree char *key = g_strndup (p + 1, (gsize) (end - p - 1));
    const struct inf_string *s = *key ? inf_file_string (x->inf, key) : NULL;
    if (*key == '\0') {
      g_string_append_c (x->out, '%');
    } else if (s != NULL) {
      if (depth >= INF_MAX_EXPANSION_DEPTH)
        return inf_error (error, file, x->lineno,
                          "string %%%s%% nests more than %d levels: expected a value that does not refer to itself",
                          key, INF_MAX_EXPANSION_DEPTH);
      if (++x->substitutions > INF_MAX_SUBSTITUTIONS)
        return inf_error (error, file, x->lineno, "too many string substitutions: expected at most %d",
                          INF_MAX_SUBSTITUTIONS);
      if (!expand_into (x, s->value, depth + 1, error))
        return FALSE;
    } else if (is_dirid_token (key) || depth > 0) {
      /* DIRIDs stay; inside a [Strings] value an unknown token is plain text. */
      g_string_append_len (x->out, p, (gssize) (end - p + 1));
    } else {
      return inf_error (error, file, x->lineno, "undefined string key %%%s%%: expected it in [Strings]", key);
    }
    if (x->out->len > INF_MAX_FIELD_LEN)
      return inf_error (error, file, x->lineno, "value too long after substitution: expected at most %d characters",
                        INF_MAX_FIELD_LEN);
    p = end + 1;
  }
  return TRUE;
}

char *
inf_file_expand (const struct inf_file *inf, const char *text, guint lineno, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  struct expander x = { .inf = inf, .lineno = lineno, .out = out };
  if (!expand_into (&x, text ? text : "", 0, error))
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
inf_line_field (const struct inf_file *inf, const struct inf_line *line, guint i, GError **error)
{
  if (i >= line->n_fields)
    return g_strdup ("");
  return inf_file_expand (inf, line->fields[i], line->lineno, error);
}

char **
inf_line_fields_from (const struct inf_file *inf, const struct inf_line *line, guint first, GError **error)
{
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
  for (guint i = first; i < line->n_fields; i++) {
    char *s = inf_line_field (inf, line, i, error);
    if (s == NULL)
      return NULL;
    if (*s)
      g_ptr_array_add (v, s);
    else
      g_free (s);
  }
  g_ptr_array_add (v, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&v), FALSE);
}
