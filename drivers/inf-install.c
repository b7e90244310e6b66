/* inf-install: DDInstall sections with their platform extension, .HW and .CoInstallers, and
 * the Include=/Needs= chains between install sections.
 *
 * Microsoft "Creating INF Files for Multiple Platforms and Operating Systems": for a Models line
 * naming install section X, Setup uses [X.NT<arch>], else [X.NT], else [X]; the .Services,
 * .HW, .CoInstallers sections hang off that decorated name.
 */
#include <config.h>

#include <string.h>

#include "inf-internal.h"
#include "banned.h"

#define FEATURE_SCORE_DEFAULT 0xFF   /* "INF FeatureScore Directive" */

void
inf_ref_free (gpointer p)
{
  struct inf_ref *r = p;
  g_free (r->name);
  g_free (r);
}

void
inf_install_free (gpointer p)
{
  struct inf_install *ins = p;
  g_free (ins->base_name);
  g_free (ins->name);
  GPtrArray *arrays[] = { ins->copy_files, ins->addreg, ins->delreg, ins->hw_addreg, ins->hw_delreg,
                          ins->coinstaller_addreg, ins->services, ins->copy_inf, ins->includes, ins->needs };
  for (size_t i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (arrays[i])
      g_ptr_array_unref (arrays[i]);
  g_free (ins);
}

static void
add_ref (struct interp *ip, GPtrArray *to, const char *name, guint line)
{
  struct inf_ref *r = g_new0 (struct inf_ref, 1);
  r->name = g_strdup (name);
  r->pos = interp_pos (ip, line);
  g_ptr_array_add (to, r);
}

static const char *
own_basename (const char *path)
{
  const char *slash = strrchr (path, '/'), *bslash = strrchr (path, '\\');
  const char *last = slash > bslash ? slash : bslash;
  return last ? last + 1 : path;
}

static gboolean
needs_cycle (struct interp *ip, GPtrArray *chain, const struct inf_section *sub, guint line, GError **error)
{
  g_autoptr (GString) path = g_string_new (NULL);
  for (guint i = 0; i < chain->len; i++)
    g_string_append_printf (path, "[%s] -> ", ((const struct inf_section *) g_ptr_array_index (chain, i))->name);
  return inf_error (error, ip->inf->name, line, "circular Needs: %s[%s]: expected sections that do not need each other",
                    path->str, sub->name);
}

gboolean
interp_include_needs (struct interp *ip, struct inf_install *ins, const struct inf_line *l, GPtrArray *chain,
                      interp_section_fn process, GError **error)
{
  gboolean include = g_ascii_strcasecmp (l->key, "Include") == 0;
  for (guint i = 0; i < l->n_fields; i++) {
    g_autofree char *name = inf_line_field (ip->inf, l, i, error);
    if (name == NULL)
      return FALSE;
    if (*name == '\0')
      continue;
    if (include) {
      if (g_ascii_strcasecmp (name, own_basename (ip->inf->name)) == 0)
        return inf_error (error, ip->inf->name, l->lineno, "circular Include: the INF includes itself: expected another INF");
      add_ref (ip, ins->includes, name, l->lineno);
      continue;
    }
    const struct inf_section *sub = inf_file_section (ip->inf, name);
    if (sub == NULL) {   /* in an included (system) INF we do not have */
      add_ref (ip, ins->needs, name, l->lineno);
      continue;
    }
    for (guint j = 0; j < chain->len; j++)
      if (g_ptr_array_index (chain, j) == sub)
        return needs_cycle (ip, chain, sub, l->lineno, error);
    if (g_hash_table_contains (ip->done, sub))
      continue;   /* needed twice (a diamond): its directives count once */
    if (chain->len >= INF_MAX_NEEDS_DEPTH)
      return inf_error (error, ip->inf->name, l->lineno, "Needs nested too deep: expected at most %d levels",
                        INF_MAX_NEEDS_DEPTH);
    if (!process (ip, ins, sub, chain, error))
      return FALSE;
  }
  return TRUE;
}

/* Where the directives of one kind of install section go. */
struct sink {
  GPtrArray *addreg, *delreg, *copy_files;
  gboolean ddinstall;          /* CopyINF, FeatureScore and NDIS keywords are DDInstall-only */
  interp_section_fn self;
};

static gboolean
ddinstall_only (struct interp *ip, struct inf_install *ins, const struct inf_section *sec,
                const struct inf_line *l, const struct sink *s, GError **error)
{
  if (g_ascii_strcasecmp (l->key, "CopyINF") == 0) {
    for (guint i = 0; i < l->n_fields; i++) {
      g_autofree char *name = inf_line_field (ip->inf, l, i, error);
      if (name == NULL || !interp_check_name (ip, "CopyINF name", name, INF_NAME_FILE, l->lineno, error))
        return FALSE;
      if (*name)
        add_ref (ip, ins->copy_inf, name, l->lineno);
    }
    return TRUE;
  }
  if (g_ascii_strcasecmp (l->key, "FeatureScore") == 0) {
    g_autofree char *v = inf_line_field (ip->inf, l, 0, error);
    uint32_t n;
    if (v == NULL)
      return FALSE;
    if (!inf_parse_u32 (v, &n) || n > 0xFF)
      return inf_error (error, ip->inf->name, l->lineno, "bad FeatureScore '%s': expected a number from 0x00 to 0xFF", v);
    ins->feature_score = n;
    ins->has_feature_score = TRUE;
    return TRUE;
  }
  return interp_reg_keyword (ip, sec, l, s->addreg, error);
}

static gboolean
process_with (struct interp *ip, struct inf_install *ins, const struct inf_section *sec, GPtrArray *chain,
              const struct sink *s, GError **error)
{
  g_hash_table_add (ip->done, (gpointer) sec);
  g_ptr_array_add (chain, (gpointer) sec);
  for (guint i = 0; i < sec->lines->len; i++) {
    const struct inf_line *l = g_ptr_array_index (sec->lines, i);
    gboolean ok = TRUE;
    if (l->key == NULL)
      continue;
    if (g_ascii_strcasecmp (l->key, "AddReg") == 0)
      ok = interp_reg_directive (ip, l, INF_REG_ADD, s->addreg, error);
    else if (g_ascii_strcasecmp (l->key, "DelReg") == 0)
      ok = interp_reg_directive (ip, l, INF_REG_DEL, s->delreg, error);
    else if (g_ascii_strcasecmp (l->key, "CopyFiles") == 0 && s->copy_files)
      ok = interp_copy_files (ip, l, s->copy_files, error);
    else if (g_ascii_strcasecmp (l->key, "Include") == 0 || g_ascii_strcasecmp (l->key, "Needs") == 0)
      ok = interp_include_needs (ip, ins, l, chain, s->self, error);
    else if (s->ddinstall)
      ok = ddinstall_only (ip, ins, sec, l, s, error);
    if (!ok)
      return FALSE;
  }
  g_ptr_array_remove_index (chain, chain->len - 1);
  return TRUE;
}

static gboolean
process_ddinstall (struct interp *ip, struct inf_install *ins, const struct inf_section *sec, GPtrArray *chain,
                   GError **error)
{
  struct sink s = { ins->addreg, ins->delreg, ins->copy_files, TRUE, process_ddinstall };
  return process_with (ip, ins, sec, chain, &s, error);
}

static gboolean
process_hw (struct interp *ip, struct inf_install *ins, const struct inf_section *sec, GPtrArray *chain,
            GError **error)
{
  struct sink s = { ins->hw_addreg, ins->hw_delreg, NULL, FALSE, process_hw };
  return process_with (ip, ins, sec, chain, &s, error);
}

static gboolean
process_coinstallers (struct interp *ip, struct inf_install *ins, const struct inf_section *sec,
                      GPtrArray *chain, GError **error)
{
  struct sink s = { ins->coinstaller_addreg, ins->delreg, ins->copy_files, FALSE, process_coinstallers };
  return process_with (ip, ins, sec, chain, &s, error);
}

static struct inf_install *
install_new (struct interp *ip, const char *base_name, const struct inf_section *sec)
{
  struct inf_install *ins = g_new0 (struct inf_install, 1);
  ins->base_name = g_strdup (base_name);
  ins->name = g_strdup (sec->name);
  ins->pos = interp_pos (ip, sec->lineno);
  ins->feature_score = FEATURE_SCORE_DEFAULT;
  ins->copy_files = g_ptr_array_new_with_free_func (inf_copy_file_free);
  ins->addreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  ins->delreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  ins->hw_addreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  ins->hw_delreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  ins->coinstaller_addreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  ins->services = g_ptr_array_new_with_free_func (inf_service_free);
  ins->copy_inf = g_ptr_array_new_with_free_func (inf_ref_free);
  ins->includes = g_ptr_array_new_with_free_func (inf_ref_free);
  ins->needs = g_ptr_array_new_with_free_func (inf_ref_free);
  return ins;
}

/* [X.NT<arch>], else [X.NT], else [X]. */
static const struct inf_section *
decorated_section (struct interp *ip, const char *base)
{
  const char *suffix = inf_platform_suffix (ip->arch);
  g_autofree char *arch_name = suffix ? g_strdup_printf ("%s.NT%s", base, suffix) : NULL;
  g_autofree char *nt_name = g_strdup_printf ("%s.NT", base);
  const struct inf_section *sec = inf_file_section (ip->inf, arch_name);
  if (sec == NULL)
    sec = inf_file_section (ip->inf, nt_name);
  if (sec == NULL)
    sec = inf_file_section (ip->inf, base);
  return sec;
}

static gboolean
process_suffix (struct interp *ip, struct inf_install *ins, const char *suffix, interp_section_fn fn,
                GError **error)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", ins->name, suffix);
  const struct inf_section *sec = inf_file_section (ip->inf, name);
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();
  g_hash_table_remove_all (ip->done);
  return sec == NULL || fn (ip, ins, sec, chain, error);
}

