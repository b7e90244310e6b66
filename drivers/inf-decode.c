/* inf-decode: an INF's bytes -> UTF-8 text; see inf-parse.h.
 *
 * Setup reads INFs as UTF-16 when they start with a byte-order mark and as the system code page
 * otherwise (Microsoft "INF File Encoding"); virtio-win ships ASCII, Windows' own INFs are often
 * UTF-16LE.  We also accept UTF-8 (with or without BOM) and BOM-less UTF-16LE.  A NUL character
 * never belongs in an INF: it means binary data or a wrong encoding, and is reported with its line.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "inf-parse.h"
#include "banned.h"

/* Windows-1252 0x80-0x9F; the five unassigned bytes map to the C1 controls as Windows does. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

#define CTRL_Z 0x1A /* DOS end-of-file marker: old INFs end with one (only trailing ones count) */

/* TRUE when the bytes from `from` on are all Ctrl-Z characters of `width` bytes (1, or 2 in
 * either byte order). */
static gboolean
only_ctrl_z_after (const guint8 *p, size_t len, size_t from, size_t width)
{
  for (size_t i = from; i + width <= len; i += width)
    if (width == 1 ? p[i] != CTRL_Z : (p[i] | p[i + 1]) != CTRL_Z || (p[i] && p[i + 1]))
      return FALSE;
  return TRUE;
}

static gboolean
decode_utf16 (const guint8 *p, size_t len, gboolean big_endian, const char *name, GString *out,
              GError **error)
{
  guint line = 1;
  size_t units = len / 2;
  for (size_t i = 0; i < units; i++) {
    gunichar c = big_endian ? (gunichar) (p[2 * i] << 8 | p[2 * i + 1])
                            : (gunichar) (p[2 * i] | p[2 * i + 1] << 8);
    if (c == 0)
      return inf_error (error, name, line, "NUL character in UTF-16 text: expected text, found binary data");
    if (c == CTRL_Z && only_ctrl_z_after (p, len, 2 * i + 2, 2))
      return TRUE;
    if (c >= 0xD800 && c <= 0xDBFF) {
      gunichar lo = 0;
      if (i + 1 < units)
        lo = big_endian ? (gunichar) (p[2 * i + 2] << 8 | p[2 * i + 3])
                        : (gunichar) (p[2 * i + 2] | p[2 * i + 3] << 8);
      if (lo < 0xDC00 || lo > 0xDFFF)
        return inf_error (error, name, line, "unpaired UTF-16 surrogate: expected a low surrogate after U+%04X", c);
      c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
      i++;
    } else if (c >= 0xDC00 && c <= 0xDFFF) {
      return inf_error (error, name, line, "unpaired UTF-16 surrogate U+%04X: expected a high surrogate first", c);
    }
    if (c == '\n')
      line++;
    g_string_append_unichar (out, c);
  }
  if (len % 2 != 0)
    return inf_error (error, name, line, "truncated UTF-16 text: expected an even number of bytes, found %zu",
                      len);
  return TRUE;
}

/* UTF-8 or ANSI: stop at trailing Ctrl-Zs, reject NUL.  *text_len gets the length of the text. */
static gboolean
check_bytes (const guint8 *p, size_t len, const char *name, size_t *text_len, GError **error)
{
  guint line = 1;
  for (size_t i = 0; i < len; i++) {
    if (p[i] == 0)
      return inf_error (error, name, line, "NUL byte in text: expected text, found binary data");
    if (p[i] == CTRL_Z && only_ctrl_z_after (p, len, i + 1, 1)) {
      *text_len = i;
      return TRUE;
    }
    if (p[i] == '\n')
      line++;
  }
  *text_len = len;
  return TRUE;
}

static void
decode_ansi (const guint8 *p, size_t len, GString *out)
{
  for (size_t i = 0; i < len; i++) {
    if (p[i] < 0x80)
      g_string_append_c (out, (char) p[i]);
    else
      g_string_append_unichar (out, p[i] < 0xA0 ? cp1252_high[p[i] - 0x80] : (gunichar) p[i]);
  }
}

/* Line of the first invalid UTF-8 sequence (for the error message). */
static guint
line_of_offset (const char *s, size_t off)
{
  guint line = 1;
  for (size_t i = 0; i < off; i++)
    if (s[i] == '\n')
      line++;
  return line;
}

static gboolean
decode_8bit (const guint8 *p, size_t len, gboolean bom, const char *name, enum inf_encoding *enc,
             GString *out, GError **error)
{
  size_t n = 0;
  if (!check_bytes (p, len, name, &n, error))
    return FALSE;
  const char *end = NULL;
  if (g_utf8_validate ((const char *) p, (gssize) n, &end)) {
    g_string_append_len (out, (const char *) p, (gssize) n);
    *enc = bom ? INF_ENC_UTF8_BOM : INF_ENC_UTF8;
    return TRUE;
  }
  if (bom)
    return inf_error (error, name, line_of_offset ((const char *) p, (size_t) (end - (const char *) p)),
                      "invalid UTF-8 text: expected UTF-8 after the byte-order mark");
  decode_ansi (p, n, out);
  *enc = INF_ENC_ANSI;
  return TRUE;
}

char *
inf_decode (const void *buf, size_t len, const char *name, enum inf_encoding *encoding, GError **error)
{
  const guint8 *p = buf;
  enum inf_encoding enc = INF_ENC_UTF8;
  if (len > INF_MAX_FILE_SIZE) {
    inf_error (error, name, 1, "file too large: %zu bytes, expected at most %u", len, INF_MAX_FILE_SIZE);
    return NULL;
  }
  g_autoptr (GString) out = g_string_sized_new (len + 1);
  gboolean ok;
  if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
    enc = INF_ENC_UTF16LE;
    ok = decode_utf16 (p + 2, len - 2, FALSE, name, out, error);
  } else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
    enc = INF_ENC_UTF16BE;
    ok = decode_utf16 (p + 2, len - 2, TRUE, name, out, error);
  } else if (len >= 4 && p[0] != 0 && p[1] == 0 && p[2] != 0 && p[3] == 0) {
    /* No BOM, but ASCII characters with zero high bytes: UTF-16LE written without a BOM. */
    enc = INF_ENC_UTF16LE;
    ok = decode_utf16 (p, len, FALSE, name, out, error);
  } else if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
    ok = decode_8bit (p + 3, len - 3, TRUE, name, &enc, out, error);
  } else {
    ok = decode_8bit (p, len, FALSE, name, &enc, out, error);
  }
  if (!ok)
    return NULL;
  if (encoding)
    *encoding = enc;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
