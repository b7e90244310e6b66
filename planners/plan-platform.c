/* plan-platform: the edits that retire the old hypervisor's guest tools; see plan-platform.h. */
#include <config.h>

#include <string.h>

#include "platform-table.h"
#include "plan-platform.h"
#include "banned.h"

#define SERVICE_DISABLED 4u   /* SERVICE_DISABLED (docs/old-platform.md#what-is-disabled) */

struct platform_facts *
platform_facts_new (const char *control_set, guint major, guint minor)
{
  struct platform_facts *f = g_new0 (struct platform_facts, 1);
  f->control_set = g_strdup (control_set);
  f->major = major;
  f->minor = minor;
  f->services = g_ptr_array_new ();
  f->classes = g_ptr_array_new ();
  return f;
}

void
platform_facts_free (struct platform_facts *f)
{
  if (f == NULL)
    return;
  for (guint i = 0; i < f->services->len; i++) {
    struct platform_service *s = g_ptr_array_index (f->services, i);
    g_free (s->name);
    g_free (s);
  }
  for (guint i = 0; i < f->classes->len; i++) {
    struct platform_class *c = g_ptr_array_index (f->classes, i);
    g_free (c->guid);
    g_free (c->name);
    g_strfreev (c->upper);
    g_strfreev (c->lower);
    g_free (c);
  }
  g_ptr_array_unref (f->services);
  g_ptr_array_unref (f->classes);
  g_free (f->control_set);
  g_free (f);
}

void
platform_facts_add_service (struct platform_facts *f, const char *name, gboolean has_start,
                            uint32_t start)
{
  struct platform_service *s = g_new0 (struct platform_service, 1);
  s->name = g_strdup (name);
  s->has_start = has_start;
  s->start = start;
  g_ptr_array_add (f->services, s);
}

void
platform_facts_add_class (struct platform_facts *f, const char *guid, const char *name,
                          const char *const *upper, const char *const *lower)
{
  struct platform_class *c = g_new0 (struct platform_class, 1);
  c->guid = g_strdup (guid);
  c->name = g_strdup (name);
  c->upper = upper ? g_strdupv ((char **) upper) : NULL;
  c->lower = lower ? g_strdupv ((char **) lower) : NULL;
  g_ptr_array_add (f->classes, c);
}

void
platform_change_free (struct platform_change *c)
{
  g_free (c->kind);
  g_free (c->what);
  g_free (c->key);
  g_free (c->old_value);
  g_free (c->new_value);
  g_free (c->source);
  g_free (c);
}

static void
add_change (GPtrArray *changes, const char *kind, char *what, char *key, char *old_value,
            char *new_value, char *source)
{
  struct platform_change *c = g_new0 (struct platform_change, 1);
  c->kind = g_strdup (kind);
  c->what = what;
  c->key = key;
  c->old_value = old_value;
  c->new_value = new_value;
  c->source = source;
  g_ptr_array_add (changes, c);
}

char **
plan_platform_filter_keep (const char *const *filters, const char *const *disabled)
{
  if (filters == NULL)
    return NULL;
  g_autoptr (GStrvBuilder) keep = g_strv_builder_new ();
  gboolean removed = FALSE;
  for (size_t i = 0; filters[i]; i++) {
    gboolean drop = FALSE;
    for (size_t j = 0; disabled[j] && !drop; j++)
      drop = g_ascii_strcasecmp (filters[i], disabled[j]) == 0;
    if (drop)
      removed = TRUE;
    else
      g_strv_builder_add (keep, filters[i]);
  }
  return removed ? g_strv_builder_end (keep) : NULL;
}

