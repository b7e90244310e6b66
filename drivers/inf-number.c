/* inf-number: numbers as INFs write them ("0x00010001", "7", "-1"). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "inf-internal.h"
#include "banned.h"

gboolean
inf_parse_u64 (const char *s, uint64_t *out)
{
  if (s == NULL)
    return FALSE;
  while (*s == ' ' || *s == '\t')
    s++;
  gboolean hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  const char *digits = hex ? s + 2 : s;
  size_t n = strspn (digits, hex ? "0123456789abcdefABCDEF" : "0123456789");
  if (n == 0 || digits[n] != '\0')
    return FALSE;
  errno = 0;
  char *end = NULL;
  unsigned long long v = strtoull (digits, &end, hex ? 16 : 10);
  if (errno == ERANGE || end != digits + n)
    return FALSE;
  *out = (uint64_t) v;
  return TRUE;
}

gboolean
inf_parse_u32 (const char *s, uint32_t *out)
{
  uint64_t v;
  if (!inf_parse_u64 (s, &v) || v > UINT32_MAX)
    return FALSE;
  *out = (uint32_t) v;
  return TRUE;
}

gboolean
inf_parse_dword (const char *s, uint32_t *out)
{
  uint64_t v;
  while (s && (*s == ' ' || *s == '\t'))
    s++;
  if (s && s[0] == '-') {
    /* AddReg DWORDs may be written as negative decimals: stored as two's complement. */
    if (!inf_parse_u64 (s + 1, &v) || v > (uint64_t) INT32_MAX + 1 || (s[1] == '0' && (s[2] == 'x' || s[2] == 'X')))
      return FALSE;
    *out = (uint32_t) (0u - (uint32_t) v);
    return TRUE;
  }
  return inf_parse_u32 (s, out);
}

const char *
inf_platform_suffix (enum ws_arch arch)
{
  /* INF platform extensions (.NTx86, .NTamd64...) use the architecture names of ws-target. */
  return arch == WS_ARCH_UNKNOWN ? NULL : ws_arch_name (arch);
}

gboolean
interp_count (struct interp *ip, guint line, GError **error)
{
  if (++ip->items <= INF_MAX_ITEMS)
    return TRUE;
  return inf_error (error, ip->inf->name, line, "too many registry operations, files and models: expected at most %d",
                    INF_MAX_ITEMS);
}
