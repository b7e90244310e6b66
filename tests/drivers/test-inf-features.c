/* test-inf-features: the interpreter on tests/drivers/features.inf, an INF that uses every
 * construct (decorations with versions, builds, product types and suite masks; DDInstall
 * platform extensions; Include/Needs; CopyFiles with DestinationDirs and platform-specific
 * SourceDisks sections; every AddReg/DelReg flag and type; services with event logs; locale
 * strings).  Expected values are read from features.inf; line numbers are its own. */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "inf.h"
#include "banned.h"

static GBytes *
features (void)
{
  const char *top = g_getenv ("WINSEED_TESTS_SRCDIR");
  g_autofree char *path = g_build_filename (top ? top : ".", "drivers", "features.inf", NULL);
  char *buf;
  gsize len;
  g_assert_true (g_file_get_contents (path, &buf, &len, NULL));
  return g_bytes_new_take (buf, len);
}

static struct inf_driver *
interpret_locale (const char *target, const char *locale)
{
  g_autoptr (GBytes) b = features ();
  g_autoptr (GError) err = NULL;
  g_autoptr (inf_file) inf = inf_file_parse (g_bytes_get_data (b, NULL), g_bytes_get_size (b), "features.inf",
                                             locale, &err);
  g_assert_no_error (err);
  struct ws_target t;
  g_assert_true (ws_target_parse (target, &t, NULL));
  struct inf_driver *d = inf_driver_new (inf, &t, &err);
  g_assert_no_error (err);
  return d;
}

static struct inf_driver *
interpret (const char *target)
{
  return interpret_locale (target, NULL);
}

static const struct inf_reg_op *
op (GPtrArray *ops, const char *subkey, const char *value)
{
  for (guint i = 0; i < ops->len; i++) {
    const struct inf_reg_op *o = g_ptr_array_index (ops, i);
    if (g_strcmp0 (o->subkey, subkey) == 0 && g_strcmp0 (o->value_name, value) == 0)
      return o;
  }
  g_error ("no operation %s [%s]", subkey, value ? value : "(key)");
  return NULL;
}

/* The hardware IDs of the models that apply, joined with spaces. */
static char *
ids (const struct inf_driver *d)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < d->models->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", ((struct inf_model *) g_ptr_array_index (d->models, i))->hardware_id);
  return g_string_free (s, FALSE);
}

static void
test_decorations (void)
{
  static const struct { const char *target, *ids; } cases[] = {
    { "w10/amd64", "PCI\\VEN_1234&DEV_0010" },                /* NTamd64.10.0 beats bare NTamd64 */
    { "2k19/amd64", "PCI\\VEN_1234&DEV_0019&SUBSYS_00011234" }, /* build 17763 reached */
    { "2k16/amd64", "PCI\\VEN_1234&DEV_0010" },               /* 14393 < 17763 */
    { "2k12R2/amd64", "PCI\\VEN_1234&DEV_0012" },             /* product type 3 = server */
    { "w8.1/amd64", "PCI\\VEN_1234&DEV_0001" },               /* ... not for a workstation */
    { "w7/x86", "PCI\\VEN_1234&DEV_0007 ROOT\\FEAT" },         /* + the undecorated Other (x86) */
    { "xp/x86", "ROOT\\FEAT" },
    { "w11/arm64", "PCI\\VEN_1234&DEV_00AA" },                /* workstation, suite unknown */
    { "2k22/arm64", "" },                                     /* product type 1 only */
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    g_autoptr (inf_driver) d = interpret (cases[i].target);
    g_autofree char *got = ids (d);
    g_assert_cmpstr (got, ==, cases[i].ids);
  }
  g_autoptr (inf_driver) d = interpret ("2k22/arm64");
  const struct inf_models_choice *c = g_ptr_array_index (d->choices, 0);
  g_assert_nonnull (strstr (c->reason, "NTarm64.10.0.1.0x10: it is for product type workstation, target is server"));
  c = g_ptr_array_index (d->choices, 1);
  g_assert_nonnull (strstr (c->reason, "an undecorated Models section is used on x86 only"));
}

