/* inf-dump: canonical text of an interpreted INF; see inf-dump.h. */
#include <config.h>

#include "ws-text.h"
#include "inf-dump.h"
#include "banned.h"

static void
dump_ops (GString *s, const char *what, GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++) {
    const struct inf_reg_op *o = g_ptr_array_index (ops, i);
    g_autoptr (GBytes) data = inf_reg_op_data (o, NULL);
    g_autofree char *hex = NULL;
    if (data) {
      gsize n;
      const guint8 *p = g_bytes_get_data (data, &n);
      GString *h = g_string_new (NULL);
      for (gsize k = 0; k < n; k++)
        g_string_append_printf (h, "%02x", p[k]);
      hex = g_string_free (h, FALSE);
    }
    g_string_append_printf (s, "%s %d %s\\%s [%s] raw=%08x flags=%x type=%u data=%s %s:%u\n", what, o->kind,
                            inf_reg_root_name (o->root), o->subkey, o->value_name ? o->value_name : "(key)",
                            o->raw_flags, o->flags, o->type, hex ? hex : "-", o->section, o->pos.line);
  }
}

static void
dump_install (GString *s, const struct inf_install *ins)
{
  g_string_append_printf (s, "install %s (%s) line %u score %u\n", ins->name, ins->base_name, ins->pos.line,
                          ins->feature_score);
  for (guint i = 0; i < ins->copy_files->len; i++) {
    const struct inf_copy_file *f = g_ptr_array_index (ins->copy_files, i);
    g_string_append_printf (s, "file %s <- %s flags %u disk %d src '%s' dest %d '%s' [%s] line %u\n", f->dest_name,
                            f->source_name, f->flags, f->disk_id, f->source_subdir, f->dest_dirid, f->dest_subdir,
                            f->section, f->pos.line);
  }
  dump_ops (s, "addreg", ins->addreg);
  dump_ops (s, "delreg", ins->delreg);
  dump_ops (s, "hw", ins->hw_addreg);
  dump_ops (s, "hwdel", ins->hw_delreg);
  dump_ops (s, "coinst", ins->coinstaller_addreg);
  for (guint i = 0; i < ins->services->len; i++) {
    const struct inf_service *v = g_ptr_array_index (ins->services, i);
    g_autofree char *deps = v->dependencies ? g_strjoinv ("|", v->dependencies) : g_strdup ("-");
    g_string_append_printf (s, "service '%s' flags %u [%s] type %d start %d error %d bin %d '%s' group '%s' "
                            "display '%s' deps %s line %u\n", v->name, v->flags,
                            v->install_section ? v->install_section : "-", v->service_type, v->start_type,
                            v->error_control, v->binary_dirid, v->binary_path ? v->binary_path : "-",
                            v->load_order_group ? v->load_order_group : "-",
                            v->display_name ? v->display_name : "-", deps, v->pos.line);
    dump_ops (s, "svcreg", v->addreg);
    for (guint j = 0; j < v->event_logs->len; j++) {
      const struct inf_event_log *e = g_ptr_array_index (v->event_logs, j);
      g_string_append_printf (s, "eventlog %s/%s [%s] line %u\n", e->log_type, e->source, e->section, e->pos.line);
      dump_ops (s, "logreg", e->addreg);
    }
  }
  GPtrArray *refs[] = { ins->copy_inf, ins->includes, ins->needs };
  for (guint r = 0; r < G_N_ELEMENTS (refs); r++)
    for (guint i = 0; i < refs[r]->len; i++) {
      const struct inf_ref *ref = g_ptr_array_index (refs[r], i);
      g_string_append_printf (s, "ref%u %s line %u\n", r, ref->name, ref->pos.line);
    }
}

char *
inf_dump (const struct inf_driver *d)
{
  GString *s = g_string_new (NULL);
  g_autofree char *guid = ws_guid_format (d->class_guid);
  g_autofree char *date = inf_driver_ver_date (&d->driver_ver), *ver = inf_driver_ver_version (&d->driver_ver);
  g_string_append_printf (s, "sig %s class %s %s provider %s ver %s %s line %u cat %s (%s) lockdown %d type %s\n",
                          d->signature, d->class_name, guid, d->provider, date, ver, d->driver_ver.pos.line,
                          d->catalog, d->catalog_key, d->pnp_lockdown, d->package_type);
  for (guint i = 0; i < d->choices->len; i++) {
    const struct inf_models_choice *c = g_ptr_array_index (d->choices, i);
    g_string_append_printf (s, "choice %s -> %s: %s\n", c->manufacturer, c->section ? c->section : "-", c->reason);
  }
  for (guint i = 0; i < d->models->len; i++) {
    const struct inf_model *m = g_ptr_array_index (d->models, i);
    g_autofree char *compat = g_strjoinv ("|", m->compatible_ids);
    g_string_append_printf (s, "model '%s' (%s) %s -> %s hw %s compat %s line %u\n", m->description,
                            m->description_raw, m->install_section, m->install->name, m->hardware_id, compat,
                            m->pos.line);
  }
  for (guint i = 0; i < d->installs->len; i++)
    dump_install (s, g_ptr_array_index (d->installs, i));
  g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (d->strings), (GCompareFunc) g_strcmp0);
  for (GList *k = keys; k; k = k->next)
    g_string_append_printf (s, "string %s = %s\n", (char *) k->data, (char *) g_hash_table_lookup (d->strings, k->data));
  return g_string_free (s, FALSE);
}
