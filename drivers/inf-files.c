/* inf-files: CopyFiles lists, where each file comes from and where it goes (Microsoft "INF
 * CopyFiles Directive", "INF DestinationDirs Section", "INF SourceDisksNames Section",
 * "INF SourceDisksFiles Section"; platform-decorated Source* sections win over plain ones). */
#include <config.h>

#include <string.h>

#include "dirid-table.h"
#include "inf-internal.h"
#include "banned.h"

#define SOURCE_DISKS_PATH_FIELD 3   /* diskid = description, tag-or-cab, unused, path */

void
inf_copy_file_free (gpointer p)
{
  struct inf_copy_file *f = p;
  g_free (f->dest_name);
  g_free (f->source_name);
  g_free (f->source_subdir);
  g_free (f->dest_subdir);
  g_free (f->section);
  g_free (f);
}

static gboolean
destination (struct interp *ip, const char *section, struct inf_copy_file *f, GError **error)
{
  const struct inf_section *dd = inf_file_section (ip->inf, "DestinationDirs");
  const struct inf_line *l = section ? inf_section_find (dd, section) : NULL;
  if (l == NULL)
    l = inf_section_find (dd, "DefaultDestDir");
  if (l == NULL) {
    f->dest_dirid = DIRID_DEFAULT_DEST;
    f->dest_subdir = g_strdup ("");
    return TRUE;
  }
  g_autofree char *dirid = inf_line_field (ip->inf, l, 0, error);
  uint32_t n;
  if (dirid == NULL || !(f->dest_subdir = inf_line_field (ip->inf, l, 1, error))
      || !interp_check_name (ip, "DestinationDirs subdirectory", f->dest_subdir, INF_NAME_SUBDIR, l->lineno, error))
    return FALSE;
  if (strcmp (dirid, "-1") == 0)
    n = (uint32_t) -1;
  else if (!inf_parse_u32 (dirid, &n) || n > G_MAXINT)
    return inf_error (error, ip->inf->name, l->lineno, "bad DIRID '%s' in [DestinationDirs]: expected a number such as 12", dirid);
  f->dest_dirid = (int) n;
  return TRUE;
}

/* [<base>.<platform>] first, then [<base>]: the first line whose key is `key`. */
static const struct inf_line *
platform_find (struct interp *ip, const char *base, const char *key)
{
  const char *suffix = inf_platform_suffix (ip->arch);
  g_autofree char *decorated = suffix ? g_strdup_printf ("%s.%s", base, suffix) : NULL;
  const struct inf_line *l = decorated ? inf_section_find (inf_file_section (ip->inf, decorated), key) : NULL;
  return l ? l : inf_section_find (inf_file_section (ip->inf, base), key);
}

char *
inf_join_subdirs (const char *a, const char *b)
{
  g_autofree char *joined = g_strdup_printf ("%s\\%s", a, b);
  g_auto (GStrv) parts = g_strsplit_set (joined, "\\/", -1);
  g_autoptr (GPtrArray) keep = g_ptr_array_new ();
  for (guint i = 0; parts[i]; i++)
    if (*parts[i] && strcmp (parts[i], ".") != 0)
      g_ptr_array_add (keep, parts[i]);
  g_ptr_array_add (keep, NULL);
  return g_strjoinv ("\\", (char **) keep->pdata);
}

static gboolean
source (struct interp *ip, struct inf_copy_file *f, GError **error)
{
  const struct inf_line *sf = platform_find (ip, "SourceDisksFiles", f->source_name);
  f->disk_id = -1;
  if (sf == NULL) {
    f->source_subdir = g_strdup ("");
    return TRUE;
  }
  g_autofree char *disk = inf_line_field (ip->inf, sf, 0, error);
  g_autofree char *subdir = disk ? inf_line_field (ip->inf, sf, 1, error) : NULL;
  uint32_t n;
  if (subdir == NULL)
    return FALSE;
  if (!inf_parse_u32 (disk, &n) || n > G_MAXINT)
    return inf_error (error, ip->inf->name, sf->lineno, "bad disk id '%s' for '%s' in [SourceDisksFiles]: expected a number",
                      disk, f->source_name);
  const struct inf_line *sn = platform_find (ip, "SourceDisksNames", disk);
  if (sn == NULL)
    return inf_error (error, ip->inf->name, sf->lineno,
                      "disk %s of '%s' is not in [SourceDisksNames]: expected a line %s = description,,,path",
                      disk, f->source_name, disk);
  g_autofree char *path = inf_line_field (ip->inf, sn, SOURCE_DISKS_PATH_FIELD, error);
  if (path == NULL || !interp_check_name (ip, "SourceDisksFiles subdirectory", subdir, INF_NAME_SUBDIR, sf->lineno, error)
      || !interp_check_name (ip, "SourceDisksNames path", path, INF_NAME_DISK_PATH, sn->lineno, error))
    return FALSE;
  f->disk_id = (int) n;
  f->source_subdir = inf_join_subdirs (path, subdir);
  return TRUE;
}

