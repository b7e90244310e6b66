/* test-inf-names: names an INF gives to files and folders (drivers/inf-names.c).  The rules on
 * their own, then the viostor fixture INF edited with each hostile form: every interpretation
 * refuses it with the file and the line (read from the edited text), inf_driver_names_safe
 * tells it from a malformed INF, and the package is marked unsafe so that its set is refused
 * (docs/driver-store.md#names-an-inf-may-give). */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "ws-error.h"
#include "inf-names.h"
#include "package.h"
#include "banned.h"

#define VIOSTOR "viostor/w8.1/amd64/viostor.inf"

static void
test_rules (void)
{
  static const struct { const char *name; enum inf_name_kind kind; const char *why; } cases[] = {
    { "viostor.sys", INF_NAME_FILE, NULL },
    { "netkvm.cat", INF_NAME_FILE, NULL },
    { "CONSOLE.sys", INF_NAME_FILE, NULL },        /* only the whole base name is reserved */
    { "com10.sys", INF_NAME_FILE, NULL },
    { "", INF_NAME_SUBDIR, NULL },
    { "Feat\\Data", INF_NAME_SUBDIR, NULL },
    { "amd64/bin", INF_NAME_SUBDIR, NULL },
    { "\\common", INF_NAME_DISK_PATH, NULL },
    { "..", INF_NAME_FILE, "has a '..' component" },
    { "..\\..\\Users\\Public", INF_NAME_SUBDIR, "has a '..' component" },
    { "a/../../b", INF_NAME_SUBDIR, "has a '..' component" },
    { "\\Windows", INF_NAME_SUBDIR, "is an absolute path" },
    { "/etc", INF_NAME_SUBDIR, "is an absolute path" },
    { "\\\\server\\share", INF_NAME_DISK_PATH, "is an absolute path" },
    { "C:\\Windows", INF_NAME_SUBDIR, "is a drive-letter path" },
    { "c:viostor.sys", INF_NAME_FILE, "is a drive-letter path" },
    { "sub\\viostor.sys", INF_NAME_FILE, "has a folder separator" },
    { "viostor.sys:hidden", INF_NAME_FILE, "uses NTFS stream syntax (name:stream)" },
    { "viostor.sys::$DATA", INF_NAME_FILE, "uses NTFS stream syntax (name:stream)" },
    { "CON", INF_NAME_FILE, "is a reserved DOS device name" },
    { "nul.sys", INF_NAME_FILE, "is a reserved DOS device name" },
    { "Aux.tar.gz", INF_NAME_FILE, "is a reserved DOS device name" },
    { "prn .txt", INF_NAME_FILE, "is a reserved DOS device name" },
    { "COM1", INF_NAME_FILE, "is a reserved DOS device name" },
    { "lpt9.inf", INF_NAME_FILE, "is a reserved DOS device name" },
    { "COM\xc2\xb9", INF_NAME_FILE, "is a reserved DOS device name" },
    { "drivers\\LPT3\\x", INF_NAME_SUBDIR, "is a reserved DOS device name" },
    { "viostor.sys.", INF_NAME_FILE, "ends in a dot or a space, which Windows drops" },
    { "viostor.sys ", INF_NAME_FILE, "ends in a dot or a space, which Windows drops" },
    { "drivers\\.", INF_NAME_SUBDIR, "ends in a dot or a space, which Windows drops" },
    { "vio\tstor.sys", INF_NAME_FILE, "has a control character" },
    { "viostor\x7f.sys", INF_NAME_FILE, "has a control character" },
    { "vio*.sys", INF_NAME_FILE, "has a character Windows does not allow in names (< > \" | ? *)" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    const char *why = inf_name_problem (cases[i].name, cases[i].kind);
    if (g_strcmp0 (why, cases[i].why) != 0)
      g_error ("'%s': expected %s, got %s", cases[i].name, cases[i].why ? cases[i].why : "(accepted)",
               why ? why : "(accepted)");
  }
}

static char *
fixture_text (void)
{
  const char *dir = g_getenv ("WINSEED_FIXTURES");
  g_autofree char *path = g_build_filename (dir ? dir : "fixtures", "virtio-win", VIOSTOR, NULL);
  char *text;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The fixture with its first line that starts with `old` replaced by `repl` ("\r\n" separates
 * added lines); *line gets that line's number. */
static char *
edit (const char *old, const char *repl, guint *line)
{
  g_autofree char *text = fixture_text ();
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], old)) {
      g_free (lines[i]);
      lines[i] = g_strdup_printf ("%s\r", repl);
      *line = i + 1;
      return g_strjoinv ("\n", lines);
    }
  g_error ("no line starts with '%s' in the fixture", old);
}

