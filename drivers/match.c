/* match: rank a driver set's packages for a target; see match.h. */
#include <config.h>

#include <string.h>

#include "match.h"
#include "banned.h"

static const char *const first_roles[] = { "block", "scsi", "net" };

static void
candidate_free (gpointer p)
{
  struct drv_candidate *c = p;
  inf_driver_free (c->drv);
  if (c->missing)
    g_ptr_array_unref (c->missing);
  g_free (c->reason);
  g_free (c);
}

static void
choice_free (gpointer p)
{
  struct drv_choice *c = p;
  g_free (c->role);
  g_free (c->reason);
  g_ptr_array_unref (c->candidates);
  g_free (c);
}

void
drv_selection_free (struct drv_selection *sel)
{
  if (sel == NULL)
    return;
  g_ptr_array_unref (sel->choices);
  g_free (sel);
}

char *
drv_target_title (const struct drv_selection *sel)
{
  if (sel->os)
    return g_strdup_printf ("%s (%s)", sel->os->title, sel->os->name);
  return g_strdup_printf ("NT %u.%u.%u", sel->target.major, sel->target.minor, sel->target.build);
}

/* The chosen Models section of a candidate's interpretation (first manufacturer with one). */
static const struct inf_models_choice *
models_choice (const struct drv_candidate *c)
{
  for (guint i = 0; c->drv && i < c->drv->choices->len; i++) {
    const struct inf_models_choice *mc = g_ptr_array_index (c->drv->choices, i);
    if (mc->section)
      return mc;
  }
  return NULL;
}

static char *
why_not_applicable (const struct inf_driver *drv)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; i < drv->choices->len; i++) {
    const struct inf_models_choice *mc = g_ptr_array_index (drv->choices, i);
    g_string_append_printf (s, "%s%s", s->len ? "; " : "", mc->reason);
  }
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : g_strdup ("the INF lists no models");
}

static void
evaluate_usable (struct drv_candidate *c, const struct drv_selection *sel)
{
  c->missing = drv_package_missing (c->pkg, c->drv);
  if (c->missing->len > 0) {
    c->reason = g_strdup_printf ("incomplete: '%s'%s is missing", (char *) g_ptr_array_index (c->missing, 0),
                                 c->missing->len > 1 ? " (and more)" : "");
    return;
  }
  c->usable = TRUE;
  g_autofree char *date = inf_driver_ver_date (&c->drv->driver_ver);
  g_autofree char *ver = inf_driver_ver_version (&c->drv->driver_ver);
  g_autofree char *title = drv_target_title (sel);
  c->reason = g_strdup_printf ("Models [%s] applies; DriverVer %s %s%s%s", models_choice (c)->section,
                               date ? date : "none", ver ? ver : "", c->os_folder ? "; in the folder for " : "",
                               c->os_folder ? title : "");
}

static gboolean
in_driver_folder (const struct drv_package *pkg)
{
  const char *base = strrchr (pkg->inf_path, '/');
  g_autofree char *driver = g_strdup (base ? base + 1 : pkg->inf_path);
  char *dot = strrchr (driver, '.');
  if (dot)
    *dot = '\0';
  g_auto (GStrv) parts = g_strsplit (pkg->dir, "/", -1);
  for (guint i = 0; parts[i]; i++)
    if (g_ascii_strcasecmp (parts[i], driver) == 0)
      return TRUE;
  return FALSE;
}

static struct drv_candidate *
evaluate (const struct drv_package *pkg, const struct drv_selection *sel)
{
  const struct ws_target *t = &sel->target;
  struct drv_candidate *c = g_new0 (struct drv_candidate, 1);
  g_autoptr (GError) err = NULL;
  c->pkg = pkg;
  c->os_folder = pkg->os_dir && os_table_is_dir_of (sel->os, pkg->os_dir);
  c->driver_folder = in_driver_folder (pkg);
  if (pkg->error)
    c->reason = g_strdup_printf ("unusable: %s", pkg->error->message);
  else if (pkg->arch_from_path && pkg->arch != t->arch)
    c->reason = g_strdup_printf ("its folder is for %s, target is %s", ws_arch_name (pkg->arch), ws_arch_name (t->arch));
  else if ((c->drv = inf_driver_new (pkg->inf, t, &err)) == NULL)
    c->reason = g_strdup_printf ("unusable: %s", err->message);
  else if (c->drv->models->len == 0)
    c->reason = why_not_applicable (c->drv);
  else
    evaluate_usable (c, sel);
  return c;
}

static int
decoration_cmp (const struct drv_candidate *a, const struct drv_candidate *b)
{
  struct inf_decoration da, db;
  inf_decoration_parse (models_choice (a)->decoration, &da);
  inf_decoration_parse (models_choice (b)->decoration, &db);
  return inf_decoration_cmp (&da, &db);
}

/* Best first: usable, OS folder, newest DriverVer, closest decoration, driver folder, path. */
static int
candidate_cmp (gconstpointer pa, gconstpointer pb)
{
  const struct drv_candidate *a = *(const struct drv_candidate *const *) pa;
  const struct drv_candidate *b = *(const struct drv_candidate *const *) pb;
  if (a->usable != b->usable)
    return a->usable ? -1 : 1;
  if (a->os_folder != b->os_folder)   /* unusable ones too: their reasons matter most */
    return a->os_folder ? -1 : 1;
  if (a->usable) {
    int v;
    if ((v = inf_driver_ver_cmp (&a->drv->driver_ver, &b->drv->driver_ver)) != 0)
      return -v;
    if ((v = decoration_cmp (a, b)) != 0)
      return -v;
    if (a->driver_folder != b->driver_folder)
      return a->driver_folder ? -1 : 1;
  }
  return strcmp (a->pkg->inf_path, b->pkg->inf_path);
}

