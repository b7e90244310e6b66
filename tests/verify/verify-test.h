/* verify-test: helpers shared by the verify unit tests (no appliance).
 *
 * Hives are copies of the real fixture hives (tests/fixtures/hives/NAME.xz), optionally with .reg
 * files from tests/verify/ merged in by hivexregedit (a tool winseed did not write).  Guest files
 * are a fake table: every path exists with 4096 bytes unless listed otherwise. */
#ifndef VERIFY_TEST_H
#define VERIFY_TEST_H

#include <stdint.h>
#include <glib.h>

#include "verify.h"

/* Set up the scratch directory (call first; removed at exit). */
void vt_init (void);
/* A fresh copy of fixture hive NAME with the .reg files (NULL-terminated, relative to
 * tests/verify/) merged in, in order (g_free).  NULL when hivexregedit is missing and regs were
 * asked for (the test is then skipped). */
char *vt_hive (const char *name, const char *const *regs);
/* Make path (any case) absent (size -1) or empty (0) in the fake guest; reset with vt_files_reset. */
void vt_file_set (const char *path, int64_t size);
void vt_files_reset (void);
/* TRUE when the walk asked for this guest file. */
gboolean vt_file_checked (const char *path);
/* Walk devices on the hive at path as NT major.minor, with an optional DRIVERS hive. */
struct verify_result *vt_walk (const char *path, const char *drivers_path, int major, int minor,
                               const struct verify_device *devices, size_t n);
/* The first link of ctl's chain with this 'what' (and, when where_part is not NULL, a 'where'
 * containing it); NULL when none. */
const struct verify_link *vt_link (const struct verify_controller *ctl, const char *what,
                                   const char *where_part);
/* The controller for a device ID name ("PCI\\VEN_1AF4&DEV_1001&SUBSYS_00021AF4&REV_00"). */
const struct verify_controller *vt_controller (const struct verify_result *r, const char *name);

#endif
