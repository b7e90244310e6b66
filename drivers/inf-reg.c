/* inf-reg: AddReg and DelReg lines -> registry operations (Microsoft "INF AddReg Directive",
 * "INF DelReg Directive"; flag values from setupapi.h FLG_ADDREG_* / FLG_DELREG_*). */
#include <config.h>

#include <string.h>

#include "ws-text.h"
#include "inf-internal.h"
#include "banned.h"

#define FLG_BINVALUETYPE 0x00000001u
#define FLG_DELREG_MULTI_SZ_DELSTRING 0x00018002u
#define ADDREG_VALUE_FIELD 4          /* root, subkey, value-name, flags, value... */

void
inf_reg_op_free (gpointer p)
{
  struct inf_reg_op *op = p;
  g_free (op->subkey);
  g_free (op->value_name);
  g_free (op->str);
  g_strfreev (op->multi);
  if (op->bytes)
    g_bytes_unref (op->bytes);
  g_free (op->section);
  g_free (op);
}

static const struct { const char *name, *long_name; enum inf_reg_root root; } roots[] = {
  { "HKR", NULL, INF_ROOT_HKR },
  { "HKLM", "HKEY_LOCAL_MACHINE", INF_ROOT_HKLM },
  { "HKCU", "HKEY_CURRENT_USER", INF_ROOT_HKCU },
  { "HKCR", "HKEY_CLASSES_ROOT", INF_ROOT_HKCR },
  { "HKU", "HKEY_USERS", INF_ROOT_HKU },
};

const char *
inf_reg_root_name (enum inf_reg_root root)
{
  for (size_t i = 0; i < G_N_ELEMENTS (roots); i++)
    if (roots[i].root == root)
      return roots[i].name;
  return "?";
}

const char *
inf_reg_type_name (uint32_t type)
{
  switch (type) {
  case INF_REG_NONE: return "REG_NONE";
  case INF_REG_SZ: return "REG_SZ";
  case INF_REG_EXPAND_SZ: return "REG_EXPAND_SZ";
  case INF_REG_BINARY: return "REG_BINARY";
  case INF_REG_DWORD: return "REG_DWORD";
  case INF_REG_MULTI_SZ: return "REG_MULTI_SZ";
  case INF_REG_QWORD: return "REG_QWORD";
  default: return NULL;
  }
}

static gboolean
parse_root (const char *s, enum inf_reg_root *out)
{
  for (size_t i = 0; i < G_N_ELEMENTS (roots); i++)
    if (g_ascii_strcasecmp (s, roots[i].name) == 0 || (roots[i].long_name && g_ascii_strcasecmp (s, roots[i].long_name) == 0)) {
      *out = roots[i].root;
      return TRUE;
    }
  return FALSE;
}

static guint
decode_modifiers (uint32_t raw, enum inf_reg_kind kind)
{
  static const struct { uint32_t bit; guint flag; } bits[] = {
    { 0x2, INF_REG_NOCLOBBER }, { 0x4, INF_REG_DELVAL }, { 0x8, INF_REG_APPEND }, { 0x10, INF_REG_KEYONLY },
    { 0x20, INF_REG_OVERWRITEONLY }, { 0x1000, INF_REG_64BITKEY }, { 0x2000, INF_REG_KEYONLY_COMMON },
    { 0x4000, INF_REG_32BITKEY },
  };
  guint f = 0;
  if (kind == INF_REG_DEL) {
    if ((raw & FLG_DELREG_MULTI_SZ_DELSTRING) == FLG_DELREG_MULTI_SZ_DELSTRING)
      f |= INF_REG_DELSTRING;
    raw &= 0x7000u;   /* only the bitness and KEYONLY_COMMON bits mean the same in DelReg */
  }
  for (size_t i = 0; i < G_N_ELEMENTS (bits); i++)
    if (raw & bits[i].bit)
      f |= bits[i].flag;
  return f;
}

/* The type bits (FLG_ADDREG_TYPE_MASK = 0xFFFF0001).  With BINVALUETYPE the high word is the
 * REG_ number (0 = REG_BINARY, plus the two historical aliases 1 = DWORD and 2 = NONE). */
static gboolean
decode_type (uint32_t raw, uint32_t *type)
{
  uint32_t hi = raw >> 16;
  if (raw & FLG_BINVALUETYPE) {
    *type = hi == 0 ? INF_REG_BINARY : hi == 1 ? INF_REG_DWORD : hi == 2 ? INF_REG_NONE : hi;
    return TRUE;
  }
  if (hi > 2)
    return FALSE;
  *type = hi == 0 ? INF_REG_SZ : hi == 1 ? INF_REG_MULTI_SZ : INF_REG_EXPAND_SZ;
  return TRUE;
}

