/* test-match: packages and the ranking of drivers/match.c, on small INFs built in memory with a
 * file index (no files are read).  Each case isolates one rule of match.h. */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "match.h"
#include "banned.h"

/* A viostor-like INF with the given decoration, DriverVer and hardware device. */
static char *
inf_text (const char *decoration, const char *driver_ver, const char *dev)
{
  return g_strdup_printf (
    "[Version]\nSignature=\"$Windows NT$\"\nClass=SCSIAdapter\nClassGUID={4D36E97B-E325-11CE-BFC1-08002BE10318}\n"
    "Provider=Test\nDriverVer=%s\nCatalogFile=drv.cat\n"
    "[SourceDisksNames]\n1=Disk,,,\"\"\n[SourceDisksFiles]\ndrv.sys=1\n[DestinationDirs]\nDefaultDestDir=12\n"
    "[Manufacturer]\nTest=Models,%s\n[Models.%s]\nDevice=inst,PCI\\VEN_1AF4&DEV_%s\n"
    "[inst]\nCopyFiles=@drv.sys\n[inst.Services]\nAddService=drv,2,svc\n"
    "[svc]\nServiceType=1\nStartType=0\nErrorControl=1\nServiceBinary=%%12%%\\drv.sys\n",
    driver_ver, decoration, decoration, dev);
}

struct set {
  GHashTable *files;
  GPtrArray *packages;
};

static void
set_init (struct set *s)
{
  s->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  s->packages = g_ptr_array_new_with_free_func ((GDestroyNotify) drv_package_free);
}

static void
set_clear (struct set *s)
{
  g_ptr_array_unref (s->packages);
  g_hash_table_unref (s->files);
}

static void
add_file (struct set *s, const char *path)
{
  g_hash_table_insert (s->files, g_ascii_strdown (path, -1), g_strdup (path));
}

/* A package at dir/drv.inf, with its catalog and payload unless `incomplete`. */
static void
add_package (struct set *s, const char *dir, const char *decoration, const char *ver, const char *dev,
             gboolean incomplete)
{
  g_autofree char *inf = g_strdup_printf ("%s/drv.inf", dir), *cat = g_strdup_printf ("%s/DRV.CAT", dir);
  g_autofree char *sys = g_strdup_printf ("%s/drv.sys", dir);
  add_file (s, inf);
  add_file (s, cat);   /* found case-insensitively */
  if (!incomplete)
    add_file (s, sys);
  g_autofree char *text = inf_text (decoration, ver, dev);
  g_ptr_array_add (s->packages, drv_package_new (inf, text, strlen (text), s->files, NULL));
}

static const char *
chosen (struct set *s, const char *target, const char *role)
{
  struct ws_target t;
  g_assert_true (ws_target_parse (target, &t, NULL));
  static char result[256];
  g_autoptr (drv_selection) sel = drv_select (s->packages, &t);
  const struct drv_choice *c = drv_selection_role (sel, role);
  g_assert_nonnull (c);
  g_strlcpy (result, c->chosen ? c->chosen->pkg->inf_path : "(none)", sizeof result);
  return result;
}

static void
test_package (void)
{
  struct set s;
  set_init (&s);
  add_package (&s, "viostor/2k19/amd64", "NTamd64.10.0...17763", "08/30/2021,1.2.3.4", "1001", FALSE);
  add_package (&s, "flat", "NTamd64", "08/30/2021,1.2.3.4", "1042", TRUE);
  const struct drv_package *p = g_ptr_array_index (s.packages, 0);
  g_assert_no_error (p->error);
  g_assert_cmpstr (p->os_dir, ==, "2k19");
  g_assert_cmpstr (p->os->name, ==, "2k19");
  g_assert_cmpint (p->arch, ==, WS_ARCH_AMD64);
  g_assert_true (p->arch_from_path);
  g_assert_cmpstr (p->role, ==, "block");
  g_assert_cmpstr (p->ids[0], ==, "PCI\\VEN_1AF4&DEV_1001");
  g_assert_true (drv_package_complete (p));
  g_autoptr (GPtrArray) files = drv_package_files (p, p->summary);
  g_assert_cmpuint (files->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (files, 1), ==, "viostor/2k19/amd64/DRV.CAT");
  p = g_ptr_array_index (s.packages, 1);
  g_assert_null (p->os);
  g_assert_false (p->arch_from_path);
  g_assert_cmpint (p->arch, ==, WS_ARCH_AMD64);   /* from the decoration */
  g_assert_false (drv_package_complete (p));
  g_assert_cmpuint (p->missing->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (p->missing, 0), ==, "flat/drv.sys");
  set_clear (&s);
}

static void
test_os_folder_wins (void)
{
  struct set s;
  set_init (&s);
  add_package (&s, "a/w10/amd64", "NTamd64.10.0", "06/01/2024,2.0.0.0", "1001", FALSE);   /* newer */
  add_package (&s, "b/2k19/amd64", "NTamd64.10.0...17763", "01/01/2020,1.0.0.0", "1001", FALSE);
  g_assert_cmpstr (chosen (&s, "2k19/amd64", "block"), ==, "b/2k19/amd64/drv.inf");
  /* No folder for 2022: the newest DriverVer wins over the closer decoration. */
  g_assert_cmpstr (chosen (&s, "2k22/amd64", "block"), ==, "a/w10/amd64/drv.inf");
  set_clear (&s);
}

