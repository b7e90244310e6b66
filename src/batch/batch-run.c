/* batch-run: the scheduler: resume what still holds, start up to -j children, collect them; see
 * batch.h.
 *
 * The whole batch runs inside an interrupt guard (common/ws-interrupt.h): SIGINT or SIGTERM is
 * only recorded, and this loop then starts nothing new, forwards the signal to every running
 * child's process group (each rolls back or removes its scratch space, as a lone convert would),
 * waits for them, and writes the summary; the driver then ends the process by the same signal.
 */
#include <config.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "guest.h"
#include "batch.h"
#include "banned.h"

#define POLL_USEC (100 * 1000)
/* A timed-out child gets SIGTERM (it rolls back like an interrupted convert), then this long
 * before SIGKILL. */
#define GRACE_USEC (30 * G_USEC_PER_SEC)
/* The appliance's memory and overhead per running guest (libguestfs' default memsize is
 * 1280 MiB; what qemu really touches is less). */
#define MEM_PER_JOB_KIB (1536 * 1024)

struct run {
  const struct batch_opts *o;
  FILE *events;
  GPtrArray *guests;            /* struct batch_guest * */
  struct batch_result *rs;
  struct batch_child *kids;
  gboolean *running;
  guint next, n_running;
  int jobs;
  gboolean stop;
  int forwarded;
};

int
batch_default_jobs (void)
{
  long cores = sysconf (_SC_NPROCESSORS_ONLN);
  long jobs = cores > 0 ? cores : 1;
  g_autofree char *mem = NULL;
  if (g_file_get_contents ("/proc/meminfo", &mem, NULL, NULL)) {
    const char *p = strstr (mem, "MemAvailable:");
    long kib = p ? strtol (p + strlen ("MemAvailable:"), NULL, 10) : 0;
    if (kib > 0 && kib / MEM_PER_JOB_KIB < jobs)
      jobs = kib / MEM_PER_JOB_KIB;
  }
  return jobs < 1 ? 1 : (int) jobs;
}

static void
summary (struct run *r)
{
  g_autoptr (GError) e = NULL;
  if (!batch_summary_write (r->o->out, r->rs, r->guests->len, r->forwarded != 0, &e))
    ws_error_print (e);
}

/* Record a guest's end: its state (keyed on the disks as they are now), event and summary. */
static void
finish (struct run *r, guint i, int exit_code, const char *reason, const char *stub)
{
  struct batch_result *res = &r->rs[i];
  res->done = TRUE;
  res->exit_code = exit_code;
  res->reason = reason;
  res->cls = reason && strcmp (reason, "busy") == 0 ? BATCH_TRANSIENT : batch_class_of (exit_code);
  g_autoptr (GError) e = NULL;
  if (stub && !batch_report_stub (r->o->out, res, stub, &e))
    ws_error_print (e), g_clear_error (&e);
  struct batch_state st = { .exit_code = exit_code, .cls = res->cls, .seconds = res->seconds };
  st.key = batch_key (res->g, &e);
  if (st.key == NULL || !batch_state_save (r->o->out, res->g->id, &st, &e))
    ws_error_print (e);
  batch_state_clear (&st);
  batch_event (r->events, "finished", res);
  summary (r);
  if (r->o->halt && res->cls != BATCH_OK)
    r->stop = TRUE;   /* --halt: the running ones finish, nothing new starts */
}

/* A stored result that still holds, given back without running anything. */
static gboolean
try_resume (struct run *r, guint i)
{
  struct batch_result *res = &r->rs[i];
  struct batch_state st = { 0 };
  if (r->o->force || !batch_state_load (r->o->out, res->g->id, &st))
    return FALSE;
  g_autofree char *key = batch_key (res->g, NULL);
  g_autofree char *report = g_strdup_printf ("%s/%s.report.json", r->o->out, res->g->id);
  gboolean holds = key && strcmp (key, st.key) == 0 && g_file_test (report, G_FILE_TEST_IS_REGULAR) &&
    !(r->o->retry_failed && st.cls == BATCH_TRANSIENT);
  if (holds) {
    *res = (struct batch_result) { .g = res->g, .done = TRUE, .resumed = TRUE,
                                   .exit_code = st.exit_code, .cls = st.cls, .seconds = 0 };
    batch_event (r->events, "resumed", res);
  }
  batch_state_clear (&st);
  return holds;
}

static void
start (struct run *r, guint i)
{
  struct batch_result *res = &r->rs[i];
  const char *which = NULL;
  if (batch_disk_busy (res->g, &which)) {
    g_autofree char *msg = g_strdup_printf ("disk image '%s' is in use by another run", which);
    finish (r, i, WS_EXIT_REFUSED, "busy", msg);
    return;
  }
  g_autoptr (GError) e = NULL;
  if (!batch_child_start (res->g, r->o->out, &r->kids[i], &e)) {
    finish (r, i, WS_EXIT_INTERNAL, NULL, e->message);
    return;
  }
  r->running[i] = TRUE;
  r->n_running++;
  batch_event (r->events, "started", res);
}

static void
check_timeout (struct run *r, guint i, gint64 now)
{
  struct batch_child *c = &r->kids[i];
  if (c->deadline == 0 || now < c->deadline)
    return;
  c->killed = TRUE;
  batch_child_signal (c, c->termed ? SIGKILL : SIGTERM);
  c->deadline = c->termed ? 0 : now + GRACE_USEC;
  c->termed = TRUE;
}

