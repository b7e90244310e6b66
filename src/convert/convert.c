/* convert: the conversion pipeline; see convert.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-internal.h"
#include "convert-output.h"
#include "banned.h"

static double
lap (gint64 *t0)
{
  gint64 now = g_get_monotonic_time ();
  double s = (double) (now - *t0) / G_USEC_PER_SEC;
  *t0 = now;
  return s;
}

static void
progress (const struct convert_opts *o, const char *what)
{
  if (!o->quiet && o->session.verbose)
    g_printerr ("winseed: %s\n", what);
}

/* One conversion's phase results (convert-internal.h), owned here and nowhere else. */
struct run {
  const struct convert_opts *o;
  struct convert_result *r;
  session *s;
  struct conv_guest guest;
  struct conv_selection sel;
  struct conv_plan plan;
  txn *t;
  conv_outputs *outs;
  gint64 t0;
};

static void
add_warnings (struct convert_result *r, const GPtrArray *more)
{
  for (guint i = 0; more && i < more->len; i++)
    g_ptr_array_add (r->warnings, g_strdup (g_ptr_array_index (more, i)));
}

/* Room for every new file and temporary copy, with a margin for NTFS metadata. */
static gboolean
check_space (guest *g, const struct ws_windows *w, const txn *t, GError **error)
{
  gint64 avail = guest_free_space (g, w->systemroot, error);
  if (avail < 0)
    return FALSE;
  guint64 need = txn_bytes_needed (t) + (8u << 20);
  if ((guint64) avail < need) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "not enough free space on %s: %" G_GUINT64_FORMAT
                 " bytes needed, %" G_GINT64_FORMAT " available", w->root_device, need, avail);
    return FALSE;
  }
  return TRUE;
}

