/* Unit tests of plan_platform(): the old hypervisor's tools disabled, their class filters
 * removed with the other entries kept in order, SanPolicy, the --keep-* options, a second run
 * planning nothing.  Facts are filled by hand; links without hivex. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "plan-platform.h"
#include "plan-fixture.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM
#define CS "ControlSet001"
#define SVC CS "\\Services\\"
#define DISK_CLASS "{4d36e967-e325-11ce-bfc1-08002be10318}"
#define HDC_CLASS "{4d36e96a-e325-11ce-bfc1-08002be10318}"
#define SYSTEM_CLASS "{4d36e97d-e325-11ce-bfc1-08002be10318}"
#define MOUSE_CLASS "{4d36e96f-e325-11ce-bfc1-08002be10318}"

/* A Windows 10 guest that was on XenServer and VirtualBox, with VMware's and Hyper-V's keys. */
static struct platform_facts *
xen_vbox_facts (guint major, guint minor)
{
  struct platform_facts *f = platform_facts_new (CS, major, minor);
  platform_facts_add_service (f, "xenbus", TRUE, 0);
  platform_facts_add_service (f, "xenfilt", TRUE, 0);
  platform_facts_add_service (f, "xenvbd", TRUE, 0);
  platform_facts_add_service (f, "XENNET", TRUE, 3);   /* the hive's own spelling is kept */
  platform_facts_add_service (f, "VBoxGuest", TRUE, 1);
  platform_facts_add_service (f, "VBoxMouse", TRUE, 3);
  platform_facts_add_service (f, "VBoxService", TRUE, 4);  /* already disabled */
  platform_facts_add_service (f, "pvscsi", FALSE, 0);      /* a leftover key: no Start */
  platform_facts_add_service (f, "vmbus", TRUE, 0);        /* Windows' own from 7 / 2008 R2 */
  platform_facts_add_service (f, "partmgr", TRUE, 0);      /* not in the table */
  const char *disk_lower[] = { "EhStorClass", NULL };
  const char *disk_upper[] = { "partmgr", NULL };
  platform_facts_add_class (f, DISK_CLASS, "DiskDrive", disk_upper, disk_lower);
  const char *hdc_upper[] = { "vendorflt", "XenFilt", "other", NULL };
  platform_facts_add_class (f, HDC_CLASS, "HDC", hdc_upper, NULL);
  const char *sys_upper[] = { "xenfilt", NULL };
  platform_facts_add_class (f, SYSTEM_CLASS, "System", sys_upper, NULL);
  const char *mouse_upper[] = { "VBoxMouse", "mouclass", NULL };
  const char *mouse_lower[] = { "vboxservice", NULL };
  platform_facts_add_class (f, MOUSE_CLASS, "Mouse", mouse_upper, mouse_lower);
  f->has_san_policy = TRUE;
  f->san_policy = 2;
  return f;
}

/* A REG_MULTI_SZ of ASCII strings, as Windows stores it: UTF-16LE, NUL after each, NUL at the end. */
static GByteArray *
multi_bytes (const char *const *strv)
{
  GByteArray *b = g_byte_array_new ();
  static const guint8 zero = 0;
  for (size_t i = 0; strv[i]; i++) {
    for (const char *c = strv[i]; *c; c++) {
      g_byte_array_append (b, (const guint8 *) c, 1);
      g_byte_array_append (b, &zero, 1);
    }
    g_byte_array_append (b, &zero, 1);
    g_byte_array_append (b, &zero, 1);
  }
  g_byte_array_append (b, &zero, 1);
  g_byte_array_append (b, &zero, 1);
  return b;
}

static void
assert_multi (const struct reg_plan *p, const char *key, const char *name, const char *const *strv)
{
  g_autoptr (GByteArray) b = multi_bytes (strv);
  fixture_assert_value (p, SYS, key, name, REG_TYPE_MULTI_SZ, b->data, b->len);
}

static const struct platform_change *
change (GPtrArray *changes, const char *what)
{
  for (guint i = 0; i < changes->len; i++) {
    const struct platform_change *c = g_ptr_array_index (changes, i);
    if (strcmp (c->what, what) == 0)
      return c;
  }
  return NULL;
}

