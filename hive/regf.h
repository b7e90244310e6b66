/* regf: a read-only reader of the registry hive file format that reads only the cells asked for.
 *
 * hivex reads a whole hive and checks every bin before the first lookup, so reading a guest's hive
 * through hivex means fetching all of it: a real SOFTWARE hive is 50-150 MB, and inspect and
 * verify read a few hundred keys from it.  regf reads through a callback, in chunks, only where a
 * record it is asked for lies: the session reads a hive inside the guest this way, through the
 * appliance, and a host copy through pread (docs/registry-and-hives.md#reading-a-hive-lazily).
 * Writing stays with hivex (hive-apply).
 *
 * Hives come from guests and are hostile.  The header is checked when the hive is opened (the
 * signature, the checksum, and that the file holds the bins it announces); each record is checked
 * when it is read: its cell lies inside those bins and is allocated, it is big enough for the
 * fields read, it has the expected signature, and every count fits its cell.  Nothing recurses
 * or follows a chain on the data's say-so (an index root lists leaves, never another index root;
 * parents are walked by the caller, within its depth limit), and at most REGF_CACHE_BYTES of the
 * file are held at once, so a crafted hive costs reads in proportion to what is asked of it.
 *
 * Errors are GErrors (WS_ERROR, WS_EXIT_BAD_INPUT; a failing read callback gives its own) saying
 * what is wrong at which file offset; hive-read adds the hive's name, origin and key path.
 * Records are named by their file offset (the cell's offset from the first bin plus 4096), as
 * hivex names its handles; 0 is never a record.
 */
#ifndef WS_REGF_H
#define WS_REGF_H

#include <stdint.h>
#include <glib.h>

/* Bytes fetched per read of the source, and the most held in memory at once. */
#define REGF_CHUNK (64 * 1024)
#define REGF_CACHE_BYTES (32 * 1024 * 1024)

/* Where the file's bytes come from: read(ctx, offset, length, buf) puts up to length bytes of the
 * file at offset (never past size) in buf and returns how many, 0 with a GError on failure (0
 * without one: the file is shorter than size).  free_ctx, if set, is called on ctx when the
 * reader is freed (or fails to open). */
struct regf_source {
  uint64_t size;
  size_t (*read) (void *ctx, uint64_t offset, size_t length, uint8_t *buf, GError **error);
  void *ctx;
  GDestroyNotify free_ctx;
};

typedef struct regf regf;

regf *regf_open (const struct regf_source *source, GError **error);
/* A host file, read with pread (errors name the file's problem, not the file). */
regf *regf_open_file (const char *path, GError **error);
void regf_free (regf *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (regf, regf_free)

uint64_t regf_root (const regf *r);
/* Chunks fetched from the source so far (what a walk cost). */
uint64_t regf_chunks_read (const regf *r);

/* A key's name in UTF-8 (g_free); NULL + error when key is not a key record. */
char *regf_key_name (regf *r, uint64_t key, GError **error);
/* A key's parent; 0 + error when key is not a key record or its parent is not one. */
uint64_t regf_key_parent (regf *r, uint64_t key, GError **error);
/* The subkey and value counts a key record declares (what listing it will return). */
gboolean regf_key_counts (regf *r, uint64_t key, uint32_t *subkeys, uint32_t *values, GError **error);
/* A key's subkeys and values (uint64_t records, g_array_unref).  The subkey list must hold
 * exactly the declared count, as Windows and hivex require. */
GArray *regf_key_subkeys (regf *r, uint64_t key, GError **error);
GArray *regf_key_values (regf *r, uint64_t key, GError **error);

/* A value's name in UTF-8 ("" for the default value; g_free). */
char *regf_value_name (regf *r, uint64_t value, GError **error);
/* A value's type and declared length (read before deciding to fetch its data). */
gboolean regf_value_info (regf *r, uint64_t value, uint32_t *type, size_t *len, GError **error);
/* A value's data (g_free; never NULL on success, even when *len is 0).  Data split into big-data
 * segments is joined; segments that hold less than declared give a shorter *len, as hivex does.
 * Up to the declared length is allocated: bound it with regf_value_info first (hive-read does,
 * with HIVE_MAX_VALUE_SIZE). */
uint8_t *regf_value_data (regf *r, uint64_t value, size_t *len, GError **error);

/* Raw access, for hive/regf-patch.c, which edits records this reader does not interpret.  Every
 * call keeps the checks above: a cell must lie inside the bins and be allocated. */
uint64_t regf_bins_end (const regf *r);
/* len bytes of the file at off (anywhere below the file's size: the header, or slack after the
 * bins). */
gboolean regf_read_raw (regf *r, uint64_t off, size_t len, uint8_t *buf, GError **error);
/* The size of the allocated cell at off (size field included) with the given two-letter signature
 * (NULL: any), and len bytes of it from offset at (which must lie inside the cell). */
gboolean regf_cell (regf *r, uint64_t off, const char *sig, uint32_t *size, GError **error);
gboolean regf_cell_read (regf *r, uint64_t off, uint32_t size, uint32_t at, size_t len, uint8_t *buf,
                         GError **error);

#endif
