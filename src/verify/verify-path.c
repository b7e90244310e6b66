/* verify-path: where a service's ImagePath points inside the guest, resolved as the boot loader
 * resolves it (pure).
 *
 * Forms seen in real hives and written by installers (docs/windows-boot-drivers.md#imagepath):
 *   System32\drivers\x.sys                     relative: below %SystemRoot%
 *   \SystemRoot\System32\drivers\x.sys         XP-era and many third-party services
 *   %SystemRoot%\System32\drivers\x.sys        REG_EXPAND_SZ written by installers
 *   \??\C:\Windows\System32\drivers\x.sys      NT object path to a drive
 *   System32\DriverStore\FileRepository\<pkg>\x.sys   drivers run from the driver store (DIRID 13)
 *   (absent)                                   System32\drivers\<service>.sys
 * Boot drivers are read from the system volume only, so a path on another drive cannot load. */
#include <config.h>

#include <string.h>

#include "verify.h"
#include "banned.h"

static const char *
after_prefix (const char *s, const char *prefix)
{
  size_t n = strlen (prefix);
  return g_ascii_strncasecmp (s, prefix, n) == 0 ? s + n : NULL;
}

/* "C:\rest" -> rest when C is the system drive. */
static const char *
drive_path (const char *p, const char *drive_letter, gboolean *other_drive)
{
  *other_drive = FALSE;
  if (!g_ascii_isalpha (p[0]) || p[1] != ':' || p[2] != '\\')
    return NULL;
  char sys = drive_letter && drive_letter[0] ? drive_letter[0] : 'C';
  if (g_ascii_toupper (p[0]) != g_ascii_toupper (sys)) {
    *other_drive = TRUE;
    return NULL;
  }
  return p + 3;
}

/* base + "/" + rest with '\' as '/', rejecting ".." and empty names. */
static char *
join (const char *base, const char *rest, char **problem)
{
  g_auto (GStrv) parts = g_strsplit (rest, "\\", -1);
  g_autoptr (GString) out = g_string_new (base);
  while (out->len > 0 && out->str[out->len - 1] == '/')
    g_string_truncate (out, out->len - 1);
  size_t n = 0;
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
      continue;
    if (strcmp (parts[i], "..") == 0) {
      *problem = g_strdup ("climbs out of its directory with '..', which the boot loader does not follow");
      return NULL;
    }
    g_string_append_printf (out, "/%s", parts[i]);
    n++;
  }
  if (n == 0) {
    *problem = g_strdup ("names a directory, not a file");
    return NULL;
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
resolve (const char *p, const char *systemroot, const char *drive_letter, char **problem)
{
  const char *rest;
  if ((rest = after_prefix (p, "\\SystemRoot\\")) || (rest = after_prefix (p, "%SystemRoot%\\")) ||
      (rest = after_prefix (p, "%windir%\\")))
    return join (systemroot, rest, problem);
  const char *q = after_prefix (p, "\\??\\");
  if (q == NULL)
    q = after_prefix (p, "\\DosDevices\\");
  gboolean other = FALSE;
  if ((rest = drive_path (q ? q : p, drive_letter, &other)))
    return join ("", rest, problem);
  if (other)
    *problem = g_strdup ("is on another drive than the system drive, and boot drivers load only "
                         "from the system volume");
  else if (q)
    *problem = g_strdup ("is an object path that does not name a drive");
  else if (after_prefix (p, "\\Device\\"))
    *problem = g_strdup ("is a device path the boot loader does not follow");
  else if (p[0] == '\\')
    return join ("", p, problem);
  else if (strchr (p, '%'))
    *problem = g_strdup ("uses an environment variable the boot loader does not expand");
  else
    return join (systemroot, p, problem);
  return NULL;
}

char *
verify_image_path (const char *image_path, const char *service, const char *systemroot,
                   const char *drive_letter, char **problem)
{
  *problem = NULL;
  g_autofree char *p = g_strstrip (g_strdup (image_path ? image_path : ""));
  size_t len = strlen (p);
  if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
    memmove (p, p + 1, len - 2);
    p[len - 2] = '\0';
  }
  if (p[0] == '\0') {
    g_free (p);
    p = g_strdup_printf ("System32\\drivers\\%s.sys", service);
  }
  g_strdelimit (p, "/", '\\');
  return resolve (p, systemroot ? systemroot : "/Windows", drive_letter, problem);
}
