/* inspect-nic-report: one NIC (network/net-nic.h) as human text or a JSON object.
 *
 * The JSON keeps the members inspect has always had (addresses, subnet_masks, gateways and
 * dns_servers are the live values: configured, or leased on a DHCP NIC; dns_servers falls back
 * to the DHCP ones when none is configured), and adds every setting with where it came from.
 */
#include <config.h>

#include <stdarg.h>

#include "inspect.h"
#include "inspect-report.h"
#include "report.h"
#include "banned.h"

static const char *
origin (gboolean leased)
{
  return leased ? "dhcp" : "static";
}

/* The DNS servers the NIC uses: configured ones win over the lease, as in Windows. */
static char **
live_dns (const struct net_nic *n)
{
  return n->dns_servers[0] ? n->dns_servers : n->dhcp_dns_servers;
}

static void
line (GString *out, const char *label, const char *fmt, ...) G_GNUC_PRINTF (3, 4);

static void
line (GString *out, const char *label, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_append_printf (out, "    %-14s %s\n", label, text);
}

static void
list_line (GString *out, const char *label, char *const *v)
{
  g_autofree char *j = (v && v[0]) ? g_strjoinv (", ", (char **) v) : g_strdup ("-");
  line (out, label, "%s", j);
}

static const char *
yes_no_default (int64_t v, const char *dflt)
{
  return v == NET_UNSET ? dflt : v ? "yes" : "no";
}

static void
addresses_text (GString *out, const struct net_nic *n)
{
  for (guint i = 0; i < n->ipv4->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (n->ipv4, i);
    line (out, i ? "" : n->dhcp ? "lease:" : "address:", "%s/%s", a->address, a->mask ? a->mask : "?");
  }
  if (n->ipv4->len == 0)
    line (out, n->dhcp ? "lease:" : "address:", "-");
  for (guint i = 0; i < n->gateways->len; i++) {
    const struct net_gateway *g = g_ptr_array_index (n->gateways, i);
    if (g->metric == NET_UNSET)
      line (out, i ? "" : "gateway:", "%s", g->address);
    else
      line (out, i ? "" : "gateway:", "%s, metric %" G_GINT64_FORMAT "%s", g->address, g->metric,
            g->metric == 0 ? " (automatic)" : "");
  }
  if (n->gateways->len == 0)
    line (out, "gateway:", "-");
}

void
inspect_nic_text (GString *out, const struct net_nic *n)
{
  g_string_append_printf (out, "  NIC %s: \"%s\"\n", n->class_instance,
                          n->connection_name ? n->connection_name : "(no connection name)");
  line (out, "adapter:", "%s", n->description ? n->description : "-");
  line (out, "driver:", "%s", n->service ? n->service : "-");
  if (n->mac)
    line (out, "MAC:", "%s (%s%s%s)", n->mac, net_mac_source_name (n->mac_source),
          n->permanent_mac ? ", permanent " : "", n->permanent_mac ? n->permanent_mac : "");
  else
    line (out, "MAC:", "unknown");
  line (out, "instance id:", "%s", n->netcfg_instance_id);
  line (out, "IPv4:", "%s", n->dhcp ? "DHCP" : "static");
  addresses_text (out, n);
  list_line (out, "DNS:", n->dns_servers);
  if (n->dhcp_dns_servers[0])
    list_line (out, "DHCP DNS:", n->dhcp_dns_servers);
  line (out, "DNS suffix:", "%s (register address: %s, with suffix: %s)",
        n->dns_suffix ? n->dns_suffix : "-", yes_no_default (n->register_address, "default"),
        yes_no_default (n->register_suffix, "default"));
  list_line (out, "WINS:", n->wins_servers);
  if (n->netbios_options == NET_UNSET)
    line (out, "NetBIOS:", "default");
  else
    line (out, "NetBIOS:", "%s", n->netbios_options == 0 ? "from DHCP" : n->netbios_options == 1 ? "enabled" : "disabled");
  if (n->mtu == NET_UNSET)
    line (out, "MTU:", "default");
  else
    line (out, "MTU:", "%" G_GINT64_FORMAT, n->mtu);
  for (guint i = 0; i < n->ipv6->len; i++) {
    const struct net_ipv6 *a = g_ptr_array_index (n->ipv6, i);
    line (out, i ? "" : "IPv6 static:", "%s/%" G_GINT64_FORMAT, a->address, a->prefix_length);
  }
  if (n->ipv6_dns_servers[0])
    list_line (out, "IPv6 DNS:", n->ipv6_dns_servers);
  for (guint i = 0; i < n->warnings->len; i++)
    line (out, "warning:", "%s", (char *) g_ptr_array_index (n->warnings, i));
}