static gboolean
check_names (struct interp *ip, const struct inf_copy_file *f, guint line, GError **error)
{
  return interp_check_name (ip, "CopyFiles destination name", f->dest_name, INF_NAME_FILE, line, error)
         && interp_check_name (ip, "CopyFiles source name", f->source_name, INF_NAME_FILE, line, error);
}

static struct inf_copy_file *
file_new (struct interp *ip, GPtrArray *out, const char *section, guint line)
{
  struct inf_copy_file *f = g_new0 (struct inf_copy_file, 1);
  f->section = g_strdup (section);
  f->pos = interp_pos (ip, line);
  g_ptr_array_add (out, f);
  return f;
}

static gboolean
read_list_line (struct interp *ip, const struct inf_section *sec, const struct inf_line *l, GPtrArray *out,
                GError **error)
{
  g_autofree char *flags = NULL;
  if (l->key != NULL || *l->fields[0] == '\0')
    return inf_error (error, ip->inf->name, l->lineno,
                      "bad line in file list [%s]: expected destination-name[,source-name][,,flags]", sec->name);
  if (!interp_count (ip, l->lineno, error))
    return FALSE;
  struct inf_copy_file *f = file_new (ip, out, sec->name, l->lineno);
  if (!(f->dest_name = inf_line_field (ip->inf, l, 0, error)) || !(f->source_name = inf_line_field (ip->inf, l, 1, error))
      || !(flags = inf_line_field (ip->inf, l, 3, error)))
    return FALSE;
  if (*f->source_name == '\0') {
    g_free (f->source_name);
    f->source_name = g_strdup (f->dest_name);
  }
  if (!check_names (ip, f, l->lineno, error))
    return FALSE;
  if (*flags && !inf_parse_u32 (flags, &f->flags))
    return inf_error (error, ip->inf->name, l->lineno, "bad copy flags '%s' in [%s]: expected a number", flags, sec->name);
  return destination (ip, sec->name, f, error) && source (ip, f, error);
}

gboolean
interp_copy_files (struct interp *ip, const struct inf_line *directive, GPtrArray *out, GError **error)
{
  for (guint i = 0; i < directive->n_fields; i++) {
    g_autofree char *name = inf_line_field (ip->inf, directive, i, error);
    if (name == NULL)
      return FALSE;
    if (*name == '\0')
      continue;
    if (name[0] == '@') {   /* CopyFiles=@file: one file to DefaultDestDir */
      if (name[1] == '\0')
        return inf_error (error, ip->inf->name, directive->lineno, "CopyFiles=@ names no file: expected @file-name");
      if (!interp_count (ip, directive->lineno, error))
        return FALSE;
      struct inf_copy_file *f = file_new (ip, out, "@", directive->lineno);
      f->dest_name = g_strdup (name + 1);
      f->source_name = g_strdup (name + 1);
      if (!check_names (ip, f, directive->lineno, error) || !destination (ip, NULL, f, error) || !source (ip, f, error))
        return FALSE;
      continue;
    }
    const struct inf_section *sec = inf_file_section (ip->inf, name);
    if (sec == NULL)
      return inf_error (error, ip->inf->name, directive->lineno,
                        "CopyFiles section [%s] does not exist: expected a file list of that name", name);
    for (guint j = 0; j < sec->lines->len; j++)
      if (!read_list_line (ip, sec, g_ptr_array_index (sec->lines, j), out, error))
        return FALSE;
  }
  return TRUE;
}
