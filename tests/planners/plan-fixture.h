/* plan-fixture: the fixture INF packages (tests/fixtures/virtio-win) as planner input. */
#ifndef WS_TEST_PLAN_FIXTURE_H
#define WS_TEST_PLAN_FIXTURE_H

#include <glib.h>

#include "plan.h"

struct fixture_pkg {
  struct plan_package pkg;    /* points into the fields below */
  struct inf_file *inf;
  struct inf_driver *drv;
  char *inf_name, *dir, *hash;
  char **files;
};

/* Load tests/fixtures/virtio-win/<rel> and interpret it for target ("10.0.18362/amd64").
 * rewrite_from/rewrite_to (may be NULL) replace one text in the INF first: the fixtures only
 * carry w8.1/amd64 builds, and the XP and 7 tests turn their "NTamd64.6.3" decoration into
 * "NTx86".  The hash is the first 16 hex digits of the INF's SHA-256. */
struct fixture_pkg *fixture_pkg_load (const char *rel, const char *target, const char *rewrite_from,
                                      const char *rewrite_to);
/* The same, from INF text given inline (name is the INF's file name). */
struct fixture_pkg *fixture_pkg_text (const char *name, const char *text, const char *target);
void fixture_pkg_free (struct fixture_pkg *p);
typedef struct fixture_pkg fixture_pkg;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (fixture_pkg, fixture_pkg_free)

/* Options used by every test: system root /Windows, ImportDate 2026-01-02. */
extern const struct plan_options fixture_opts;

/* The first edit of plan with this hive, key and value name (NULL for a key op); NULL if none. */
const struct reg_edit *fixture_edit (const struct reg_plan *plan, enum reg_hive hive, const char *key,
                                     const char *name);
/* Number of edits of a hive whose key starts with prefix (case-insensitive). */
guint fixture_count (const struct reg_plan *plan, enum reg_hive hive, const char *prefix);
/* The file op with this destination (case-insensitive); NULL if none. */
const struct plan_file_op *fixture_file (GPtrArray *ops, const char *dest);

/* Assertions on one value edit (the first of that hive, key and name): set with exactly this
 * type and data; a DWORD; UTF-8 text as REG_SZ/EXPAND_SZ; a one-string MULTI_SZ; an op. */
void fixture_assert_value (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name,
                           uint32_t type, const void *data, size_t len);
void fixture_assert_dword (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name,
                           uint32_t v);
void fixture_assert_sz (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name,
                        uint32_t type, const char *text);
void fixture_assert_multi (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name,
                           const char *one);
void fixture_assert_op (const struct reg_plan *p, enum reg_hive h, const char *key, const char *name,
                        enum reg_op op);

#endif
