/* test-inf-virtio: the real virtio-win INFs of tests/fixtures/virtio-win interpreted for targets.
 * Every expected value below is read from the INF text (the line numbers are the INF's own);
 * none comes from running winseed.  Each INF re-encoded as UTF-16LE with a BOM, as UTF-8 with a
 * BOM and with LF line ends must interpret identically. */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "ws-text.h"
#include "inf.h"
#include "inf-dump.h"
#include "banned.h"

static char *
fixture_path (const char *rel)
{
  const char *dir = g_getenv ("WINSEED_FIXTURES");
  g_autofree char *def = g_build_filename (g_getenv ("WINSEED_TESTS_SRCDIR") ? g_getenv ("WINSEED_TESTS_SRCDIR") : ".",
                                           "fixtures", NULL);
  return g_build_filename (dir ? dir : def, "virtio-win", rel, NULL);
}

static GBytes *
fixture (const char *rel)
{
  g_autofree char *path = fixture_path (rel);
  char *buf;
  gsize len;
  g_assert_true (g_file_get_contents (path, &buf, &len, NULL));
  return g_bytes_new_take (buf, len);
}

static struct inf_file *
parse_bytes (GBytes *b, const char *name)
{
  g_autoptr (GError) err = NULL;
  gsize len;
  const void *p = g_bytes_get_data (b, &len);
  struct inf_file *inf = inf_file_parse (p, len, name, NULL, &err);
  g_assert_no_error (err);
  return inf;
}

static struct inf_driver *
interpret (const char *rel, const char *target)
{
  g_autoptr (GBytes) b = fixture (rel);
  g_autoptr (inf_file) inf = parse_bytes (b, rel);
  struct ws_target t;
  g_autoptr (GError) err = NULL;
  g_assert_true (ws_target_parse (target, &t, NULL));
  struct inf_driver *d = inf_driver_new (inf, &t, &err);
  g_assert_no_error (err);
  return d;
}

static const struct inf_reg_op *
find_op (GPtrArray *ops, const char *subkey, const char *value)
{
  for (guint i = 0; i < ops->len; i++) {
    const struct inf_reg_op *o = g_ptr_array_index (ops, i);
    if (g_ascii_strcasecmp (o->subkey, subkey) == 0 && g_strcmp0 (o->value_name, value) == 0)
      return o;
  }
  g_error ("no operation %s\\[%s]", subkey, value ? value : "(key)");
  return NULL;
}

static void
assert_dword (GPtrArray *ops, const char *subkey, const char *value, guint64 n, guint line)
{
  const struct inf_reg_op *o = find_op (ops, subkey, value);
  g_assert_cmpuint (o->type, ==, INF_REG_DWORD);
  g_assert_cmpuint (o->number, ==, n);
  g_assert_cmpuint (o->pos.line, ==, line);
}

static void
assert_sz (GPtrArray *ops, const char *subkey, const char *value, guint32 type, const char *s, guint line)
{
  const struct inf_reg_op *o = find_op (ops, subkey, value);
  g_assert_cmpuint (o->type, ==, type);
  g_assert_cmpstr (o->str, ==, s);
  g_assert_cmpuint (o->pos.line, ==, line);
}

static const struct inf_model *
model (const struct inf_driver *d, guint i)
{
  g_assert_cmpuint (i, <, d->models->len);
  return g_ptr_array_index (d->models, i);
}

static const struct inf_service *
service (const struct inf_driver *d)
{
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  g_assert_cmpuint (ins->services->len, ==, 1);
  return g_ptr_array_index (ins->services, 0);
}