static void
test_hostile_infs (void)
{
  static const struct { const char *old, *repl; guint extra; const char *message; } cases[] = {
    { "viostor_Files_Driver = 12", "viostor_Files_Driver = 12,..\\..\\..\\Users\\Public", 0,
      "unsafe DestinationDirs subdirectory '..\\..\\..\\Users\\Public': it has a '..' component" },
    { "viostor_Files_Driver = 12", "viostor_Files_Driver = 12,\\Users\\Public", 0,
      "unsafe DestinationDirs subdirectory '\\Users\\Public': it is an absolute path" },
    { "viostor_Files_Driver = 12", "viostor_Files_Driver = 12,C:\\Users", 0,
      "unsafe DestinationDirs subdirectory 'C:\\Users': it is a drive-letter path" },
    { "viostor.sys,,,2", "..\\..\\evil.sys,viostor.sys,,2", 0,
      "unsafe CopyFiles destination name '..\\..\\evil.sys': it has a folder separator" },
    { "viostor.sys,,,2", "viostor.sys:ads,viostor.sys,,2", 0,
      "unsafe CopyFiles destination name 'viostor.sys:ads': it uses NTFS stream syntax" },
    { "viostor.sys,,,2", "CON.sys,viostor.sys,,2", 0,
      "unsafe CopyFiles destination name 'CON.sys': it is a reserved DOS device name" },
    { "viostor.sys,,,2", "viostor.sys.,viostor.sys,,2", 0,
      "unsafe CopyFiles destination name 'viostor.sys.': it ends in a dot or a space" },
    { "viostor.sys,,,2", "\"viostor.sys \",viostor.sys,,2", 0,
      "unsafe CopyFiles destination name 'viostor.sys ': it ends in a dot or a space" },
    { "viostor.sys,,,2", "viostor.sys,/etc/shadow,,2", 0,
      "unsafe CopyFiles source name '/etc/shadow': it is an absolute path" },
    { "viostor.sys,,,2", "viostor.sys,,,2\r\nVIOSTOR.SYS,viostor.cat,,2", 1,
      "CopyFiles destination 'VIOSTOR.SYS' collides with 'viostor.sys' of line " },
    { "viostor.sys = 1,,", "viostor.sys = 1,..\\..\\..,", 0,
      "unsafe SourceDisksFiles subdirectory '..\\..\\..': it has a '..' component" },
    { "1 = %DiskId1%,,,\"\"", "1 = %DiskId1%,,,\\..\\..", 0,
      "unsafe SourceDisksNames path '\\..\\..': it has a '..' component" },
    { "CatalogFile=viostor.cat", "CatalogFile=..\\viostor.cat", 0,
      "unsafe CatalogFile '..\\viostor.cat': it has a folder separator" },
    { "CatalogFile=viostor.cat", "CatalogFile=NUL", 0,
      "unsafe CatalogFile 'NUL': it is a reserved DOS device name" },
    { "CopyFiles=viostor_Files_Driver", "CopyFiles=viostor_Files_Driver\r\nCopyINF=C:\\evil.inf", 1,
      "unsafe CopyINF name 'C:\\evil.inf': it is a drive-letter path" },
    { "CopyFiles=viostor_Files_Driver", "CopyFiles=@aux.sys", 0,
      "unsafe CopyFiles destination name 'aux.sys': it is a reserved DOS device name" },
    { "DriverPackageType = PlugAndPlay", "DriverPackageType = PlugAndPlay\r\nCatalogFile.NTamd64=\"cat\x01.cat\"", 1,
      "unsafe CatalogFile.NTamd64 'cat\\x01.cat': it has a control character" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++) {
    guint line = 0;
    g_autofree char *text = edit (cases[i].old, cases[i].repl, &line);
    g_autofree char *want = g_strdup_printf ("cannot parse '%s' line %u: %s", VIOSTOR, line + cases[i].extra,
                                             cases[i].message);
    g_autoptr (GError) err = NULL;
    g_autoptr (inf_file) inf = inf_file_parse (text, strlen (text), VIOSTOR, NULL, &err);
    g_assert_no_error (err);
    /* Every interpretation refuses it, the target's as well as the summary's. */
    struct ws_target t;
    g_assert_true (ws_target_parse ("2k19/amd64", &t, NULL));
    g_autoptr (inf_driver) drv = inf_driver_new (inf, &t, &err);
    g_assert_null (drv);
    g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
    if (!g_str_has_prefix (err->message, want))
      g_error ("case %zu: expected '%s...', got '%s'", i, want, err->message);
    g_clear_error (&err);
    g_assert_false (inf_driver_names_safe (inf, WS_ARCH_AMD64, &err));
    g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
    g_clear_error (&err);
    g_autoptr (drv_package) pkg = drv_package_new (VIOSTOR, text, strlen (text), NULL, NULL);
    g_assert_true (pkg->unsafe);
    g_assert_nonnull (pkg->error);
    g_assert_true (g_str_has_prefix (pkg->error->message, want));
  }
}

/* The fixture itself, a malformed INF (not unsafe), and the same file listed twice. */
static void
test_safe_and_malformed (void)
{
  g_autofree char *text = fixture_text ();
  g_autoptr (drv_package) pkg = drv_package_new (VIOSTOR, text, strlen (text), NULL, NULL);
  g_assert_no_error (pkg->error);
  g_assert_false (pkg->unsafe);
  guint line;
  g_autofree char *bad = edit ("StartType", "StartType = ", &line);
  g_autoptr (drv_package) broken = drv_package_new (VIOSTOR, bad, strlen (bad), NULL, NULL);
  g_assert_nonnull (broken->error);
  g_assert_false (broken->unsafe);
  g_autofree char *twice = edit ("viostor.sys,,,2", "viostor.sys,,,2\r\nviostor.sys,,,2", &line);
  g_autoptr (drv_package) dup = drv_package_new (VIOSTOR, twice, strlen (twice), NULL, NULL);
  g_assert_no_error (dup->error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inf-names/rules", test_rules);
  g_test_add_func ("/inf-names/hostile-infs", test_hostile_infs);
  g_test_add_func ("/inf-names/safe-and-malformed", test_safe_and_malformed);
  return g_test_run ();
}
