/* inf-driver: interpret a parsed INF for a target; see inf.h. */
#include <config.h>

#include <string.h>

#include "inf-internal.h"
#include "banned.h"

void
inf_driver_free (struct inf_driver *drv)
{
  if (drv == NULL)
    return;
  g_free (drv->signature);
  g_free (drv->class_name);
  g_free (drv->provider);
  g_free (drv->catalog);
  g_free (drv->catalog_key);
  g_free (drv->package_type);
  g_free (drv->package_display_name);
  if (drv->choices)
    g_ptr_array_unref (drv->choices);
  if (drv->models)
    g_ptr_array_unref (drv->models);
  if (drv->installs)
    g_ptr_array_unref (drv->installs);
  if (drv->strings)
    g_hash_table_unref (drv->strings);
  g_free (drv->file);   /* last: every inf_pos points here */
  g_free (drv);
}

/* The string table with values substituted; a value that cannot be substituted (it refers to
 * itself) is kept as written: only lines that use it are errors. */
static void
copy_strings (struct interp *ip)
{
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, ip->inf->strings);
  while (g_hash_table_iter_next (&it, &key, &value)) {
    const struct inf_string *s = value;
    g_autofree char *token = g_strdup_printf ("%%%s%%", s->key);
    char *v = inf_file_expand (ip->inf, token, s->lineno, NULL);
    g_hash_table_insert (ip->drv->strings, g_strdup (key), v ? v : g_strdup (s->value));
  }
}

/* *refused (when not NULL) tells a refused name (inf-names.h) from other errors. */
static struct inf_driver *
interpret (const struct inf_file *inf, const struct ws_target *target, enum ws_arch arch, gboolean *refused,
           GError **error)
{
  g_autoptr (inf_driver) drv = g_new0 (struct inf_driver, 1);
  drv->file = g_strdup (inf->name);
  drv->pnp_lockdown = -1;
  drv->choices = g_ptr_array_new_with_free_func (inf_models_choice_free);
  drv->models = g_ptr_array_new_with_free_func (inf_model_free);
  drv->installs = g_ptr_array_new_with_free_func (inf_install_free);
  drv->strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (target)
    drv->target = *target;
  else
    drv->target.arch = arch;
  drv->any_version = target == NULL;
  g_autoptr (GHashTable) done = g_hash_table_new (g_direct_hash, g_direct_equal);
  struct interp ip = { .inf = inf, .drv = drv, .arch = arch, .target = target, .done = done };
  if (!interp_version (&ip, error) || !interp_models (&ip, error) || !interp_check_collisions (&ip, error)) {
    if (refused)
      *refused = ip.refused;
    return NULL;
  }
  copy_strings (&ip);
  return g_steal_pointer (&drv);
}

struct inf_driver *
inf_driver_new (const struct inf_file *inf, const struct ws_target *target, GError **error)
{
  return interpret (inf, target, target->arch, NULL, error);
}

struct inf_driver *
inf_driver_new_all (const struct inf_file *inf, enum ws_arch arch, GError **error)
{
  return interpret (inf, NULL, arch, NULL, error);
}

gboolean
inf_driver_names_safe (const struct inf_file *inf, enum ws_arch arch, GError **error)
{
  gboolean refused = FALSE;
  g_autoptr (GError) e = NULL;
  g_autoptr (inf_driver) drv = interpret (inf, NULL, arch, &refused, &e);
  if (drv == NULL && refused) {
    g_propagate_error (error, g_steal_pointer (&e));
    return FALSE;
  }
  return TRUE;
}

GPtrArray *
inf_driver_services (const struct inf_driver *drv)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < drv->installs->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (drv->installs, i);
    for (guint j = 0; j < ins->services->len; j++) {
      struct inf_service *s = g_ptr_array_index (ins->services, j);
      gboolean seen = FALSE;
      for (guint k = 0; k < out->len && !seen; k++)
        seen = g_ascii_strcasecmp (((struct inf_service *) g_ptr_array_index (out, k))->name, s->name) == 0;
      if (!seen)
        g_ptr_array_add (out, s);
    }
  }
  return out;
}

char *
inf_driver_ver_date (const struct inf_driver_ver *v)
{
  return v->present ? g_strdup_printf ("%04d-%02d-%02d", v->year, v->month, v->day) : NULL;
}

char *
inf_driver_ver_version (const struct inf_driver_ver *v)
{
  return v->present ? g_strdup_printf ("%u.%u.%u.%u", v->version[0], v->version[1], v->version[2], v->version[3])
                    : NULL;
}

int
inf_driver_ver_cmp (const struct inf_driver_ver *a, const struct inf_driver_ver *b)
{
  if (a->present != b->present)
    return a->present ? 1 : -1;
  int d[] = { a->year - b->year, a->month - b->month, a->day - b->day,
              a->version[0] - b->version[0], a->version[1] - b->version[1],
              a->version[2] - b->version[2], a->version[3] - b->version[3] };
  for (size_t i = 0; i < G_N_ELEMENTS (d); i++)
    if (d[i] != 0)
      return d[i] < 0 ? -1 : 1;
  return 0;
}
