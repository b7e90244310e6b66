/* test-regf-patch: hive/regf-patch.c against hivex, and against crashes.
 *
 *   test-regf-patch HIVE PLAN DIR [crash] [cost] [as-is] [mutate=N]
 *
 * PLAN is a plan of plans.h (every-op, bench) or of this file: mixed (every operation on keys the
 * XP, 7 and 10 SYSTEM hives all have, inline and cell data, Latin-1 and UTF-16 names) or ri (new,
 * changed and deleted keys under Classes\CLSID of a hive padded by images/padhive, an index
 * root); or straddle (a value on a key whose record spans two pages, which must be refused
 * with the fallback flag).  It checks, and prints "FAIL: ..." and exits 1 on the first failure:
 *
 *   - every LINK write lies in one 4096-byte page and every APPEND write past the old bins;
 *   - DIR/patched (all the writes applied to a copy) holds the plan (hive_apply_verify), and
 *     every key of it reads as in DIR/hivex, the plan applied by hive_apply; the shell test
 *     compares their hivexregedit exports too;
 *   - a second patch over DIR/patched is empty;
 *   - the old bytes, applied in reverse order, and a truncation restore HIVE byte for byte;
 *   - crash: after every prefix of every stage, every single write of a stage alone, and (LINK)
 *     every subset of its writes (up to 8 of them; else each alone and all but one), the file opens in hivex, every key reads, each key the plan touches
 *     reads either as before or as after, and while only APPEND and HEADER writes have landed the
 *     whole hive reads as before;
 *   - cost: the patch read less than 4 MiB of the hive;
 *   - the undo record (hive/regf-undo.c), which joins nearby writes of a group into one step:
 *     decoded again, its steps applied give DIR/patched byte for byte, its old bytes applied
 *     backwards and a truncation give HIVE back, it has no more steps than the patch has writes,
 *     and with crash, every prefix of every group and each step of a group alone leaves a hive
 *     that loads with each touched key as before or after; the record cut short anywhere fails
 *     to decode, and with a byte changed decodes or fails with a bad-input error.
 *
 * mutate=N instead damages the hive N times where the patch reads it (see check_mutations).
 *
 * A hive whose sequence numbers differ is patched as a copy whose numbers agree (see
 * equal_sequences), unless as-is.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hivex.h>

#include "ws-error.h"
#include "hive-apply.h"
#include "regf-patch.h"
#include "regf-undo.h"
#include "plans.h"
#include "banned.h"

#define SYS REG_HIVE_SYSTEM

static const char *state;  /* the crash state being checked, for messages */

static void G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
fail (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  printf ("FAIL: %s%s%s\n", state ? state : "", state ? ": " : "", msg);
  exit (1);
}

/* ---- plans ---- */

