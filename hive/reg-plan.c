/* reg-plan: registry edit plans; see reg-plan.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "ws-text.h"
#include "reg-plan.h"
#include "reg-export.h"
#include "banned.h"

static const struct {
  const char *name;
  const char *prefix;
} hives[REG_HIVE_COUNT] = {
  [REG_HIVE_SYSTEM] = { "SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM" },
  [REG_HIVE_SOFTWARE] = { "SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
  [REG_HIVE_DRIVERS] = { "DRIVERS", "HKEY_LOCAL_MACHINE\\DRIVERS" },
  [REG_HIVE_SAM] = { "SAM", "HKEY_LOCAL_MACHINE\\SAM" },
  [REG_HIVE_SECURITY] = { "SECURITY", "HKEY_LOCAL_MACHINE\\SECURITY" },
  [REG_HIVE_DEFAULT] = { "DEFAULT", "HKEY_USERS\\.DEFAULT" },
};

static gboolean
hive_valid (enum reg_hive hive)
{
  return (unsigned) hive < REG_HIVE_COUNT;
}

const char *
reg_hive_name (enum reg_hive hive)
{
  return hive_valid (hive) ? hives[hive].name : "unknown";
}

const char *
reg_hive_prefix (enum reg_hive hive)
{
  return hive_valid (hive) ? hives[hive].prefix : "";
}

gboolean
reg_hive_from_name (const char *name, enum reg_hive *out)
{
  for (int i = 0; name && i < REG_HIVE_COUNT; i++)
    if (g_ascii_strcasecmp (name, hives[i].name) == 0) {
      *out = (enum reg_hive) i;
      return TRUE;
    }
  return FALSE;
}

/* ---- validation: names are checked once, here, so that every consumer can trust them ---- */

static gboolean
has_control_char (const char *s)
{
  for (; *s; s++)
    if ((unsigned char) *s < 0x20 || *s == 0x7f)
      return TRUE;
  return FALSE;
}

static const char *
key_problem (const char *key)
{
  if (key == NULL || *key == '\0')
    return "empty key path";
  if (!g_utf8_validate (key, -1, NULL))
    return "key path is not valid UTF-8";
  /* The .reg dialect has no way to write a line break or other control character in a name. */
  if (has_control_char (key))
    return "control character in key path";
  size_t depth = 0;
  for (const char *p = key;; p++) {
    const char *end = strchr (p, '\\');
    size_t len = end ? (size_t) (end - p) : strlen (p);
    if (len == 0)
      return "empty key name in path";
    if (g_utf8_strlen (p, (gssize) len) > REG_PLAN_MAX_KEY_NAME_CHARS)
      return "key name longer than " G_STRINGIFY (REG_PLAN_MAX_KEY_NAME_CHARS) " characters";
    if (++depth > REG_PLAN_MAX_DEPTH)
      return "key path deeper than " G_STRINGIFY (REG_PLAN_MAX_DEPTH) " levels";
    if (end == NULL)
      return NULL;
    p = end;
  }
}

static const char *
name_problem (const char *name)
{
  if (name == NULL)
    return "missing value name";
  if (!g_utf8_validate (name, -1, NULL))
    return "value name is not valid UTF-8";
  if (has_control_char (name))
    return "control character in value name";
  if (g_utf8_strlen (name, -1) > REG_PLAN_MAX_VALUE_NAME_CHARS)
    return "value name longer than " G_STRINGIFY (REG_PLAN_MAX_VALUE_NAME_CHARS) " characters";
  return NULL;
}

/* A refused name, fit for a one-line UTF-8 message. */
static char *
printable (const char *s)
{
  char *out = g_utf8_make_valid (s ? s : "", -1);
  for (char *p = out; *p; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = '?';
  return out;
}

static gboolean
check_edit (enum reg_hive hive, const char *key, const char *name, size_t len,
            const char *provenance, GError **error)
{
  const char *problem = NULL;
  if (!hive_valid (hive))
    problem = "unknown hive";
  else if ((problem = key_problem (key)) == NULL && name != NULL)
    problem = name_problem (name);
  if (problem == NULL && len > REG_PLAN_MAX_VALUE_LEN)
    problem = "value data larger than " G_STRINGIFY (REG_PLAN_MAX_VALUE_LEN) " bytes";
  if (problem == NULL)
    return TRUE;
  g_autofree char *k = printable (key);
  g_autofree char *n = printable (name);
  g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT, "%s: %s key '%s'%s%s%s (%s)", problem,
               reg_hive_name (hive), k, name ? " value '" : "", name ? n : "", name ? "'" : "",
               provenance && *provenance ? provenance : "no provenance");
  return FALSE;
}

