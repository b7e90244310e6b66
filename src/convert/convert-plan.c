/* convert-plan: what the conversion writes, computed from what was gathered and selected.  It
 * reads the hives through the gathered readers and nothing else, and writes nothing, so the plan
 * of a --dry-run is the plan of the real run. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "hive-read.h"
#include "plan-facts.h"
#include "reg-export.h"
#include "convert-internal.h"
#include "banned.h"

static struct plan_facts *
read_facts (const struct conv_guest *gu, const struct conv_selection *sel, GError **error)
{
  struct plan_facts *f = plan_facts_new ();
  if (!plan_facts_read (f, gu->hives[REG_HIVE_SYSTEM].reader, gu->hives[REG_HIVE_DRIVERS].reader,
                        gu->hives[REG_HIVE_SOFTWARE].reader, sel->pkgs, sel->n_pkgs, error)) {
    plan_facts_free (f);
    return NULL;
  }
  for (guint i = 0; i < gu->oem_infs->len; i++) {
    const struct conv_oem_inf *o = g_ptr_array_index (gu->oem_infs, i);
    plan_facts_add_oem_inf (f, o->name, o->digest);
  }
  return f;
}

/* Now as a FILETIME: DriverPackages ImportDate. */
static uint64_t
filetime_now (void)
{
  return (uint64_t) (g_get_real_time () * 10) + G_GUINT64_CONSTANT (116444736000000000);
}

/* The plan as .reg text per hive plus the file list: it goes into every report, so an audit can
 * see what a conversion wrote and why. */
static char *
plan_text (const struct conv_guest *gu, const struct conv_plan *p, GError **error)
{
  g_autoptr (GString) s = g_string_new (NULL);
  enum reg_hive hives[REG_HIVE_COUNT];
  size_t n = reg_plan_hives (p->edits, hives);
  for (size_t i = 0; i < n; i++) {
    g_autofree char *text = reg_export (p->edits, hives[i], reg_hive_prefix (hives[i]), error);
    if (text == NULL)
      return NULL;
    g_string_append_printf (s, "; ---- %s hive (%s)\n%s\n", reg_hive_name (hives[i]),
                            gu->hives[hives[i]].guest_path, text);
  }
  g_string_append (s, "; ---- files\n");
  for (guint i = 0; i < p->file_ops->len; i++) {
    const struct plan_file_op *op = g_ptr_array_index (p->file_ops, i);
    if (op->kind == PLAN_FILE_COPY)
      g_string_append_printf (s, ";   copy   %s -> %s   (%s)\n", op->source, op->dest, op->provenance);
    else
      g_string_append_printf (s, ";   remove %s   (%s)\n", op->dest, op->provenance);
  }
  if (p->fb_payload)
    g_string_append_printf (s, ";   write  %s   (first-boot payload, docs/firstboot.md#payload)\n",
                            p->fb_guest_path);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
conv_plan (const struct convert_opts *o, const struct conv_guest *gu,
           const struct conv_selection *sel, struct conv_plan *p, GError **error)
{
  memset (p, 0, sizeof *p);
  if ((p->facts = read_facts (gu, sel, error)) == NULL)
    return FALSE;
  const struct ws_windows *w = gu->windows;
  g_autofree char *windir = g_strdup_printf ("%s:%s", w->drive_letter ? w->drive_letter : "C",
                                             w->systemroot);
  g_strdelimit (windir, "/", '\\');
  struct plan_options popts = { .system_root = w->systemroot, .windows_dir = windir,
                                .import_date = filetime_now () };
  if ((p->layouts = plan_layout (p->facts, &popts, sel->pkgs, sel->n_pkgs, error)) == NULL
      || (p->edits = plan_registry (p->facts, &popts, p->layouts, &p->warnings, error)) == NULL)
    return FALSE;
  p->file_ops = plan_file_ops (p->layouts);
  if (!conv_plan_platform (o, gu, sel, p, error) || !conv_plan_firstboot (o, gu, windir, p, error))
    return FALSE;
  return (p->text = plan_text (gu, p, error)) != NULL;
}

void
conv_plan_clear (struct conv_plan *p)
{
  g_clear_pointer (&p->file_ops, g_ptr_array_unref);
  g_clear_pointer (&p->edits, reg_plan_free);
  g_clear_pointer (&p->layouts, g_ptr_array_unref);
  g_clear_pointer (&p->facts, plan_facts_free);
  g_strfreev (p->warnings);
  g_free (p->text);
  g_free (p->fb_payload);
  g_free (p->fb_guest_path);
  g_clear_pointer (&p->fb_nics, g_ptr_array_unref);
  g_clear_pointer (&p->fb_warnings, g_ptr_array_unref);
  g_clear_pointer (&p->platform_changes, g_ptr_array_unref);
  memset (p, 0, sizeof *p);
}
