/* setupapi-said: the vocabulary of SetupAPI log messages, Windows XP to 11; see struct
 * setupapi_said in setupapi-codes.h.
 *
 * Vista and later: the driver chosen ("Selected Driver:" followed by "Key - Value" lines, or
 * "Installing best driver (oem2.inf) ..."), the NULL driver, a needed reboot, and the driver store
 * lines of a package import.  XP/2003: the "#Xnnn" messages by number.  Pure: no I/O.
 */
#include <config.h>

#include <string.h>

#include "setupapi-codes.h"
#include "banned.h"

static void
replace (char **dst, const char *src)
{
  g_free (*dst);
  *dst = src ? g_strdup (src) : NULL;
}

static void
replace_n (char **dst, const char *src, size_t n)
{
  g_free (*dst);
  *dst = g_strstrip (g_strndup (src, n));
}

void
setupapi_driver_clear (struct setupapi_driver *d)
{
  g_free (d->inf), g_free (d->path), g_free (d->description), g_free (d->section);
  g_free (d->rank), g_free (d->signer), g_free (d->version);
  memset (d, 0, sizeof *d);
}

void
setupapi_package_clear (struct setupapi_package *p)
{
  g_free (p->name), g_free (p->published), g_free (p->node), g_free (p->source), g_free (p->signer);
  memset (p, 0, sizeof *p);
}

void
setupapi_said_clear (struct setupapi_said *s)
{
  setupapi_driver_clear (&s->driver);
  setupapi_package_clear (&s->pkg);
  g_free (s->device), g_free (s->hardware_id), g_free (s->xp_rank_section), g_free (s->xp_rank);
  g_free (s->signer), g_free (s->source);
  memset (s, 0, sizeof *s);
}

/* The text between the quotes right after prefix at the start of msg ("Created driver package
 * object 'X' in ..."), into *out; *rest gets what follows.  FALSE when msg does not start so. */
static gboolean
quoted (const char *msg, const char *prefix, char **out, const char **rest)
{
  if (!g_str_has_prefix (msg, prefix))
    return FALSE;
  const char *a = msg + strlen (prefix), *b;
  if ((*a != '\'' && *a != '"') || !(b = strchr (a + 1, *a)))
    return FALSE;
  replace_n (out, a + 1, (size_t) (b - a - 1));
  if (rest)
    *rest = b + 1;
  return TRUE;
}

static const char *
basename_of (const char *path)
{
  const char *b = strrchr (path, '\\');
  return b ? b + 1 : path;
}

/* "oem2.inf (C:\...\vmci.inf)", a path, or a bare name. */
static void
driver_inf (struct setupapi_driver *d, const char *v)
{
  const char *paren = strstr (v, " (");
  if (paren && v[strlen (v) - 1] == ')') {
    replace_n (&d->inf, v, (size_t) (paren - v));
    replace_n (&d->path, paren + 2, strlen (paren + 2) - 1);
  } else if (strchr (v, '\\')) {
    replace (&d->path, v);
    replace (&d->inf, basename_of (v));
  } else {
    replace (&d->inf, v);
  }
}

/* One "Key - Value" line; only the selected driver's lines count ("Selected Driver:", "Selected:",
 * "Force Installing Driver:", or a "Driver Node:" whose "Status - Selected"). */
static void
driver_field (struct setupapi_said *s, const char *key, char *v)
{
  struct setupapi_driver *d = &s->driver;
  size_t n = strlen (v);
  if (n >= 2 && v[0] == '[' && v[n - 1] == ']')   /* Windows 7 brackets its values */
    v[n - 1] = '\0', v++;
  if (strcmp (key, "Status") == 0)
    s->sel = strcmp (v, "Selected") == 0;
  else if (!s->sel)
    return;
  else if (!strcmp (key, "InfFile") || !strcmp (key, "Driver INF") || !strcmp (key, "Inf Name"))
    driver_inf (d, v);
  else if (!strcmp (key, "Description"))
    replace (&d->description, v);
  else if (!strcmp (key, "Section"))
    replace (&d->section, v);
  else if (!strcmp (key, "Rank") || !strcmp (key, "Driver Rank"))
    replace (&d->rank, v);
  else if (!strcmp (key, "Signer") || !strcmp (key, "Signer Score"))
    replace (&d->signer, v);
  else if (!strcmp (key, "Driver Version") || !strcmp (key, "Version"))
    replace (&d->version, v);
}