static struct reg_plan *
plan_mixed (void)
{
  g_autoptr (GError) e = NULL;
  g_autoptr (reg_plan) p = reg_plan_new ();
  const char *disk = "ControlSet001\\Services\\Disk", *nk = "ControlSet001\\Services\\aaa_regf";
  static const uint8_t big[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  static const char *const multi[] = { "one", "two", NULL };
  gboolean ok = reg_plan_add_dword (p, SYS, disk, "start", 3, "replace, other case", &e)
    && reg_plan_add_dword (p, SYS, disk, "RegfNew", 7, "inline", &e)
    && reg_plan_add_binary (p, SYS, disk, "RegfBig", big, sizeof big, "cell", &e)
    && reg_plan_add_delete_value (p, SYS, disk, "Group", "delete", &e)
    && reg_plan_add_delete_value (p, SYS, disk, "NoSuchValue", "absent", &e)
    && reg_plan_add_sz (p, SYS, "Select", "RegfNote", "a note", "other key", &e)
    && reg_plan_add_ensure_key (p, SYS, "ControlSet001\\Services\\Tcpip\\Linkage\\RegfSub", "t", &e)
    && reg_plan_add_ensure_key (p, SYS, nk, "new key", &e)
    && reg_plan_add_multi_sz (p, SYS, "ControlSet001\\Services\\aaa_regf\\Parameters\\Deep", "M",
                              multi, "deep new keys", &e)
    && reg_plan_add_dword (p, SYS, "ControlSet001\\Services\\zzz_regf", "Start", 4, "last", &e)
    && reg_plan_add_dword (p, SYS, "ControlSet001\\Services\\M_regf_caf\xc3\xa9", "", 1, "latin1", &e)
    && reg_plan_add_ensure_key (p, SYS, "ControlSet001\\Services\\regf\xe5\x90\x8d", "utf16", &e)
    && reg_plan_add_sz (p, SYS, nk, "Gone", "x", "set then deleted", &e)
    && reg_plan_add_delete_value (p, SYS, nk, "Gone", "t", &e)
    && reg_plan_add_ensure_key (p, SYS, "ControlSet001\\Services\\tmp_regf", "created", &e)
    && reg_plan_add_delete_key (p, SYS, "ControlSet001\\Services\\tmp_regf", "then deleted", &e)
    && reg_plan_add_delete_tree (p, SYS, "ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces",
                                 "a subtree, then its ancestor's", &e)
    && reg_plan_add_delete_tree (p, SYS, "ControlSet001\\Services\\Tcpip\\Parameters", "tree", &e)
    && reg_plan_add_delete_key (p, SYS, "ControlSet001\\Services\\Tcpip\\Performance", "leaf", &e)
    && reg_plan_add_delete_key (p, SYS, "ControlSet001\\Services\\NoSuch", "absent", &e)
    && reg_plan_add_dword (p, SYS, "ControlSet001\\Services\\Tcpip\\Parameters\\Interfaces", "Again",
                           1, "recreated under a deleted tree", &e);
  if (!ok)
    fail ("plan: %s", e->message);
  return g_steal_pointer (&p);
}

static struct reg_plan *
plan_ri (void)
{
  g_autoptr (GError) e = NULL;
  g_autoptr (reg_plan) p = reg_plan_new ();
  const char *c = "Classes\\CLSID\\";
  g_autofree char *first = g_strconcat (c, "{00000000-0000-0000-0000-000000000000}", NULL);
  g_autofree char *mid = g_strconcat (c, "{88888888-0000-0000-0000-000000000000}\\InprocServer32", NULL);
  g_autofree char *last = g_strconcat (c, "{ffffffff-0000-0000-0000-000000000000}", NULL);
  g_autofree char *gone = g_strconcat (c, "{00077973-721A-D1B1-DC56-10D43430D7FB}", NULL);
  g_autofree char *kept = g_strconcat (c, "{002B5A8C-96E9-7A25-7FE1-75EF8094ACAB}", NULL);
  gboolean ok = reg_plan_add_ensure_key (p, SYS, first, "first", &e)
    && reg_plan_add_sz (p, SYS, mid, "", "x.dll", "middle", &e)
    && reg_plan_add_sz (p, SYS, mid, "ThreadingModel", "Both", "middle", &e)
    && reg_plan_add_dword (p, SYS, last, "V", 1, "last", &e)
    && reg_plan_add_delete_tree (p, SYS, gone, "delete in an ri leaf", &e)
    && reg_plan_add_sz (p, SYS, kept, "RegfNote", "n", "value in an ri leaf", &e);
  if (!ok)
    fail ("plan: %s", e->message);
  return g_steal_pointer (&p);
}

static struct reg_plan *
get_plan (const char *name)
{
  if (strcmp (name, "mixed") == 0)
    return plan_mixed ();
  if (strcmp (name, "ri") == 0)
    return plan_ri ();
  g_autoptr (GError) e = NULL;
  struct reg_plan *p = test_plan (name, &e);
  if (p == NULL)
    fail ("plan: %s", e->message);
  return p;
}

static gboolean
recreates (const struct reg_plan *plan)
{
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    const struct reg_edit *d = reg_plan_get (plan, i);
    if (d->op != REG_OP_DELETE_KEY && d->op != REG_OP_DELETE_TREE)
      continue;
    size_t n = strlen (d->key);
    for (size_t j = i + 1; j < reg_plan_len (plan); j++) {
      const struct reg_edit *c = reg_plan_get (plan, j);
      if ((c->op == REG_OP_SET_VALUE || c->op == REG_OP_ENSURE_KEY)
          && g_ascii_strncasecmp (c->key, d->key, n) == 0 && (c->key[n] == 0 || c->key[n] == '\\'))
        return TRUE;
    }
  }
  return FALSE;
}

/* ---- a hive in memory as a regf source ---- */

struct mem {
  const uint8_t *buf;
  uint64_t size;
  GHashTable *read;  /* when set: the chunk offsets read */
};

static size_t
mem_read (void *ctx, uint64_t off, size_t len, uint8_t *buf, GError **error)
{
  struct mem *m = ctx;
  size_t n = (size_t) MIN ((uint64_t) len, m->size - off);
  if (m->read)
    g_hash_table_add (m->read, GSIZE_TO_POINTER (off));
  memcpy (buf, m->buf + off, n);
  return n;
}

static regf_patch *
patch (const uint8_t *buf, uint64_t size, const struct reg_plan *plan)
{
  struct mem m = { buf, size };
  struct regf_source src = { .size = size, .read = mem_read, .ctx = &m };
  g_autoptr (GError) e = NULL;
  gboolean fallback;
  regf_patch *p = regf_patch_new (&src, plan, SYS, &fallback, &e);
  if (p == NULL)
    fail ("regf_patch_new: %s%s", e->message, fallback ? " (fallback)" : "");
  return p;
}

