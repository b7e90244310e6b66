/* The verify walk on "converted" hives broken one link at a time (no appliance).
 *
 * converted-win10.reg / converted-win7.reg give the real Windows 10 18362 and Windows 7 hives the
 * entries Windows keeps for installed viostor/vioscsi packages; each break-*.reg undoes one link
 * (the list of issue 5).  Every break hits viostor only, so virtio-scsi must still boot: the walk
 * must name the broken link, not just fail. */
#include <config.h>

#include <string.h>

#include "report.h"
#include "verify-test.h"

#define W10 "win10-18362_regipy_SYSTEM"
#define W7 "win7-sp1_regipy_SYSTEM"
#define BLK_LEGACY "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00"
#define BLK_MODERN "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01"
#define SCSI_LEGACY "PCI\\VEN_1AF4&DEV_1004&SUBSYS_00081AF4&REV_00"
#define VIOSTOR_PKG "viostor.inf_amd64_2e3b5c1d7a9f4e60"

/* Walk every virtio controller on fixture + regs as NT major.minor; NULL when hivexregedit is
 * missing (the test is skipped). */
static struct verify_result *
walk_with (const char *fixture, int major, int minor, const char *const *regs)
{
  g_autofree char *hive = vt_hive (fixture, regs);
  if (hive == NULL) {
    g_test_skip ("hivexregedit is not installed");
    return NULL;
  }
  size_t n;
  const struct verify_device *d = verify_virtio_devices (&n);
  return vt_walk (hive, NULL, major, minor, d, n);
}

static void
test_win10_converted (void)
{
  const char *regs[] = { "converted-win10.reg", NULL };
  vt_files_reset ();
  g_autoptr (verify_result) r = walk_with (W10, 10, 0, regs);
  if (r == NULL)
    return;
  g_assert_true (verify_result_boots (r, "all"));
  const struct verify_controller *ctl = vt_controller (r, BLK_LEGACY);
  const struct verify_candidate *c = g_ptr_array_index (ctl->candidates, 0);
  g_assert_true (c->winner);
  g_assert_cmpstr (c->source, ==, "oem12.inf");
  g_assert_cmpstr (c->package, ==, VIOSTOR_PKG);
  g_assert_cmpstr (c->service, ==, "viostor");
  g_assert_cmphex (c->rank, ==, 0x00ff0000);   /* device HWID #0 = INF hardware ID */
  g_assert_cmphex (c->version, ==, (guint64) 100 << 48 | (guint64) 85 << 32 | 104 << 16 | 20800);
  g_assert_true (vt_file_checked ("/Windows/System32/drivers/viostor.sys"));
  c = g_ptr_array_index (vt_controller (r, SCSI_LEGACY)->candidates, 0);
  g_assert_cmpstr (c->service, ==, "vioscsi");
  for (guint i = 0; i < r->controllers->len; i++) {
    ctl = g_ptr_array_index (r->controllers, i);
    for (guint j = 0; j < ctl->chain->len; j++)
      g_assert_cmpint (((struct verify_link *) g_ptr_array_index (ctl->chain, j))->status, !=, VERIFY_LINK_BROKEN);
  }
}

struct brk {
  const char *fixture, *reg;
  const char *what;      /* the broken link */
  const char *why;       /* part of its explanation */
};

static const struct brk breaks[] = {
  { W10, "break-no-version.reg", "Version",
    "DriverDatabase\\DriverPackages\\" VIOSTOR_PKG " has no Version value: kernel PnP will install the "
    "NULL driver (0xe0000228) and the second boot fails with 0x7B" },
  { W10, "break-wrong-class.reg", "Version", "naming class {4d36e972-e325-11ce-bfc1-08002be10318}, not {4D36E97B" },
  { W10, "break-no-deviceids.reg", "DeviceIds", "none of the 13 IDs Windows lists" },
  { W10, "break-missing-package.reg", "DriverPackages",
    "Active names viostor.inf_amd64_0000000000000000, which is not in DriverDatabase\\DriverPackages" },
  { W10, "break-start3.reg", "Start", "ControlSet001\\Services\\viostor\\Start is 3 (demand start), not 0" },
  { W10, "break-startoverride.reg", "StartOverride", "Services\\viostor\\StartOverride\\0 = 3 (demand start) demotes" },
  { W10, "break-group.reg", "Group", "Group 'SCSI Virtio' is not in ControlSet001\\Control\\ServiceGroupOrder\\List" },
  { W10, "break-no-service.reg", "service", "ControlSet001\\Services\\viostor does not exist" },
  { W10, "break-no-group-order.reg", "Group",
    "Group 'SCSI miniport' is not in ControlSet001\\Control\\ServiceGroupOrder\\List" },
  { W7, "break-cddb-removed.reg", "CriticalDeviceDatabase", "has a CriticalDeviceDatabase entry" },
  { W7, "break-start3.reg", "Start", "Start is 3 (demand start), not 0" },
};

