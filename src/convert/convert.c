/* convert: the conversion pipeline; see convert.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-internal.h"
#include "events.h"
#include "convert-output.h"
#include "banned.h"

/* The phases' names, as the report's "seconds" and the phase events give them. */
const char *const convert_phase_names[PH_COUNT] = {
  [PH_OPEN] = "open", [PH_INSPECT] = "inspect", [PH_SELECT] = "select", [PH_PLAN] = "plan",
  [PH_STAGE] = "stage", [PH_COMMIT] = "commit", [PH_VERIFY] = "verify", [PH_OUTPUT] = "output",
};

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
  session_domain *domain;
  gint64 t0;
};

/* Phases start and end here, and nowhere else: the report's "seconds", the --machine-readable
 * phase events and the terminal line all come from these two. */
static void
phase_begin (struct run *x, enum convert_phase ph)
{
  x->t0 = g_get_monotonic_time ();
  events_phase_start (convert_phase_names[ph]);
}

static void
phase_end (struct run *x, enum convert_phase ph)
{
  x->r->seconds[ph] = (double) (g_get_monotonic_time () - x->t0) / G_USEC_PER_SEC;
  events_phase_end (convert_phase_names[ph], x->r->seconds[ph]);
}

static void
add_warning (struct convert_result *r, const char *message)
{
  g_ptr_array_add (r->warnings, g_strdup (message));
  events_warning (message);
}