/* ---- applying writes ---- */

/* The writes selected (by global index) of every stage, applied to a copy of the original. */
static GByteArray *
apply (const GByteArray *orig, const regf_patch *p, gboolean (*pick) (int s, guint i, void *),
       void *ctx)
{
  GByteArray *b = g_byte_array_sized_new ((guint) regf_patch_new_size (p));
  g_byte_array_append (b, orig->data, orig->len);
  for (int s = 0; s < REGF_STAGE_COUNT; s++) {
    const GArray *ws = regf_patch_stage (p, s);
    for (guint i = 0; i < ws->len; i++) {
      const struct regf_write *w = &g_array_index (ws, struct regf_write, i);
      if (!pick (s, i, ctx))
        continue;
      if (w->offset + w->len > b->len)
        g_byte_array_set_size (b, (guint) (w->offset + w->len));
      memcpy (b->data + w->offset, w->data, w->len);
    }
  }
  return b;
}

static gboolean
pick_all (int s, guint i, void *ctx)
{
  return TRUE;
}

/* Stages before `stage` whole; of `stage`, the writes mode selects. */
struct sel {
  int stage;
  enum { PREFIX, ONLY, ALL_BUT, SUBSET } mode;
  guint n;  /* SUBSET: a bit mask of the writes */
};

static gboolean
pick_sel (int s, guint i, void *ctx)
{
  const struct sel *x = ctx;
  if (s != x->stage)
    return s < x->stage;
  if (x->mode == SUBSET)
    return i < 32 && (x->n >> i & 1);
  return x->mode == PREFIX ? i < x->n : x->mode == ONLY ? i == x->n : i != x->n;
}

static void
save (const char *path, const GByteArray *b)
{
  g_autoptr (GError) e = NULL;
  if (!g_file_set_contents (path, (const char *) b->data, b->len, &e))
    fail ("%s", e->message);
}

/* ---- reading with hivex ---- */

static void
dump_values (hive_h *h, hive_node_h n, GString *out)
{
  g_autofree hive_value_h *vs = hivex_node_values (h, n);
  if (vs == NULL)
    fail ("hivex cannot list values: %s", g_strerror (errno));
  for (size_t i = 0; vs[i]; i++) {
    g_autofree char *name = hivex_value_key (h, vs[i]);
    hive_type t;
    size_t len;
    g_autofree char *data = hivex_value_value (h, vs[i], &t, &len);
    if (name == NULL || data == NULL)
      fail ("hivex cannot read a value: %s", g_strerror (errno));
    g_string_append_printf (out, "  \"%s\" %x:", name, (unsigned) t);
    for (size_t j = 0; j < len; j++)
      g_string_append_printf (out, "%02x", (uint8_t) data[j]);
    g_string_append_c (out, '\n');
  }
}

/* A key's values and subkey names; with recurse, its whole subtree. */
static void
dump_node (hive_h *h, hive_node_h n, const char *path, gboolean recurse, GString *out)
{
  g_string_append_printf (out, "[%s]\n", path);
  dump_values (h, n, out);
  g_autofree hive_node_h *kids = hivex_node_children (h, n);
  if (kids == NULL)
    fail ("hivex cannot list subkeys of '%s': %s", path, g_strerror (errno));
  for (size_t i = 0; kids[i]; i++) {
    g_autofree char *name = hivex_node_name (h, kids[i]);
    if (name == NULL)
      fail ("hivex cannot read a key name: %s", g_strerror (errno));
    g_autofree char *sub = g_strconcat (path, "\\", name, NULL);
    if (recurse)
      dump_node (h, kids[i], sub, TRUE, out);
    else
      g_string_append_printf (out, "  > %s\n", name);
  }
}

static hive_node_h
find_key (hive_h *h, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "\\", -1);
  hive_node_h n = hivex_root (h);
  for (size_t i = 0; n && parts[i]; i++)
    n = hivex_node_get_child (h, n, parts[i]);
  return n;
}

/* Every key path the plan names, with its ancestors, lower-cased. */
static GPtrArray *
plan_keys (const struct reg_plan *plan)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  for (size_t i = 0; i < reg_plan_len (plan); i++) {
    g_autofree char *k = g_ascii_strdown (reg_plan_get (plan, i)->key, -1);
    for (char *s = k; s;) {
      char *end = strchr (s, '\\');
      g_autofree char *prefix = g_strndup (k, end ? (size_t) (end - k) : strlen (k));
      if (!g_hash_table_contains (seen, prefix)) {
        char *own = g_strdup (prefix);
        g_ptr_array_add (keys, own);
        g_hash_table_add (seen, own);
      }
      s = end ? end + 1 : NULL;
    }
  }
  return keys;
}

struct view {
  GString *all;       /* the whole tree (NULL when not asked) */
  GPtrArray *keys;    /* one dump per plan key, "absent" for none */
};

