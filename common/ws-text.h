/* ws-text: text encodings and small value codecs shared by every layer.
 *
 * Registry strings are UTF-16LE; INF files may be UTF-16LE; winseed works in UTF-8 internally.
 * All functions here are pure (no I/O) and treat their input as hostile: lengths are checked and
 * malformed input gives a GError (domain WS_ERROR, code WS_EXIT_BAD_INPUT), never a crash.
 */
#ifndef WS_TEXT_H
#define WS_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <glib.h>

/* UTF-16LE (no BOM expected; a trailing NUL, if any, ends the string) -> newly allocated UTF-8.
 * An odd byte count or an unpaired surrogate is an error. */
char *ws_utf16le_to_utf8 (const void *buf, size_t len, GError **error);

/* UTF-8 -> newly allocated UTF-16LE including a terminating NUL; *len_out gets the byte count. */
void *ws_utf8_to_utf16le (const char *s, size_t *len_out, GError **error);

/* REG_MULTI_SZ payload (UTF-16LE strings, each NUL-terminated, list ended by an empty string or by
 * the end of the buffer) -> NULL-terminated UTF-8 string vector (g_strfreev). */
char **ws_multi_sz_decode (const void *buf, size_t len, GError **error);

/* NULL-terminated UTF-8 vector -> REG_MULTI_SZ payload (g_free); *len_out gets the byte count. */
void *ws_multi_sz_encode (const char *const *strv, size_t *len_out, GError **error);

/* Windows FILETIME (100 ns ticks since 1601-01-01 UTC) of midnight UTC on a calendar date.
 * Returns FALSE for a date Windows could not hold (before 1601, month/day out of range). */
gboolean ws_filetime_from_date (int year, int month, int day, uint64_t *out);

/* FILETIME -> "YYYY-MM-DD" (newly allocated); NULL when out of range. */
char *ws_filetime_to_date (uint64_t filetime);

/* Little-endian readers/writers for binary registry values. */
static inline uint32_t ws_le32 (const uint8_t *p)
{ return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24; }
static inline uint64_t ws_le64 (const uint8_t *p)
{ return (uint64_t) ws_le32 (p) | (uint64_t) ws_le32 (p + 4) << 32; }
static inline void ws_put_le32 (uint8_t *p, uint32_t v)
{ p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }
static inline void ws_put_le64 (uint8_t *p, uint64_t v)
{ ws_put_le32 (p, (uint32_t) v); ws_put_le32 (p + 4, (uint32_t) (v >> 32)); }

/* "{4D36E97B-E325-11CE-BFC1-08002BE10318}" (braces optional, any case) -> 16 bytes in Windows GUID
 * byte order (Data1..3 little-endian).  FALSE when not a GUID. */
gboolean ws_guid_parse (const char *text, uint8_t out[16]);
/* 16 bytes in Windows order -> "{4d36e97b-e325-11ce-bfc1-08002be10318}" (lower case, g_free). */
char *ws_guid_format (const uint8_t guid[16]);

/* ASCII-only case-insensitive hash/equal for GHashTable keys: registry and INF names compare the
 * same in every locale (docs/coding-style.md#ascii-only-case-insensitive-comparison). */
guint ws_ascii_case_hash (gconstpointer key);
gboolean ws_ascii_case_equal (gconstpointer a, gconstpointer b);

#endif