static void
test_decoration_api (void)
{
  struct inf_decoration d, e;
  inf_decoration_parse ("NTamd64.10.0...17763", &d);
  g_assert_true (d.nt && d.has_arch && !d.bad && d.has_version);
  g_assert_cmpint (d.arch, ==, WS_ARCH_AMD64);
  g_assert_cmpuint (d.major, ==, 10);
  g_assert_cmpuint (d.build, ==, 17763);
  g_assert_cmpuint (d.product_type, ==, 0);
  inf_decoration_parse ("ntX86.5.1.1.0x00000010", &e);
  g_assert_cmpint (e.arch, ==, WS_ARCH_X86);
  g_assert_cmpuint (e.product_type, ==, 1);
  g_assert_cmpuint (e.suite_mask, ==, 0x10);
  inf_decoration_parse ("NTmips", &e);
  g_assert_true (e.bad);
  inf_decoration_parse ("NTamd64.1.2.3.4.5.6", &e);
  g_assert_true (e.bad);
  inf_decoration_parse ("", &e);
  g_assert_false (e.nt);
  struct ws_target t = { 10, 0, 17763, WS_PRODUCT_SERVER, WS_ARCH_AMD64, 0x110 };
  g_assert_true (inf_decoration_applies (&d, &t, NULL));
  inf_decoration_parse ("NTamd64.10.0.3.0x100", &e);
  g_assert_true (inf_decoration_applies (&e, &t, NULL));
  inf_decoration_parse ("NTamd64.10.0.3.0x2", &e);
  g_autofree char *why = NULL;
  g_assert_false (inf_decoration_applies (&e, &t, &why));
  g_assert_cmpstr (why, ==, "it needs suite mask 0x2, target has 0x110");
  inf_decoration_parse ("NTamd64.10.0", &e);
  g_assert_cmpint (inf_decoration_cmp (&d, &e), >, 0);
  inf_decoration_parse ("NT.10.0...17763", &e);   /* no platform: loses to NTamd64 of the same version */
  g_assert_cmpint (inf_decoration_cmp (&d, &e), >, 0);
}

static void
test_version (void)
{
  g_autoptr (inf_driver) d = interpret ("2k19/amd64");
  g_assert_cmpstr (d->provider, ==, "Feat Corp");
  g_autofree char *date = inf_driver_ver_date (&d->driver_ver), *ver = inf_driver_ver_version (&d->driver_ver);
  g_assert_cmpstr (date, ==, "2023-01-02");
  g_assert_cmpstr (ver, ==, "0.0.0.0");
  g_assert_cmpstr (d->catalog, ==, "feat64.cat");
  g_assert_cmpstr (d->catalog_key, ==, "CatalogFile.NTamd64");
  g_autoptr (inf_driver) x86 = interpret ("w7/x86");
  g_assert_cmpstr (x86->catalog, ==, "feat32.cat");
  g_autoptr (inf_driver) arm = interpret ("w11/arm64");
  g_assert_cmpstr (arm->catalog, ==, "generic.cat");
  g_autoptr (inf_driver) de = interpret_locale ("2k19/amd64", "0407");
  g_assert_cmpstr (de->provider, ==, "Feat GmbH");                 /* [Strings.0407] */
  g_assert_cmpstr (g_hash_table_lookup (de->strings, "svcname"), ==, "Feature 1.2 service");
}