/* Fields first.. as hex bytes ("01", "ff", "0x0a"). */
static gboolean
read_bytes (struct interp *ip, const struct inf_line *l, guint first, GByteArray *out, GError **error)
{
  for (guint i = first; i < l->n_fields; i++) {
    g_autofree char *f = inf_line_field (ip->inf, l, i, error);
    if (f == NULL)
      return FALSE;
    const char *h = (f[0] == '0' && (f[1] == 'x' || f[1] == 'X')) ? f + 2 : f;
    size_t n = strlen (h);
    if (n < 1 || n > 2 || strspn (h, "0123456789abcdefABCDEF") != n)
      return inf_error (error, ip->inf->name, l->lineno, "bad binary data '%s': expected hex bytes such as 0a,ff", f);
    guint8 b = (guint8) g_ascii_strtoull (h, NULL, 16);
    g_byte_array_append (out, &b, 1);
  }
  return TRUE;
}

/* DWORD or QWORD: one number, or little-endian bytes (the Windows 95 compatible form). */
static gboolean
read_integer (struct interp *ip, struct inf_reg_op *op, const struct inf_line *l, guint width, GError **error)
{
  if (l->n_fields == ADDREG_VALUE_FIELD + 1) {
    g_autofree char *v = inf_line_field (ip->inf, l, ADDREG_VALUE_FIELD, error);
    uint32_t d;
    if (v == NULL)
      return FALSE;
    if (*v == '\0')
      return TRUE;
    op->has_data = TRUE;
    if (width == 4 && inf_parse_dword (v, &d)) {
      op->number = d;
      return TRUE;
    }
    if (width == 8 && inf_parse_u64 (v, &op->number))
      return TRUE;
    return inf_error (error, ip->inf->name, l->lineno, "bad %s value '%s': expected a number",
                      inf_reg_type_name (op->type), v);
  }
  g_autoptr (GByteArray) b = g_byte_array_new ();
  if (!read_bytes (ip, l, ADDREG_VALUE_FIELD, b, error))
    return FALSE;
  if (b->len > width)
    return inf_error (error, ip->inf->name, l->lineno, "too many bytes for %s: expected at most %u",
                      inf_reg_type_name (op->type), width);
  for (guint i = 0; i < b->len; i++)
    op->number |= (uint64_t) b->data[i] << (8 * i);
  op->has_data = b->len > 0;
  return TRUE;
}

static gboolean
read_data (struct interp *ip, struct inf_reg_op *op, const struct inf_line *l, GError **error)
{
  op->has_data = l->n_fields > ADDREG_VALUE_FIELD;
  switch (op->type) {
  case INF_REG_SZ:
  case INF_REG_EXPAND_SZ:
    op->str = inf_line_field (ip->inf, l, ADDREG_VALUE_FIELD, error);
    return op->str != NULL;
  case INF_REG_MULTI_SZ:
    op->multi = inf_line_fields_from (ip->inf, l, ADDREG_VALUE_FIELD, error);
    return op->multi != NULL;
  case INF_REG_DWORD:
    return read_integer (ip, op, l, 4, error);
  case INF_REG_QWORD:
    return read_integer (ip, op, l, 8, error);
  default: {
    g_autoptr (GByteArray) b = g_byte_array_new ();
    if (!read_bytes (ip, l, ADDREG_VALUE_FIELD, b, error))
      return FALSE;
    op->bytes = g_byte_array_free_to_bytes (g_steal_pointer (&b));
    return TRUE;
  }
  }
}

static struct inf_reg_op *
op_new (struct interp *ip, enum inf_reg_kind kind, const char *section, guint line)
{
  struct inf_reg_op *op = g_new0 (struct inf_reg_op, 1);
  op->kind = kind;
  op->section = g_strdup (section);
  op->pos = interp_pos (ip, line);
  return op;
}

static gboolean
read_line (struct interp *ip, const struct inf_section *sec, const struct inf_line *l, enum inf_reg_kind kind,
           GPtrArray *out, GError **error)
{
  const char *what = kind == INF_REG_ADD ? "AddReg" : "DelReg";
  if (l->key != NULL)
    return inf_error (error, ip->inf->name, l->lineno,
                      "bad line in %s section [%s]: expected root, subkey, value-name, flags, value", what, sec->name);
  if (!interp_count (ip, l->lineno, error))
    return FALSE;
  struct inf_reg_op *op = op_new (ip, kind, sec->name, l->lineno);
  g_ptr_array_add (out, op);
  g_autofree char *root = inf_line_field (ip->inf, l, 0, error);
  g_autofree char *flags = root ? inf_line_field (ip->inf, l, 3, error) : NULL;
  if (flags == NULL || !(op->subkey = inf_line_field (ip->inf, l, 1, error)))
    return FALSE;
  if (!parse_root (root, &op->root))
    return inf_error (error, ip->inf->name, l->lineno, "unknown registry root '%s' in [%s]: expected HKR, HKLM, HKCU, HKCR or HKU",
                      root, sec->name);
  if (*flags && !inf_parse_u32 (flags, &op->raw_flags))
    return inf_error (error, ip->inf->name, l->lineno, "bad %s flags '%s': expected a number such as 0x00010001", what, flags);
  op->flags = decode_modifiers (op->raw_flags, kind);
  if (l->n_fields >= 3 && !(op->value_name = inf_line_field (ip->inf, l, 2, error)))
    return FALSE;
  if (kind == INF_REG_DEL) {
    if (op->value_name && *op->value_name == '\0')
      g_clear_pointer (&op->value_name, g_free);   /* no value name: the whole key */
    return !(op->flags & INF_REG_DELSTRING) || (op->str = inf_line_field (ip->inf, l, ADDREG_VALUE_FIELD, error));
  }
  if (op->flags & INF_REG_KEYONLY)
    g_clear_pointer (&op->value_name, g_free);
  if (op->value_name == NULL || (op->flags & INF_REG_DELVAL))
    return TRUE;
  if (!decode_type (op->raw_flags, &op->type))
    return inf_error (error, ip->inf->name, l->lineno, "unknown value type in %s flags 0x%08x: expected a REG_ type bit pattern",
                      what, op->raw_flags);
  return read_data (ip, op, l, error);
}

