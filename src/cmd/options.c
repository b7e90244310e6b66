/* options: shared command-line parsing; see options.h. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "events.h"
#include "options.h"
#include "banned.h"

void
ws_common_opts_init (struct ws_common_opts *o)
{
  memset (o, 0, sizeof *o);
  o->disks = g_ptr_array_new_with_free_func (guest_disk_free);
}

void
ws_common_opts_clear (struct ws_common_opts *o)
{
  if (o->disks)
    g_ptr_array_unref (o->disks);
  g_free (o->format);
  g_free (o->root);
  g_free (o->machine_readable);
  memset (o, 0, sizeof *o);
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

gboolean
ws_common_opts_take (struct ws_common_opts *o, int c, const char *arg, GError **error)
{
  switch (c) {
  case 'a': {
    if (arg == NULL || *arg == '\0') {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "-a needs a disk image path");
      return FALSE;
    }
    struct guest_disk *d = g_new0 (struct guest_disk, 1);
    d->path = g_strdup (arg);
    d->format = g_strdup (o->format);
    g_ptr_array_add (o->disks, d);
    return TRUE;
  }
  case WS_OPT_FORMAT:
    g_clear_pointer (&o->format, g_free);
    if (arg && *arg && strcmp (arg, "auto") != 0) {
      if (!format_known (arg)) {
        g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unknown disk format '%s' given to --format", arg);
        return FALSE;
      }
      o->format = g_strdup (arg);
    }
    return TRUE;
  case WS_OPT_ROOT:
    g_free (o->root);
    o->root = g_strdup (arg);
    return TRUE;
  case WS_OPT_JSON:
    o->json = TRUE;
    return TRUE;
  case WS_OPT_MACHINE_READABLE:
    if (!events_spec_valid (arg ? arg : "", error))
      return FALSE;
    g_free (o->machine_readable);
    o->machine_readable = g_strdup (arg ? arg : "");
    return TRUE;
  case 'v':
    o->verbose++;
    return TRUE;
  case 'x':
    o->trace = TRUE;
    return TRUE;
  case 'q':
    o->quiet = TRUE;
    return TRUE;
  default:
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad option (see --help)");
    return FALSE;
  }
}

gboolean
option_take_string (char **field, const char *opt, const char *arg, GError **error)
{
  if (arg == NULL || *arg == '\0') {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "empty value given to --%s", opt);
    return FALSE;
  }
  g_free (*field);
  *field = g_strdup (arg);
  return TRUE;
}

gboolean
option_take_number (guint64 *field, const char *opt, const char *arg, guint64 lo, guint64 hi,
                    GError **error)
{
  /* Decimal digits only: no sign, no spaces, no 0x, nothing after the number. */
  if (arg && g_ascii_string_to_unsigned (arg, 10, lo, hi, field, NULL))
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad value '%s' given to --%s (a number from %"
               G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ")", arg ? arg : "", opt, lo, hi);
  return FALSE;
}
