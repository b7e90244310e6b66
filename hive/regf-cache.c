/* regf-cache: keep what was read through a byte source; see regf-cache.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "regf-cache.h"
#include "banned.h"

/* Chunks fetched per read once reads have covered much of the file: 1 MiB. */
#define READAHEAD 16

struct regf_cache {
  struct regf_source inner;
  GHashTable *chunks;   /* chunk index + 1 -> its bytes (REGF_CHUNK, the last one may be short) */
  size_t kept, max;
  uint64_t fetched;     /* chunks fetched from the source so far */
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

/* Fetch [start, start + len) from the source whole; NULL as chunk() says. */
static uint8_t *
fetch (regf_cache *c, uint64_t start, size_t len, GError **error)
{
  uint8_t *data = g_malloc (len);
  for (size_t got = 0; got < len;) {
    size_t n = c->inner.read (c->inner.ctx, start + got, len - got, data + got, error);
    if (n == 0) {
      g_free (data);
      return NULL;
    }
    got += n;
  }
  return data;
}

/* Keep a copy of chunk index (its bytes at data) while there is room; returns the kept copy, or
 * NULL when there was none. */
static uint8_t *
keep (regf_cache *c, uint64_t index, const uint8_t *data)
{
  size_t len = chunk_len (c, index);
  if (c->kept + len > c->max || g_hash_table_contains (c->chunks, GSIZE_TO_POINTER ((gsize) index + 1)))
    return NULL;
  uint8_t *copy = g_memdup2 (data, len);
  g_hash_table_insert (c->chunks, GSIZE_TO_POINTER ((gsize) index + 1), copy);
  c->kept += len;
  return copy;
}

/* The chunk holding off, fetched and kept while there is room; NULL + error when it cannot be
 * read, NULL without one when the file is shorter than its size said.
 *
 * Reads that cover much of a file (a planner listing every DriverPackages key of a 4 MB
 * DRIVERS hive) would cost one round trip per 64 KiB chunk: once an eighth of the file's chunks
 * were fetched, a miss fetches the READAHEAD chunks around it in one read instead.  Lookups in a
 * big hive never reach that point (inspecting a 117 MB SOFTWARE hive fetches 27 of its 1,786). */
static const uint8_t *
chunk (regf_cache *c, uint64_t index, uint8_t **owned, GError **error)
{
  *owned = NULL;
  uint8_t *data = g_hash_table_lookup (c->chunks, GSIZE_TO_POINTER ((gsize) index + 1));
  if (data)
    return data;
  uint64_t chunks = (c->inner.size + REGF_CHUNK - 1) / REGF_CHUNK;
  gboolean dense = c->fetched * 8 >= chunks;
  uint64_t first = dense ? index / READAHEAD * READAHEAD : index;
  uint64_t last = dense ? MIN (first + READAHEAD, chunks) : index + 1;
  size_t len = (size_t) (MIN (last * REGF_CHUNK, c->inner.size) - first * REGF_CHUNK);
  g_autofree uint8_t *block = fetch (c, first * REGF_CHUNK, len, error);
  if (block == NULL)
    return NULL;
  c->fetched += last - first;
  const uint8_t *mine = NULL;
  for (uint64_t i = first; i < last; i++) {
    const uint8_t *kept = keep (c, i, block + (i - first) * REGF_CHUNK);
    if (i == index)
      mine = kept;
  }
  if (mine)
    return mine;
  *owned = g_memdup2 (block + (index - first) * REGF_CHUNK, chunk_len (c, index));
  return *owned;
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