/* Driver store lines of an import (Windows 10 forms first, then Windows 7's). */
static void
package_message (struct setupapi_said *s, const char *msg)
{
  const char *rest, *eq;
  g_autofree char *x = NULL;
  if (quoted (msg, "Created driver package object ", &x, &rest)) {
    if (!s->pkg.name)
      s->pkg.name = g_steal_pointer (&x);
    if (g_str_has_prefix (rest, " in ") && strchr (rest + 4, ' '))   /* "in SYSTEM database node." */
      replace_n (&s->pkg.node, rest + 4, (size_t) (strchr (rest + 4, ' ') - rest - 4));
  } else if (quoted (msg, "Registered driver package ", &x, &rest) || quoted (msg, "Published ", &x, &rest)) {
    const char *sp = strchr (rest + 1, ' ');      /* " with 'oem2.inf'." / " to 'oem2.inf'." */
    if (sp && (g_str_has_prefix (rest, " with ") || g_str_has_prefix (rest, " to ")))
      quoted (sp + 1, "", &s->pkg.published, NULL);
  } else if ((g_str_has_prefix (msg, "Signer Name") || g_str_has_prefix (msg, "Signer Score"))
             && (eq = strchr (msg, '='))) {
    if (msg[7] == 'N' || !s->signer)             /* a name beats a score */
      replace_n (&s->signer, eq + 1, strlen (eq + 1));
  } else if (s->core_import) {
    ;   /* Windows 8+ repeats "Driver Store Path:" after the import: already reported */
  } else if (g_str_has_prefix (msg, "Driver Store location: ") || g_str_has_prefix (msg, "Driver Store Path: ")) {
    const char *path = strchr (msg, ':') + 2, *file = basename_of (path), *dir = file - 1;
    while (dir > path && dir[-1] != '\\')      /* "...\FileRepository\<pkg>\x.inf" -> <pkg> */
      dir--;
    if (file > path + 1)
      replace_n (&s->pkg.name, dir, (size_t) (file - 1 - dir));
  } else if (g_str_has_prefix (msg, "Published Inf Path: ")) {
    replace (&s->pkg.published, basename_of (msg + 20));
  }
}

/* "Installing best driver (oem2.inf) on device 'PCI\...'.", "Selected driver installs from
 * section [S] in 'path'.", "Configuration: oem7.inf:*vmw0003,VMMouse". */
static gboolean
choice_message (struct setupapi_said *s, const char *msg)
{
  g_autofree char *a = NULL;
  const char *o, *c;
  if (g_str_has_prefix (msg, "Installing best driver (") && (c = strchr (msg, ')'))) {
    replace_n (&s->driver.inf, msg + 24, (size_t) (c - msg - 24));
    if (!s->device && quoted (c + 1, " on device ", &a, NULL))
      s->device = g_steal_pointer (&a);
  } else if (g_str_has_prefix (msg, "Selected driver installs from section [") && (c = strchr (msg, ']'))) {
    replace_n (&s->driver.section, msg + 39, (size_t) (c - msg - 39));
    if ((o = strstr (c, " in ")) && quoted (o, " in ", &a, NULL))
      driver_inf (&s->driver, a);
  } else if (g_str_has_prefix (msg, "Configuration: ") && (c = strchr (msg + 15, ':'))) {
    if (!s->driver.inf)
      replace_n (&s->driver.inf, msg + 15, (size_t) (c - msg - 15));
  } else {
    return FALSE;
  }
  return TRUE;
}

void
setupapi_said_message (struct setupapi_said *s, const char *msg)
{
  const char *dash = strstr (msg, " - ");
  if (setupapi_strcasestr (msg, "installing null driver"))
    s->null_driver = TRUE;
  if (setupapi_strcasestr (msg, "reboot needed") || setupapi_strcasestr (msg, "required reboot"))
    s->reboot = TRUE;
  if (!strcmp (msg, "Selected Driver:") || !strcmp (msg, "Selected:") || !strcmp (msg, "Force Installing Driver:"))
    s->sel = TRUE;
  else if (!strcmp (msg, "Driver Node:") || !strcmp (msg, "Created Driver Node:"))
    s->sel = FALSE;
  else if (choice_message (s, msg))
    ;
  else if (dash && dash > msg && dash - msg <= 32 && !memchr (msg, '\\', (size_t) (dash - msg))
           && !memchr (msg, ':', (size_t) (dash - msg))) {
    g_autofree char *key = g_strstrip (g_strndup (msg, (size_t) (dash - msg)));
    g_autofree char *value = g_strstrip (g_strdup (dash + 3));
    driver_field (s, key, value);
  } else {
    package_message (s, msg);
  }
}

/* XP/2003 messages by number (Microsoft, "Troubleshooting Device Installation with the SetupAPI
 * Log File", 2003): 019 hardware IDs, 023 install section and rank, 063 selected driver, 121
 * finished, 122 failed, 123/124 full/copy-only install of, 125 NULL driver for. */
void
setupapi_said_xp (struct setupapi_said *s, int id, const char *msg)
{
  g_autofree char *q = NULL;
  const char *c, *o;
  if (id == 19 && (c = strchr (msg, ':')) && !s->hardware_id) {
    const char *end = c + 2 + strcspn (c + 2, ",");
    replace_n (&s->hardware_id, c + 1, (size_t) (end - c - 1));
  } else if (id == 23 && g_str_has_prefix (msg, "Actual install section: [") && (c = strchr (msg, ']'))) {
    replace_n (&s->xp_rank_section, msg + 25, (size_t) (c - msg - 25));
    if ((o = strstr (c, "Rank: ")))
      replace_n (&s->xp_rank, o + 6, strcspn (o + 6, ". "));
  } else if (id == 63) {
    if (choice_message (s, msg) && s->xp_rank_section && s->driver.section
        && g_ascii_strncasecmp (s->xp_rank_section, s->driver.section, strlen (s->driver.section)) == 0)
      replace (&s->driver.rank, s->xp_rank);
  } else if (id >= 121 && id <= 125 && (o = strchr (msg, '"')) && (c = strchr (o + 1, '"'))) {
    if (!s->device)
      replace_n (&s->device, o + 1, (size_t) (c - o - 1));
    s->xp_done |= id == 121;
    s->xp_failed |= id == 122;
    s->null_driver |= id == 125;
  } else if (id == 122) {
    s->xp_failed = TRUE;
  }
}