/* Start=4 for each applicable present service; returns the names disabled now or before. */
static gboolean
disable_services (const struct platform_facts *f, const struct platform_options *o,
                  struct reg_plan *plan, GPtrArray *changes, GPtrArray *disabled, GError **error)
{
  for (guint i = 0; i < f->services->len; i++) {
    const struct platform_service *s = g_ptr_array_index (f->services, i);
    const struct platform_tool_row *r = platform_table_lookup (s->name, f->major, f->minor);
    /* A key without Start is a leftover (VMware's installer leaves pvscsi and vmxnet3ndis6
     * keys holding only parameters): nothing loads it, and writing Start would make it a
     * service. */
    if (r == NULL || !s->has_start)
      continue;
    /* Without a virtio storage driver the old controller may still be the only boot path. */
    if (r->role == PLATFORM_ROLE_STORAGE && !o->virtio_storage)
      continue;
    g_ptr_array_add (disabled, s->name);
    if (s->has_start && s->start == SERVICE_DISABLED)
      continue;
    g_autofree char *key = g_strdup_printf ("%s\\Services\\%s", f->control_set, s->name);
    g_autofree char *prov = g_strdup_printf ("old platform: platform-tools.tsv:%d (%s)",
                                             r->tsv_line, r->source);
    if (!reg_plan_add_dword (plan, REG_HIVE_SYSTEM, key, "Start", SERVICE_DISABLED, prov, error))
      return FALSE;
    add_change (changes, "service", g_strdup_printf ("%s (%s)", s->name, r->platform),
                g_steal_pointer (&key),
                g_strdup_printf ("Start=%u", s->start),
                g_strdup ("Start=4"), g_strdup_printf ("platform-tools.tsv:%d (%s)", r->tsv_line, r->source));
  }
  return TRUE;
}

static gboolean
strip_filter (const struct platform_facts *f, const struct platform_class *c, const char *value,
              char **filters, const char *const *disabled, struct reg_plan *plan,
              GPtrArray *changes, GError **error)
{
  g_auto (GStrv) keep = plan_platform_filter_keep ((const char *const *) filters, disabled);
  if (keep == NULL)
    return TRUE;
  g_autofree char *key = g_strdup_printf ("%s\\Control\\Class\\%s", f->control_set, c->guid);
  /* A class with no filter left has no value at all, as Windows leaves it. */
  if (keep[0] == NULL
      ? !reg_plan_add_delete_value (plan, REG_HIVE_SYSTEM, key, value,
                                    "old platform: docs/old-platform.md#class-filters", error)
      : !reg_plan_add_multi_sz (plan, REG_HIVE_SYSTEM, key, value, (const char *const *) keep,
                                "old platform: docs/old-platform.md#class-filters", error))
    return FALSE;
  add_change (changes, "filter", g_strdup_printf ("%s %s", c->name ? c->name : c->guid, value),
              g_steal_pointer (&key), g_strjoinv (",", filters),
              keep[0] ? g_strjoinv (",", keep) : g_strdup ("(deleted)"),
              g_strdup ("docs/old-platform.md#class-filters"));
  return TRUE;
}

static gboolean
san_policy (const struct platform_facts *f, struct reg_plan *plan, GPtrArray *changes, GError **error)
{
  /* partmgr's SAN policy exists from Vista / Server 2008 on. */
  if (f->major < 6 || (f->has_san_policy && f->san_policy == PLATFORM_SAN_POLICY_ONLINE))
    return TRUE;
  g_autofree char *key = g_strdup_printf ("%s\\Services\\partmgr\\Parameters", f->control_set);
  if (!reg_plan_add_dword (plan, REG_HIVE_SYSTEM, key, "SanPolicy", PLATFORM_SAN_POLICY_ONLINE,
                           "old platform: docs/old-platform.md#san-policy", error))
    return FALSE;
  add_change (changes, "san-policy", g_strdup ("SanPolicy"), g_steal_pointer (&key),
              f->has_san_policy ? g_strdup_printf ("%u", f->san_policy) : g_strdup ("absent"),
              g_strdup_printf ("%u", PLATFORM_SAN_POLICY_ONLINE),
              g_strdup ("docs/old-platform.md#san-policy"));
  return TRUE;
}

gboolean
plan_platform (const struct platform_facts *f, const struct platform_options *o,
               struct reg_plan *plan, GPtrArray *changes, GError **error)
{
  if (!o->keep_tools) {
    g_autoptr (GPtrArray) disabled = g_ptr_array_new ();
    if (!disable_services (f, o, plan, changes, disabled, error))
      return FALSE;
    g_ptr_array_add (disabled, NULL);
    const char *const *names = (const char *const *) disabled->pdata;
    for (guint i = 0; i < f->classes->len; i++) {
      const struct platform_class *c = g_ptr_array_index (f->classes, i);
      if (!strip_filter (f, c, "UpperFilters", c->upper, names, plan, changes, error)
          || !strip_filter (f, c, "LowerFilters", c->lower, names, plan, changes, error))
        return FALSE;
    }
  }
  return o->keep_san_policy || san_policy (f, plan, changes, error);
}
