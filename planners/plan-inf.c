/* plan-inf: what the planners read from an interpreted INF beyond its plain fields: the IDs of
 * its Models lines, the install sections they name, the function driver of a section, and the
 * %tokens% Windows keeps instead of the text.  Pure. */
#include <config.h>

#include <string.h>

#include "ws-text.h"
#include "plan-internal.h"
#include "banned.h"

gboolean
plan_class_is (const struct inf_driver *drv, const char *guid)
{
  uint8_t want[16];
  return drv->has_class_guid && ws_guid_parse (guid, want) && memcmp (want, drv->class_guid, 16) == 0;
}

static void
add_id (GPtrArray *ids, GHashTable *seen, const char *id, guint flag, const struct inf_model *m)
{
  if (id == NULL || *id == '\0')
    return;
  struct plan_id *pi = g_hash_table_lookup (seen, id);
  if (pi) {
    pi->flags |= flag;
    return;
  }
  pi = g_new0 (struct plan_id, 1);
  pi->id = id;
  pi->flags = flag;
  pi->model = m;
  g_hash_table_insert (seen, (gpointer) id, pi);
  g_ptr_array_add (ids, pi);
}

/* Every ID of the applicable Models lines, hardware IDs flagged 1 and compatible IDs 2 (an ID
 * listed both ways gets 3, REAL: one 03ff value in the 18362 hive,
 * docs/windows-boot-drivers.md#deviceids). */
GPtrArray *
plan_model_ids (const struct inf_driver *drv)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (ws_ascii_case_hash, ws_ascii_case_equal);
  for (guint i = 0; i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    add_id (ids, seen, m->hardware_id, 1, m);
    for (char **c = m->compatible_ids; c && *c; c++)
      add_id (ids, seen, *c, 2, m);
  }
  return ids;
}

/* The install sections the applicable Models lines name, once each, in Models order. */
GPtrArray *
plan_install_sections (const struct inf_driver *drv)
{
  GPtrArray *out = g_ptr_array_new ();
  for (guint i = 0; i < drv->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (drv->models, i);
    gboolean dup = FALSE;
    for (guint j = 0; j < out->len && !dup; j++)
      dup = g_ptr_array_index (out, j) == m->install;
    if (m->install && !dup)
      g_ptr_array_add (out, (gpointer) m->install);
  }
  return out;
}

/* The function driver of an install section: the AddService with SPSVCINST_ASSOCSERVICE, else
 * the only named one.  NULL for a null-service install. */
const struct inf_service *
plan_assoc_service (const struct inf_install *ins)
{
  const struct inf_service *only = NULL;
  guint named = 0;
  for (guint i = 0; i < ins->services->len; i++) {
    const struct inf_service *s = g_ptr_array_index (ins->services, i);
    if (s->name[0] == '\0')
      continue;
    if (s->flags & PLAN_SPSVCINST_ASSOCSERVICE)
      return s;
    only = s;
    named++;
  }
  return named == 1 ? only : NULL;
}

/* Windows keeps a Models description or manufacturer as its lower-cased %token% (REAL 18362
 * Descriptors: "%pci\cc_010802.devicedesc%", Strings "ms-nvme",
 * docs/windows-boot-drivers.md#descriptors-and-strings). */
char *
plan_raw_token (const char *raw)
{
  size_t len = raw ? strlen (raw) : 0;
  if (len < 3 || raw[0] != '%' || raw[len - 1] != '%' || memchr (raw + 1, '%', len - 2))
    return NULL;
  g_autofree char *inner = g_strndup (raw + 1, len - 2);
  return g_ascii_strdown (inner, -1);
}

/* The [Manufacturer] line's name as written ("%VENDOR%"), found by the Models section it names.
 * NULL when the parsed INF was not given. */
const char *
plan_manufacturer_raw (const struct plan_package *pkg, const struct inf_model *m)
{
  if (pkg->inf == NULL)
    return NULL;
  const struct inf_section *sec = inf_file_section (pkg->inf, "Manufacturer");
  for (guint i = 0; sec && i < pkg->drv->choices->len; i++) {
    const struct inf_models_choice *c = g_ptr_array_index (pkg->drv->choices, i);
    if (c->section == NULL || g_ascii_strcasecmp (c->section, m->models_section) != 0)
      continue;
    for (guint j = 0; j < sec->lines->len; j++) {
      const struct inf_line *l = g_ptr_array_index (sec->lines, j);
      if (l->lineno == c->pos.line)
        return l->key ? l->key : (l->n_fields ? l->fields[0] : NULL);
    }
  }
  return NULL;
}

/* A service-install section's directive as written, before %strkey% substitution. */
const char *
plan_service_field_raw (const struct plan_package *pkg, const struct inf_service *s, const char *key)
{
  if (pkg->inf == NULL || s->install_section == NULL)
    return NULL;
  const struct inf_section *sec = inf_file_section (pkg->inf, s->install_section);
  const struct inf_line *l = sec ? inf_section_find (sec, key) : NULL;
  return l && l->n_fields ? l->fields[0] : NULL;
}