static void
test_driver_ver_then_decoration (void)
{
  struct set s;
  set_init (&s);
  add_package (&s, "a/x", "NTamd64.6.3", "08/30/2021,100.85.104.20800", "1001", FALSE);
  add_package (&s, "b/x", "NTamd64.10.0", "08/30/2021,100.85.104.20799", "1001", FALSE);
  g_assert_cmpstr (chosen (&s, "w10/amd64", "block"), ==, "a/x/drv.inf");   /* version decides */
  set_clear (&s);
  set_init (&s);
  add_package (&s, "a/x", "NTamd64.6.3", "08/30/2021,1.0.0.0", "1001", FALSE);
  add_package (&s, "b/x", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1001", FALSE);
  g_assert_cmpstr (chosen (&s, "w10/amd64", "block"), ==, "b/x/drv.inf");   /* equal: decoration */
  g_assert_cmpstr (chosen (&s, "w8.1/amd64", "block"), ==, "a/x/drv.inf");  /* only 6.3 applies */
  set_clear (&s);
}

static void
test_unusable (void)
{
  struct set s;
  set_init (&s);
  add_package (&s, "viostor/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1001", TRUE);    /* no .sys */
  add_package (&s, "viostor/w10/x86", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1001", FALSE);     /* x86 folder */
  add_package (&s, "viostor/w8.1/amd64", "NTamd64.6.3", "08/30/2020,1.0.0.0", "1001", FALSE);
  g_ptr_array_add (s.packages, drv_package_new ("bad/drv.inf", "[Version]\n\"", 12, s.files, NULL));
  struct ws_target t;
  g_assert_true (ws_target_parse ("w10/amd64", &t, NULL));
  g_autoptr (drv_selection) sel = drv_select (s.packages, &t);
  g_assert_cmpuint (sel->choices->len, ==, 1);   /* the broken package has no role */
  const struct drv_choice *c = drv_selection_role (sel, "block");
  g_assert_cmpstr (c->chosen->pkg->inf_path, ==, "viostor/w8.1/amd64/drv.inf");
  g_assert_nonnull (strstr (c->reason, "no usable package is in a folder for Windows 10 (w10)"));
  const struct drv_candidate *x86 = NULL, *inc = NULL;
  for (guint i = 0; i < c->candidates->len; i++) {
    const struct drv_candidate *k = g_ptr_array_index (c->candidates, i);
    if (strstr (k->pkg->inf_path, "x86"))
      x86 = k;
    else if (strstr (k->pkg->inf_path, "w10"))
      inc = k;
  }
  g_assert_cmpstr (x86->reason, ==, "its folder is for x86, target is amd64");
  g_assert_cmpstr (inc->reason, ==, "incomplete: 'viostor/w10/amd64/drv.sys' is missing");
  g_assert_true (inc->os_folder);
  g_assert_false (inc->usable);
  g_assert_null (drv_selection_role (sel, "scsi"));
  set_clear (&s);
}

static void
test_roles (void)
{
  struct set s;
  set_init (&s);
  add_package (&s, "NetKVM/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1000", FALSE);
  add_package (&s, "vioscsi/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1004", FALSE);
  add_package (&s, "Balloon/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1002", FALSE);
  add_package (&s, "other/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "9999", FALSE);
  add_package (&s, "viostor/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1042", FALSE);
  struct ws_target t;
  g_assert_true (ws_target_parse ("w10/amd64", &t, NULL));
  g_autoptr (drv_selection) sel = drv_select (s.packages, &t);
  const char *order[] = { "block", "scsi", "net", "balloon", "class:scsiadapter" };
  g_assert_cmpuint (sel->choices->len, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (((struct drv_choice *) g_ptr_array_index (sel->choices, i))->role, ==, order[i]);
  set_clear (&s);
}

static void
test_no_match (void)
{
  struct set s;
  set_init (&s);
  add_package (&s, "viostor/w10/amd64", "NTamd64.10.0", "08/30/2021,1.0.0.0", "1001", FALSE);
  g_assert_cmpstr (chosen (&s, "w7/amd64", "block"), ==, "(none)");
  struct ws_target t;
  g_assert_true (ws_target_parse ("w7/amd64", &t, NULL));
  g_autoptr (drv_selection) sel = drv_select (s.packages, &t);
  const struct drv_choice *c = drv_selection_role (sel, "block");
  g_assert_cmpstr (c->reason, ==, "no package of the 1 found applies to Windows 7 (w7) amd64");
  const struct drv_candidate *k = g_ptr_array_index (c->candidates, 0);
  g_assert_cmpstr (k->reason, ==, "no Models section of Test applies (NTamd64.10.0: it needs NT 10.0 or later, target is 6.1.7600)");
  set_clear (&s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/match/package", test_package);
  g_test_add_func ("/match/os-folder-wins", test_os_folder_wins);
  g_test_add_func ("/match/driver-ver-then-decoration", test_driver_ver_then_decoration);
  g_test_add_func ("/match/unusable", test_unusable);
  g_test_add_func ("/match/roles", test_roles);
  g_test_add_func ("/match/no-match", test_no_match);
  return g_test_run ();
}
