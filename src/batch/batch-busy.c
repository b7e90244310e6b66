/* batch-busy: is an image locked by another run?  See batch.h.
 *
 * convert refuses a busy image with exit 6, the same status as a guest unsafe to change; but a
 * busy image is worth retrying later and a hibernated guest is not.  The batch tells them apart
 * by probing the lock itself, before starting the guest and again after an exit 6.
 */
#include <config.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "batch.h"
#include "banned.h"

gboolean
batch_disk_busy (const struct batch_guest *g, const char **which)
{
  for (guint i = 0; i < g->disks->len; i++) {
    const struct guest_disk *d = g_ptr_array_index (g->disks, i);
    int fd = open (d->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd == -1)
      continue;   /* the child reports it */
    gboolean busy = flock (fd, LOCK_EX | LOCK_NB) == -1;
    close (fd);   /* releases the probe's lock at once */
    if (busy) {
      *which = d->path;
      return TRUE;
    }
  }
  return FALSE;
}
