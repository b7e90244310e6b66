/* setupapi-section: the last stage of the SetupAPI log reader, entries -> sections; see
 * setupapi-log-internal.h.
 *
 * The entries of the open section feed its {block} stack, its counters, its first failure code,
 * and what its messages said (the vocabulary is in setupapi-said.c).  When the section ends
 * (footer, next header, new boot session, or end of the log) its outcome is concluded, and it
 * goes to the install callback; a driver package import goes to the package callback when its
 * block or its section ends.
 */
#include <config.h>

#include <string.h>

#include "setupapi-log-internal.h"
#include "banned.h"

static void
replace (char **dst, const char *src)
{
  g_free (*dst);
  *dst = src ? g_strdup (src) : NULL;
}

void
setupapi_section_clear (struct setupapi_section *s)
{
  struct setupapi_install *i = &s->ins;
  g_free (i->title), g_free (i->target), g_free (i->device), g_free (i->boot);
  g_free (i->start), g_free (i->end), g_free (i->cause_line), g_free (i->failed_step);
  setupapi_driver_clear (&i->driver);
  if (i->error_lines)
    g_ptr_array_unref (i->error_lines);
  setupapi_said_clear (&s->said);
  memset (s, 0, sizeof *s);
}

/* ---- sections ---------------------------------------------------------------------------- */

static void
emit_package (setupapi_log *log, gboolean failed, gboolean has_code, uint32_t code)
{
  struct setupapi_said *s = &log->sec.said;
  s->pkg.failed = failed;
  s->pkg.has_code = has_code;
  s->pkg.code = code;
  if (!s->pkg.source)
    replace (&s->pkg.source, s->source);
  if (!s->pkg.signer)
    replace (&s->pkg.signer, s->signer);
  if (s->pkg.name && log->cb.package)
    log->cb.package (&s->pkg, log->cb.opaque);
  setupapi_package_clear (&s->pkg);
}

static enum setupapi_result
conclude (struct setupapi_section *s, enum setupapi_close why)
{
  struct setupapi_install *i = &s->ins;
  enum setupapi_result r;
  if (i->has_status)
    r = i->status == 0 ? SETUPAPI_RESULT_OK
      : i->status == 0xe000020b && !i->null_driver ? SETUPAPI_RESULT_NO_DEVICE
      : SETUPAPI_RESULT_FAILED;
  else if (i->xp_format)
    r = s->said.xp_done ? SETUPAPI_RESULT_OK
      : s->said.xp_failed ? SETUPAPI_RESULT_FAILED : SETUPAPI_RESULT_UNKNOWN;
  else if (why == SETUPAPI_CLOSE_BOOT && !s->ended)
    r = SETUPAPI_RESULT_INTERRUPTED;
  else if (why == SETUPAPI_CLOSE_END && !s->ended)
    r = SETUPAPI_RESULT_TRUNCATED;
  else
    r = SETUPAPI_RESULT_UNKNOWN;
  if (i->null_driver && i->kind == SETUPAPI_KIND_DEVICE && r != SETUPAPI_RESULT_TRUNCATED
      && !setupapi_id_is_legacy (i->device ? i->device : i->target))
    r = SETUPAPI_RESULT_NULL_DRIVER;
  /* No code in the messages: the failing block's, else the section's own exit status. */
  if (!i->has_cause && (s->has_block_code || (i->has_status && i->status != 0))) {
    i->has_cause = TRUE;
    i->cause_code = s->has_block_code ? s->block_code : i->status;
  }
  return r;
}

/* Move what the messages said into the record handed out. */
static void
section_settle (struct setupapi_section *s)
{
  struct setupapi_install *i = &s->ins;
  i->driver = s->said.driver;
  memset (&s->said.driver, 0, sizeof s->said.driver);
  i->null_driver = s->said.null_driver;
  i->reboot |= s->said.reboot;
  if (!i->device && s->said.device)
    i->device = g_steal_pointer (&s->said.device);
  if (!i->target && s->said.hardware_id)
    i->target = g_steal_pointer (&s->said.hardware_id);
  if (i->xp_format && i->device && i->kind == SETUPAPI_KIND_OTHER)
    i->kind = SETUPAPI_KIND_DEVICE;
}

