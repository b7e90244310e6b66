/* convert-firstboot: the first-boot payload that carries each replaced NIC's network identity,
 * and the registry edits that schedule it (docs/firstboot.md).
 *
 * Part of the plan: it reads only the host copy of the SYSTEM hive.  The payload text is staged
 * as one more file of the transaction and the edits join the plan's SYSTEM edits, so both are
 * written, checked and rolled back with the rest of the conversion.  The service key and the
 * payload path are fixed names, so a re-run sets the same values again instead of adding a
 * second service.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "hive-read.h"
#include "net-nic.h"
#include "convert-internal.h"
#include "banned.h"

#define PROV "firstboot: docs/firstboot.md#mechanism"

void
convert_fb_nic_free (struct convert_fb_nic *n)
{
  g_free (n->name);
  g_free (n->old_mac);
  g_free (n->new_mac);
  g_free (n->matched_by);
  g_strfreev (n->settings);
  g_free (n);
}

/* An own-process service run by the SCM as LocalSystem at every boot until the payload deletes
 * it; cmd.exe never reports to the SCM, which only logs that (docs/firstboot.md#service). */
static gboolean
schedule_service (struct reg_plan *e, const char *cs, GError **error)
{
  g_autofree char *key = g_strdup_printf ("%s\\Services\\" FB_SERVICE, cs);
  return reg_plan_add_dword (e, REG_HIVE_SYSTEM, key, "Type", 0x10, PROV, error)
    && reg_plan_add_dword (e, REG_HIVE_SYSTEM, key, "Start", 2, PROV, error)
    && reg_plan_add_dword (e, REG_HIVE_SYSTEM, key, "ErrorControl", 0, PROV, error)
    && reg_plan_add_sz (e, REG_HIVE_SYSTEM, key, "ObjectName", "LocalSystem", PROV, error)
    && reg_plan_add_sz (e, REG_HIVE_SYSTEM, key, "DisplayName", "winseed first boot", PROV, error)
    && reg_plan_add_expand_sz (e, REG_HIVE_SYSTEM, key, "ImagePath",
                               "%SystemRoot%\\System32\\cmd.exe /c \"%SystemRoot%\\" FB_DIR "\\"
                               FB_PAYLOAD "\"", PROV, error);
}

/* Another command already in the hook would be lost: refuse rather than overwrite it. */
static gboolean
setup_hook_free (hive_reader *h, const char *ours, GError **error)
{
  GError *e = NULL;
  hive_node n = hive_reader_lookup (h, hive_reader_root (h), "Setup", &e);
  if (!n) {
    if (e)
      g_propagate_error (error, e);
    return e == NULL;
  }
  g_autofree char *cmd = NULL;
  uint32_t type = 0;
  if (hive_reader_string (h, n, "CmdLine", &cmd, NULL) && cmd[0] && strcmp (cmd, ours) != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "--firstboot setup-cmdline: SYSTEM\\Setup "
                 "CmdLine already holds '%s'", cmd);
    return FALSE;
  }
  if (hive_reader_dword (h, n, "SetupType", &type, NULL) && type != 0 && type != 2) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "--firstboot setup-cmdline: SYSTEM\\Setup "
                 "SetupType is %u (the guest is in setup)", type);
    return FALSE;
  }
  return TRUE;
}

/* The Winlogon setup hook: run before the logon screen, which waits for it (SetupType 2). */
static gboolean
schedule_setup (struct reg_plan *e, hive_reader *h, const char *windows_dir, GError **error)
{
  g_autofree char *cmd = g_strdup_printf ("%s\\System32\\cmd.exe /c \"%s\\" FB_DIR "\\" FB_PAYLOAD "\"",
                                          windows_dir, windows_dir);
  return setup_hook_free (h, cmd, error)
    && reg_plan_add_sz (e, REG_HIVE_SYSTEM, "Setup", "CmdLine", cmd, PROV, error)
    && reg_plan_add_dword (e, REG_HIVE_SYSTEM, "Setup", "SetupType", 2, PROV, error);
}

static GPtrArray *
report_nics (GPtrArray *matches, GPtrArray *steps)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) convert_fb_nic_free);
  for (guint i = 0; i < matches->len; i++) {
    const struct fb_match *m = g_ptr_array_index (matches, i);
    struct convert_fb_nic *n = g_new0 (struct convert_fb_nic, 1);
    n->name = g_strdup (m->old->connection_name);
    n->old_mac = g_strdup (m->old->mac);
    n->new_mac = g_strdup (m->new_mac);
    n->matched_by = g_strdup (fb_how_name (m->how));
    g_autofree char *prefix = g_strdup_printf ("nic%u-", i + 1);
    g_autoptr (GStrvBuilder) sb = g_strv_builder_new ();
    for (guint j = 0; j < steps->len; j++) {
      const struct fb_step *s = g_ptr_array_index (steps, j);
      if (g_str_has_prefix (s->id, prefix)) {
        g_autofree char *line = g_strdup_printf ("%s: %s", s->id, s->what);
        g_strv_builder_add (sb, line);
      }
    }
    n->settings = g_strv_builder_end (sb);
    g_ptr_array_add (out, n);
  }
  return out;
}

gboolean
conv_plan_firstboot (const struct convert_opts *o, const struct conv_guest *gu,
                     const char *windows_dir, struct conv_plan *p, GError **error)
{
  const struct ws_windows *w = gu->windows;
  p->fb_warnings = g_ptr_array_new_with_free_func (g_free);
  if (o->firstboot == FB_HOOK_NONE || !o->want_net || !gu->hives[REG_HIVE_SYSTEM].present)
    return TRUE;
  hive_reader *h = gu->hives[REG_HIVE_SYSTEM].reader;
  g_autoptr (GPtrArray) nics = net_read_nics (h, w->control_set, error);
  g_autoptr (GPtrArray) matches = nics ? fb_match (nics, o->nic_map, p->fb_warnings, error) : NULL;
  if (!matches)
    return FALSE;
  if (matches->len == 0)
    return TRUE;     /* nothing to carry: no payload, no hook */
  struct fb_options fo = { w->major, w->minor, o->firstboot, FB_DEFAULT_WAIT, FB_DEFAULT_BOOTS };
  g_autoptr (GPtrArray) steps = fb_steps (matches, &fo, error);
  if (!steps || !(p->fb_payload = fb_payload (matches, &fo, error))) {
    g_prefix_error (error, "first-boot payload (or --no-firstboot): ");
    return FALSE;
  }
  p->fb_guest_path = g_strdup_printf ("%s/" FB_DIR "/" FB_PAYLOAD, w->systemroot);
  p->fb_nics = report_nics (matches, steps);
  return o->firstboot == FB_HOOK_SETUP ? schedule_setup (p->edits, h, windows_dir, error)
                                       : schedule_service (p->edits, w->control_set, error);
}