static void
view_clear (struct view *v)
{
  if (v->all)
    g_string_free (v->all, TRUE);
  if (v->keys)
    g_ptr_array_unref (v->keys);
}

static struct view
read_hive (const char *path, const GPtrArray *keys, gboolean all)
{
  struct view v = { NULL, g_ptr_array_new_with_free_func (g_free) };
  hive_h *h = hivex_open (path, 0);
  if (h == NULL)
    fail ("hivex cannot open '%s': %s", path, g_strerror (errno));
  if (all) {
    v.all = g_string_new (NULL);
    dump_node (h, hivex_root (h), "", TRUE, v.all);
  }
  for (guint i = 0; i < keys->len; i++) {
    hive_node_h n = find_key (h, g_ptr_array_index (keys, i));
    GString *s = g_string_new (NULL);
    if (n)
      dump_node (h, n, "", FALSE, s);
    else
      g_string_append (s, "absent");
    g_ptr_array_add (v.keys, g_string_free (s, FALSE));
  }
  hivex_close (h);
  return v;
}

/* ---- checks ---- */

static void
check_shape (const regf_patch *p, uint64_t bins_end)
{
  const GArray *link = regf_patch_stage (p, REGF_STAGE_LINK);
  for (guint i = 0; i < link->len; i++) {
    const struct regf_write *w = &g_array_index (link, struct regf_write, i);
    if (w->offset / 4096 != (w->offset + w->len - 1) / 4096)
      fail ("LINK write %u at 0x%llx (%u bytes) crosses a page", i, (unsigned long long) w->offset, w->len);
  }
  const GArray *app = regf_patch_stage (p, REGF_STAGE_APPEND);
  for (guint i = 0; i < app->len; i++)
    if (g_array_index (app, struct regf_write, i).offset < bins_end)
      fail ("APPEND write %u lies inside the old bins", i);
  if (!regf_patch_empty (p) && regf_patch_stage (p, REGF_STAGE_HEADER)->len != 1)
    fail ("no single header write");
}

static void
check_undo (const GByteArray *orig, const regf_patch *p)
{
  g_autoptr (GByteArray) b = apply (orig, p, pick_all, NULL);
  for (int s = REGF_STAGE_COUNT; s-- > 0;) {
    const GArray *ws = regf_patch_stage (p, s);
    for (guint i = ws->len; i-- > 0;) {
      const struct regf_write *w = &g_array_index (ws, struct regf_write, i);
      if (w->old_len)
        memcpy (b->data + w->offset, w->old, w->old_len);
    }
  }
  g_byte_array_set_size (b, (guint) regf_patch_old_size (p));
  if (b->len != orig->len || memcmp (b->data, orig->data, orig->len) != 0)
    fail ("undo does not restore the original bytes");
}

/* One crash state: loads (hivex checks every cell when it opens a hive), each plan key reads as
 * before or after, and with walk, every key and value reads. */
static void
check_state (const char *dir, const GByteArray *b, const GPtrArray *keys, const struct view *before,
             const struct view *after, gboolean as_before, gboolean walk, const char *what)
{
  g_autofree char *path = g_build_filename (dir, "crash", NULL);
  save (path, b);
  state = what;
  struct view v = read_hive (path, keys, walk || as_before);
  if (as_before && strcmp (v.all->str, before->all->str) != 0)
    fail ("the hive does not read as before");
  for (guint i = 0; i < keys->len; i++) {
    const char *s = g_ptr_array_index (v.keys, i);
    if (strcmp (s, g_ptr_array_index (before->keys, i)) && strcmp (s, g_ptr_array_index (after->keys, i)))
      fail ("key '%s' is half-edited:\n%s", (char *) g_ptr_array_index (keys, i), s);
  }
  view_clear (&v);
  state = NULL;
}

