/* batch: `winseed batch MANIFEST [-j N] [--out DIR] [OPTIONS]`: options, output and exit status;
 * the batch itself is src/batch/.
 *
 * Unlike the other commands, batch writes on stdout while it runs: its output is an event stream
 * (one JSON object per line, each complete and flushed), and the documents are files in --out.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ws-error.h"
#include "batch.h"
#include "driver.h"
#include "match.h"
#include "banned.h"

static const char help_text[] =
  "Usage: winseed batch MANIFEST [-j N] [--out DIR] [OPTIONS]\n"
  "Convert every guest of a manifest (JSON Lines, one guest per line), one 'winseed convert'\n"
  "per guest, N at once; a guest whose inputs are unchanged since its last result gets that\n"
  "result back without running again.  Events (JSON Lines) on stdout, reports in DIR.\n"
  "MANIFEST '-' is standard input.\n"
  "  -j, --jobs N           guests at once (default: from cores and free memory)\n"
  "  --out DIR              reports, state and summary.json (default: winseed-batch)\n"
  "  --check                check the whole manifest, start nothing\n"
  "  --force                run every guest again, stored results or not\n"
  "  --retry-failed         run again the guests whose stored result is a transient failure\n"
  "  --halt                 start no new guest after the first failure\n"
  "  --timeout SECS         stop a guest's conversion after SECS seconds (default: none)\n"
  "  --drivers PATH, --block-driver DRV, --no-network, --also ROLE: defaults for every line\n"
  "  --libvirt-xml          each converted guest's libvirt domain in DIR/<id>.xml (convert\n"
  "                         --libvirt-xml; a line's \"libvirt_xml\" also asks for it)\n"
  "  -q: no summary line on stderr\n";

enum { OPT_JOBS = WS_OPT_COMMAND_BASE, OPT_OUT, OPT_CHECK, OPT_FORCE, OPT_RETRY, OPT_HALT,
       OPT_TIMEOUT, OPT_DRIVERS, OPT_BLOCK, OPT_NO_NET, OPT_ALSO, OPT_LIBVIRT_XML };

static const struct command_option options[] = {
  { "jobs", required_argument, OPT_JOBS, 'j' },
  { "out", required_argument, OPT_OUT },
  { "check", no_argument, OPT_CHECK },
  { "force", no_argument, OPT_FORCE },
  { "retry-failed", no_argument, OPT_RETRY },
  { "halt", no_argument, OPT_HALT },
  { "timeout", required_argument, OPT_TIMEOUT },
  { "drivers", required_argument, OPT_DRIVERS },
  { "block-driver", required_argument, OPT_BLOCK },
  { "no-network", no_argument, OPT_NO_NET },
  { "also", required_argument, OPT_ALSO },
  { "libvirt-xml", no_argument, OPT_LIBVIRT_XML },
  { NULL },
};

struct batch_cmd {
  struct batch_opts o;
  struct batch_totals t;
};

/* -j and --timeout: whole numbers into an int field. */
static gboolean
take_int (int *field, const char *opt, const char *arg, int lo, int hi, GError **error)
{
  guint64 v;
  if (!option_take_number (&v, opt, arg, lo, hi, error))
    return FALSE;
  *field = (int) v;
  return TRUE;
}

static void
set_str (char **dst, const char *arg)
{
  g_free (*dst);
  *dst = g_strdup (arg);
}