/* The rules that set the winner apart from the other usable candidates, in ranking order. */
enum rule { RULE_OS_FOLDER = 1 << 0, RULE_DRIVER_VER = 1 << 1, RULE_DECORATION = 1 << 2,
            RULE_DRIVER_FOLDER = 1 << 3, RULE_PATH = 1 << 4 };

static guint
deciding_rule (const struct drv_candidate *w, const struct drv_candidate *r)
{
  if (w->os_folder != r->os_folder)
    return RULE_OS_FOLDER;
  if (inf_driver_ver_cmp (&w->drv->driver_ver, &r->drv->driver_ver) != 0)
    return RULE_DRIVER_VER;
  if (decoration_cmp (w, r) != 0)
    return RULE_DECORATION;
  if (w->driver_folder != r->driver_folder)
    return RULE_DRIVER_FOLDER;
  return RULE_PATH;
}

static char *
deciding_rules (const struct drv_choice *ch, guint *usable)
{
  static const char *const names[] = { "its OS folder", "the newest DriverVer", "the closest Models decoration",
                                       "the folder named after the driver", "path order" };
  const struct drv_candidate *w = g_ptr_array_index (ch->candidates, 0);
  guint rules = 0;
  *usable = 1;
  for (guint i = 1; i < ch->candidates->len; i++) {
    const struct drv_candidate *r = g_ptr_array_index (ch->candidates, i);
    if (r->usable) {
      rules |= deciding_rule (w, r);
      (*usable)++;
    }
  }
  if (rules == 0)
    return g_strdup ("the only usable package");
  g_autoptr (GString) s = g_string_new ("preferred for ");
  for (guint i = 0, n = 0; i < G_N_ELEMENTS (names); i++)
    if (rules & (1u << i))
      g_string_append_printf (s, "%s%s", n++ ? ", then " : "", names[i]);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
explain (struct drv_choice *ch, const struct drv_selection *sel)
{
  g_autofree char *title = drv_target_title (sel);
  const struct drv_candidate *best = ch->candidates->len ? g_ptr_array_index (ch->candidates, 0) : NULL;
  if (best == NULL || !best->usable) {
    ch->reason = g_strdup_printf ("no package of the %u found applies to %s %s", ch->candidates->len, title,
                                  ws_arch_name (sel->target.arch));
    return;
  }
  ch->chosen = best;
  guint usable = 0;
  g_autofree char *rules = deciding_rules (ch, &usable);
  if (best->os_folder)
    ch->reason = g_strdup_printf ("%s: %s; %s (%u usable of %u)", best->pkg->inf_path, best->reason, rules, usable,
                                  ch->candidates->len);
  else
    ch->reason = g_strdup_printf ("%s: no usable package is in a folder for %s; %s; %s (%u usable of %u)",
                                  best->pkg->inf_path, title, best->reason, rules, usable, ch->candidates->len);
}

static gint
role_rank (const char *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (first_roles); i++)
    if (strcmp (role, first_roles[i]) == 0)
      return (gint) i;
  return G_N_ELEMENTS (first_roles);
}

static int
choice_cmp (gconstpointer pa, gconstpointer pb)
{
  const struct drv_choice *a = *(const struct drv_choice *const *) pa;
  const struct drv_choice *b = *(const struct drv_choice *const *) pb;
  gint ra = role_rank (a->role), rb = role_rank (b->role);
  return ra != rb ? ra - rb : strcmp (a->role, b->role);
}

const struct drv_choice *
drv_selection_role (const struct drv_selection *sel, const char *role)
{
  for (guint i = 0; i < sel->choices->len; i++) {
    const struct drv_choice *c = g_ptr_array_index (sel->choices, i);
    if (strcmp (c->role, role) == 0)
      return c;
  }
  return NULL;
}

struct drv_selection *
drv_select (GPtrArray *packages, const struct ws_target *target)
{
  struct drv_selection *sel = g_new0 (struct drv_selection, 1);
  sel->target = *target;
  sel->os = os_table_for_target (target);
  sel->choices = g_ptr_array_new_with_free_func (choice_free);
  for (guint i = 0; i < packages->len; i++) {
    const struct drv_package *pkg = g_ptr_array_index (packages, i);
    if (pkg->error)
      continue;   /* listed with its error; it has no role to compete for */
    struct drv_choice *ch = (struct drv_choice *) drv_selection_role (sel, pkg->role);
    if (ch == NULL) {
      ch = g_new0 (struct drv_choice, 1);
      ch->role = g_strdup (pkg->role);
      ch->candidates = g_ptr_array_new_with_free_func (candidate_free);
      g_ptr_array_add (sel->choices, ch);
    }
    g_ptr_array_add (ch->candidates, evaluate (pkg, sel));
  }
  g_ptr_array_sort (sel->choices, choice_cmp);
  for (guint i = 0; i < sel->choices->len; i++) {
    struct drv_choice *ch = g_ptr_array_index (sel->choices, i);
    g_ptr_array_sort (ch->candidates, candidate_cmp);
    explain (ch, sel);
  }
  return sel;
}

gboolean
drv_block_driver_parse (const char *name, gboolean *viostor, gboolean *vioscsi)
{
  gboolean both = g_strcmp0 (name, "both") == 0;
  *viostor = both || g_strcmp0 (name, "viostor") == 0;
  *vioscsi = both || g_strcmp0 (name, "vioscsi") == 0;
  return *viostor || *vioscsi;
}