static void
test_viostor_version (void)
{
  g_autoptr (inf_driver) d = interpret ("viostor/w8.1/amd64/viostor.inf", "2k19/amd64");
  static const guint8 scsi_adapter[16] = { 0x7b, 0xe9, 0x36, 0x4d, 0x25, 0xe3, 0xce, 0x11,
                                           0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18 };
  g_assert_cmpstr (d->class_name, ==, "SCSIAdapter");
  g_assert_true (d->has_class_guid);
  g_assert_cmpmem (d->class_guid, 16, scsi_adapter, 16);
  g_assert_cmpstr (d->provider, ==, "Red Hat, Inc.");
  g_assert_true (d->driver_ver.present);
  g_assert_cmpint (d->driver_ver.year, ==, 2021);
  g_assert_cmpint (d->driver_ver.month, ==, 8);
  g_assert_cmpint (d->driver_ver.day, ==, 30);
  const guint16 ver[4] = { 100, 85, 104, 20800 };
  g_assert_cmpmem (d->driver_ver.version, sizeof ver, ver, sizeof ver);
  g_assert_cmpuint (d->driver_ver.pos.line, ==, 22);
  g_assert_cmpstr (d->catalog, ==, "viostor.cat");
  g_assert_cmpstr (d->package_type, ==, "PlugAndPlay");
  g_assert_cmpint (d->pnp_lockdown, ==, -1);
  g_assert_cmpstr (g_hash_table_lookup (d->strings, "viostorscsi.devicedesc"), ==, "Red Hat VirtIO SCSI controller");
  g_assert_cmpstr (g_hash_table_lookup (d->strings, "vendor"), ==, "Red Hat, Inc.");
}

static void
test_viostor_models (void)
{
  g_autoptr (inf_driver) d = interpret ("viostor/w8.1/amd64/viostor.inf", "2k19/amd64");
  g_assert_cmpuint (d->choices->len, ==, 1);
  g_assert_cmpstr (((struct inf_models_choice *) g_ptr_array_index (d->choices, 0))->section, ==, "VioStor.NTamd64.6.3");
  g_assert_cmpuint (d->models->len, ==, 2);
  const struct inf_model *m = model (d, 0);
  g_assert_cmpstr (m->hardware_id, ==, "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00");
  g_assert_cmpstr (m->compatible_ids[0], ==, "PCI\\VEN_1AF4&DEV_1001");
  g_assert_null (m->compatible_ids[1]);
  g_assert_cmpstr (m->description, ==, "Red Hat VirtIO SCSI controller");
  g_assert_cmpstr (m->description_raw, ==, "%VioStorScsi.DeviceDesc%");
  g_assert_cmpstr (m->install_section, ==, "scsi_inst");
  g_assert_cmpstr (m->install->name, ==, "scsi_inst");
  g_assert_cmpuint (m->pos.line, ==, 52);
  m = model (d, 1);
  g_assert_cmpstr (m->hardware_id, ==, "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01");
  g_assert_cmpstr (m->compatible_ids[0], ==, "PCI\\VEN_1AF4&DEV_1042");
  g_assert_cmpuint (m->pos.line, ==, 53);
  g_assert_cmpuint (d->installs->len, ==, 1);
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  g_assert_cmpuint (ins->pos.line, ==, 62);
  g_assert_cmpuint (ins->feature_score, ==, 0xFF);
  g_assert_cmpuint (ins->copy_files->len, ==, 1);
  const struct inf_copy_file *f = g_ptr_array_index (ins->copy_files, 0);
  g_assert_cmpstr (f->dest_name, ==, "viostor.sys");
  g_assert_cmpint (f->dest_dirid, ==, 12);       /* viostor_Files_Driver = 12 */
  g_assert_cmpint (f->disk_id, ==, 1);
  g_assert_cmpstr (f->source_subdir, ==, "");
  g_assert_cmpuint (f->flags, ==, 2);
  g_assert_cmpuint (f->pos.line, ==, 60);
}

static void
test_viostor_service (void)
{
  g_autoptr (inf_driver) d = interpret ("viostor/w8.1/amd64/viostor.inf", "w10/amd64");
  const struct inf_service *s = service (d);
  g_assert_cmpstr (s->name, ==, "viostor");
  g_assert_cmpuint (s->flags, ==, 2);
  g_assert_cmpint (s->service_type, ==, 1);
  g_assert_cmpint (s->start_type, ==, 0);
  g_assert_cmpint (s->error_control, ==, 1);
  g_assert_cmpstr (s->binary_raw, ==, "%12%\\viostor.sys");
  g_assert_cmpint (s->binary_dirid, ==, 12);
  g_assert_cmpstr (s->binary_path, ==, "viostor.sys");
  g_assert_cmpstr (s->load_order_group, ==, "SCSI miniport");
  g_assert_cmpuint (s->pos.line, ==, 70);
  assert_dword (s->addreg, "Parameters\\PnpInterface", "5", 1, 92);
  assert_dword (s->addreg, "Parameters", "BusType", 1, 93);
  g_assert_cmpuint (s->event_logs->len, ==, 1);
  const struct inf_event_log *e = g_ptr_array_index (s->event_logs, 0);
  g_assert_cmpstr (e->log_type, ==, "System");
  g_assert_cmpstr (e->source, ==, "viostor");
  assert_sz (e->addreg, "", "EventMessageFile", INF_REG_EXPAND_SZ, "%SystemRoot%\\System32\\IoLogMsg.dll", 87);
  assert_dword (e->addreg, "", "TypesSupported", 7, 88);
  /* What the registry will hold: UTF-16LE with its terminator; a little-endian DWORD. */
  g_autoptr (GBytes) sz = inf_reg_op_data (find_op (e->addreg, "", "EventMessageFile"), NULL);
  g_assert_cmpuint (g_bytes_get_size (sz), ==, 2 * (strlen ("%SystemRoot%\\System32\\IoLogMsg.dll") + 1));
  g_autoptr (GBytes) dw = inf_reg_op_data (find_op (s->addreg, "Parameters", "BusType"), NULL);
  g_assert_cmpmem (g_bytes_get_data (dw, NULL), g_bytes_get_size (dw), "\x01\0\0\0", 4);
}

