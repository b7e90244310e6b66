/* transcript: test helpers for the SetupAPI log reader; see transcript.h. */
#include <config.h>

#include <string.h>

#include "transcript.h"

#define S(x) ((x) ? (x) : "-")

static void
rec_free (gpointer p)
{
  struct rec *r = p;
  g_free (r->title), g_free (r->target), g_free (r->device), g_free (r->inf), g_free (r->path);
  g_free (r->rank), g_free (r->signer), g_free (r->cause_line), g_free (r->failed_step);
  g_free (r);
}

static void
prec_free (gpointer p)
{
  struct prec *r = p;
  g_free (r->name), g_free (r->published), g_free (r->node), g_free (r->source), g_free (r->signer);
  g_free (r);
}

static void
on_install (const struct setupapi_install *i, void *opaque)
{
  struct parsed *p = opaque;
  struct rec *r = g_new0 (struct rec, 1);
  r->kind = i->kind, r->result = i->result;
  r->title = g_strdup (i->title), r->target = g_strdup (i->target), r->device = g_strdup (i->device);
  r->inf = g_strdup (i->driver.inf), r->path = g_strdup (i->driver.path);
  r->rank = g_strdup (i->driver.rank), r->signer = g_strdup (i->driver.signer);
  r->cause_line = g_strdup (i->cause_line), r->failed_step = g_strdup (i->failed_step);
  r->has_status = i->has_status, r->status = i->status;
  r->has_cause = i->has_cause, r->cause = i->cause_code;
  r->null_driver = i->null_driver, r->reboot = i->reboot;
  r->warnings = i->warnings, r->errors = i->errors;
  g_ptr_array_add (p->installs, r);
  g_string_append_printf (p->transcript, "install %d %s [%s] [%s] [%s] start=%s end=%s boot=%s line=%lu xp=%d\n",
                          i->kind, setupapi_result_name (i->result), S (i->title), S (i->target),
                          S (i->device), S (i->start), S (i->end), S (i->boot), i->line, i->xp_format);
  g_string_append_printf (p->transcript, "  status=%d:%08x cause=%d:%08x null=%d reboot=%d w=%u e=%u step=%s\n"
                          "  cause_line=%s\n  driver=%s|%s|%s|%s|%s|%s|%s\n",
                          i->has_status, i->status, i->has_cause, i->cause_code, i->null_driver, i->reboot,
                          i->warnings, i->errors, S (i->failed_step), S (i->cause_line), S (i->driver.inf),
                          S (i->driver.path), S (i->driver.description), S (i->driver.section),
                          S (i->driver.rank), S (i->driver.signer), S (i->driver.version));
  for (guint k = 0; k < i->error_lines->len; k++)
    g_string_append_printf (p->transcript, "  error: %s\n", (char *) g_ptr_array_index (i->error_lines, k));
  g_assert_true (g_utf8_validate (p->transcript->str, (gssize) p->transcript->len, NULL));
}

static void
on_package (const struct setupapi_package *k, void *opaque)
{
  struct parsed *p = opaque;
  struct prec *r = g_new0 (struct prec, 1);
  r->name = g_strdup (k->name), r->published = g_strdup (k->published), r->node = g_strdup (k->node);
  r->source = g_strdup (k->source), r->signer = g_strdup (k->signer), r->failed = k->failed;
  g_ptr_array_add (p->packages, r);
  g_string_append_printf (p->transcript, "package %s -> %s node=%s source=%s signer=%s failed=%d code=%d:%08x\n",
                          S (k->name), S (k->published), S (k->node), S (k->source), S (k->signer),
                          k->failed, k->has_code, k->code);
}