const struct inf_install *
interp_install (struct interp *ip, const char *base_name, guint ref_line, GError **error)
{
  for (guint i = 0; i < ip->drv->installs->len; i++) {
    const struct inf_install *ins = g_ptr_array_index (ip->drv->installs, i);
    if (g_ascii_strcasecmp (ins->base_name, base_name) == 0)
      return ins;
  }
  const struct inf_section *sec = decorated_section (ip, base_name);
  const char *suffix = inf_platform_suffix (ip->arch);
  if (sec == NULL) {
    inf_error (error, ip->inf->name, ref_line, "install section [%s] does not exist: expected [%s.NT%s], [%s.NT] or [%s]",
               base_name, base_name, suffix ? suffix : "", base_name, base_name);
    return NULL;
  }
  struct inf_install *ins = install_new (ip, base_name, sec);
  g_ptr_array_add (ip->drv->installs, ins);
  g_autoptr (GPtrArray) chain = g_ptr_array_new ();
  g_hash_table_remove_all (ip->done);
  if (!process_ddinstall (ip, ins, sec, chain, error)
      || !process_suffix (ip, ins, "HW", process_hw, error)
      || !process_suffix (ip, ins, "CoInstallers", process_coinstallers, error)
      || !process_suffix (ip, ins, "Services", interp_services, error))
    return NULL;
  return ins;
}
