/* verify-link: the walk's records (links, candidates, results) and value readers that turn an
 * unreadable value into a finding instead of an error; see verify.h. */
#include <config.h>

#include <stdarg.h>

#include "ws-error.h"
#include "verify.h"
#include "banned.h"

static void
link_free (gpointer p)
{
  struct verify_link *l = p;
  g_free (l->what);
  g_free (l->where);
  g_free (l->value);
  g_free (l->found);
  g_free (l->why);
  g_free (l);
}

GPtrArray *
verify_chain_new (void)
{
  return g_ptr_array_new_with_free_func (link_free);
}

static struct verify_link *
link_add (GPtrArray *chain, enum verify_status status, const char *what, const char *where,
          const char *value, const char *found, char *why)
{
  struct verify_link *l = g_new0 (struct verify_link, 1);
  l->status = status;
  l->what = g_strdup (what);
  l->where = g_strdup (where);
  l->value = g_strdup (value);
  l->found = g_strdup (found);
  l->why = why;
  g_ptr_array_add (chain, l);
  return l;
}

const struct verify_link *
verify_ok (GPtrArray *chain, const char *what, const char *where, const char *value, const char *found)
{
  return link_add (chain, VERIFY_LINK_OK, what, where, value, found, NULL);
}

const struct verify_link *
verify_warn (GPtrArray *chain, const char *what, const char *where, const char *value,
             const char *found, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return link_add (chain, VERIFY_LINK_WARNING, what, where, value, found, why);
}

const struct verify_link *
verify_broken (GPtrArray *chain, const char *what, const char *where, const char *value,
               const char *found, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return link_add (chain, VERIFY_LINK_BROKEN, what, where, value, found, why);
}

const struct verify_link *
verify_chain_broken (const GPtrArray *chain)
{
  for (guint i = 0; i < chain->len; i++) {
    const struct verify_link *l = g_ptr_array_index (chain, i);
    if (l->status == VERIFY_LINK_BROKEN)
      return l;
  }
  return NULL;
}

struct verify_candidate *
verify_candidate_new (const char *device_id, gboolean compatible, guint position, const char *source)
{
  struct verify_candidate *c = g_new0 (struct verify_candidate, 1);
  c->device_id = g_strdup (device_id);
  c->device_compatible = compatible;
  c->position = position;
  c->source = g_strdup (source);
  c->links = verify_chain_new ();
  return c;
}

void
verify_candidate_free (struct verify_candidate *c)
{
  if (c == NULL)
    return;
  g_free (c->device_id);
  g_free (c->source);
  g_free (c->package);
  g_free (c->service);
  g_ptr_array_unref (c->links);
  g_free (c);
}

struct verify_controller *
verify_controller_new (const struct verify_device *d)
{
  struct verify_controller *c = g_new0 (struct verify_controller, 1);
  c->device = d;
  c->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) verify_candidate_free);
  c->chain = verify_chain_new ();
  return c;
}

void
verify_controller_free (struct verify_controller *c)
{
  if (c == NULL)
    return;
  g_strfreev (c->hardware_ids);
  g_strfreev (c->compatible_ids);
  g_ptr_array_unref (c->candidates);
  g_ptr_array_unref (c->chain);
  g_free (c);
}

void
verify_result_free (struct verify_result *r)
{
  if (r == NULL)
    return;
  g_free (r->control_set);
  if (r->controllers)
    g_ptr_array_unref (r->controllers);
  g_free (r);
}

/* Keep the reader's message (it names the hive, key and value) as the finding. */
static gboolean
take_problem (GError *e, char **problem)
{
  if (e) {
    *problem = g_strdup (e->message);
    g_error_free (e);
  }
  return FALSE;
}

gboolean
verify_read_string (hive_reader *h, hive_node n, const char *name, char **out, char **problem)
{
  GError *e = NULL;
  *problem = NULL;
  if (hive_reader_string (h, n, name, out, &e))
    return TRUE;
  return take_problem (e, problem);
}

gboolean
verify_read_dword (hive_reader *h, hive_node n, const char *name, uint32_t *out, char **problem)
{
  GError *e = NULL;
  *problem = NULL;
  if (hive_reader_dword (h, n, name, out, &e))
    return TRUE;
  return take_problem (e, problem);
}

gboolean
verify_read_multi (hive_reader *h, hive_node n, const char *name, char ***out, char **problem)
{
  GError *e = NULL;
  *problem = NULL;
  if (hive_reader_multi (h, n, name, out, &e))
    return TRUE;
  return take_problem (e, problem);
}

static void
append_copy (GPtrArray *chain, const GPtrArray *links)
{
  for (guint i = 0; i < links->len; i++) {
    const struct verify_link *l = g_ptr_array_index (links, i);
    if (l->status == VERIFY_LINK_BROKEN)
      verify_broken (chain, l->what, l->where, l->value, l->found, "%s", l->why);
    else if (l->status == VERIFY_LINK_WARNING)
      verify_warn (chain, l->what, l->where, l->value, l->found, "%s", l->why);
    else
      verify_ok (chain, l->what, l->where, l->value, l->found);
  }
}

const char *
verify_chain_take (GPtrArray *chain, const struct verify_candidate *win, const GPtrArray *candidates)
{
  const struct verify_candidate *shown = win ? win : candidates->len ? g_ptr_array_index (candidates, 0) : NULL;
  if (shown)
    append_copy (chain, shown->links);
  if (shown && !win && verify_chain_broken (chain) == NULL)
    verify_broken (chain, "driver", shown->source, NULL, NULL,
                   "%s matches the device but gives it no usable driver", shown->source);
  return verify_chain_broken (chain) || win == NULL ? NULL : win->service;
}
