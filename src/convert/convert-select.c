/* convert-select: which package serves each requested role, and the planners' view of it. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "convert-internal.h"
#include "banned.h"

/* The guest as a driver target (data/ws-target.h). */
static struct ws_target
guest_target (const struct ws_windows *w)
{
  struct ws_target t = { 0 };
  t.major = (guint) w->major;
  t.minor = (guint) w->minor;
  t.build = (guint) MAX (w->build, 0);
  t.product_type = w->server ? WS_PRODUCT_SERVER : WS_PRODUCT_WORKSTATION;
  t.arch = ws_arch_from_name (w->arch);
  return t;
}

/* "viostor/w10/amd64/viostor.inf: usable; ..." lines for an error message. */
static char *
candidates_summary (const struct drv_choice *ch)
{
  g_autoptr (GString) s = g_string_new (NULL);
  for (guint i = 0; ch && i < ch->candidates->len && i < 6; i++) {
    const struct drv_candidate *cand = g_ptr_array_index (ch->candidates, i);
    g_string_append_printf (s, "%s%s (%s)", i ? "; " : "", cand->pkg->inf_path, cand->reason);
  }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
choose_role (struct conv_selection *c, const char *drivers, const char *role, const char *hint,
             GError **error)
{
  const struct drv_choice *ch = drv_selection_role (c->sel, role);
  if (ch && ch->chosen) {
    g_ptr_array_add (c->chosen, (gpointer) ch);
    return TRUE;
  }
  g_autofree char *title = drv_target_title (c->sel);
  g_autofree char *looked = candidates_summary (ch);
  g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE,
               "no %s driver in '%s' fits %s%s%s%s", role, drivers, title,
               ch ? ": looked at " : " (no package for this role in the set)", ch ? looked : "",
               hint ? hint : "");
  return FALSE;
}

/* First 16 hex digits of the SHA-256 of the INF's bytes: a stable store-name suffix
 * (docs/driver-store.md#package-folder-names: Windows' own algorithm is unknown, and nothing
 * checks it at boot). */
static char *
inf_hash (struct conv_selection *c, const char *inf_path, GError **error)
{
  g_autoptr (GBytes) b = driver_set_read (c->ds, inf_path, 0, error);
  if (b == NULL)
    return NULL;
  g_autofree char *full = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, b);
  return g_strndup (full, 16);
}

static gboolean
describe_package (struct conv_selection *c, const struct drv_choice *ch, struct plan_package *p, GError **error)
{
  const struct drv_candidate *cand = ch->chosen;
  p->drv = cand->drv;
  p->inf = cand->pkg->inf;
  char *base = g_path_get_basename (cand->pkg->inf_path);
  g_ptr_array_add (c->keep, base);
  p->inf_name = base;
  p->dir = cand->pkg->dir;
  g_autoptr (GPtrArray) files = drv_package_files (cand->pkg, cand->drv);
  char **strv = g_new0 (char *, files->len + 1);
  for (guint i = 0; i < files->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (files, i));
  g_ptr_array_add (c->keep_strv, strv);
  p->files = (const char *const *) strv;
  char *hash = inf_hash (c, cand->pkg->inf_path, error);
  if (hash == NULL)
    return FALSE;
  g_ptr_array_add (c->keep, hash);
  p->hash = hash;
  return TRUE;
}

/* By default both storage drivers are installed, so either bus boots; a set that has only one
 * of them for this guest (virtio-scsi was never built for XP) still converts, with a warning. */
static gboolean
choose_storage (struct conv_selection *c, const struct convert_opts *o, GError **error)
{
  if (o->block_explicit)
    return (!o->want_block || choose_role (c, o->drivers, "block", NULL, error)) &&
           (!o->want_scsi || choose_role (c, o->drivers, "scsi", NULL, error));
  GError *eb = NULL, *es = NULL;
  gboolean b = choose_role (c, o->drivers, "block", NULL, &eb);
  gboolean s = choose_role (c, o->drivers, "scsi", NULL, &es);
  if (!b && !s) {
    g_set_error (error, WS_ERROR, WS_EXIT_NOT_APPLICABLE, "%s; %s", eb->message, es->message);
    g_error_free (eb);
    g_error_free (es);
    return FALSE;
  }
  GError *missing = b ? es : eb;
  if (missing)
    g_ptr_array_add (c->warnings, g_strdup_printf ("%s: the guest will boot only on %s", missing->message,
                                                      b ? "virtio-blk" : "virtio-scsi"));
  g_clear_error (&eb);
  g_clear_error (&es);
  return TRUE;
}

gboolean
conv_select (const struct convert_opts *o, struct driver_set *ds, const struct ws_windows *w,
             struct conv_selection *c, GError **error)
{
  memset (c, 0, sizeof *c);
  c->ds = ds;
  c->chosen = g_ptr_array_new ();
  c->keep = g_ptr_array_new_with_free_func (g_free);
  c->keep_strv = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  c->warnings = g_ptr_array_new_with_free_func (g_free);
  struct ws_target t = guest_target (w);
  c->sel = drv_select (c->ds->packages, &t);
  if (!choose_storage (c, o, error) ||
      (o->want_net && !choose_role (c, o->drivers, "net", " (use --no-network to convert without it)", error)))
    return FALSE;
  for (size_t i = 0; o->extra_roles && o->extra_roles[i]; i++)
    if (!choose_role (c, o->drivers, o->extra_roles[i], NULL, error))
      return FALSE;
  /* Two roles may be served by one package (a combined INF): install it once. */
  c->pkgs = g_new0 (struct plan_package, c->chosen->len);
  c->pkg_choice = g_new0 (const struct drv_choice *, c->chosen->len);
  for (guint i = 0; i < c->chosen->len; i++) {
    const struct drv_choice *ch = g_ptr_array_index (c->chosen, i);
    gboolean dup = FALSE;
    for (size_t j = 0; j < c->n_pkgs; j++)
      dup |= c->pkgs[j].drv == ch->chosen->drv;
    if (dup)
      continue;
    if (!describe_package (c, ch, &c->pkgs[c->n_pkgs], error))
      return FALSE;
    c->pkg_choice[c->n_pkgs++] = ch;
  }
  return TRUE;
}

void
conv_selection_clear (struct conv_selection *c)
{
  g_free (c->pkgs);
  g_free (c->pkg_choice);
  g_clear_pointer (&c->keep, g_ptr_array_unref);
  g_clear_pointer (&c->keep_strv, g_ptr_array_unref);
  g_clear_pointer (&c->chosen, g_ptr_array_unref);
  g_clear_pointer (&c->sel, drv_selection_free);
  g_clear_pointer (&c->ds, driver_set_free);
  g_clear_pointer (&c->warnings, g_ptr_array_unref);
  memset (c, 0, sizeof *c);
}
