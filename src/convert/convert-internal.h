/* convert-internal: the state the convert-*.c files share while one conversion runs. */
#ifndef WS_CONVERT_INTERNAL_H
#define WS_CONVERT_INTERNAL_H

#include "convert.h"
#include "convert-txn.h"
#include "driver-set.h"
#include "guest.h"
#include "match.h"
#include "plan.h"
#include "reg-plan.h"

/* Per hive: where its copies live on the host while the conversion works on them. */
struct conv_hive {
  gboolean present;     /* the guest has this hive */
  char *guest_path;     /* "/Windows/System32/config/SYSTEM" */
  const char *local;    /* host copy of the original (the session's) */
  char *staged;         /* edited copy (after stage) */
};

struct conv {
  const struct convert_opts *o;
  struct convert_result *r;
  session *s;
  guest *g;                        /* the session's (borrowed) */
  const struct guest_root *root;   /* the session's (borrowed) */
  const char *tmp;                 /* the session's host scratch directory */
  struct driver_set *ds;
  struct drv_selection *sel;
  GPtrArray *chosen;               /* const struct drv_choice * in role order */
  struct plan_package *pkgs;       /* one per chosen package */
  size_t n_pkgs;
  GPtrArray *keep;                 /* strings pkgs point into (g_free) */
  GPtrArray *keep_strv;            /* string vectors pkgs point into (g_strfreev) */
  struct plan_facts *facts;
  GPtrArray *layouts;              /* struct plan_layout * */
  struct reg_plan *plan;
  GPtrArray *file_ops;             /* struct plan_file_op * */
  struct conv_hive hives[REG_HIVE_COUNT];
  txn *t;
};

/* convert-select.c: choose the packages for the requested roles and describe them for the
 * planners (c->sel, c->chosen, c->pkgs). */
gboolean conv_select (struct conv *c, GError **error);

/* convert-stage.c: planning and host-side staging. */
gboolean conv_plan (struct conv *c, GError **error);
gboolean conv_stage (struct conv *c, GError **error);
gboolean conv_verify (struct conv *c, GError **error);
char *conv_plan_text (struct conv *c, GError **error);

#endif