static void
add_warnings (struct convert_result *r, const GPtrArray *more)
{
  for (guint i = 0; more && i < more->len; i++)
    add_warning (r, g_ptr_array_index (more, i));
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
  phase_begin (x, PH_STAGE);
  guint left = 0;
  if ((x->t = conv_stage (x->s, &x->guest, &x->sel, &x->plan, error)) == NULL
      || !txn_prune_unchanged (x->t, &left, error))
    return FALSE;
  if (left == 0) {
    phase_end (x, PH_STAGE);
    return TRUE;
  }
  if (!check_space (g, x->guest.windows, x->t, error))
    return FALSE;
  phase_end (x, PH_STAGE);
  progress (x->o, "committing");
  phase_begin (x, PH_COMMIT);
  gboolean committed = guest_remount_rw (g, session_root (x->s), error) && txn_commit (x->t, error);
  /* Written, or written and rolled back: what the readers cached may be stale either way. */
  conv_guest_release_hives (x->s, &x->guest);
  if (!committed)
    return FALSE;
  x->r->changed = TRUE;
  x->r->written = g_strdupv ((char **) txn_written (x->t));
  x->r->backups = g_strdupv ((char **) txn_backups (x->t));
  add_warnings (x->r, txn_warnings (x->t));
  phase_end (x, PH_COMMIT);
  progress (x->o, "verifying");
  phase_begin (x, PH_VERIFY);
  GError *e = NULL;
  if (!conv_verify (g, x->t, &x->plan, &e)) {
    /* Written, so not "unchanged" whatever the check's own code says. */
    g_set_error (error, WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "the conversion was written but "
                 "does not check out (winseed undo puts the hives back from the backups listed in "
                 "the report): verifying after the commit: %s", e->message);
    g_error_free (e);
    return FALSE;
  }
  phase_end (x, PH_VERIFY);
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
  /* A busy image is refused at once, not after the driver set is read (seconds for a large one);
   * in place the run writes (exclusive), over --output or --dry-run it only reads. */
  if (!guest_disks_free (o->session.disks, !o->dry_run && o->outputs == NULL, error))
    return FALSE;
  /* The driver set is all on the host: a bad one is refused before the appliance starts. */
  struct driver_set *ds = driver_set_open (o->drivers, NULL, error);
  if (ds == NULL)
    return FALSE;
  struct session_opts so = o->session;
  so.writable = !o->dry_run;
  /* --output: the outputs are locked before the appliance starts, the sources only read. */
  if (o->outputs && !o->dry_run) {
    if ((x->outs = conv_outputs_prepare (o->session.disks, o->outputs, o->output_format, error)) == NULL) {
      driver_set_free (ds);
      return FALSE;
    }
    so.overlay = TRUE;
  }
  progress (o, "launching the appliance");
  phase_begin (x, PH_OPEN);
  if ((x->s = session_open (&so, error)) == NULL) {
    driver_set_free (ds);
    return FALSE;
  }
  phase_end (x, PH_OPEN);
  phase_begin (x, PH_INSPECT);
  if (!conv_gather (x->s, &x->guest, error)) {
    driver_set_free (ds);
    return FALSE;
  }
  phase_end (x, PH_INSPECT);
  /* What would refuse the conversion has already; the rest the report lists apart from its own
   * warnings (its text says "warning" too), and a pipeline gets them as warnings. */
  for (guint i = 0; i < x->guest.windows->blockers->len; i++) {
    const struct ws_blocker *b = g_ptr_array_index (x->guest.windows->blockers, i);
    if (!b->refuses) {
      g_autofree char *w = g_strdup_printf ("%s: %s", b->kind, b->detail);
      events_warning (w);
    }
  }
  progress (o, "selecting driver packages");
  phase_begin (x, PH_SELECT);
  gboolean selected = conv_select (o, ds, x->guest.windows, &x->sel, error);
  add_warnings (x->r, x->sel.warnings);
  if (!selected)
    return FALSE;
  phase_end (x, PH_SELECT);
  phase_begin (x, PH_PLAN);
  if (!conv_plan (o, &x->guest, &x->sel, &x->plan, error))
    return FALSE;
  phase_end (x, PH_PLAN);
  for (size_t i = 0; x->plan.warnings && x->plan.warnings[i]; i++)
    add_warning (x->r, x->plan.warnings[i]);
  x->r->n_edits = (guint) reg_plan_len (x->plan.edits);
  x->r->plan_text = g_strdup (x->plan.text);
  x->r->packages = conv_packages (&x->sel, &x->plan);
  firstboot_result (x->r, &x->plan, o);
  x->r->platform_changes = g_steal_pointer (&x->plan.platform_changes);
  if (o->dry_run)
    return TRUE;
  if (!write_guest (x, error))
    return FALSE;
  /* --libvirt-xml: what only the appliance can tell, read before it shuts down. */
  if (o->libvirt_xml &&
      (x->domain = conv_domain_gather (x->s, o, x->guest.windows, x->r->packages, error)) == NULL)
    return FALSE;
  if (!session_close (x->s, error))
    return FALSE;
  if (x->outs) {
    progress (o, "copying the converted disks out");
    /* The appliance's shutdown is no phase's, as without --output. */
    phase_begin (x, PH_OUTPUT);
    if (!conv_outputs_write (x->outs, x->s, error))
      return FALSE;
    phase_end (x, PH_OUTPUT);
  }
  if (x->domain == NULL)
    return TRUE;
  /* Last: the domain names the images, so it exists only once they are complete. */
  g_autoptr (GPtrArray) outputs = x->outs ? conv_outputs_result (x->outs) : NULL;
  return conv_domain_write (x->domain, o, outputs, &x->r->domain, error);
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
  g_free (o->libvirt_xml);
  domain_vm_clear (&o->vm);
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
  if (r->platform_changes)
    g_ptr_array_unref (r->platform_changes);
  if (r->outputs)
    g_ptr_array_unref (r->outputs);
  session_domain_doc_clear (&r->domain);
  memset (r, 0, sizeof *r);
}

gboolean
convert_run (const struct convert_opts *opts, struct convert_result *result, GError **error)
{
  memset (result, 0, sizeof *result);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  struct run x = { .o = opts, .r = result };
  gboolean ok = pipeline (&x, error);
  /* The report says what Windows this was even when a later phase failed. */
  result->windows = g_steal_pointer (&x.guest.windows);
  if (result->packages == NULL)
    result->packages = conv_packages (&x.sel, &x.plan);
  if (x.outs)
    result->outputs = conv_outputs_result (x.outs);
  /* Before the session: a FILE.part left by a failure goes, then the scratch with the overlays. */
  conv_outputs_free (x.outs);
  session_domain_free (x.domain);
  txn_free (x.t);
  conv_plan_clear (&x.plan);
  conv_selection_clear (&x.sel);
  conv_guest_clear (&x.guest);
  session_free (x.s);
  return ok;
}
