/* setupapi-log: streaming reader of SetupAPI device-installation logs; see setupapi-log.h.
 *
 * Bytes -> (encoding sniffing, UTF-16LE decoding) -> lines (NULs dropped, cut at SETUPAPI_MAX_LINE,
 * made valid UTF-8) -> one of: section header or footer, boot-session or XP section marker, XP
 * "#Xnnn" message, Vista-and-later "prefix cat: message" entry.  Entries feed the current
 * section: {block} stack, counters, first failure code, and what the messages said (the
 * vocabulary is in setupapi-codes.c).  A section goes to the install callback when it ends:
 * footer, next header, new boot session, or end of the log.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "setupapi-log.h"
#include "banned.h"

enum close_why { CLOSE_FOOTER, CLOSE_NEXT, CLOSE_BOOT, CLOSE_END };

struct section {
  gboolean open, ended;
  struct setupapi_install ins;
  struct setupapi_said said;
  gboolean has_block_code;
  uint32_t block_code;
  char stack[SETUPAPI_MAX_DEPTH][SETUPAPI_MAX_BLOCK_NAME];
  unsigned depth;
  unsigned long deep;            /* openings beyond SETUPAPI_MAX_DEPTH not yet closed */
};

struct setupapi_log {
  struct setupapi_callbacks cb;
  struct setupapi_stats st;
  GError *failure;               /* sticky: once the input is rejected, every call fails */
  guint8 head[3];                /* first bytes, until the encoding is known */
  size_t nhead;
  guint8 odd;                    /* UTF-16LE: first byte of a code unit */
  gboolean has_odd;
  gunichar high;                 /* UTF-16LE: high surrogate waiting for its pair, or 0 */
  GString *early;                /* the first decoded bytes, held until they are judged */
  guint64 sniffed, ctrl;         /* decoded bytes examined for binary data, control bytes seen */
  GString *line;
  gboolean line_long;
  gboolean recognized;           /* a SetupAPI marker or XP message was seen */
  char *boot;
  struct section sec;
};

static void
replace (char **dst, const char *src)
{
  g_free (*dst);
  *dst = src ? g_strdup (src) : NULL;
}

static void
section_clear (struct section *s)
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

