/* plan-internal: what the plan-*.c files share (not part of the planner API, plan.h).
 * Grouped by the file that defines each function. */
#ifndef WS_PLAN_INTERNAL_H
#define WS_PLAN_INTERNAL_H

#include "plan.h"

/* Well-known class GUIDs ("System-Defined Device Setup Classes Available to Vendors"). */
#define PLAN_CLASS_SCSIADAPTER "{4D36E97B-E325-11CE-BFC1-08002BE10318}"
#define PLAN_CLASS_HDC "{4D36E96A-E325-11CE-BFC1-08002BE10318}"
#define PLAN_CLASS_NET "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define PLAN_CLASS_DISPLAY "{4D36E968-E325-11CE-BFC1-08002BE10318}"
#define PLAN_CLASS_PRINTER "{4D36E979-E325-11CE-BFC1-08002BE10318}"

/* AddService flag SPSVCINST_ASSOCSERVICE ("INF AddService Directive"): the device's function
 * driver, the one a Configuration's Service value names. */
#define PLAN_SPSVCINST_ASSOCSERVICE 0x2

/* One state for all the registry planners of a run. */
struct plan_ctx {
  const struct plan_facts *f;
  const struct plan_options *opts;
  struct reg_plan *plan;
  GPtrArray *warnings;     /* char *: INF lines left out */
  GPtrArray *groups;       /* struct plan_group_fact *: the groups our services joined in this
                              run: order = the GroupOrderList as it will be, members = the Tags
                              given in this run */
};

/* A hardware or compatible ID of the Models lines, once, with the first line naming it. */
struct plan_id {
  const char *id;                 /* borrowed from the model */
  guint flags;                    /* 1 hardware ID, 2 compatible ID, 3 both
                                     (docs/windows-boot-drivers.md#deviceids) */
  const struct inf_model *model;  /* first Models line naming it */
};

/* plan-common.c */
struct plan_group_fact *plan_group_fact_new (const char *name);
void plan_group_fact_free (gpointer g);
char *plan_pos (const struct inf_pos *pos);                 /* "viostor.inf:60" (g_free) */
char *plan_key (const char *first, ...) G_GNUC_NULL_TERMINATED;  /* '\'-join, skipping "" */
void plan_warn (struct plan_ctx *ctx, const struct inf_pos *pos, const char *fmt, ...)
  G_GNUC_PRINTF (3, 4);
int plan_version_cmp (const uint8_t a[48], const uint8_t b[48]);  /* date, then version */

/* plan-inf.c */
gboolean plan_class_is (const struct inf_driver *drv, const char *guid);
GPtrArray *plan_model_ids (const struct inf_driver *drv);   /* struct plan_id * (g_free'd) */
GPtrArray *plan_install_sections (const struct inf_driver *drv);  /* borrowed inf_install * */
const struct inf_service *plan_assoc_service (const struct inf_install *ins);
char *plan_raw_token (const char *raw);        /* "%Foo.Desc%" -> "foo.desc"; NULL if not one token */
const char *plan_manufacturer_raw (const struct plan_package *pkg, const struct inf_model *m);
const char *plan_service_field_raw (const struct plan_package *pkg, const struct inf_service *s,
                                    const char *key);

/* plan-addreg.c: AddReg/DelReg lines as edits */
/* Live keys: HKR is `key` in `hive`; `existing` (may be NULL) holds the values already under it
 * (NOCLOBBER, APPEND, OVERWRITEONLY).  Lines with another root go where plan_addreg_global puts
 * them. */
gboolean plan_addreg_live (struct plan_ctx *ctx, enum reg_hive hive, const char *key,
                           GPtrArray *addreg, GPtrArray *delreg,
                           const struct plan_service_fact *existing, GError **error);
/* Only the lines with a root other than HKR (HKLM, HKCR), written to the live hives. */
gboolean plan_addreg_global (struct plan_ctx *ctx, GPtrArray *ops, GError **error);
/* DriverDatabase Configurations rendering of the HKR lines below `key`
 * (docs/windows-boot-drivers.md#configurations). */
gboolean plan_addreg_ddb (struct plan_ctx *ctx, enum reg_hive hive, const char *key,
                          GPtrArray *addreg, GPtrArray *delreg, GError **error);

/* plan-service.c */
gboolean plan_services (struct plan_ctx *ctx, const struct plan_layout *l, GError **error);
gboolean plan_group_lists (struct plan_ctx *ctx, GError **error);

/* plan-ddb.c */
gboolean plan_ddb_package_keys (struct plan_ctx *ctx, const struct plan_layout *l, GError **error);
/* plan-ddb-ids.c */
gboolean plan_ddb_ids (struct plan_ctx *ctx, const struct plan_layout *l, GError **error);
gboolean plan_ddb_oem_inf_maps (struct plan_ctx *ctx, GPtrArray *layouts, GError **error);

/* plan-cdd.c */
gboolean plan_cdd (struct plan_ctx *ctx, const struct plan_layout *l, GError **error);

/* plan-software.c */
gboolean plan_pnp_lockdown (struct plan_ctx *ctx, const struct plan_layout *l, GError **error);
gboolean plan_device_path (struct plan_ctx *ctx, GPtrArray *layouts, GError **error);
gboolean plan_device_policy (struct plan_ctx *ctx, GPtrArray *layouts, GError **error);

/* plan-files.c */
gboolean plan_layout_files (const struct plan_options *opts, struct plan_layout *l, GError **error);
/* Where a DIRID points, as a guest path (10-13); NULL + error naming pos for any other. */
char *plan_dirid_path (const struct plan_options *opts, const struct plan_layout *l, int dirid,
                       const struct inf_pos *pos, GError **error);

#endif
