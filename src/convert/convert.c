/* convert: the conversion pipeline; see convert.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-internal.h"
#include "banned.h"

/* Windows versions winseed converts: XP (5.1) and later, on x86, amd64 and arm64. */
static gboolean
preflight (const struct ws_windows *w, GError **error)
{
  g_autoptr (GString) why = g_string_new (NULL);
  for (guint i = 0; i < w->blockers->len; i++) {
    const struct ws_blocker *b = g_ptr_array_index (w->blockers, i);
    if (b->refuses)
      g_string_append_printf (why, "%s%s", why->len ? "; " : "", b->detail);
  }
  if (why->len) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "refusing to convert %s: %s", w->root_device, why->str);
    return FALSE;
  }
  if (w->major < 5 || (w->major == 5 && w->minor < 1)) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "%s (NT %d.%d) is not supported: winseed "
                 "converts Windows XP and later", w->os_name, w->major, w->minor);
    return FALSE;
  }
  if (w->arch == NULL || (strcmp (w->arch, "x86") && strcmp (w->arch, "amd64") && strcmp (w->arch, "arm64"))) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "architecture '%s' of %s is not supported",
                 w->arch ? w->arch : "unknown", w->root_device);
    return FALSE;
  }
  return TRUE;
}

/* Host copies of the hives a conversion may edit, from the session. */
static gboolean
fetch_hives (struct conv *c, GError **error)
{
  for (int h = 0; h < REG_HIVE_COUNT; h++) {
    if (h != REG_HIVE_SYSTEM && h != REG_HIVE_SOFTWARE && h != REG_HIVE_DRIVERS)
      continue;
    struct conv_hive *ch = &c->hives[h];
    ch->guest_path = session_hive_path (c->s, reg_hive_name (h));
    ch->present = session_has_hive (c->s, reg_hive_name (h));
    if (ch->present && (ch->local = session_hive_local (c->s, reg_hive_name (h), error)) == NULL)
      return FALSE;
  }
  return TRUE;
}

/* Room for every new file and temporary copy, with a margin for NTFS metadata. */
static gboolean
check_space (struct conv *c, GError **error)
{
  gint64 avail = guest_free_space (c->g, c->r->windows->systemroot, error);
  if (avail < 0)
    return FALSE;
  guint64 need = txn_bytes_needed (c->t) + (8u << 20);
  if ((guint64) avail < need) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "not enough free space on %s: %" G_GUINT64_FORMAT
                 " bytes needed, %" G_GINT64_FORMAT " available", c->r->windows->root_device, need, avail);
    return FALSE;
  }
  return TRUE;
}

static char *
run_stamp (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y%m%dT%H%M%S");
}

static double
lap (gint64 *t0)
{
  gint64 now = g_get_monotonic_time ();
  double s = (double) (now - *t0) / G_USEC_PER_SEC;
  *t0 = now;
  return s;
}

static void
progress (const struct conv *c, const char *what)
{
  if (!c->o->quiet && c->o->session.verbose)
    g_printerr ("winseed: %s\n", what);
}