static void
check_crashes (const char *dir, const GByteArray *orig, const regf_patch *p, const GPtrArray *keys,
               const struct view *before, const struct view *after)
{
  guint states = 0;
  for (int s = 0; s < REGF_STAGE_COUNT; s++) {
    guint n = regf_patch_stage (p, s)->len;
    gboolean as_before = s <= REGF_STAGE_HEADER;
    /* A free that hit a live cell shows once every free has landed: the FREE stage's other
     * states are only opened and their touched keys read (a full walk each is slow). */
    gboolean walk = s != REGF_STAGE_FREE;
    for (guint k = 0; k <= n; k++) {
      struct sel x = { s, PREFIX, k };
      g_autoptr (GByteArray) b = apply (orig, p, pick_sel, &x);
      g_autofree char *what = g_strdup_printf ("stage %d, first %u writes", s, k);
      check_state (dir, b, keys, before, after, as_before, walk || k == n, what);
      states++;
    }
    /* LINK writes are the ones whose order matters most: every subset of up to 8 of them. */
    if (s == REGF_STAGE_LINK && n <= 8) {
      for (guint mask = 1; mask < (1u << n); mask++) {
        struct sel x = { s, SUBSET, mask };
        g_autoptr (GByteArray) b = apply (orig, p, pick_sel, &x);
        g_autofree char *what = g_strdup_printf ("stage %d, writes 0x%x", s, mask);
        check_state (dir, b, keys, before, after, FALSE, TRUE, what);
        states++;
      }
      continue;
    }
    for (guint k = 0; n > 1 && k < n; k++) {
      struct sel x = { s, ONLY, k };
      g_autoptr (GByteArray) b = apply (orig, p, pick_sel, &x);
      g_autofree char *what = g_strdup_printf ("stage %d, write %u alone", s, k);
      check_state (dir, b, keys, before, after, as_before, walk, what);
      states++;
      if (s != REGF_STAGE_LINK || n < 3)
        continue;
      struct sel y = { s, ALL_BUT, k };
      g_autoptr (GByteArray) c = apply (orig, p, pick_sel, &y);
      g_autofree char *what2 = g_strdup_printf ("stage %d, all writes but %u", s, k);
      check_state (dir, c, keys, before, after, FALSE, TRUE, what2);
      states++;
    }
  }
  printf ("ok: %u crash states load, every touched key as before or after\n", states);
}

/* ---- the undo record ---- */

/* A record cut short fails to decode, and one with a byte changed decodes or fails with one
 * line (no crash: run under --enable-sanitizers for memory errors).  Every position of the
 * header and the first steps, then one in 251. */
#define PROBED(i) ((i) < 1024 || (i) % 251 == 0)
static void
check_record_hostile (GBytes *rec)
{
  gsize len;
  const uint8_t *data = g_bytes_get_data (rec, &len);
  for (gsize cut = 0; cut < len; cut++) {
    if (!PROBED (cut))
      continue;
    g_autoptr (GBytes) b = g_bytes_new_static (data, cut);
    g_autoptr (GError) e = NULL;
    g_autoptr (regf_undo) u = regf_undo_decode (b, "cut", &e);
    if (u != NULL || e == NULL || strchr (e->message, '\n'))
      fail ("a record cut to %zu of %zu bytes %s", cut, len, u ? "decoded" : "failed without one line");
  }
  g_autofree uint8_t *copy = g_memdup2 (data, len);
  for (gsize i = 0; i < len; i++) {
    for (int bit = 0; PROBED (i) && bit < 8; bit += 7) {
      copy[i] ^= (uint8_t) (1u << bit);
      g_autoptr (GBytes) b = g_bytes_new_static (copy, len);
      g_autoptr (GError) e = NULL;
      g_autoptr (regf_undo) u = regf_undo_decode (b, "flipped", &e);
      if (u == NULL && (e == NULL || e->code != WS_EXIT_BAD_INPUT))
        fail ("a record with byte %zu changed failed without a bad-input error", i);
      for (guint k = 0; u && k < regf_undo_len (u); k++) {
        const struct regf_undo_step *st = regf_undo_step (u, k);
        if (st->offset + st->new_len > regf_undo_new_size (u))
          fail ("a record with byte %zu changed decoded a step past the new size", i);
      }
      copy[i] ^= (uint8_t) (1u << bit);
    }
  }
}

static regf_undo *
record (const GByteArray *orig, const regf_patch *p)
{
  struct mem m = { orig->data, orig->len };
  struct regf_source src = { .size = orig->len, .read = mem_read, .ctx = &m };
  g_autoptr (regf_cache) cache = regf_cache_new (&src, 1u << 20);
  g_autoptr (GError) e = NULL;
  g_autoptr (GBytes) rec = regf_undo_encode (p, cache, &e);
  if (rec == NULL)
    fail ("regf_undo_encode: %s", e->message);
  regf_undo *u = regf_undo_decode (rec, "record", &e);
  if (u == NULL)
    fail ("regf_undo_decode of what regf_undo_encode made: %s", e->message);
  check_record_hostile (rec);
  return u;
}

/* The steps of groups before grp whole; of grp, step `only` alone (or the first `n` of it when
 * only is -1), applied to a copy of the original. */
static GByteArray *
apply_steps (const GByteArray *orig, const regf_undo *u, int grp, int only, guint n)
{
  GByteArray *b = g_byte_array_new ();
  g_byte_array_append (b, orig->data, orig->len);
  guint in_grp = 0;
  for (guint i = 0; i < regf_undo_len (u); i++) {
    const struct regf_undo_step *st = regf_undo_step (u, i);
    int g = regf_undo_group (st->stage);
    if (g > grp)
      continue;
    if (g == grp) {
      guint k = in_grp++;
      if (only >= 0 ? k != (guint) only : k >= n)
        continue;
    }
    if (st->offset + st->new_len > b->len)
      g_byte_array_set_size (b, (guint) (st->offset + st->new_len));
    memcpy (b->data + st->offset, st->new_data, st->new_len);
  }
  return b;
}