void
setupapi_section_close (setupapi_log *log, enum setupapi_close why)
{
  struct setupapi_section *s = &log->sec;
  if (!s->open)
    return;
  section_settle (s);
  s->ins.result = conclude (s, why);
  if (s->said.pkg.name)   /* Windows 7 imports end with the section; others never ended */
    emit_package (log, s->ins.result != SETUPAPI_RESULT_OK || s->said.core_import,
                  s->ins.has_status, s->ins.status);
  if (s->ins.result == SETUPAPI_RESULT_TRUNCATED) {
    g_free (log->st.truncated_in);
    log->st.truncated_in = g_strdup_printf ("%s%s%s (started %s)",
                                            s->ins.title ? s->ins.title : "(untitled)",
                                            s->ins.target ? " - " : "",
                                            s->ins.target ? s->ins.target : "",
                                            s->ins.start ? s->ins.start : "before the log begins");
  }
  if (log->cb.install)
    log->cb.install (&s->ins, log->cb.opaque);
  setupapi_section_clear (s);
}

/* Open a section; text is the header's "Title - target", changed in place (NULL: the log starts
 * inside a section). */
void
setupapi_section_open (setupapi_log *log, char *text, gboolean xp)
{
  setupapi_section_close (log, SETUPAPI_CLOSE_NEXT);
  struct setupapi_section *s = &log->sec;
  s->open = TRUE;
  s->ins.xp_format = xp;
  s->ins.line = log->st.lines;
  s->ins.error_lines = g_ptr_array_new_with_free_func (g_free);
  replace (&s->ins.boot, log->boot);
  char *dash = text ? strstr (text, " - ") : NULL;
  if (dash) {
    *dash = '\0';
    if (*g_strstrip (dash + 3))
      replace (&s->ins.target, dash + 3);
  }
  if (text && g_str_has_suffix (g_strstrip (text), " -"))   /* the target is on the next line */
    text[strlen (text) - 2] = '\0';
  if (text && *g_strstrip (text))
    replace (&s->ins.title, text);
  s->ins.kind = setupapi_title_kind (s->ins.title);
  /* "PCI\VEN_1AF4&DEV_1004&...\3&13c0b0c5&0&18" names a device instance; "PCI\VEN_15AD&DEV_07B0"
   * (UpdateDriverForPlugAndPlayDevices) only a hardware ID. */
  const char *t = s->ins.target, *b1 = t ? strchr (t, '\\') : NULL;
  if (s->ins.kind == SETUPAPI_KIND_DEVICE && b1 && strchr (b1 + 1, '\\'))
    replace (&s->ins.device, t);
  log->st.sections++;
}

/* An error or warning line.  The first failure code in a section is its cause: later ones are
 * consequences ("import failed" -> "installing NULL driver"). */
void
setupapi_section_problem (setupapi_log *log, gboolean error, const char *line, const char *msg)
{
  struct setupapi_install *i = &log->sec.ins;
  uint32_t code;
  if (error) {
    i->errors++, log->st.errors++;
    if (i->error_lines->len < SETUPAPI_MAX_ERRORS)
      g_ptr_array_add (i->error_lines, g_strdup (line));
  } else {
    i->warnings++, log->st.warnings++;
  }
  if (i->has_cause)
    return;
  if (setupapi_code_in_text (msg, &code) && !setupapi_code_is_benign (code)) {
    i->has_cause = TRUE;
    i->cause_code = code;
    replace (&i->cause_line, line);
  } else if (error && !i->cause_line) {
    replace (&i->cause_line, line);
  }
}

/* ---- {blocks} ---------------------------------------------------------------------------- */

/* Openings: "{Build Driver List}", "{Core Driver Package Import: vmci.inf_amd64_...} 14:31:42",
 * "{Install Device - PCI\...}".  Ends: "{Build Driver List - exit(0x00000000)}", "{Copy Directory:
 * exit(0x0)}", "{SetupCopyOEMInf exit (0x00000050)}", "{Restarting Devices exit}".  The name stops
 * at ": ", " - " or "}". */
static void
block_name (const char *p, const char *stop, char out[SETUPAPI_MAX_BLOCK_NAME])
{
  size_t n = 0;
  for (; p < stop && *p != '}' && n < SETUPAPI_MAX_BLOCK_NAME - 1; p++) {
    if ((p[0] == ':' && p[1] == ' ') || (p[0] == ' ' && p[1] == '-' && p[2] == ' '))
      break;
    out[n++] = *p;
  }
  const char *valid;
  if (!g_utf8_validate (out, (gssize) n, &valid))   /* never cut a character in two */
    n = (size_t) (valid - out);
  while (n > 0 && strchr (" -:", out[n - 1]))
    n--;
  out[n] = '\0';
}

/* What an opening is about: after the name's separator, up to the last '}' (paths hold braces). */
static char *
block_arg (const char *msg)
{
  const char *colon = strstr (msg, ": "), *dash = strstr (msg, " - "), *a, *end;
  if (colon && (!dash || colon < dash))
    a = colon + 2;
  else if (dash)
    a = dash + 3;
  else
    return NULL;
  end = strrchr (a, '}');
  return g_strstrip (g_strndup (a, end ? (size_t) (end - a) : strlen (a)));
}

