/* inf-service: AddService directives and their service-install and event-log sections
 * (Microsoft "INF AddService Directive", "INF DDInstall.Services Section"). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "inf-internal.h"
#include "banned.h"

#define SERVICE_FIELDS_BEFORE_LOGS 3   /* name, flags, service-install-section */
#define EVENT_LOG_FIELDS 3             /* event-log-install-section, EventLogType, EventName */

static void
event_log_free (gpointer p)
{
  struct inf_event_log *e = p;
  g_free (e->log_type);
  g_free (e->source);
  g_free (e->section);
  g_ptr_array_unref (e->addreg);
  g_ptr_array_unref (e->delreg);
  g_free (e);
}

void
inf_service_free (gpointer p)
{
  struct inf_service *s = p;
  g_free (s->name);
  g_free (s->install_section);
  g_free (s->display_name);
  g_free (s->description);
  g_free (s->load_order_group);
  g_free (s->start_name);
  g_free (s->security);
  g_strfreev (s->dependencies);
  g_free (s->binary_raw);
  g_free (s->binary_path);
  g_ptr_array_unref (s->addreg);
  g_ptr_array_unref (s->delreg);
  g_ptr_array_unref (s->event_logs);
  g_free (s);
}

/* "%12%\viostor.sys" -> 12 and "viostor.sys"; a path without a leading DIRID keeps -1. */
static void
split_binary (struct inf_service *s)
{
  const char *raw = s->binary_raw, *end = raw[0] == '%' ? strchr (raw + 1, '%') : NULL;
  s->binary_dirid = -1;
  if (end && end > raw + 1 && (size_t) (end - raw - 1) == strspn (raw + 1, "0123456789") && end - raw <= 6) {
    s->binary_dirid = atoi (raw + 1);
    raw = end + 1;
    while (*raw == '\\')
      raw++;
  }
  s->binary_path = g_strdup (raw);
}

static gboolean
read_number (struct interp *ip, const struct inf_line *l, int *out, GError **error)
{
  g_autofree char *v = inf_line_field (ip->inf, l, 0, error);
  uint32_t n;
  if (v == NULL)
    return FALSE;
  if (!inf_parse_u32 (v, &n) || n > G_MAXINT)
    return inf_error (error, ip->inf->name, l->lineno, "bad %s '%s': expected a number", l->key, v);
  *out = (int) n;
  return TRUE;
}

static gboolean
read_value (struct interp *ip, struct inf_service *s, const struct inf_line *l, GError **error)
{
  static const struct { const char *key; size_t offset; } strings[] = {
    { "DisplayName", G_STRUCT_OFFSET (struct inf_service, display_name) },
    { "Description", G_STRUCT_OFFSET (struct inf_service, description) },
    { "LoadOrderGroup", G_STRUCT_OFFSET (struct inf_service, load_order_group) },
    { "StartName", G_STRUCT_OFFSET (struct inf_service, start_name) },
    { "Security", G_STRUCT_OFFSET (struct inf_service, security) },
    { "ServiceBinary", G_STRUCT_OFFSET (struct inf_service, binary_raw) },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (strings); i++)
    if (g_ascii_strcasecmp (l->key, strings[i].key) == 0) {
      char **slot = G_STRUCT_MEMBER_P (s, strings[i].offset);
      g_free (*slot);
      *slot = inf_line_field (ip->inf, l, 0, error);
      return *slot != NULL;
    }
  if (g_ascii_strcasecmp (l->key, "ServiceType") == 0)
    return read_number (ip, l, &s->service_type, error);
  if (g_ascii_strcasecmp (l->key, "StartType") == 0)
    return read_number (ip, l, &s->start_type, error);
  if (g_ascii_strcasecmp (l->key, "ErrorControl") == 0)
    return read_number (ip, l, &s->error_control, error);
  if (g_ascii_strcasecmp (l->key, "Dependencies") == 0) {
    char **deps = inf_line_fields_from (ip->inf, l, 0, error);
    if (deps == NULL)
      return FALSE;
    g_strfreev (s->dependencies);
    s->dependencies = deps;
    return TRUE;
  }
  if (g_ascii_strcasecmp (l->key, "AddReg") == 0)
    return interp_reg_directive (ip, l, INF_REG_ADD, s->addreg, error);
  if (g_ascii_strcasecmp (l->key, "DelReg") == 0)
    return interp_reg_directive (ip, l, INF_REG_DEL, s->delreg, error);
  return TRUE;   /* BitReg, AddTrigger, ...: nothing the conversion writes */
}

static gboolean
read_install_section (struct interp *ip, struct inf_service *s, guint ref_line, GError **error)
{
  const struct inf_section *sec = inf_file_section (ip->inf, s->install_section);
  if (sec == NULL)
    return inf_error (error, ip->inf->name, ref_line, "service-install section [%s] does not exist: expected it for service '%s'",
                      s->install_section, s->name);
  for (guint i = 0; i < sec->lines->len; i++) {
    const struct inf_line *l = g_ptr_array_index (sec->lines, i);
    if (l->key && !read_value (ip, s, l, error))
      return FALSE;
  }
  const char *missing = s->service_type < 0 ? "ServiceType" : s->start_type < 0 ? "StartType"
                        : s->error_control < 0 ? "ErrorControl" : s->binary_raw == NULL ? "ServiceBinary" : NULL;
  if (missing)
    return inf_error (error, ip->inf->name, sec->lineno,
                      "service-install section [%s] has no %s: expected ServiceType, StartType, ErrorControl and ServiceBinary",
                      sec->name, missing);
  split_binary (s);
  return TRUE;
}

