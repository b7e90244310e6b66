/* verify-firstboot: will the old NICs' settings reach the virtio NIC?  (docs/firstboot.md#verify)
 *
 * Static addresses, gateways and DNS servers are bound to the old adapter's NetCfgInstanceId, so a
 * new adapter starts without them (docs/firstboot.md).  winseed's first-boot payload carries them
 * over; this checks, from the guest alone, that it will: every NIC that holds settings of its own
 * is read again from SYSTEM, the payload must be scheduled (the service, or the Setup hook), be in
 * the guest, and name every one of those settings. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "fb.h"
#include "net-nic.h"
#include "verify.h"
#include "banned.h"

#define UNCONFIGURED "the virtio NIC comes up without the old adapter's settings and the guest " \
  "is not reachable at its old address"
/* The payload winseed writes is a few KB per NIC; more than this is not one of ours. */
#define MAX_PAYLOAD_BYTES (1024 * 1024)

/* The settings a NIC holds of its own (not leased): what a new adapter would lose. */
static GPtrArray *
own_settings (const struct net_nic *n)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < n->ipv4->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (n->ipv4, i);
    if (!a->leased) {
      g_ptr_array_add (out, a->address);
      if (a->mask)
        g_ptr_array_add (out, a->mask);
    }
  }
  for (guint i = 0; i < n->gateways->len; i++) {
    const struct net_gateway *gw = g_ptr_array_index (n->gateways, i);
    if (!gw->leased)
      g_ptr_array_add (out, gw->address);
  }
  for (size_t i = 0; n->dns_servers[i]; i++)
    g_ptr_array_add (out, n->dns_servers[i]);
  for (guint i = 0; i < n->ipv6->len; i++)
    g_ptr_array_add (out, ((struct net_ipv6 *) g_ptr_array_index (n->ipv6, i))->address);
  return out;
}

/* value occurs in text as a whole address, not inside a longer one (192.168.1.1 in
 * 192.168.1.12). */
static gboolean
has_address (const char *text, const char *value)
{
  size_t n = strlen (value);
  for (const char *p = text; n && (p = strstr (p, value)) != NULL; p++) {
    char before = p == text ? ' ' : p[-1], after = p[n];
    if (!g_ascii_isxdigit (before) && before != '.' && before != ':'
        && !g_ascii_isxdigit (after) && after != '.' && after != ':')
      return TRUE;
  }
  return FALSE;
}

/* The service, or the Setup hook, runs the payload at the next boot. */
static gboolean
scheduled (struct verify_ctx *c, GPtrArray *chain, GError **error)
{
  hive_reader *h = c->g->system;
  g_autofree char *where = g_strdup_printf ("SYSTEM\\%s\\Services\\" FB_SERVICE, c->control_set);
  hive_node svc = c->services ? hive_reader_lookup (h, c->services, FB_SERVICE, error) : 0;
  uint32_t start = 0;
  g_autofree char *image = NULL;
  /* A value of the wrong type is just not a hook: hive_reader_* with no error. */
  if (svc && hive_reader_dword (h, svc, "Start", &start, NULL) && start == 2
      && hive_reader_string (h, svc, "ImagePath", &image, NULL) && strstr (image, FB_PAYLOAD)) {
    verify_ok (chain, "first-boot hook", where, "ImagePath", image);
    return TRUE;
  }
  hive_node setup = *error ? 0 : hive_reader_lookup (h, 0, "Setup", error);
  uint32_t type = 0;
  g_autofree char *cmd = NULL;
  if (setup && hive_reader_dword (h, setup, "SetupType", &type, NULL) && type == 2
      && hive_reader_string (h, setup, "CmdLine", &cmd, NULL) && strstr (cmd, FB_PAYLOAD)) {
    verify_ok (chain, "first-boot hook", "SYSTEM\\Setup", "CmdLine", cmd);
    return TRUE;
  }
  if (*error == NULL)
    verify_broken (chain, "first-boot hook", where, svc ? "Start" : NULL, svc ? "not automatic" : NULL,
                   "nothing runs winseed's first-boot payload (no automatic Services\\" FB_SERVICE
                   " naming " FB_PAYLOAD ", no SYSTEM\\Setup CmdLine with SetupType 2): %s", UNCONFIGURED);
  return FALSE;
}