static void
check_record (const char *dir, const GByteArray *orig, const regf_patch *p, const GByteArray *full,
              const GPtrArray *keys, const struct view *before, const struct view *after, gboolean crash)
{
  g_autoptr (regf_undo) u = record (orig, p);
  guint writes = 0;
  for (int s = 0; s < REGF_STAGE_COUNT; s++)
    writes += regf_patch_stage (p, s)->len;
  if (regf_undo_len (u) > writes)
    fail ("the record has %u steps for %u writes", regf_undo_len (u), writes);
  g_autoptr (GByteArray) all = apply_steps (orig, u, REGF_UNDO_GROUPS, -1, 0);
  g_byte_array_set_size (all, (guint) MAX (all->len, regf_undo_new_size (u)));
  if (all->len != full->len || memcmp (all->data, full->data, full->len) != 0)
    fail ("the record's steps do not give the patched hive");
  for (guint i = regf_undo_len (u); i-- > 0;) {
    const struct regf_undo_step *st = regf_undo_step (u, i);
    if (st->old_len)
      memcpy (all->data + st->offset, st->old_data, st->old_len);
  }
  g_byte_array_set_size (all, (guint) regf_undo_old_size (u));
  if (all->len != orig->len || memcmp (all->data, orig->data, orig->len) != 0)
    fail ("the record's undo does not restore the original bytes");
  printf ("ok: the undo record (%u steps for %u writes) gives the patched hive and undoes it\n",
          regf_undo_len (u), writes);
  if (!crash)
    return;
  guint states = 0, per[REGF_UNDO_GROUPS] = { 0 };
  for (guint i = 0; i < regf_undo_len (u); i++)
    per[regf_undo_group (regf_undo_step (u, i)->stage)]++;
  for (int g = 0; g < REGF_UNDO_GROUPS; g++) {
    for (guint k = 0; k <= per[g]; k++) {
      g_autoptr (GByteArray) b = apply_steps (orig, u, g, -1, k);
      g_autofree char *what = g_strdup_printf ("record group %d, first %u steps", g, k);
      check_state (dir, b, keys, before, after, g <= 1, TRUE, what);
      states++;
    }
    for (guint k = 0; per[g] > 1 && k < per[g]; k++) {
      g_autoptr (GByteArray) b = apply_steps (orig, u, g, (int) k, 0);
      g_autofree char *what = g_strdup_printf ("record group %d, step %u alone", g, k);
      check_state (dir, b, keys, before, after, g <= 1, TRUE, what);
      states++;
    }
  }
  printf ("ok: %u crash states of the record load, every touched key as before or after\n", states);
}

/* The Windows 10 fixture was copied from a running system: its sequence numbers differ, which
 * regf-patch refuses (the log was not replayed).  Tests take a copy whose numbers agree, as a
 * clean shutdown or hivex's commit leaves them: the refusal itself is tested by the shell test. */
static const char *
equal_sequences (GByteArray *b, const char *dir)
{
  static char path[4096];
  if (b->len < 4096 || memcmp (b->data + 4, b->data + 8, 4) == 0)
    return NULL;
  memcpy (b->data + 8, b->data + 4, 4);
  uint32_t sum = 0;
  for (size_t i = 0; i < 0x1fc; i += 4)
    sum ^= (uint32_t) b->data[i] | (uint32_t) b->data[i + 1] << 8 | (uint32_t) b->data[i + 2] << 16
           | (uint32_t) b->data[i + 3] << 24;
  sum = sum == 0 ? 1 : sum == 0xffffffffu ? 0xfffffffeu : sum;
  for (int i = 0; i < 4; i++)
    b->data[0x1fc + i] = (uint8_t) (sum >> (8 * i));
  g_autofree char *p = g_build_filename (dir, "orig", NULL);
  save (p, b);
  g_strlcpy (path, p, sizeof path);
  return path;
}

/* The path of a key whose value fields (0x28) and value-name hint (0x40..0x48) lie in two pages,
 * or NULL. */