static void
test_viostor_hw (void)
{
  g_autoptr (inf_driver) d = interpret ("viostor/w8.1/amd64/viostor.inf", "w10/amd64");
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  g_assert_cmpuint (ins->hw_addreg->len, ==, 6);
  const struct inf_reg_op *key = find_op (ins->hw_addreg, "Interrupt Management", NULL);
  g_assert_true (key->flags & INF_REG_KEYONLY);
  g_assert_cmpuint (key->raw_flags, ==, 0x10);
  assert_dword (ins->hw_addreg, "Interrupt Management\\MessageSignaledInterruptProperties", "MSISupported", 1, 98);
  assert_dword (ins->hw_addreg, "Interrupt Management\\MessageSignaledInterruptProperties", "MessageNumberLimit", 256, 99);
  assert_dword (ins->hw_addreg, "Interrupt Management\\Affinity Policy", "DevicePolicy", 5, 101);
}

static void
test_viostor_targets (void)
{
  g_autoptr (inf_driver) w7 = interpret ("viostor/w8.1/amd64/viostor.inf", "w7/amd64");
  g_assert_cmpuint (w7->models->len, ==, 0);
  const struct inf_models_choice *c = g_ptr_array_index (w7->choices, 0);
  g_assert_null (c->section);
  g_assert_nonnull (strstr (c->reason, "NTamd64.6.3: it needs NT 6.3 or later, target is 6.1.7600"));
  g_autoptr (inf_driver) x86 = interpret ("viostor/w8.1/amd64/viostor.inf", "w8.1/x86");
  g_assert_cmpuint (x86->models->len, ==, 0);
  c = g_ptr_array_index (x86->choices, 0);
  g_assert_nonnull (strstr (c->reason, "it is for amd64, target is x86"));
  g_autoptr (inf_driver) arm = interpret ("viostor/w8.1/amd64/viostor.inf", "w11/arm64");
  g_assert_cmpuint (arm->models->len, ==, 0);
  g_autoptr (inf_driver) w81 = interpret ("viostor/w8.1/amd64/viostor.inf", "w8.1/amd64");
  g_assert_cmpuint (w81->models->len, ==, 2);
}

static void
test_vioscsi (void)
{
  g_autoptr (inf_driver) d = interpret ("vioscsi/w8.1/amd64/vioscsi.inf", "2k12R2/amd64");
  g_assert_cmpstr (model (d, 0)->hardware_id, ==, "PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00");
  g_assert_cmpstr (model (d, 0)->compatible_ids[0], ==, "PCI\\VEN_1AF4&DEV_1004");
  g_assert_cmpstr (model (d, 1)->hardware_id, ==, "PCI\\VEN_1AF4&DEV_1048&SUBSYS_11001AF4&REV_01");
  g_assert_cmpstr (model (d, 1)->compatible_ids[0], ==, "PCI\\VEN_1AF4&DEV_1048");
  const struct inf_service *s = service (d);
  g_assert_cmpstr (s->name, ==, "vioscsi");
  g_assert_cmpint (s->start_type, ==, 0);
  g_assert_cmpstr (s->load_order_group, ==, "SCSI miniport");
  g_assert_cmpstr (s->display_name, ==, "Red Hat VirtIO SCSI pass-through Service");
  assert_dword (s->addreg, "Parameters", "BusType", 0xA, 94);
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  assert_dword (ins->hw_addreg, "Interrupt Management\\Affinity Policy", "DevicePriority", 3, 103);
  g_assert_cmpstr (d->package_display_name, ==, "Red Hat VirtIO SCSI pass-through controller");
}