gboolean
reg_edit_validate (const struct reg_edit *e, GError **error)
{
  gboolean value_op = e->op == REG_OP_SET_VALUE || e->op == REG_OP_DELETE_VALUE;
  if ((unsigned) e->op > REG_OP_DELETE_TREE || value_op != (e->name != NULL)
      || (e->len > 0 && e->data == NULL) || e->provenance == NULL) {
    g_set_error (error, WS_ERROR, WS_EXIT_INTERNAL, "malformed registry edit of %s key '%s'",
                 reg_hive_name (e->hive), e->key ? e->key : "");
    return FALSE;
  }
  return check_edit (e->hive, e->key, e->name, e->len, e->provenance, error);
}

/* ---- edits ---- */

void
reg_edit_free (struct reg_edit *e)
{
  if (e == NULL)
    return;
  g_free (e->key);
  g_free (e->name);
  g_free (e->data);
  g_free (e->provenance);
  g_free (e);
}

struct reg_edit *
reg_edit_copy (const struct reg_edit *src)
{
  struct reg_edit *e = g_new0 (struct reg_edit, 1);
  *e = *src;
  e->key = g_strdup (src->key);
  e->name = g_strdup (src->name);
  e->data = src->len ? g_memdup2 (src->data, src->len) : NULL;
  e->provenance = g_strdup (src->provenance);
  return e;
}

struct reg_plan *
reg_plan_new (void)
{
  struct reg_plan *plan = g_new0 (struct reg_plan, 1);
  plan->edits = g_ptr_array_new_with_free_func ((GDestroyNotify) reg_edit_free);
  return plan;
}

void
reg_plan_free (struct reg_plan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->edits);
  g_free (plan);
}

static struct reg_edit *
add (struct reg_plan *plan, enum reg_op op, enum reg_hive hive, const char *key, const char *name,
     uint32_t type, const void *data, size_t len, const char *provenance, GError **error)
{
  if (!check_edit (hive, key, name, len, provenance, error))
    return NULL;
  struct reg_edit tmpl = {
    .op = op, .hive = hive, .key = (char *) key, .name = (char *) name, .type = type,
    .data = (uint8_t *) data, .len = len, .provenance = (char *) (provenance ? provenance : ""),
  };
  struct reg_edit *e = reg_edit_copy (&tmpl);
  g_ptr_array_add (plan->edits, e);
  return e;
}

struct reg_edit *
reg_plan_add_ensure_key (struct reg_plan *plan, enum reg_hive hive, const char *key,
                         const char *provenance, GError **error)
{
  return add (plan, REG_OP_ENSURE_KEY, hive, key, NULL, 0, NULL, 0, provenance, error);
}

struct reg_edit *
reg_plan_add_delete_key (struct reg_plan *plan, enum reg_hive hive, const char *key,
                         const char *provenance, GError **error)
{
  return add (plan, REG_OP_DELETE_KEY, hive, key, NULL, 0, NULL, 0, provenance, error);
}

struct reg_edit *
reg_plan_add_delete_tree (struct reg_plan *plan, enum reg_hive hive, const char *key,
                          const char *provenance, GError **error)
{
  return add (plan, REG_OP_DELETE_TREE, hive, key, NULL, 0, NULL, 0, provenance, error);
}

struct reg_edit *
reg_plan_add_delete_value (struct reg_plan *plan, enum reg_hive hive, const char *key,
                           const char *name, const char *provenance, GError **error)
{
  return add (plan, REG_OP_DELETE_VALUE, hive, key, name ? name : "", 0, NULL, 0, provenance,
              error);
}

struct reg_edit *
reg_plan_add_value (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
                    uint32_t type, const void *data, size_t len, const char *provenance,
                    GError **error)
{
  return add (plan, REG_OP_SET_VALUE, hive, key, name ? name : "", type, data, len, provenance,
              error);
}

static struct reg_edit *
add_text (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
          uint32_t type, const char *text, const char *provenance, GError **error)
{
  size_t len = 0;
  g_autofree void *u = ws_utf8_to_utf16le (text ? text : "", &len, error);
  if (u == NULL) {
    g_prefix_error (error, "%s key '%s' value '%s' (%s): ", reg_hive_name (hive), key,
                    name ? name : "", provenance ? provenance : "");
    return NULL;
  }
  return reg_plan_add_value (plan, hive, key, name, type, u, len, provenance, error);
}

