/* setupapi-codes: what the numbers and phrases in a SetupAPI log mean.
 *
 * A table of the status codes device installation logs (SetupAPI's 0xE0000xxx errors, the Win32
 * errors it reports, and the certificate-trust HRESULTs of signature checks), each with its
 * symbolic name and a plain-words meaning, plus the small vocabulary the log reader needs: how a
 * code is written inside a message, which section titles are device installs, which device IDs
 * are virtio; and what the informational messages say (struct setupapi_said: the driver chosen,
 * the NULL driver, the device named, the packages imported).  Pure: no I/O.  The declarations are
 * grouped by the file that implements them: setupapi-codes.c, then setupapi-said.c.
 *
 * Sources: setupapi.h / winerror.h constants (ERROR_NO_COMPAT_DRIVERS = APPLICATION_ERROR_MASK |
 * ERROR_SEVERITY_ERROR | 0x228 ...); docs/setupapi-logs.md#failures-seen-in-migrated-guests for
 * the failures seen in migrated guests.  Unknown codes are never dropped: they are described as
 * such, with their value.
 */
#ifndef WS_SETUPAPI_CODES_H
#define WS_SETUPAPI_CODES_H

#include <stdint.h>
#include <glib.h>

/* ---- setupapi-codes.c: status codes, titles, device IDs ------------------------------------ */

/* The code is a success or an expected step, not a failure (ERROR_DI_DO_DEFAULT, "reboot required"...). */
#define SETUPAPI_CODE_BENIGN (1u << 0)

struct setupapi_code {
  uint32_t code;
  const char *name;    /* "ERROR_NO_COMPAT_DRIVERS" */
  const char *words;   /* plain-words meaning, lower case, no final full stop */
  unsigned flags;      /* SETUPAPI_CODE_* */
};

/* The table entry for code, or NULL when the code is not known.  HRESULT_FROM_WIN32 values
 * (0x8007xxxx) are looked up as the Win32 error they wrap. */
const struct setupapi_code *setupapi_code_lookup (uint32_t code);

/* TRUE when the code is 0 or marked SETUPAPI_CODE_BENIGN. */
gboolean setupapi_code_is_benign (uint32_t code);

/* "0xe0000228 ERROR_NO_COMPAT_DRIVERS: no driver in the driver store matches ..." or, for a code
 * not in the table, "0x12345678 (a code winseed does not know)".  Newly allocated. */
char *setupapi_code_describe (uint32_t code);

/* Find the status code a log message carries: "Error = 0xE0000247", "Error 0xe0000228: ...",
 * "Error 1062: ..." (decimal), "failed(0xe0000228)", "exit(0x00000426)".  FALSE when none. */
gboolean setupapi_code_in_text (const char *msg, uint32_t *code);

/* ASCII case-insensitive strstr (locale-independent,
 * docs/coding-style.md#ascii-only-case-insensitive-comparison); NULL when absent. */
const char *setupapi_strcasestr (const char *haystack, const char *needle);

/* Parse a hexadecimal number with or without "0x" (at most 8 digits); *end gets the first byte
 * after it.  FALSE when there is no digit. */
gboolean setupapi_parse_hex (const char *s, uint32_t *out, const char **end);

/* How a section title is read. */
enum setupapi_kind {
  SETUPAPI_KIND_OTHER,     /* servicing, removal, ... */
  SETUPAPI_KIND_DEVICE,    /* a device install: "Device Install (Hardware initiated)", XP "Driver Install" */
  SETUPAPI_KIND_PACKAGE,   /* a driver package import: "SetupCopyOEMInf", "Setup Import Driver Package" */
};
enum setupapi_kind setupapi_title_kind (const char *title);

/* Device and hardware IDs: virtio (PCI vendor 1AF4) and, among those, the storage controllers the
 * guest boots from (1AF4:1001/1042 virtio-blk, 1AF4:1004/1048 virtio-scsi).  Case-insensitive. */
gboolean setupapi_id_is_virtio (const char *id);
gboolean setupapi_id_is_virtio_storage (const char *id);

/* Root-enumerated legacy (non-PnP) services, for which Windows installs the NULL driver by design
 * ("ROOT\LEGACY_VOLSNAP\0000" in the XP log). */
gboolean setupapi_id_is_legacy (const char *id);

/* ---- setupapi-said.c: what the messages say ------------------------------------------------ */

/* The driver Windows chose; any field may be NULL. */
struct setupapi_driver {
  char *inf;          /* published name ("oem2.inf") or INF file name */
  char *path;         /* full INF path, usually in the DriverStore */
  char *description;
  char *section;      /* INF install section */
  char *rank;         /* "00FF0001" as logged */
  char *signer;       /* signer score or name as logged ("WHQL (0D000005)") */
  char *version;      /* "07/11/2019,9.8.16.0" */
};

/* A driver package imported into the driver store.  Borrowed by the package callback of
 * setupapi-log.h. */
struct setupapi_package {
  char *name;        /* DriverStore\FileRepository directory: "vmci.inf_amd64_5e38a278d114b813" */
  char *published;   /* "oem2.inf" (inbox packages keep their own name), or NULL */
  char *node;        /* "SYSTEM" or "DRIVERS" database node, or NULL */
  char *source;      /* INF path it was imported from, or NULL */
  char *signer;      /* signer name or score, or NULL */
  gboolean failed;   /* the import did not finish with success */
  gboolean has_code;
  uint32_t code;     /* exit code of the import */
};

/* What the messages of one section said: the vocabulary of SetupAPI logs (Windows XP to 11).
 * setupapi_said_message() reads one Vista-and-later message (category and "!" prefix removed,
 * indentation trimmed); setupapi_said_xp() one XP/2003 "#Xnnn" message (id is nnn). */
struct setupapi_said {
  struct setupapi_driver driver;   /* the driver Windows chose */
  char *device;                    /* device instance a message named, or NULL */
  char *hardware_id;               /* XP: first ID of "#-019 Searching for hardware ID(s)" */
  gboolean null_driver;            /* "Installing NULL driver" */
  gboolean reboot;                 /* a reboot is needed to finish */
  gboolean xp_done, xp_failed;     /* XP: #I121 "finished successfully" / #E122 "install failed" */
  gboolean sel;                    /* inside the description of the selected driver */
  char *xp_rank_section, *xp_rank; /* XP: last "#I023 Actual install section" */
  struct setupapi_package pkg;     /* import in progress; pkg.name NULL when none */
  gboolean core_import;            /* a "{Core Driver Package Import}" was seen (Windows 8+) */
  char *signer, *source;           /* last signer and staged INF path seen */
};

void setupapi_said_message (struct setupapi_said *said, const char *msg);
void setupapi_said_xp (struct setupapi_said *said, int id, const char *msg);
void setupapi_said_clear (struct setupapi_said *said);
void setupapi_driver_clear (struct setupapi_driver *d);
void setupapi_package_clear (struct setupapi_package *p);

#endif
