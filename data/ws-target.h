/* ws-target: the Windows a driver is chosen for (version, build, product type, architecture).
 *
 * Shared by every layer that chooses or explains drivers: inspect fills one from the guest's
 * registry, `--target` strings are parsed into one here, and drivers/ matches INF decorations
 * against it.  Pure: no I/O.
 *
 * Accepted --target forms (ASCII case-insensitive):
 *   OS/ARCH                  2k19/amd64, w10/x86, win11/arm64, 2012R2/amd64, xp/x86
 *   OS/PRODUCT/ARCH          w10/server/amd64 (overrides the product type the OS name implies)
 *   MAJOR.MINOR[.BUILD][/PRODUCT]/ARCH
 *                            10.0.17763/server/amd64, 6.1/x86 (product defaults to workstation)
 * OS is any name, folder name or alias of data/os-versions.tsv.  ARCH is x86 (i386, x32),
 * amd64 (x64, x86_64) or arm64 (aarch64).  PRODUCT is workstation, server or dc.
 */
#ifndef WS_TARGET_H
#define WS_TARGET_H

#include <stdint.h>
#include <glib.h>

/* Processor architectures as INF platform extensions name them (NTx86, NTamd64, NTarm64...).
 * ia64 and arm only appear in INF decorations; no target has them. */
enum ws_arch {
  WS_ARCH_UNKNOWN = 0,
  WS_ARCH_X86,
  WS_ARCH_AMD64,
  WS_ARCH_ARM64,
  WS_ARCH_IA64,
  WS_ARCH_ARM,
};

/* VER_NT_* product types (winnt.h), the numbers INF TargetOSVersion decorations use. */
enum ws_product_type {
  WS_PRODUCT_UNKNOWN = 0,
  WS_PRODUCT_WORKSTATION = 1,
  WS_PRODUCT_DC = 2,
  WS_PRODUCT_SERVER = 3,
};

struct ws_target {
  guint major, minor;
  guint build;                        /* 0 = unknown (taken as the release's first build) */
  enum ws_product_type product_type;  /* WS_PRODUCT_UNKNOWN matches any product decoration */
  enum ws_arch arch;
  uint32_t suite_mask;                /* VER_SUITE_* bits; 0 = unknown (accepts any suite) */
};

/* Parse a --target string.  FALSE with WS_EXIT_USAGE and a message naming the bad part. */
gboolean ws_target_parse (const char *text, struct ws_target *out, GError **error);

/* "10.0.17763/server/amd64" (g_free). */
char *ws_target_format (const struct ws_target *t);

/* Compare NT versions (major, minor, build); <0, 0, >0 like strcmp. */
int ws_target_version_cmp (guint amajor, guint aminor, guint abuild,
                           guint bmajor, guint bminor, guint bbuild);

/* "x86", "amd64", "arm64", "ia64", "arm"; "unknown" for WS_ARCH_UNKNOWN. */
const char *ws_arch_name (enum ws_arch arch);
/* Architecture from a name as virtio-win folders, INF decorations and users spell it:
 * x86/i386/x32, amd64/x64/x86_64, arm64/aarch64, ia64, arm.  WS_ARCH_UNKNOWN otherwise. */
enum ws_arch ws_arch_from_name (const char *name);

/* "workstation", "dc", "server"; "any" for WS_PRODUCT_UNKNOWN. */
const char *ws_product_name (enum ws_product_type p);

#endif
