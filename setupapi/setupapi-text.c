/* setupapi-text: the first stage of the SetupAPI log reader, bytes -> lines; see
 * setupapi-log-internal.h.
 *
 * The encoding comes from the first three bytes (a BOM, or UTF-16LE's "x\0" for ASCII text).
 * UTF-16LE is decoded to UTF-8 as it streams.  The first decoded bytes decide whether the input is
 * text at all.  Then the text is split into lines, each cleaned (NULs and the CR dropped, made
 * valid UTF-8) before it is handed on.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "setupapi-log-internal.h"
#include "banned.h"

#define UTF16_OUT 1024

/* A line is complete: drop NULs and the CR, make it UTF-8 (an invalid sequence means an ANSI
 * log: read its bytes as Latin-1), then hand it on.  A last line without its newline was cut
 * mid-write: it is counted, not read. */
static void
line_done (struct setupapi_text *t, gboolean partial)
{
  GString *l = t->line;
  size_t w = 0;
  for (size_t r = 0; r < l->len; r++)
    if (l->str[r] != '\0')
      l->str[w++] = l->str[r];
  t->st->nul_bytes += l->len - w;
  g_string_truncate (l, w);
  while (l->len > 0 && (l->str[l->len - 1] == '\r' || l->str[l->len - 1] == ' '))
    g_string_truncate (l, l->len - 1);
  if (partial) {
    t->st->partial_last_line = l->len > 0;
  } else {
    t->st->lines++;
    t->st->long_lines += t->line_long;
    const char *valid;
    if (t->line_long && !g_utf8_validate (l->str, (gssize) l->len, &valid) && l->len - (size_t) (valid - l->str) < 4)
      g_string_truncate (l, (size_t) (valid - l->str));   /* the cut split a character */
    if (!g_utf8_validate (l->str, (gssize) l->len, NULL)) {
      g_autofree char *latin1 = g_convert (l->str, (gssize) l->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      g_string_assign (l, latin1 ? latin1 : "");
    }
    t->on_line (l->str, t->opaque);
  }
  g_string_truncate (l, 0);
  t->line_long = FALSE;
}

/* Decoded text: split into lines. */
static void
split_lines (struct setupapi_text *t, const char *p, size_t n)
{
  while (n > 0) {
    const char *nl = memchr (p, '\n', n);
    size_t take = nl ? (size_t) (nl - p) : n, room = SETUPAPI_MAX_LINE - t->line->len;
    g_string_append_len (t->line, p, (gssize) MIN (take, room));
    t->line_long |= take > room;
    if (!nl)
      break;
    line_done (t, FALSE);
    p += take + 1, n -= take + 1;
  }
}

/* The first SETUPAPI_SNIFF_BYTES decoded bytes decide whether this is text at all: more than 1%
 * control bytes (NULs and undecodable UTF-16 included), and more than 4, is binary.  They are
 * held back until then, so that binary input reports nothing, however it is cut into chunks.
 * Later NULs are tolerated: a guest that stops while writing leaves a run of them at the end. */
static gboolean
sniff_verdict (struct setupapi_text *t, GError **error)
{
  if (t->ctrl > 4 && t->ctrl * 100 > t->sniffed) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "not a SetupAPI text log: binary data (%" G_GUINT64_FORMAT " control bytes in the first %"
                 G_GUINT64_FORMAT ")", t->ctrl, t->sniffed);
    return FALSE;
  }
  split_lines (t, t->early->str, t->early->len);
  g_string_free (t->early, TRUE);
  t->early = NULL;
  return TRUE;
}

static gboolean
push (struct setupapi_text *t, const char *p, size_t n, GError **error)
{
  if (t->early) {
    size_t take = MIN (n, SETUPAPI_SNIFF_BYTES - t->early->len);
    for (size_t i = 0; i < take; i++)
      t->ctrl += (guchar) p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r';
    g_string_append_len (t->early, p, (gssize) take);
    t->sniffed += take;
    p += take, n -= take;
    if (t->early->len < SETUPAPI_SNIFF_BYTES)
      return TRUE;
    if (!sniff_verdict (t, error))
      return FALSE;
  }
  split_lines (t, p, n);
  return TRUE;
}

