/* ws-text: encodings and codecs; see ws-text.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "banned.h"

char *
ws_utf16le_to_utf8 (const void *buf, size_t len, GError **error)
{
  const uint8_t *p = buf;
  if (len % 2 != 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "UTF-16 text has an odd length (%zu bytes)", len);
    return NULL;
  }
  size_t units = len / 2;
  /* Registry strings often carry their terminating NUL (and sometimes garbage after it). */
  for (size_t i = 0; i < units; i++)
    if (p[2 * i] == 0 && p[2 * i + 1] == 0) {
      units = i;
      break;
    }
  g_autofree gunichar2 *u = g_new (gunichar2, units + 1);
  for (size_t i = 0; i < units; i++)
    u[i] = (gunichar2) (p[2 * i] | p[2 * i + 1] << 8);
  u[units] = 0;
  g_autoptr (GError) conv = NULL;
  char *out = g_utf16_to_utf8 (u, (glong) units, NULL, NULL, &conv);
  if (out == NULL)
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "invalid UTF-16 text: %s", conv->message);
  return out;
}

void *
ws_utf8_to_utf16le (const char *s, size_t *len_out, GError **error)
{
  glong n = 0;
  g_autoptr (GError) conv = NULL;
  g_autofree gunichar2 *u = g_utf8_to_utf16 (s, -1, NULL, &n, &conv);
  if (u == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "invalid UTF-8 text: %s", conv->message);
    return NULL;
  }
  uint8_t *out = g_malloc ((size_t) (n + 1) * 2);
  for (glong i = 0; i <= n; i++) {
    out[2 * i] = (uint8_t) (u[i] & 0xff);
    out[2 * i + 1] = (uint8_t) (u[i] >> 8);
  }
  *len_out = (size_t) (n + 1) * 2;
  return out;
}

char **
ws_multi_sz_decode (const void *buf, size_t len, GError **error)
{
  const uint8_t *p = buf;
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  /* Some writers leave an odd trailing byte; ignore it rather than reject the whole list. */
  size_t units = len / 2, start = 0;
  for (size_t i = 0; i <= units; i++) {
    gboolean end = i == units || (p[2 * i] == 0 && p[2 * i + 1] == 0);
    if (!end)
      continue;
    if (i == start) /* empty string: end of list */
      break;
    char *s = ws_utf16le_to_utf8 (p + 2 * start, 2 * (i - start), error);
    if (s == NULL)
      return NULL;
    g_ptr_array_add (list, s);
    start = i + 1;
  }
  g_ptr_array_add (list, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
}

void *
ws_multi_sz_encode (const char *const *strv, size_t *len_out, GError **error)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();
  for (size_t i = 0; strv && strv[i]; i++) {
    size_t n;
    g_autofree void *u = ws_utf8_to_utf16le (strv[i], &n, error);
    if (u == NULL)
      return NULL;
    g_byte_array_append (out, u, (guint) n);
  }
  static const uint8_t nul[2] = { 0, 0 };
  g_byte_array_append (out, nul, 2);
  *len_out = out->len;
  return g_byte_array_free (g_steal_pointer (&out), FALSE);
}

/* 1601-01-01 to 1970-01-01 in seconds: the FILETIME epoch offset. */
#define FILETIME_UNIX_EPOCH_SECONDS G_GUINT64_CONSTANT (11644473600)

gboolean
ws_filetime_from_date (int year, int month, int day, uint64_t *out)
{
  if (year < 1601 || year > 9999 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  GDate d, epoch;
  g_date_clear (&d, 1);
  g_date_clear (&epoch, 1);
  g_date_set_dmy (&d, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  g_date_set_dmy (&epoch, 1, G_DATE_JANUARY, 1601);
  gint64 days = g_date_days_between (&epoch, &d);
  *out = (uint64_t) days * 86400u * 10000000u;
  return TRUE;
}

char *
ws_filetime_to_date (uint64_t filetime)
{
  uint64_t days = filetime / 10000000u / 86400u;
  if (days > 3000000)
    return NULL;
  GDate d;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, G_DATE_JANUARY, 1601);
  g_date_add_days (&d, (guint) days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

static int
hexval (char c)
{
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

gboolean
ws_guid_parse (const char *text, uint8_t out[16])
{
  if (text == NULL)
    return FALSE;
  size_t len = strlen (text);
  if (len == 38 && text[0] == '{' && text[37] == '}') {
    text++;
    len = 36;
  }
  if (len != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
    return FALSE;
  uint8_t raw[16];
  int n = 0;
  for (size_t i = 0; i < 36; i++) {
    if (i == 8 || i == 13 || i == 18 || i == 23)
      continue;
    int h = hexval (text[i]), l = hexval (text[i + 1]);
    if (h < 0 || l < 0)
      return FALSE;
    raw[n++] = (uint8_t) (h << 4 | l);
    i++;
  }
  /* Data1 (4 bytes), Data2, Data3 (2 bytes each) are stored little-endian; Data4 as written. */
  static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
  for (int i = 0; i < 16; i++)
    out[i] = raw[order[i]];
  return TRUE;
}

char *
ws_guid_format (const uint8_t g[16])
{
  return g_strdup_printf ("{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                          g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11],
                          g[12], g[13], g[14], g[15]);
}

guint
ws_ascii_case_hash (gconstpointer key)
{
  guint h = 5381;
  for (const char *p = key; *p; p++)
    h = h * 33 + (guint) g_ascii_tolower (*p);
  return h;
}

gboolean
ws_ascii_case_equal (gconstpointer a, gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}