static void
test_break (gconstpointer data)
{
  const struct brk *b = data;
  gboolean w7 = strcmp (b->fixture, W7) == 0;
  const char *regs[] = { w7 ? "converted-win7.reg" : "converted-win10.reg", b->reg, NULL };
  g_autoptr (verify_result) r = walk_with (b->fixture, w7 ? 6 : 10, w7 ? 1 : 0, regs);
  if (r == NULL)
    return;
  const char *blk[] = { BLK_LEGACY, BLK_MODERN };
  for (size_t i = 0; i < G_N_ELEMENTS (blk); i++) {
    const struct verify_controller *ctl = vt_controller (r, blk[i]);
    g_assert_nonnull (ctl->broken);
    g_assert_cmpstr (ctl->broken->what, ==, b->what);
    if (strstr (ctl->broken->why, b->why) == NULL)
      g_error ("%s: '%s' not in '%s'", b->reg, b->why, ctl->broken->why);
  }
  g_assert_false (verify_result_boots (r, "virtio-blk"));
  /* Without ServiceGroupOrder no miniport's group is listed: vioscsi breaks the same way. */
  g_assert_true (verify_result_boots (r, "virtio-scsi") == (strcmp (b->reg, "break-no-group-order.reg") != 0));
}

/* A broken filter of the disk class breaks every controller: the filter is the link named. */
static void
test_filter (gconstpointer data)
{
  const struct brk *b = data;
  const char *regs[] = { "converted-win10.reg", b->reg, NULL };
  g_autoptr (verify_result) r = walk_with (W10, 10, 0, regs);
  if (r == NULL)
    return;
  const char *all[] = { BLK_LEGACY, BLK_MODERN, SCSI_LEGACY };
  for (size_t i = 0; i < G_N_ELEMENTS (all); i++) {
    const struct verify_controller *ctl = vt_controller (r, all[i]);
    g_assert_nonnull (ctl->broken);
    g_assert_cmpstr (ctl->broken->what, ==, "filter");
    if (strstr (ctl->broken->why, b->why) == NULL)
      g_error ("%s: '%s' not in '%s'", b->reg, b->why, ctl->broken->why);
  }
  g_assert_false (verify_result_boots (r, "virtio-scsi"));
}

static const struct brk filter_breaks[] = {
  { W10, "break-filter-missing.reg", "filter",
    "DiskDrive LowerFilters names xenfilt, which has no service key: every device of the class "
    "fails to start, the boot disk with it (stop 0x7B)" },
  { W10, "break-filter-disabled.reg", "filter",
    "DiskDrive UpperFilters names VMRawDsk, which is disabled (Start=4)" },
};

static void
test_sys_missing (void)
{
  const char *regs[] = { "converted-win10.reg", NULL };
  vt_files_reset ();
  vt_file_set ("/windows/system32/drivers/VIOSTOR.SYS", -1);
  g_autoptr (verify_result) r = walk_with (W10, 10, 0, regs);
  vt_files_reset ();
  if (r == NULL)
    return;
  const struct verify_controller *ctl = vt_controller (r, BLK_MODERN);
  g_assert_nonnull (ctl->broken);
  g_assert_cmpstr (ctl->broken->what, ==, "file");
  g_assert_nonnull (strstr (ctl->broken->why, "/Windows/System32/drivers/viostor.sys, which does not exist"));
  g_assert_true (verify_result_boots (r, "virtio-scsi"));
}

