/* regf: a lazy, read-only hive reader; see regf.h.  Record layouts are those of
 * docs/registry-and-hives.md#the-regf-format; offsets below are from the start of a cell (its
 * size field). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ws-error.h"
#include "ws-text.h"
#include "regf.h"
#include "banned.h"

#define BASE_BLOCK 0x1000           /* the header; bins follow, cell offsets count from here */
#define HDR_ROOT 0x24               /* root key cell offset */
#define HDR_BINS_SIZE 0x28          /* bytes of bins after the header */
#define HDR_CHECKSUM 0x1fc          /* XOR of the header's first 127 DWORDs */

#define NK_FLAGS 0x06
#define NK_COMPRESSED_NAME 0x0020   /* the name is one byte per character (Latin-1) */
#define NK_PARENT 0x14
#define NK_SUBKEYS 0x18
#define NK_SUBKEY_LIST 0x20
#define NK_VALUES 0x28
#define NK_VALUE_LIST 0x2c
#define NK_NAME_LEN 0x4c
#define NK_NAME 0x50

#define VK_NAME_LEN 0x06
#define VK_DATA_LEN 0x08
#define VK_DATA 0x0c
#define VK_TYPE 0x10
#define VK_FLAGS 0x14
#define VK_COMPRESSED_NAME 0x0001
#define VK_NAME 0x18
#define VK_DATA_INLINE 0x80000000u  /* in the length: up to 4 bytes of data sit in VK_DATA itself */

#define LIST_COUNT 0x06             /* lf, lh, li, ri and db: a 16-bit count after the signature */
#define LIST_ENTRIES 0x08
#define DB_SEGMENTS 0x08            /* db: the cell listing its segments */
#define CELL_DATA 0x04

struct regf {
  struct regf_source src;
  uint64_t bins_end;        /* file offset where the bins the header announces end */
  uint64_t root;
  GHashTable *chunks;       /* chunk index + 1 -> REGF_CHUNK bytes (the last one may be short) */
  uint64_t chunks_read;
};

static void
set_bad (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
set_bad (GError **error, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, WS_ERROR, WS_EXIT_BAD_INPUT, msg);
}

/* The chunk holding file offset off, fetched on first use.  The cache is dropped whole when full:
 * walks revisit the keys near the root, which come back in one read each. */
static const uint8_t *
chunk (regf *r, uint64_t index, size_t *len, GError **error)
{
  uint64_t start = index * REGF_CHUNK;
  *len = (size_t) MIN ((uint64_t) REGF_CHUNK, r->src.size - start);
  uint8_t *c = g_hash_table_lookup (r->chunks, GSIZE_TO_POINTER (index + 1));
  if (c)
    return c;
  if ((uint64_t) g_hash_table_size (r->chunks) * REGF_CHUNK >= REGF_CACHE_BYTES)
    g_hash_table_remove_all (r->chunks);
  c = g_malloc (*len);
  for (size_t got = 0, n; got < *len; got += n)
    if ((n = r->src.read (r->src.ctx, start + got, *len - got, c + got, error)) == 0) {
      if (error && *error == NULL)
        set_bad (error, "the file ended at %" G_GUINT64_FORMAT " while it was read (it changed)", start + got);
      g_free (c);
      return NULL;
    }
  r->chunks_read++;
  g_hash_table_insert (r->chunks, GSIZE_TO_POINTER (index + 1), c);
  return c;
}

/* len bytes of the file at off, which the caller checked lie inside it. */
static gboolean
read_at (regf *r, uint64_t off, size_t len, uint8_t *buf, GError **error)
{
  while (len > 0) {
    size_t have;
    const uint8_t *c = chunk (r, off / REGF_CHUNK, &have, error);
    if (c == NULL)
      return FALSE;
    size_t at = (size_t) (off % REGF_CHUNK), n = MIN (len, have - at);
    memcpy (buf, c + at, n);
    buf += n;
    off += n;
    len -= n;
  }
  return TRUE;
}

/* The size of the allocated cell at file offset off (its size field included): it lies inside
 * the bins, is at least 8 bytes and carries the given two-letter signature (NULL: any). */
