/* inf-parse: INF text -> sections of lines, a string table and %strkey% substitution.
 *
 * Pure: the caller hands over the file's bytes (from a directory, an ISO or a fuzzer); nothing
 * here opens files.  The input is hostile: every limit below is checked and every problem is a
 * GError (WS_ERROR / WS_EXIT_BAD_INPUT) whose message names the file and line:
 *   cannot parse 'viostor/w10/amd64/viostor.inf' line 42: unterminated string in [Strings] ...
 *
 * What is understood (Microsoft "General Syntax Rules for INF Files", "INF Strings Section"):
 *   - encodings: UTF-16LE or UTF-16BE with BOM, UTF-16LE without BOM, UTF-8 with or without
 *     BOM, otherwise ANSI (Windows-1252); CRLF or LF line ends; Ctrl-Z ends the text
 *   - [section] headers, names compared ASCII case-insensitively; a name used twice is one
 *     section whose lines keep their file order
 *   - "key = value, value" lines and bare "value, value" lines; ';' starts a comment outside
 *     quotes; "..." quotes with "" for a literal quote; '\' at the end of a line continues it
 *   - [Strings] and [Strings.<locale>] (locale first, then [Strings]); %strkey% substitution
 *     with %% for a literal '%'; %<number>% is a DIRID reference and is kept as written
 *
 * Lifetimes: struct inf_file owns everything reachable from it; the pointers the lookup
 * functions return are borrowed and live as long as the inf_file.
 */
#ifndef WS_INF_PARSE_H
#define WS_INF_PARSE_H

#include <stddef.h>
#include <glib.h>

/* Limits.  Real virtio-win INFs are under 100 KiB; inbox INFs reach a few MiB. */
#define INF_MAX_FILE_SIZE (32u * 1024 * 1024) /* bytes of the file as stored */
#define INF_MAX_LINE_LEN 65536                /* characters of one line after '\' joins */
#define INF_MAX_FIELD_LEN 4096                /* MAX_INF_STRING_LENGTH of setupapi.h */
#define INF_MAX_FIELDS 16384                  /* values on one line (binary AddReg data) */
#define INF_MAX_SECTIONS 16384                /* distinct section names */
#define INF_MAX_SECTION_NAME 255              /* MAX_SECT_NAME_LEN of setupapi.h */
#define INF_MAX_EXPANSION_DEPTH 8             /* %a% -> "%b%" -> ... nesting inside [Strings] */

enum inf_encoding {
  INF_ENC_UTF8,      /* no BOM; plain ASCII is reported as this */
  INF_ENC_UTF8_BOM,
  INF_ENC_UTF16LE,   /* with or without BOM */
  INF_ENC_UTF16BE,
  INF_ENC_ANSI,      /* not valid UTF-8: read as Windows-1252 */
};

struct inf_line {
  guint lineno;     /* first physical line, 1-based */
  char *key;        /* text before '=' (quotes removed, trimmed); NULL on a bare line */
  guint n_fields;
  char **fields;    /* n_fields values, NULL-terminated; quotes removed, %strkey% NOT substituted */
};

struct inf_section {
  char *name;       /* as spelled at its first header */
  guint lineno;     /* line of the first header */
  GPtrArray *lines; /* struct inf_line *, owned */
};

struct inf_string {
  char *key;        /* as written */
  char *value;      /* quotes removed, not yet substituted */
  guint lineno;
};

struct inf_file {
  char *name;              /* name used in messages, e.g. "viostor/w10/amd64/viostor.inf" */
  enum inf_encoding encoding;
  guint n_lines;           /* physical lines */
  GPtrArray *sections;     /* struct inf_section *, in order of first appearance, owned */
  GHashTable *by_name;     /* section name (ASCII case-insensitive) -> struct inf_section * */
  char *locale;            /* "0409" */
  GHashTable *strings;     /* ASCII-lower-cased key -> struct inf_string *, owned */
};

/* Parse an INF.  `name` is used in error messages; `locale` (e.g. "0409", NULL = "0409") picks
 * the [Strings.<locale>] section consulted before [Strings].  NULL and *error set on failure. */
struct inf_file *inf_file_parse (const void *buf, size_t len, const char *name, const char *locale,
                                 GError **error);
void inf_file_free (struct inf_file *inf);
typedef struct inf_file inf_file;   /* for g_autoptr (inf_file) */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (inf_file, inf_file_free)

/* A section by name (ASCII case-insensitive); NULL when absent. */
const struct inf_section *inf_file_section (const struct inf_file *inf, const char *name);

/* The first line of `section` whose key is `key` (ASCII case-insensitive); NULL when absent. */
const struct inf_line *inf_section_find (const struct inf_section *section, const char *key);

/* A [Strings] entry by key (ASCII case-insensitive); NULL when undefined. */
const struct inf_string *inf_file_string (const struct inf_file *inf, const char *key);

/* Substitute %strkey% and %% in `text` (a value from line `lineno`).  An undefined key is an
 * error; a %number% DIRID token stays as written.  Returns a new string (g_free) or NULL. */
char *inf_file_expand (const struct inf_file *inf, const char *text, guint lineno, GError **error);

/* Field i of a line, substituted (g_free); "" when the line has fewer fields. */
char *inf_line_field (const struct inf_file *inf, const struct inf_line *line, guint i, GError **error);
/* The fields of a line from `first` to its end, substituted, the empty ones left out: a list value such as
 * Dependencies or an AddReg REG_MULTI_SZ.  A NULL-terminated array (g_strfreev) or NULL. */
char **inf_line_fields_from (const struct inf_file *inf, const struct inf_line *line, guint first,
                             GError **error);

/* Set *error to "cannot parse '<file>' line <n>: <message>" and return FALSE. */
gboolean inf_error (GError **error, const char *file, guint lineno, const char *fmt, ...)
  G_GNUC_PRINTF (4, 5);

/* inf-decode.c: the file's bytes -> UTF-8 text (g_free), newlines preserved so that line
 * numbers stay those of the file.  `name` is used in error messages. */
char *inf_decode (const void *buf, size_t len, const char *name, enum inf_encoding *encoding,
                  GError **error);

#endif
