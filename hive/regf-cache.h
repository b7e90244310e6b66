/* regf-cache: a byte source (regf.h) that keeps the chunks read through it.
 *
 * regf_patch_new reads a hive only where its edits reach; the undo record (regf-undo.h) then
 * needs some of the same bytes again (those between two writes it joins into one).  Read through
 * a cache, the second look costs no second fetch from the guest.  What is kept is bounded by
 * max_bytes; past it, reads go through uncached.
 */
#ifndef WS_REGF_CACHE_H
#define WS_REGF_CACHE_H

#include <stdint.h>
#include <glib.h>

#include "regf.h"

typedef struct regf_cache regf_cache;

/* Takes inner over: its free_ctx is called by regf_cache_free. */
regf_cache *regf_cache_new (const struct regf_source *inner, size_t max_bytes);
void regf_cache_free (regf_cache *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (regf_cache, regf_cache_free)

/* A source reading through the cache, for regf_open or regf_patch_new; it has no free_ctx (the
 * cache outlives the readers given it). */
struct regf_source regf_cache_source (regf_cache *c);
/* Exactly len bytes at off, which must lie below the source's size. */
gboolean regf_cache_read (regf_cache *c, uint64_t off, size_t len, uint8_t *buf, GError **error);

#endif
