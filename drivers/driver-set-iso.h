/* driver-set-iso: ISO 9660 images for driver-set.c (not used elsewhere). */
#ifndef WS_DRIVER_SET_ISO_H
#define WS_DRIVER_SET_ISO_H

#include <glib.h>

/* TRUE when `path` starts like an ISO 9660 image ("CD001" in the first volume descriptor). */
gboolean driver_set_iso_probe (const char *path);

/* Open the image and index every file: `files` gets lower-cased path -> path. */
struct driver_set_iso *driver_set_iso_open (const char *path, GHashTable *files, GError **error);
void driver_set_iso_free (struct driver_set_iso *iso);

/* A file by relative path, at most max_size bytes. */
GBytes *driver_set_iso_read (struct driver_set_iso *iso, const char *relpath, gsize max_size, GError **error);

#endif
