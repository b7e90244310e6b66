/* convert-domain: `convert --libvirt-xml FILE`, the libvirt domain of the converted guest
 * (docs/vm-definition.md).  The guest's facts are those `winseed domain` reads
 * (session-domain.h), except what this conversion decided: the bus is the one whose driver it
 * installed, the optional devices include the drivers it installed (the SYSTEM hive the session
 * read is the one from before the commit), and with --output the disks are the new images. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-internal.h"
#include "banned.h"

/* The bus the converted guest boots on: virtio-blk when viostor was installed (with both, as
 * `winseed domain` picks it too), else virtio-scsi; NULL when neither was (the hive decides). */
static const char *
converted_bus (const GPtrArray *packages)
{
  const char *bus = NULL;
  for (guint i = 0; packages && i < packages->len; i++) {
    const struct convert_package *p = g_ptr_array_index (packages, i);
    if (g_strcmp0 (p->role, "block") == 0)
      return "virtio-blk";
    if (g_strcmp0 (p->role, "scsi") == 0)
      bus = "virtio-scsi";
  }
  return bus;
}

/* Every service the conversion's packages install. */
static char **
installed_services (const GPtrArray *packages)
{
  GPtrArray *all = g_ptr_array_new ();
  for (guint i = 0; packages && i < packages->len; i++) {
    const struct convert_package *p = g_ptr_array_index (packages, i);
    for (size_t j = 0; p->services && p->services[j]; j++)
      g_ptr_array_add (all, g_strdup (p->services[j]));
  }
  g_ptr_array_add (all, NULL);
  return (char **) g_ptr_array_free (all, FALSE);
}

session_domain *
conv_domain_gather (session *s, const struct convert_opts *o, const struct ws_windows *w,
                    const GPtrArray *packages, GError **error)
{
  g_auto (GStrv) services = installed_services (packages);
  return session_domain_gather (s, w, o->session.disks, converted_bus (packages), services, error);
}

gboolean
conv_domain_write (session_domain *d, const struct convert_opts *o, const GPtrArray *outputs,
                   struct session_domain_doc *doc, GError **error)
{
  for (guint i = 0; outputs && i < outputs->len; i++) {
    const struct convert_output *out = g_ptr_array_index (outputs, i);
    session_domain_set_disk (d, i, out->path, out->format);
  }
  if (!session_domain_build (d, &o->vm, doc, error))
    return FALSE;
  /* Whole or not at all: g_file_set_contents writes a temporary file beside it and renames it. */
  GError *e = NULL;
  if (g_file_set_contents (o->libvirt_xml, doc->xml, -1, &e))
    return TRUE;
  g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "the guest is converted, but its domain cannot be "
               "written to '%s': %s", o->libvirt_xml, e->message);
  g_error_free (e);
  session_domain_doc_clear (doc);
  return FALSE;
}