/* "YYYY/MM/DD HH:MM:SS" with an optional ".mmm", anywhere in s; newly allocated, or NULL. */
static char *
find_timestamp (const char *s)
{
  static const char shape[] = "dddd/dd/dd dd:dd:dd";
  for (; *s; s++) {
    size_t i = 0, n;
    while (shape[i] && (shape[i] == 'd' ? g_ascii_isdigit (s[i]) : s[i] == shape[i]))
      i++;
    if (shape[i] != '\0')
      continue;
    n = i;
    if (s[n] == '.' && g_ascii_isdigit (s[n + 1]))
      for (n++; n < i + 4 && g_ascii_isdigit (s[n]); n++)
        ;
    return g_strndup (s, n);
  }
  return NULL;
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
conclude (struct section *s, enum close_why why)
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
  else if (why == CLOSE_BOOT && !s->ended)
    r = SETUPAPI_RESULT_INTERRUPTED;
  else if (why == CLOSE_END && !s->ended)
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
section_settle (struct section *s)
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

static void
section_close (setupapi_log *log, enum close_why why)
{
  struct section *s = &log->sec;
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
  section_clear (s);
}

/* Open a section; text is the header's "Title - target", changed in place (NULL: the log starts
 * inside a section). */
static void
section_open (setupapi_log *log, char *text, gboolean xp)
{
  section_close (log, CLOSE_NEXT);
  struct section *s = &log->sec;
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
static void
note_problem (setupapi_log *log, gboolean error, const char *line, const char *msg)
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
  struct section *s = &log->sec;
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
  struct section *s = &log->sec;
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

static void
block (setupapi_log *log, const char *msg)
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

/* ---- lines ------------------------------------------------------------------------------- */

/* ">>>  [Title - target]" and ">>>  Section start 2022/02/05 11:20:49.867" (the documented form
 * ">>>  2005/02/13 22:06:20.000: Section start" too). */
static void
header_line (setupapi_log *log, const char *t)
{
  log->recognized = TRUE;
  if (*t == '[') {
    const char *close = strrchr (t, ']');
    g_autofree char *text = g_strndup (t + 1, close ? (size_t) (close - t - 1) : strlen (t + 1));
    section_open (log, text, FALSE);
  } else if (strstr (t, "Section start") && log->sec.open) {
    g_free (log->sec.ins.start);
    log->sec.ins.start = find_timestamp (t);
  }
}

/* "<<<  Section end 2022/...", "<<<  [Exit status: SUCCESS]", "... FAILURE(0xe0000203)]",
 * "... SUCCESS (REBOOT_REQUIRED)]"; documented: "<<<  [Exit Status(0x00000000)]", "<<<  [Exit]". */
static void
footer_line (setupapi_log *log, const char *t)
{
  struct setupapi_install *i = &log->sec.ins;
  const char *x;
  log->recognized = TRUE;
  if (!log->sec.open)
    section_open (log, NULL, FALSE);
  if (strstr (t, "Section end")) {
    log->sec.ended = TRUE;
    g_free (i->end);
    i->end = find_timestamp (t);
    return;
  }
  if (!(x = strstr (t, "[Exit")) || !strchr (x, ']'))   /* no "]": a cut line, trust nothing */
    return;
  x += 5;
  if (g_ascii_strncasecmp (x, " status: ", 9) == 0) {
    x += 9;
    i->has_status = TRUE;
    i->status = 0;
    if (g_str_has_prefix (x, "FAILURE")
        && !setupapi_parse_hex (x + 7 + strspn (x + 7, " ("), &i->status, NULL))
      i->status = 0xffffffff;   /* a failure without its code */
    i->reboot |= strstr (x, "REBOOT") != NULL;
  } else if (g_ascii_strncasecmp (x, " Status(", 8) == 0) {
    i->has_status = setupapi_parse_hex (x + 8, &i->status, NULL);
  }
  log->sec.ended = TRUE;
  section_close (log, CLOSE_FOOTER);
}

/* "[Boot Session: ...]", XP "[2003/05/22 16:37:16 336.1808 Driver Install]", "[BeginLog]"... */
static gboolean
bracket_line (setupapi_log *log, const char *t)
{
  g_autofree char *ts = NULL;
  if (g_str_has_prefix (t, "[Boot Session:")) {
    section_close (log, CLOSE_BOOT);
    g_free (log->boot);
    log->boot = find_timestamp (t);
    log->st.boot_sessions++;
  } else if ((ts = find_timestamp (t)) && strncmp (t + 1, ts, strlen (ts)) == 0) {
    /* After the time stamp: "process.instance", then an optional title. */
    const char *p = t + 1 + strlen (ts);
    p += strspn (p, " ");
    p += strspn (p, "0123456789.");
    g_autofree char *title = g_strndup (p, strcspn (p, "]"));
    section_open (log, title, TRUE);
    log->sec.ins.start = g_steal_pointer (&ts);
    log->st.xp_format = TRUE;
  } else if (!strcmp (t, "[Device Install Log]") || !strcmp (t, "[BeginLog]") || !strcmp (t, "[SetupAPI Log]")) {
    ;
  } else {
    return FALSE;
  }
  log->recognized = TRUE;
  return TRUE;
}

/* XP: "#I121 Device install of ...", "@ 19:00:08.967 #W059 Selecting best compatible ...". */
static void
xp_line (setupapi_log *log, const char *t, const char *line)
{
  if (*t == '@' && !(t = strchr (t, '#')))
    return;
  char type = t[1];
  if (!strchr ("IWEVT-", type) || !g_ascii_isdigit (t[2]))
    return;
  int id = 0;
  const char *msg = t + 2;
  for (; g_ascii_isdigit (*msg); msg++)
    id = id < 100000 ? id * 10 + (*msg - '0') : id;   /* message ids have 3 digits */
  msg += strspn (msg, " ");
  log->recognized = TRUE;
  if (!log->sec.open)
    section_open (log, NULL, TRUE);
  if (type == 'E' || type == 'W')
    note_problem (log, type == 'E', line, msg);
  setupapi_said_xp (&log->sec.said, id, msg);
}

/* "!!!  sto: Failed to ...", "!    ndv: ...", "     dvi:      {Build Driver List} 14:36:55.154". */
static void
entry_line (setupapi_log *log, const char *line)
{
  const char *p = line;
  int level = g_str_has_prefix (p, "!!!") ? 2 : *p == '!' ? 1 : 0;
  p += level == 2 ? 3 : level;
  p += strspn (p, " \t");
  size_t cat = strspn (p, "abcdefghijklmnopqrstuvwxyz");
  if (cat < 2 || cat > 4 || p[cat] != ':') {
    if (level && log->sec.open)   /* a warning without category still counts */
      note_problem (log, level == 2, line, p);
    return;
  }
  const char *msg = p + cat + 1;
  msg += strspn (msg, " \t");
  if (!log->sec.open)
    section_open (log, NULL, FALSE);
  if (level)
    note_problem (log, level == 2, line, msg);
  if (*msg == '{')
    block (log, msg);
  else
    setupapi_said_message (&log->sec.said, msg);
}

static void
line_dispatch (setupapi_log *log, const char *line)
{
  const char *t = line + strspn (line, " \t");
  if (t[0] == '>' && t[1] == '>')
    header_line (log, t + strspn (t, "> \t"));
  else if (t[0] == '<' && t[1] == '<')
    footer_line (log, t + strspn (t, "< \t"));
  else if (t[0] == '[' && bracket_line (log, t))
    ;
  else if (t[0] == '#' || (t[0] == '@' && t[1] == ' '))
    xp_line (log, t, t);
  else
    entry_line (log, line);
}

/* A line is complete: drop NULs and the CR, make it UTF-8 (an invalid sequence means an ANSI
 * log: read its bytes as Latin-1), then dispatch it.  A last line without its newline was cut
 * mid-write: it is counted, not read. */
static void
line_done (setupapi_log *log, gboolean partial)
{
  GString *l = log->line;
  size_t w = 0;
  for (size_t r = 0; r < l->len; r++)
    if (l->str[r] != '\0')
      l->str[w++] = l->str[r];
  log->st.nul_bytes += l->len - w;
  g_string_truncate (l, w);
  while (l->len > 0 && (l->str[l->len - 1] == '\r' || l->str[l->len - 1] == ' '))
    g_string_truncate (l, l->len - 1);
  if (partial) {
    log->st.partial_last_line = l->len > 0;
  } else {
    log->st.lines++;
    log->st.long_lines += log->line_long;
    const char *valid;
    if (log->line_long && !g_utf8_validate (l->str, (gssize) l->len, &valid) && l->len - (size_t) (valid - l->str) < 4)
      g_string_truncate (l, (size_t) (valid - l->str));   /* the cut split a character */
    if (!g_utf8_validate (l->str, (gssize) l->len, NULL)) {
      g_autofree char *latin1 = g_convert (l->str, (gssize) l->len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
      g_string_assign (l, latin1 ? latin1 : "");
    }
    line_dispatch (log, l->str);
  }
  g_string_truncate (l, 0);
  log->line_long = FALSE;
}

/* ---- bytes ------------------------------------------------------------------------------- */

/* Decoded text: split into lines. */
static void
split_lines (setupapi_log *log, const char *p, size_t n)
{
  while (n > 0) {
    const char *nl = memchr (p, '\n', n);
    size_t take = nl ? (size_t) (nl - p) : n, room = SETUPAPI_MAX_LINE - log->line->len;
    g_string_append_len (log->line, p, (gssize) MIN (take, room));
    log->line_long |= take > room;
    if (!nl)
      break;
    line_done (log, FALSE);
    p += take + 1, n -= take + 1;
  }
}

/* The first SETUPAPI_SNIFF_BYTES decoded bytes decide whether this is text at all: more than 1%
 * control bytes (NULs and undecodable UTF-16 included), and more than 4, is binary.  They are
 * held back until then, so that binary input reports nothing, however it is cut into chunks.
 * Later NULs are tolerated: a guest that stops while writing leaves a run of them at the end. */
static gboolean
sniff_verdict (setupapi_log *log, GError **error)
{
  if (log->ctrl > 4 && log->ctrl * 100 > log->sniffed) {
    g_set_error (error, WS_ERROR, WS_EXIT_BAD_INPUT,
                 "not a SetupAPI text log: binary data (%" G_GUINT64_FORMAT " control bytes in the first %"
                 G_GUINT64_FORMAT ")", log->ctrl, log->sniffed);
    return FALSE;
  }
  split_lines (log, log->early->str, log->early->len);
  g_string_free (log->early, TRUE);
  log->early = NULL;
  return TRUE;
}

static gboolean
push (setupapi_log *log, const char *p, size_t n, GError **error)
{
  if (log->early) {
    size_t take = MIN (n, SETUPAPI_SNIFF_BYTES - log->early->len);
    for (size_t i = 0; i < take; i++)
      log->ctrl += (guchar) p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r';
    g_string_append_len (log->early, p, (gssize) take);
    log->sniffed += take;
    p += take, n -= take;
    if (log->early->len < SETUPAPI_SNIFF_BYTES)
      return TRUE;
    if (!sniff_verdict (log, error))
      return FALSE;
  }
  split_lines (log, p, n);
  return TRUE;
}

#define UTF16_OUT 1024

static gboolean
emit_char (setupapi_log *log, char *out, size_t *o, gunichar c, GError **error)
{
  if (c == 0xfffd && log->early && log->sniffed + *o < SETUPAPI_SNIFF_BYTES)   /* inside the window */
    log->ctrl++;
  *o += (size_t) g_unichar_to_utf8 (c, out + *o);
  if (*o <= UTF16_OUT - 8)
    return TRUE;
  size_t n = *o;
  *o = 0;
  return push (log, out, n, error);
}

/* UTF-16LE -> UTF-8; an odd byte or a high surrogate at a chunk's end waits for the next chunk.
 * Unpaired surrogates become U+FFFD (and count as binary while sniffing). */
static gboolean
push_utf16 (setupapi_log *log, const guint8 *b, size_t n, GError **error)
{
  char out[UTF16_OUT];
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (!log->has_odd) {
      log->odd = b[i], log->has_odd = TRUE;
      continue;
    }
    log->has_odd = FALSE;
    gunichar u = log->odd | (gunichar) b[i] << 8, high = log->high;
    log->high = 0;
    if (high && u >= 0xdc00 && u <= 0xdfff) {
      if (!emit_char (log, out, &o, 0x10000 + ((high - 0xd800) << 10) + (u - 0xdc00), error))
        return FALSE;
      continue;
    }
    if (high && !emit_char (log, out, &o, 0xfffd, error))
      return FALSE;
    if (u >= 0xd800 && u <= 0xdbff)
      log->high = u;
    else if (!emit_char (log, out, &o, u >= 0xdc00 && u <= 0xdfff ? 0xfffd : u, error))
      return FALSE;
  }
  return push (log, out, o, error);
}

/* The encoding, from the first three bytes: a BOM, or UTF-16LE's "x\0" for ASCII text. */
static void
pick_encoding (setupapi_log *log, size_t *skip)
{
  const guint8 *h = log->head;
  size_t n = log->nhead;
  log->st.encoding = SETUPAPI_ENC_UTF8;
  *skip = 0;
  if (n >= 3 && h[0] == 0xef && h[1] == 0xbb && h[2] == 0xbf)
    log->st.bom = TRUE, *skip = 3;
  else if (n >= 2 && h[0] == 0xff && h[1] == 0xfe)
    log->st.encoding = SETUPAPI_ENC_UTF16LE, log->st.bom = TRUE, *skip = 2;
  else if (n >= 2 && h[0] != 0 && h[1] == 0)
    log->st.encoding = SETUPAPI_ENC_UTF16LE;
}

static gboolean
decode (setupapi_log *log, const guint8 *b, size_t n, GError **error)
{
  if (log->st.encoding == SETUPAPI_ENC_UTF16LE)
    return push_utf16 (log, b, n, error);
  return push (log, (const char *) b, n, error);
}

static gboolean
failed (setupapi_log *log, GError **error)
{
  if (log->failure == NULL)
    return TRUE;
  g_propagate_error (error, g_error_copy (log->failure));
  return FALSE;
}

/* Keep the first error: the reader refuses everything after it. */
static gboolean
fail (setupapi_log *log, GError *err, GError **error)
{
  log->failure = err;
  return failed (log, error);
}

gboolean
setupapi_log_feed (setupapi_log *log, const void *buf, size_t len, GError **error)
{
  const guint8 *b = buf;
  GError *err = NULL;
  if (!failed (log, error))
    return FALSE;
  log->st.bytes += len;
  while (log->st.encoding == SETUPAPI_ENC_UNKNOWN && len > 0) {
    log->head[log->nhead++] = *b++, len--;
    if (log->nhead == sizeof log->head) {
      size_t skip;
      pick_encoding (log, &skip);
      if (!decode (log, log->head + skip, log->nhead - skip, &err))
        return fail (log, err, error);
    }
  }
  if (len > 0 && !decode (log, b, len, &err))
    return fail (log, err, error);
  return TRUE;
}

gboolean
setupapi_log_finish (setupapi_log *log, GError **error)
{
  GError *err = NULL;
  size_t skip;
  if (!failed (log, error))
    return FALSE;
  if (log->st.encoding == SETUPAPI_ENC_UNKNOWN && log->nhead > 0) {
    pick_encoding (log, &skip);
    if (!decode (log, log->head + skip, log->nhead - skip, &err))
      return fail (log, err, error);
  }
  if (log->early && !sniff_verdict (log, &err))
    return fail (log, err, error);
  if (log->line->len > 0 || log->has_odd)
    line_done (log, TRUE);
  section_close (log, CLOSE_END);
  if (log->st.bytes == 0)
    err = g_error_new (WS_ERROR, WS_EXIT_BAD_INPUT, "the log is empty");
  else if (!log->recognized)
    err = g_error_new (WS_ERROR, WS_EXIT_BAD_INPUT, "not a SetupAPI log: no section or message found");
  return err ? fail (log, err, error) : TRUE;
}

setupapi_log *
setupapi_log_new (const struct setupapi_callbacks *cb)
{
  setupapi_log *log = g_new0 (setupapi_log, 1);
  if (cb)
    log->cb = *cb;
  log->line = g_string_sized_new (256);
  log->early = g_string_sized_new (SETUPAPI_SNIFF_BYTES);
  return log;
}

const struct setupapi_stats *
setupapi_log_stats (const setupapi_log *log)
{
  return &log->st;
}

void
setupapi_log_free (setupapi_log *log)
{
  if (log == NULL)
    return;
  section_clear (&log->sec);
  g_string_free (log->line, TRUE);
  if (log->early)
    g_string_free (log->early, TRUE);
  g_free (log->boot);
  g_free (log->st.truncated_in);
  g_clear_error (&log->failure);
  g_free (log);
}

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
