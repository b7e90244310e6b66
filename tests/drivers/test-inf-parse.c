/* test-inf-parse: the INF parser (drivers/inf-parse.h) on small texts written for each rule. */
#include <config.h>

#include <string.h>
#include <glib.h>

#include "ws-error.h"
#include "ws-text.h"
#include "inf-parse.h"
#include "banned.h"

static struct inf_file *
parse_ok (const void *buf, size_t len)
{
  g_autoptr (GError) err = NULL;
  struct inf_file *inf = inf_file_parse (buf, len, "t.inf", NULL, &err);
  g_assert_no_error (err);
  g_assert_nonnull (inf);
  return inf;
}

/* Parsing must fail with exactly this message. */
static void
parse_fails (const void *buf, size_t len, const char *message)
{
  g_autoptr (GError) err = NULL;
  g_autoptr (inf_file) inf = inf_file_parse (buf, len, "t.inf", NULL, &err);
  g_assert_null (inf);
  g_assert_error (err, WS_ERROR, WS_EXIT_BAD_INPUT);
  g_assert_cmpstr (err->message, ==, message);
}

static const char sample[] =
  "; comment line\r\n"
  "[Version]\r\n"
  "Signature = \"$Windows NT$\" ; trailing comment\r\n"
  "\r\n"
  "[Files]\r\n"
  "a.sys,,,2\r\n"
  "  \"b;c.sys\" , \"say \"\"hi\"\"\" ,, 0x4\r\n"
  "[files]\r\n"
  "d.sys, \\\r\n"
  "  e.sys\r\n"
  "[Strings]\r\n"
  "Vendor = \"Red Hat, Inc.\"\r\n"
  "Pct = \"100%%\"\r\n"
  "Nested = \"by %Vendor%\"\r\n";

static void
test_structure (void)
{
  g_autoptr (inf_file) inf = parse_ok (sample, strlen (sample));
  g_assert_cmpuint (inf->sections->len, ==, 3);   /* [Files] and [files] are one section */
  const struct inf_section *files = inf_file_section (inf, "FILES");
  g_assert_nonnull (files);
  g_assert_cmpstr (files->name, ==, "Files");
  g_assert_cmpuint (files->lineno, ==, 5);
  g_assert_cmpuint (files->lines->len, ==, 3);
  const struct inf_line *l = g_ptr_array_index (files->lines, 0);
  g_assert_null (l->key);
  g_assert_cmpuint (l->n_fields, ==, 4);
  g_assert_cmpstr (l->fields[0], ==, "a.sys");
  g_assert_cmpstr (l->fields[1], ==, "");
  g_assert_cmpstr (l->fields[3], ==, "2");
  l = g_ptr_array_index (files->lines, 1);
  g_assert_cmpuint (l->lineno, ==, 7);
  g_assert_cmpstr (l->fields[0], ==, "b;c.sys");         /* ';' inside quotes is text */
  g_assert_cmpstr (l->fields[1], ==, "say \"hi\"");       /* "" inside quotes is a quote */
  g_assert_cmpstr (l->fields[2], ==, "");
  g_assert_cmpstr (l->fields[3], ==, "0x4");
  l = g_ptr_array_index (files->lines, 2);               /* continued over two lines */
  g_assert_cmpuint (l->lineno, ==, 9);
  g_assert_cmpuint (l->n_fields, ==, 2);
  g_assert_cmpstr (l->fields[1], ==, "e.sys");
  const struct inf_line *sig = inf_section_find (inf_file_section (inf, "version"), "SIGNATURE");
  g_assert_cmpstr (sig->fields[0], ==, "$Windows NT$");
  g_assert_cmpuint (inf->n_lines, ==, 14);
}

static void
test_strings (void)
{
  g_autoptr (inf_file) inf = parse_ok (sample, strlen (sample));
  g_autoptr (GError) err = NULL;
  g_assert_cmpstr (inf_file_string (inf, "VENDOR")->value, ==, "Red Hat, Inc.");  /* comma kept */
  g_autofree char *a = inf_file_expand (inf, "%vendor% x", 1, &err);
  g_assert_cmpstr (a, ==, "Red Hat, Inc. x");
  g_autofree char *b = inf_file_expand (inf, "%%SystemRoot%%\\x.dll", 1, &err);
  g_assert_cmpstr (b, ==, "%SystemRoot%\\x.dll");
  g_autofree char *c = inf_file_expand (inf, "%12%\\viostor.sys", 1, &err);  /* a DIRID stays */
  g_assert_cmpstr (c, ==, "%12%\\viostor.sys");
  g_autofree char *d = inf_file_expand (inf, "%Pct% %Nested%", 1, &err);
  g_assert_cmpstr (d, ==, "100% by Red Hat, Inc.");
  g_autofree char *e = inf_file_expand (inf, "50% off", 1, &err);          /* a lone % is itself */
  g_assert_cmpstr (e, ==, "50% off");
  g_assert_no_error (err);
  g_autofree char *f = inf_file_expand (inf, "%NoSuchKey%", 9, &err);
  g_assert_null (f);
  g_assert_cmpstr (err->message, ==, "cannot parse 't.inf' line 9: undefined string key %NoSuchKey%: expected it in [Strings]");
}

