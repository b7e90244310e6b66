/* domain-os: which Windows this is for libosinfo, and what that version requires of the VM.
 * Pure. */
#include <config.h>

#include "domain.h"
#include "banned.h"

void
domain_os_clear (struct domain_os *os)
{
  g_clear_pointer (&os->short_id, g_free);
  g_clear_pointer (&os->id, g_free);
}

/* NT 10.0 builds: Microsoft "Windows 11 release information" (first build 22000), "Windows
 * Server release information" (2016 = 14393, 2019 = 17763, 2022 = 20348, 2025 = 26100); the
 * short ids are osinfo-db's (docs/vm-definition.md#os-ids). */
static const char *
nt10_short_id (int build, gboolean server)
{
  if (!server)
    return build >= 22000 ? "win11" : "win10";
  if (build >= 26100) return "win2k25";
  if (build >= 20348) return "win2k22";
  if (build >= 17763) return "win2k19";
  if (build >= 14393) return "win2k16";
  return NULL;
}

const char *
domain_os_short_id (int major, int minor, int build, gboolean server)
{
  switch (major * 100 + minor) {
  case 500: return "win2k";
  case 501: return "winxp";
  /* 5.2 is Server 2003 and XP Professional x64; osinfo-db files the latter under winxp. */
  case 502: return server ? "win2k3" : "winxp";
  case 600: return server ? "win2k8" : "winvista";
  case 601: return server ? "win2k8r2" : "win7";
  case 602: return server ? "win2k12" : "win8";
  case 603: return server ? "win2k12r2" : "win8.1";
  case 1000: return nt10_short_id (build, server);
  default: return NULL;
  }
}

/* Windows 11 requires "UEFI, Secure Boot capable" and "TPM version 2.0"; Server 2025 lists them
 * for its security features (docs/vm-definition.md#windows-11-and-server-2025). */
gboolean
domain_wants_tpm (int major, int minor, int build, gboolean server)
{
  if (major != 10 || minor != 0)
    return FALSE;
  return server ? build >= 26100 : build >= 22000;
}
