/* convert-stage: plan the conversion and prepare every byte of it on the host. */
#include <config.h>

#include <string.h>
#include <time.h>

#include "ws-error.h"
#include "ws-text.h"
#include "hive-apply.h"
#include "hive-read.h"
#include "plan-facts.h"
#include "reg-export.h"
#include "convert-internal.h"
#include "banned.h"

/* Open the local copy of a hive, or NULL (no error) when the guest has none. */
static hive_reader *
open_local (struct conv *c, enum reg_hive h, GError **error)
{
  if (!c->hives[h].present)
    return NULL;
  return hive_reader_open (c->hives[h].local, reg_hive_name (h), error);
}

/* Windows\INF\oem*.inf with the digest of each, so a re-run on a CriticalDeviceDatabase guest
 * (no DriverDatabase to remember it) finds its own oemN again. */
static gboolean
add_oem_infs (struct conv *c, GError **error)
{
  g_autofree char *dir = g_strdup_printf ("%s/INF", c->r->windows->systemroot);
  if (!guest_is_dir (c->g, dir))
    return TRUE;
  g_auto (GStrv) names = guest_ls (c->g, dir, error);
  if (names == NULL)
    return FALSE;
  for (size_t i = 0; names[i]; i++) {
    if (g_ascii_strncasecmp (names[i], "oem", 3) != 0 || !g_str_has_suffix (names[i], ".inf"))
      continue;
    g_autofree char *path = g_strdup_printf ("%s/%s", dir, names[i]);
    g_autofree char *sum = guest_sha256 (c->g, path, error);
    if (sum == NULL)
      return FALSE;
    sum[16] = '\0';
    plan_facts_add_oem_inf (c->facts, names[i], sum);
  }
  return TRUE;
}

/* Now as a FILETIME: DriverPackages ImportDate. */
static uint64_t
filetime_now (void)
{
  return (uint64_t) (g_get_real_time () * 10) + G_GUINT64_CONSTANT (116444736000000000);
}

