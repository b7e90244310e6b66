/* ws-target: parse and format --target strings; see ws-target.h. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ws-error.h"
#include "ws-target.h"
#include "os-table.h"
#include "banned.h"

/* Longest --target we accept: far above any real spelling, small enough to echo in errors. */
#define WS_TARGET_MAX_LEN 128

static const struct {
  const char *name;
  enum ws_arch arch;
} arch_names[] = {
  { "x86", WS_ARCH_X86 }, { "i386", WS_ARCH_X86 }, { "x32", WS_ARCH_X86 },
  { "amd64", WS_ARCH_AMD64 }, { "x64", WS_ARCH_AMD64 }, { "x86_64", WS_ARCH_AMD64 },
  { "arm64", WS_ARCH_ARM64 }, { "aarch64", WS_ARCH_ARM64 },
  { "ia64", WS_ARCH_IA64 }, { "arm", WS_ARCH_ARM },
};

enum ws_arch
ws_arch_from_name (const char *name)
{
  for (size_t i = 0; i < G_N_ELEMENTS (arch_names); i++)
    if (g_ascii_strcasecmp (name, arch_names[i].name) == 0)
      return arch_names[i].arch;
  return WS_ARCH_UNKNOWN;
}

const char *
ws_arch_name (enum ws_arch arch)
{
  switch (arch) {
  case WS_ARCH_X86: return "x86";
  case WS_ARCH_AMD64: return "amd64";
  case WS_ARCH_ARM64: return "arm64";
  case WS_ARCH_IA64: return "ia64";
  case WS_ARCH_ARM: return "arm";
  default: return "unknown";
  }
}

const char *
ws_product_name (enum ws_product_type p)
{
  switch (p) {
  case WS_PRODUCT_WORKSTATION: return "workstation";
  case WS_PRODUCT_DC: return "dc";
  case WS_PRODUCT_SERVER: return "server";
  default: return "any";
  }
}

static enum ws_product_type
product_from_name (const char *s)
{
  if (g_ascii_strcasecmp (s, "workstation") == 0 || g_ascii_strcasecmp (s, "client") == 0)
    return WS_PRODUCT_WORKSTATION;
  if (g_ascii_strcasecmp (s, "server") == 0)
    return WS_PRODUCT_SERVER;
  if (g_ascii_strcasecmp (s, "dc") == 0)
    return WS_PRODUCT_DC;
  return WS_PRODUCT_UNKNOWN;
}

int
ws_target_version_cmp (guint amajor, guint aminor, guint abuild,
                       guint bmajor, guint bminor, guint bbuild)
{
  if (amajor != bmajor)
    return amajor < bmajor ? -1 : 1;
  if (aminor != bminor)
    return aminor < bminor ? -1 : 1;
  if (abuild != bbuild)
    return abuild < bbuild ? -1 : 1;
  return 0;
}

/* "10.0" or "10.0.17763": every part decimal and at most 99999 (NT builds have five digits). */
static gboolean
parse_version (const char *s, struct ws_target *t)
{
  g_auto (GStrv) parts = g_strsplit (s, ".", 4);
  guint n = g_strv_length (parts);
  if (n < 2 || n > 3)
    return FALSE;
  guint v[3] = { 0, 0, 0 };
  for (guint i = 0; i < n; i++) {
    const char *p = parts[i];
    if (*p == '\0' || strlen (p) > 5 || strspn (p, "0123456789") != strlen (p))
      return FALSE;
    v[i] = (guint) strtoul (p, NULL, 10);
  }
  t->major = v[0];
  t->minor = v[1];
  t->build = v[2];
  t->product_type = WS_PRODUCT_WORKSTATION;
  return TRUE;
}

static gboolean
parse_os (const char *s, struct ws_target *t)
{
  /* Names first: "8.1" is Windows 8.1, not NT 8.1. */
  const struct os_version *os = os_table_lookup (s);
  if (os == NULL)
    return g_ascii_isdigit (s[0]) && parse_version (s, t);
  t->major = os->major;
  t->minor = os->minor;
  t->build = os->build;
  t->product_type = os->product;
  return TRUE;
}

gboolean
ws_target_parse (const char *text, struct ws_target *out, GError **error)
{
  static const char hint[] = "expected OS/ARCH such as 2k19/amd64, w10/x86 or 10.0.17763/server/amd64";
  if (text == NULL || *text == '\0' || strlen (text) > WS_TARGET_MAX_LEN) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad target: %s", hint);
    return FALSE;
  }
  g_auto (GStrv) parts = g_strsplit (text, "/", 4);
  guint n = g_strv_length (parts);
  if (n < 2 || n > 3) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad target '%s': %s", text, hint);
    return FALSE;
  }
  struct ws_target t = { 0 };
  if (!parse_os (parts[0], &t)) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "unknown Windows version '%s' in target '%s'",
                 parts[0], text);
    return FALSE;
  }
  if (n == 3) {
    t.product_type = product_from_name (parts[1]);
    if (t.product_type == WS_PRODUCT_UNKNOWN) {
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                   "unknown product type '%s' in target '%s' (workstation, server or dc)", parts[1], text);
      return FALSE;
    }
  }
  t.arch = ws_arch_from_name (parts[n - 1]);
  if (t.arch != WS_ARCH_X86 && t.arch != WS_ARCH_AMD64 && t.arch != WS_ARCH_ARM64) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE,
                 "unknown architecture '%s' in target '%s' (x86, amd64 or arm64)", parts[n - 1], text);
    return FALSE;
  }
  *out = t;
  return TRUE;
}

char *
ws_target_format (const struct ws_target *t)
{
  return g_strdup_printf ("%u.%u.%u/%s/%s", t->major, t->minor, t->build,
                          ws_product_name (t->product_type), ws_arch_name (t->arch));
}
