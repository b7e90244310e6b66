/* plan-platform: retire the old hypervisor's guest tools (docs/old-platform.md).
 *
 *   plan_platform()        pure: facts in, registry edits and report lines out;
 *   plan_platform_read()   (libplanfacts) the facts, read from the guest's SYSTEM hive.
 *
 * Three kinds of edits, each skippable:
 *   - Start=4 for every present service of platform-tools.tsv that is not already disabled
 *     (docs/old-platform.md#what-is-disabled); storage-controller drivers only when the
 *     conversion installs a virtio storage driver, so the guest never loses every boot path;
 *   - every class UpperFilters/LowerFilters naming a service disabled now or before is rewritten
 *     without it, the other entries kept in order (docs/old-platform.md#class-filters);
 *   - Services\partmgr\Parameters SanPolicy=1 (online all) on Vista and later
 *     (docs/old-platform.md#san-policy).
 * Nothing is planned for what already holds the wanted value, so a second conversion plans none
 * of these edits.
 */
#ifndef WS_PLAN_PLATFORM_H
#define WS_PLAN_PLATFORM_H

#include <stdint.h>
#include <glib.h>

#include "reg-plan.h"

/* One present service of the table, as the hive holds it. */
struct platform_service {
  char *name;               /* as spelled in the hive */
  gboolean has_start;
  uint32_t start;
};

/* One setup class with filters (Control\Class\{GUID}). */
struct platform_class {
  char *guid;               /* key name, "{4d36e967-e325-11ce-bfc1-08002be10318}" */
  char *name;               /* its Class value, "DiskDrive"; NULL when absent */
  char **upper;             /* UpperFilters, NULL when absent */
  char **lower;             /* LowerFilters, NULL when absent */
};

struct platform_facts {
  char *control_set;        /* "ControlSet001" */
  guint major, minor;       /* NT version */
  GPtrArray *services;      /* struct platform_service *: table services present in the hive */
  GPtrArray *classes;       /* struct platform_class *: classes with UpperFilters or LowerFilters */
  gboolean has_san_policy;
  uint32_t san_policy;
};

struct platform_facts *platform_facts_new (const char *control_set, guint major, guint minor);
void platform_facts_free (struct platform_facts *f);
typedef struct platform_facts platform_facts;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (platform_facts, platform_facts_free)
void platform_facts_add_service (struct platform_facts *f, const char *name, gboolean has_start,
                                 uint32_t start);
void platform_facts_add_class (struct platform_facts *f, const char *guid, const char *name,
                               const char *const *upper, const char *const *lower);

struct platform_options {
  gboolean keep_tools;      /* --keep-tools: no Start=4, no filter removed */
  gboolean keep_san_policy; /* --keep-san-policy */
  gboolean virtio_storage;  /* the conversion installs viostor or vioscsi */
};

/* SanPolicy 1: VDS_SP_ONLINE, every newly found disk online and writable. */
#define PLATFORM_SAN_POLICY_ONLINE 1u

/* One change, for the report. */
struct platform_change {
  char *kind;               /* "service", "filter", "san-policy" */
  char *what;               /* "xenfilt (xen)", "DiskDrive LowerFilters", "SanPolicy" */
  char *key;                /* SYSTEM key path */
  char *old_value;          /* "Start=0", "xenfilt,EhStorClass", "absent" */
  char *new_value;          /* "Start=4", "EhStorClass", "1" */
  char *source;             /* "platform-tools.tsv:34 (xen-pv)" */
};
void platform_change_free (struct platform_change *c);

/* Append the edits to plan (SYSTEM hive) and one struct platform_change per change to changes
 * (free func platform_change_free).  FALSE only when an edit cannot be built. */
gboolean plan_platform (const struct platform_facts *f, const struct platform_options *o,
                        struct reg_plan *plan, GPtrArray *changes, GError **error);

/* Filters of a class that name a service in disabled (ASCII case-insensitive), removed: the rest
 * in their order (g_strfreev).  NULL when none is removed. */
char **plan_platform_filter_keep (const char *const *filters, const char *const *disabled);

/* plan-platform-facts.c (libplanfacts): the facts from the SYSTEM hive. */
struct hive_reader;
struct platform_facts *plan_platform_read (struct hive_reader *system, const char *control_set,
                                           guint major, guint minor, GError **error);

#endif
