/* driver: run one command from its table entry; see driver.h. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "driver.h"
#include "events.h"
#include "report.h"
#include "session.h"
#include "banned.h"

/* Answered by the driver itself. */
enum { OPT_HELP = WS_OPT_HELP, OPT_LONG = WS_OPT_LONG_OPTIONS, OPT_SHORT = WS_OPT_SHORT_OPTIONS };

static const struct option common_long[] = { WS_COMMON_LONG_OPTIONS, { 0 } };

/* getopt_long's table: the common options, then the command's. */
static struct option *
long_table (const struct command *cmd)
{
  size_t n_common = G_N_ELEMENTS (common_long) - 1, n_own = 0;
  for (const struct command_option *o = cmd->options; o && o->name; o++)
    n_own++;
  struct option *t = g_new0 (struct option, n_common + n_own + 1);
  memcpy (t, common_long, n_common * sizeof *t);
  for (size_t i = 0; i < n_own; i++)
    t[n_common + i] = (struct option) { cmd->options[i].name, cmd->options[i].has_arg, NULL,
                                        cmd->options[i].id };
  return t;
}

/* getopt's short options: the common set, then the command's one-letter forms. */
static char *
short_table (const struct command *cmd)
{
  GString *s = g_string_new (WS_COMMON_SHORT_OPTIONS);
  for (const struct command_option *o = cmd->options; o && o->name; o++)
    if (o->short_name) {
      g_string_append_c (s, o->short_name);
      if (o->has_arg == required_argument)
        g_string_append_c (s, ':');
    }
  return g_string_free (s, FALSE);
}

/* The id of a command's option given by its one-letter form; ch itself otherwise. */
static int
own_short (const struct command *cmd, int ch)
{
  for (const struct command_option *o = cmd->options; o && o->name; o++)
    if (o->short_name && o->short_name == ch)
      return o->id;
  return ch;
}

/* --long-options / --short-options: what bash completion and tests/test-docs.sh read. */
static void
print_options (const struct option *t, const char *shorts, gboolean long_names)
{
  if (!long_names) {
    for (const char *p = shorts; *p; p++)
      if (*p != ':')
        printf ("-%c\n", *p);
    return;
  }
  for (size_t i = 0; t[i].name; i++)
    if (t[i].val != OPT_LONG && t[i].val != OPT_SHORT)
      printf ("--%s\n", t[i].name);
}

/* After getopt's '?': an unknown one-letter option?  (A long one sets optopt to 0 or to its id.) */
static gboolean
unknown_short (const char *shorts)
{
  return optopt > 0 && optopt < 128 && g_ascii_isgraph (optopt) && strchr (shorts, optopt) == NULL;
}

enum parsed { PARSED_RUN, PARSED_DONE, PARSED_BAD };

static enum parsed
parse (const struct command *cmd, struct command_ctx *c, struct ws_common_opts *common, int argc,
       char **argv, GError **error)
{
  g_autofree struct option *table = long_table (cmd);
  g_autofree char *shorts = short_table (cmd);
  optind = 1;
  opterr = 0;   /* the error below names the option; getopt's own message would be a second line */
  int ch;
  while ((ch = getopt_long (argc, argv, shorts, table, NULL)) != -1) {
    gboolean ok;
    ch = own_short (cmd, ch);
    if (ch == OPT_HELP || ch == OPT_LONG || ch == OPT_SHORT) {
      if (ch == OPT_HELP)
        fputs (cmd->help, stdout);
      else
        print_options (table, shorts, ch == OPT_LONG);
      return PARSED_DONE;
    } else if ((ch == '?' || ch == ':') && unknown_short (shorts)) {
      /* Inside a group (-Zq) optind has not moved on yet: argv[optind - 1] is the element before. */
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unknown option '-%c' (see 'winseed %s --help')",
                   optopt, cmd->name);
      ok = FALSE;
    } else if (ch == '?' || ch == ':') {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option '%s': unknown, or its value is "
                   "missing (see 'winseed %s --help')", argv[optind - 1], cmd->name);
      ok = FALSE;
    } else if (ch >= WS_OPT_COMMAND_BASE) {
      ok = cmd->take (c->state, ch, optarg, error);
    } else {
      ok = ws_common_opts_take (common, ch, optarg, error);
    }
    if (!ok)
      return PARSED_BAD;
  }
  if (cmd->operand && optind == argc) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "no %s given (see 'winseed %s --help')", cmd->operand,
                 cmd->name);
    return PARSED_BAD;
  }
  if (cmd->operand && !cmd->take (c->state, WS_OPT_OPERAND, argv[optind++], error))
    return PARSED_BAD;
  if (optind < argc) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unexpected argument '%s'%s", argv[optind],
                 cmd->disks != COMMAND_NO_DISKS ? " (disks are given with -a)" : "");
    return PARSED_BAD;
  }
  if (cmd->disks == COMMAND_NEEDS_DISKS && common->disks->len == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "no disk image given (use -a DISK)");
    return PARSED_BAD;
  }
  if (common->json && events_spec_is_stdout (common->machine_readable)) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--json and --machine-readable cannot both write "
                 "stdout (send the events elsewhere: --machine-readable=fd:N or file:PATH)");
    return PARSED_BAD;
  }
  if (common->json && cmd->emit_json == NULL) {
    /* Accepted and ignored, --json would leave a pipeline parsing text. */
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "winseed %s has no --json output (drop --json)", cmd->name);
    return PARSED_BAD;
  }
  if (cmd->disks == COMMAND_NO_DISKS && common->disks->len > 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "winseed %s reads no disk image (drop -a)", cmd->name);
    return PARSED_BAD;
  }
  return cmd->check == NULL || cmd->check (c, error) ? PARSED_RUN : PARSED_BAD;
}