static void
test_locale (void)
{
  static const char text[] =
    "[Version]\nSignature=\"$Windows NT$\"\n[Strings]\nA=\"plain\"\nB=\"only plain\"\n"
    "[Strings.0407]\nA=\"deutsch\"\n[Strings.0409]\nA=\"english\"\n";
  g_autoptr (GError) err = NULL;
  g_autoptr (inf_file) de = inf_file_parse (text, strlen (text), "t.inf", "0407", &err);
  g_assert_cmpstr (inf_file_string (de, "A")->value, ==, "deutsch");
  g_assert_cmpstr (inf_file_string (de, "B")->value, ==, "only plain");   /* falls back to [Strings] */
  g_autoptr (inf_file) en = inf_file_parse (text, strlen (text), "t.inf", NULL, &err);
  g_assert_cmpstr (inf_file_string (en, "A")->value, ==, "english");     /* default locale 0409 */
  g_autoptr (inf_file) fr = inf_file_parse (text, strlen (text), "t.inf", "040c", &err);
  g_assert_cmpstr (inf_file_string (fr, "A")->value, ==, "plain");
}

/* The same INF in every encoding Setup accepts gives the same sections and strings. */
static void
check_same (const struct inf_file *a, const struct inf_file *b)
{
  g_assert_cmpuint (a->sections->len, ==, b->sections->len);
  for (guint i = 0; i < a->sections->len; i++) {
    const struct inf_section *sa = g_ptr_array_index (a->sections, i), *sb = g_ptr_array_index (b->sections, i);
    g_assert_cmpstr (sa->name, ==, sb->name);
    g_assert_cmpuint (sa->lines->len, ==, sb->lines->len);
    for (guint j = 0; j < sa->lines->len; j++) {
      const struct inf_line *la = g_ptr_array_index (sa->lines, j), *lb = g_ptr_array_index (sb->lines, j);
      g_assert_cmpuint (la->lineno, ==, lb->lineno);
      g_assert_cmpstr (la->key, ==, lb->key);
      g_assert_cmpuint (la->n_fields, ==, lb->n_fields);
      for (guint k = 0; k < la->n_fields; k++)
        g_assert_cmpstr (la->fields[k], ==, lb->fields[k]);
    }
  }
}

static GBytes *
utf16 (const char *text, gboolean bom, gboolean big_endian)
{
  gsize len;
  g_autofree guint8 *u = ws_utf8_to_utf16le (text, &len, NULL);
  GByteArray *a = g_byte_array_new ();
  if (bom)
    g_byte_array_append (a, (const guint8 *) (big_endian ? "\xfe\xff" : "\xff\xfe"), 2);
  for (gsize i = 0; i + 2 < len; i += 2) {   /* without the terminating NUL */
    guint8 pair[2] = { big_endian ? u[i + 1] : u[i], big_endian ? u[i] : u[i + 1] };
    g_byte_array_append (a, pair, 2);
  }
  return g_byte_array_free_to_bytes (a);
}

static void
test_encodings (void)
{
  static const char text[] = "[Version]\r\nSignature=\"$Windows NT$\"\r\n[Strings]\r\nName=\"Caf\xc3\xa9\"\r\n";
  g_autoptr (inf_file) ascii = parse_ok (text, strlen (text));
  g_assert_cmpint (ascii->encoding, ==, INF_ENC_UTF8);
  g_auto (GStrv) parts = g_strsplit (text, "\r", -1);
  g_autofree char *lf = g_strjoinv ("", parts);
  g_autoptr (inf_file) unix_ends = parse_ok (lf, strlen (lf));
  check_same (ascii, unix_ends);
  g_autofree char *bom8 = g_strconcat ("\xef\xbb\xbf", text, NULL);
  g_autoptr (inf_file) utf8 = parse_ok (bom8, strlen (bom8));
  g_assert_cmpint (utf8->encoding, ==, INF_ENC_UTF8_BOM);
  check_same (ascii, utf8);
  const gboolean forms[][2] = { { TRUE, FALSE }, { FALSE, FALSE }, { TRUE, TRUE } };
  for (size_t i = 0; i < G_N_ELEMENTS (forms); i++) {
    g_autoptr (GBytes) b = utf16 (text, forms[i][0], forms[i][1]);
    gsize n;
    const void *p = g_bytes_get_data (b, &n);
    g_autoptr (inf_file) u = parse_ok (p, n);
    g_assert_cmpint (u->encoding, ==, forms[i][1] ? INF_ENC_UTF16BE : INF_ENC_UTF16LE);
    check_same (ascii, u);
    g_assert_cmpstr (inf_file_string (u, "name")->value, ==, "Caf\xc3\xa9");
  }
  /* Windows-1252: 0xE9 is e-acute, 0x80 the euro sign. */
  static const char ansi[] = "[Version]\r\nSignature=\"$Windows NT$\"\r\n[Strings]\r\nName=\"Caf\xe9 \x80\"\r\n\x1a";
  g_autoptr (inf_file) a = parse_ok (ansi, strlen (ansi));
  g_assert_cmpint (a->encoding, ==, INF_ENC_ANSI);
  g_assert_cmpstr (inf_file_string (a, "Name")->value, ==, "Caf\xc3\xa9 \xe2\x82\xac");
}

