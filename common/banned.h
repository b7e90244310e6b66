/* banned.h: libc calls that are wrong for this project, made into compile errors.
 *
 * strcpy/strcat/sprintf have no bound; strcasecmp/strncasecmp follow the locale, and INF keys,
 * hardware IDs and registry names must compare the same under tr_TR as under C
 * (docs/coding-style.md#ascii-only-case-insensitive-comparison): use g_ascii_strcasecmp /
 * g_ascii_strncasecmp.
 */
#ifndef WS_BANNED_H
#define WS_BANNED_H

#define WS_BANNED(func) sorry_##func##_is_banned_in_winseed

#undef strcpy
#define strcpy(x, y) WS_BANNED (strcpy)
#undef strcat
#define strcat(x, y) WS_BANNED (strcat)
#undef sprintf
#define sprintf(...) WS_BANNED (sprintf)
#undef strcasecmp
#define strcasecmp(x, y) WS_BANNED (strcasecmp)
#undef strncasecmp
#define strncasecmp(x, y, n) WS_BANNED (strncasecmp)

#endif