static gboolean
emit_char (struct setupapi_text *t, char *out, size_t *o, gunichar c, GError **error)
{
  if (c == 0xfffd && t->early && t->sniffed + *o < SETUPAPI_SNIFF_BYTES)   /* inside the window */
    t->ctrl++;
  *o += (size_t) g_unichar_to_utf8 (c, out + *o);
  if (*o <= UTF16_OUT - 8)
    return TRUE;
  size_t n = *o;
  *o = 0;
  return push (t, out, n, error);
}

/* UTF-16LE -> UTF-8; an odd byte or a high surrogate at a chunk's end waits for the next chunk.
 * Unpaired surrogates become U+FFFD (and count as binary while sniffing). */
static gboolean
push_utf16 (struct setupapi_text *t, const guint8 *b, size_t n, GError **error)
{
  char out[UTF16_OUT];
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (!t->has_odd) {
      t->odd = b[i], t->has_odd = TRUE;
      continue;
    }
    t->has_odd = FALSE;
    gunichar u = t->odd | (gunichar) b[i] << 8, high = t->high;
    t->high = 0;
    if (high && u >= 0xdc00 && u <= 0xdfff) {
      if (!emit_char (t, out, &o, 0x10000 + ((high - 0xd800) << 10) + (u - 0xdc00), error))
        return FALSE;
      continue;
    }
    if (high && !emit_char (t, out, &o, 0xfffd, error))
      return FALSE;
    if (u >= 0xd800 && u <= 0xdbff)
      t->high = u;
    else if (!emit_char (t, out, &o, u >= 0xdc00 && u <= 0xdfff ? 0xfffd : u, error))
      return FALSE;
  }
  return push (t, out, o, error);
}

/* The encoding, from the first three bytes: a BOM, or UTF-16LE's "x\0" for ASCII text. */
static void
pick_encoding (struct setupapi_text *t, size_t *skip)
{
  const guint8 *h = t->head;
  size_t n = t->nhead;
  t->st->encoding = SETUPAPI_ENC_UTF8;
  *skip = 0;
  if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf)
    t->st->bom = TRUE, *skip = 3;
  else if (n >= 2 && h[0] == 0xff && h[1] == 0xfe)
    t->st->encoding = SETUPAPI_ENC_UTF16LE, t->st->bom = TRUE, *skip = 2;
  else if (n >= 2 && h[0] != 0 && h[1] == 0)
    t->st->encoding = SETUPAPI_ENC_UTF16LE;
}

static gboolean
decode (struct setupapi_text *t, const guint8 *b, size_t n, GError **error)
{
  if (t->st->encoding == SETUPAPI_ENC_UTF16LE)
    return push_utf16 (t, b, n, error);
  return push (t, (const char *) b, n, error);
}

gboolean
setupapi_text_feed (struct setupapi_text *t, const guint8 *b, size_t len, GError **error)
{
  t->st->bytes += len;
  while (t->st->encoding == SETUPAPI_ENC_UNKNOWN && len > 0) {
    t->head[t->nhead++] = *b++, len--;
    if (t->nhead == sizeof t->head) {
      size_t skip;
      pick_encoding (t, &skip);
      if (!decode (t, t->head + skip, t->nhead - skip, error))
        return FALSE;
    }
  }
  return len == 0 || decode (t, b, len, error);
}

gboolean
setupapi_text_finish (struct setupapi_text *t, GError **error)
{
  size_t skip;
  if (t->st->encoding == SETUPAPI_ENC_UNKNOWN && t->nhead > 0) {
    pick_encoding (t, &skip);
    if (!decode (t, t->head + skip, t->nhead - skip, error))
      return FALSE;
  }
  if (t->early && !sniff_verdict (t, error))
    return FALSE;
  if (t->line->len > 0 || t->has_odd)
    line_done (t, TRUE);
  return TRUE;
}

void
setupapi_text_init (struct setupapi_text *t, struct setupapi_stats *st,
                    void (*on_line) (const char *line, void *opaque), void *opaque)
{
  memset (t, 0, sizeof *t);
  t->st = st;
  t->on_line = on_line;
  t->opaque = opaque;
  t->line = g_string_sized_new (256);
  t->early = g_string_sized_new (SETUPAPI_SNIFF_BYTES);
}

void
setupapi_text_clear (struct setupapi_text *t)
{
  if (t->line)
    g_string_free (t->line, TRUE);
  if (t->early)
    g_string_free (t->early, TRUE);
  memset (t, 0, sizeof *t);
}
