/* guest-paths: case-insensitive guest paths, resolved from cached directory listings.
 *
 * Windows ignores case and NTFS keeps it, so every guest path must be resolved to its real case.
 * guestfs_case_sensitive_path costs a round trip per call (tens of ms under TCG); a conversion
 * asks about the same few directories hundreds of times.  Each directory is read once with
 * guestfs_readdir (names and types in one call) and the listing is kept up to date by the write
 * operations of guest-files.c, which are the only writers while the guest is open.  Mounting
 * or remounting forgets everything.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ws-error.h"
#include "guest-internal.h"
#include "banned.h"

/* A listed directory: ASCII-lower-cased name -> struct entry. */
struct entry {
  char *name;
  char type;   /* guestfs_readdir ftyp: 'r' file, 'd' directory, ... */
};

static void
entry_free (gpointer p)
{
  struct entry *e = p;
  g_free (e->name);
  g_free (e);
}

static void
listing_free (gpointer p)
{
  g_hash_table_unref (p);
}

void
guest_paths_init (guest *g)
{
  g->dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, listing_free);
}

void
guest_paths_forget (guest *g)
{
  g_hash_table_remove_all (g->dirs);
}

/* The listing of a real-case directory path ("" is the root); NULL when it cannot be read. */
static GHashTable *
listing (guest *g, const char *dir)
{
  GHashTable *l = g_hash_table_lookup (g->dirs, dir);
  if (l)
    return l;
  struct guestfs_dirent_list *ents = guestfs_readdir (g->g, *dir ? dir : "/");
  if (ents == NULL)
    return NULL;
  l = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  for (size_t i = 0; i < ents->len; i++) {
    const char *n = ents->val[i].name;
    if (strcmp (n, ".") == 0 || strcmp (n, "..") == 0)
      continue;
    struct entry *e = g_new0 (struct entry, 1);
    e->name = g_strdup (n);
    e->type = ents->val[i].ftyp;
    g_hash_table_insert (l, g_ascii_strdown (n, -1), e);
  }
  guestfs_free_dirent_list (ents);
  g_hash_table_insert (g->dirs, g_strdup (dir), l);
  return l;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
guest_paths_names (guest *g, const char *real)
{
  GHashTable *l = listing (g, strcmp (real, "/") == 0 ? "" : real);
  if (l == NULL)
    return NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  GHashTableIter it;
  gpointer value;
  g_hash_table_iter_init (&it, l);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (names, g_strdup (((const struct entry *) value)->name));
  g_ptr_array_sort (names, compare_names);   /* the order guestfs_ls gives */
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

char *
guest_real_path (guest *g, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GString) cur = g_string_new ("");
  gboolean listed = TRUE;
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0')
      continue;
    GHashTable *l = listed ? listing (g, cur->str) : NULL;
    g_autofree char *key = g_ascii_strdown (parts[i], -1);
    const struct entry *e = l ? g_hash_table_lookup (l, key) : NULL;
    listed = e && e->type == 'd';
    g_string_append_printf (cur, "/%s", e ? e->name : parts[i]);
  }
  return g_string_free (g_steal_pointer (&cur), FALSE);
}

char *
guest_paths_resolve (guest *g, const char *path, char *type)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GString) cur = g_string_new ("");
  *type = 'd';
  size_t last = 0;
  for (size_t i = 0; parts[i]; i++)
    if (parts[i][0])
      last = i;
  for (size_t i = 0; parts[i]; i++) {
    if (parts[i][0] == '\0')
      continue;
    GHashTable *l = *type == 'd' ? listing (g, cur->str) : NULL;
    g_autofree char *key = g_ascii_strdown (parts[i], -1);
    const struct entry *e = l ? g_hash_table_lookup (l, key) : NULL;
    if (e == NULL && i != last)
      return NULL;   /* a missing directory on the way */
    g_string_append_printf (cur, "/%s", e ? e->name : parts[i]);
    *type = e ? e->type : 0;
  }
  if (cur->len == 0)
    g_string_append_c (cur, '/');
  return g_string_free (g_steal_pointer (&cur), FALSE);
}

/* The cached listing of real's parent directory, if it was read; and real's base name. */
static GHashTable *
parent_listing (guest *g, const char *real, const char **base)
{
  const char *slash = strrchr (real, '/');
  if (slash == NULL)
    return NULL;
  *base = slash + 1;
  g_autofree char *dir = g_strndup (real, (gsize) (slash - real));
  return g_hash_table_lookup (g->dirs, dir);
}

void
guest_paths_added (guest *g, const char *real, char type)
{
  const char *base;
  GHashTable *l = parent_listing (g, real, &base);
  if (l == NULL)
    return;
  struct entry *e = g_new0 (struct entry, 1);
  e->name = g_strdup (base);
  e->type = type;
  g_hash_table_replace (l, g_ascii_strdown (base, -1), e);
}

void
guest_paths_removed (guest *g, const char *real)
{
  const char *base;
  GHashTable *l = parent_listing (g, real, &base);
  if (l) {
    g_autofree char *key = g_ascii_strdown (base, -1);
    g_hash_table_remove (l, key);
  }
  /* A removed or renamed directory takes its cached listings (and its children's) with it. */
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, g->dirs);
  while (g_hash_table_iter_next (&it, &k, NULL))
    if (strcmp (k, real) == 0 || (g_str_has_prefix (k, real) && ((char *) k)[strlen (real)] == '/'))
      g_hash_table_iter_remove (&it);
}