static gboolean
cell_size (regf *r, uint64_t off, const char *sig, uint32_t *size, GError **error)
{
  uint8_t head[6];
  if (off < BASE_BLOCK || off % 4 != 0 || off + sizeof head > r->bins_end) {
    set_bad (error, "record offset 0x%" G_GINT64_MODIFIER "x is outside the hive's bins", off);
    return FALSE;
  }
  if (!read_at (r, off, sizeof head, head, error))
    return FALSE;
  int32_t raw = (int32_t) ws_le32 (head);
  /* Allocated cells have a negative size; a free one is not a record. */
  if (raw >= 0 || raw == INT32_MIN || (uint32_t) -raw < 8 || off + (uint32_t) -raw > r->bins_end) {
    set_bad (error, "no allocated cell at offset 0x%" G_GINT64_MODIFIER "x (size field %d)", off, raw);
    return FALSE;
  }
  if (sig && memcmp (head + 4, sig, 2) != 0) {
    set_bad (error, "the record at offset 0x%" G_GINT64_MODIFIER "x is not an '%s' record", off, sig);
    return FALSE;
  }
  *size = (uint32_t) -raw;
  return TRUE;
}

/* len bytes at offset at of the cell at off (of size size): they must lie inside it. */
static gboolean
cell_read (regf *r, uint64_t off, uint32_t size, uint32_t at, size_t len, uint8_t *buf, GError **error)
{
  if ((uint64_t) at + len > size) {
    set_bad (error, "the record at offset 0x%" G_GINT64_MODIFIER "x is too short (%u bytes) for "
             "its fields", off, size);
    return FALSE;
  }
  return read_at (r, off + at, len, buf, error);
}

/* A cell offset as stored in a record (relative to the first bin) as a file offset. */
static uint64_t
from_cell (uint32_t rel)
{
  return (uint64_t) rel + BASE_BLOCK;
}

/* Read the fixed fields of a record of the given signature (len bytes from its start). */
static gboolean
record (regf *r, uint64_t off, const char *sig, size_t len, uint8_t *buf, uint32_t *size, GError **error)
{
  return cell_size (r, off, sig, size, error) && cell_read (r, off, *size, 0, len, buf, error);
}

static gboolean
check_header (const uint8_t *h, uint64_t file_size, uint64_t *bins_end, GError **error)
{
  if (memcmp (h, "regf", 4) != 0) {
    set_bad (error, "not a registry hive (no regf header)");
    return FALSE;
  }
  uint32_t sum = 0;
  for (size_t i = 0; i < HDR_CHECKSUM; i += 4)
    sum ^= ws_le32 (h + i);
  uint32_t stored = ws_le32 (h + HDR_CHECKSUM);
  /* Windows stores 1 for a sum of 0 and -2 for a sum of -1. */
  if (stored != sum && !(sum == 0 && stored == 1) && !(sum == 0xffffffffu && stored == 0xfffffffeu)) {
    set_bad (error, "corrupt registry hive (header checksum 0x%08x at 0x1fc, expected 0x%08x)", stored, sum);
    return FALSE;
  }
  uint32_t bins = ws_le32 (h + HDR_BINS_SIZE);
  if (bins % 4096 != 0 || bins == 0) {
    set_bad (error, "corrupt registry hive (bins size %u is not a positive multiple of 4096)", bins);
    return FALSE;
  }
  if (BASE_BLOCK + (uint64_t) bins > file_size) {
    set_bad (error, "truncated (the header's bins size at 0x28 announces %" G_GUINT64_FORMAT " bytes, the file holds %"
             G_GUINT64_FORMAT ")", BASE_BLOCK + (uint64_t) bins, file_size);
    return FALSE;
  }
  *bins_end = BASE_BLOCK + (uint64_t) bins;
  return TRUE;
}

