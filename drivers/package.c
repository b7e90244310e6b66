/* package: driver packages and their completeness; see package.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "device-table.h"
#include "package.h"
#include "banned.h"

void
drv_package_free (struct drv_package *pkg)
{
  if (pkg == NULL)
    return;
  g_free (pkg->inf_path);
  g_free (pkg->dir);
  g_free (pkg->os_dir);
  inf_driver_free (pkg->summary);
  inf_file_free (pkg->inf);
  g_strfreev (pkg->decorations);
  g_free (pkg->role);
  g_strfreev (pkg->ids);
  if (pkg->missing)
    g_ptr_array_unref (pkg->missing);
  g_clear_error (&pkg->error);
  if (pkg->files)
    g_hash_table_unref (pkg->files);
  g_free (pkg);
}

/* Folder names along the INF's path: the deepest OS name and architecture win. */
static void
hints_from_path (struct drv_package *pkg)
{
  g_auto (GStrv) parts = g_strsplit (pkg->dir, "/", -1);
  for (guint i = 0; parts[i]; i++) {
    const struct os_version *os = os_table_for_dir (parts[i]);
    enum ws_arch arch = ws_arch_from_name (parts[i]);
    if (os) {
      g_free (pkg->os_dir);
      pkg->os_dir = g_strdup (parts[i]);
      pkg->os = os;
    }
    if (arch != WS_ARCH_UNKNOWN) {
      pkg->arch = arch;
      pkg->arch_from_path = TRUE;
    }
  }
}

/* Decorations of every [Manufacturer] line.  Without a folder naming the platform, the summary
 * is made for the first platform they name (x86 when none: undecorated INFs are x86-only). */
static void
read_decorations (struct drv_package *pkg)
{
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
  enum ws_arch first = WS_ARCH_UNKNOWN;
  const struct inf_section *mfg = inf_file_section (pkg->inf, "Manufacturer");
  for (guint i = 0; mfg && i < mfg->lines->len; i++) {
    const struct inf_line *l = g_ptr_array_index (mfg->lines, i);
    for (guint j = 1; l->key && j < l->n_fields; j++) {
      struct inf_decoration d;
      inf_decoration_parse (l->fields[j], &d);
      if (*l->fields[j])
        g_ptr_array_add (v, g_strdup (l->fields[j]));
      if (d.has_arch && first == WS_ARCH_UNKNOWN)
        first = d.arch;
    }
  }
  g_ptr_array_add (v, NULL);
  pkg->decorations = (char **) g_ptr_array_free (g_steal_pointer (&v), FALSE);
  if (!pkg->arch_from_path)
    pkg->arch = first == WS_ARCH_UNKNOWN ? WS_ARCH_X86 : first;
}

static void
add_unique (GPtrArray *v, const char *id)
{
  if (id == NULL || *id == '\0')
    return;
  for (guint i = 0; i < v->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (v, i), id) == 0)
      return;
  g_ptr_array_add (v, g_strdup (id));
}

static char **
collect_ids (const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) v = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    add_unique (v, m->hardware_id);
    for (guint j = 0; m->compatible_ids[j]; j++)
      add_unique (v, m->compatible_ids[j]);
  }
  g_ptr_array_add (v, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&v), FALSE);
}

char *
drv_role_of (const struct inf_driver *drv)
{
  for (guint i = 0; i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    const struct device_id_row *row = device_table_lookup (m->hardware_id);
    for (guint j = 0; row == NULL && m->compatible_ids[j]; j++)
      row = device_table_lookup (m->compatible_ids[j]);
    if (row)
      return g_strdup (row->role);
  }
  if (drv->class_name && *drv->class_name) {
    g_autofree char *lower = g_ascii_strdown (drv->class_name, -1);
    return g_strdup_printf ("class:%s", lower);
  }
  return g_strdup ("unknown");
}

static struct drv_package *
package_alloc (const char *inf_path, GHashTable *files)
{
  struct drv_package *pkg = g_new0 (struct drv_package, 1);
  pkg->inf_path = g_strdup (inf_path);
  const char *slash = strrchr (inf_path, '/');
  pkg->dir = slash ? g_strndup (inf_path, (gsize) (slash - inf_path)) : g_strdup ("");
  pkg->files = files ? g_hash_table_ref (files) : g_hash_table_new (g_str_hash, g_str_equal);
  pkg->missing = g_ptr_array_new_with_free_func (g_free);
  pkg->role = g_strdup ("unknown");
  pkg->ids = g_new0 (char *, 1);
  pkg->decorations = g_new0 (char *, 1);
  hints_from_path (pkg);
  return pkg;
}

struct drv_package *
drv_package_new_failed (const char *inf_path, GHashTable *files, GError *error)
{
  struct drv_package *pkg = package_alloc (inf_path, files);
  pkg->error = error;
  return pkg;
}

/* Every platform's interpretation, not only the summary's: a set is refused for a name any
 * target would meet (docs/driver-store.md#names-an-inf-may-give). */