static void
test_netkvm (void)
{
  g_autoptr (inf_driver) d = interpret ("NetKVM/w8.1/amd64/netkvm.inf", "w10/amd64");
  g_assert_cmpstr (d->class_name, ==, "Net");
  g_assert_cmpint (d->pnp_lockdown, ==, 1);
  g_assert_cmpint (d->driver_ver.year, ==, 2022);
  g_assert_cmpuint (d->driver_ver.version[3], ==, 22500);
  g_assert_cmpstr (model (d, 0)->hardware_id, ==, "PCI\\VEN_1AF4&DEV_1000&SUBSYS_00011AF4&REV_00");
  g_assert_cmpstr (model (d, 1)->compatible_ids[0], ==, "PCI\\VEN_1AF4&DEV_1041");
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  g_assert_cmpstr (ins->name, ==, "kvmnet6.ndi");
  /* DDInstall keywords become values of the driver key, in INF order (lines 43-49). */
  const struct inf_reg_op *first = g_ptr_array_index (ins->addreg, 0);
  g_assert_cmpstr (first->value_name, ==, "Characteristics");
  assert_dword (ins->addreg, "", "Characteristics", 0x84, 43);
  assert_sz (ins->addreg, "", "BusType", INF_REG_SZ, "5", 44);
  assert_dword (ins->addreg, "", "*IfType", 6, 47);
  assert_dword (ins->addreg, "", "*MediaType", 0, 48);
  assert_dword (ins->addreg, "", "*PhysicalMediaType", 0, 49);
  const struct inf_reg_op *last = g_ptr_array_index (ins->addreg, ins->addreg->len - 1);
  g_assert_cmpstr (last->value_name, ==, "*PhysicalMediaType");
  assert_sz (ins->addreg, "Ndi", "Service", INF_REG_SZ, "netkvm", 288);
  assert_sz (ins->addreg, "Ndi\\Interfaces", "UpperRange", INF_REG_SZ, "ndis5", 289);
  assert_sz (ins->addreg, "Ndi\\Interfaces", "LowerRange", INF_REG_SZ, "ethernet", 290);
  assert_sz (ins->addreg, "Ndi\\params\\*RSS", "ParamDesc", INF_REG_SZ, "Receive Side Scaling", 292);
  assert_sz (ins->addreg, "Ndi\\Params\\Priority", "ParamDesc", INF_REG_SZ, "Init.Do802.1PQ", 59);
  g_assert_cmpuint (ins->hw_addreg->len, ==, 4);   /* the key-only lines are commented out */
  assert_dword (ins->hw_addreg, "Interrupt Management\\MessageSignaledInterruptProperties", "MessageNumberLimit", 2048, 37);
  const struct inf_service *s = service (d);
  g_assert_cmpstr (s->name, ==, "netkvm");
  g_assert_cmpint (s->start_type, ==, 3);
  g_assert_cmpstr (s->load_order_group, ==, "NDIS");
  g_assert_cmpstr (s->display_name, ==, "Red Hat VirtIO Ethernet Adapter Service");
  g_assert_cmpuint (s->pos.line, ==, 52);
  assert_dword (s->addreg, "", "TextModeFlags", 1, 222);
  assert_sz (s->addreg, "Parameters", "DisableMSI", INF_REG_SZ, "0", 223);
}

