/* setupapi-log: a streaming reader of the logs Windows writes when it installs devices.
 *
 * Reads setupapi.dev.log / setupapi.app.log (Vista and later: ">>>  [Title - instance]" section
 * headers, "<<<  [Exit status: ...]" footers, "dvi:"/"sto:"/... entries with "!" warnings and
 * "!!!" errors, nested "{Name ...}" ... "{Name - exit(0x...)}" blocks) and the XP/2003
 * setupapi.log ("[2010/04/30 12:00:00 123.45 Driver Install]" markers, "#I121"/"#W059"/"#E122"
 * messages).  Input may be UTF-8 (or ANSI), or UTF-16LE with or without a BOM, with LF or CRLF.
 *
 * Pure and streaming: the caller feeds bytes in chunks of any size (file I/O stays in diagnose.c);
 * the reader keeps one line and the state of the current section only, and hands each finished
 * section and each imported driver package to callbacks.  Memory is bounded by the SETUPAPI_MAX_*
 * limits below, whatever the size of the log.
 *
 * Calling sequence:
 *   struct setupapi_callbacks cb = { on_install, on_package, data };
 *   g_autoptr (setupapi_log) log = setupapi_log_new (&cb);
 *   while (read (fd, buf, sizeof buf) > 0) if (!setupapi_log_feed (log, buf, n, &err)) ...;
 *   if (!setupapi_log_finish (log, &err)) ...;        (flushes the last section)
 *   const struct setupapi_stats *st = setupapi_log_stats (log);
 * Errors (GError domain WS_ERROR, code WS_EXIT_BAD_INPUT): binary data at the start of the log, or
 * a log in which nothing SetupAPI-like was found.  Everything else is tolerated and counted.
 */
#ifndef WS_SETUPAPI_LOG_H
#define WS_SETUPAPI_LOG_H

#include <stdint.h>
#include <glib.h>

#include "setupapi-codes.h"

/* Limits: these stop hostile or damaged logs, not real ones.  Microsoft documents an entry as at
 * most 336 characters ("Format of a Text Log Section Body"); INF paths make real lines longer, so
 * keep room.  Longer lines are cut and counted. */
#define SETUPAPI_MAX_LINE 4096
#define SETUPAPI_MAX_DEPTH 64        /* nested {blocks} tracked; deeper ones are counted only */
#define SETUPAPI_MAX_BLOCK_NAME 64   /* bytes of a block name kept for matching its exit */
#define SETUPAPI_MAX_ERRORS 8        /* "!!!" lines kept per section (all are counted) */
#define SETUPAPI_SNIFF_BYTES 4096    /* decoded bytes examined for binary data */

enum setupapi_result {
  SETUPAPI_RESULT_OK,            /* installed (or, for other sections, succeeded) */
  SETUPAPI_RESULT_NO_DEVICE,     /* nothing to install: no matching device present (0xe000020b) */
  SETUPAPI_RESULT_NULL_DRIVER,   /* the device was given the NULL driver: it has no driver */
  SETUPAPI_RESULT_FAILED,        /* the section ended in failure */
  SETUPAPI_RESULT_INTERRUPTED,   /* no end: a new boot session began (cut by a reboot) */
  SETUPAPI_RESULT_TRUNCATED,     /* the log ends inside the section */
  SETUPAPI_RESULT_UNKNOWN,       /* no outcome was logged */
};

/* Short stable name ("ok", "null-driver", ...) and whether it counts as a failed install. */
const char *setupapi_result_name (enum setupapi_result r);
gboolean setupapi_result_is_failure (enum setupapi_result r);

/* One section: a device install, a package import, or another operation.  Borrowed by the
 * install callback; copy what you keep. */
struct setupapi_install {
  enum setupapi_kind kind;
  gboolean xp_format;        /* from an XP/2003 setupapi.log */
  char *title;               /* "Device Install (Hardware initiated)"; NULL when the log starts mid-section */
  char *target;              /* the header's instance part (device ID, INF path...), or NULL */
  char *device;              /* device instance ID, when the section names one */
  char *boot;                /* time stamp of the boot session it belongs to, or NULL */
  char *start, *end;         /* "2017/03/29 20:06:28.109", or NULL */
  unsigned long line;        /* line number of the header (1-based) */
  gboolean has_status;
  uint32_t status;           /* exit status: 0 for SUCCESS, the code of FAILURE(0x...) */
  gboolean reboot;           /* the log says a reboot is needed to finish */
  gboolean null_driver;      /* "Installing NULL driver" */
  struct setupapi_driver driver;
  enum setupapi_result result;
  gboolean has_cause;        /* cause_code is the first failure code in the section */
  uint32_t cause_code;
  char *cause_line;          /* the line that carries the cause (trimmed), or NULL */
  char *failed_step;         /* innermost {block} that exited with a failure code, or NULL */
  unsigned warnings, errors; /* "!" and "!!!" lines (XP: #W and #E) */
  GPtrArray *error_lines;    /* char *: the first SETUPAPI_MAX_ERRORS "!!!" lines */
};

struct setupapi_callbacks {
  void (*install) (const struct setupapi_install *ins, void *opaque);
  void (*package) (const struct setupapi_package *pkg, void *opaque);
  void *opaque;
};

enum setupapi_encoding { SETUPAPI_ENC_UNKNOWN, SETUPAPI_ENC_UTF8, SETUPAPI_ENC_UTF16LE };

struct setupapi_stats {
  enum setupapi_encoding encoding;
  gboolean bom;
  gboolean xp_format;            /* XP/2003 markers seen */
  guint64 bytes;                 /* input bytes fed */
  unsigned long lines;
  unsigned long sections;
  unsigned long boot_sessions;
  unsigned long warnings, errors;
  unsigned long long_lines;      /* cut at SETUPAPI_MAX_LINE */
  unsigned long nul_bytes;       /* skipped (a crash leaves runs of NULs at the end of a log) */
  unsigned long deep_blocks;     /* {blocks} beyond SETUPAPI_MAX_DEPTH */
  unsigned long unmatched_exits; /* block exits with no matching opening */
  gboolean partial_last_line;    /* the log does not end with a newline: its last line was ignored */
  char *truncated_in;            /* "Title - target (started ...)" when the log ends inside a section */
};

typedef struct setupapi_log setupapi_log;

setupapi_log *setupapi_log_new (const struct setupapi_callbacks *cb);
gboolean setupapi_log_feed (setupapi_log *log, const void *buf, size_t len, GError **error);
gboolean setupapi_log_finish (setupapi_log *log, GError **error);
const struct setupapi_stats *setupapi_log_stats (const setupapi_log *log);
void setupapi_log_free (setupapi_log *log);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (setupapi_log, setupapi_log_free)

#endif