/* The part after planning: stage on the host, then write the guest. */
static gboolean
write_guest (struct conv *c, gint64 *t0, GError **error)
{
  g_autofree char *stamp = run_stamp ();
  c->t = txn_new (c->g, stamp);
  progress (c, "staging");
  if (!conv_stage (c, error) || txn_prune_unchanged (c->t, error) == 0) {
    c->r->seconds[PH_STAGE] = lap (t0);
    return error == NULL || *error == NULL;   /* nothing to write: already converted */
  }
  if (!check_space (c, error))
    return FALSE;
  c->r->seconds[PH_STAGE] = lap (t0);
  progress (c, "committing");
  if (!guest_remount_rw (c->g, c->root, error) || !txn_commit (c->t, error))
    return FALSE;
  c->r->changed = TRUE;
  c->r->written = g_strdupv ((char **) txn_written (c->t));
  c->r->backups = g_strdupv ((char **) txn_backups (c->t));
  c->r->seconds[PH_COMMIT] = lap (t0);
  progress (c, "verifying");
  GError *e = NULL;
  if (!conv_verify (c, &e)) {
    /* Written, so not "unchanged" whatever the check's own code says. */
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "the conversion was written but "
                 "does not check out (restore the hive backups listed in the report): %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  c->r->seconds[PH_VERIFY] = lap (t0);
  return TRUE;
}

static gboolean
pipeline (struct conv *c, GError **error)
{
  gint64 t0 = g_get_monotonic_time ();
  progress (c, "launching the appliance");
  struct session_opts so = c->o->session;
  so.writable = !c->o->dry_run;
  if ((c->s = session_open (&so, error)) == NULL)
    return FALSE;
  c->g = session_guest (c->s);
  c->root = session_root (c->s);
  c->tmp = session_scratch (c->s);
  c->r->seconds[PH_OPEN] = lap (&t0);
  if (session_windows (c->s, error) == NULL)
    return FALSE;
  c->r->windows = session_steal_windows (c->s);
  if (!preflight (c->r->windows, error) || !fetch_hives (c, error))
    return FALSE;
  c->r->seconds[PH_INSPECT] = lap (&t0);
  progress (c, "selecting driver packages");
  if (!conv_select (c, error))
    return FALSE;
  c->r->seconds[PH_SELECT] = lap (&t0);
  if (!conv_plan (c, error))
    return FALSE;
  c->r->seconds[PH_PLAN] = lap (&t0);
  /* The plan goes into every report, so an audit can see what a conversion wrote and why. */
  if ((c->r->plan_text = conv_plan_text (c, error)) == NULL)
    return FALSE;
  if (c->o->dry_run)
    return TRUE;
  return write_guest (c, &t0, error) && session_close (c->s, error);
}

static void
conv_clear (struct conv *c)
{
  txn_free (c->t);
  g_clear_pointer (&c->file_ops, g_ptr_array_unref);
  g_clear_pointer (&c->plan, reg_plan_free);
  g_clear_pointer (&c->layouts, g_ptr_array_unref);
  g_clear_pointer (&c->facts, plan_facts_free);
  g_free (c->pkgs);
  g_clear_pointer (&c->keep, g_ptr_array_unref);
  g_clear_pointer (&c->keep_strv, g_ptr_array_unref);
  g_clear_pointer (&c->chosen, g_ptr_array_unref);
  g_clear_pointer (&c->sel, drv_selection_free);
  g_clear_pointer (&c->ds, driver_set_free);
  for (int h = 0; h < REG_HIVE_COUNT; h++) {
    g_free (c->hives[h].guest_path);
    g_free (c->hives[h].staged);
  }
  session_free (c->s);
}

static void
package_free (gpointer p)
{
  struct convert_package *k = p;
  g_free (k->role);
  g_free (k->inf_path);
  g_free (k->reason);
  g_free (k->action);
  g_free (k->published);
  g_free (k->store);
  g_free (k->ddb_hive);
  g_free (k->driver_ver);
  g_strfreev (k->services);
  g_strfreev (k->ids);
  g_strfreev (k->files);
  g_free (k);
}

static const char *
action_name (enum plan_action a)
{
  switch (a) {
  case PLAN_INSTALL: return "install";
  case PLAN_REFRESH: return "refresh";
  case PLAN_UPGRADE: return "upgrade";
  case PLAN_SKIP: return "skip (a newer version is installed)";
  }
  return "unknown";
}

/* Hardware and compatible IDs of the models the package installs for this guest. */
static char **
model_ids (const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  for (guint i = 0; i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    if (m->hardware_id && *m->hardware_id)
      g_ptr_array_add (ids, g_strdup (m->hardware_id));
    for (size_t j = 0; m->compatible_ids && m->compatible_ids[j]; j++)
      g_ptr_array_add (ids, g_strdup (m->compatible_ids[j]));
  }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* What the report says about each package: from the layouts (planned names) and the choices. */
static void
collect_packages (struct conv *c)
{
  for (guint i = 0; c->layouts && i < c->layouts->len; i++) {
    const struct plan_layout *l = g_ptr_array_index (c->layouts, i);
    struct convert_package *k = g_new0 (struct convert_package, 1);
    for (guint j = 0; j < c->chosen->len; j++) {
      const struct drv_choice *ch = g_ptr_array_index (c->chosen, j);
      if (ch->chosen->drv == l->pkg->drv && k->role == NULL) {
        k->role = g_strdup (ch->role);
        k->inf_path = g_strdup (ch->chosen->pkg->inf_path);
        k->reason = g_strdup (ch->reason);
      }
    }
    k->action = g_strdup (action_name (l->action));
    k->published = g_strdup (l->published);
    k->store = g_strdup (l->store);
    k->ddb_hive = l->ddb ? g_strdup (reg_hive_name (l->ddb_hive)) : NULL;
    g_autofree char *d = inf_driver_ver_date (&l->pkg->drv->driver_ver);
    g_autofree char *v = inf_driver_ver_version (&l->pkg->drv->driver_ver);
    k->driver_ver = g_strdup_printf ("%s, %s", d, v);
    g_autoptr (GPtrArray) svcs = inf_driver_services (l->pkg->drv);
    k->services = g_new0 (char *, svcs->len + 1);
    for (guint j = 0, n = 0; j < svcs->len; j++) {
      const struct inf_service *s = g_ptr_array_index (svcs, j);
      if (s->name && *s->name)
        k->services[n++] = g_strdup (s->name);
    }
    k->ids = model_ids (l->pkg->drv);
    k->files = g_new0 (char *, l->files->len + 1);
    for (guint j = 0; j < l->files->len; j++)
      k->files[j] = g_strdup (((struct plan_file_op *) g_ptr_array_index (l->files, j))->dest);
    g_ptr_array_add (c->r->packages, k);
  }
}

void
convert_opts_init (struct convert_opts *o)
{
  memset (o, 0, sizeof *o);
  o->want_block = o->want_scsi = o->want_net = TRUE;
}

void
convert_opts_clear (struct convert_opts *o)
{
  g_free (o->drivers);
  g_strfreev (o->extra_roles);
  g_free (o->report_file);
}

void
convert_result_clear (struct convert_result *r)
{
  ws_windows_free (r->windows);
  if (r->packages)
    g_ptr_array_unref (r->packages);
  if (r->warnings)
    g_ptr_array_unref (r->warnings);
  g_strfreev (r->backups);
  g_strfreev (r->written);
  g_free (r->plan_text);
  memset (r, 0, sizeof *r);
}

gboolean
convert_run (const struct convert_opts *opts, struct convert_result *result, GError **error)
{
  memset (result, 0, sizeof *result);
  result->packages = g_ptr_array_new_with_free_func (package_free);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  struct conv c = { .o = opts, .r = result };
  gboolean ok = pipeline (&c, error);
  collect_packages (&c);
  conv_clear (&c);
  return ok;
}
