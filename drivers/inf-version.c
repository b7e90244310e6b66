/* inf-version: the [Version] section (Microsoft "INF Version Section", "INF DriverVer Directive"). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ws-text.h"
#include "inf-internal.h"
#include "banned.h"

#define DRIVERVER_MIN_YEAR 1601   /* a FILETIME cannot hold earlier dates */
#define DRIVERVER_MAX_YEAR 9999

/* The substituted first field of `key` in [Version]; NULL (no error) when absent. */
static gboolean
version_value (struct interp *ip, const struct inf_section *ver, const char *key, char **out,
               const struct inf_line **line, GError **error)
{
  const struct inf_line *l = inf_section_find (ver, key);
  *out = NULL;
  if (line)
    *line = l;
  if (l == NULL)
    return TRUE;
  *out = inf_line_field (ip->inf, l, 0, error);
  return *out != NULL;
}

/* "mm/dd/yyyy" (or with '-') -> date; FALSE when not a real calendar date. */
static gboolean
parse_date (const char *s, struct inf_driver_ver *v)
{
  g_auto (GStrv) p = g_strsplit_set (s, "/-", 4);
  if (g_strv_length (p) != 3)
    return FALSE;
  uint32_t n[3];
  for (int i = 0; i < 3; i++) {
    g_strstrip (p[i]);
    if (p[i][0] == '\0' || strlen (p[i]) > 4 || strspn (p[i], "0123456789") != strlen (p[i]))
      return FALSE;
    n[i] = (uint32_t) strtoul (p[i], NULL, 10);
  }
  if (n[2] < DRIVERVER_MIN_YEAR || n[2] > DRIVERVER_MAX_YEAR
      || !g_date_valid_dmy ((GDateDay) n[1], (GDateMonth) n[0], (GDateYear) n[2]))
    return FALSE;
  v->month = (int) n[0];
  v->day = (int) n[1];
  v->year = (int) n[2];
  return TRUE;
}

/* "100.85.104.20800": one to four parts, each a 16-bit number. */
static gboolean
parse_version4 (const char *s, struct inf_driver_ver *v)
{
  g_auto (GStrv) p = g_strsplit (s, ".", 5);
  guint n = g_strv_length (p);
  if (n < 1 || n > 4)
    return FALSE;
  for (guint i = 0; i < n; i++) {
    g_strstrip (p[i]);
    uint32_t x;
    if (p[i][0] == '\0' || strspn (p[i], "0123456789") != strlen (p[i]) || !inf_parse_u32 (p[i], &x) || x > 0xFFFF)
      return FALSE;
    v->version[i] = (guint16) x;
  }
  return TRUE;
}

static gboolean
read_driver_ver (struct interp *ip, const struct inf_section *ver, GError **error)
{
  const struct inf_line *l = inf_section_find (ver, "DriverVer");
  if (l == NULL)
    return TRUE;
  struct inf_driver_ver *v = &ip->drv->driver_ver;
  g_autofree char *date = inf_line_field (ip->inf, l, 0, error);
  if (date == NULL)
    return FALSE;
  g_autofree char *version = l->n_fields > 1 ? inf_line_field (ip->inf, l, 1, error) : g_strdup ("");
  if (version == NULL)
    return FALSE;
  if (!parse_date (date, v) || (*version && !parse_version4 (version, v)) || l->n_fields > 2)
    return inf_error (error, ip->inf->name, l->lineno,
                      "bad DriverVer '%s%s%s': expected mm/dd/yyyy,w.x.y.z with a real date and 16-bit parts",
                      date, *version ? "," : "", version);
  v->present = TRUE;
  v->pos = interp_pos (ip, l->lineno);
  return TRUE;
}

/* CatalogFile.NT<arch>, then CatalogFile.NT, then CatalogFile ("INF Version Section"). */
static gboolean
read_catalog (struct interp *ip, const struct inf_section *ver, GError **error)
{
  const char *suffix = inf_platform_suffix (ip->arch);
  for (int i = 0; i < 3; i++) {
    g_autofree char *key = i == 0 ? (suffix ? g_strdup_printf ("CatalogFile.NT%s", suffix) : NULL)
                                  : g_strdup (i == 1 ? "CatalogFile.NT" : "CatalogFile");
    if (key == NULL || inf_section_find (ver, key) == NULL)
      continue;
    const struct inf_line *l = NULL;
    if (!version_value (ip, ver, key, &ip->drv->catalog, &l, error)
        || !interp_check_name (ip, key, ip->drv->catalog, INF_NAME_FILE, l->lineno, error))
      return FALSE;
    ip->drv->catalog_key = g_steal_pointer (&key);
    return TRUE;
  }
  return TRUE;
}

static gboolean
read_signature (struct interp *ip, const struct inf_section *ver, GError **error)
{
  const struct inf_line *l = NULL;
  if (!version_value (ip, ver, "Signature", &ip->drv->signature, &l, error))
    return FALSE;
  if (l == NULL)
    return inf_error (error, ip->inf->name, ver->lineno, "no Signature in [Version]: expected Signature=\"$Windows NT$\"");
  const char *s = ip->drv->signature;
  if (g_ascii_strcasecmp (s, "$Windows NT$") != 0 && g_ascii_strcasecmp (s, "$Chicago$") != 0
      && g_ascii_strcasecmp (s, "$Windows 95$") != 0)
    return inf_error (error, ip->inf->name, l->lineno,
                      "unknown Signature '%s': expected \"$Windows NT$\" or \"$Chicago$\"", s);
  return TRUE;
}

static gboolean
read_class_guid (struct interp *ip, const struct inf_section *ver, GError **error)
{
  const struct inf_line *l = NULL;
  g_autofree char *guid = NULL;
  if (!version_value (ip, ver, "ClassGuid", &guid, &l, error))
    return FALSE;
  if (l == NULL)
    return TRUE;
  if (!ws_guid_parse (guid, ip->drv->class_guid))
    return inf_error (error, ip->inf->name, l->lineno,
                      "bad ClassGuid '%s': expected {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}", guid);
  ip->drv->has_class_guid = TRUE;
  return TRUE;
}

static gboolean
read_lockdown (struct interp *ip, const struct inf_section *ver, GError **error)
{
  const struct inf_line *l = NULL;
  g_autofree char *v = NULL;
  if (!version_value (ip, ver, "PnpLockdown", &v, &l, error))
    return FALSE;
  uint32_t n;
  if (l == NULL)
    return TRUE;
  if (!inf_parse_u32 (v, &n) || n > 1)
    return inf_error (error, ip->inf->name, l->lineno, "bad PnpLockdown '%s': expected 0 or 1", v);
  ip->drv->pnp_lockdown = (int) n;
  return TRUE;
}

gboolean
interp_version (struct interp *ip, GError **error)
{
  const struct inf_section *ver = inf_file_section (ip->inf, "Version");
  if (ver == NULL)
    return inf_error (error, ip->inf->name, 1, "no [Version] section: expected [Version] with a Signature");
  struct inf_driver *d = ip->drv;
  d->version_pos = interp_pos (ip, ver->lineno);
  return read_signature (ip, ver, error)
         && version_value (ip, ver, "Class", &d->class_name, NULL, error)
         && read_class_guid (ip, ver, error)
         && version_value (ip, ver, "Provider", &d->provider, NULL, error)
         && read_driver_ver (ip, ver, error)
         && read_catalog (ip, ver, error)
         && read_lockdown (ip, ver, error)
         && version_value (ip, ver, "DriverPackageType", &d->package_type, NULL, error)
         && version_value (ip, ver, "DriverPackageDisplayName", &d->package_display_name, NULL, error);
}