static void
test_cddb_classguid (void)
{
  const char *regs[] = { "converted-win7.reg", "break-cddb-classguid.reg", NULL };
  g_autoptr (verify_result) r = walk_with (W7, 6, 1, regs);
  if (r == NULL)
    return;
  const struct verify_controller *ctl = vt_controller (r, BLK_LEGACY);
  g_assert_nonnull (ctl->broken);
  g_assert_cmpstr (ctl->broken->what, ==, "ClassGUID");
  /* The most specific key is the one the kernel takes, even with a wrong class. */
  g_assert_cmpstr (((struct verify_candidate *) g_ptr_array_index (ctl->candidates, 0))->source, ==,
                   "PCI#VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00");
  g_assert_null (vt_controller (r, BLK_MODERN)->broken);
}

static void
test_virt_v2v_version (void)
{
  const char *regs[] = { "converted-win10.reg", "virt-v2v-version.reg", NULL };
  g_autoptr (verify_result) r = walk_with (W10, 10, 0, regs);
  if (r == NULL)
    return;
  g_assert_true (verify_result_boots (r, "all"));
  const struct verify_link *l = vt_link (vt_controller (r, BLK_LEGACY), "Version", VIOSTOR_PKG);
  g_assert_cmpint (l->status, ==, VERIFY_LINK_WARNING);
  g_assert_nonnull (strstr (l->why, "loses every ranking tie"));
}

/* Two packages for the same hardware ID: the newer DriverVer wins; a better FeatureScore beats it. */
static void
test_ranking (void)
{
  const char *older[] = { "converted-win10.reg", "rank-older.reg", NULL };
  g_autoptr (verify_result) r = walk_with (W10, 10, 0, older);
  if (r == NULL)
    return;
  const struct verify_controller *ctl = vt_controller (r, BLK_LEGACY);
  g_assert_null (ctl->broken);
  g_assert_cmpuint (ctl->candidates->len, ==, 2);
  const struct verify_candidate *a = g_ptr_array_index (ctl->candidates, 0);
  const struct verify_candidate *b = g_ptr_array_index (ctl->candidates, 1);
  g_assert_true (a->winner && !b->winner);
  g_assert_cmpstr (a->source, ==, "oem12.inf");
  g_assert_cmpstr (b->source, ==, "oem14.inf");
  g_assert_cmphex (a->rank, ==, b->rank);
  const char *feature[] = { "converted-win10.reg", "rank-older.reg", "rank-feature.reg", NULL };
  g_autoptr (verify_result) f = walk_with (W10, 10, 0, feature);
  a = g_ptr_array_index (vt_controller (f, BLK_LEGACY)->candidates, 0);
  g_assert_cmpstr (a->source, ==, "oem14.inf");
  g_assert_cmphex (a->rank, ==, 0x00fe0000);
  g_assert_true (a->winner);
  /* The modern controller's IDs are not in oem14.inf: one candidate. */
  g_assert_cmpuint (vt_controller (f, BLK_MODERN)->candidates->len, ==, 1);
}

static void
test_drivers_only (void)
{
  const char *regs[] = { "drivers-only.reg", NULL };
  g_autofree char *drivers = vt_hive (W7, regs);
  if (drivers == NULL) {
    g_test_skip ("hivexregedit is not installed");
    return;
  }
  g_autofree char *system = vt_hive (W10, NULL);
  size_t n;
  const struct verify_device *d = verify_virtio_devices (&n);
  g_autoptr (verify_result) r = vt_walk (system, drivers, 10, 0, d, n);
  const struct verify_controller *ctl = vt_controller (r, BLK_LEGACY);
  g_assert_cmpstr (ctl->broken->where, ==, "DRIVERS\\DriverDatabase\\DeviceIds");
  g_assert_nonnull (strstr (ctl->broken->why, "registered only in the DRIVERS hive"));
  g_assert_cmpstr (vt_controller (r, SCSI_LEGACY)->broken->what, ==, "DeviceIds");
}

