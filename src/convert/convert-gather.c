/* convert-gather: everything a conversion reads from the guest, read once before anything is
 * decided: what Windows it is (and whether it may be converted at all), readers of the hives it
 * may edit, and the oem*.inf files a re-run must recognise as its own. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-internal.h"
#include "banned.h"

/* Windows versions winseed converts: XP (5.1) and later, on x86, amd64 and arm64. */
static gboolean
preflight (const struct ws_windows *w, GError **error)
{
  g_autoptr (GString) why = g_string_new (NULL);
  for (guint i = 0; i < w->blockers->len; i++) {
    const struct ws_blocker *b = g_ptr_array_index (w->blockers, i);
    if (b->refuses)
      g_string_append_printf (why, "%s%s", why->len ? "; " : "", b->detail);
  }
  if (why->len) {
    g_set_error (error, WS_ERROR, WS_EXIT_REFUSED, "refusing to convert %s: %s", w->root_device, why->str);
    return FALSE;
  }
  if (w->major < 5 || (w->major == 5 && w->minor < 1)) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "%s (NT %d.%d) is not supported: winseed "
                 "converts Windows XP and later", w->os_name, w->major, w->minor);
    return FALSE;
  }
  if (w->arch == NULL || (strcmp (w->arch, "x86") && strcmp (w->arch, "amd64") && strcmp (w->arch, "arm64"))) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "architecture '%s' of %s is not supported",
                 w->arch ? w->arch : "unknown", w->root_device);
    return FALSE;
  }
  return TRUE;
}

static void
oem_inf_free (gpointer p)
{
  struct conv_oem_inf *o = p;
  g_free (o->name);
  g_free (o->digest);
  g_free (o);
}

/* Readers of the hives a conversion may edit, from the session. */
static gboolean
gather_hives (session *s, struct conv_guest *gu, GError **error)
{
  static const enum reg_hive edited[] = { REG_HIVE_SYSTEM, REG_HIVE_SOFTWARE, REG_HIVE_DRIVERS };
  for (size_t i = 0; i < G_N_ELEMENTS (edited); i++) {
    struct conv_hive *ch = &gu->hives[edited[i]];
    const char *name = reg_hive_name (edited[i]);
    ch->guest_path = session_hive_path (s, name);
    ch->present = session_has_hive (s, name);
    if (ch->present && (ch->reader = session_hive (s, name, error)) == NULL)
      return FALSE;
  }
  return TRUE;
}

/* Windows\INF\oem*.inf with the digest of each, so a re-run on a CriticalDeviceDatabase guest
 * (no DriverDatabase to remember it) finds its own oemN again. */
static gboolean
gather_oem_infs (guest *g, const char *systemroot, GPtrArray *out, GError **error)
{
  g_autofree char *dir = g_strdup_printf ("%s/INF", systemroot);
  if (!guest_is_dir (g, dir))
    return TRUE;
  g_auto (GStrv) names = guest_ls (g, dir, error);
  if (names == NULL)
    return FALSE;
  for (size_t i = 0; names[i]; i++) {
    if (g_ascii_strncasecmp (names[i], "oem", 3) != 0 || !g_str_has_suffix (names[i], ".inf"))
      continue;
    g_autofree char *path = g_strdup_printf ("%s/%s", dir, names[i]);
    char *sum = guest_sha256 (g, path, error);
    if (sum == NULL)
      return FALSE;
    sum[16] = '\0';
    struct conv_oem_inf *o = g_new0 (struct conv_oem_inf, 1);
    o->name = g_strdup (names[i]);
    o->digest = sum;
    g_ptr_array_add (out, o);
  }
  return TRUE;
}

gboolean
conv_gather (session *s, struct conv_guest *out, GError **error)
{
  memset (out, 0, sizeof *out);
  out->oem_infs = g_ptr_array_new_with_free_func (oem_inf_free);
  if (session_windows (s, error) == NULL)
    return FALSE;
  out->windows = session_steal_windows (s);
  return preflight (out->windows, error) && gather_hives (s, out, error)
    && gather_oem_infs (session_guest (s), out->windows->systemroot, out->oem_infs, error);
}

void
conv_guest_release_hives (session *s, struct conv_guest *gu)
{
  for (int h = 0; h < REG_HIVE_COUNT; h++)
    gu->hives[h].reader = NULL;
  session_release_hives (s);
}

void
conv_guest_clear (struct conv_guest *gu)
{
  ws_windows_free (gu->windows);
  for (int h = 0; h < REG_HIVE_COUNT; h++)
    g_free (gu->hives[h].guest_path);
  g_clear_pointer (&gu->oem_infs, g_ptr_array_unref);
  memset (gu, 0, sizeof *gu);
}
