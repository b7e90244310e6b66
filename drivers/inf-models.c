/* inf-models: [Manufacturer] entries, the Models section chosen for the target, and its lines. */
#include <config.h>

#include <string.h>

#include "inf-internal.h"
#include "banned.h"

void
inf_model_free (gpointer p)
{
  struct inf_model *m = p;
  g_free (m->manufacturer);
  g_free (m->models_section);
  g_free (m->description);
  g_free (m->description_raw);
  g_free (m->install_section);
  g_free (m->hardware_id);
  g_strfreev (m->compatible_ids);
  g_free (m);
}

void
inf_models_choice_free (gpointer p)
{
  struct inf_models_choice *c = p;
  g_free (c->manufacturer);
  g_free (c->section);
  g_free (c->decoration);
  g_free (c->reason);
  g_free (c);
}

static gboolean
read_model (struct interp *ip, const char *mfg, const struct inf_section *sec, const struct inf_line *l,
            GError **error)
{
  if (l->key == NULL || l->n_fields < 1 || *l->fields[0] == '\0')
    return inf_error (error, ip->inf->name, l->lineno,
                      "bad line in Models section [%s]: expected description = install-section, hardware-id[, compatible-id...]",
                      sec->name);
  if (!interp_count (ip, l->lineno, error))
    return FALSE;
  struct inf_model *m = g_new0 (struct inf_model, 1);
  g_ptr_array_add (ip->drv->models, m);
  m->manufacturer = g_strdup (mfg);
  m->models_section = g_strdup (sec->name);
  m->pos = interp_pos (ip, l->lineno);
  m->description_raw = g_strdup (l->key);
  if (!(m->description = inf_file_expand (ip->inf, l->key, l->lineno, error))
      || !(m->install_section = inf_line_field (ip->inf, l, 0, error))
      || !(m->hardware_id = inf_line_field (ip->inf, l, 1, error)))
    return FALSE;
  g_autoptr (GPtrArray) compat = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 2; i < l->n_fields; i++) {
    char *id = inf_line_field (ip->inf, l, i, error);
    if (id == NULL)
      return FALSE;
    if (*id == '\0')
      g_free (id);
    else
      g_ptr_array_add (compat, id);
  }
  g_ptr_array_add (compat, NULL);
  m->compatible_ids = (char **) g_ptr_array_free (g_steal_pointer (&compat), FALSE);
  m->install = interp_install (ip, m->install_section, l->lineno, error);
  return m->install != NULL;
}

/* A chosen Models section: it must exist, then each of its lines is a model. */
static gboolean
use_section (struct interp *ip, struct inf_models_choice *c, guint mfg_line, GError **error)
{
  const struct inf_section *sec = inf_file_section (ip->inf, c->section);
  if (sec == NULL)
    return inf_error (error, ip->inf->name, mfg_line, "Models section [%s] does not exist: expected it for %s%s",
                      c->section, *c->decoration ? "decoration " : "manufacturer ",
                      *c->decoration ? c->decoration : c->manufacturer);
  for (guint i = 0; i < sec->lines->len; i++)
    if (!read_model (ip, c->manufacturer, sec, g_ptr_array_index (sec->lines, i), error))
      return FALSE;
  return TRUE;
}

static struct inf_models_choice *
new_choice (struct interp *ip, const char *mfg, const char *base, const char *decoration, guint line)
{
  struct inf_models_choice *c = g_new0 (struct inf_models_choice, 1);
  c->manufacturer = g_strdup (mfg);
  c->decoration = g_strdup (decoration);
  c->section = *decoration ? g_strdup_printf ("%s.%s", base, decoration) : g_strdup (base);
  c->pos = interp_pos (ip, line);
  g_ptr_array_add (ip->drv->choices, c);
  return c;
}

