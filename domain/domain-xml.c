/* domain-xml: the domain element, its OS, features and clock, written with libxml2's tree API
 * (attribute values and text are escaped by libxml2, never pasted into a string).  Pure.
 * The devices are in domain-devices.c; the facts are in docs/vm-definition.md. */
#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "ws-error.h"
#include "domain-internal.h"
#include "banned.h"

#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

xmlNode *
domain_child (xmlNode *parent, const char *name, ...)
{
  xmlNode *n = xmlNewChild (parent, NULL, X (name), NULL);
  va_list ap;
  va_start (ap, name);
  for (const char *attr; (attr = va_arg (ap, const char *)) != NULL;) {
    const char *value = va_arg (ap, const char *);
    if (value)
      xmlNewProp (n, X (attr), X (value));
  }
  va_end (ap);
  return n;
}

xmlNode *
domain_text_child (xmlNode *parent, const char *name, const char *text)
{
  return xmlNewTextChild (parent, NULL, X (name), X (text));
}

/* virt-v2v's rule (docs/vm-definition.md#machine-type): q35 when libosinfo lists the q35
 * chipset for the OS; without an entry, Windows before Vista (NT 5.x) gets i440fx. */
gboolean
domain_is_q35 (const struct domain_guest *g)
{
  return g->os ? g->os->q35 : g->major >= 6;
}

/* libvirt's architecture name; NULL for one this generator does not handle. */
static const char *
libvirt_arch (const char *windows_arch)
{
  if (g_strcmp0 (windows_arch, "amd64") == 0)
    return "x86_64";
  if (g_strcmp0 (windows_arch, "x86") == 0)
    return "i686";
  return NULL;
}

/* One top-level element per application namespace ("Domain XML format" › metadata); the
 * libosinfo wrapper holding os id= is what virt-manager and virt-v2v write
 * (docs/vm-definition.md#metadata). */
static void
add_metadata (xmlNode *domain, const struct domain_guest *g)
{
  if (g->os == NULL || g->os->id == NULL)
    return;
  xmlNode *md = domain_child (domain, "metadata", NULL);
  xmlNode *lo = xmlNewChild (md, NULL, X ("libosinfo"), NULL);
  xmlNs *ns = xmlNewNs (lo, X (LIBOSINFO_NS), X ("libosinfo"));
  xmlSetNs (lo, ns);
  xmlNode *os = xmlNewChild (lo, ns, X ("os"), NULL);
  xmlNewProp (os, X ("id"), X (g->os->id));
}

static gboolean
wants_tpm (const struct domain_guest *g)
{
  return g->firmware == DOMAIN_FIRMWARE_UEFI && domain_wants_tpm (g->major, g->minor, g->build, g->server);
}

/* <os firmware='efi'> lets libvirt pick the firmware image from the host's descriptors; the two
 * features ask for the Secure Boot build with Microsoft's keys enrolled, which Windows 11 and
 * Server 2025 expect (docs/vm-definition.md#firmware). */
static void
add_os (xmlNode *domain, const struct domain_guest *g, const char *arch)
{
  xmlNode *os = domain_child (domain, "os", "firmware",
                              g->firmware == DOMAIN_FIRMWARE_UEFI ? "efi" : NULL, NULL);
  xmlNode *type = domain_text_child (os, "type", "hvm");
  xmlNewProp (type, X ("arch"), X (arch));
  xmlNewProp (type, X ("machine"), X (domain_is_q35 (g) ? "q35" : "pc"));
  if (wants_tpm (g)) {
    xmlNode *fw = domain_child (os, "firmware", NULL);
    domain_child (fw, "feature", "enabled", "yes", "name", "secure-boot", NULL);
    domain_child (fw, "feature", "enabled", "yes", "name", "enrolled-keys", NULL);
  }
}

/* Hyper-V enlightenments by NT version (docs/vm-definition.md#hyper-v): none before Vista,
 * whose kernels predate them (Proxmox's gating); Vista/2008 the base set; 7/2008 R2 and later
 * also the synthetic interrupt controller and its timers.  tlbflush is left out: Proxmox warns it
 * can crash guests on older host CPUs, and evmcs/avic depend on the host's CPU. */
