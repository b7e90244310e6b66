/* options: shared command-line parsing; see options.h. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "options.h"
#include "banned.h"

static void
disk_free (gpointer p)
{
  struct ws_disk *d = p;
  g_free (d->path);
  g_free (d->format);
  g_free (d);
}

void
ws_common_opts_init (struct ws_common_opts *o)
{
  memset (o, 0, sizeof *o);
  o->disks = g_ptr_array_new_with_free_func (disk_free);
}

void
ws_common_opts_clear (struct ws_common_opts *o)
{
  if (o->disks)
    g_ptr_array_unref (o->disks);
  g_free (o->format);
  g_free (o->root);
  memset (o, 0, sizeof *o);
}

static void
print_long_options (const struct option *longopts)
{
  for (size_t i = 0; longopts[i].name; i++) {
    if (strcmp (longopts[i].name, "long-options") == 0 || strcmp (longopts[i].name, "short-options") == 0)
      continue;
    printf ("--%s\n", longopts[i].name);
  }
}

static void
print_short_options (const char *shortopts)
{
  for (const char *p = shortopts; *p; p++)
    if (*p != ':' && *p != '+')
      printf ("-%c\n", *p);
}

/* Formats libguestfs accepts for add_drive; anything else is a typo worth catching early. */
static gboolean
format_known (const char *f)
{
  static const char *const known[] = { "raw", "qcow2", "vmdk", "vdi", "vhdx", "vpc", "qed", NULL };
  for (size_t i = 0; known[i]; i++)
    if (strcmp (f, known[i]) == 0)
      return TRUE;
  return FALSE;
}

enum ws_opt_result
ws_common_opts_take (struct ws_common_opts *o, int c, const char *arg, const char *help_text,
                     const struct option *longopts, const char *shortopts, GError **error)
{
  switch (c) {
  case 'a': {
    if (arg == NULL || *arg == '\0') {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "-a needs a disk image path");
      return WS_OPT_BAD;
    }
    struct ws_disk *d = g_new0 (struct ws_disk, 1);
    d->path = g_strdup (arg);
    d->format = g_strdup (o->format);
    g_ptr_array_add (o->disks, d);
    return WS_OPT_TAKEN;
  }
  case WS_OPT_FORMAT:
    g_clear_pointer (&o->format, g_free);
    if (arg && *arg && strcmp (arg, "auto") != 0) {
      if (!format_known (arg)) {
        g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unknown disk format '%s' given to --format", arg);
        return WS_OPT_BAD;
      }
      o->format = g_strdup (arg);
    }
    return WS_OPT_TAKEN;
  case WS_OPT_ROOT:
    g_free (o->root);
    o->root = g_strdup (arg);
    return WS_OPT_TAKEN;
  case WS_OPT_JSON:
    o->json = TRUE;
    return WS_OPT_TAKEN;
  case 'v':
    o->verbose++;
    return WS_OPT_TAKEN;
  case 'x':
    o->trace = TRUE;
    return WS_OPT_TAKEN;
  case 'q':
    o->quiet = TRUE;
    return WS_OPT_TAKEN;
  case WS_OPT_HELP:
    fputs (help_text, stdout);
    return WS_OPT_EXIT_OK;
  case WS_OPT_LONG_OPTIONS:
    print_long_options (longopts);
    return WS_OPT_EXIT_OK;
  case WS_OPT_SHORT_OPTIONS:
    print_short_options (shortopts);
    return WS_OPT_EXIT_OK;
  case '?':
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
    return WS_OPT_BAD;
  default:
    return WS_OPT_NOT_MINE;
  }
}

gboolean
ws_common_opts_finish (struct ws_common_opts *o, int argc, char **argv, int optind_now,
                       gboolean need_disks, GError **error)
{
  if (optind_now < argc) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unexpected argument '%s' (disks are given with -a)",
                 argv[optind_now]);
    return FALSE;
  }
  if (need_disks && o->disks->len == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "no disk image given (use -a DISK)");
    return FALSE;
  }
  return TRUE;
}
