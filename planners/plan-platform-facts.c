/* plan-platform-facts: what plan_platform() needs, read from the SYSTEM hive (plan-platform.h). */
#include <config.h>

#include "hive-read.h"
#include "platform-table.h"
#include "plan-platform.h"
#include "banned.h"

/* Each table service present under Services, with its Start. */
static gboolean
read_services (hive_reader *h, hive_node services, struct platform_facts *f, GError **error)
{
  for (size_t i = 0; i < platform_table_rows_len; i++) {
    GError *e = NULL;
    hive_node n = hive_reader_lookup (h, services, platform_table_rows[i].service, &e);
    if (e) {
      g_propagate_error (error, e);
      return FALSE;
    }
    if (!n)
      continue;
    g_autofree char *name = hive_reader_node_name (h, n);
    uint32_t start = 0;
    gboolean has_start = hive_reader_dword (h, n, "Start", &start, &e);
    if (e) {
      g_propagate_error (error, e);
      return FALSE;
    }
    platform_facts_add_service (f, name, has_start, start);
  }
  return TRUE;
}

/* Every setup class that has UpperFilters or LowerFilters. */
static gboolean
read_classes (hive_reader *h, hive_node classes, struct platform_facts *f, GError **error)
{
  g_auto (GStrv) guids = hive_reader_child_names (h, classes, error);
  if (guids == NULL)
    return FALSE;
  for (size_t i = 0; guids[i]; i++) {
    GError *e = NULL;
    hive_node n = hive_reader_lookup (h, classes, guids[i], &e);
    g_auto (GStrv) upper = NULL;
    g_auto (GStrv) lower = NULL;
    g_autofree char *name = NULL;
    if (n && !e)
      hive_reader_string_list (h, n, "UpperFilters", &upper, &e);
    if (n && !e)
      hive_reader_string_list (h, n, "LowerFilters", &lower, &e);
    if (n && !e)   /* the class name is only for the report: an odd one is no reason to stop */
      hive_reader_string (h, n, "Class", &name, NULL);
    if (e) {
      g_propagate_error (error, e);
      return FALSE;
    }
    if (upper || lower)
      platform_facts_add_class (f, guids[i], name, (const char *const *) upper,
                                (const char *const *) lower);
  }
  return TRUE;
}

struct platform_facts *
plan_platform_read (hive_reader *h, const char *control_set, guint major, guint minor,
                    GError **error)
{
  g_autoptr (platform_facts) f = platform_facts_new (control_set, major, minor);
  GError *e = NULL;
  hive_node cs = hive_reader_lookup (h, hive_reader_root (h), control_set, &e);
  hive_node services = cs ? hive_reader_lookup (h, cs, "Services", &e) : 0;
  hive_node classes = cs && !e ? hive_reader_lookup (h, cs, "Control\\Class", &e) : 0;
  hive_node params = services && !e ? hive_reader_lookup (h, services, "partmgr\\Parameters", &e) : 0;
  if (e) {
    g_propagate_error (error, e);
    return NULL;
  }
  if ((services && !read_services (h, services, f, error))
      || (classes && !read_classes (h, classes, f, error)))
    return NULL;
  if (params) {
    f->has_san_policy = hive_reader_dword (h, params, "SanPolicy", &f->san_policy, &e);
    if (e) {
      g_propagate_error (error, e);
      return NULL;
    }
  }
  return g_steal_pointer (&f);
}
