/* setupapi-codes: the status codes of SetupAPI logs, and how a code, a section title or a device
 * ID is read; see setupapi-codes.h.  What the messages say is in setupapi-said.c. */
#include <config.h>

#include <string.h>

#include "setupapi-codes.h"
#include "banned.h"

#define B SETUPAPI_CODE_BENIGN

/* Sorted by code (setupapi_code_lookup bisects).  Values: setupapi.h (SetupAPI errors are
 * APPLICATION_ERROR_MASK | ERROR_SEVERITY_ERROR | n = 0xE0000000 | n), winerror.h (Win32 errors and
 * the CERT_E_ / TRUST_E_ HRESULTs of WinVerifyTrust).  The words are ours. */
static const struct setupapi_code codes[] = {
  { 0x00000000, "ERROR_SUCCESS", "the operation succeeded", B },
  { 0x00000002, "ERROR_FILE_NOT_FOUND", "a file the install needs was not found", 0 },
  { 0x00000003, "ERROR_PATH_NOT_FOUND", "a directory the install needs was not found", 0 },
  { 0x00000005, "ERROR_ACCESS_DENIED", "access was denied", 0 },
  { 0x00000008, "ERROR_NOT_ENOUGH_MEMORY", "the system ran out of memory", 0 },
  { 0x00000015, "ERROR_NOT_READY", "the device is not ready", 0 },
  { 0x0000001f, "ERROR_GEN_FAILURE", "a device attached to the system is not functioning", 0 },
  { 0x00000020, "ERROR_SHARING_VIOLATION", "a file is in use by another process", 0 },
  { 0x00000050, "ERROR_FILE_EXISTS", "the file already exists (the package was already in place)", B },
  { 0x00000057, "ERROR_INVALID_PARAMETER", "an invalid parameter was passed", 0 },
  { 0x00000070, "ERROR_DISK_FULL", "the disk is full", 0 },
  { 0x0000007e, "ERROR_MOD_NOT_FOUND", "a module (DLL) could not be found", 0 },
  { 0x000000c1, "ERROR_BAD_EXE_FORMAT", "a module is not a valid image for this system", 0 },
  { 0x00000241, "ERROR_INVALID_IMAGE_HASH", "a file's signature could not be verified", 0 },
  { 0x000003e3, "ERROR_OPERATION_ABORTED", "the operation was aborted", 0 },
  { 0x00000422, "ERROR_SERVICE_DISABLED", "a service the install needs is disabled", 0 },
  { 0x00000426, "ERROR_SERVICE_NOT_ACTIVE",
    "a service the install needed was not running (error 1062); during a first boot this means the "
    "install was cut short, typically by a reboot", 0 },
  { 0x00000436, "ERROR_DUPLICATE_SERVICE_NAME",
    "the driver's service name or display name is already used by another service", 0 },
  { 0x0000045b, "ERROR_SHUTDOWN_IN_PROGRESS", "the system was shutting down", 0 },
  { 0x00000490, "ERROR_NOT_FOUND", "an element the install looked for was not found", 0 },
  { 0x000004c7, "ERROR_CANCELLED", "the operation was cancelled", 0 },
  { 0x000005b4, "ERROR_TIMEOUT", "the operation timed out", 0 },
  { 0x00000bc2, "ERROR_SUCCESS_REBOOT_REQUIRED", "done; a reboot is needed to finish", B },
  { 0x00000bc3, "ERROR_SUCCESS_RESTART_REQUIRED", "done; a service restart is needed to finish", B },
  { 0x80092003, "CRYPT_E_FILE_ERROR", "the catalog or a signed file could not be read", 0 },
  { 0x80096010, "TRUST_E_BAD_DIGEST", "a file does not match the hash in its signature or catalog", 0 },
  { 0x800b0100, "TRUST_E_NOSIGNATURE", "the file or package is not signed", 0 },
  { 0x800b0101, "CERT_E_EXPIRED", "the signing certificate has expired", 0 },
  { 0x800b0109, "CERT_E_UNTRUSTEDROOT",
    "the package is signed by a certificate chain whose root is not trusted here (test- or "
    "self-signed driver)", 0 },
  { 0x800b010a, "CERT_E_CHAINING", "the signing certificate does not chain to a trusted root", 0 },
  { 0x800b010c, "CERT_E_REVOKED", "the signing certificate was revoked", 0 },
  { 0x800b0111, "TRUST_E_EXPLICIT_DISTRUST", "the signing certificate is explicitly distrusted", 0 },
  { 0xe0000100, "ERROR_WRONG_INF_STYLE", "the INF is not in the expected format", 0 },
  { 0xe0000101, "ERROR_SECTION_NOT_FOUND", "an INF section is missing", 0 },
  { 0xe0000102, "ERROR_LINE_NOT_FOUND", "a required INF line is missing", 0 },
  { 0xe0000203, "ERROR_NO_DRIVER_SELECTED",
    "no driver was selected for the device, so it was left without a function driver", 0 },
  { 0xe0000207, "ERROR_DEVINST_ALREADY_EXISTS", "the device instance already exists", 0 },
  { 0xe000020a, "ERROR_NO_INF", "the INF file was not found", 0 },
  { 0xe000020b, "ERROR_NO_SUCH_DEVINST",
    "no device matching the INF is present; the package stays staged for when one appears", 0 },
  { 0xe000020e, "ERROR_DI_DO_DEFAULT", "the installer asked for the default action", B },
  { 0xe000020f, "ERROR_DI_NOFILECOPY", "the installer skipped file copying", B },
  { 0xe0000217, "ERROR_BAD_SERVICE_INSTALLSECT", "the INF's service install section is invalid", 0 },
  { 0xe0000219, "ERROR_NO_ASSOCIATED_SERVICE",
    "the driver names no function driver service for this device", 0 },
  { 0xe000021a, "ERROR_NO_DEFAULT_DEVICE_INTERFACE", "the device has no default interface", 0 },
  { 0xe0000223, "ERROR_NO_CONFIGMGR_SERVICES",
    "the Plug and Play service was not available (not running yet, or stopping)", 0 },
  { 0xe0000227, "ERROR_INVALID_COINSTALLER", "a co-installer is invalid", 0 },
  { 0xe0000228, "ERROR_NO_COMPAT_DRIVERS",
    "no driver in the driver store matches the device's hardware or compatible IDs", 0 },
  { 0xe000022b, "ERROR_DI_DONT_INSTALL", "a class installer refused to install the device", 0 },
  { 0xe000022d, "ERROR_NON_WINDOWS_NT_DRIVER", "the INF has no section for this Windows version", 0 },
  { 0xe000022f, "ERROR_NO_CATALOG_FOR_OEM_INF",
    "the third-party INF names no catalog (.cat) file, so its signature cannot be checked", 0 },
  { 0xe0000230, "ERROR_DEVINSTALL_QUEUE_NONNATIVE", "the package is for another architecture", 0 },
  { 0xe0000234, "ERROR_DRIVER_NONNATIVE", "the driver is for another architecture", 0 },
  { 0xe0000235, "ERROR_IN_WOW64", "a 32-bit installer cannot install drivers on 64-bit Windows", 0 },
  { 0xe0000237, "ERROR_INCORRECTLY_COPIED_INF", "the INF was copied into INF\\ by hand", 0 },
  { 0xe000023a, "ERROR_PNP_REGISTRY_ERROR", "the Plug and Play registry data is invalid", 0 },
  { 0xe000023f, "ERROR_NO_AUTHENTICODE_CATALOG", "the catalog has no Authenticode signature", 0 },
  { 0xe0000240, "ERROR_AUTHENTICODE_DISALLOWED", "the package's publisher is not allowed", 0 },
  { 0xe0000242, "ERROR_AUTHENTICODE_TRUST_NOT_ESTABLISHED",
    "trust in the package's publisher is not established", 0 },
  { 0xe0000243, "ERROR_AUTHENTICODE_PUBLISHER_NOT_TRUSTED", "the package's publisher is not trusted", 0 },
  { 0xe0000244, "ERROR_SIGNATURE_OSATTRIBUTE_MISMATCH",
    "the signature's catalog is not valid for this Windows version", 0 },
  { 0xe0000246, "ERROR_DEVICE_INSTALLER_NOT_READY", "the device installer was not ready", 0 },
  { 0xe0000247, "ERROR_DRIVER_STORE_ADD_FAILED",
    "the driver store refused the package; usually its signature or catalog did not validate", 0 },
  { 0xe0000248, "ERROR_DEVICE_INSTALL_BLOCKED", "a policy blocks installing this device", 0 },
  { 0xe0000249, "ERROR_DRIVER_INSTALL_BLOCKED", "a policy blocks installing this driver", 0 },
  { 0xe000024a, "ERROR_WRONG_INF_TYPE", "the INF is of the wrong type for this operation", 0 },
  { 0xe000024b, "ERROR_FILE_HASH_NOT_IN_CATALOG",
    "a file of the package is not listed in its catalog (the package was modified after signing)", 0 },
  { 0xe000024c, "ERROR_DRIVER_STORE_DELETE_FAILED", "the driver store could not delete the package", 0 },
  { 0xe0001000, "ERROR_NOT_INSTALLED", "the item is not installed", 0 },
};

