/* options: the command-line conventions every subcommand shares (virt-* family style).
 *
 *   -a DISK (repeatable)  --format raw|qcow2|... (applies to the -a options after it)
 *   --root ROOT  --json  -v/--verbose  -x (libguestfs trace)  -q/--quiet  --help
 *   --long-options / --short-options (hidden; used by tests/test-docs.sh)
 *
 * Pure: parsing touches no file, so it is unit-tested without an appliance.
 */
#ifndef WS_OPTIONS_H
#define WS_OPTIONS_H

#include <getopt.h>
#include <glib.h>

struct ws_disk {
  char *path;
  char *format;   /* NULL: let libguestfs probe it */
};

struct ws_common_opts {
  GPtrArray *disks;      /* struct ws_disk * */
  char *format;          /* current --format, applies to the next -a */
  char *root;            /* --root device, or NULL */
  gboolean json;
  gboolean quiet;
  int verbose;
  gboolean trace;
};

/* Long options of the common set; a command's table starts with these (WS_COMMON_LONG_OPTIONS)
 * and ends with {0}.  Values >= WS_OPT_BASE are long-only options. */
enum {
  WS_OPT_BASE = 0x100,
  WS_OPT_FORMAT,
  WS_OPT_ROOT,
  WS_OPT_JSON,
  WS_OPT_HELP,
  WS_OPT_LONG_OPTIONS,
  WS_OPT_SHORT_OPTIONS,
  WS_OPT_COMMAND_BASE = 0x200,   /* a command numbers its own long options from here */
};

#define WS_COMMON_SHORT_OPTIONS "a:vxq"
#define WS_COMMON_LONG_OPTIONS                                        \
  { "add", required_argument, NULL, 'a' },                            \
  { "format", required_argument, NULL, WS_OPT_FORMAT },               \
  { "root", required_argument, NULL, WS_OPT_ROOT },                   \
  { "json", no_argument, NULL, WS_OPT_JSON },                         \
  { "verbose", no_argument, NULL, 'v' },                              \
  { "quiet", no_argument, NULL, 'q' },                                \
  { "help", no_argument, NULL, WS_OPT_HELP },                         \
  { "long-options", no_argument, NULL, WS_OPT_LONG_OPTIONS },         \
  { "short-options", no_argument, NULL, WS_OPT_SHORT_OPTIONS }

void ws_common_opts_init (struct ws_common_opts *o);
void ws_common_opts_clear (struct ws_common_opts *o);

/* Outcome of offering one getopt result to the common parser. */
enum ws_opt_result {
  WS_OPT_NOT_MINE,   /* the command handles it */
  WS_OPT_TAKEN,      /* consumed */
  WS_OPT_EXIT_OK,    /* --help, --long-options...: printed, exit 0 */
  WS_OPT_BAD,        /* *error set; exit with WS_EXIT_USAGE */
};

/* Offer getopt's result c (with optarg) to the common parser.  help_text is printed for --help;
 * longopts/shortopts serve --long-options/--short-options. */
enum ws_opt_result ws_common_opts_take (struct ws_common_opts *o, int c, const char *arg,
                                        const char *help_text, const struct option *longopts,
                                        const char *shortopts, GError **error);

/* After getopt: reject stray arguments and require at least one -a when need_disks. */
gboolean ws_common_opts_finish (struct ws_common_opts *o, int argc, char **argv, int optind_now,
                                gboolean need_disks, GError **error);

#endif