static void
test_install_sections (void)
{
  g_autoptr (inf_driver) amd = interpret ("2k19/amd64");
  const struct inf_install *ins = g_ptr_array_index (amd->installs, 0);
  g_assert_cmpstr (ins->name, ==, "main_inst.NTamd64");
  g_assert_cmpuint (ins->pos.line, ==, 42);
  g_assert_cmpuint (ins->feature_score, ==, 0xFE);
  g_assert_cmpstr (((struct inf_ref *) g_ptr_array_index (ins->includes, 0))->name, ==, "machine.inf");
  g_assert_cmpuint (ins->needs->len, ==, 2);   /* not in this INF: recorded, not an error */
  g_assert_cmpstr (((struct inf_ref *) g_ptr_array_index (ins->needs, 0))->name, ==, "Machine.Install");
  g_assert_cmpuint (((struct inf_ref *) g_ptr_array_index (ins->needs, 0))->pos.line, ==, 44);
  g_assert_cmpstr (((struct inf_ref *) g_ptr_array_index (ins->needs, 1))->name, ==, "more.Services");
  g_assert_cmpstr (((struct inf_ref *) g_ptr_array_index (ins->copy_inf, 0))->name, ==, "helper.inf");
  g_assert_cmpuint (op (ins->addreg, "", "FromNeeds")->pos.line, ==, 128);   /* Needs=common_part */
  g_assert_cmpuint (op (ins->hw_addreg, "Interrupt Management\\MessageSignaledInterruptProperties", "MSISupported")->number, ==, 1);
  g_assert_cmpstr (op (ins->coinstaller_addreg, "", "CoInstallers32")->multi[0], ==, "coinst.dll,Entry");
  g_autoptr (inf_driver) x86 = interpret ("w7/x86");
  g_assert_cmpstr (((struct inf_install *) g_ptr_array_index (x86->installs, 0))->name, ==, "main_inst.NT");
  g_assert_cmpstr (((struct inf_install *) g_ptr_array_index (x86->installs, 1))->name, ==, "other_inst");
  g_autoptr (inf_driver) arm = interpret ("w11/arm64");
  g_assert_cmpstr (((struct inf_install *) g_ptr_array_index (arm->installs, 0))->name, ==, "main_inst.NT");
}

static const struct inf_copy_file *
file (const struct inf_install *ins, const char *name)
{
  for (guint i = 0; i < ins->copy_files->len; i++) {
    const struct inf_copy_file *f = g_ptr_array_index (ins->copy_files, i);
    if (strcmp (f->dest_name, name) == 0)
      return f;
  }
  g_error ("no file %s", name);
  return NULL;
}

static void
test_files (void)
{
  g_autoptr (inf_driver) d = interpret ("2k19/amd64");
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  g_assert_cmpuint (ins->copy_files->len, ==, 5);
  const struct inf_copy_file *f = file (ins, "feat.sys");
  g_assert_cmpint (f->disk_id, ==, 3);                      /* [SourceDisksFiles.amd64] */
  g_assert_cmpstr (f->source_subdir, ==, "amd64\\bin");      /* [SourceDisksNames.amd64] */
  g_assert_cmpint (f->dest_dirid, ==, 12);
  g_assert_cmpuint (f->flags, ==, 0x4000);
  g_assert_cmpuint (f->pos.line, ==, 91);
  f = file (ins, "renamed.sys");
  g_assert_cmpstr (f->source_name, ==, "feat.sys");
  g_assert_cmpuint (f->pos.line, ==, 92);
  f = file (ins, "direct.sys");
  g_assert_cmpstr (f->section, ==, "@");
  g_assert_cmpint (f->dest_dirid, ==, 11);                  /* DefaultDestDir */
  g_assert_cmpuint (f->pos.line, ==, 45);
  f = file (ins, "data.bin");
  g_assert_cmpstr (f->source_subdir, ==, "common\\data");
  g_assert_cmpint (f->dest_dirid, ==, 10);
  g_assert_cmpstr (f->dest_subdir, ==, "Feat\\Data");
  f = file (ins, "coinst.dll");
  g_assert_cmpint (f->dest_dirid, ==, 11);
  g_autoptr (inf_driver) x86 = interpret ("w7/x86");
  f = file (g_ptr_array_index (x86->installs, 0), "feat.sys");
  g_assert_cmpint (f->disk_id, ==, 1);                      /* no .x86 variant: the plain section */
  g_assert_cmpstr (f->source_subdir, ==, "");
}