static char *
straddling_key (const char *hive)
{
  hive_h *h = hivex_open (hive, 0);
  if (h == NULL)
    fail ("hivex cannot open '%s'", hive);
  g_autoptr (GArray) todo = g_array_new (FALSE, FALSE, sizeof (hive_node_h));
  hive_node_h root = hivex_root (h), found = 0;
  g_array_append_val (todo, root);
  while (todo->len && !found) {
    hive_node_h n = g_array_index (todo, hive_node_h, todo->len - 1);
    g_array_set_size (todo, todo->len - 1);
    if (n != root && (n + 0x28) / 4096 != (n + 0x47) / 4096)
      found = n;
    g_autofree hive_node_h *kids = hivex_node_children (h, n);
    for (size_t i = 0; kids && kids[i]; i++)
      g_array_append_val (todo, kids[i]);
  }
  GString *path = NULL;
  for (hive_node_h n = found; n && n != root; n = hivex_node_parent (h, n)) {
    g_autofree char *name = hivex_node_name (h, n);
    if (path == NULL)
      path = g_string_new (name);
    else {
      g_string_prepend_c (path, '\\');
      g_string_prepend (path, name);
    }
  }
  hivex_close (h);
  return path ? g_string_free (path, FALSE) : NULL;
}

/* A value whose name is longer than any: the key's write would cross a page, so the patch must
 * be refused with the fallback flag, not made. */
static int
check_straddle (const char *hive, GByteArray *orig)
{
  g_autofree char *key = straddling_key (hive);
  if (key == NULL)
    fail ("no key of '%s' straddles a page", hive);
  g_autoptr (GError) e = NULL;
  g_autoptr (reg_plan) plan = reg_plan_new ();
  g_autofree char *name = g_strnfill (2000, 'n');
  if (!reg_plan_add_dword (plan, SYS, key, name, 1, "t", &e))
    fail ("plan: %s", e->message);
  struct mem m = { orig->data, orig->len };
  struct regf_source src = { .size = orig->len, .read = mem_read, .ctx = &m };
  gboolean fallback = FALSE;
  g_autoptr (regf_patch) p = regf_patch_new (&src, plan, SYS, &fallback, &e);
  if (p || !fallback || e->code != WS_EXIT_NOT_APPLICABLE)
    fail ("a write across a page was not refused for a fallback (key '%s')", key);
  printf ("ok: refused with a fallback: %s\n", e->message);
  return 0;
}

/* Damage the hive where the patch reads it: rounds of random words overwritten inside the chunks
 * a clean run reads (cells it follows, lists it scans).  Each round must end in a patch or an
 * error, never a crash (run it under --enable-sanitizers); a patch it makes must load in hivex
 * once applied when the damaged hive did. */