gboolean
conv_plan (struct conv *c, GError **error)
{
  GError *e = NULL;
  g_autoptr (hive_reader) system = open_local (c, REG_HIVE_SYSTEM, &e);
  g_autoptr (hive_reader) software = e ? NULL : open_local (c, REG_HIVE_SOFTWARE, &e);
  g_autoptr (hive_reader) drivers = e ? NULL : open_local (c, REG_HIVE_DRIVERS, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  c->facts = plan_facts_new ();
  if (!plan_facts_read (c->facts, system, drivers, software, c->pkgs, c->n_pkgs, error) ||
      !add_oem_infs (c, error))
    return FALSE;
  const struct ws_windows *w = c->r->windows;
  g_autofree char *windir = g_strdup_printf ("%s:%s", w->drive_letter ? w->drive_letter : "C",
                                             w->systemroot);
  g_strdelimit (windir, "/", '\\');
  struct plan_options popts = { .system_root = w->systemroot, .windows_dir = windir,
                                .import_date = filetime_now () };
  c->layouts = plan_layout (c->facts, &popts, c->pkgs, c->n_pkgs, error);
  if (c->layouts == NULL)
    return FALSE;
  g_auto (GStrv) warnings = NULL;
  c->plan = plan_registry (c->facts, &popts, c->layouts, &warnings, error);
  if (c->plan == NULL)
    return FALSE;
  for (size_t i = 0; warnings && warnings[i]; i++)
    g_ptr_array_add (c->r->warnings, g_strdup (warnings[i]));
  c->file_ops = plan_file_ops (c->layouts);
  c->r->n_edits = (guint) reg_plan_len (c->plan);
  return TRUE;
}

char *
conv_plan_text (struct conv *c, GError **error)
{
  g_autoptr (GString) s = g_string_new (NULL);
  enum reg_hive hives[REG_HIVE_COUNT];
  size_t n = reg_plan_hives (c->plan, hives);
  for (size_t i = 0; i < n; i++) {
    g_autofree char *text = reg_export (c->plan, hives[i], reg_hive_prefix (hives[i]), error);
    if (text == NULL)
      return NULL;
    g_string_append_printf (s, "; ---- %s hive (%s)\n%s\n", reg_hive_name (hives[i]),
                            c->hives[hives[i]].guest_path, text);
  }
  g_string_append (s, "; ---- files\n");
  for (guint i = 0; i < c->file_ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (c->file_ops, i);
    if (op->kind == PLAN_FILE_COPY)
      g_string_append_printf (s, ";   copy   %s -> %s   (%s)\n", op->source, op->dest, op->provenance);
    else
      g_string_append_printf (s, ";   remove %s   (%s)\n", op->dest, op->provenance);
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Extract one driver-set file to the scratch directory. */
static char *
extract (struct conv *c, const char *relpath, guint n, GError **error)
{
  g_autoptr (GBytes) b = driver_set_read (c->ds, relpath, 0, error);
  if (b == NULL)
    return NULL;
  g_autofree char *dir = g_build_filename (c->tmp, "files", NULL);
  g_mkdir_with_parents (dir, 0700);
  char *local = g_strdup_printf ("%s/%u", dir, n);
  gsize len;
  const char *data = g_bytes_get_data (b, &len);
  GError *e = NULL;
  if (!g_file_set_contents (local, data, (gssize) len, &e)) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "cannot stage '%s': %s", relpath, e->message);
    g_error_free (e);
    g_free (local);
    return NULL;
  }
  return local;
}

gboolean
conv_stage (struct conv *c, GError **error)
{
  for (guint i = 0; i < c->file_ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (c->file_ops, i);
    if (op->kind == PLAN_FILE_REMOVE_DIR) {
      txn_add_remove_tree (c->t, op->dest);
      continue;
    }
    g_autofree char *local = extract (c, op->source, i, error);
    if (local == NULL)
      return FALSE;
    txn_add_file (c->t, local, op->dest, FALSE);
  }
  /* Hives last: they are what makes Windows use the files, so they are swapped last. */
  enum reg_hive hives[REG_HIVE_COUNT];
  size_t n = reg_plan_hives (c->plan, hives);
  for (size_t i = 0; i < n; i++) {
    struct conv_hive *h = &c->hives[hives[i]];
    if (!h->present) {
      g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "the plan edits the %s hive, which the "
                   "guest does not have", reg_hive_name (hives[i]));
      return FALSE;
    }
    /* Already holds every planned edit (a re-run): rewriting it would change nothing but its
     * bytes, so leave the guest's file alone. */
    if (hive_apply_verify (h->local, c->plan, hives[i], NULL))
      continue;
    h->staged = g_strdup_printf ("%s.staged", h->local);
    if (!hive_apply (h->local, h->staged, c->plan, hives[i], error)) {
      g_prefix_error (error, "%s: ", h->guest_path);
      return FALSE;
    }
    txn_add_file (c->t, h->staged, h->guest_path, TRUE);
  }
  return TRUE;
}

gboolean
conv_verify (struct conv *c, GError **error)
{
  enum reg_hive hives[REG_HIVE_COUNT];
  size_t n = reg_plan_hives (c->plan, hives);
  for (size_t i = 0; i < n; i++) {
    struct conv_hive *h = &c->hives[hives[i]];
    g_autofree char *check = g_strdup_printf ("%s.check", h->local);
    if (!guest_download (c->g, h->guest_path, check, error) ||
        !hive_apply_verify (check, c->plan, hives[i], error)) {
      g_prefix_error (error, "verifying %s after the commit: ", h->guest_path);
      return FALSE;
    }
  }
  for (guint i = 0; i < c->file_ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (c->file_ops, i);
    gboolean there = guest_is_file (c->g, op->dest) || guest_is_dir (c->g, op->dest);
    if ((op->kind == PLAN_FILE_COPY) != there) {
      g_set_error (error, WS_ERROR, WS_EXIT_ROLLBACK_INCOMPLETE, "verifying after the commit: "
                   "guest file '%s' is %s", op->dest, there ? "still there" : "missing");
      return FALSE;
    }
  }
  return TRUE;
}