static void
add_hyperv (xmlNode *features, const struct domain_guest *g)
{
  if (g->major < 6)
    return;
  xmlNode *hv = domain_child (features, "hyperv", NULL);
  domain_child (hv, "relaxed", "state", "on", NULL);
  domain_child (hv, "vapic", "state", "on", NULL);
  /* 8191 as virt-manager and Proxmox; libvirt refuses fewer than 4095 retries. */
  domain_child (hv, "spinlocks", "state", "on", "retries", "8191", NULL);
  domain_child (hv, "vpindex", "state", "on", NULL);
  domain_child (hv, "runtime", "state", "on", NULL);
  if (g->major * 100 + g->minor < 601)
    return;
  domain_child (hv, "synic", "state", "on", NULL);
  /* stimer needs vpindex, synic and the hypervclock timer (QEMU "Hyper-V Enlightenments"). */
  domain_child (hv, "stimer", "state", "on", NULL);
  domain_child (hv, "frequencies", "state", "on", NULL);
  domain_child (hv, "ipi", "state", "on", NULL);
}

static void
add_features (xmlNode *domain, const struct domain_guest *g, const char *arch)
{
  xmlNode *f = domain_child (domain, "features", NULL);
  domain_child (f, "acpi", NULL);
  domain_child (f, "apic", NULL);
  if (strcmp (arch, "i686") == 0)
    domain_child (f, "pae", NULL);
  add_hyperv (f, g);
}

/* Windows keeps the RTC in local time unless RealTimeIsUniversal=1 (docs/vm-definition.md#clock);
 * the timers are virt-manager's for Windows guests. */
static void
add_clock (xmlNode *domain, const struct domain_guest *g)
{
  xmlNode *c = domain_child (domain, "clock", "offset", g->rtc_utc ? "utc" : "localtime", NULL);
  domain_child (c, "timer", "name", "rtc", "tickpolicy", "catchup", NULL);
  domain_child (c, "timer", "name", "pit", "tickpolicy", "delay", NULL);
  domain_child (c, "timer", "name", "hpet", "present", "no", NULL);
  if (g->major >= 6)
    domain_child (c, "timer", "name", "hypervclock", "present", "yes", NULL);
}

static void
add_resources (xmlNode *domain, const struct domain_guest *g)
{
  g_autofree char *mem = g_strdup_printf ("%" G_GUINT64_FORMAT, g->memory_mib);
  g_autofree char *cpus = g_strdup_printf ("%u", g->vcpus ? g->vcpus : 1);
  xmlNode *m = domain_text_child (domain, "memory", mem);
  xmlNewProp (m, X ("unit"), X ("MiB"));
  xmlNode *cm = domain_text_child (domain, "currentMemory", mem);
  xmlNewProp (cm, X ("unit"), X ("MiB"));
  domain_text_child (domain, "vcpu", cpus);
  /* host-model: QEMU's default qemu64 model lacks instructions Windows 11 needs (virt-v2v). */
  domain_child (domain, "cpu", "mode", "host-model", NULL);
}

static gboolean
check (const struct domain_guest *g, const char *arch, GError **error)
{
  if (arch == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE,
                 "no domain for a '%s' guest (x86 and amd64 only)", g->arch ? g->arch : "unknown");
    return FALSE;
  }
  if (g->n_disks == 0 || g->boot_disk >= g->n_disks || g->name == NULL || *g->name == '\0' ||
      g->memory_mib == 0) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE,
                 "no domain without a name, memory and a boot disk");
    return FALSE;
  }
  return TRUE;
}

xmlDoc *
domain_xml_build (const struct domain_guest *g, GError **error)
{
  const char *arch = libvirt_arch (g->arch);
  if (!check (g, arch, error))
    return NULL;
  xmlDoc *doc = xmlNewDoc (X ("1.0"));
  xmlNode *domain = xmlNewNode (NULL, X ("domain"));
  xmlDocSetRootElement (doc, domain);
  xmlNewProp (domain, X ("type"), X ("kvm"));
  domain_text_child (domain, "name", g->name);
  add_metadata (domain, g);
  add_resources (domain, g);
  add_os (domain, g, arch);
  add_features (domain, g, arch);
  add_clock (domain, g);
  domain_text_child (domain, "on_poweroff", "destroy");
  domain_text_child (domain, "on_reboot", "restart");
  domain_text_child (domain, "on_crash", "destroy");
  domain_add_devices (domain, g);
  return doc;
}

char *
domain_xml_text (xmlDoc *doc)
{
  xmlChar *buf = NULL;
  int len = 0;
  xmlDocDumpFormatMemoryEnc (doc, &buf, &len, "UTF-8", 1);
  char *text = g_strndup ((const char *) buf, len);
  xmlFree (buf);
  return text;
}
