/* diagnose-firstboot: what the first-boot payload did, from %SystemRoot%\winseed\firstboot.log
 * (one line per step, `date time;step;result;code`: docs/firstboot.md#payload). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "fb.h"
#include "guest.h"
#include "diagnose.h"
#include "banned.h"

/* The log is a few dozen lines per boot over at most a few boots: anything bigger is not ours. */
#define FB_LOG_MAX (1024 * 1024)

static gboolean
is_nic_step (const char *step, const char *suffix)
{
  return g_ascii_strncasecmp (step, "nic", 3) == 0 && g_str_has_suffix (step, suffix);
}

/* One step's outcome in words. */
static char *
explain (const char *step, const char *result, const char *code)
{
  if (strcmp (step, "boot") == 0 && strcmp (result, "start") == 0)
    return g_strdup_printf ("boot %s of at most %d: the payload started", code, FB_DEFAULT_BOOTS);
  if (strcmp (step, "wait-nic") == 0)
    return strcmp (result, "found") == 0
      ? g_strdup_printf ("the new NICs were present after %s s", code)
      : g_strdup_printf ("no new NIC appeared within %s s (is NetKVM installed and the NIC virtio?)", code);
  if (is_nic_step (step, "-find"))
    return strcmp (result, "virtio-nics") == 0
      ? g_strdup_printf ("%s virtio NICs present and no MAC to tell them apart: nothing changed", code)
      : g_strdup ("no NIC with the expected MAC (did the target VM keep the source MAC?)");
  if (strcmp (step, "run") == 0) {
    if (strcmp (result, "done") == 0)
      return g_strdup ("every step done");
    if (strcmp (result, "retry-next-boot") == 0)
      return g_strdup_printf ("some step failed on boot %s: tried again at the next boot", code);
    if (strcmp (result, "gave-up") == 0)
      return g_strdup_printf ("some step still failed on boot %s, the last one: gave up", code);
    if (strcmp (result, "already-done") == 0)
      return g_strdup ("started again after finishing: only removed the hook");
  }
  if (strcmp (step, "unhook") == 0)
    return strcmp (result, "ok") == 0 ? g_strdup ("the first-boot service or hook was removed")
                                      : g_strdup_printf ("removing the hook failed (exit code %s)", code);
  if (strcmp (result, "ok") == 0)
    return g_strdup ("done");
  if (strcmp (result, "failed") == 0)
    return g_strdup_printf ("failed with exit code %s", code);
  return g_strdup_printf ("%s (%s)", result, code);
}

JsonArray *
diag_firstboot_parse (const char *text, size_t len, guint *failed)
{
  JsonArray *steps = json_array_new ();
  g_autofree char *copy = g_strndup (text, len);
  g_auto (GStrv) lines = g_strsplit (copy, "\n", -1);
  *failed = 0;
  for (size_t i = 0; lines[i]; i++) {
    g_strchomp (lines[i]);   /* CRLF */
    if (!lines[i][0])
      continue;
    g_auto (GStrv) f = g_strsplit (lines[i], ";", 4);
    JsonObject *o = json_object_new ();
    json_object_set_int_member (o, "line", (gint64) i + 1);
    if (g_strv_length (f) != 4) {
      json_object_set_string_member (o, "text", lines[i]);
      json_object_set_string_member (o, "meaning", "not a first-boot log line");
      json_array_add_object_element (steps, o);
      continue;
    }
    g_strstrip (f[0]);
    json_object_set_string_member (o, "time", f[0]);
    json_object_set_string_member (o, "step", f[1]);
    json_object_set_string_member (o, "result", f[2]);
    json_object_set_string_member (o, "code", f[3]);
    g_autofree char *why = explain (f[1], f[2], f[3]);
    json_object_set_string_member (o, "meaning", why);
    gboolean bad = strcmp (f[2], "failed") == 0 || strcmp (f[2], "missing") == 0
      || strcmp (f[2], "timeout") == 0 || strcmp (f[2], "gave-up") == 0 || strcmp (f[2], "virtio-nics") == 0;
    json_object_set_boolean_member (o, "failed", bad);
    *failed += bad;
    json_array_add_object_element (steps, o);
  }
  return steps;
}

gboolean
diag_read_firstboot (struct diag *d, session *s, GError **error)
{
  guest *g = session_guest (s);
  g_autofree char *want = g_strdup_printf ("%s/" FB_DIR "/firstboot.log", session_root (s)->systemroot);
  GError *e = NULL;
  g_autofree char *real = guest_resolve (g, want, &e);
  if (e) {
    g_propagate_error (error, e);
    return FALSE;
  }
  if (!real || !guest_is_file (g, real))
    return TRUE;   /* no first boot yet, or none scheduled */
  gint64 size = guest_filesize (g, real, error);
  if (size < 0)
    return FALSE;
  d->firstboot_log = g_strdup (real);
  if (size > FB_LOG_MAX) {
    d->firstboot_error = g_strdup_printf ("%" G_GINT64_FORMAT " bytes: too big for a first-boot log", size);
    return TRUE;
  }
  g_autofree char *local = g_build_filename (session_scratch (s), "firstboot.log", NULL);
  if (!guest_download (g, real, local, error))
    return FALSE;
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (local, &text, &len, &e)) {
    d->firstboot_error = g_strdup (e->message);
    g_error_free (e);
    return TRUE;
  }
  d->firstboot = diag_firstboot_parse (text, len, &d->firstboot_failed);
  return TRUE;
}