#undef B

const struct setupapi_code *
setupapi_code_lookup (uint32_t code)
{
  /* HRESULT_FROM_WIN32 (FACILITY_WIN32 = 7): the same error as its low 16 bits. */
  if ((code & 0xffff0000u) == 0x80070000u)
    code &= 0xffffu;
  size_t lo = 0, hi = G_N_ELEMENTS (codes);
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (codes[mid].code == code)
      return &codes[mid];
    if (codes[mid].code < code)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

gboolean
setupapi_code_is_benign (uint32_t code)
{
  const struct setupapi_code *c = setupapi_code_lookup (code);
  return code == 0 || (c && (c->flags & SETUPAPI_CODE_BENIGN));
}

char *
setupapi_code_describe (uint32_t code)
{
  const struct setupapi_code *c = setupapi_code_lookup (code);
  if (c == NULL)
    return g_strdup_printf ("0x%08x (a code winseed does not know)", code);
  return g_strdup_printf ("0x%08x %s: %s", code, c->name, c->words);
}

gboolean
setupapi_parse_hex (const char *s, uint32_t *out, const char **end)
{
  if ((s[0] == '0') && (s[1] == 'x' || s[1] == 'X') && g_ascii_isxdigit (s[2]))
    s += 2;
  uint32_t v = 0;
  int n = 0;
  for (; n < 8 && g_ascii_isxdigit (*s); n++, s++)
    v = v << 4 | (uint32_t) g_ascii_xdigit_value (*s);
  if (end)
    *end = s;
  if (n == 0 || g_ascii_isxdigit (*s))   /* none, or more than 32 bits: not a status code */
    return FALSE;
  *out = v;
  return TRUE;
}

/* A number right at s: hexadecimal when it starts with 0x, else decimal (Win32 "Error 1062:").
 * Decimal only when followed by ':' or '.', or the end, so "Error 2 files" is not a code. */
static gboolean
number_at (const char *s, uint32_t *out)
{
  if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    return setupapi_parse_hex (s, out, NULL);
  if (!g_ascii_isdigit (*s))
    return FALSE;
  guint64 v = 0;
  for (; g_ascii_isdigit (*s); s++) {
    v = v * 10 + (guint64) (*s - '0');
    if (v > G_MAXUINT32)
      return FALSE;
  }
  if (*s != ':' && *s != '.' && *s != '\0')
    return FALSE;
  *out = (uint32_t) v;
  return TRUE;
}

const char *
setupapi_strcasestr (const char *haystack, const char *needle)
{
  size_t n = strlen (needle);
  if (n == 0)
    return haystack;
  char first = g_ascii_tolower (needle[0]);
  for (const char *p = haystack; *p; p++)
    if (g_ascii_tolower (*p) == first && g_ascii_strncasecmp (p, needle, n) == 0)
      return p;
  return NULL;
}

gboolean
setupapi_code_in_text (const char *msg, uint32_t *code)
{
  /* "Error = 0x...", "Error 0x...:", "Error 1062:" (XP: "Error 0xe0000228: There are ..."). */
  for (const char *p = setupapi_strcasestr (msg, "error"); p; p = setupapi_strcasestr (p + 5, "error")) {
    const char *q = p + 5;
    while (*q == ' ' || *q == '=')
      q++;
    if (q > p + 5 && number_at (q, code))
      return TRUE;
  }
  /* "failed(0x...)", "failed (0x...)", "exit(0x...)". */
  static const char *const openers[] = { "failed(", "failed (", "exit(", "exit (", NULL };
  for (size_t i = 0; openers[i]; i++) {
    const char *p = setupapi_strcasestr (msg, openers[i]);
    if (p && setupapi_parse_hex (p + strlen (openers[i]), code, NULL))
      return TRUE;
  }
  return FALSE;
}

enum setupapi_kind
setupapi_title_kind (const char *title)
{
  static const struct { const char *prefix; enum setupapi_kind kind; } titles[] = {
    { "Device Install", SETUPAPI_KIND_DEVICE },    /* (Hardware initiated), (DiInstallDevice), ... */
    { "Driver Install", SETUPAPI_KIND_DEVICE },    /* XP/2003 section marker title */
    { "Setup Import Driver Package", SETUPAPI_KIND_PACKAGE },
    { "SetupCopyOEMInf", SETUPAPI_KIND_PACKAGE },
    { "Driver Package Import", SETUPAPI_KIND_PACKAGE },
    { "Stage Driver Updates", SETUPAPI_KIND_PACKAGE },
  };
  if (title == NULL)
    return SETUPAPI_KIND_OTHER;
  for (size_t i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_ascii_strncasecmp (title, titles[i].prefix, strlen (titles[i].prefix)) == 0)
      return titles[i].kind;
  return SETUPAPI_KIND_OTHER;
}

gboolean
setupapi_id_is_virtio (const char *id)
{
  return id && setupapi_strcasestr (id, "VEN_1AF4") != NULL;
}

gboolean
setupapi_id_is_virtio_storage (const char *id)
{
  /* docs/windows-boot-drivers.md#pci-hardware-and-compatible-ids / issue 5: legacy and modern virtio-blk and
   * virtio-scsi. */
  static const char *const devs[] = { "DEV_1001", "DEV_1042", "DEV_1004", "DEV_1048" };
  if (!setupapi_id_is_virtio (id))
    return FALSE;
  for (size_t i = 0; i < G_N_ELEMENTS (devs); i++)
    if (setupapi_strcasestr (id, devs[i]))
      return TRUE;
  return FALSE;
}

gboolean
setupapi_id_is_legacy (const char *id)
{
  return id && g_ascii_strncasecmp (id, "ROOT\\LEGACY_", 12) == 0;
}