/* One link per NIC: each of its own settings is in the payload. */
static void
check_nic (const struct net_nic *n, const char *payload, const char *payload_path, GPtrArray *chain)
{
  g_autoptr (GPtrArray) values = own_settings (n);
  const char *name = n->connection_name ? n->connection_name : n->netcfg_instance_id;
  for (guint i = 0; i < values->len; i++)
    if (!has_address (payload, g_ptr_array_index (values, i))) {
      verify_broken (chain, "first-boot settings", payload_path, name, NULL,
                     "%s holds %s, which the first-boot payload does not set: %s", name,
                     (char *) g_ptr_array_index (values, i), UNCONFIGURED);
      return;
    }
  g_ptr_array_add (values, NULL);
  g_autofree char *found = g_strjoinv (" ", (char **) values->pdata);
  verify_ok (chain, "first-boot settings", payload_path, name, found);
}

/* The NICs (not already on netkvm) that hold settings of their own. */
static GPtrArray *
nics_to_carry (struct verify_ctx *c, GError **error)
{
  g_autoptr (GPtrArray) nics = net_read_nics (c->g->system, c->control_set, error);
  if (nics == NULL)
    return NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) net_nic_free);
  for (guint i = 0; i < nics->len; i++) {
    struct net_nic *n = g_ptr_array_index (nics, i);
    g_autoptr (GPtrArray) own = own_settings (n);
    if (own->len && fb_nic_replaced (n))
      g_ptr_array_add (out, g_ptr_array_steal_index (nics, i--));
  }
  return out;
}

gboolean
verify_firstboot (struct verify_ctx *c, GPtrArray *chain, GError **error)
{
  g_autoptr (GPtrArray) nics = nics_to_carry (c, error);
  if (nics == NULL)
    return FALSE;
  if (nics->len == 0) {
    verify_ok (chain, "first-boot settings", "SYSTEM", NULL, "no NIC holds settings of its own");
    return TRUE;
  }
  const struct verify_files *f = &c->g->files;
  g_autofree char *dir = g_strdup_printf ("%s/" FB_DIR, c->g->systemroot);
  g_autofree char *done = g_strdup_printf ("%s/state/done", dir);
  int64_t done_size = f->size (f->opaque, done, error);
  if (*error)
    return FALSE;
  if (done_size >= 0) {
    verify_ok (chain, "first-boot payload", done, NULL, "ran to completion at a first boot");
    return TRUE;
  }
  if (!scheduled (c, chain, error))
    return *error == NULL;
  g_autofree char *path = g_strdup_printf ("%s/" FB_PAYLOAD, dir);
  size_t len = 0;
  g_autofree char *payload = f->read (f->opaque, path, MAX_PAYLOAD_BYTES, &len, error);
  if (*error)
    return FALSE;
  if (payload == NULL || len == 0) {
    verify_broken (chain, "first-boot payload", path, NULL, payload ? "0 bytes" : NULL,
                   "the hook runs %s, which %s: %s", path, payload ? "is empty" : "does not exist",
                   UNCONFIGURED);
    return TRUE;
  }
  g_autofree char *size = g_strdup_printf ("%zu bytes", len);
  verify_ok (chain, "first-boot payload", path, NULL, size);
  g_autofree char *text = g_strndup (payload, len);
  for (guint i = 0; i < nics->len && verify_chain_broken (chain) == NULL; i++)
    check_nic (g_ptr_array_index (nics, i), text, path, chain);
  return TRUE;
}
