/* ws-delta: see ws-delta.h. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ws-error.h"
#include "ws-delta.h"
#include "banned.h"

/* Bytes compared per read: a whole number of blocks, small enough to keep the memory flat. */
#define CHUNK_BLOCKS 256

/* Fill buf from fd as far as the file goes; the count read, or -1 with errno set. */
static gssize
read_full (int fd, guint8 *buf, gsize len)
{
  gsize got = 0;
  while (got < len) {
    gssize n = read (fd, buf + got, len - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -1;
    if (n == 0)
      break;
    got += (gsize) n;
  }
  return (gssize) got;
}

/* Extend the last range when `offset` continues it, else start a new one. */
static void
add_range (GArray *out, guint64 offset, guint64 length)
{
  if (out->len > 0) {
    struct ws_range *last = &g_array_index (out, struct ws_range, out->len - 1);
    if (last->offset + last->length == offset) {
      last->length += length;
      return;
    }
  }
  struct ws_range r = { offset, length };
  g_array_append_val (out, r);
}

static int
open_read (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read '%s': %s", path, g_strerror (errno));
  return fd;
}

GArray *
ws_delta_files (const char *before, const char *after, gsize block, GError **error)
{
  g_return_val_if_fail (block > 0, NULL);
  int fa = open_read (before, error);
  if (fa < 0)
    return NULL;
  int fb = open_read (after, error);
  if (fb < 0) {
    close (fa);
    return NULL;
  }
  gsize chunk = block * CHUNK_BLOCKS;
  g_autofree guint8 *a = g_malloc (chunk);
  g_autofree guint8 *b = g_malloc (chunk);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (struct ws_range));
  guint64 pos = 0;
  for (;;) {
    gssize na = read_full (fa, a, chunk);
    gssize nb = na < 0 ? 0 : read_full (fb, b, chunk);
    if (na < 0 || nb < 0) {
      g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read '%s': %s", na < 0 ? before : after,
                   g_strerror (errno));
      g_array_free (out, TRUE);
      out = NULL;
      break;
    }
    if (nb == 0)
      break;   /* after ends here; what before has beyond is the caller's truncate */
    for (gsize off = 0; off < (gsize) nb; off += block) {
      gsize len_b = MIN (block, (gsize) nb - off);
      gsize len_a = (gsize) na > off ? MIN (block, (gsize) na - off) : 0;
      if (len_a != len_b || memcmp (a + off, b + off, len_b) != 0)
        add_range (out, pos + off, len_b);
    }
    pos += (guint64) nb;
  }
  close (fa);
  close (fb);
  return out;
}
