/* The verify walk on the real fixture hives as they are (no appliance).
 *
 * Expected values were read by hand with hivexsh/hivexget from the fixture hives:
 *   Windows 10 18362: the boot controller is LSI SAS, Enum\PCI\VEN_1000&DEV_0054&SUBSYS_197615AD&REV_01;
 *     DriverDatabase\DeviceIds\PCI\VEN_1000&DEV_0054 "lsi_sas.inf"=01 ff 00 00;
 *     DriverInfFiles\lsi_sas.inf Active=lsi_sas.inf_amd64_74bb5e3e01cfd526, Descriptors\PCI\
 *     VEN_1000&DEV_0054 Configuration=LSI_SAS_Inst, Configurations\LSI_SAS_Inst Service=LSI_SAS;
 *     Services\LSI_SAS Type 1, Start 0, Group "SCSI Miniport", Tag 9, ImagePath
 *     System32\drivers\lsi_sas.sys.  No DeviceIds key for any virtio (VEN_1AF4) ID.
 *   Windows 7 SP1: CriticalDeviceDatabase\PCI#VEN_1000&DEV_0054 Service=LSI_SAS, ClassGUID
 *     {4D36E97B-...}; GenDisk Service=disk.  No PCI#VEN_1AF4 key.
 *   Windows XP SP3: CriticalDeviceDatabase\pci#ven_8086&dev_24cb Service=intelide (hdc class);
 *     Services\PartMgr has no ImagePath (default System32\drivers\partmgr.sys); Ftdisk is the
 *     volume manager. */
#include <config.h>

#include <string.h>

#include "verify-test.h"

#define CLASS_HDC "{4D36E96A-E325-11CE-BFC1-08002BE10318}"

static const struct verify_device lsi_sas = {
  "lsi", "sas", 0x1000, 0x0054, 0x15AD, 0x1976, 0x01, 0x010700, VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter"
};
static const struct verify_device xp_ide = {
  "ide", "ich4", 0x8086, 0x24CB, 0x1028, 0x0126, 0x01, 0x01018A, CLASS_HDC, "hdc"
};

