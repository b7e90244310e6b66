/* plan-common: the facts structure, the OemInfMap codec and the small helpers every planner
 * shares (provenance, key paths, warnings).  Pure. */
#include <config.h>

#include <stdarg.h>
#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

/* ---- facts */

static void
package_fact_free (gpointer p)
{
  struct plan_package_fact *pf = p;
  g_free (pf->store);
  g_free (pf->published);
  g_free (pf->inf_name);
  g_strfreev (pf->ids);
  g_free (pf);
}

static void
value_fact_free (gpointer p)
{
  struct plan_value_fact *v = p;
  g_free (v->key);
  g_free (v->name);
  if (v->data)
    g_bytes_unref (v->data);
  g_free (v);
}

static void
service_fact_free (gpointer p)
{
  struct plan_service_fact *s = p;
  g_free (s->name);
  g_free (s->group);
  g_ptr_array_unref (s->values);
  g_free (s);
}

static void
tag_fact_free (gpointer p)
{
  struct plan_tag_fact *t = p;
  g_free (t->service);
  g_free (t);
}

void
plan_group_fact_free (gpointer p)
{
  struct plan_group_fact *g = p;
  g_free (g->name);
  g_free (g->list_value);
  g_array_unref (g->order);
  g_ptr_array_unref (g->members);
  g_free (g);
}

static void
oem_inf_free (gpointer p)
{
  struct plan_oem_inf *o = p;
  g_free (o->name);
  g_free (o->hash);
  g_free (o);
}

static void
ddb_fact_init (struct plan_ddb_fact *node)
{
  node->packages = g_ptr_array_new_with_free_func (package_fact_free);
  node->oem_inf_files = g_new0 (char *, 1);
}

static void
ddb_fact_clear (struct plan_ddb_fact *node)
{
  if (node->oem_inf_map)
    g_byte_array_unref (node->oem_inf_map);
  g_strfreev (node->oem_inf_files);
  g_ptr_array_unref (node->packages);
}

struct plan_facts *
plan_facts_new (void)
{
  struct plan_facts *f = g_new0 (struct plan_facts, 1);
  ddb_fact_init (&f->system);
  ddb_fact_init (&f->drivers);
  f->oem_infs = g_ptr_array_new_with_free_func (oem_inf_free);
  f->services = g_ptr_array_new_with_free_func (service_fact_free);
  f->groups = g_ptr_array_new_with_free_func (plan_group_fact_free);
  f->policy.allow_id_list = g_ptr_array_new_with_free_func (g_free);
  f->policy.deny_id_list = g_ptr_array_new_with_free_func (g_free);
  f->policy.deny_class_list = g_ptr_array_new_with_free_func (g_free);
  return f;
}

void
plan_facts_free (struct plan_facts *f)
{
  if (f == NULL)
    return;
  g_free (f->control_set);
  ddb_fact_clear (&f->system);
  ddb_fact_clear (&f->drivers);
  g_ptr_array_unref (f->oem_infs);
  g_ptr_array_unref (f->services);
  g_ptr_array_unref (f->groups);
  g_free (f->device_path);
  g_ptr_array_unref (f->policy.allow_id_list);
  g_ptr_array_unref (f->policy.deny_id_list);
  g_ptr_array_unref (f->policy.deny_class_list);
  g_free (f);
}

void
plan_facts_add_oem_inf (struct plan_facts *f, const char *name, const char *hash)
{
  struct plan_oem_inf *o = g_new0 (struct plan_oem_inf, 1);
  o->name = g_strdup (name);
  o->hash = g_strdup (hash);
  g_ptr_array_add (f->oem_infs, o);
}

struct plan_package_fact *
plan_facts_add_package (struct plan_ddb_fact *node, const char *store, const char *published,
                        const char *inf_name)
{
  struct plan_package_fact *pf = g_new0 (struct plan_package_fact, 1);
  pf->store = g_strdup (store);
  pf->published = g_strdup (published);
  pf->inf_name = g_strdup (inf_name);
  pf->ids = g_new0 (char *, 1);
  g_ptr_array_add (node->packages, pf);
  return pf;
}

struct plan_service_fact *
plan_facts_add_service (struct plan_facts *f, const char *name)
{
  struct plan_service_fact *s = g_new0 (struct plan_service_fact, 1);
  s->name = g_strdup (name);
  s->values = g_ptr_array_new_with_free_func (value_fact_free);
  g_ptr_array_add (f->services, s);
  return s;
}

void
plan_service_fact_add_value (struct plan_service_fact *s, const char *key, const char *name,
                             uint32_t type, const void *data, size_t len)
{
  struct plan_value_fact *v = g_new0 (struct plan_value_fact, 1);
  v->key = g_strdup (key ? key : "");
  v->name = g_strdup (name);
  v->type = type;
  v->data = g_bytes_new (data, len);
  g_ptr_array_add (s->values, v);
}