/* stage -> commit -> verify.  Nothing left to write (a re-run on a converted guest) is success. */
static gboolean
write_guest (struct run *x, GError **error)
{
  guest *g = session_guest (x->s);
  progress (x->o, "staging");
  guint left = 0;
  if ((x->t = conv_stage (g, session_scratch (x->s), &x->guest, &x->sel, &x->plan, error)) == NULL
      || !txn_prune_unchanged (x->t, &left, error))
    return FALSE;
  if (left == 0) {
    x->r->seconds[PH_STAGE] = lap (&x->t0);
    return TRUE;
  }
  if (!check_space (g, x->guest.windows, x->t, error))
    return FALSE;
  x->r->seconds[PH_STAGE] = lap (&x->t0);
  progress (x->o, "committing");
  if (!guest_remount_rw (g, session_root (x->s), error) || !txn_commit (x->t, error))
    return FALSE;
  x->r->changed = TRUE;
  x->r->written = g_strdupv ((char **) txn_written (x->t));
  x->r->backups = g_strdupv ((char **) txn_backups (x->t));
  add_warnings (x->r, txn_warnings (x->t));
  x->r->seconds[PH_COMMIT] = lap (&x->t0);
  progress (x->o, "verifying");
  GError *e = NULL;
  if (!conv_verify (g, x->t, &x->plan, &e)) {
    /* Written, so not "unchanged" whatever the check's own code says. */
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "the conversion was written but "
                 "does not check out (restore the hive backups listed in the report): verifying "
                 "after the commit: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  x->r->seconds[PH_VERIFY] = lap (&x->t0);
  return TRUE;
}

/* What the first boot will do, for the report. */
static void
firstboot_result (struct convert_result *r, struct conv_plan *p, const struct convert_opts *o)
{
  add_warnings (r, p->fb_warnings);
  if (!p->fb_payload)
    return;
  r->firstboot_hook = g_strdup (o->firstboot == FB_HOOK_SETUP ? "setup-cmdline" : "service " FB_SERVICE);
  r->firstboot_payload = g_strdup (p->fb_guest_path);
  r->firstboot_nics = g_steal_pointer (&p->fb_nics);
}

/* gather -> select -> plan (pure) -> [--dry-run stops] -> write_guest. */
static gboolean
pipeline (struct run *x, GError **error)
{
  const struct convert_opts *o = x->o;
  struct session_opts so = o->session;
  so.writable = !o->dry_run;
  /* --output: the outputs are locked before the appliance starts, the sources only read. */
  if (o->outputs && !o->dry_run) {
    if ((x->outs = conv_outputs_prepare (o->session.disks, o->outputs, o->output_format, error)) == NULL)
      return FALSE;
    so.overlay = TRUE;
  }
  progress (o, "launching the appliance");
  if ((x->s = session_open (&so, error)) == NULL)
    return FALSE;
  x->r->seconds[PH_OPEN] = lap (&x->t0);
  if (!conv_gather (x->s, &x->guest, error))
    return FALSE;
  x->r->seconds[PH_INSPECT] = lap (&x->t0);
  progress (o, "selecting driver packages");
  gboolean selected = conv_select (o, x->guest.windows, &x->sel, error);
  add_warnings (x->r, x->sel.warnings);
  if (!selected)
    return FALSE;
  x->r->seconds[PH_SELECT] = lap (&x->t0);
  if (!conv_plan (o, &x->guest, &x->sel, &x->plan, error))
    return FALSE;
  x->r->seconds[PH_PLAN] = lap (&x->t0);
  for (size_t i = 0; x->plan.warnings && x->plan.warnings[i]; i++)
    g_ptr_array_add (x->r->warnings, g_strdup (x->plan.warnings[i]));
  x->r->n_edits = (guint) reg_plan_len (x->plan.edits);
  x->r->plan_text = g_strdup (x->plan.text);
  x->r->packages = conv_packages (&x->sel, &x->plan);
  firstboot_result (x->r, &x->plan, o);
  if (o->dry_run)
    return TRUE;
  if (!write_guest (x, error) || !session_close (x->s, error))
    return FALSE;
  if (x->outs == NULL)
    return TRUE;
  progress (o, "copying the converted disks out");
  lap (&x->t0);   /* the appliance's shutdown is no phase's, as without --output */
  gboolean ok = conv_outputs_write (x->outs, x->s, o->quiet, error);
  x->r->seconds[PH_OUTPUT] = lap (&x->t0);
  return ok;
}

void
convert_opts_init (struct convert_opts *o)
{
  memset (o, 0, sizeof *o);
  o->want_block = o->want_scsi = o->want_net = TRUE;
  o->firstboot = FB_HOOK_SERVICE;
}

void
convert_opts_clear (struct convert_opts *o)
{
  g_free (o->drivers);
  g_strfreev (o->extra_roles);
  g_free (o->report_file);
  g_strfreev (o->nic_map);
  g_strfreev (o->outputs);
  g_free (o->output_format);
}

void
convert_output_free (gpointer p)
{
  struct convert_output *o = p;
  g_free (o->path);
  g_free (o->format);
  g_free (o->source);
  g_free (o);
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
  g_free (r->firstboot_hook);
  g_free (r->firstboot_payload);
  if (r->firstboot_nics)
    g_ptr_array_unref (r->firstboot_nics);
  if (r->outputs)
    g_ptr_array_unref (r->outputs);
  memset (r, 0, sizeof *r);
}

gboolean
convert_run (const struct convert_opts *opts, struct convert_result *result, GError **error)
{
  memset (result, 0, sizeof *result);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  struct run x = { .o = opts, .r = result, .t0 = g_get_monotonic_time () };
  gboolean ok = pipeline (&x, error);
  /* The report says what Windows this was even when a later phase failed. */
  result->windows = g_steal_pointer (&x.guest.windows);
  if (result->packages == NULL)
    result->packages = conv_packages (&x.sel, &x.plan);
  if (x.outs)
    result->outputs = conv_outputs_result (x.outs);
  /* Before the session: a FILE.part left by a failure goes, then the scratch with the overlays. */
  conv_outputs_free (x.outs);
  txn_free (x.t);
  conv_plan_clear (&x.plan);
  conv_selection_clear (&x.sel);
  conv_guest_clear (&x.guest);
  session_free (x.s);
  return ok;
}
