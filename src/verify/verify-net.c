/* verify-net: will the virtio NIC come up with the guest's network identity at first boot?
 * (docs/firstboot.md#verify).
 *
 * A NIC is no boot device: nothing stops at 0x7B when it lacks a driver, the guest just comes up
 * off the network, which for a migrated server is as bad.  So the walk asks what PnP asks when the
 * new adapter appears after boot: which driver (the DriverDatabase on 8 and later, an INF it can
 * find on XP..7), whether its service can start, and then whether the settings the old adapter
 * held will reach the new one (verify-firstboot.c). */
#include <config.h>

#include "ws-error.h"
#include "verify.h"
#include "banned.h"

#define NO_NETWORK "the virtio NIC gets no working driver and the guest comes up without network"

/* 8 and later: the DRIVERS hive holds the full DriverDatabase, which PnP loads to install a
 * device found after boot; SYSTEM holds the boot-critical part, searched when DRIVERS knows
 * nothing (docs/windows-boot-drivers.md#the-system-and-drivers-nodes). */
static const char *
ddb_driver (struct verify_ctx *c, struct verify_controller *ctl, GError **error)
{
  const struct verify_device *d = ctl->device;
  const struct verify_candidate *win = NULL;
  const char *searched = c->g->drivers ? "DRIVERS or SYSTEM" : "SYSTEM";
  if (c->g->drivers)
    win = verify_ddb_find_in (c, c->g->drivers, "DRIVERS", NO_NETWORK, ctl->hardware_ids,
                              ctl->compatible_ids, d->class_guid, d->class_name, ctl->candidates,
                              ctl->chain, error);
  if (*error == NULL && ctl->candidates->len == 0)
    win = verify_ddb_find_in (c, c->g->system, "SYSTEM", NO_NETWORK, ctl->hardware_ids,
                              ctl->compatible_ids, d->class_guid, d->class_name, ctl->candidates,
                              ctl->chain, error);
  if (*error)
    return NULL;
  if (ctl->candidates->len == 0) {
    guint n = g_strv_length (ctl->hardware_ids) + g_strv_length (ctl->compatible_ids);
    verify_broken (ctl->chain, "DeviceIds", "DriverDatabase\\DeviceIds", NULL, NULL,
                   "none of the %u IDs Windows lists for this Net device (%s ...) is in the "
                   "DriverDatabase of %s: PnP finds no driver, %s", n, ctl->hardware_ids[0],
                   searched, NO_NETWORK);
    return NULL;
  }
  return verify_chain_take (ctl->chain, win, ctl->candidates);
}

gboolean
verify_net_walk (struct verify_ctx *c, struct verify_controller *ctl, GError **error)
{
  verify_pci_ids (ctl->device, c->g->major >= 6, &ctl->hardware_ids, &ctl->compatible_ids);
  g_autofree char *inf_service = NULL;
  const char *service = NULL;
  if (c->model == VERIFY_MODEL_DDB)
    service = ddb_driver (c, ctl, error);
  else if (verify_net_inf_find (c, ctl->hardware_ids, ctl->compatible_ids, ctl->candidates, ctl->chain,
                                &inf_service, error))
    service = inf_service;
  if (*error)
    return FALSE;
  if (service && !verify_pnp_service (c, service, NO_NETWORK, ctl->chain, error))
    return FALSE;
  if (verify_chain_broken (ctl->chain) == NULL && !verify_firstboot (c, ctl->chain, error))
    return FALSE;
  ctl->broken = verify_chain_broken (ctl->chain);
  return TRUE;
}
