/* fuzz-inf: fuzz target for the INF parser and interpreter (drivers/inf-*.c, package.c, match.c).
 *
 * Each input is parsed as an INF, interpreted for a few targets (XP x86, 7 amd64, Server 2019
 * amd64, 11 arm64, and every Models section for x86 and amd64), turned into a package and
 * ranked.  Every registry operation is encoded as the registry would store it.  Nothing may
 * crash, leak or read out of bounds, and every error must read
 * "cannot parse '<file>' line <n>: ..." with n within the file.
 *
 * With clang, `make -C tests fuzz-inf` builds it with -fsanitize=fuzzer,address,undefined and
 * runs it on a copy of corpus-inf/ (FUZZ_SECONDS, default 60).  `make check` replays the corpus
 * through fuzz-replay.c's main(), so every build runs it.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inf.h"
#include "package.h"
#include "match.h"
#include "banned.h"

#define FUZZ_NAME "viostor/w10/amd64/fuzz.inf"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char *const targets[] = { "xp/x86", "w7/amd64", "2k19/amd64", "w11/arm64" };

/* An error must name the file and a line of it, problem first
 * (docs/coding-style.md#one-line-error-messages). */
static void
check_error (const GError *err, guint max_line)
{
  static const char prefix[] = "cannot parse '" FUZZ_NAME "' line ";
  if (err == NULL || strncmp (err->message, prefix, strlen (prefix)) != 0) {
    fprintf (stderr, "fuzz-inf: badly formed error: %s\n", err ? err->message : "(none)");
    abort ();
  }
  unsigned long line = strtoul (err->message + strlen (prefix), NULL, 10);
  if (line < 1 || line > max_line + 1) {
    fprintf (stderr, "fuzz-inf: error names line %lu of a %u-line file: %s\n", line, max_line, err->message);
    abort ();
  }
}

static void
encode_ops (GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++) {
    g_autoptr (GError) err = NULL;
    g_autoptr (GBytes) b = inf_reg_op_data (g_ptr_array_index (ops, i), &err);
    (void) b;
  }
}

static void
walk_driver (const struct inf_driver *drv)
{
  for (guint i = 0; i < drv->installs->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (drv->installs, i);
    encode_ops (ins->addreg);
    encode_ops (ins->hw_addreg);
    encode_ops (ins->coinstaller_addreg);
    for (guint j = 0; j < ins->services->len; j++) {
      const struct inf_service *s = g_ptr_array_index (ins->services, j);
      encode_ops (s->addreg);
      for (guint k = 0; k < s->event_logs->len; k++)
        encode_ops (((const struct inf_event_log *) g_ptr_array_index (s->event_logs, k))->addreg);
    }
  }
  g_autoptr (GPtrArray) svcs = inf_driver_services (drv);
  g_free (inf_driver_ver_date (&drv->driver_ver));
  g_free (inf_driver_ver_version (&drv->driver_ver));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (inf_file) inf = inf_file_parse (data, size, FUZZ_NAME, NULL, &err);
  if (inf == NULL) {
    check_error (err, (guint) size + 1);
    return 0;
  }
  for (size_t i = 0; i < G_N_ELEMENTS (targets) + 2; i++) {
    struct ws_target t;
    g_autoptr (GError) e = NULL;
    g_autoptr (inf_driver) drv = NULL;
    if (i < G_N_ELEMENTS (targets)) {
      if (!ws_target_parse (targets[i], &t, NULL))
        abort ();
      drv = inf_driver_new (inf, &t, &e);
    } else {
      drv = inf_driver_new_all (inf, i == G_N_ELEMENTS (targets) ? WS_ARCH_X86 : WS_ARCH_AMD64, &e);
    }
    if (drv == NULL)
      check_error (e, inf->n_lines);
    else
      walk_driver (drv);
  }
  g_autoptr (GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) pkgs = g_ptr_array_new_with_free_func ((GDestroyNotify) drv_package_free);
  g_ptr_array_add (pkgs, drv_package_new (FUZZ_NAME, data, size, files, NULL));
  struct ws_target t;
  if (!ws_target_parse ("w10/amd64", &t, NULL))
    abort ();
  g_autoptr (drv_selection) sel = drv_select (pkgs, &t);
  return 0;
}
