/* hive-fixture: scratch copies of the real fixture hives, and read-back with hivexget and
 * hivexregedit (tools winseed did not write). */
#ifndef WS_TEST_HIVE_FIXTURE_H
#define WS_TEST_HIVE_FIXTURE_H

#include <glib.h>

#include "hive-read.h"
#include "reg-plan.h"

/* A scratch directory for this test program, removed by hive_fixture_cleanup(). */
const char *hive_fixture_dir (void);
void hive_fixture_cleanup (void);

/* tests/fixtures/hives/<fixture>.xz decompressed to <scratch>/<name> (overwritten). g_free. */
char *hive_fixture_copy (const char *fixture, const char *name);

/* A DRIVERS hive for a Windows 10 guest: the fixture has none, so a copy of a SYSTEM hive is
 * emptied (every root key deleted) and given the DriverDatabase root values of the real SYSTEM
 * node (Version 0x0A000000, SchemaVersion 0x00010000, Architecture 9).  g_free. */
char *hive_fixture_drivers (const char *fixture, const char *name);

/* Apply the edits of one hive of plan to path in place; asserts success. */
void hive_fixture_apply (const char *path, const struct reg_plan *plan, enum reg_hive hive);

/* hivexget PATH KEY [VALUE]: stdout, or NULL when hivexget fails (key or value missing).
 * Strings and numbers come back as text without the final newline; binary values as bytes. */
GBytes *hive_fixture_get (const char *path, const char *key, const char *value);
char *hive_fixture_get_text (const char *path, const char *key, const char *value);

/* hivexregedit --export PATH KEY ("\\" for the whole hive).  g_free. */
char *hive_fixture_export (const char *path, const char *key);

/* test-plan-compare.c: our entries against the ones Windows wrote, read with the hive reader. */
enum compare_mode {
  COMPARE_SAME,     /* the same value names */
  COMPARE_SUBSET,   /* ours are some of theirs (the INF sets fewer values than Windows' INF) */
};
/* Values of key `ours` against key `theirs`: names per mode, with equal types, and equal
 * lengths for binary and DWORD data. */
void compare_values (hive_reader *h, const char *ours, const char *theirs, enum compare_mode mode);
/* One value of each: same type and, unless a string, same length. */
void compare_value (hive_reader *h, const char *ours, const char *oname, const char *theirs, const char *tname);
/* The names of the subkeys. */
void compare_subkeys (hive_reader *h, const char *ours, const char *theirs, enum compare_mode mode);
/* Every value of both keys has the given type (keys whose names are data, as Strings). */
void compare_all_typed (hive_reader *h, const char *ours, const char *theirs, uint32_t type);
/* Every key whose content differs between two whole-hive exports (hivexregedit) is one the plan
 * edits in `hive`, an ancestor of one, or below a key it deletes. */
void assert_changes_planned (const char *before, const char *after, const struct reg_plan *plan,
                             enum reg_hive hive);

#endif
