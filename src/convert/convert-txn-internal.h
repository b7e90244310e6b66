/* convert-txn-internal: what convert-txn.c and convert-txn-hive.c share; nothing else includes it. */
#ifndef WS_CONVERT_TXN_INTERNAL_H
#define WS_CONVERT_TXN_INTERNAL_H

#include "convert-txn.h"
#include "regf-undo.h"

/* A hive patched in place (txn_add_hive_patch). */
struct txn_hive {
  char *guest;        /* as queued */
  char *real;         /* as the guest resolves it (set when the commit starts) */
  char *undo_path;    /* guest path of its undo record */
  regf_undo *undo;    /* the patch's steps, new and old bytes */
  gboolean *done;     /* steps written (or tried: a failed write may have landed in part) */
};

struct txn {
  guest *g;
  char *stamp;
  GPtrArray *files;     /* struct txn_file * */
  GPtrArray *hives;     /* struct txn_hive *, patched after every file is in place */
  GPtrArray *new_dirs;  /* guest directories we created, in creation order */
  GHashTable *dirs;     /* lower-cased directory path -> the real-case path this run uses for it */
  guint writes;         /* fault-injection counter */
  GPtrArray *backups;   /* kept backups (char *) + NULL */
  GPtrArray *written;   /* char * + NULL */
  GPtrArray *warnings;  /* char *: harmless leftovers after a commit */
};

/* convert-txn.c: every guest write calls it first (interruption and fault injection). */
gboolean txn_write_step (txn *t, GError **error);

/* convert-txn-hive.c */
void txn_hive_free (gpointer p);
/* Write every hive's steps, stage by stage across hives, flushing between stages. */
gboolean txn_hives_write (txn *t, GError **error);
/* After the final flush: each hive holds the bytes written and has its new size; a mismatch is
 * WS_EXIT_ROLLED_BACK. */
gboolean txn_hives_check (txn *t, GError **error);
/* Put the old bytes back where steps were written, in reverse stage order with flushes between,
 * then the old size; what could not be undone is appended to left ("; ..."). */
void txn_hives_undo (txn *t, GString *left);
/* After the rollback's flush: what is still not as it was, appended to left. */
void txn_hives_check_undone (txn *t, GString *left);

#endif
