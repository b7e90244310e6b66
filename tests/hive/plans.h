/* plans: registry edit plans for the hive tests, written against the real SYSTEM hive of
 * tests/fixtures/hives/win10-18362_regipy_SYSTEM (the keys they delete or change exist there).
 *
 *   every-op         every operation and value type, including high-bit types, empty MULTI_SZ,
 *                    default values, deep new keys and deletions of real keys
 *   delete-nonleaf   DELETE_KEY of a key that has subkeys: hive-apply refuses it
 *   big-value        a value set on a key holding a value over REG_PLAN_MAX_VALUE_LEN bytes
 *                    (ProductOptions\ProductPolicy): hive-apply refuses to rewrite it
 *   bench            about 2000 edits shaped like a conversion of 21 driver packages
 */
#ifndef WS_TEST_PLANS_H
#define WS_TEST_PLANS_H

#include "reg-plan.h"

/* A new plan by name, or NULL with an error for an unknown name. */
struct reg_plan *test_plan (const char *name, GError **error);

/* The bench plan with n packages (about 100 edits each). */
struct reg_plan *test_plan_bench (unsigned n, GError **error);

#endif
