/* fb: the first-boot payload that gives each new virtio NIC the network identity of the NIC it
 * replaces (docs/firstboot.md).
 *
 * Pure: from the old NICs (network/net-nic.h) and the options, fb_match pairs each old NIC with
 * the new NIC that will take its place, and fb_payload returns the text of a batch file (CRLF)
 * that, at first boot, waits for PnP to install the new NIC, finds it by MAC, renames the old
 * (ghost) connection, gives the new one the old name and applies the old settings with netsh and
 * reg.  Nothing here touches a guest.
 *
 * The NIC values come from a hostile guest and end up on a cmd.exe command line: every one is
 * checked again here (fb-check.c), whatever the reader already did, and a value that does not
 * pass refuses the whole payload with WS_EXIT_BAD_INPUT rather than being dropped silently.
 */
#ifndef WS_FB_H
#define WS_FB_H

#include <glib.h>

#include "net-nic.h"

/* Default bound of the wait for PnP to install the new NIC, in seconds. */
#define FB_DEFAULT_WAIT 300
/* Default number of boots the payload runs at most before it gives up and removes itself. */
#define FB_DEFAULT_BOOTS 3
/* Longest connection name Windows allows (IF_MAX_STRING_SIZE in ifdef.h). */
#define FB_MAX_NAME 256

/* The service the default mechanism installs, and the payload's folder under %SystemRoot%. */
#define FB_SERVICE "winseed-firstboot"
#define FB_DIR "winseed"
#define FB_PAYLOAD "firstboot.cmd"

/* How the payload is started, and so how it removes itself. */
enum fb_hook {
  FB_HOOK_NONE,        /* --no-firstboot */
  FB_HOOK_SERVICE,     /* Services\winseed-firstboot, cmd.exe /c (default) */
  FB_HOOK_SETUP,       /* HKLM\SYSTEM\Setup CmdLine + SetupType=2 */
};

/* A hook by the name convert's --firstboot and a batch line's "firstboot" give it: service,
 * setup-cmdline or none.  FALSE for any other name. */
gboolean fb_hook_from_name (const char *name, enum fb_hook *out);

/* How an old NIC was paired with a new one. */
enum fb_how {
  FB_BY_MAC,           /* the new NIC keeps the old MAC */
  FB_BY_MAP,           /* --nic-map OLD=NEW */
  FB_BY_ONLY,          /* no MAC: the only static NIC <-> the only new virtio NIC */
};

struct fb_match {
  const struct net_nic *old;   /* borrowed from the caller's list */
  char *new_mac;               /* "00-0C-29-77-D9-81" as getmac prints it; NULL for FB_BY_ONLY */
  enum fb_how how;
};

/* Pairs the NICs of nics (struct net_nic *, borrowed and must outlive the result) that are to be
 * replaced; nic_map: "OLD=NEW" MAC pairs (may be NULL).  NICs already on netkvm are left alone;
 * a NIC that cannot be paired without guessing is named in warnings (char *) when it is on DHCP,
 * and is an error (WS_EXIT_USAGE: --nic-map resolves it) when it is static.  Returns a GPtrArray
 * of struct fb_match * (frees them), possibly empty. */
GPtrArray *fb_match (GPtrArray *nics, char **nic_map, GPtrArray *warnings, GError **error);
/* Whether every --nic-map entry is OLD=NEW with two MAC addresses, each old one named once: the
 * part of fb_match's checks that needs no guest, so a typo is a usage error before any launch. */
gboolean fb_nic_map_check (char **nic_map, GError **error);

const char *fb_how_name (enum fb_how how);

/* Whether a new virtio NIC takes this NIC's place: every NIC not already on netkvm. */
gboolean fb_nic_replaced (const struct net_nic *n);

struct fb_options {
  int win_major, win_minor;    /* the guest's version: 5.1 = XP, 6.1 = 7 */
  enum fb_hook hook;
  int wait_seconds;            /* FB_DEFAULT_WAIT */
  int max_boots;               /* FB_DEFAULT_BOOTS */
};

/* One thing the payload will do, for the report. */
struct fb_step {
  char *id;            /* "nic1-address-1": the step's name in the payload and its log */
  char *what;          /* "set 192.168.1.123/255.255.255.0 gateway 192.168.1.1 metric 0" */
  char *cmd;           /* the batch line that does it */
  gboolean needs_guid; /* cmd uses the new adapter's GUID (%G<n>%) */
  char *on_ok;         /* batch line run after success, or NULL */
};

void fb_step_free (struct fb_step *s);

/* The steps for the matches, in payload order: GPtrArray of struct fb_step *; NULL and
 * WS_EXIT_BAD_INPUT when a value is unsafe or malformed. */
GPtrArray *fb_steps (GPtrArray *matches, const struct fb_options *o, GError **error);

/* The payload: batch text with CRLF line ends (g_free); NULL and *error as fb_steps. */
char *fb_payload (GPtrArray *matches, const struct fb_options *o, GError **error);

/* Validators (fb-check.c), exported for the tests. */
gboolean fb_check_ipv4 (const char *s);
gboolean fb_check_mask (const char *s);
gboolean fb_check_ipv6 (const char *s);
/* A name safe inside "..." on a cmd.exe line: printable, no " % ^ & | < > !, 1..FB_MAX_NAME. */
gboolean fb_check_name (const char *s);
/* A DNS suffix: letters, digits, '-', '.'. */
gboolean fb_check_suffix (const char *s);
/* "{8-4-4-4-12 hex}". */
gboolean fb_check_guid (const char *s);
/* "00:0c:29:77:d9:81" or with '-': the getmac form "00-0C-29-77-D9-81" (g_free), NULL if not. */
char *fb_getmac_form (const char *mac);

#endif
