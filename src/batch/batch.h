/* batch: many guests, one child `winseed convert` per guest, up to -j at once, resumable.
 *
 *   manifest ──> key (resume?) ──> child (convert --report) ──> state + summary + event
 *
 * The manifest is hostile input: every bound below is a named limit, every error names its line.
 * Each guest runs in its own process (and so its own appliance): a crash, a timeout or a kill
 * touches one guest only.  Results live in the output directory, each file written atomically
 * (temporary file + rename): <id>.report.json (the child's convert report), <id>.state.json (the
 * resume key and the result), <id>.log (the child's messages) and summary.json.
 */
#ifndef WS_BATCH_H
#define WS_BATCH_H

#include <stdio.h>
#include <sys/types.h>
#include <glib.h>

#include "guest.h"

/* Limits on the manifest (hostile input). */
#define BATCH_MAX_LINE 65536        /* bytes per manifest line */
#define BATCH_MAX_GUESTS 100000     /* lines per manifest */
#define BATCH_MAX_ID 64             /* an id is a file name in the output directory */
#define BATCH_MAX_DISKS 16          /* disks per guest */
#define BATCH_MAX_ALSO 16           /* "also" roles per guest */
#define BATCH_MAX_PATH 4096         /* PATH_MAX */
#define BATCH_MAX_ERRORS 100        /* --check reports at most this many problems */
#define BATCH_MAX_FILE (64 << 20)   /* bytes per manifest */

/* Options a guest's convert runs with: batch defaults, then the manifest line's own. */
struct batch_conv_opts {
  char *drivers;              /* absolute path of the driver set */
  char *block_driver;         /* viostor, vioscsi, both or NULL (convert's default) */
  gboolean no_network;
  GPtrArray *also;            /* char * */
  int timeout;                /* seconds, 0: none */
  gboolean keep_tools, keep_san_policy;
  char *firstboot;            /* service, setup-cmdline, none, or NULL (convert's default) */
  GPtrArray *nic_map;         /* char *: "OLD=NEW" MAC pairs; NULL when none */
  gboolean libvirt_xml;       /* the conversion writes the guest's domain to OUT/<id>.xml */
};

struct batch_guest {
  char *id;
  guint line;                 /* in the manifest, from 1 */
  GPtrArray *disks;           /* struct guest_disk *: path absolute, format NULL when probed */
  struct batch_conv_opts o;
};

/* batch-manifest.c: read every line of path into guests (struct batch_guest *), defaults
 * applying where a line says nothing; relative paths are relative to the manifest's directory.
 * Every problem (bad JSON, unknown key, wrong type, bad id, duplicate id, missing file) is one
 * line "MANIFEST:LINE: problem" in problems; FALSE with a WS_EXIT_BAD_INPUT error naming the count
 * when there is any, or when the file cannot be read. */
gboolean batch_manifest_read (const char *path, const struct batch_conv_opts *defaults,
                              GPtrArray *guests, GPtrArray *problems, GError **error);
void batch_guest_free (struct batch_guest *g);

/* batch-csv.c: a CSV manifest (its name ends in .csv) as one JSON object per row, each with the
 * line its row starts on (struct batch_record *, g_free the text and the record).  FALSE with
 * *bad_line on an unterminated quoted field. */
struct batch_record {
  guint line;
  char *text;
};
gboolean batch_csv_records (const char *text, GPtrArray *records, guint *bad_line);
void batch_conv_opts_clear (struct batch_conv_opts *o);

/* How a guest ended. */
enum batch_class {
  BATCH_OK,                   /* converted (exit 0) */
  BATCH_PERMANENT,            /* its input is the problem: the same run gives the same result */
  BATCH_TRANSIENT,            /* the host, a timeout, a busy image, a signal: worth retrying */
};
const char *batch_class_name (enum batch_class c);
/* The class of a convert exit status (-1: killed or timed out). */
enum batch_class batch_class_of (int exit_code);

/* batch-key.c: the resume key of a guest: the identity of each disk (device, inode, size, mtime,
 * ctime), a digest of the driver set (every file's relative path, size and mtime), the options
 * and the winseed version, as one sha256 hex string. */
char *batch_key (const struct batch_guest *g, GError **error);

/* A stored result: <out>/<id>.state.json. */
struct batch_state {
  char *key;
  int exit_code;
  enum batch_class cls;
  double seconds;
};
/* FALSE (no error) when there is no usable state file. */
gboolean batch_state_load (const char *out, const char *id, struct batch_state *st);
gboolean batch_state_save (const char *out, const char *id, const struct batch_state *st,
                           GError **error);
void batch_state_clear (struct batch_state *st);

/* batch-child.c: one running convert. */
struct batch_child {
  pid_t pid;                  /* also its process group */
  gint64 started;             /* g_get_monotonic_time () */
  gint64 deadline;            /* 0: none */
  gboolean killed;            /* timed out: its exit status no longer counts */
  gboolean termed;            /* SIGTERM sent; SIGKILL follows after a grace period */
};
/* Start `winseed convert` for g, its report to <out>/<id>.report.json, its messages to
 * <out>/<id>.log; fork and exec of /proc/self/exe, never a shell. */
gboolean batch_child_start (const struct batch_guest *g, const char *out, struct batch_child *c,
                            GError **error);
/* Non-blocking: TRUE once the child ended, its status in *exit_code (-1 when killed). */
gboolean batch_child_poll (struct batch_child *c, int *exit_code);
/* Signal the child's whole process group. */
void batch_child_signal (struct batch_child *c, int sig);

/* batch-busy.c: TRUE when one of g's disks is locked by another run (then *which is it). */
gboolean batch_disk_busy (const struct batch_guest *g, const char **which);

/* batch-summary.c: one guest's result, as the event stream and summary.json show it. */
struct batch_result {
  const struct batch_guest *g;
  gboolean done;
  gboolean resumed;
  int exit_code;              /* -1: killed (timeout or signal) */
  enum batch_class cls;
  double seconds;
  const char *reason;         /* "timeout", "busy", "interrupted" or NULL */
};
/* One JSON Lines event on f ("started", "finished", "resumed"), flushed. */
void batch_event (FILE *f, const char *event, const struct batch_result *r);
/* <out>/summary.json, atomically. */
gboolean batch_summary_write (const char *out, const struct batch_result *rs, guint n,
                              gboolean interrupted, GError **error);
/* A minimal report for a guest whose child wrote none (killed, busy, could not start). */
gboolean batch_report_stub (const char *out, const struct batch_result *r, const char *message,
                            GError **error);

/* batch-run.c: the whole batch. */
struct batch_opts {
  char *manifest;
  char *out;
  struct batch_conv_opts defaults;
  int jobs;                   /* 0: from cores and memory */
  gboolean check_only, force, retry_failed, halt;
};
struct batch_totals {
  guint total, converted, permanent, transient, resumed, not_run;
  gboolean interrupted;
};
/* Run the batch; events go to events.  FALSE only when the batch could not run at all (bad
 * manifest: WS_EXIT_BAD_INPUT); the guests' own failures are in totals. */
gboolean batch_run (const struct batch_opts *o, FILE *events, struct batch_totals *t,
                    GError **error);
/* The default -j: min(cores, MemAvailable / 1.5 GiB), at least 1. */
int batch_default_jobs (void);

#endif