/* Target mode: the closest applicable decoration, or none with every reason. */
static gboolean
choose_for_target (struct interp *ip, const char *mfg, const char *base, char **decos, guint line, GError **error)
{
  g_autoptr (GString) why = g_string_new (NULL);
  const char *best = NULL;
  struct inf_decoration best_d = { 0 };
  for (guint i = 0; decos[i]; i++) {
    struct inf_decoration d;
    g_autofree char *reason = NULL;
    inf_decoration_parse (decos[i], &d);
    if (!inf_decoration_applies (&d, ip->target, &reason)) {
      g_string_append_printf (why, "%s%s: %s", why->len ? "; " : "", *decos[i] ? decos[i] : "undecorated", reason);
      continue;
    }
    if (best == NULL || inf_decoration_cmp (&d, &best_d) > 0) {
      best = decos[i];
      best_d = d;
    }
  }
  struct inf_models_choice *c = new_choice (ip, mfg, base, best ? best : "", line);
  if (best == NULL) {
    g_clear_pointer (&c->section, g_free);
    c->reason = g_strdup_printf ("no Models section of %s applies (%s)", mfg, why->str);
    return TRUE;
  }
  c->reason = g_strdup_printf ("[%s] is the closest match%s%s%s", c->section, why->len ? " (not applicable: " : "",
                               why->str, why->len ? ")" : "");
  return use_section (ip, c, line, error);
}

/* All mode: every Models section usable on the platform, whatever the version. */
static gboolean
choose_all (struct interp *ip, const char *mfg, const char *base, char **decos, guint line, GError **error)
{
  struct ws_target any = { .major = G_MAXUINT, .minor = G_MAXUINT, .build = G_MAXUINT, .arch = ip->arch };
  for (guint i = 0; decos[i]; i++) {
    struct inf_decoration d;
    inf_decoration_parse (decos[i], &d);
    if (!inf_decoration_applies (&d, &any, NULL))
      continue;
    struct inf_models_choice *c = new_choice (ip, mfg, base, decos[i], line);
    c->reason = g_strdup_printf ("[%s] is usable on %s", c->section, ws_arch_name (ip->arch));
    if (!use_section (ip, c, line, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
read_manufacturer (struct interp *ip, const struct inf_line *l, GError **error)
{
  /* "%Mfg% = Models, NTamd64, NTx86" or a bare "Mfg" naming a section of the same name. */
  g_autofree char *mfg = inf_file_expand (ip->inf, l->key ? l->key : l->fields[0], l->lineno, error);
  g_autofree char *base = mfg ? inf_line_field (ip->inf, l, 0, error) : NULL;
  if (base == NULL)
    return FALSE;
  if (*base == '\0')
    return inf_error (error, ip->inf->name, l->lineno,
                      "bad line in [Manufacturer]: expected manufacturer = models-section[, decoration...]");
  g_autoptr (GPtrArray) decos = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 1; l->key && i < l->n_fields; i++) {
    char *d = inf_line_field (ip->inf, l, i, error);
    if (d == NULL)
      return FALSE;
    if (*d == '\0')
      g_free (d);   /* an empty field: the undecorated section is considered below anyway */
    else
      g_ptr_array_add (decos, d);
  }
  /* The undecorated section is a candidate when listed alone or when it exists beside decorated ones. */
  if (decos->len == 0 || inf_file_section (ip->inf, base) != NULL)
    g_ptr_array_add (decos, g_strdup (""));
  g_ptr_array_add (decos, NULL);
  char **v = (char **) decos->pdata;
  return ip->target ? choose_for_target (ip, mfg, base, v, l->lineno, error)
                    : choose_all (ip, mfg, base, v, l->lineno, error);
}

gboolean
interp_models (struct interp *ip, GError **error)
{
  const struct inf_section *mfg = inf_file_section (ip->inf, "Manufacturer");
  if (mfg == NULL)
    return inf_error (error, ip->inf->name, ip->drv->version_pos.line,
                      "no [Manufacturer] section: expected the device models this package installs");
  for (guint i = 0; i < mfg->lines->len; i++)
    if (!read_manufacturer (ip, g_ptr_array_index (mfg->lines, i), error))
      return FALSE;
  return TRUE;
}