/* Write a whole buffer; a short write (a full disk, a closed pipe) is an error, never silent. */
static gboolean
write_all (FILE *f, const char *what, const GString *s, GError **error)
{
  if (s->len == 0)
    return TRUE;
  if (fwrite (s->str, 1, s->len, f) != s->len || fflush (f) != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot write the %s: %s", what, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

/* The JSON document of --json and of the command's report files (docs/json.md#the-envelope):
 * the same members, in the same order, for every command, then the command's own. */
static void
envelope (const struct command *cmd, const struct command_ctx *c, const GError *failure, GString *out)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, WS_SCHEMA_VERSION);
  report_add_string (b, "command", cmd->name);
  report_add_status (b, failure);
  json_builder_set_member_name (b, "disks");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->common->disks->len; i++)
    json_builder_add_string_value (b, ((struct guest_disk *) g_ptr_array_index (c->common->disks, i))->path);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  const GPtrArray *warnings = events_warnings ();
  for (guint i = 0; warnings && i < warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (warnings, i));
  json_builder_end_array (b);
  cmd->emit_json (c, failure, b);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = report_json_text (root);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* Output of a run that got this far (ran: run succeeded; *err may then hold the verdict, which
 * the report shows); a failure to write the output becomes the error. */
static void
emit (const struct command *cmd, const struct command_ctx *c, gboolean ran, GError **err)
{
  if (!ran && !cmd->emits_on_failure)
    return;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GString) diag = g_string_new (NULL);
  if (c->common->json && cmd->emit_json) {
    /* A pipeline reads stdout: on failure only the error line (stderr) and --report files. */
    if (ran)
      envelope (cmd, c, *err, out);
    if (cmd->emit_text && !c->common->quiet) {
      g_autoptr (GString) ignored = g_string_new (NULL);
      cmd->emit_text (c, *err, ignored, diag);
    }
  } else if (cmd->emit_text) {
    cmd->emit_text (c, *err, out, diag);
  }
  g_autoptr (GString) doc = g_string_new (NULL);
  if (cmd->emit_files)
    envelope (cmd, c, *err, doc);
  /* With the event stream on stdout, stdout carries nothing else: a reader parses every line. */
  if (events_spec_is_stdout (c->common->machine_readable))
    g_string_truncate (out, 0);
  events_line_end ();
  GError *e = NULL;
  if ((cmd->emit_files && !cmd->emit_files (c, doc->str, &e)) || !write_all (stderr, "messages", diag, &e) ||
      !write_all (stdout, "report", out, &e)) {
    if (*err == NULL)
      g_propagate_error (err, e);
    else
      g_clear_error (&e);
  }
}

void
command_session_opts (const struct command_ctx *c, gboolean writable, struct session_opts *out)
{
  *out = (struct session_opts) { .disks = c->common->disks, .root = c->common->root,
                                 .writable = writable, .verbose = c->common->verbose,
                                 .trace = c->common->trace };
}

session *
command_open_session (const struct command_ctx *c, gboolean writable, GError **error)
{
  struct session_opts so;
  command_session_opts (c, writable, &so);
  return session_open (&so, error);
}

int
driver_run (const struct command *cmd, int argc, char **argv)
{
  struct ws_common_opts common;
  ws_common_opts_init (&common);
  g_autofree void *state = g_malloc0 (cmd->state_size ? cmd->state_size : 1);
  if (cmd->init)
    cmd->init (state);
  struct command_ctx c = { .common = &common, .state = state };
  g_autoptr (GError) err = NULL;
  enum parsed p = parse (cmd, &c, &common, argc, argv, &err);
  /* Opened for a usage error too, when the option was read: the stream then ends with its result. */
  if (p != PARSED_DONE) {
    struct events_opts eo = { .command = cmd->name, .stream = common.machine_readable,
                              .progress_line = !common.quiet && !common.verbose && !common.trace };
    GError *e = NULL;
    if (!events_open (&eo, &e) && p == PARSED_RUN) {
      g_propagate_error (&err, e);
      p = PARSED_BAD;
    }
    g_clear_error (&e);
  }
  if (p == PARSED_RUN) {
    gboolean ran = cmd->run (&c, &err);
    if (ran && cmd->verdict)
      cmd->verdict (&c, &err);
    emit (cmd, &c, ran, &err);
  }
  if (cmd->clear)
    cmd->clear (state);
  ws_common_opts_clear (&common);
  enum ws_exit code = p == PARSED_DONE ? WS_EXIT_OK : ws_exit_from_error (err);
  if (p != PARSED_DONE) {
    /* A recorded signal ends the process by that signal (ws_interrupt_finish): the shell's 128+N. */
    int sig = ws_interrupt_pending ();
    events_result (sig ? 128 + sig : (int) code, sig ? "interrupted" : ws_exit_name (code),
                   err ? err->message : NULL);
  }
  if (err)
    ws_error_print (err);
  ws_interrupt_finish ();
  return code;
}