static void
test_addreg (void)
{
  g_autoptr (inf_driver) d = interpret ("2k19/amd64");
  GPtrArray *r = ((struct inf_install *) g_ptr_array_index (d->installs, 0))->addreg;
  const struct inf_reg_op *o = op (r, "", "MultiValue");
  g_assert_cmpuint (o->type, ==, INF_REG_MULTI_SZ);
  g_assert_cmpstr (o->multi[0], ==, "one");
  g_assert_cmpstr (o->multi[1], ==, "two");
  g_assert_null (o->multi[2]);
  g_assert_cmpuint (o->pos.line, ==, 99);
  o = op (r, "", "Appended");
  g_assert_true (o->flags & INF_REG_APPEND);
  g_assert_cmpuint (o->raw_flags, ==, 0x00010008);
  g_assert_cmpstr (op (r, "Sub", "Expand")->str, ==, "%SystemRoot%\\x");
  g_assert_cmpuint (op (r, "Sub", "Expand")->type, ==, INF_REG_EXPAND_SZ);
  g_assert_true (op (r, "Sub", "Keep")->flags & INF_REG_NOCLOBBER);
  g_assert_true (op (r, "Sub", "Overwrite")->flags & INF_REG_OVERWRITEONLY);
  o = op (r, "", "Blob");
  g_assert_cmpuint (o->type, ==, INF_REG_BINARY);
  g_assert_cmpmem (g_bytes_get_data (o->bytes, NULL), g_bytes_get_size (o->bytes), "\x01\xff\x0a", 3);
  g_assert_cmpuint (o->pos.line, ==, 104);   /* continued on the next line */
  o = op (r, "", "NoneVal");
  g_assert_cmpuint (o->type, ==, INF_REG_NONE);
  g_assert_false (o->has_data);
  g_assert_cmpuint (op (r, "", "Qword")->type, ==, INF_REG_QWORD);
  g_assert_cmpuint (op (r, "", "Qword")->number, ==, 0x0102030405060708ull);
  g_assert_cmpuint (op (r, "", "QwordBytes")->number, ==, 0x0201);
  g_assert_cmpuint (op (r, "", "DwordBytes")->number, ==, 0x78);
  g_assert_cmpuint (op (r, "", "Negative")->number, ==, 0xFFFFFFFFu);
  o = op (r, "", "Custom");
  g_assert_cmpuint (o->type, ==, 5);
  g_assert_null (inf_reg_type_name (o->type));
  g_assert_cmpuint (g_bytes_get_size (o->bytes), ==, 2);
  g_assert_true (op (r, "", "Deleted")->flags & INF_REG_DELVAL);
  o = op (r, "KeyOnly", NULL);
  g_assert_true (o->flags & INF_REG_KEYONLY);
  g_autoptr (GBytes) none = inf_reg_op_data (o, NULL);
  g_assert_null (none);
  o = op (r, "Software\\Feat", "Version");
  g_assert_cmpint (o->root, ==, INF_ROOT_HKLM);
  g_assert_cmpstr (o->str, ==, "1.2");
  g_assert_cmpint (op (r, "Software\\Feat", "")->root, ==, INF_ROOT_HKCU);   /* the default value */
  g_assert_cmpint (op (r, ".feat", "")->root, ==, INF_ROOT_HKCR);
  g_assert_cmpint (op (r, ".DEFAULT\\Software\\Feat", "Flag")->root, ==, INF_ROOT_HKU);
  g_assert_cmpint (op (r, "System\\Feat", "Long")->root, ==, INF_ROOT_HKLM);
  g_assert_cmpstr (op (r, "", "Strange, name")->str, ==, "a, b");
  o = op (r, "", "Dword64");
  g_assert_true (o->flags & INF_REG_64BITKEY);
  g_assert_cmpuint (o->type, ==, INF_REG_DWORD);
  g_assert_cmpuint (o->number, ==, 3);
  g_assert_cmpuint (op (r, "", "Characteristics")->number, ==, 0x84);
  g_assert_cmpstr (op (r, "", "BusType")->str, ==, "5");
  g_assert_cmpuint (op (r, "", "*IfType")->number, ==, 6);
  for (guint i = 0; i < r->len; i++)   /* [main_inst] (undecorated) is never used on amd64 */
    g_assert_cmpstr (((struct inf_reg_op *) g_ptr_array_index (r, i))->value_name, !=, "Never");
}

static void
test_delreg (void)
{
  g_autoptr (inf_driver) d = interpret ("2k19/amd64");
  GPtrArray *r = ((struct inf_install *) g_ptr_array_index (d->installs, 0))->delreg;
  g_assert_cmpuint (r->len, ==, 3);
  const struct inf_reg_op *o = op (r, "Sub", "OldValue");
  g_assert_cmpint (o->kind, ==, INF_REG_DEL);
  g_assert_cmpuint (o->pos.line, ==, 124);
  o = op (r, "OldKey", NULL);                       /* no value name: the whole key */
  g_assert_cmpuint (o->pos.line, ==, 125);
  o = op (r, "", "UpperFilters");
  g_assert_true (o->flags & INF_REG_DELSTRING);
  g_assert_cmpstr (o->str, ==, "oldfilter");
}