struct reg_edit *
reg_plan_add_sz (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
                 const char *text, const char *provenance, GError **error)
{
  return add_text (plan, hive, key, name, REG_TYPE_SZ, text, provenance, error);
}

struct reg_edit *
reg_plan_add_expand_sz (struct reg_plan *plan, enum reg_hive hive, const char *key,
                        const char *name, const char *text, const char *provenance,
                        GError **error)
{
  return add_text (plan, hive, key, name, REG_TYPE_EXPAND_SZ, text, provenance, error);
}

struct reg_edit *
reg_plan_add_multi_sz (struct reg_plan *plan, enum reg_hive hive, const char *key,
                       const char *name, const char *const *strv, const char *provenance,
                       GError **error)
{
  /* An empty string inside the list would end it early (REG_MULTI_SZ ends at an empty string). */
  for (size_t i = 0; strv && strv[i]; i++)
    if (*strv[i] == '\0') {
      g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                   "empty string in a REG_MULTI_SZ list: %s key '%s' value '%s' (%s)",
                   reg_hive_name (hive), key, name ? name : "", provenance ? provenance : "");
      return NULL;
    }
  size_t len = 0;
  g_autofree void *buf = ws_multi_sz_encode (strv, &len, error);
  if (buf == NULL)
    return NULL;
  return reg_plan_add_value (plan, hive, key, name, REG_TYPE_MULTI_SZ, buf, len, provenance,
                             error);
}

struct reg_edit *
reg_plan_add_dword (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
                    uint32_t value, const char *provenance, GError **error)
{
  uint8_t b[4];
  ws_put_le32 (b, value);
  return reg_plan_add_value (plan, hive, key, name, REG_TYPE_DWORD, b, sizeof b, provenance, error);
}

struct reg_edit *
reg_plan_add_qword (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
                    uint64_t value, const char *provenance, GError **error)
{
  uint8_t b[8];
  ws_put_le64 (b, value);
  return reg_plan_add_value (plan, hive, key, name, REG_TYPE_QWORD, b, sizeof b, provenance, error);
}

struct reg_edit *
reg_plan_add_binary (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
                     const void *data, size_t len, const char *provenance, GError **error)
{
  return reg_plan_add_value (plan, hive, key, name, REG_TYPE_BINARY, data, len, provenance, error);
}

struct reg_edit *
reg_plan_add_none (struct reg_plan *plan, enum reg_hive hive, const char *key, const char *name,
                   const char *provenance, GError **error)
{
  return reg_plan_add_value (plan, hive, key, name, REG_TYPE_NONE, NULL, 0, provenance, error);
}

/* ---- whole plans ---- */

void
reg_plan_append (struct reg_plan *dst, const struct reg_plan *src)
{
  for (size_t i = 0; i < reg_plan_len (src); i++)
    g_ptr_array_add (dst->edits, reg_edit_copy (reg_plan_get (src, i)));
}

struct reg_plan *
reg_plan_for_hive (const struct reg_plan *plan, enum reg_hive hive)
{
  struct reg_plan *out = reg_plan_new ();
  for (size_t i = 0; i < reg_plan_len (plan); i++)
    if (reg_plan_get (plan, i)->hive == hive)
      g_ptr_array_add (out->edits, reg_edit_copy (reg_plan_get (plan, i)));
  return out;
}

size_t
reg_plan_hives (const struct reg_plan *plan, enum reg_hive out[REG_HIVE_COUNT])
{
  gboolean seen[REG_HIVE_COUNT] = { FALSE };
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    enum reg_hive h = reg_plan_get (plan, i)->hive;
    if (hive_valid (h))
      seen[h] = TRUE;
  }
  size_t n = 0;
  for (int h = 0; h < REG_HIVE_COUNT; h++)
    if (seen[h])
      out[n++] = (enum reg_hive) h;
  return n;
}

char *
reg_edit_where (const struct reg_edit *e)
{
  if (e->name == NULL)
    return g_strdup_printf ("%s key '%s'", reg_hive_name (e->hive), e->key);
  return g_strdup_printf ("%s key '%s' value '%s'", reg_hive_name (e->hive), e->key,
                          *e->name ? e->name : "(default)");
}