static void
test_qemufwcfg (void)
{
  g_autoptr (inf_driver) d = interpret ("qemufwcfg/w8.1/amd64/qemufwcfg.inf", "w10/amd64");
  g_assert_cmpstr (d->provider, ==, "QEMU");
  g_assert_cmpstr (d->class_name, ==, "System");
  g_assert_cmpuint (d->models->len, ==, 1);
  g_assert_cmpstr (model (d, 0)->hardware_id, ==, "ACPI\\QEMU0002");
  g_assert_cmpstr (model (d, 0)->models_section, ==, "QEMU.NTAMD64");
  g_assert_cmpstr (model (d, 0)->install->name, ==, "FWCfg_Device.NT");
  const struct inf_service *s = service (d);
  g_assert_cmpstr (s->name, ==, "");          /* AddService = ,2: a null service */
  g_assert_cmpuint (s->flags, ==, 2);
  g_assert_null (s->install_section);
  g_assert_cmpuint (s->pos.line, ==, 36);
  g_autoptr (inf_driver) xp = interpret ("qemufwcfg/w8.1/amd64/qemufwcfg.inf", "xp/x86");
  g_assert_cmpstr (model (xp, 0)->models_section, ==, "QEMU.NTx86");
  g_assert_cmpuint (model (xp, 0)->pos.line, ==, 28);
  g_autofree char *date = inf_driver_ver_date (&xp->driver_ver), *ver = inf_driver_ver_version (&xp->driver_ver);
  g_assert_cmpstr (date, ==, "2016-10-21");
  g_assert_cmpstr (ver, ==, "1.0.0.0");
}

/* ---- the same INF in other encodings */

static GBytes *
reencode (GBytes *ascii, const char *how)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (ascii, NULL), g_bytes_get_size (ascii));
  if (strcmp (how, "lf") == 0) {
    g_auto (GStrv) parts = g_strsplit (text, "\r\n", -1);
    char *lf = g_strjoinv ("\n", parts);
    return g_bytes_new_take (lf, strlen (lf));
  }
  if (strcmp (how, "utf8-bom") == 0) {
    char *b = g_strconcat ("\xef\xbb\xbf", text, NULL);
    return g_bytes_new_take (b, strlen (b));
  }
  gsize len;
  g_autofree guint8 *u = ws_utf8_to_utf16le (text, &len, NULL);
  GByteArray *a = g_byte_array_new ();
  g_byte_array_append (a, (const guint8 *) "\xff\xfe", 2);
  g_byte_array_append (a, u, (guint) len - 2);
  return g_byte_array_free_to_bytes (a);
}

static void
test_reencoded (void)
{
  const char *infs[] = { "viostor/w8.1/amd64/viostor.inf", "vioscsi/w8.1/amd64/vioscsi.inf",
                         "NetKVM/w8.1/amd64/netkvm.inf", "qemufwcfg/w8.1/amd64/qemufwcfg.inf" };
  const char *targets[] = { "xp/x86", "w8.1/amd64", "2k19/amd64", "w11/amd64" };
  const char *hows[] = { "utf16le-bom", "utf8-bom", "lf" };
  for (size_t i = 0; i < G_N_ELEMENTS (infs); i++) {
    g_autoptr (GBytes) ascii = fixture (infs[i]);
    g_autoptr (inf_file) a = parse_bytes (ascii, infs[i]);
    for (size_t h = 0; h < G_N_ELEMENTS (hows); h++) {
      g_autoptr (GBytes) other = reencode (ascii, hows[h]);
      g_autoptr (inf_file) b = parse_bytes (other, infs[i]);
      g_assert_cmpint (b->encoding, ==, h == 0 ? INF_ENC_UTF16LE : h == 1 ? INF_ENC_UTF8_BOM : INF_ENC_UTF8);
      for (size_t t = 0; t < G_N_ELEMENTS (targets); t++) {
        struct ws_target tg;
        g_assert_true (ws_target_parse (targets[t], &tg, NULL));
        g_autoptr (inf_driver) da = inf_driver_new (a, &tg, NULL);
        g_autoptr (inf_driver) db = inf_driver_new (b, &tg, NULL);
        g_autofree char *ta = inf_dump (da), *tb = inf_dump (db);
        g_assert_cmpstr (ta, ==, tb);
      }
    }
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inf-virtio/viostor/version", test_viostor_version);
  g_test_add_func ("/inf-virtio/viostor/models", test_viostor_models);
  g_test_add_func ("/inf-virtio/viostor/service", test_viostor_service);
  g_test_add_func ("/inf-virtio/viostor/hw", test_viostor_hw);
  g_test_add_func ("/inf-virtio/viostor/targets", test_viostor_targets);
  g_test_add_func ("/inf-virtio/vioscsi", test_vioscsi);
  g_test_add_func ("/inf-virtio/netkvm", test_netkvm);
  g_test_add_func ("/inf-virtio/qemufwcfg", test_qemufwcfg);
  g_test_add_func ("/inf-virtio/reencoded", test_reencoded);
  return g_test_run ();
}