static void
test_services (void)
{
  g_autoptr (inf_driver) d = interpret ("2k19/amd64");
  const struct inf_install *ins = g_ptr_array_index (d->installs, 0);
  g_assert_cmpuint (ins->services->len, ==, 2);
  const struct inf_service *s = g_ptr_array_index (ins->services, 0);
  g_assert_cmpstr (s->name, ==, "featsvc");
  g_assert_cmpstr (s->display_name, ==, "Feature 1.2 service");
  g_assert_cmpstr (s->description, ==, "Feature service");
  g_assert_cmpint (s->service_type, ==, 1);
  g_assert_cmpint (s->start_type, ==, 3);
  g_assert_cmpint (s->binary_dirid, ==, 13);
  g_assert_cmpstr (s->binary_path, ==, "feat.sys");
  g_assert_cmpstr (s->dependencies[0], ==, "+NDIS");
  g_assert_cmpstr (s->dependencies[1], ==, "tcpip");
  g_assert_cmpuint (op (s->addreg, "Parameters", "Mode")->pos.line, ==, 145);
  const struct inf_event_log *e = g_ptr_array_index (s->event_logs, 0);
  g_assert_cmpstr (e->log_type, ==, "Application");
  g_assert_cmpstr (e->source, ==, "FeatSource");
  g_assert_cmpuint (op (e->addreg, "", "TypesSupported")->number, ==, 7);
  s = g_ptr_array_index (ins->services, 1);
  g_assert_cmpstr (s->name, ==, "helpersvc");
  g_assert_cmpuint (s->flags, ==, 0);
  g_assert_cmpint (s->start_type, ==, 2);
  g_assert_cmpint (s->binary_dirid, ==, -1);
  g_assert_cmpstr (s->binary_path, ==, "C:\\Program Files\\Feat\\helper.exe");
  g_assert_cmpuint (s->pos.line, ==, 67);
  g_autoptr (GPtrArray) all = inf_driver_services (d);
  g_assert_cmpuint (all->len, ==, 2);
}

/* Errors of interpretation (not parsing) name the line that needs fixing. */
static void
expect_error (const char *text, const char *target, const char *message)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (inf_file) inf = inf_file_parse (text, strlen (text), "e.inf", NULL, &err);
  g_assert_no_error (err);
  struct ws_target t;
  g_assert_true (ws_target_parse (target, &t, NULL));
  g_autoptr (inf_driver) d = inf_driver_new (inf, &t, &err);
  g_assert_null (d);
  g_assert_cmpstr (err->message, ==, message);
}

static void
test_errors (void)
{
  static const char head[] = "[Version]\nSignature=\"$Windows NT$\"\n[Manufacturer]\nM=Models,NTamd64\n"
                             "[Models.NTamd64]\nDev=inst,PCI\\VEN_1\n";   /* lines 1-6 */
  g_autofree char *a = g_strconcat (head, "[inst]\nNeeds=x\n[x]\nNeeds=inst\n", NULL);
  expect_error (a, "w10/amd64", "cannot parse 'e.inf' line 10: circular Needs: [inst] -> [x] -> [inst]: "
                "expected sections that do not need each other");
  g_autofree char *b = g_strconcat (head, "[inst]\nInclude=e.inf\n", NULL);
  expect_error (b, "w10/amd64", "cannot parse 'e.inf' line 8: circular Include: the INF includes itself: expected another INF");
  g_autofree char *c = g_strconcat (head, "[inst]\nAddReg=r\n[r]\nHKR,,V,0x00010001,1,2,3,4,5\n", NULL);
  expect_error (c, "w10/amd64", "cannot parse 'e.inf' line 10: too many bytes for REG_DWORD: expected at most 4");
  g_autofree char *d = g_strconcat (head, "[inst]\nAddReg=r\n[r]\nHKR,,V,0x00030000,x\n", NULL);
  expect_error (d, "w10/amd64", "cannot parse 'e.inf' line 10: unknown value type in AddReg flags 0x00030000: "
                "expected a REG_ type bit pattern");
  g_autofree char *e = g_strconcat (head, "[inst]\nFeatureScore=0x100\n", NULL);
  expect_error (e, "w10/amd64", "cannot parse 'e.inf' line 8: bad FeatureScore '0x100': expected a number from 0x00 to 0xFF");
  g_autofree char *f = g_strconcat (head, "[inst]\nCopyFiles=fl\n[fl]\nx.sys\n[SourceDisksFiles]\nx.sys=7\n", NULL);
  expect_error (f, "w10/amd64", "cannot parse 'e.inf' line 12: disk 7 of 'x.sys' is not in [SourceDisksNames]: "
                "expected a line 7 = description,,,path");
  g_autofree char *g = g_strconcat (head, "[inst]\n[inst.Services]\nAddService=svc,2\n", NULL);
  expect_error (g, "w10/amd64", "cannot parse 'e.inf' line 9: AddService for 'svc' names no service-install section: "
                "expected AddService=name,flags,section");
}