regf *
regf_open (const struct regf_source *source, GError **error)
{
  g_autoptr (regf) r = g_new0 (regf, 1);
  r->src = *source;
  r->chunks = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  if (source->size < BASE_BLOCK + 4096) {
    set_bad (error, "not a registry hive (%" G_GUINT64_FORMAT " bytes, too short)", source->size);
    return NULL;
  }
  uint8_t h[BASE_BLOCK];
  if (!read_at (r, 0, sizeof h, h, error) || !check_header (h, source->size, &r->bins_end, error))
    return NULL;
  uint8_t bin[4];
  if (!read_at (r, BASE_BLOCK, sizeof bin, bin, error))
    return NULL;
  if (memcmp (bin, "hbin", 4) != 0) {
    set_bad (error, "corrupt registry hive (no bin at offset 0x1000)");
    return NULL;
  }
  r->root = from_cell (ws_le32 (h + HDR_ROOT));
  uint32_t size;
  g_autoptr (GError) e = NULL;
  if (!cell_size (r, r->root, "nk", &size, &e)) {
    set_bad (error, "corrupt registry hive (root key: %s)", e->message);
    return NULL;
  }
  return g_steal_pointer (&r);
}

struct file_source {
  int fd;
};

static size_t
file_read (void *ctx, uint64_t offset, size_t length, uint8_t *buf, GError **error)
{
  struct file_source *f = ctx;
  ssize_t n;
  do
    n = pread (f->fd, buf, length, (off_t) offset);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot read at offset %" G_GUINT64_FORMAT ": %s",
                 offset, g_strerror (errno));
  return n < 0 ? 0 : (size_t) n;
}

static void
file_free (void *ctx)
{
  struct file_source *f = ctx;
  close (f->fd);
  g_free (f);
}

regf *
regf_open_file (const char *path, GError **error)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd == -1 || fstat (fd, &st) == -1) {
    int e = errno;
    if (fd != -1)
      close (fd);
    g_set_error_literal (error, WS_ERROR, e == ENOMEM ? WS_EXIT_INTERNAL : WS_EXIT_BAD_INPUT, g_strerror (e));
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    close (fd);
    set_bad (error, "not a regular file");
    return NULL;
  }
  struct file_source *f = g_new (struct file_source, 1);
  f->fd = fd;
  struct regf_source src = { .size = (uint64_t) st.st_size, .read = file_read, .ctx = f, .free_ctx = file_free };
  return regf_open (&src, error);
}

void
regf_free (regf *r)
{
  if (r == NULL)
    return;
  if (r->chunks)
    g_hash_table_unref (r->chunks);
  if (r->src.free_ctx)
    r->src.free_ctx (r->src.ctx);
  g_free (r);
}

uint64_t
regf_root (const regf *r)
{
  return r->root;
}

uint64_t
regf_chunks_read (const regf *r)
{
  return r->chunks_read;
}

/* UTF-16LE code units as UTF-8, up to the first NUL, with U+FFFD for each unpaired surrogate:
 * Windows does not check key names, and a name must not make a whole hive unreadable. */
