/* reg-export: registry edit plans as text.
 *
 * reg_export() writes the edits of one hive as a "Windows Registry Editor Version 5.00" file in
 * exactly the dialect `hivexregedit --merge` reads (hivex perl/lib/Win/Hivex/Regedit.pm), so the
 * text `convert --dry-run` prints can be merged into a copy of the hive and compared with what
 * hive-apply wrote (tests/hive/test-hive-differential.sh):
 *
 *   Windows Registry Editor Version 5.00
 *
 *   ; "Start": viostor.inf:71
 *   [HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\viostor]
 *   "Start"=dword:00000000
 *   "ImagePath"=hex(2):53,00,79,00,...
 *   "Obsolete"=-
 *
 *   [-HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\stornvme\StartOverride]
 *
 * Rules of that dialect, and how the text follows them:
 *  - a section ends at a blank line or a comment, and a value line after that is a parse error,
 *    so provenance comments ("; ...") come before a section, one line per edit;
 *  - a line ending in "\" continues on the next one, even a comment, so no comment ends in "\";
 *  - "[key]" fails when the parent key is missing, so every ancestor of a key is written as an
 *    empty section first (merging an empty section changes nothing);
 *  - consecutive value edits of one key share a section, but a section names each value once:
 *    hivexregedit applies a section's deletions before its values, and would store a value
 *    named twice twice; edits keep their plan order otherwise;
 *  - quoted strings are encoded as UTF-16LE plus a NUL, from bytes read as Latin-1, so only a
 *    REG_SZ that is printable ASCII with one terminating NUL is written quoted; every other string
 *    is hex(1), hex(2) or hex(7) bytes, exactly as stored;
 *  - dword: only for type 4 with 4 bytes, hex: for type 3, hex(N): (N in hex) for every other type,
 *    including types with high bits such as hex(20001) or hex(ffff0012).
 *
 * What the dialect cannot say: a value deletion under a key that does not exist creates the key
 * (and its ancestors) in hivexregedit, and hive-apply leaves it absent; DELETE_KEY and DELETE_TREE
 * are both "[-key]", where hive-apply refuses to delete a key with subkeys for DELETE_KEY.
 * Planners should not produce either case.
 */
#ifndef WS_REG_EXPORT_H
#define WS_REG_EXPORT_H

#include <glib.h>

#include "reg-plan.h"

/* The edits of one hive as .reg text (g_free).  Key paths are written as prefix + "\" + key;
 * pass reg_hive_prefix(hive) for the usual HKEY_LOCAL_MACHINE\SYSTEM form, or NULL for "\key"
 * (then hivexregedit --merge needs no --prefix).  Fails only for an edit that reg_edit_validate
 * refuses (which reg_plan_add_* never adds): the format cannot hold control characters. */
char *reg_export (const struct reg_plan *plan, enum reg_hive hive, const char *prefix,
                  GError **error);

/* The right-hand side of a value line, on one line: "dword:00000000", "\"text\"",
 * "hex(7):41,00,...", or "-" for a deletion.  With abbreviate, long data is cut
 * ("...,(1234 bytes)") and strings are followed by their decoded text, for messages.  g_free. */
char *reg_export_value_text (const struct reg_edit *edit, gboolean abbreviate);

/* One line describing an edit, for messages and plan comparisons:
 *   set SYSTEM\ControlSet001\Services\viostor "Start"=dword:00000000
 *   delete tree SYSTEM\ControlSet001\Services\stornvme
 * g_free. */
char *reg_edit_describe (const struct reg_edit *edit);

#endif
