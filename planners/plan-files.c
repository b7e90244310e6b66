/* plan-files: the file operations of one package, as DISM and Setup leave them
 * (docs/driver-store.md#what-an-offline-import-leaves-behind):
 *   - the whole package (INF, catalog, every file it references, in the package's own layout)
 *     in its driver-store folder (8+), or in a folder PnP searches at first boot (XP-7, the
 *     folder virt-v2v uses: %SystemRoot%\Drivers\VirtIO, one subfolder per driver);
 *   - the INF published as Windows\INF\oemN.inf;
 *   - every CopyFiles file at its DestinationDirs DIRID;
 *   - an upgraded package's old driver-store folder removed.
 * Guest paths are '/'-separated and start with the caller's system root; the caller resolves
 * their case on the guest's filesystem.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "plan-internal.h"
#include "banned.h"

#define RULE_STORE "rule: the package is staged whole in its driver-store folder " \
  "(docs/driver-store.md#the-driver-store)"
#define RULE_PNP_FOLDER "rule: the package is copied where PnP searches at first boot (DevicePath, " \
  "docs/driver-store.md#devicepath)"
#define RULE_PUBLISH "rule: the INF is published as Windows\\INF\\oemN.inf " \
  "(docs/driver-store.md#publishing-as-oemninf)"
#define RULE_REPLACED "rule: the upgraded package's old driver-store folder is removed"

static char *
slashes (const char *path)
{
  g_autofree char *s = g_strdup (path);
  g_strdelimit (s, "\\", '/');
  /* drop empty components ("a//b", leading '/') */
  g_auto (GStrv) parts = g_strsplit (s, "/", -1);
  GString *out = g_string_new (NULL);
  for (char **p = parts; *p; p++) {
    if (**p == '\0')
      continue;
    if (out->len)
      g_string_append_c (out, '/');
    g_string_append (out, *p);
  }
  return g_string_free (out, FALSE);
}

static char *
join (const char *a, const char *b)
{
  if (a == NULL || *a == '\0')
    return g_strdup (b);
  if (b == NULL || *b == '\0')
    return g_strdup (a);
  return g_strdup_printf ("%s/%s", a, b);
}

/* A path relative to the package folder, in the set's own case when the caller listed the
 * files. */
static char *
set_path (const struct plan_package *pkg, const char *rel)
{
  g_autofree char *full = join (pkg->dir, rel);
  for (const char *const *f = pkg->files; f && *f; f++)
    if (g_ascii_strcasecmp (*f, full) == 0)
      return g_strdup (*f);
  return g_steal_pointer (&full);
}

static void
add_op (struct plan_layout *l, enum plan_file_kind kind, const char *source, const char *dest,
        const char *provenance)
{
  for (guint i = 0; i < l->files->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (l->files, i);
    if (op->kind == kind && g_ascii_strcasecmp (op->dest, dest) == 0)
      return;
  }
  struct plan_file_op *op = g_new0 (struct plan_file_op, 1);
  op->kind = kind;
  op->source = g_strdup (source);
  op->dest = g_strdup (dest);
  op->provenance = g_strdup (provenance);
  g_ptr_array_add (l->files, op);
}

char *
plan_dirid_path (const struct plan_options *opts, const struct plan_layout *l, int dirid,
                 const struct inf_pos *pos, GError **error)
{
  /* Microsoft "Using Dirids"; 13 is "Run From Driver Store" (needs the DriverDatabase). */
  switch (dirid) {
  case 10: return g_strdup (opts->system_root);
  case 11: return g_strdup_printf ("%s/System32", opts->system_root);
  case 12: return g_strdup_printf ("%s/System32/drivers", opts->system_root);
  case 13:
    if (l->ddb)
      return g_strdup (l->store_dir);
    break;
  default:
    break;
  }
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
               "cannot place a file of '%s' line %u: DIRID %d is not supported%s; expected 10, 11, 12 or 13",
               pos->file, pos->line, dirid, dirid == 13 ? " before Windows 8" : "");
  return NULL;
}