static char *
utf16_lossy (const uint8_t *raw, size_t units)
{
  GString *s = g_string_sized_new (units);
  for (size_t i = 0; i < units; i++) {
    gunichar c = raw[2 * i] | raw[2 * i + 1] << 8;
    if (c == 0)
      break;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < units) {
      gunichar lo = raw[2 * i + 2] | raw[2 * i + 3] << 8;
      if (lo >= 0xdc00 && lo < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    g_string_append_unichar (s, c >= 0xd800 && c < 0xe000 ? 0xfffd : c);
  }
  return g_string_free (s, FALSE);
}

/* A name stored one byte per character (Latin-1) or in UTF-16LE, as UTF-8; a NUL ends it. */
static char *
decode_name (const uint8_t *raw, size_t len, gboolean compressed)
{
  if (!compressed)
    return utf16_lossy (raw, len / 2);
  GString *s = g_string_sized_new (len);
  for (size_t i = 0; i < len && raw[i]; i++)
    g_string_append_unichar (s, raw[i]);
  return g_string_free (s, FALSE);
}

/* The name at field name_at of length field len_at (16 bits) of a record. */
static char *
record_name (regf *r, uint64_t off, const char *sig, uint32_t flags_at, uint32_t flag, uint32_t len_at,
             uint32_t name_at, GError **error)
{
  uint32_t size;
  uint8_t fixed[NK_NAME];
  if (!record (r, off, sig, name_at, fixed, &size, error))
    return NULL;
  size_t len = fixed[len_at] | fixed[len_at + 1] << 8;
  g_autofree uint8_t *raw = g_malloc (len + 1);
  if (!cell_read (r, off, size, name_at, len, raw, error))
    return NULL;
  gboolean compressed = (fixed[flags_at] | fixed[flags_at + 1] << 8) & flag;
  return decode_name (raw, len, compressed);
}

char *
regf_key_name (regf *r, uint64_t key, GError **error)
{
  return record_name (r, key, "nk", NK_FLAGS, NK_COMPRESSED_NAME, NK_NAME_LEN, NK_NAME, error);
}

uint64_t
regf_key_parent (regf *r, uint64_t key, GError **error)
{
  uint32_t size, s;
  uint8_t fixed[NK_PARENT + 4];
  if (!record (r, key, "nk", sizeof fixed, fixed, &size, error))
    return 0;
  uint64_t parent = from_cell (ws_le32 (fixed + NK_PARENT));
  return cell_size (r, parent, "nk", &s, error) ? parent : 0;
}

/* A key record's fixed fields (everything before its name). */
static gboolean
key_fields (regf *r, uint64_t key, uint8_t fixed[NK_NAME], GError **error)
{
  uint32_t size;
  return record (r, key, "nk", NK_NAME, fixed, &size, error);
}

gboolean
regf_key_counts (regf *r, uint64_t key, uint32_t *subkeys, uint32_t *values, GError **error)
{
  uint8_t fixed[NK_NAME];
  if (!key_fields (r, key, fixed, error))
    return FALSE;
  *subkeys = ws_le32 (fixed + NK_SUBKEYS);
  *values = ws_le32 (fixed + NK_VALUES);
  return TRUE;
}

/* The offsets listed by a record: count entries of width bytes (the offset first) from
 * LIST_ENTRIES (or CELL_DATA for a plain offset array), appended to out, which may not grow past
 * max entries. */
static gboolean
list_offsets (regf *r, uint64_t off, uint32_t size, uint32_t first, size_t count, size_t width,
              GArray *out, size_t max, GError **error)
{
  if (out->len + count > max) {
    set_bad (error, "the list at offset 0x%" G_GINT64_MODIFIER "x holds more entries than its key "
             "declares (%zu)", off, max);
    return FALSE;
  }
  /* Checked before anything is allocated: count comes from the file. */
  if (first + count * width > size) {
    set_bad (error, "the list at offset 0x%" G_GINT64_MODIFIER "x (%u bytes) is too short for its "
             "%zu entries", off, size, count);
    return FALSE;
  }
  g_autofree uint8_t *buf = g_malloc (count * width + 1);
  if (!cell_read (r, off, size, first, count * width, buf, error))
    return FALSE;
  for (size_t i = 0; i < count; i++) {
    uint64_t o = from_cell (ws_le32 (buf + i * width));
    g_array_append_val (out, o);
  }
  return TRUE;
}

/* A key's declared count, which sizes what listing it returns: every subkey and value is a
 * record of its own, so a count the bins could not hold is a lie (and must not size memory). */
static gboolean
plausible_count (regf *r, uint64_t key, uint32_t n, const char *what, GError **error)
{
  if ((uint64_t) n * 8 <= r->bins_end - BASE_BLOCK)
    return TRUE;
  set_bad (error, "the key at offset 0x%" G_GINT64_MODIFIER "x declares %u %s, more than the hive "
           "could hold", key, n, what);
  return FALSE;
}

/* The entries of a leaf list (lf and lh: offset and hash; li: offset). */
static gboolean
leaf_entries (regf *r, uint64_t off, GArray *out, size_t max, gboolean allow_index, GError **error)
{
  uint32_t size;
  uint8_t head[LIST_ENTRIES];
  if (!record (r, off, NULL, sizeof head, head, &size, error))
    return FALSE;
  size_t count = head[LIST_COUNT] | head[LIST_COUNT + 1] << 8;
  const uint8_t *sig = head + 4;
  if (memcmp (sig, "lf", 2) == 0 || memcmp (sig, "lh", 2) == 0)
    return list_offsets (r, off, size, LIST_ENTRIES, count, 8, out, max, error);
  if (memcmp (sig, "li", 2) == 0)
    return list_offsets (r, off, size, LIST_ENTRIES, count, 4, out, max, error);
  if (allow_index && memcmp (sig, "ri", 2) == 0) {
    /* An index root lists leaves; one level only, as Windows writes them. */
    g_autoptr (GArray) leaves = g_array_new (FALSE, FALSE, sizeof (uint64_t));
    if (!list_offsets (r, off, size, LIST_ENTRIES, count, 4, leaves, G_MAXUINT16, error))
      return FALSE;
    for (guint i = 0; i < leaves->len; i++)
      if (!leaf_entries (r, g_array_index (leaves, uint64_t, i), out, max, FALSE, error))
        return FALSE;
    return TRUE;
  }
  set_bad (error, "the subkey list at offset 0x%" G_GINT64_MODIFIER "x is not an lf, lh, li%s record",
           off, allow_index ? " or ri" : "");
  return FALSE;
}

/* A key's subkeys (subkeys) or values: the declared count, then the list it points at. */
static GArray *
key_list (regf *r, uint64_t key, gboolean subkeys, GError **error)
{
  uint8_t fixed[NK_NAME];
  if (!key_fields (r, key, fixed, error))
    return NULL;
  uint32_t n = ws_le32 (fixed + (subkeys ? NK_SUBKEYS : NK_VALUES));
  uint64_t list = from_cell (ws_le32 (fixed + (subkeys ? NK_SUBKEY_LIST : NK_VALUE_LIST)));
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  if (n == 0)
    return g_steal_pointer (&out);
  if (!plausible_count (r, key, n, subkeys ? "subkeys" : "values", error))
    return NULL;
  uint32_t size;
  gboolean ok = subkeys ? leaf_entries (r, list, out, n, TRUE, error)
    : cell_size (r, list, NULL, &size, error) && list_offsets (r, list, size, CELL_DATA, n, 4, out, n, error);
  if (!ok)
    return NULL;
  /* Windows and hivex require the lists to hold exactly the count (a value list is read at it). */
  if (out->len != n) {
    set_bad (error, "the key at offset 0x%" G_GINT64_MODIFIER "x declares %u subkeys and lists %u",
             key, n, out->len);
    return NULL;
  }
  return g_steal_pointer (&out);
}

GArray *
regf_key_subkeys (regf *r, uint64_t key, GError **error)
{
  return key_list (r, key, TRUE, error);
}

GArray *
regf_key_values (regf *r, uint64_t key, GError **error)
{
  return key_list (r, key, FALSE, error);
}

char *
regf_value_name (regf *r, uint64_t value, GError **error)
{
  return record_name (r, value, "vk", VK_FLAGS, VK_COMPRESSED_NAME, VK_NAME_LEN, VK_NAME, error);
}

gboolean
regf_value_info (regf *r, uint64_t value, uint32_t *type, size_t *len, GError **error)
{
  uint32_t size;
  uint8_t fixed[VK_NAME];
  if (!record (r, value, "vk", sizeof fixed, fixed, &size, error))
    return FALSE;
  *type = ws_le32 (fixed + VK_TYPE);
  *len = ws_le32 (fixed + VK_DATA_LEN) & ~VK_DATA_INLINE;
  return TRUE;
}

/* Data kept in big-data segments: a "db" record listing segment cells, each holding its share of
 * the data after its size field and followed by 4 bytes of padding. */
static uint8_t *
big_data (regf *r, uint64_t db, uint32_t db_size, size_t *len, GError **error)
{
  uint8_t head[DB_SEGMENTS + 4];
  if (!cell_read (r, db, db_size, 0, sizeof head, head, error))
    return NULL;
  size_t count = head[LIST_COUNT] | head[LIST_COUNT + 1] << 8;
  uint64_t list = from_cell (ws_le32 (head + DB_SEGMENTS));
  uint32_t list_size;
  g_autoptr (GArray) segs = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  if (!cell_size (r, list, NULL, &list_size, error) ||
      !list_offsets (r, list, list_size, CELL_DATA, count, 4, segs, count, error))
    return NULL;
  /* What the segments hold, before anything is allocated: the declared length comes from the
   * file, and a short set of segments gives a shorter value (as hivex reads it). */
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (uint32_t));
  size_t held = 0;
  for (guint i = 0; i < segs->len && held < *len; i++) {
    uint32_t seg_size;
    if (!cell_size (r, g_array_index (segs, uint64_t, i), NULL, &seg_size, error))
      return NULL;
    g_array_append_val (sizes, seg_size);
    held += seg_size - 8;
  }
  *len = MIN (*len, held);
  g_autofree uint8_t *out = g_malloc (*len + 1);
  size_t got = 0;
  for (guint i = 0; i < sizes->len && got < *len; i++) {
    uint32_t seg_size = g_array_index (sizes, uint32_t, i);
    size_t n = MIN ((size_t) (seg_size - 8), *len - got);
    if (!cell_read (r, g_array_index (segs, uint64_t, i), seg_size, CELL_DATA, n, out + got, error))
      return NULL;
    got += n;
  }
  *len = got;
  return g_steal_pointer (&out);
}

