/* hive-helper: drive reg-export and hive-apply from the shell tests.
 *
 *   hive-helper export PLAN [PREFIX]   the plan's SYSTEM edits as .reg text on stdout
 *                                      (PREFIX defaults to HKEY_LOCAL_MACHINE\SYSTEM; "-" for none)
 *   hive-helper apply PLAN SRC DST     hive_apply (SYSTEM)
 *   hive-helper verify PLAN PATH       hive_apply_verify (SYSTEM)
 *
 * PLAN names a plan of plans.h.  Errors are printed as winseed prints them, and the exit status is
 * the error's (ws-error.h), so the tests check exactly what the command line will report.
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "reg-export.h"
#include "hive-apply.h"
#include "plans.h"
#include "banned.h"

static gboolean
run (int argc, char **argv, GError **error)
{
  if (argc < 3) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "usage: hive-helper export|apply|verify PLAN ...");
    return FALSE;
  }
  g_autoptr (reg_plan) plan = test_plan (argv[2], error);
  if (plan == NULL)
    return FALSE;
  if (strcmp (argv[1], "export") == 0 && argc <= 4) {
    const char *prefix = argc == 4 ? argv[3] : reg_hive_prefix (REG_HIVE_SYSTEM);
    g_autofree char *text = reg_export (plan, REG_HIVE_SYSTEM, strcmp (prefix, "-") ? prefix : NULL,
                                        error);
    if (text == NULL)
      return FALSE;
    fputs (text, stdout);
    return fflush (stdout) == 0;
  }
  if (strcmp (argv[1], "apply") == 0 && argc == 5)
    return hive_apply (argv[3], argv[4], plan, REG_HIVE_SYSTEM, error);
  if (strcmp (argv[1], "verify") == 0 && argc == 4)
    return hive_apply_verify (argv[3], plan, REG_HIVE_SYSTEM, error);
  g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad arguments for '%s'", argv[1]);
  return FALSE;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) err = NULL;
  if (!run (argc, argv, &err)) {
    ws_error_print (err);
    return ws_exit_from_error (err);
  }
  return 0;
}
