/* regf-cache: keep what was read through a byte source; see regf-cache.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "regf-cache.h"
#include "banned.h"

struct regf_cache {
  struct regf_source inner;
  GHashTable *chunks;   /* chunk index + 1 -> its bytes (REGF_CHUNK, the last one may be short) */
  size_t kept, max;
};

regf_cache *
regf_cache_new (const struct regf_source *inner, size_t max_bytes)
{
  regf_cache *c = g_new0 (regf_cache, 1);
  c->inner = *inner;
  c->chunks = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  c->max = max_bytes;
  return c;
}

void
regf_cache_free (regf_cache *c)
{
  if (c == NULL)
    return;
  if (c->inner.free_ctx)
    c->inner.free_ctx (c->inner.ctx);
  g_hash_table_unref (c->chunks);
  g_free (c);
}

static size_t
chunk_len (const regf_cache *c, uint64_t index)
{
  return (size_t) MIN ((uint64_t) REGF_CHUNK, c->inner.size - index * REGF_CHUNK);
}

/* The chunk holding off, fetched whole and kept while there is room; NULL + error when it cannot
 * be read, NULL without one when the file is shorter than its size said. */
static const uint8_t *
chunk (regf_cache *c, uint64_t index, uint8_t **owned, GError **error)
{
  *owned = NULL;
  uint8_t *data = g_hash_table_lookup (c->chunks, GSIZE_TO_POINTER ((gsize) index + 1));
  if (data)
    return data;
  size_t len = chunk_len (c, index);
  data = g_malloc (len);
  for (size_t got = 0; got < len;) {
    size_t n = c->inner.read (c->inner.ctx, index * REGF_CHUNK + got, len - got, data + got, error);
    if (n == 0) {
      g_free (data);
      return NULL;
    }
    got += n;
  }
  if (c->kept + len <= c->max) {
    g_hash_table_insert (c->chunks, GSIZE_TO_POINTER ((gsize) index + 1), data);
    c->kept += len;
  } else
    *owned = data;
  return data;
}

/* len bytes at off (below the size); FALSE with *short_file when the file ends first (no error),
 * FALSE with *error when a read fails. */
static gboolean
read_range (regf_cache *c, uint64_t off, size_t len, uint8_t *buf, gboolean *short_file, GError **error)
{
  *short_file = FALSE;
  for (size_t done = 0; done < len;) {
    uint64_t at = off + done;
    g_autofree uint8_t *owned = NULL;
    GError *e = NULL;
    const uint8_t *data = chunk (c, at / REGF_CHUNK, &owned, &e);
    if (data == NULL) {
      *short_file = e == NULL;
      if (e)
        g_propagate_error (error, e);
      return FALSE;
    }
    size_t in = (size_t) (at % REGF_CHUNK), n = MIN (len - done, chunk_len (c, at / REGF_CHUNK) - in);
    memcpy (buf + done, data + in, n);
    done += n;
  }
  return TRUE;
}

gboolean
regf_cache_read (regf_cache *c, uint64_t off, size_t len, uint8_t *buf, GError **error)
{
  if (off > c->inner.size || len > c->inner.size - off) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "read of %zu bytes at offset %" G_GUINT64_FORMAT
                 " past the end of a %" G_GUINT64_FORMAT "-byte file", len, off, c->inner.size);
    return FALSE;
  }
  gboolean short_file;
  if (read_range (c, off, len, buf, &short_file, error))
    return TRUE;
  if (short_file)
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "the file ends before offset %" G_GUINT64_FORMAT
                 " (%" G_GUINT64_FORMAT " bytes announced)", off + len, c->inner.size);
  return FALSE;
}

/* The source given to readers: whole reads through the cache.  A short file shows as a short
 * read (0 without an error), as the source contract asks. */
static size_t
cached_read (void *ctx, uint64_t offset, size_t length, uint8_t *buf, GError **error)
{
  regf_cache *c = ctx;
  if (offset >= c->inner.size)
    return 0;
  length = (size_t) MIN ((uint64_t) length, c->inner.size - offset);
  gboolean short_file;
  return read_range (c, offset, length, buf, &short_file, error) ? length : 0;
}

struct regf_source
regf_cache_source (regf_cache *c)
{
  return (struct regf_source) { .size = c->inner.size, .read = cached_read, .ctx = c, .free_ctx = NULL };
}
