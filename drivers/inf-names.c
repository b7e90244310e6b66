/* inf-names: names an INF gives to files and folders; see inf-names.h.  The rules come from
 * Microsoft "Naming Files, Paths, and Namespaces" and "File Streams (Local File Systems)"
 * (docs/driver-store.md#names-an-inf-may-give). */
#include <config.h>

#include <string.h>

#include "inf-internal.h"
#include "inf-names.h"
#include "banned.h"

/* DOS device names: reserved in every folder, with or without an extension ("NUL.txt" is NUL).
 * The superscript digits are UTF-8 for ¹, ² and ³, which Windows reserves as well. */
static const char *const reserved_names[] = {
  "CON", "PRN", "AUX", "NUL",
  "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
  "COM\xc2\xb9", "COM\xc2\xb2", "COM\xc2\xb3",
  "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
  "LPT\xc2\xb9", "LPT\xc2\xb2", "LPT\xc2\xb3",
};

static gboolean
is_reserved (const char *component)
{
  /* The part before the first dot, trailing spaces dropped: "con .txt" is CON too. */
  size_t n = strcspn (component, ".");
  while (n > 0 && component[n - 1] == ' ')
    n--;
  for (size_t i = 0; i < G_N_ELEMENTS (reserved_names); i++)
    if (strlen (reserved_names[i]) == n && g_ascii_strncasecmp (component, reserved_names[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* One file or folder name (no separator in it). */
static const char *
component_problem (const char *c)
{
  size_t n = strlen (c);
  if (strcmp (c, "..") == 0)
    return "has a '..' component";
  if (strchr (c, ':'))
    return "uses NTFS stream syntax (name:stream)";
  if (n > 0 && (c[n - 1] == '.' || c[n - 1] == ' '))
    return "ends in a dot or a space, which Windows drops";
  if (strpbrk (c, "<>\"|?*"))
    return "has a character Windows does not allow in names (< > \" | ? *)";
  if (is_reserved (c))
    return "is a reserved DOS device name";
  return NULL;
}

const char *
inf_name_problem (const char *name, enum inf_name_kind kind)
{
  for (const char *p = name; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      return "has a control character";
  if (g_ascii_isalpha (name[0]) && name[1] == ':')
    return "is a drive-letter path";
  gboolean sep = name[0] == '\\' || name[0] == '/';
  if (sep && (kind != INF_NAME_DISK_PATH || name[1] == '\\' || name[1] == '/'))
    return "is an absolute path";
  if (kind == INF_NAME_FILE && strpbrk (name, "\\/"))
    return "has a folder separator";
  g_auto (GStrv) parts = g_strsplit_set (name + sep, "\\/", -1);
  for (guint i = 0; parts[i]; i++) {
    const char *why = *parts[i] ? component_problem (parts[i]) : NULL;
    if (why)
      return why;
  }
  return NULL;
}

char *
inf_name_fold (const char *name)
{
  /* NTFS compares names through its upcase table; a full Unicode case fold is at least as
   * wide, so it can only refuse more.  g_utf8_casefold does not depend on the locale. */
  return g_utf8_casefold (name, -1);
}

/* `name` with control characters as \xNN, so that the one-line message stays one line and
 * prints nothing a terminal would act on. */
static char *
printable (const char *name)
{
  GString *out = g_string_new (NULL);
  for (const char *p = name; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      g_string_append_printf (out, "\\x%02x", (unsigned char) *p);
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

gboolean
interp_check_name (struct interp *ip, const char *what, const char *name, enum inf_name_kind kind, guint line,
                   GError **error)
{
  const char *why = inf_name_problem (name, kind);
  if (why == NULL)
    return TRUE;
  ip->refused = TRUE;
  g_autofree char *shown = printable (name);
  return inf_error (error, ip->inf->name, line, "unsafe %s '%s': it %s; expected %s", what, shown, why,
                    kind == INF_NAME_FILE ? "a plain file name" : "a folder below the package or the DIRID");
}

/* The folder a copied file lands in, the same for every spelling of it: DIRIDs 11 and 12 are
 * folders below 10 (Microsoft "Using Dirids"). */
static char *
folder_key (const struct inf_copy_file *f)
{
  const char *base = f->dest_dirid == 11 ? "10\\System32" : f->dest_dirid == 12 ? "10\\System32\\drivers" : NULL;
  g_autofree char *dirid = base ? g_strdup (base) : g_strdup_printf ("%d", f->dest_dirid);
  g_autofree char *path = inf_join_subdirs (dirid, f->dest_subdir);
  return inf_name_fold (path);
}

static char *
source_key (const struct inf_copy_file *f)
{
  g_autofree char *s = g_strdup_printf ("%s\\%s", f->source_subdir, f->source_name);
  g_strdelimit (s, "/", '\\');
  return inf_name_fold (s);
}

gboolean
interp_check_collisions (struct interp *ip, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ip->drv->installs->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (ip->drv->installs, i);
    for (guint j = 0; j < ins->copy_files->len; j++) {
      const struct inf_copy_file *f = g_ptr_array_index (ins->copy_files, j);
      g_autofree char *folder = folder_key (f), *name = inf_name_fold (f->dest_name);
      char *key = g_strdup_printf ("%s\\%s", folder, name);
      const struct inf_copy_file *first = g_hash_table_lookup (seen, key);
      if (first == NULL) {
        g_hash_table_insert (seen, key, (gpointer) f);
        continue;
      }
      g_free (key);
      g_autofree char *src = source_key (f), *first_src = source_key (first);
      if (strcmp (first->dest_name, f->dest_name) == 0 && strcmp (src, first_src) == 0)
        continue;   /* the same file listed twice */
      ip->refused = TRUE;
      return inf_error (error, ip->inf->name, f->pos.line,
                        "CopyFiles destination '%s' collides with '%s' of line %u in the same folder: "
                        "expected names that differ in more than case, each copied from one source",
                        f->dest_name, first->dest_name, first->pos.line);
    }
  }
  return TRUE;
}