struct parsed *
parse_cuts (const void *data, size_t len, const size_t *cuts, size_t ncuts)
{
  struct parsed *p = g_new0 (struct parsed, 1);
  struct setupapi_callbacks cb = { on_install, on_package, p };
  p->transcript = g_string_new (NULL);
  p->installs = g_ptr_array_new_with_free_func (rec_free);
  p->packages = g_ptr_array_new_with_free_func (prec_free);
  g_autoptr (setupapi_log) log = setupapi_log_new (&cb);
  const char *b = data;
  size_t at = 0;
  gboolean ok = TRUE;
  for (size_t i = 0; ok && i <= ncuts; i++) {
    size_t to = i < ncuts ? cuts[i] : len;
    g_assert_cmpuint (to, >=, at);
    ok = setupapi_log_feed (log, b + at, to - at, &p->error);
    at = to;
  }
  if (ok)
    ok = setupapi_log_finish (log, &p->error);
  p->stats = *setupapi_log_stats (log);
  p->stats.truncated_in = g_strdup (p->stats.truncated_in);
  const struct setupapi_stats *s = &p->stats;
  g_string_append_printf (p->transcript, "stats enc=%d bom=%d xp=%d lines=%lu sections=%lu boots=%lu w=%lu e=%lu "
                          "long=%lu nul=%lu deep=%lu unmatched=%lu partial=%d truncated=%s error=%s\n",
                          s->encoding, s->bom, s->xp_format, s->lines, s->sections, s->boot_sessions, s->warnings,
                          s->errors, s->long_lines, s->nul_bytes, s->deep_blocks, s->unmatched_exits,
                          s->partial_last_line, S (s->truncated_in), p->error ? p->error->message : "-");
  return p;
}

struct parsed *
parse_all (const void *data, size_t len)
{
  return parse_cuts (data, len, NULL, 0);
}

struct parsed *
parse_random (const void *data, size_t len, GRand *rand, size_t max_chunk)
{
  g_autoptr (GArray) cuts = g_array_new (FALSE, FALSE, sizeof (size_t));
  for (size_t at = 0;;) {
    at += (size_t) g_rand_int_range (rand, 1, (gint32) max_chunk + 1);
    if (at >= len)
      break;
    g_array_append_val (cuts, at);
  }
  return parse_cuts (data, len, (size_t *) (void *) cuts->data, cuts->len);
}

void
parsed_free (struct parsed *p)
{
  if (!p)
    return;
  g_string_free (p->transcript, TRUE);
  g_ptr_array_unref (p->installs);
  g_ptr_array_unref (p->packages);
  g_free (p->stats.truncated_in);
  g_clear_error (&p->error);
  g_free (p);
}

const struct rec *
find_install (const struct parsed *p, const char *id)
{
  for (guint i = p->installs->len; i-- > 0;) {
    const struct rec *r = g_ptr_array_index (p->installs, i);
    const char *have = r->device ? r->device : r->target;
    if (have && g_ascii_strcasecmp (have, id) == 0)
      return r;
  }
  return NULL;
}

unsigned
count_failures (const struct parsed *p)
{
  unsigned n = 0;
  for (guint i = 0; i < p->installs->len; i++)
    n += setupapi_result_is_failure (((struct rec *) g_ptr_array_index (p->installs, i))->result);
  return n;
}

char *
read_test_log (const char *name, size_t *len)
{
  const char *dir = g_getenv ("WINSEED_TESTS_SRCDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", "diagnose", "logs", name, NULL);
  char *data = NULL;
  g_autoptr (GError) err = NULL;
  if (!g_file_get_contents (path, &data, len, &err))
    g_error ("cannot read test log: %s", err->message);
  return data;
}

char *
read_real_log (size_t *len)
{
  const char *dir = g_getenv ("WINSEED_FIXTURES");
  g_autofree char *path = g_build_filename (dir ? dir : "fixtures", "logs",
                                            "win10-21H1-19043_setupapi.dev.log.xz", NULL);
  const char *argv[] = { "xz", "-dc", path, NULL };
  char *out = NULL;
  int status = 0;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
      || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL)) {
    g_free (out);
    return NULL;
  }
  *len = strlen (out);
  return out;
}