static gboolean
read_event_log (struct interp *ip, struct inf_service *s, const struct inf_line *l, guint first, GError **error)
{
  g_autofree char *section = inf_line_field (ip->inf, l, first, error);
  g_autofree char *type = section ? inf_line_field (ip->inf, l, first + 1, error) : NULL;
  g_autofree char *name = type ? inf_line_field (ip->inf, l, first + 2, error) : NULL;
  if (name == NULL)
    return FALSE;
  if (*section == '\0')
    return TRUE;
  const struct inf_section *sec = inf_file_section (ip->inf, section);
  if (sec == NULL)
    return inf_error (error, ip->inf->name, l->lineno, "event-log section [%s] does not exist: expected it for service '%s'",
                      section, s->name);
  struct inf_event_log *e = g_new0 (struct inf_event_log, 1);
  g_ptr_array_add (s->event_logs, e);
  e->section = g_strdup (sec->name);
  e->log_type = g_strdup (*type ? type : "System");
  e->source = g_strdup (*name ? name : s->name);
  e->addreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  e->delreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  e->pos = interp_pos (ip, l->lineno);
  for (guint i = 0; i < sec->lines->len; i++) {
    const struct inf_line *dl = g_ptr_array_index (sec->lines, i);
    gboolean add = dl->key && g_ascii_strcasecmp (dl->key, "AddReg") == 0;
    gboolean del = dl->key && g_ascii_strcasecmp (dl->key, "DelReg") == 0;
    if ((add || del) && !interp_reg_directive (ip, dl, add ? INF_REG_ADD : INF_REG_DEL, add ? e->addreg : e->delreg, error))
      return FALSE;
  }
  return TRUE;
}

static struct inf_service *
service_new (struct interp *ip, guint line)
{
  struct inf_service *s = g_new0 (struct inf_service, 1);
  s->service_type = s->start_type = s->error_control = -1;
  s->binary_dirid = -1;
  s->addreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  s->delreg = g_ptr_array_new_with_free_func (inf_reg_op_free);
  s->event_logs = g_ptr_array_new_with_free_func (event_log_free);
  s->pos = interp_pos (ip, line);
  return s;
}

static gboolean
read_add_service (struct interp *ip, struct inf_install *ins, const struct inf_line *l, GError **error)
{
  if (!interp_count (ip, l->lineno, error))
    return FALSE;
  struct inf_service *s = service_new (ip, l->lineno);
  g_ptr_array_add (ins->services, s);
  g_autofree char *flags = NULL, *section = NULL;
  if (!(s->name = inf_line_field (ip->inf, l, 0, error)) || !(flags = inf_line_field (ip->inf, l, 1, error))
      || !(section = inf_line_field (ip->inf, l, 2, error)))
    return FALSE;
  if (*flags && !inf_parse_u32 (flags, &s->flags))
    return inf_error (error, ip->inf->name, l->lineno, "bad AddService flags '%s': expected a number such as 0x2", flags);
  if (*s->name && *section == '\0')
    return inf_error (error, ip->inf->name, l->lineno,
                      "AddService for '%s' names no service-install section: expected AddService=name,flags,section", s->name);
  if (*section == '\0')
    return TRUE;   /* a null service: the device runs without a driver of its own */
  s->install_section = g_steal_pointer (&section);
  if (!read_install_section (ip, s, l->lineno, error))
    return FALSE;
  for (guint i = SERVICE_FIELDS_BEFORE_LOGS; i < l->n_fields; i += EVENT_LOG_FIELDS)
    if (!read_event_log (ip, s, l, i, error))
      return FALSE;
  return TRUE;
}

gboolean
interp_services (struct interp *ip, struct inf_install *ins, const struct inf_section *sec, GPtrArray *chain,
                 GError **error)
{
  g_hash_table_add (ip->done, (gpointer) sec);
  g_ptr_array_add (chain, (gpointer) sec);
  for (guint i = 0; i < sec->lines->len; i++) {
    const struct inf_line *l = g_ptr_array_index (sec->lines, i);
    if (l->key == NULL)
      continue;
    if (g_ascii_strcasecmp (l->key, "AddService") == 0 && !read_add_service (ip, ins, l, error))
      return FALSE;
    if ((g_ascii_strcasecmp (l->key, "Include") == 0 || g_ascii_strcasecmp (l->key, "Needs") == 0)
        && !interp_include_needs (ip, ins, l, chain, interp_services, error))
      return FALSE;
  }
  g_ptr_array_remove_index (chain, chain->len - 1);
  return TRUE;
}