uint8_t *
regf_value_data (regf *r, uint64_t value, size_t *len, GError **error)
{
  uint32_t size;
  uint8_t fixed[VK_NAME];
  if (!record (r, value, "vk", sizeof fixed, fixed, &size, error))
    return NULL;
  uint32_t raw_len = ws_le32 (fixed + VK_DATA_LEN);
  *len = raw_len & ~VK_DATA_INLINE;
  if (raw_len & VK_DATA_INLINE) {
    if (*len > 4) {
      set_bad (error, "the value at offset 0x%" G_GINT64_MODIFIER "x declares %zu bytes of inline data",
               value, *len);
      return NULL;
    }
    return g_memdup2 (fixed + VK_DATA, MAX (*len, (size_t) 1));
  }
  if (*len == 0)
    return g_malloc0 (1);
  uint64_t data = from_cell (ws_le32 (fixed + VK_DATA));
  uint32_t data_size;
  if (!cell_size (r, data, NULL, &data_size, error))
    return NULL;
  if (*len <= data_size - CELL_DATA) {
    g_autofree uint8_t *out = g_malloc (*len);
    if (!cell_read (r, data, data_size, CELL_DATA, *len, out, error))
      return NULL;
    return g_steal_pointer (&out);
  }
  uint8_t sig[2];
  if (!cell_read (r, data, data_size, 4, 2, sig, error))
    return NULL;
  if (memcmp (sig, "db", 2) != 0) {
    set_bad (error, "the value at offset 0x%" G_GINT64_MODIFIER "x declares %zu bytes, more than its "
             "data cell holds", value, *len);
    return NULL;
  }
  return big_data (r, data, data_size, len, error);
}

uint64_t
regf_bins_end (const regf *r)
{
  return r->bins_end;
}

gboolean
regf_read_raw (regf *r, uint64_t off, size_t len, uint8_t *buf, GError **error)
{
  if (off > r->src.size || len > r->src.size - off) {
    set_bad (error, "offset 0x%" G_GINT64_MODIFIER "x (%zu bytes) is outside the file", off, len);
    return FALSE;
  }
  return read_at (r, off, len, buf, error);
}

gboolean
regf_cell (regf *r, uint64_t off, const char *sig, uint32_t *size, GError **error)
{
  return cell_size (r, off, sig, size, error);
}

gboolean
regf_cell_read (regf *r, uint64_t off, uint32_t size, uint32_t at, size_t len, uint8_t *buf,
                GError **error)
{
  return cell_read (r, off, size, at, len, buf, error);
}