static void
int_or_null (JsonBuilder *b, const char *name, int64_t v)
{
  json_builder_set_member_name (b, name);
  if (v == NET_UNSET)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, v);
}

static void
bool_or_null (JsonBuilder *b, const char *name, int64_t v)
{
  json_builder_set_member_name (b, name);
  if (v == NET_UNSET)
    json_builder_add_null_value (b);
  else
    json_builder_add_boolean_value (b, v != 0);
}

/* The members inspect has always had: plain lists of the live values. */
static void
compat_json (JsonBuilder *b, const struct net_nic *n)
{
  g_autoptr (GPtrArray) addrs = g_ptr_array_new ();
  g_autoptr (GPtrArray) masks = g_ptr_array_new ();
  g_autoptr (GPtrArray) gws = g_ptr_array_new ();
  for (guint i = 0; i < n->ipv4->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (n->ipv4, i);
    g_ptr_array_add (addrs, a->address);
    if (a->mask)
      g_ptr_array_add (masks, a->mask);
  }
  for (guint i = 0; i < n->gateways->len; i++)
    g_ptr_array_add (gws, ((struct net_gateway *) g_ptr_array_index (n->gateways, i))->address);
  g_ptr_array_add (addrs, NULL);
  g_ptr_array_add (masks, NULL);
  g_ptr_array_add (gws, NULL);
  report_add_strv (b, "addresses", (char **) addrs->pdata);
  report_add_strv (b, "subnet_masks", (char **) masks->pdata);
  report_add_strv (b, "gateways", (char **) gws->pdata);
  report_add_strv (b, "dns_servers", live_dns (n));
  report_add_string (b, "domain", n->dns_suffix);
}

static void
addresses_json (JsonBuilder *b, const struct net_nic *n)
{
  json_builder_set_member_name (b, "ipv4");
  json_builder_begin_array (b);
  for (guint i = 0; i < n->ipv4->len; i++) {
    const struct net_ipv4 *a = g_ptr_array_index (n->ipv4, i);
    json_builder_begin_object (b);
    report_add_string (b, "address", a->address);
    report_add_string (b, "mask", a->mask);
    report_add_string (b, "origin", origin (a->leased));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "default_gateways");
  json_builder_begin_array (b);
  for (guint i = 0; i < n->gateways->len; i++) {
    const struct net_gateway *g = g_ptr_array_index (n->gateways, i);
    json_builder_begin_object (b);
    report_add_string (b, "address", g->address);
    int_or_null (b, "metric", g->metric);
    report_add_string (b, "origin", origin (g->leased));
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "ipv6");
  json_builder_begin_array (b);
  for (guint i = 0; i < n->ipv6->len; i++) {
    const struct net_ipv6 *a = g_ptr_array_index (n->ipv6, i);
    json_builder_begin_object (b);
    report_add_string (b, "address", a->address);
    int_or_null (b, "prefix_length", a->prefix_length);
    json_builder_end_object (b);
  }
  json_builder_end_array (b);
}

void
inspect_nic_json (JsonBuilder *b, const struct net_nic *n)
{
  json_builder_begin_object (b);
  report_add_string (b, "class_instance", n->class_instance);
  report_add_string (b, "name", n->connection_name);
  report_add_string (b, "description", n->description);
  report_add_string (b, "driver", n->service);
  report_add_string (b, "mac", n->mac);
  report_add_string (b, "mac_source", net_mac_source_name (n->mac_source));
  report_add_string (b, "permanent_mac", n->permanent_mac);
  report_add_string (b, "netcfg_instance_id", n->netcfg_instance_id);
  report_add_string (b, "pnp_instance_id", n->pnp_instance_id);
  json_builder_set_member_name (b, "dhcp");
  json_builder_add_boolean_value (b, n->dhcp);
  compat_json (b, n);
  addresses_json (b, n);
  report_add_strv (b, "static_dns_servers", n->dns_servers);
  report_add_strv (b, "dhcp_dns_servers", n->dhcp_dns_servers);
  report_add_string (b, "dhcp_domain", n->dhcp_dns_suffix);
  bool_or_null (b, "register_address", n->register_address);
  bool_or_null (b, "register_suffix", n->register_suffix);
  report_add_strv (b, "wins_servers", n->wins_servers);
  report_add_strv (b, "dhcp_wins_servers", n->dhcp_wins_servers);
  int_or_null (b, "netbios_options", n->netbios_options);
  int_or_null (b, "mtu", n->mtu);
  report_add_strv (b, "ipv6_dns_servers", n->ipv6_dns_servers);
  json_builder_set_member_name (b, "warnings");
  json_builder_begin_array (b);
  for (guint i = 0; i < n->warnings->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (n->warnings, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
}
