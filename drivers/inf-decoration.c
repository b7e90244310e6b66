/* inf-decoration: TargetOSVersion decorations of [Manufacturer] entries; see inf.h.
 *
 * Microsoft "Combining Platform Extensions with Operating System Versions":
 *   NT[Architecture][.[OSMajorVersion][.[OSMinorVersion][.[ProductType][.[SuiteMask][.[BuildNumber]]]]]]
 * Windows uses the Models section whose decoration is the closest match not above the running
 * OS: version (with build since Windows 10 1607), then platform, product type and suite mask.
 * "INF Manufacturer Section": since Windows Server 2003 SP1 a non-x86 platform needs an
 * NT<arch> decoration, so undecorated and bare "NT" entries are x86-only.
 */
#include <config.h>

#include <string.h>

#include "inf-internal.h"
#include "banned.h"

#define DECORATION_MAX_PARTS 5   /* major, minor, product type, suite mask, build */

static gboolean
arch_from_decoration (const char *s, enum ws_arch *out)
{
  static const struct { const char *name; enum ws_arch arch; } names[] = {
    { "x86", WS_ARCH_X86 }, { "amd64", WS_ARCH_AMD64 }, { "arm64", WS_ARCH_ARM64 },
    { "ia64", WS_ARCH_IA64 }, { "arm", WS_ARCH_ARM },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (s, names[i].name) == 0) {
      *out = names[i].arch;
      return TRUE;
    }
  return FALSE;
}

static gboolean
parse_parts (const char *s, struct inf_decoration *d)
{
  g_auto (GStrv) parts = g_strsplit (s, ".", -1);
  guint n = g_strv_length (parts);
  if (n > DECORATION_MAX_PARTS)
    return FALSE;
  uint32_t v[DECORATION_MAX_PARTS] = { 0 };
  for (guint i = 0; i < n; i++) {
    g_strstrip (parts[i]);
    if (parts[i][0] != '\0' && !inf_parse_u32 (parts[i], &v[i]))
      return FALSE;
  }
  d->has_version = n > 0 && parts[0][0] != '\0';
  d->major = v[0];
  d->minor = v[1];
  d->product_type = v[2];
  d->suite_mask = v[3];
  d->build = v[4];
  return TRUE;
}

void
inf_decoration_parse (const char *text, struct inf_decoration *d)
{
  memset (d, 0, sizeof *d);
  if (text == NULL || *text == '\0')
    return;
  d->nt = TRUE;
  if (g_ascii_strncasecmp (text, "NT", 2) != 0) {
    d->bad = TRUE;
    return;
  }
  const char *p = text + 2, *dot = strchr (p, '.');
  g_autofree char *arch = g_strndup (p, dot ? (gsize) (dot - p) : strlen (p));
  if (*arch != '\0') {
    d->has_arch = TRUE;
    if (!arch_from_decoration (arch, &d->arch))
      d->bad = TRUE;
  }
  if (dot && !parse_parts (dot + 1, d))
    d->bad = TRUE;
}

static char *
version_text (guint major, guint minor, guint build)
{
  return build ? g_strdup_printf ("%u.%u.%u", major, minor, build) : g_strdup_printf ("%u.%u", major, minor);
}

gboolean
inf_decoration_applies (const struct inf_decoration *d, const struct ws_target *t, char **why)
{
  char *reason = NULL;
  if (d->bad)
    reason = g_strdup ("the decoration is not understood");
  else if (!d->nt && t->arch != WS_ARCH_X86)
    reason = g_strdup_printf ("an undecorated Models section is used on x86 only, target is %s", ws_arch_name (t->arch));
  else if (d->nt && d->has_arch && d->arch != t->arch)
    reason = g_strdup_printf ("it is for %s, target is %s", ws_arch_name (d->arch), ws_arch_name (t->arch));
  else if (d->nt && !d->has_arch && t->arch != WS_ARCH_X86)
    reason = g_strdup_printf ("NT without a platform is used on x86 only, target is %s", ws_arch_name (t->arch));
  else if (d->has_version && ws_target_version_cmp (t->major, t->minor, t->build, d->major, d->minor, d->build) < 0) {
    g_autofree char *need = version_text (d->major, d->minor, d->build);
    g_autofree char *have = version_text (t->major, t->minor, t->build);
    reason = g_strdup_printf ("it needs NT %s or later, target is %s", need, have);
  } else if (d->product_type && t->product_type && d->product_type != (uint32_t) t->product_type)
    reason = g_strdup_printf ("it is for product type %s, target is %s",
                              ws_product_name ((enum ws_product_type) d->product_type), ws_product_name (t->product_type));
  else if (d->suite_mask && t->suite_mask && (t->suite_mask & d->suite_mask) != d->suite_mask)
    reason = g_strdup_printf ("it needs suite mask 0x%x, target has 0x%x", d->suite_mask, t->suite_mask);
  if (why)
    *why = reason;
  else
    g_free (reason);
  return reason == NULL;
}

int
inf_decoration_cmp (const struct inf_decoration *a, const struct inf_decoration *b)
{
  if (a->nt != b->nt)
    return a->nt ? 1 : -1;
  int v = ws_target_version_cmp (a->major, a->minor, a->build, b->major, b->minor, b->build);
  if (v != 0)
    return v;
  if (a->has_arch != b->has_arch)
    return a->has_arch ? 1 : -1;
  if ((a->product_type != 0) != (b->product_type != 0))
    return a->product_type ? 1 : -1;
  if ((a->suite_mask != 0) != (b->suite_mask != 0))
    return a->suite_mask ? 1 : -1;
  return 0;
}
