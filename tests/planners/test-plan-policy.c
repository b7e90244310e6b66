/* Unit tests of the device-installation policy planner (planners/plan-policy.c,
 * docs/registry-and-hives.md#device-installation-policy) on a Windows 10 guest described by hand
 * and the fixture viostor package.  The four IDs below are the fixture INF's Models lines, read
 * by hand.  Links without hivex. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "plan.h"
#include "plan-fixture.h"
#include "banned.h"

#define SW REG_HIVE_SOFTWARE
#define VIOSTOR "viostor/w8.1/amd64/viostor.inf"
#define POLICY "Policies\\Microsoft\\Windows\\DeviceInstall\\Restrictions"
#define ALLOW POLICY "\\AllowDeviceIDs"

static const char *const viostor_ids[] = {
  "PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00", "PCI\\VEN_1AF4&DEV_1001",
  "PCI\\VEN_1AF4&DEV_1042&SUBSYS_11001AF4&REV_01", "PCI\\VEN_1AF4&DEV_1042",
};

static struct plan_facts *
facts (void)
{
  struct plan_facts *f = plan_facts_new ();
  f->control_set = g_strdup ("ControlSet001");
  f->arch = WS_ARCH_AMD64;
  f->ddb = TRUE;
  return f;
}

/* The registry plan for viostor, or NULL with *err set. */
static struct reg_plan *
plan (const struct plan_facts *f, fixture_pkg **pkg, GError **err)
{
  *pkg = fixture_pkg_load (VIOSTOR, "10.0.18362/amd64", NULL, NULL);
  g_autoptr (GPtrArray) ls = plan_layout (f, &fixture_opts, &(*pkg)->pkg, 1, err);
  g_assert_no_error (*err);
  return plan_registry (f, &fixture_opts, ls, NULL, err);
}

static void
test_no_policy (void)
{
  g_autoptr (plan_facts) f = facts ();
  g_autoptr (fixture_pkg) p = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (reg_plan) rp = plan (f, &p, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (fixture_count (rp, SW, "Policies\\"), ==, 0);
}

/* DenyUnspecified with one of the IDs already allowed as "3": the other three are added as 4, 5
 * and 6, the list is switched on, nothing else of the policy is touched. */
static void
test_allow_list (void)
{
  g_autoptr (plan_facts) f = facts ();
  f->policy.present = TRUE;
  f->policy.deny_unspecified = 1;
  f->policy.allow_id_next = 4;
  g_ptr_array_add (f->policy.allow_id_list, g_strdup ("pci\\ven_1af4&dev_1001"));
  g_autoptr (fixture_pkg) p = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (reg_plan) rp = plan (f, &p, &err);
  g_assert_no_error (err);
  fixture_assert_dword (rp, SW, POLICY, "AllowDeviceIDs", 1);
  g_assert_null (fixture_edit (rp, SW, POLICY, "DenyUnspecified"));
  g_assert_null (fixture_edit (rp, SW, ALLOW, "3"));
  g_assert_cmpuint (fixture_count (rp, SW, ALLOW), ==, 3);
  for (size_t i = 0; i < G_N_ELEMENTS (viostor_ids); i++) {
    gboolean found = FALSE;
    static const char *const names[] = { "4", "5", "6" };
    for (size_t j = 0; j < G_N_ELEMENTS (names); j++) {
      const struct reg_edit *e = fixture_edit (rp, SW, ALLOW, names[j]);
      g_assert_nonnull (e);
      g_assert_cmpuint (e->type, ==, REG_TYPE_SZ);
      g_assert_true (strstr (e->provenance, "DenyUnspecified") != NULL);
      g_autofree char *text = g_utf16_to_utf8 ((const gunichar2 *) e->data, (glong) (e->len / 2), NULL, NULL, NULL);
      found = found || g_strcmp0 (text, viostor_ids[i]) == 0;
    }
    g_assert_true (found == (i != 1));   /* DEV_1001 was already there */
  }
}

/* With every ID allowed and the list on, a second run plans nothing. */
static void
test_already_allowed (void)
{
  g_autoptr (plan_facts) f = facts ();
  f->policy.present = TRUE;
  f->policy.deny_unspecified = 1;
  f->policy.allow_ids = 1;
  for (size_t i = 0; i < G_N_ELEMENTS (viostor_ids); i++)
    g_ptr_array_add (f->policy.allow_id_list, g_strdup (viostor_ids[i]));
  g_autoptr (fixture_pkg) p = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (reg_plan) rp = plan (f, &p, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (fixture_count (rp, SW, "Policies\\"), ==, 0);
}

/* Deny settings win over Allow lists: refused, naming the setting. */
static void
assert_refused (struct plan_facts *f, const char *what)
{
  g_autoptr (fixture_pkg) p = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (reg_plan) rp = plan (f, &p, &err);
  g_assert_null (rp);
  g_assert_error (err, WS_ERROR, WS_EXIT_REFUSED);
  /* GUIDs and IDs compare without regard to case. */
  g_autofree char *msg = g_ascii_strdown (err->message, -1);
  g_autofree char *want = g_ascii_strdown (what, -1);
  if (strstr (msg, want) == NULL)
    g_error ("'%s' not in: %s", what, err->message);
  g_assert_null (strchr (err->message, '\n'));
}

static void
test_denied (void)
{
  g_autoptr (plan_facts) all = facts ();
  all->policy.present = TRUE;
  all->policy.deny_all = 1;
  assert_refused (all, "DenyAll=1");

  g_autoptr (plan_facts) ids = facts ();
  ids->policy.present = TRUE;
  ids->policy.deny_ids = 1;
  g_ptr_array_add (ids->policy.deny_id_list, g_strdup ("USBSTOR\\Disk"));
  g_ptr_array_add (ids->policy.deny_id_list, g_strdup ("pci\\ven_1af4&dev_1042"));
  assert_refused (ids, "DenyDeviceIDs names 'PCI\\VEN_1AF4&DEV_1042'");

  g_autoptr (plan_facts) cls = facts ();
  cls->policy.present = TRUE;
  cls->policy.deny_unspecified = 1;
  cls->policy.deny_classes = 1;
  g_ptr_array_add (cls->policy.deny_class_list, g_strdup ("{4d36e97b-e325-11ce-bfc1-08002be10318}"));
  assert_refused (cls, "DenyDeviceClasses names {4D36E97B-E325-11CE-BFC1-08002BE10318}");
}

/* A Deny list that names other devices, or one that is switched off, changes nothing. */
static void
test_denied_other (void)
{
  g_autoptr (plan_facts) f = facts ();
  f->policy.present = TRUE;
  f->policy.deny_ids = 1;
  g_ptr_array_add (f->policy.deny_id_list, g_strdup ("USBSTOR\\Disk"));
  f->policy.deny_classes = 0;
  g_ptr_array_add (f->policy.deny_class_list, g_strdup ("{4D36E97B-E325-11CE-BFC1-08002BE10318}"));
  g_autoptr (fixture_pkg) p = NULL;
  g_autoptr (GError) err = NULL;
  g_autoptr (reg_plan) rp = plan (f, &p, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (fixture_count (rp, SW, "Policies\\"), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-policy/none", test_no_policy);
  g_test_add_func ("/plan-policy/allow-list", test_allow_list);
  g_test_add_func ("/plan-policy/already-allowed", test_already_allowed);
  g_test_add_func ("/plan-policy/denied", test_denied);
  g_test_add_func ("/plan-policy/denied-other", test_denied_other);
  return g_test_run ();
}