static gboolean
names_safe (struct drv_package *pkg)
{
  static const enum ws_arch all[] = { WS_ARCH_X86, WS_ARCH_AMD64, WS_ARCH_ARM64 };
  for (size_t i = 0; i < G_N_ELEMENTS (all); i++)
    if (!inf_driver_names_safe (pkg->inf, all[i], &pkg->error)) {
      pkg->unsafe = TRUE;
      return FALSE;
    }
  return TRUE;
}

struct drv_package *
drv_package_new (const char *inf_path, const void *buf, size_t len, GHashTable *files, const char *locale)
{
  struct drv_package *pkg = package_alloc (inf_path, files);
  pkg->inf = inf_file_parse (buf, len, inf_path, locale, &pkg->error);
  if (pkg->inf == NULL)
    return pkg;
  if (!names_safe (pkg))
    return pkg;
  g_strfreev (pkg->decorations);
  read_decorations (pkg);
  pkg->summary = inf_driver_new_all (pkg->inf, pkg->arch, &pkg->error);
  if (pkg->summary == NULL)
    return pkg;
  /* An INF in a folder of another platform (amd64 decorations under x86/) has no models for
   * it; its role and IDs still come from what it declares for the other platforms. */
  static const enum ws_arch others[] = { WS_ARCH_AMD64, WS_ARCH_X86, WS_ARCH_ARM64 };
  g_autoptr (inf_driver) other = NULL;
  for (size_t i = 0; pkg->summary->models->len == 0 && other == NULL && i < G_N_ELEMENTS (others); i++) {
    other = inf_driver_new_all (pkg->inf, others[i], NULL);
    if (other && other->models->len == 0)
      g_clear_pointer (&other, inf_driver_free);
  }
  g_free (pkg->role);
  pkg->role = drv_role_of (other ? other : pkg->summary);
  g_strfreev (pkg->ids);
  pkg->ids = collect_ids (other ? other : pkg->summary);
  g_ptr_array_unref (pkg->missing);
  pkg->missing = drv_package_missing (pkg, pkg->summary);
  return pkg;
}

/* "<dir>/<subdir with / for \>/<name>" without empty parts. */
static char *
package_path (const struct drv_package *pkg, const char *subdir, const char *name)
{
  g_autofree char *sub = g_strdup (subdir ? subdir : "");
  g_strdelimit (sub, "\\", '/');
  g_autofree char *joined = g_strjoin ("/", pkg->dir, sub, name, NULL);
  g_auto (GStrv) parts = g_strsplit (joined, "/", -1);
  g_autoptr (GPtrArray) keep = g_ptr_array_new ();
  for (guint i = 0; parts[i]; i++)
    if (*parts[i])
      g_ptr_array_add (keep, parts[i]);
  g_ptr_array_add (keep, NULL);
  return g_strjoinv ("/", (char **) keep->pdata);
}

/* Every file `drv` references, as package paths (not yet checked). */
static GPtrArray *
referenced (const struct drv_package *pkg, const struct inf_driver *drv)
{
  GPtrArray *v = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (v, g_strdup (pkg->inf_path));
  if (drv->catalog && *drv->catalog)
    g_ptr_array_add (v, package_path (pkg, "", drv->catalog));
  for (guint i = 0; i < drv->installs->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (drv->installs, i);
    for (guint j = 0; j < ins->copy_files->len; j++) {
      const struct inf_copy_file *f = g_ptr_array_index (ins->copy_files, j);
      g_ptr_array_add (v, package_path (pkg, f->source_subdir, f->source_name));
    }
    for (guint j = 0; j < ins->copy_inf->len; j++)
      g_ptr_array_add (v, package_path (pkg, "", ((const struct inf_ref *) g_ptr_array_index (ins->copy_inf, j))->name));
  }
  return v;
}

static const char *
lookup (const struct drv_package *pkg, const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  return g_hash_table_lookup (pkg->files, lower);
}

GPtrArray *
drv_package_missing (const struct drv_package *pkg, const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) refs = referenced (pkg, drv);
  GPtrArray *missing = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < refs->len; i++) {
    const char *p = g_ptr_array_index (refs, i);
    gboolean dup = FALSE;
    for (guint j = 0; j < missing->len && !dup; j++)
      dup = g_ascii_strcasecmp (g_ptr_array_index (missing, j), p) == 0;
    if (!dup && lookup (pkg, p) == NULL)
      g_ptr_array_add (missing, g_strdup (p));
  }
  return missing;
}

GPtrArray *
drv_package_files (const struct drv_package *pkg, const struct inf_driver *drv)
{
  g_autoptr (GPtrArray) refs = referenced (pkg, drv);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < refs->len; i++) {
    const char *found = lookup (pkg, g_ptr_array_index (refs, i));
    gboolean dup = FALSE;
    for (guint j = 0; found && j < out->len && !dup; j++)
      dup = strcmp (g_ptr_array_index (out, j), found) == 0;
    if (found && !dup)
      g_ptr_array_add (out, g_strdup (found));
  }
  return out;
}

gboolean
drv_package_complete (const struct drv_package *pkg)
{
  return pkg->error == NULL && pkg->missing->len == 0;
}