static void
test_xen_vbox (void)
{
  g_autoptr (platform_facts) f = xen_vbox_facts (10, 0);
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autoptr (GPtrArray) ch = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_change_free);
  struct platform_options o = { .virtio_storage = TRUE };
  g_autoptr (GError) e = NULL;
  g_assert_true (plan_platform (f, &o, p, ch, &e));
  g_assert_no_error (e);
  fixture_assert_dword (p, SYS, SVC "xenbus", "Start", 4);
  fixture_assert_dword (p, SYS, SVC "xenfilt", "Start", 4);
  fixture_assert_dword (p, SYS, SVC "xenvbd", "Start", 4);
  fixture_assert_dword (p, SYS, SVC "XENNET", "Start", 4);
  fixture_assert_dword (p, SYS, SVC "VBoxGuest", "Start", 4);
  fixture_assert_dword (p, SYS, SVC "VBoxMouse", "Start", 4);
  /* Already disabled, a leftover, Windows' own, not a tool: left alone. */
  g_assert_null (fixture_edit (p, SYS, SVC "VBoxService", "Start"));
  g_assert_null (fixture_edit (p, SYS, SVC "pvscsi", "Start"));
  g_assert_null (fixture_edit (p, SYS, SVC "vmbus", "Start"));
  g_assert_null (fixture_edit (p, SYS, SVC "partmgr", "Start"));
  /* Filters: the disabled ones go (any case), the others stay in their order. */
  assert_multi (p, CS "\\Control\\Class\\" HDC_CLASS, "UpperFilters",
                (const char *[]) { "vendorflt", "other", NULL });
  assert_multi (p, CS "\\Control\\Class\\" MOUSE_CLASS, "UpperFilters",
                (const char *[]) { "mouclass", NULL });
  fixture_assert_op (p, SYS, CS "\\Control\\Class\\" SYSTEM_CLASS, "UpperFilters", REG_OP_DELETE_VALUE);
  /* A service disabled before the conversion breaks its stack just the same. */
  fixture_assert_op (p, SYS, CS "\\Control\\Class\\" MOUSE_CLASS, "LowerFilters", REG_OP_DELETE_VALUE);
  g_assert_null (fixture_edit (p, SYS, CS "\\Control\\Class\\" DISK_CLASS, "UpperFilters"));
  g_assert_null (fixture_edit (p, SYS, CS "\\Control\\Class\\" DISK_CLASS, "LowerFilters"));
  fixture_assert_dword (p, SYS, SVC "partmgr\\Parameters", "SanPolicy", 1);
  /* 6 services + 4 filter values + SanPolicy. */
  g_assert_cmpuint (reg_plan_len (p), ==, 11);
  g_assert_cmpuint (ch->len, ==, 11);
  const struct platform_change *c = change (ch, "xenvbd (xen)");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "Start=0");
  g_assert_cmpstr (c->new_value, ==, "Start=4");
  g_assert_cmpstr (c->source, ==, "platform-tools.tsv:42 (xen-pv)");
  c = change (ch, "HDC UpperFilters");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "vendorflt,XenFilt,other");
  g_assert_cmpstr (c->new_value, ==, "vendorflt,other");
  c = change (ch, "SanPolicy");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->old_value, ==, "2");
  g_assert_cmpstr (c->new_value, ==, "1");
}

/* Without a virtio storage driver the old controller stays the boot path: xenvbd and the
 * filters naming it are kept. */
static void
test_no_virtio_storage (void)
{
  g_autoptr (platform_facts) f = xen_vbox_facts (10, 0);
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autoptr (GPtrArray) ch = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_change_free);
  struct platform_options o = { .virtio_storage = FALSE };
  g_assert_true (plan_platform (f, &o, p, ch, NULL));
  g_assert_null (fixture_edit (p, SYS, SVC "xenvbd", "Start"));
  fixture_assert_dword (p, SYS, SVC "xenfilt", "Start", 4);
}

/* Hyper-V's services are added on before Windows 7 / 2008 R2; SanPolicy starts with Vista. */
static void
test_xp (void)
{
  g_autoptr (platform_facts) f = xen_vbox_facts (5, 1);
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autoptr (GPtrArray) ch = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_change_free);
  struct platform_options o = { .virtio_storage = TRUE };
  g_assert_true (plan_platform (f, &o, p, ch, NULL));
  fixture_assert_dword (p, SYS, SVC "vmbus", "Start", 4);
  g_assert_null (fixture_edit (p, SYS, SVC "partmgr\\Parameters", "SanPolicy"));
}

static void
test_keep (void)
{
  g_autoptr (platform_facts) f = xen_vbox_facts (10, 0);
  struct platform_options o = { .virtio_storage = TRUE, .keep_tools = TRUE };
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autoptr (GPtrArray) ch = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_change_free);
  g_assert_true (plan_platform (f, &o, p, ch, NULL));
  g_assert_cmpuint (reg_plan_len (p), ==, 1);
  fixture_assert_dword (p, SYS, SVC "partmgr\\Parameters", "SanPolicy", 1);
  o.keep_san_policy = TRUE;
  g_autoptr (reg_plan) q = reg_plan_new ();
  g_assert_true (plan_platform (f, &o, q, ch, NULL));
  g_assert_cmpuint (reg_plan_len (q), ==, 0);
}

/* The facts of a converted guest: nothing left to plan. */
static void
test_second_run (void)
{
  g_autoptr (platform_facts) f = platform_facts_new (CS, 10, 0);
  platform_facts_add_service (f, "xenfilt", TRUE, 4);
  platform_facts_add_service (f, "VBoxGuest", TRUE, 4);
  const char *hdc_upper[] = { "vendorflt", "other", NULL };
  platform_facts_add_class (f, HDC_CLASS, "HDC", hdc_upper, NULL);
  f->has_san_policy = TRUE;
  f->san_policy = 1;
  g_autoptr (reg_plan) p = reg_plan_new ();
  g_autoptr (GPtrArray) ch = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_change_free);
  struct platform_options o = { .virtio_storage = TRUE };
  g_assert_true (plan_platform (f, &o, p, ch, NULL));
  g_assert_cmpuint (reg_plan_len (p), ==, 0);
  g_assert_cmpuint (ch->len, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/plan-platform/xen-vbox", test_xen_vbox);
  g_test_add_func ("/plan-platform/no-virtio-storage", test_no_virtio_storage);
  g_test_add_func ("/plan-platform/xp", test_xp);
  g_test_add_func ("/plan-platform/keep", test_keep);
  g_test_add_func ("/plan-platform/second-run", test_second_run);
  return g_test_run ();
}