/* The device's ID lists, read from its Enum key in the hive: what the PCI bus driver wrote. */
static void
assert_ids_match_enum (const char *hive, const char *enum_key, const struct verify_device *d, gboolean vista)
{
  g_autofree char *path = vt_hive (hive, NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (hive_reader) h = hive_reader_open (path, "SYSTEM", &err);
  g_assert_no_error (err);
  hive_node dev = hive_reader_lookup (h, 0, enum_key, &err);
  g_assert_no_error (err);
  g_auto (GStrv) inst = hive_reader_child_names (h, dev, &err);
  g_assert_nonnull (inst);
  g_assert_nonnull (inst[0]);
  hive_node n = hive_reader_lookup (h, dev, inst[0], &err);
  g_auto (GStrv) hw = NULL, compat = NULL, want_hw = NULL, want_compat = NULL;
  g_assert_true (hive_reader_multi (h, n, "HardwareID", &want_hw, &err));
  g_assert_true (hive_reader_multi (h, n, "CompatibleIDs", &want_compat, &err));
  verify_pci_ids (d, vista, &hw, &compat);
  g_autofree char *a = g_strjoinv ("|", hw), *b = g_strjoinv ("|", want_hw);
  g_autofree char *c = g_strjoinv ("|", compat), *e = g_strjoinv ("|", want_compat);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (c, ==, e);
}

static void
test_ids_enum (void)
{
  assert_ids_match_enum ("win10-18362_regipy_SYSTEM",
                         "ControlSet001\\Enum\\PCI\\VEN_1000&DEV_0054&SUBSYS_197615AD&REV_01", &lsi_sas, TRUE);
  assert_ids_match_enum ("win7-sp1_regipy_SYSTEM",
                         "ControlSet001\\Enum\\PCI\\VEN_1000&DEV_0054&SUBSYS_197615AD&REV_01", &lsi_sas, TRUE);
  assert_ids_match_enum ("winxp-sp3_bitcurator_SYSTEM",
                         "ControlSet001\\Enum\\PCI\\VEN_8086&DEV_24CB&SUBSYS_01261028&REV_01", &xp_ide, FALSE);
}

/* The seed-log IDs of issue 5 for virtio-scsi legacy (lower-cased there). */
static void
test_ids_virtio (void)
{
  size_t n;
  const struct verify_device *d = verify_virtio_devices (&n);
  g_assert_cmpuint (n, ==, 4);
  g_auto (GStrv) hw = NULL, compat = NULL;
  verify_pci_ids (&d[2], TRUE, &hw, &compat);
  g_autofree char *a = g_strjoinv ("|", hw), *c = g_strjoinv ("|", compat);
  g_assert_cmpstr (a, ==, "PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00|PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4|"
                   "PCI\\VEN_1AF4&DEV_1004&CC_010000|PCI\\VEN_1AF4&DEV_1004&CC_0100");
  g_assert_cmpstr (c, ==, "PCI\\VEN_1AF4&DEV_1004&REV_00|PCI\\VEN_1AF4&DEV_1004|PCI\\VEN_1AF4&CC_010000|"
                   "PCI\\VEN_1AF4&CC_0100|PCI\\VEN_1AF4|PCI\\CC_010000&DT_0|PCI\\CC_010000|"
                   "PCI\\CC_0100&DT_0|PCI\\CC_0100");
  g_autofree char *m = verify_device_name (&d[1]);
  g_assert_cmpstr (m, ==, "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01");
}

static void
assert_path (const char *image, const char *service, const char *want)
{
  g_autofree char *problem = NULL;
  g_autofree char *got = verify_image_path (image, service, "/Windows", "C", &problem);
  if (want) {
    g_assert_null (problem);
    g_assert_cmpstr (got, ==, want);
  } else {
    g_assert_null (got);
    g_assert_nonnull (problem);
  }
}

static void
test_image_path (void)
{
  assert_path ("System32\\drivers\\viostor.sys", "viostor", "/Windows/System32/drivers/viostor.sys");
  assert_path ("system32\\DRIVERS\\disk.sys", "disk", "/Windows/system32/DRIVERS/disk.sys");
  assert_path ("\\SystemRoot\\system32\\drivers\\lsi_sas.sys", "x", "/Windows/system32/drivers/lsi_sas.sys");
  assert_path ("%SystemRoot%\\System32\\drivers\\x.sys", "x", "/Windows/System32/drivers/x.sys");
  assert_path ("%windir%\\System32\\drivers\\x.sys", "x", "/Windows/System32/drivers/x.sys");
  assert_path ("\\??\\C:\\Windows\\System32\\drivers\\x.sys", "x", "/Windows/System32/drivers/x.sys");
  assert_path ("\\??\\c:\\Program Files\\V\\x.sys", "x", "/Program Files/V/x.sys");
  assert_path ("C:\\Windows\\x.sys", "x", "/Windows/x.sys");
  assert_path ("\"System32\\drivers\\q.sys\"", "q", "/Windows/System32/drivers/q.sys");
  assert_path ("System32\\DriverStore\\FileRepository\\viostor.inf_amd64_0123456789abcdef\\viostor.sys",
               "viostor", "/Windows/System32/DriverStore/FileRepository/viostor.inf_amd64_0123456789abcdef/viostor.sys");
  assert_path (NULL, "partmgr", "/Windows/System32/drivers/partmgr.sys");
  assert_path ("", "viostor", "/Windows/System32/drivers/viostor.sys");
  assert_path ("\\??\\D:\\drivers\\x.sys", "x", NULL);
  assert_path ("\\Device\\HarddiskVolume2\\x.sys", "x", NULL);
  assert_path ("%ProgramFiles%\\x.sys", "x", NULL);
  assert_path ("System32\\..\\..\\x.sys", "x", NULL);
}

static void
test_win10_virtio (void)
{
  g_autofree char *hive = vt_hive ("win10-18362_regipy_SYSTEM", NULL);
  size_t n;
  const struct verify_device *d = verify_virtio_devices (&n);
  g_autoptr (verify_result) r = vt_walk (hive, NULL, 10, 0, d, n);
  g_assert_cmpint (r->model, ==, VERIFY_MODEL_DDB);
  g_assert_cmpstr (r->control_set, ==, "ControlSet001");
  g_assert_false (verify_result_boots (r, "all"));
  for (guint i = 0; i < r->controllers->len; i++) {
    const struct verify_controller *ctl = g_ptr_array_index (r->controllers, i);
    g_assert_nonnull (ctl->broken);
    g_assert_cmpstr (ctl->broken->what, ==, "DeviceIds");
    g_assert_nonnull (strstr (ctl->broken->why, "none of the 13 IDs"));
    g_assert_nonnull (strstr (ctl->broken->why, ctl->hardware_ids[0]));
    g_assert_nonnull (strstr (ctl->broken->why, "0x7B"));
    g_assert_cmpuint (ctl->candidates->len, ==, 0);
  }
}

static void
test_win10_lsi (void)
{
  g_autofree char *hive = vt_hive ("win10-18362_regipy_SYSTEM", NULL);
  vt_files_reset ();
  g_autoptr (verify_result) r = vt_walk (hive, NULL, 10, 0, &lsi_sas, 1);
  const struct verify_controller *ctl = g_ptr_array_index (r->controllers, 0);
  g_assert_null (ctl->broken);
  g_assert_true (verify_result_boots (r, "lsi"));
  g_assert_cmpuint (ctl->candidates->len, ==, 1);
  const struct verify_candidate *c = g_ptr_array_index (ctl->candidates, 0);
  g_assert_true (c->winner);
  g_assert_cmpstr (c->source, ==, "lsi_sas.inf");
  g_assert_cmpstr (c->device_id, ==, "PCI\\VEN_1000&DEV_0054");
  g_assert_cmpstr (c->package, ==, "lsi_sas.inf_amd64_74bb5e3e01cfd526");
  g_assert_cmpstr (c->service, ==, "LSI_SAS");
  /* Device compatible ID #1 = INF hardware ID, default feature score: 0x00FF2001. */
  g_assert_cmphex (c->rank, ==, 0x00ff2001);
  const struct verify_link *l = vt_link (ctl, "Version", "lsi_sas.inf_amd64_74bb5e3e01cfd526");
  g_assert_nonnull (l);
  g_assert_cmpint (l->status, ==, VERIFY_LINK_OK);
  g_assert_nonnull (vt_link (ctl, "Configuration", "Configurations\\LSI_SAS_Inst"));
  g_assert_nonnull ((l = vt_link (ctl, "Group", "Services\\LSI_SAS")));
  g_assert_cmpstr (l->found, ==, "SCSI Miniport");
  g_assert_nonnull ((l = vt_link (ctl, "Tag", "Services\\LSI_SAS")));
  g_assert_cmpint (l->status, ==, VERIFY_LINK_OK);
  g_assert_true (vt_file_checked ("/Windows/System32/drivers/lsi_sas.sys"));
  /* The disk stack: GenDisk -> disk.inf -> disk, then partmgr, volmgr, volsnap, fvevol. */
  g_assert_nonnull (vt_link (ctl, "DeviceIds", "DeviceIds\\GenDisk"));
  const char *stack[] = { "Services\\disk", "Services\\partmgr", "Services\\volmgr",
                          "Services\\volsnap", "Services\\fvevol" };
  for (size_t i = 0; i < G_N_ELEMENTS (stack); i++)
    g_assert_nonnull (vt_link (ctl, "service", stack[i]));
  /* fvevol's group "PnP Filter" is not in ServiceGroupOrder\List, as on every real Windows 10:
   * not a break for the volume stack. */
  g_assert_nonnull ((l = vt_link (ctl, "Group", "Services\\fvevol")));
  g_assert_cmpint (l->status, ==, VERIFY_LINK_OK);
}

static void
test_win10_lsi_file_missing (void)
{
  g_autofree char *hive = vt_hive ("win10-18362_regipy_SYSTEM", NULL);
  vt_files_reset ();
  vt_file_set ("/Windows/System32/drivers/partmgr.sys", 0);
  g_autoptr (verify_result) r = vt_walk (hive, NULL, 10, 0, &lsi_sas, 1);
  const struct verify_controller *ctl = g_ptr_array_index (r->controllers, 0);
  g_assert_nonnull (ctl->broken);
  g_assert_cmpstr (ctl->broken->what, ==, "file");
  g_assert_cmpstr (ctl->broken->where, ==, "/Windows/System32/drivers/partmgr.sys");
  g_assert_nonnull (strstr (ctl->broken->why, "is empty"));
  vt_files_reset ();
}

static void
test_win7 (void)
{
  g_autofree char *hive = vt_hive ("win7-sp1_regipy_SYSTEM", NULL);
  g_autoptr (verify_result) r = vt_walk (hive, NULL, 6, 1, &lsi_sas, 1);
  g_assert_cmpint (r->model, ==, VERIFY_MODEL_CDDB);
  const struct verify_controller *ctl = g_ptr_array_index (r->controllers, 0);
  g_assert_null (ctl->broken);
  const struct verify_candidate *c = g_ptr_array_index (ctl->candidates, 0);
  g_assert_true (c->winner);
  g_assert_cmpstr (c->source, ==, "PCI#VEN_1000&DEV_0054");
  g_assert_cmpstr (c->service, ==, "LSI_SAS");
  g_assert_true (vt_file_checked ("/Windows/system32/drivers/lsi_sas.sys"));
  g_assert_nonnull (vt_link (ctl, "CriticalDeviceDatabase", "CriticalDeviceDatabase\\GenDisk"));
  size_t n;
  const struct verify_device *d = verify_virtio_devices (&n);
  g_autoptr (verify_result) v = vt_walk (hive, NULL, 6, 1, d, n);
  for (guint i = 0; i < v->controllers->len; i++) {
    ctl = g_ptr_array_index (v->controllers, i);
    g_assert_nonnull (ctl->broken);
    g_assert_cmpstr (ctl->broken->what, ==, "CriticalDeviceDatabase");
    g_assert_nonnull (strstr (ctl->broken->why, "has a CriticalDeviceDatabase entry"));
  }
}

static void
test_winxp (void)
{
  g_autofree char *hive = vt_hive ("winxp-sp3_bitcurator_SYSTEM", NULL);
  vt_files_reset ();
  g_autoptr (verify_result) r = vt_walk (hive, NULL, 5, 1, &xp_ide, 1);
  const struct verify_controller *ctl = g_ptr_array_index (r->controllers, 0);
  g_assert_null (ctl->broken);
  const struct verify_candidate *c = g_ptr_array_index (ctl->candidates, 0);
  g_assert_cmpstr (c->service, ==, "intelide");
  g_assert_true (c->device_compatible);
  g_assert_true (vt_file_checked ("/Windows/System32/drivers/partmgr.sys"));   /* default */
  g_assert_nonnull (vt_link (ctl, "service", "Services\\ftdisk"));
  g_assert_null (vt_link (ctl, "service", "Services\\volmgr"));
  size_t n;
  const struct verify_device *d = verify_virtio_devices (&n);
  g_autoptr (verify_result) v = vt_walk (hive, NULL, 5, 1, d, n);
  g_assert_false (verify_result_boots (v, "virtio-blk"));
  g_assert_false (verify_result_boots (v, "virtio-scsi"));
  ctl = g_ptr_array_index (v->controllers, 0);
  g_assert_nonnull (strstr (ctl->broken->why, "none of the 11 IDs"));   /* no &DT_0 IDs on XP */
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vt_init ();
  g_test_add_func ("/verify/ids/enum", test_ids_enum);
  g_test_add_func ("/verify/ids/virtio", test_ids_virtio);
  g_test_add_func ("/verify/image-path", test_image_path);
  g_test_add_func ("/verify/win10/virtio", test_win10_virtio);
  g_test_add_func ("/verify/win10/lsi-sas", test_win10_lsi);
  g_test_add_func ("/verify/win10/lsi-sas-empty-file", test_win10_lsi_file_missing);
  g_test_add_func ("/verify/win7", test_win7);
  g_test_add_func ("/verify/winxp", test_winxp);
  return g_test_run ();
}