static gboolean
take (void *state, int id, const char *arg, GError **error)
{
  struct batch_opts *o = &((struct batch_cmd *) state)->o;
  switch (id) {
  case WS_OPT_OPERAND: set_str (&o->manifest, arg); return TRUE;
  case OPT_JOBS: return take_int (&o->jobs, "jobs", arg, 1, 256, error);
  case OPT_OUT: set_str (&o->out, arg); return TRUE;
  case OPT_CHECK: o->check_only = TRUE; return TRUE;
  case OPT_FORCE: o->force = TRUE; return TRUE;
  case OPT_RETRY: o->retry_failed = TRUE; return TRUE;
  case OPT_HALT: o->halt = TRUE; return TRUE;
  case OPT_TIMEOUT: return take_int (&o->defaults.timeout, "timeout", arg, 0, 7 * 24 * 3600, error);
  case OPT_DRIVERS: {
    g_autofree char *abs = g_canonicalize_filename (arg, NULL);
    set_str (&o->defaults.drivers, abs);
    return TRUE;
  }
  case OPT_BLOCK: {
    gboolean viostor, vioscsi;
    if (!drv_block_driver_parse (arg, &viostor, &vioscsi)) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--block-driver must be viostor, vioscsi or both, not '%s'", arg);
      return FALSE;
    }
    set_str (&o->defaults.block_driver, arg);
    return TRUE;
  }
  case OPT_NO_NET: o->defaults.no_network = TRUE; return TRUE;
  case OPT_LIBVIRT_XML: o->defaults.libvirt_xml = TRUE; return TRUE;
  case OPT_ALSO:
    if (o->defaults.also == NULL)
      o->defaults.also = g_ptr_array_new_with_free_func (g_free);
    g_ptr_array_add (o->defaults.also, g_strdup (arg));
    return TRUE;
  default:
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
    return FALSE;
  }
}

static gboolean
check (const struct command_ctx *c, GError **error)
{
  struct batch_opts *o = &((struct batch_cmd *) c->state)->o;
  if (o->force && o->retry_failed) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--force already runs every guest: drop --retry-failed");
    return FALSE;
  }
  if (o->out == NULL)
    o->out = g_strdup ("winseed-batch");
  return TRUE;
}

static gboolean
run (const struct command_ctx *c, GError **error)
{
  struct batch_cmd *st = c->state;
  return batch_run (&st->o, stdout, &st->t, error);
}

/* Permanent failures outrank transient ones: retrying cannot fix them. */
static gboolean
verdict (const struct command_ctx *c, GError **error)
{
  const struct batch_totals *t = &((struct batch_cmd *) c->state)->t;
  if (t->permanent > 0)
    g_set_error (error, WS_ERROR, WS_EXIT_BATCH_FAILED, "%u of %u guests failed permanently "
                 "(see summary.json)", t->permanent, t->total);
  else if (t->transient > 0 || t->not_run > 0)
    g_set_error (error, WS_ERROR, WS_EXIT_BATCH_TRANSIENT, "%u of %u guests failed or did not run, "
                 "all for transient reasons (run again with --retry-failed)",
                 t->transient + t->not_run, t->total);
  return *error == NULL;
}

static void
emit_text (const struct command_ctx *c, const GError *failure, GString *out, GString *err)
{
  const struct batch_cmd *st = c->state;
  const struct batch_totals *t = &st->t;
  if (st->o.check_only) {
    g_string_append_printf (out, "%s: %u guests, no problem found\n", st->o.manifest, t->total);
    return;
  }
  if (!c->common->quiet)
    g_string_append_printf (err, "winseed: batch: %u guests: %u converted, %u failed permanently, "
                            "%u transiently, %u not run; %u results from earlier runs%s\n", t->total,
                            t->converted, t->permanent, t->transient, t->not_run, t->resumed,
                            t->interrupted ? " (interrupted)" : "");
}

static void
clear (void *state)
{
  struct batch_opts *o = &((struct batch_cmd *) state)->o;
  g_free (o->manifest);
  g_free (o->out);
  batch_conv_opts_clear (&o->defaults);
}

const struct command command_batch = {
  .name = "batch",
  .summary = "convert every guest of a manifest, several at once, resumably",
  .help = help_text,
  .options = options,
  .disks = COMMAND_NO_DISKS,
  .operand = "MANIFEST",
  .state_size = sizeof (struct batch_cmd),
  .clear = clear,
  .take = take,
  .check = check,
  .run = run,
  .verdict = verdict,
  .emit_text = emit_text,
};
