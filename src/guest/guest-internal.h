/* guest-internal: what guest.c and guest-files.c share; nothing else includes it. */
#ifndef WS_GUEST_INTERNAL_H
#define WS_GUEST_INTERNAL_H

#include <guestfs.h>

#include "guest.h"

/* Where the partitions' names come from (guest-files.c, list_partitions). */
enum partition_names {
  PARTITION_NAMES_TRY_TABLES,   /* not listed yet: from the disks' tables when the kernel reads them alike */
  PARTITION_NAMES_FROM_TABLES,  /* named from the tables, not listed by the appliance */
  PARTITION_NAMES_FROM_APPLIANCE,   /* listed by the appliance (a table it may read otherwise, or a
                                       name from a table turned out missing) */
};

struct guest {
  guestfs_h *g;
  gboolean readonly;
  gboolean launched;
  gboolean mounted_rw;     /* writes are allowed only after guest_remount_rw */
  gboolean unflushed;      /* written since the last guest_drop_caches (or not dropped since the rw mount) */
  char *mounted_ro;        /* the volume mounted read-only at "/", NULL when none (or read-write) */
  GPtrArray *roots;       /* struct guest_root * */
  char *no_root_reason;
  const GPtrArray *disks;  /* struct guest_disk * (the caller's) */
  GArray *disk_sizes;      /* guint64: each disk's size as the guest sees it, 0 when unknown (-a order) */
  GHashTable *labels;      /* whole-disk device -> its partition table (guest-files.c, read once) */
  GHashTable *fs_types;    /* volume -> "ntfs", "BitLocker" or "unknown", from its boot sector */
  GHashTable *dirs;        /* guest-paths.c: real-case directory -> its listing */
  GPtrArray *overlays;     /* char *: the overlay over each disk, when the sources are only read */
  GPtrArray *formats;      /* char *: the format qemu reads each disk as, from its check (-a order) */
  GArray *lock_fds;        /* int: one flock(2)ed descriptor per disk, closed by guest_free */
  char **devices;          /* whole disks and partitions, listed once (the disks never change) */
  char **partitions;
  enum partition_names partition_names;   /* where `partitions` came from, or will */
  int watchdog_fd;         /* guest-watchdog.c: its pipe's write end, -1 without */
  pid_t watchdog_pid;
};

/* libguestfs' last error as a GError; the caller's text says what was being done. */
void guest_set_error (GError **error, guest *g, int code, const char *fmt, ...) G_GNUC_PRINTF (4, 5);

/* guest-watchdog.c: a process of its own that ends the appliance if this one dies without doing
 * so (even by a SIGKILL of its whole process group); started before the launch, stopped after
 * guestfs_close. */
gboolean guest_watchdog_start (guest *g, GError **error);
void guest_watchdog_stop (guest *g);

/* guest-files.c: unmount what is mounted at "/" (read-only or read-write) and forget its
 * listings; TRUE when nothing was mounted.  The search for roots ignores a failure (error NULL):
 * the next mount fails with its own message. */
gboolean guest_unmount (guest *g, GError **error);

/* guest-files.c: partitions, or the whole devices when a disk has no partition table. */
char **guest_list_volumes (guest *g, GError **error);
/* guest-files.c: a partition named from its disk's table turned out missing: forget the names, so
 * that guest_list_volumes asks the appliance.  FALSE when the names came from the appliance. */
gboolean guest_mistrust_labels (guest *g);
/* guest-files.c: FALSE for a volume its table says never holds a Windows volume (GPT ESP, MSR),
 * which the root search and the BitLocker check need not read. */
gboolean guest_volume_may_hold_windows (guest *g, const char *volume);

/* guest-paths.c */
void guest_paths_init (guest *g);
void guest_paths_forget (guest *g);
/* Real-case path of path (a missing last component is kept as written); *type is the entry's
 * readdir type, 0 when it does not exist.  NULL when a directory on the way is missing. */
char *guest_paths_resolve (guest *g, const char *path, char *type);
/* Keep the listings right after a write: real is the real-case path written or removed. */
void guest_paths_added (guest *g, const char *real, char type);
void guest_paths_removed (guest *g, const char *real);
/* The names in a real-case directory, sorted as strcmp does (g_strfreev); NULL when it cannot
 * be listed. */
char **guest_paths_names (guest *g, const char *real);

#endif