struct plan_group_fact *
plan_group_fact_new (const char *name)
{
  struct plan_group_fact *g = g_new0 (struct plan_group_fact, 1);
  g->name = g_strdup (name);
  g->order = g_array_new (FALSE, FALSE, sizeof (guint32));
  g->members = g_ptr_array_new_with_free_func (tag_fact_free);
  return g;
}

struct plan_group_fact *
plan_facts_add_group (struct plan_facts *f, const char *name)
{
  struct plan_group_fact *g = plan_group_fact_new (name);
  g_ptr_array_add (f->groups, g);
  return g;
}

void
plan_group_fact_add_member (struct plan_group_fact *g, const char *service, uint32_t tag)
{
  struct plan_tag_fact *t = g_new0 (struct plan_tag_fact, 1);
  t->service = g_strdup (service);
  t->tag = tag;
  g_ptr_array_add (g->members, t);
}

void
plan_group_fact_set_order (struct plan_group_fact *g, const char *value_name, const uint32_t *tags,
                           size_t n)
{
  g_free (g->list_value);
  g->list_value = g_strdup (value_name);
  g_array_set_size (g->order, 0);
  g_array_append_vals (g->order, tags, n);
}

void
plan_ddb_fact_set_oem_inf_map (struct plan_ddb_fact *node, const void *bytes, size_t len)
{
  if (node->oem_inf_map)
    g_byte_array_unref (node->oem_inf_map);
  node->oem_inf_map = g_byte_array_sized_new (len);
  g_byte_array_append (node->oem_inf_map, bytes, len);
  node->has_oem_inf_map = TRUE;
}

void
plan_ddb_fact_add_oem_inf_file (struct plan_ddb_fact *node, const char *name)
{
  guint n = g_strv_length (node->oem_inf_files);
  node->oem_inf_files = g_renew (char *, node->oem_inf_files, n + 2);
  node->oem_inf_files[n] = g_strdup (name);
  node->oem_inf_files[n + 1] = NULL;
}

const struct plan_service_fact *
plan_facts_service (const struct plan_facts *f, const char *name)
{
  for (guint i = 0; i < f->services->len; i++) {
    const struct plan_service_fact *s = g_ptr_array_index (f->services, i);
    if (g_ascii_strcasecmp (s->name, name) == 0)
      return s;
  }
  return NULL;
}

const struct plan_group_fact *
plan_facts_group (const struct plan_facts *f, const char *name)
{
  for (guint i = 0; i < f->groups->len; i++) {
    const struct plan_group_fact *g = g_ptr_array_index (f->groups, i);
    if (g_ascii_strcasecmp (g->name, name) == 0)
      return g;
  }
  return NULL;
}

/* ---- OemInfMap (docs/windows-boot-drivers.md#oeminfmap: MSB-first, REAL on three hives) */

gboolean
plan_oem_inf_map_test (const uint8_t *map, size_t len, guint n)
{
  return n / 8 < len && (map[n / 8] & (0x80u >> (n % 8))) != 0;
}

void
plan_oem_inf_map_set (GByteArray *map, guint n)
{
  while (map->len <= n / 8) {
    const uint8_t zero = 0;
    g_byte_array_append (map, &zero, 1);
  }
  map->data[n / 8] |= (uint8_t) (0x80u >> (n % 8));
}

/* ---- helpers */

char *
plan_pos (const struct inf_pos *pos)
{
  const char *file = pos->file ? pos->file : "?";
  return pos->line ? g_strdup_printf ("%s:%u", file, pos->line) : g_strdup (file);
}

char *
plan_key (const char *first, ...)
{
  GString *s = g_string_new (NULL);
  va_list ap;
  va_start (ap, first);
  for (const char *part = first; part; part = va_arg (ap, const char *)) {
    if (*part == '\0')
      continue;
    if (s->len)
      g_string_append_c (s, '\\');
    g_string_append (s, part);
  }
  va_end (ap);
  return g_string_free (s, FALSE);
}

void
plan_warn (struct plan_ctx *ctx, const struct inf_pos *pos, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_autofree char *where = plan_pos (pos);
  if (ctx->warnings)
    g_ptr_array_add (ctx->warnings, g_strdup_printf ("%s: %s", where, msg));
}

/* Compare the DriverVer parts of two Version values
 * (docs/windows-boot-drivers.md#driverpackages-version: FILETIME at 24, version at 32). */
int
plan_version_cmp (const uint8_t a[48], const uint8_t b[48])
{
  uint64_t da = ws_le64 (a + 24), db = ws_le64 (b + 24);
  if (da != db)
    return da < db ? -1 : 1;
  uint64_t va = ws_le64 (a + 32), vb = ws_le64 (b + 32);
  return va < vb ? -1 : va > vb ? 1 : 0;
}