static int
check_mutations (GByteArray *orig, const struct reg_plan *plan, const char *dir, unsigned rounds)
{
  g_autoptr (GHashTable) read = g_hash_table_new (g_direct_hash, g_direct_equal);
  struct mem m = { orig->data, orig->len, read };
  struct regf_source src = { .size = orig->len, .read = mem_read, .ctx = &m };
  g_autoptr (regf_patch) clean = regf_patch_new (&src, plan, SYS, NULL, NULL);
  if (clean == NULL)
    fail ("the clean hive cannot be patched");
  g_autoptr (GArray) chunks = g_array_new (FALSE, FALSE, sizeof (uint64_t));
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, read);
  while (g_hash_table_iter_next (&it, &k, NULL)) {
    uint64_t off = GPOINTER_TO_SIZE (k);
    if (off >= 4096)  /* the header has its checksum: damage there is refused up front */
      g_array_append_val (chunks, off);
  }
  GRand *rnd = g_rand_new_with_seed (1);
  unsigned made = 0, refused = 0;
  for (unsigned r = 0; r < rounds; r++) {
    g_autoptr (GByteArray) b = g_byte_array_new ();
    g_byte_array_append (b, orig->data, orig->len);
    for (int i = 0; i < 200; i++) {
      uint64_t c = g_array_index (chunks, uint64_t, g_rand_int_range (rnd, 0, (gint32) chunks->len));
      uint64_t off = c + (uint64_t) g_rand_int_range (rnd, 0, REGF_CHUNK / 4) * 4;
      if (off + 4 <= b->len)
        for (int j = 0; j < 4; j++)
          b->data[off + j] = (uint8_t) g_rand_int (rnd);
    }
    struct mem bm = { b->data, b->len, NULL };
    struct regf_source bs = { .size = b->len, .read = mem_read, .ctx = &bm };
    g_autoptr (GError) e = NULL;
    g_autoptr (regf_patch) p = regf_patch_new (&bs, plan, SYS, NULL, &e);
    if (p == NULL) {
      if (strchr (e->message, '\n'))
        fail ("round %u: a message of more than one line: %s", r, e->message);
      refused++;
      continue;
    }
    made++;
    g_autoptr (GByteArray) full = apply (b, p, pick_all, NULL);
    g_autofree char *path = g_build_filename (dir, "mutated", NULL);
    save (path, full);
    hive_h *h = hivex_open (path, 0);
    if (h)
      hivex_close (h);
  }
  g_rand_free (rnd);
  printf ("ok: %u damaged hives: %u patched, %u refused, no crash\n", rounds, made, refused);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc < 4)
    fail ("usage: test-regf-patch HIVE PLAN DIR [crash] [cost] [as-is]");
  const char *hive = argv[1], *dir = argv[3];
  gboolean crash = FALSE, cost = FALSE, as_is = FALSE;
  for (int i = 4; i < argc; i++) {
    crash |= strcmp (argv[i], "crash") == 0;
    cost |= strcmp (argv[i], "cost") == 0;
    as_is |= strcmp (argv[i], "as-is") == 0;
  }
  g_autoptr (GError) e = NULL;
  g_autofree char *raw = NULL;
  gsize len;
  if (!g_file_get_contents (hive, &raw, &len, &e))
    fail ("%s", e->message);
  g_autoptr (GByteArray) orig = g_byte_array_new_take ((guint8 *) g_steal_pointer (&raw), len);
  const char *fixed = as_is ? NULL : equal_sequences (orig, dir);
  if (fixed)
    hive = fixed;
  if (strcmp (argv[2], "straddle") == 0)
    return check_straddle (hive, orig);
  g_autoptr (reg_plan) plan = get_plan (argv[2]);
  for (int i = 4; i < argc; i++)
    if (g_str_has_prefix (argv[i], "mutate="))
      return check_mutations (orig, plan, dir, (unsigned) atoi (argv[i] + 7));

  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (regf_patch) p = patch (orig->data, orig->len, plan);
  double secs = (g_get_monotonic_time () - t0) / 1e6;
  uint64_t bytes = regf_patch_chunks_read (p) * REGF_CHUNK;
  printf ("%s %s: writes append %u, header %u, prelink %u, link %u, free %u; %llu -> %llu bytes; "
          "read %llu chunks (%llu bytes) in %.2f s\n", hive, argv[2],
          regf_patch_stage (p, 0)->len, regf_patch_stage (p, 1)->len, regf_patch_stage (p, 2)->len,
          regf_patch_stage (p, 3)->len, regf_patch_stage (p, 4)->len,
          (unsigned long long) regf_patch_old_size (p), (unsigned long long) regf_patch_new_size (p),
          (unsigned long long) regf_patch_chunks_read (p), (unsigned long long) bytes, secs);
  if (regf_patch_empty (p))
    fail ("the plan changes nothing");
  check_shape (p, 4096 + (uint64_t) (orig->data[0x28] | orig->data[0x29] << 8 | orig->data[0x2a] << 16
                                     | (uint64_t) orig->data[0x2b] << 24));
  if (cost && bytes > 4 * 1024 * 1024)
    fail ("the patch read %llu bytes of the hive", (unsigned long long) bytes);

  g_autofree char *patched = g_build_filename (dir, "patched", NULL);
  g_autofree char *viahivex = g_build_filename (dir, "hivex", NULL);
  g_autoptr (GByteArray) full = apply (orig, p, pick_all, NULL);
  save (patched, full);
  if (!hive_apply_verify (patched, plan, SYS, &e))
    fail ("the patched hive does not hold the plan: %s", e->message);
  if (!hive_apply (hive, viahivex, plan, SYS, &e))
    fail ("hive_apply: %s", e->message);
  g_autoptr (GPtrArray) keys = plan_keys (plan);
  struct view before = read_hive (hive, keys, crash);
  struct view after = read_hive (patched, keys, !cost);
  struct view ref = read_hive (viahivex, keys, !cost);
  for (guint i = 0; i < keys->len; i++)
    if (strcmp (g_ptr_array_index (after.keys, i), g_ptr_array_index (ref.keys, i)))
      fail ("key '%s' differs from hive_apply's:\n%s\n---\n%s", (char *) g_ptr_array_index (keys, i),
            (char *) g_ptr_array_index (after.keys, i), (char *) g_ptr_array_index (ref.keys, i));
  if (after.all && strcmp (after.all->str, ref.all->str) != 0)
    fail ("the patched hive differs from hive_apply's");
  printf ("ok: the patched hive holds the plan and reads as hive_apply's\n");

  /* A plan that deletes a key and then writes under it does that again on a second run; any
   * other plan finds everything done. */
  g_autoptr (regf_patch) again = patch (full->data, full->len, plan);
  if (recreates (plan)) {
    g_autoptr (GByteArray) twice = apply (full, again, pick_all, NULL);
    save (patched, twice);
    struct view v = read_hive (patched, keys, TRUE);
    if (strcmp (v.all->str, ref.all->str) != 0)
      fail ("a second run changes the hive");
    view_clear (&v);
  } else if (!regf_patch_empty (again))
    fail ("a second patch over the patched hive is not empty");
  check_undo (orig, p);
  printf ("ok: a second run changes nothing, undo restores the original\n");
  if (crash)
    check_crashes (dir, orig, p, keys, &before, &after);
  check_record (dir, orig, p, full, keys, &before, &after, crash);
  view_clear (&before);
  view_clear (&after);
  view_clear (&ref);
  return 0;
}
