/* options: the command-line conventions every subcommand shares (virt-* family style).
 *
 *   -a DISK (repeatable)  --format raw|qcow2|... (applies to the -a options after it)
 *   --root ROOT  --json  -v/--verbose  -x (libguestfs trace)  -q/--quiet  --help
 *   --machine-readable[=fd:N|file:PATH|stream:stdout] (events while the command runs)
 *   --long-options / --short-options (hidden; used by tests/test-docs.sh)
 *
 * Parsing touches no file.  driver.c runs the loop; this file knows what each common option means.
 */
#ifndef WS_OPTIONS_H
#define WS_OPTIONS_H

#include <getopt.h>
#include <glib.h>

#include "guest.h"

struct ws_common_opts {
  GPtrArray *disks;      /* struct guest_disk * */
  char *format;          /* current --format, applies to the next -a */
  char *root;            /* --root device, or NULL */
  gboolean json;
  char *machine_readable; /* --machine-readable's value ("" for the bare option), or NULL */
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
  WS_OPT_MACHINE_READABLE,
  WS_OPT_COMMAND_BASE = 0x200,   /* a command numbers its own long options from here */
};

#define WS_COMMON_SHORT_OPTIONS "a:vxq"
#define WS_COMMON_LONG_OPTIONS                                        \
  { "add", required_argument, NULL, 'a' },                            \
  { "format", required_argument, NULL, WS_OPT_FORMAT },               \
  { "root", required_argument, NULL, WS_OPT_ROOT },                   \
  { "json", no_argument, NULL, WS_OPT_JSON },                         \
  { "machine-readable", optional_argument, NULL, WS_OPT_MACHINE_READABLE }, \
  { "verbose", no_argument, NULL, 'v' },                              \
  { "quiet", no_argument, NULL, 'q' },                                \
  { "help", no_argument, NULL, WS_OPT_HELP },                         \
  { "long-options", no_argument, NULL, WS_OPT_LONG_OPTIONS },         \
  { "short-options", no_argument, NULL, WS_OPT_SHORT_OPTIONS }

void ws_common_opts_init (struct ws_common_opts *o);
void ws_common_opts_clear (struct ws_common_opts *o);

/* Take one common option (getopt's c and optarg).  FALSE with a WS_EXIT_USAGE error for a bad
 * value; c must be one of WS_COMMON_LONG_OPTIONS' or WS_COMMON_SHORT_OPTIONS' (not --help and
 * --long-options/--short-options, which the driver answers itself). */
gboolean ws_common_opts_take (struct ws_common_opts *o, int c, const char *arg, GError **error);

/* The value parsers of command options; opt is the long name without "--".  FALSE with a
 * WS_EXIT_USAGE error "... given to --OPT" for a bad value. */
/* A non-empty string into *field, replacing an earlier value. */
gboolean option_take_string (char **field, const char *opt, const char *arg, GError **error);
/* A decimal number from lo to hi into *field. */
gboolean option_take_number (guint64 *field, const char *opt, const char *arg, guint64 lo, guint64 hi,
                             GError **error);

#endif