/* Work is bounded: a section needed twice counts once, Needs chains and output have limits. */
static void
test_bounds (void)
{
  static const char head[] = "[Version]\nSignature=\"$Windows NT$\"\n[Manufacturer]\nM=Models,NTamd64\n"
                             "[Models.NTamd64]\nDev=inst,PCI\\VEN_1\n";
  struct ws_target t;
  g_assert_true (ws_target_parse ("w10/amd64", &t, NULL));
  g_autofree char *diamond = g_strconcat (head, "[inst]\nNeeds=a,b\n[a]\nNeeds=c\n[b]\nNeeds=c\n[c]\nAddReg=r\n"
                                          "[r]\nHKR,,V,0x00010001,1\n", NULL);
  g_autoptr (GError) err = NULL;
  g_autoptr (inf_file) inf = inf_file_parse (diamond, strlen (diamond), "e.inf", NULL, &err);
  g_autoptr (inf_driver) d = inf_driver_new (inf, &t, &err);
  g_assert_no_error (err);
  g_assert_cmpuint (((struct inf_install *) g_ptr_array_index (d->installs, 0))->addreg->len, ==, 1);

  GString *deep = g_string_new (head);
  g_string_append (deep, "[inst]\nNeeds=s0\n");
  for (int i = 0; i < INF_MAX_NEEDS_DEPTH + 5; i++)
    g_string_append_printf (deep, "[s%d]\nNeeds=s%d\n", i, i + 1);
  g_autoptr (inf_file) deep_inf = inf_file_parse (deep->str, deep->len, "e.inf", NULL, &err);
  g_autoptr (inf_driver) deep_drv = inf_driver_new (deep_inf, &t, &err);
  g_assert_null (deep_drv);
  g_assert_nonnull (strstr (err->message, "Needs nested too deep: expected at most 64 levels"));
  g_string_free (deep, TRUE);
  g_clear_error (&err);

  GString *many = g_string_new (head);
  g_string_append (many, "[inst]\nAddReg=r");
  for (int i = 0; i < 110; i++)
    g_string_append (many, ",r");
  g_string_append (many, "\n[r]\n");
  for (int i = 0; i < 1000; i++)
    g_string_append_printf (many, "HKR,,V%d,0x00010001,%d\n", i, i);
  g_autoptr (inf_file) many_inf = inf_file_parse (many->str, many->len, "e.inf", NULL, &err);
  g_autoptr (inf_driver) many_drv = inf_driver_new (many_inf, &t, &err);
  g_assert_null (many_drv);
  g_assert_nonnull (strstr (err->message, "too many registry operations, files and models: expected at most 100000"));
  g_string_free (many, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inf-features/decorations", test_decorations);
  g_test_add_func ("/inf-features/decoration-api", test_decoration_api);
  g_test_add_func ("/inf-features/version", test_version);
  g_test_add_func ("/inf-features/install-sections", test_install_sections);
  g_test_add_func ("/inf-features/files", test_files);
  g_test_add_func ("/inf-features/addreg", test_addreg);
  g_test_add_func ("/inf-features/delreg", test_delreg);
  g_test_add_func ("/inf-features/services", test_services);
  g_test_add_func ("/inf-features/errors", test_errors);
  g_test_add_func ("/inf-features/bounds", test_bounds);
  return g_test_run ();
}
