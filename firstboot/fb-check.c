/* fb-check: the syntax every value must have before it is written into the payload.
 *
 * The payload is a batch file: cmd.exe expands %...% and !...!, treats ^ & | < > as operators
 * outside quotes, and a " ends a quoted name.  Values come from a hostile guest, so the checks
 * are allow-lists, written here again rather than trusting the reader in network/.
 */
#include <config.h>

#include <string.h>
#include <arpa/inet.h>

#include "fb.h"
#include "banned.h"

gboolean
fb_check_ipv4 (const char *s)
{
  int parts = 0;
  const char *p = s;
  if (!s || !*s)
    return FALSE;
  for (;;) {
    int v = 0, digits = 0;
    while (g_ascii_isdigit (*p) && digits < 4) {
      v = v * 10 + (*p++ - '0');
      digits++;
    }
    /* no empty part, no leading zero (some parsers read it as octal), 0..255 */
    if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && p[-digits] == '0'))
      return FALSE;
    parts++;
    if (*p == '\0')
      return parts == 4;
    if (*p != '.' || parts == 4)
      return FALSE;
    p++;
  }
}

gboolean
fb_check_mask (const char *s)
{
  struct in_addr a;
  if (!fb_check_ipv4 (s) || inet_pton (AF_INET, s, &a) != 1)
    return FALSE;
  guint32 m = ntohl (a.s_addr);
  /* contiguous ones from the top: ~m + 1 is a power of two (or zero for /0) */
  guint32 inv = ~m;
  return m != 0 && (inv & (inv + 1)) == 0;
}

gboolean
fb_check_ipv6 (const char *s)
{
  struct in6_addr a;
  if (!s || !*s || strlen (s) > 45)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p) && *p != ':' && *p != '.')
      return FALSE;
  return inet_pton (AF_INET6, s, &a) == 1;
}

gboolean
fb_check_name (const char *s)
{
  size_t n = s ? strlen (s) : 0;
  if (n == 0 || n > FB_MAX_NAME || s[0] == ' ' || s[n - 1] == ' ')
    return FALSE;
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
    if (*p < 0x20 || *p == 0x7f || strchr ("\"%^&|<>!", *p))
      return FALSE;
  }
  return TRUE;
}

gboolean
fb_check_suffix (const char *s)
{
  size_t n = s ? strlen (s) : 0;
  if (n == 0 || n > 255 || s[0] == '.' || s[0] == '-')
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

gboolean
fb_check_guid (const char *s)
{
  static const char shape[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
  if (!s || strlen (s) != sizeof shape - 1)
    return FALSE;
  for (size_t i = 0; shape[i]; i++) {
    if (shape[i] == 'x' ? !g_ascii_isxdigit (s[i]) : s[i] != shape[i])
      return FALSE;
  }
  return TRUE;
}

char *
fb_getmac_form (const char *mac)
{
  if (!mac || strlen (mac) != 17)
    return NULL;
  char *out = g_ascii_strup (mac, -1);
  for (int i = 0; i < 17; i++) {
    if (i % 3 == 2) {
      if (out[i] != ':' && out[i] != '-') {
        g_free (out);
        return NULL;
      }
      out[i] = '-';
    } else if (!g_ascii_isxdigit (out[i])) {
      g_free (out);
      return NULL;
    }
  }
  return out;
}