/* The package's own files: the caller's list, else the INF, its catalog and every file the
 * interpreted INF copies. */
static void
package_files (struct plan_layout *l, const char *provenance)
{
  const struct plan_package *pkg = l->pkg;
  size_t dirlen = pkg->dir ? strlen (pkg->dir) : 0;
  if (pkg->files) {
    for (const char *const *f = pkg->files; *f; f++) {
      const char *rel = *f + (dirlen && strlen (*f) > dirlen && (*f)[dirlen] == '/' ? dirlen + 1 : 0);
      g_autofree char *dest = join (l->store_dir, rel);
      add_op (l, PLAN_FILE_COPY, *f, dest, provenance);
    }
    return;
  }
  const char *own[] = { pkg->inf_name, pkg->drv->catalog };
  for (size_t i = 0; i < G_N_ELEMENTS (own); i++) {
    if (own[i] == NULL)
      continue;
    g_autofree char *src = set_path (pkg, own[i]);
    g_autofree char *dest = join (l->store_dir, own[i]);
    add_op (l, PLAN_FILE_COPY, src, dest, provenance);
  }
  for (guint i = 0; i < pkg->drv->installs->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (pkg->drv->installs, i);
    for (guint j = 0; j < ins->copy_files->len; j++) {
      const struct inf_copy_file *cf = g_ptr_array_index (ins->copy_files, j);
      g_autofree char *sub = slashes (cf->source_subdir);
      g_autofree char *rel = join (sub, cf->source_name);
      g_autofree char *src = set_path (pkg, rel);
      g_autofree char *dest = join (l->store_dir, rel);
      add_op (l, PLAN_FILE_COPY, src, dest, provenance);
    }
  }
}

/* CopyFiles of the install sections the Models lines name, at their DestinationDirs. */
static gboolean
copy_files (const struct plan_options *opts, struct plan_layout *l, GError **error)
{
  g_autoptr (GPtrArray) sections = plan_install_sections (l->pkg->drv);
  for (guint i = 0; i < sections->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (sections, i);
    for (guint j = 0; j < ins->copy_files->len; j++) {
      const struct inf_copy_file *cf = g_ptr_array_index (ins->copy_files, j);
      g_autofree char *dir = plan_dirid_path (opts, l, cf->dest_dirid, &cf->pos, error);
      if (dir == NULL)
        return FALSE;
      if (cf->dest_dirid == 13)
        continue;   /* run from the driver store: the package copy already put it there */
      g_autofree char *sub = slashes (cf->source_subdir);
      g_autofree char *rel = join (sub, cf->source_name);
      g_autofree char *src = set_path (l->pkg, rel);
      g_autofree char *dsub = slashes (cf->dest_subdir);
      g_autofree char *ddir = join (dir, dsub);
      g_autofree char *dest = join (ddir, cf->dest_name);
      g_autofree char *prov = plan_pos (&cf->pos);
      add_op (l, PLAN_FILE_COPY, src, dest, prov);
    }
  }
  return TRUE;
}

gboolean
plan_layout_files (const struct plan_options *opts, struct plan_layout *l, GError **error)
{
  package_files (l, l->ddb ? RULE_STORE : RULE_PNP_FOLDER);
  g_autofree char *inf_src = set_path (l->pkg, l->pkg->inf_name);
  g_autofree char *inf_dest = g_strdup_printf ("%s/INF/%s", opts->system_root, l->published);
  add_op (l, PLAN_FILE_COPY, inf_src, inf_dest, RULE_PUBLISH);
  if (!copy_files (opts, l, error))
    return FALSE;
  if (l->action == PLAN_UPGRADE && l->old && g_ascii_strcasecmp (l->old->store, l->store) != 0) {
    g_autofree char *old = g_strdup_printf ("%s/System32/DriverStore/FileRepository/%s",
                                            opts->system_root, l->old->store);
    add_op (l, PLAN_FILE_REMOVE_DIR, NULL, old, RULE_REPLACED);
  }
  return TRUE;
}
