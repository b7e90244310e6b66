/* driver: the one place that runs a command.
 *
 * Each command is a table entry (struct command, in src/cmd/<command>.c).  driver_run() owns
 * everything they share: option parsing (the common set of options.h plus the command's own),
 * --help, usage errors, error printing, the JSON envelope, writing the output (a failed write is
 * an error, exit 9), and the exit status.  A command's code only takes its options, runs, and
 * describes its result:
 *
 *   take ──> check ──> run ──> verdict ──> emit_text / emit_json
 *
 * The JSON envelope every command prints with --json (docs/json.md, data/winseed.schema.json):
 *   { "schema_version": 1, "command": "inspect",
 *     "status": { "exit_code": N, "result": "ok", "error": null }, "disks": [...],
 *     "warnings": [...], <the command's members> }
 * "disks" is [] for commands that read none; "warnings" are those the command gave events_warning
 * (events.h), which also streams them with --machine-readable and every phase.  On failure nothing is printed on stdout
 * unless the command emits on failure (convert's report), so a pipeline never parses half a
 * report.
 */
#ifndef WS_DRIVER_H
#define WS_DRIVER_H

#include <getopt.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "options.h"

/* A command's own long option; id numbers start at WS_OPT_COMMAND_BASE. */
struct command_option {
  const char *name;
  int has_arg;          /* no_argument or required_argument */
  int id;
  char short_name;      /* its one-letter form (domain's -o), or 0; take() still gets id */
};

enum command_disks {
  COMMAND_NO_DISKS,     /* -a is a usage error */
  COMMAND_DISKS_OPTIONAL,
  COMMAND_NEEDS_DISKS,
};

/* What the driver hands the command's functions. */
struct command_ctx {
  const struct ws_common_opts *common;
  void *state;          /* the command's own struct, state_size bytes, zeroed then init */
};

/* take()'s id for a command's operand (batch's MANIFEST). */
#define WS_OPT_OPERAND (WS_OPT_COMMAND_BASE - 1)

struct command {
  const char *name;
  const char *summary;                 /* one line for `winseed --help` */
  const char *help;                    /* `winseed <name> --help` */
  const struct command_option *options; /* ends with { NULL }; NULL for none */
  enum command_disks disks;
  const char *operand;                 /* name of its one required operand, or NULL for none */
  size_t state_size;
  void (*init) (void *state);                                          /* optional */
  void (*clear) (void *state);                                         /* optional */
  /* One of the command's options; FALSE + WS_EXIT_USAGE error for a bad value. */
  gboolean (*take) (void *state, int id, const char *arg, GError **error);
  /* After parsing: what the options say together (usage errors).  Optional. */
  gboolean (*check) (const struct command_ctx *c, GError **error);
  /* The work; everything that can fail.  Nothing is printed on stdout here. */
  gboolean (*run) (const struct command_ctx *c, GError **error);
  /* Output.  Called after run on success, and on failure too when emits_on_failure.
   * emit_text appends to out (stdout) and err (stderr); emit_json adds members to the envelope. */
  gboolean emits_on_failure;
  void (*emit_text) (const struct command_ctx *c, const GError *failure, GString *out, GString *err);
  void (*emit_json) (const struct command_ctx *c, const GError *failure, JsonBuilder *b);
  /* Output written elsewhere than stdout (convert --report): document is the JSON envelope,
   * built for failures too.  Optional. */
  gboolean (*emit_files) (const struct command_ctx *c, const char *document, GError **error);
  /* After a successful run: a status other than 0 the result itself calls for (verify: 7, a bus
   * does not boot; diagnose: 8, failed installs).  The output is still written, and the JSON
   * envelope's status says it.  Optional. */
  gboolean (*verdict) (const struct command_ctx *c, GError **error);
};

extern const struct command command_inspect, command_drivers, command_convert, command_verify,
  command_diagnose, command_domain, command_batch, command_undo;

/* The session of a command that reads the -a disks (--root, -v, -x applied). */
struct session;
struct session_opts;
void command_session_opts (const struct command_ctx *c, gboolean writable, struct session_opts *out);
struct session *command_open_session (const struct command_ctx *c, gboolean writable, GError **error);

/* Run cmd on argv (argv[0] is the command's name); returns the exit status. */
int driver_run (const struct command *cmd, int argc, char **argv);

#endif