gboolean
interp_reg_directive (struct interp *ip, const struct inf_line *directive, enum inf_reg_kind kind, GPtrArray *out,
                      GError **error)
{
  for (guint i = 0; i < directive->n_fields; i++) {
    g_autofree char *name = inf_line_field (ip->inf, directive, i, error);
    if (name == NULL)
      return FALSE;
    if (*name == '\0')
      continue;
    const struct inf_section *sec = inf_file_section (ip->inf, name);
    if (sec == NULL)
      return inf_error (error, ip->inf->name, directive->lineno, "%s section [%s] does not exist: expected it in this INF",
                        directive->key, name);
    for (guint j = 0; j < sec->lines->len; j++)
      if (!read_line (ip, sec, g_ptr_array_index (sec->lines, j), kind, out, error))
        return FALSE;
  }
  return TRUE;
}

/* NDIS DDInstall keywords Windows stores in the adapter's driver key ("INF Requirements for
 * NDIS Drivers"; REAL values in docs/registry-and-hives.md#nic-settings: Characteristics and the
 * *-keywords are REG_DWORD, BusType is REG_SZ). */
gboolean
interp_reg_keyword (struct interp *ip, const struct inf_section *sec, const struct inf_line *l, GPtrArray *out,
                    GError **error)
{
  gboolean net = ip->drv->class_name && g_ascii_strcasecmp (ip->drv->class_name, "Net") == 0;
  gboolean is_sz = g_ascii_strcasecmp (l->key, "BusType") == 0;
  if (!net || !(is_sz || l->key[0] == '*' || g_ascii_strcasecmp (l->key, "Characteristics") == 0))
    return TRUE;
  g_autofree char *v = inf_line_field (ip->inf, l, 0, error);
  uint32_t n = 0;
  if (v == NULL)
    return FALSE;
  if (!is_sz && !inf_parse_dword (v, &n))
    return inf_error (error, ip->inf->name, l->lineno, "bad %s value '%s': expected a number", l->key, v);
  if (!interp_count (ip, l->lineno, error))
    return FALSE;
  struct inf_reg_op *op = op_new (ip, INF_REG_ADD, sec->name, l->lineno);
  op->root = INF_ROOT_HKR;
  op->subkey = g_strdup ("");
  op->value_name = g_strdup (l->key);
  op->type = is_sz ? INF_REG_SZ : INF_REG_DWORD;
  op->raw_flags = is_sz ? 0 : 0x00010001u;
  op->has_data = TRUE;
  op->number = n;
  op->str = is_sz ? g_steal_pointer (&v) : NULL;
  g_ptr_array_add (out, op);
  return TRUE;
}

GBytes *
inf_reg_op_data (const struct inf_reg_op *op, GError **error)
{
  size_t len = 0;
  guint8 num[8];
  if (op->kind != INF_REG_ADD || op->value_name == NULL || (op->flags & INF_REG_DELVAL))
    return NULL;
  switch (op->type) {
  case INF_REG_SZ:
  case INF_REG_EXPAND_SZ: {
    void *u = ws_utf8_to_utf16le (op->str ? op->str : "", &len, error);
    return u ? g_bytes_new_take (u, len) : NULL;
  }
  case INF_REG_MULTI_SZ: {
    const char *const empty[] = { NULL };
    void *u = ws_multi_sz_encode (op->multi ? (const char *const *) op->multi : empty, &len, error);
    return u ? g_bytes_new_take (u, len) : NULL;
  }
  case INF_REG_DWORD:
    ws_put_le32 (num, (uint32_t) op->number);
    return g_bytes_new (num, 4);
  case INF_REG_QWORD:
    ws_put_le64 (num, op->number);
    return g_bytes_new (num, 8);
  default:
    return op->bytes ? g_bytes_ref (op->bytes) : g_bytes_new (NULL, 0);
  }
}
