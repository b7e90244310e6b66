/* setupapi-log-internal: what the files of the SetupAPI log reader share; nothing else includes it.
 *
 * The reader is three stages, one file each:
 *   setupapi-text.c     bytes -> lines: encoding, UTF-16LE decoding, the binary check, line cleanup
 *   setupapi-log.c      lines -> entries: headers, footers, markers, XP and Vista-and-later messages;
 *                       and the public calls of setupapi-log.h
 *   setupapi-section.c  entries -> sections: {block} stack, problems, outcome, the callbacks
 * What the messages mean is in setupapi-said.c and setupapi-codes.c (setupapi-codes.h).
 */
#ifndef WS_SETUPAPI_LOG_INTERNAL_H
#define WS_SETUPAPI_LOG_INTERNAL_H

#include <stdint.h>
#include <glib.h>

#include "setupapi-log.h"

/* setupapi-text.c: bytes, in chunks of any size -> complete lines without NULs or the CR, cut
 * at SETUPAPI_MAX_LINE, valid UTF-8 (an ANSI log is read as Latin-1).  The first
 * SETUPAPI_SNIFF_BYTES decoded bytes are held back until they are judged text; binary input
 * fails with WS_ERROR / WS_EXIT_BAD_INPUT before any line is handed out.  Updates encoding, bom,
 * bytes, lines, long_lines, nul_bytes and partial_last_line in *st; st->lines already counts the
 * line handed to on_line. */
struct setupapi_text {
  struct setupapi_stats *st;
  void (*on_line) (const char *line, void *opaque);
  void *opaque;
  guint8 head[3];                /* first bytes, until the encoding is known */
  size_t nhead;
  guint8 odd;                    /* UTF-16LE: first byte of a code unit */
  gboolean has_odd;
  gunichar high;                 /* UTF-16LE: high surrogate waiting for its pair, or 0 */
  GString *early;                /* the first decoded bytes, held until they are judged */
  guint64 sniffed, ctrl;         /* decoded bytes examined for binary data, control bytes seen */
  GString *line;                 /* the line being read */
  gboolean line_long;
};

void setupapi_text_init (struct setupapi_text *t, struct setupapi_stats *st,
                         void (*on_line) (const char *line, void *opaque), void *opaque);
gboolean setupapi_text_feed (struct setupapi_text *t, const guint8 *b, size_t len, GError **error);
/* End of input: judge what is held back, and count a last line without its newline. */
gboolean setupapi_text_finish (struct setupapi_text *t, GError **error);
void setupapi_text_clear (struct setupapi_text *t);

/* setupapi-section.c: the section being read, and why it ends. */
enum setupapi_close { SETUPAPI_CLOSE_FOOTER, SETUPAPI_CLOSE_NEXT, SETUPAPI_CLOSE_BOOT, SETUPAPI_CLOSE_END };

struct setupapi_section {
  gboolean open, ended;
  struct setupapi_install ins;
  struct setupapi_said said;
  gboolean has_block_code;
  uint32_t block_code;
  char stack[SETUPAPI_MAX_DEPTH][SETUPAPI_MAX_BLOCK_NAME];
  unsigned depth;
  unsigned long deep;            /* openings beyond SETUPAPI_MAX_DEPTH not yet closed */
};

struct setupapi_log {
  struct setupapi_callbacks cb;
  struct setupapi_stats st;
  GError *failure;               /* sticky: once the input is rejected, every call fails */
  struct setupapi_text text;
  gboolean recognized;           /* a SetupAPI marker or XP message was seen */
  char *boot;                    /* time stamp of the current boot session, or NULL */
  struct setupapi_section sec;
};

/* Open a section (closing the one before); text is the header's "Title - target", changed in
 * place, or NULL when the log starts inside a section. */
void setupapi_section_open (setupapi_log *log, char *text, gboolean xp);
/* Conclude the open section, if any, hand it (and a pending package) to the callbacks, clear it. */
void setupapi_section_close (setupapi_log *log, enum setupapi_close why);
void setupapi_section_clear (struct setupapi_section *s);
/* A "!" (error FALSE) or "!!!" line of the open section; msg is its text after the category. */
void setupapi_section_problem (setupapi_log *log, gboolean error, const char *line, const char *msg);
/* A "{Block ...}" opening or "{Block ... exit(0x...)}" end of the open section. */
void setupapi_section_block (setupapi_log *log, const char *msg);

#endif