/* The " exit" of a block end, or NULL for an opening. */
static const char *
block_exit (const char *msg)
{
  for (const char *p = strstr (msg, " exit"); p; p = strstr (p + 5, " exit")) {
    const char *q = p + 5 + strspn (p + 5, " ");
    if (*q == '(' || *q == '}')
      return p;
  }
  return NULL;
}

static void
block_open (setupapi_log *log, const char *name, const char *msg)
{
  /* Blocks that name the device being installed, for headers that give only a hardware ID. */
  static const char *const device_blocks[] = {
    "Install Device", "Configure Device", "Update Device Driver", "Driver Setup Update Device",
    "Select Drivers", "Plug and Play Service",
  };
  struct setupapi_section *s = &log->sec;
  if (s->depth < SETUPAPI_MAX_DEPTH)
    g_strlcpy (s->stack[s->depth++], name, SETUPAPI_MAX_BLOCK_NAME);
  else
    s->deep++, log->st.deep_blocks++;
  g_autofree char *arg = block_arg (msg);
  if (!arg || !*arg)
    return;
  if (strcmp (name, "Core Driver Package Import") == 0) {
    setupapi_package_clear (&s->said.pkg);
    s->said.pkg.name = g_steal_pointer (&arg);
    s->said.core_import = TRUE;
  } else if (!strcmp (name, "Stage Driver Package") || !strcmp (name, "SetupCopyOEMInf")
             || g_str_has_suffix (name, "Import Driver Package")) {
    replace (&s->said.source, arg);
  } else if (s->ins.kind == SETUPAPI_KIND_DEVICE && !s->ins.device) {
    for (size_t i = 0; i < G_N_ELEMENTS (device_blocks); i++)
      if (strcmp (name, device_blocks[i]) == 0)
        replace (&s->ins.device, g_str_has_prefix (arg, "Device Install for ") ? arg + 19 : arg);
  }
}

static void
block_close (setupapi_log *log, const char *name, gboolean has_code, uint32_t code)
{
  struct setupapi_section *s = &log->sec;
  unsigned d = s->depth;
  while (d > 0 && g_ascii_strcasecmp (s->stack[d - 1], name) != 0)
    d--;
  if (d > 0)
    s->depth = d - 1;
  else if (s->deep > 0)
    s->deep--;
  else
    log->st.unmatched_exits++;
  if (has_code && !setupapi_code_is_benign (code) && !s->ins.failed_step) {
    replace (&s->ins.failed_step, name);
    s->has_block_code = TRUE;
    s->block_code = code;
  }
  if (strcmp (name, "Core Driver Package Import") == 0)
    emit_package (log, !has_code || code != 0, has_code, code);
  else if (strcmp (name, "SetupCopyOEMInf") == 0 && s->said.pkg.name) {
    if (has_code && code == 0x50)   /* Windows 7, ERROR_FILE_EXISTS: already in the store */
      setupapi_package_clear (&s->said.pkg);
    else
      emit_package (log, !has_code || code != 0, has_code, code);
  }
}

void
setupapi_section_block (setupapi_log *log, const char *msg)
{
  char name[SETUPAPI_MAX_BLOCK_NAME];
  const char *x = block_exit (msg);
  uint32_t code = 0;
  log->sec.said.sel = FALSE;
  block_name (msg + 1, x ? x : msg + strlen (msg), name);
  if (x == NULL) {
    block_open (log, name, msg);
    return;
  }
  const char *p = x + 5 + strspn (x + 5, " (");
  gboolean has = setupapi_parse_hex (p, &code, NULL);
  block_close (log, name, has, code);
}

/* ---- results ----------------------------------------------------------------------------- */

const char *
setupapi_result_name (enum setupapi_result r)
{
  static const char *const names[] = {
    [SETUPAPI_RESULT_OK] = "ok", [SETUPAPI_RESULT_NO_DEVICE] = "no-device",
    [SETUPAPI_RESULT_NULL_DRIVER] = "null-driver", [SETUPAPI_RESULT_FAILED] = "failed",
    [SETUPAPI_RESULT_INTERRUPTED] = "interrupted", [SETUPAPI_RESULT_TRUNCATED] = "truncated",
    [SETUPAPI_RESULT_UNKNOWN] = "unknown",
  };
  return (unsigned) r < G_N_ELEMENTS (names) ? names[r] : "unknown";
}

gboolean
setupapi_result_is_failure (enum setupapi_result r)
{
  return r == SETUPAPI_RESULT_NULL_DRIVER || r == SETUPAPI_RESULT_FAILED || r == SETUPAPI_RESULT_INTERRUPTED;
}
