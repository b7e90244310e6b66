/* setupapi-log: streaming reader of SetupAPI device-installation logs; see setupapi-log.h.
 *
 * Bytes -> lines in setupapi-text.c.  Here, each line is one of: section header or footer,
 * boot-session or XP section marker, XP "#Xnnn" message, Vista-and-later "prefix cat: message"
 * entry; entries go to the current section (setupapi-section.c), which goes to the install
 * callback when it ends: footer, next header, new boot session, or end of the log.  This file
 * also holds the public calls of setupapi-log.h, and keeps the reader's first error.
 */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "setupapi-log-internal.h"
#include "banned.h"

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
    setupapi_section_open (log, text, FALSE);
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
    setupapi_section_open (log, NULL, FALSE);
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
  setupapi_section_close (log, SETUPAPI_CLOSE_FOOTER);
}

/* "[Boot Session: ...]", XP "[2003/05/22 16:37:16 336.1808 Driver Install]", "[BeginLog]"... */
static gboolean
bracket_line (setupapi_log *log, const char *t)
{
  g_autofree char *ts = NULL;
  if (g_str_has_prefix (t, "[Boot Session:")) {
    setupapi_section_close (log, SETUPAPI_CLOSE_BOOT);
    g_free (log->boot);
    log->boot = find_timestamp (t);
    log->st.boot_sessions++;
  } else if ((ts = find_timestamp (t)) && strncmp (t + 1, ts, strlen (ts)) == 0) {
    /* After the time stamp: "process.instance", then an optional title. */
    const char *p = t + 1 + strlen (ts);
    p += strspn (p, " ");
    p += strspn (p, "0123456789.");
    g_autofree char *title = g_strndup (p, strcspn (p, "]"));
    setupapi_section_open (log, title, TRUE);
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
    setupapi_section_open (log, NULL, TRUE);
  if (type == 'E' || type == 'W')
    setupapi_section_problem (log, type == 'E', line, msg);
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
      setupapi_section_problem (log, level == 2, line, p);
    return;
  }
  const char *msg = p + cat + 1;
  msg += strspn (msg, " \t");
  if (!log->sec.open)
    setupapi_section_open (log, NULL, FALSE);
  if (level)
    setupapi_section_problem (log, level == 2, line, msg);
  if (*msg == '{')
    setupapi_section_block (log, msg);
  else
    setupapi_said_message (&log->sec.said, msg);
}

/* A complete line from setupapi-text.c; opaque is the log. */
static void
line_dispatch (const char *line, void *opaque)
{
  setupapi_log *log = opaque;
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

/* ---- the reader -------------------------------------------------------------------------- */

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
  GError *err = NULL;
  if (!failed (log, error))
    return FALSE;
  if (!setupapi_text_feed (&log->text, buf, len, &err))
    return fail (log, err, error);
  return TRUE;
}

gboolean
setupapi_log_finish (setupapi_log *log, GError **error)
{
  GError *err = NULL;
  if (!failed (log, error))
    return FALSE;
  if (!setupapi_text_finish (&log->text, &err))
    return fail (log, err, error);
  setupapi_section_close (log, SETUPAPI_CLOSE_END);
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
  setupapi_text_init (&log->text, &log->st, line_dispatch, log);
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
  setupapi_section_clear (&log->sec);
  setupapi_text_clear (&log->text);
  g_free (log->boot);
  g_free (log->st.truncated_in);
  g_clear_error (&log->failure);
  g_free (log);
}