/* Select\Current names the control set the walk reads. */
static void
test_select_current (void)
{
  const char *regs[] = { "select-current-2.reg", NULL };
  g_autofree char *hive = vt_hive (W7, regs);
  if (hive == NULL) {
    g_test_skip ("hivexregedit is not installed");
    return;
  }
  static const struct verify_device lsi_sas = {
    "lsi", "sas", 0x1000, 0x0054, 0x15AD, 0x1976, 0x01, 0x010700, VERIFY_CLASS_SCSIADAPTER, "SCSIAdapter"
  };
  g_autoptr (verify_result) r = vt_walk (hive, NULL, 6, 1, &lsi_sas, 1);
  g_assert_cmpstr (r->control_set, ==, "ControlSet002");
  const struct verify_controller *ctl = g_ptr_array_index (r->controllers, 0);
  g_assert_null (ctl->broken);
  g_assert_nonnull (vt_link (ctl, "CriticalDeviceDatabase", "SYSTEM\\ControlSet002\\Control\\CriticalDeviceDatabase\\PCI#VEN_1000&DEV_0054"));
  g_assert_nonnull (vt_link (ctl, "Start", "SYSTEM\\ControlSet002\\Services\\LSI_SAS"));
}

/* The JSON report parses and carries the verdict and the broken link. */
static void
test_json (void)
{
  const char *regs[] = { "converted-win10.reg", "break-no-version.reg", NULL };
  g_autoptr (verify_result) r = walk_with (W10, 10, 0, regs);
  if (r == NULL)
    return;
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  verify_report_json (b, r);
  json_builder_end_object (b);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = json_to_string (root, FALSE);
  g_autoptr (JsonParser) p = json_parser_new ();
  g_assert_true (json_parser_load_from_data (p, text, -1, NULL));
  JsonObject *o = json_node_get_object (json_parser_get_root (p));
  g_assert_false (json_object_get_boolean_member (o, "boots"));
  g_assert_cmpstr (json_object_get_string_member (o, "boot_model"), ==, "DriverDatabase");
  JsonObject *c0 = json_array_get_object_element (json_object_get_array_member (o, "controllers"), 0);
  g_assert_cmpstr (json_object_get_string_member (c0, "verdict"), ==, "does not boot");
  JsonObject *bl = json_object_get_object_member (c0, "broken_link");
  g_assert_cmpstr (json_object_get_string_member (bl, "what"), ==, "Version");
  g_assert_cmpstr (json_object_get_string_member (bl, "status"), ==, "broken");
  JsonObject *c2 = json_array_get_object_element (json_object_get_array_member (o, "controllers"), 2);
  g_assert_true (json_object_get_boolean_member (c2, "boots"));
  if (g_test_verbose ()) {
    g_autoptr (GString) out = g_string_new (NULL);
    verify_report_text (out, r, TRUE);
    g_test_message ("%s", out->str);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  vt_init ();
  g_test_add_func ("/verify/win10/converted", test_win10_converted);
  for (size_t i = 0; i < G_N_ELEMENTS (breaks); i++) {
    g_autofree char *name = g_strdup_printf ("/verify/%s/%s", strcmp (breaks[i].fixture, W7) ? "win10" : "win7",
                                             breaks[i].reg);
    g_test_add_data_func (name, &breaks[i], test_break);
  }
  for (size_t i = 0; i < G_N_ELEMENTS (filter_breaks); i++) {
    g_autofree char *name = g_strdup_printf ("/verify/win10/%s", filter_breaks[i].reg);
    g_test_add_data_func (name, &filter_breaks[i], test_filter);
  }
  g_test_add_func ("/verify/win10/sys-missing", test_sys_missing);
  g_test_add_func ("/verify/win7/cddb-classguid", test_cddb_classguid);
  g_test_add_func ("/verify/win10/virt-v2v-version", test_virt_v2v_version);
  g_test_add_func ("/verify/win10/ranking", test_ranking);
  g_test_add_func ("/verify/win10/drivers-only", test_drivers_only);
  g_test_add_func ("/verify/win7/select-current", test_select_current);
  g_test_add_func ("/verify/json", test_json);
  return g_test_run ();
}