static void
test_errors (void)
{
  parse_fails ("[Version]\nA=\"open\n", 18,
               "cannot parse 't.inf' line 2: unterminated string in [Version]: expected a closing '\"' before the end of the line");
  parse_fails ("junk\n[Version]\n", 15,
               "cannot parse 't.inf' line 1: text outside any section: expected a [section] header first");
  parse_fails ("[Version]\n\n[Strings\n", 20,
               "cannot parse 't.inf' line 3: unterminated section name: expected ']' after '[Strings'");
  parse_fails ("[Version]\n[ ]\n", 14, "cannot parse 't.inf' line 2: empty section name: expected [name]");
  parse_fails ("[Version]\nA=1\n\0\n", 16,
               "cannot parse 't.inf' line 3: NUL byte in text: expected text, found binary data");
  parse_fails ("\xff\xfe[\0V\0]\0\n\0x", 11,
               "cannot parse 't.inf' line 2: truncated UTF-16 text: expected an even number of bytes, found 9");
  parse_fails ("\xef\xbb\xbf[V]\n\xff\n", 9,
               "cannot parse 't.inf' line 2: invalid UTF-8 text: expected UTF-8 after the byte-order mark");
}

static void
test_limits (void)
{
  GString *s = g_string_new ("[Version]\n[Strings]\nX=\"");
  for (int i = 0; i < INF_MAX_FIELD_LEN + 1; i++)
    g_string_append_c (s, 'x');
  g_string_append (s, "\"\n");
  parse_fails (s->str, s->len, "cannot parse 't.inf' line 3: value too long in [Strings]: expected at most 4096 characters");
  g_string_assign (s, "[Version]\nA=");
  for (int i = 0; i < INF_MAX_LINE_LEN; i++)
    g_string_append_c (s, i % 64 == 63 ? ',' : 'y');
  g_string_append (s, "z\n");
  parse_fails (s->str, s->len, "cannot parse 't.inf' line 2: line too long in [Version]: expected at most 65536 characters");
  g_string_truncate (s, 0);
  for (int i = 0; i <= INF_MAX_SECTIONS; i++)
    g_string_append_printf (s, "[s%d]\n", i);
  g_autofree char *msg = g_strdup_printf ("cannot parse 't.inf' line %d: too many sections: expected at most %d",
                                          INF_MAX_SECTIONS + 1, INF_MAX_SECTIONS);
  parse_fails (s->str, s->len, msg);
  g_string_free (s, TRUE);
}

static void
test_expansion_limits (void)
{
  static const char loop[] = "[Strings]\nA=\"%B%\"\nB=\"x%A%\"\n";
  g_autoptr (inf_file) inf = parse_ok (loop, strlen (loop));
  g_autoptr (GError) err = NULL;
  g_autofree char *v = inf_file_expand (inf, "%A%", 7, &err);
  g_assert_null (v);
  g_assert_cmpstr (err->message, ==,
                   "cannot parse 't.inf' line 7: string %A% nests more than 8 levels: expected a value that does not refer to itself");
  /* Eight levels of fan-out that expand to nothing: bounded work, then an error. */
  GString *s = g_string_new ("[Strings]\n");
  for (char c = 'a'; c < 'h'; c++) {
    g_string_append_printf (s, "%c=\"", c);
    for (int i = 0; i < 16; i++)
      g_string_append_printf (s, "%%%c%%", c + 1);
    g_string_append (s, "\"\n");
  }
  g_string_append (s, "h=\"\"\n");
  g_autoptr (inf_file) fan = parse_ok (s->str, s->len);
  g_clear_error (&err);
  g_autofree char *w = inf_file_expand (fan, "%a%", 3, &err);
  g_assert_null (w);
  g_assert_cmpstr (err->message, ==, "cannot parse 't.inf' line 3: too many string substitutions: expected at most 4096");
  g_string_free (s, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/inf-parse/structure", test_structure);
  g_test_add_func ("/inf-parse/strings", test_strings);
  g_test_add_func ("/inf-parse/locale", test_locale);
  g_test_add_func ("/inf-parse/encodings", test_encodings);
  g_test_add_func ("/inf-parse/errors", test_errors);
  g_test_add_func ("/inf-parse/limits", test_limits);
  g_test_add_func ("/inf-parse/expansion-limits", test_expansion_limits);
  return g_test_run ();
}
