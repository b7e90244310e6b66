/* net-internal: what the readers of libnetwork share; not used outside network/.
 *
 * The opt_* readers tolerate hostile values: a value that is missing gives "absent"; one of the
 * wrong type, undecodable, or too long is recorded as a warning of the NIC and also gives
 * "absent".  They never fail, so one odd value never hides the rest of a NIC.
 */
#ifndef WS_NET_INTERNAL_H
#define WS_NET_INTERNAL_H

#include "net-nic.h"

#define NET_CLASS_GUID "{4D36E972-E325-11CE-BFC1-08002BE10318}"

struct net_ctx {
  hive_reader *h;
  const char *cs;          /* "ControlSet001" */
  struct net_nic *nic;     /* warnings go here */
  const char *luid;        /* net_luid_hex of the adapter, NULL when unknown */
};

void net_warn (struct net_ctx *c, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* The NIC's key <control set>\<before><NetCfgInstanceId><after> into *out, 0 when the guest has
 * none; FALSE with *error only when the hive cannot be read. */
gboolean net_nic_key (struct net_ctx *c, const char *before, const char *after, hive_node *out,
                      GError **error);

/* Text (REG_SZ/REG_EXPAND_SZ); *out NULL when absent or empty. */
void net_opt_string (struct net_ctx *c, hive_node n, const char *name, char **out);
/* REG_DWORD; *out NET_UNSET when absent. */
void net_opt_dword (struct net_ctx *c, hive_node n, const char *name, int64_t *out);
/* REG_MULTI_SZ or a REG_SZ of comma/space-separated items; never NULL (empty when absent). */
char **net_opt_list (struct net_ctx *c, hive_node n, const char *name);
/* Raw bytes of any type; FALSE when absent or unreadable (warned). */
gboolean net_opt_raw (struct net_ctx *c, hive_node n, const char *name, struct hive_value *out);

/* Dotted-quad IPv4 address, each part 0..255 in decimal. */
gboolean net_is_ipv4 (const char *s);
/* Keep the valid IPv4 addresses of list (consumed); warn about each other entry. */
char **net_keep_ipv4 (struct net_ctx *c, char **list, const char *what);
/* "00:0c:29:f3:ff:de" from 6 bytes. */
char *net_format_mac (const uint8_t *b);

/* The readers, each filling its part of c->nic. */
gboolean net_read_mac (struct net_ctx *c, hive_node class_key, GError **error);
gboolean net_read_tcpip (struct net_ctx *c, GError **error);
gboolean net_read_netbt (struct net_ctx *c, GError **error);
gboolean net_read_ipv6 (struct net_ctx *c, GError **error);

/* The NET_LUID of the adapter as NSI names its values: 16 hex digits (the LUID's eight bytes,
 * little-endian); NULL when the class key lacks NetLuidIndex or *IfType (XP). */
char *net_luid_hex (struct net_ctx *c, hive_node class_key);

#endif
