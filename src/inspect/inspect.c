/* inspect: struct ws_windows lifecycle and version naming (pure); see inspect.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "inspect.h"
#include "banned.h"

static void
blocker_free (gpointer p)
{
  struct ws_blocker *b = p;
  g_free (b->kind);
  g_free (b->detail);
  g_free (b);
}

struct ws_windows *
ws_windows_new (void)
{
  struct ws_windows *w = g_new0 (struct ws_windows, 1);
  w->storage = g_ptr_array_new_with_free_func ((GDestroyNotify) ws_storage_free);
  w->virtio = g_ptr_array_new_with_free_func (g_free);
  w->nics = g_ptr_array_new_with_free_func ((GDestroyNotify) net_nic_free);
  w->blockers = g_ptr_array_new_with_free_func (blocker_free);
  return w;
}

void
ws_windows_free (struct ws_windows *w)
{
  if (w == NULL)
    return;
  char **strs[] = { &w->root_device, &w->product_name, &w->os_name, &w->display_version,
                    &w->edition_id, &w->installation_type, &w->arch, &w->systemroot,
                    &w->drive_letter, &w->hostname, &w->control_set };
  for (size_t i = 0; i < G_N_ELEMENTS (strs); i++)
    g_free (*strs[i]);
  g_ptr_array_unref (w->storage);
  g_ptr_array_unref (w->virtio);
  g_ptr_array_unref (w->nics);
  g_ptr_array_unref (w->blockers);
  g_free (w);
}

void
ws_windows_add_blocker (struct ws_windows *w, const char *kind, gboolean refuses, const char *fmt, ...)
{
  struct ws_blocker *b = g_new0 (struct ws_blocker, 1);
  va_list ap;
  va_start (ap, fmt);
  b->detail = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  b->kind = g_strdup (kind);
  b->refuses = refuses;
  g_ptr_array_add (w->blockers, b);
}

const char *
inspect_os_name (int major, int minor, int build, gboolean server)
{
  int v = major * 100 + minor;
  switch (v) {
  case 500: return "Windows 2000";
  case 501: return "Windows XP";
  case 502: return server ? "Windows Server 2003" : "Windows XP x64";
  case 600: return server ? "Windows Server 2008" : "Windows Vista";
  case 601: return server ? "Windows Server 2008 R2" : "Windows 7";
  case 602: return server ? "Windows Server 2012" : "Windows 8";
  case 603: return server ? "Windows Server 2012 R2" : "Windows 8.1";
  case 1000: break;
  default: return "Windows (unknown version)";
  }
  /* Windows 10 and 11 and every server since 2016 say 10.0; the build tells them apart
   * (Microsoft "Windows Server release information", "Windows 11 release information"). */
  if (!server)
    return build >= 22000 ? "Windows 11" : "Windows 10";
  if (build >= 26100) return "Windows Server 2025";
  if (build >= 20348) return "Windows Server 2022";
  if (build >= 17763) return "Windows Server 2019";
  if (build >= 14393) return "Windows Server 2016";
  return "Windows Server (10.0)";
}