static void
collect (struct run *r, guint i)
{
  struct batch_child *c = &r->kids[i];
  int code;
  if (!batch_child_poll (c, &code)) {
    check_timeout (r, i, g_get_monotonic_time ());
    return;
  }
  r->running[i] = FALSE;
  r->n_running--;
  r->rs[i].seconds = (double) (g_get_monotonic_time () - c->started) / G_USEC_PER_SEC;
  const char *which = NULL;
  const char *reason = c->killed ? "timeout" : code == -1 && r->forwarded ? "interrupted"
    : code == WS_EXIT_REFUSED && batch_disk_busy (r->rs[i].g, &which) ? "busy" : NULL;
  g_autofree char *report = g_strdup_printf ("%s/%s.report.json", r->o->out, r->rs[i].g->id);
  const char *stub = g_file_test (report, G_FILE_TEST_IS_REGULAR) ? NULL
    : c->killed ? "timed out; the conversion was stopped"
    : "the conversion ended without a report (see its .log)";
  finish (r, i, code, reason, stub);
}

/* A recorded SIGINT/SIGTERM: nothing new starts; each running child gets the signal once. */
static void
forward_signal (struct run *r)
{
  int sig = ws_interrupt_pending ();
  if (sig == 0 || r->forwarded)
    return;
  r->forwarded = sig;
  r->stop = TRUE;
  for (guint i = 0; i < r->guests->len; i++)
    if (r->running[i])
      batch_child_signal (&r->kids[i], sig);
}

static void
schedule (struct run *r)
{
  while (r->next < r->guests->len || r->n_running > 0) {
    forward_signal (r);
    while (!r->stop && r->n_running < (guint) r->jobs && r->next < r->guests->len) {
      guint i = r->next++;
      if (!r->rs[i].done)
        start (r, i);
    }
    if (r->stop && r->n_running == 0)
      break;
    for (guint i = 0; i < r->guests->len; i++)
      if (r->running[i])
        collect (r, i);
    if (r->n_running > 0)
      g_usleep (POLL_USEC);
  }
}

/* Build the supermin appliance once, before N children would all find the cache cold.  Only
 * when children will run side by side and the cache needs building: a lone child (a one-line
 * batch, as GNU parallel runs them on each host, or -j 1) builds the cache itself, and with the
 * cache fresh already a launch here would be one appliance launch lost (~10 s under TCG, a
 * tenth of an 8-guest batch at -j 2). */
static void
warm (struct run *r)
{
  guint pending = 0;
  for (guint i = 0; i < r->guests->len; i++)
    pending += !r->rs[i].done;
  if (pending < 2 || r->jobs < 2 || guest_appliance_ready ())
    return;
  g_autoptr (GError) e = NULL;
  if (!guest_warm (&e))
    ws_error_print (e);   /* each child will say it again, in its own report */
}

static void
totals (const struct run *r, struct batch_totals *t)
{
  *t = (struct batch_totals) { .total = r->guests->len, .interrupted = r->forwarded != 0 };
  for (guint i = 0; i < r->guests->len; i++) {
    const struct batch_result *res = &r->rs[i];
    t->resumed += res->done && res->resumed;
    if (!res->done)
      t->not_run++;
    else if (res->cls == BATCH_OK)
      t->converted++;
    else if (res->cls == BATCH_PERMANENT)
      t->permanent++;
    else
      t->transient++;
  }
}

static gboolean
read_manifest (const struct batch_opts *o, GPtrArray *guests, GError **error)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  if (batch_manifest_read (o->manifest, &o->defaults, guests, problems, error))
    return TRUE;
  for (guint i = 0; i < problems->len; i++)
    fprintf (stderr, "winseed: %s\n", (char *) g_ptr_array_index (problems, i));
  return FALSE;
}

gboolean
batch_run (const struct batch_opts *o, FILE *events, struct batch_totals *t, GError **error)
{
  g_autoptr (GPtrArray) guests = g_ptr_array_new_with_free_func ((GDestroyNotify) batch_guest_free);
  if (!read_manifest (o, guests, error))
    return FALSE;
  *t = (struct batch_totals) { .total = guests->len };
  if (o->check_only)
    return TRUE;
  if (g_mkdir_with_parents (o->out, 0755) == -1) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot create '%s': %s", o->out, g_strerror (errno));
    return FALSE;
  }
  guint n = guests->len;
  g_autofree struct batch_result *rs = g_new0 (struct batch_result, n);
  g_autofree struct batch_child *kids = g_new0 (struct batch_child, n);
  g_autofree gboolean *running = g_new0 (gboolean, n);
  struct run r = { .o = o, .events = events, .guests = guests, .rs = rs, .kids = kids,
                   .running = running, .jobs = o->jobs > 0 ? o->jobs : batch_default_jobs () };
  ws_interrupt_guard_begin ();
  for (guint i = 0; i < n; i++) {
    rs[i].g = g_ptr_array_index (guests, i);
    try_resume (&r, i);
  }
  summary (&r);
  warm (&r);
  schedule (&r);
  summary (&r);
  ws_interrupt_guard_end ();
  totals (&r, t);
  return TRUE;
}
