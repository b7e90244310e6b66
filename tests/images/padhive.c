/* padhive: grow a synthetic hive of the test images (the win2019 guest's SYSTEM, SOFTWARE or
 * DRIVERS) to the size of the real hive, with the kinds of keys a real Windows Server 2019 hive
 * holds in bulk, so that winseed's speed can be measured on hives of real size.
 *
 *   padhive [-v] system|software|drivers INPUT OUTPUT [MIB]
 *
 * MIB is the size to aim at (default: SYSTEM 14, SOFTWARE 115, DRIVERS 4); the result is within
 * a few per cent of it.  -v prints the sizes, counts and time on stderr.
 *
 * What is added (never a value on a key of INPUT, never a key whose name INPUT already has):
 *   SOFTWARE  Classes (file extensions, ProgIDs, AppID, CLSID\{guid}\InprocServer32, Interface,
 *             TypeLib), Component Based Servicing\Packages, Installer (Folders, UserData\S-1-5-18
 *             Components and Products), SideBySide\Winners, more Uninstall entries,
 *             WOW6432Node\Classes\CLSID and Interface.
 *   SYSTEM    ControlSet001: Control\Class for classes INPUT lacks, Control\DeviceClasses,
 *             Control\Time Zones, Enum device instances (ACPI, PCI bridges and other non-storage,
 *             non-network PCI functions, ROOT, SWD, STORAGE\Volume, ...) with their Properties,
 *             Services (Win32 services and demand-start drivers) and Services\EventLog.
 *   DRIVERS   DriverDatabase: inbox-like DriverPackages, their DriverInfFiles and DeviceIds.
 * Nothing is added that winseed would act on: no storage-controller or network device or class,
 * no boot- or system-start service, no virtio name, no hardware ID of a device the guest has.
 *
 * Why the cells are written here rather than with hivex_node_add_child: hivex 1.3.23 (Debian 12)
 * copies a key's whole subkey list to a new cell for every child it adds and never reuses the
 * old one, so N children under one key leave about 4*N^2 bytes of dead cells.  Measured: 8000
 * children under one key grew a 15 MB hive to 288 MB and took 12 s, and real hives have keys
 * with 10000+ subkeys (Classes\Interface, Installer\...\Components).  So new keys are appended in
 * new hbins, each written once, and subkey lists of more than LEAF_MAX keys are an ri index over
 * lh leaves, as Windows stores big keys (hivex then edits them too: it inserts into one leaf).
 * hivex (read-only) finds the existing keys that new ones hang under, and at the end reopens the
 * output and walks every key and value of it, so a malformed cell fails here and not in a test.
 *
 * Deterministic: fixed seeds, fixed timestamps, names unique by construction.
 * Layout source: as mkhive.c, "Windows registry file format specification" (msuhanov/regf).
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hivex.h>

#include "banned.h"

#define BASE_BLOCK_SIZE 0x1000
#define HBIN_HEADER_SIZE 32
#define NK_FIXED_SIZE 0x4c
#define VK_FIXED_SIZE 0x14
#define MAX_CELL_DATA 16344     /* bigger value data needs a "db" cell; nothing here is */
#define LEAF_MAX 500            /* an lh leaf of 500 fits a 4 KiB hbin, as Windows keeps them */
#define MAX_DEPTH 48
/* hivex 1.3.23 refuses to list a key with more than 70000 subkeys (HIVEX_MAX_SUBKEYS, ERANGE);
 * real hives can have more, but winseed and libguestfs read hives through hivex. */
#define MAX_SUBKEYS 60000
#define NO_OFFSET UINT32_MAX

/* 2020-01-01 00:00:00 UTC as a FILETIME, like mkhive; new keys get times in the year before. */
#define FIXED_FILETIME UINT64_C (132223104000000000)
#define FILETIME_SECOND UINT64_C (10000000)

#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_MULTI_SZ 7
#define REG_RESOURCE_LIST 8

#define N(a) (sizeof (a) / sizeof ((a)[0]))

static const char *prog = "padhive";

static void __attribute__ ((noreturn, format (printf, 1, 2)))
die (const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: ", prog);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  exit (1);
}

static void *
xrealloc (void *p, size_t n)
{
  p = realloc (p, n);
  if (p == NULL)
    die ("out of memory");
  return p;
}

static char *
xstrdup (const char *s)
{
  char *r = strdup (s);
  if (r == NULL)
    die ("out of memory");
  return r;
}

static void
put16 (uint8_t *p, uint16_t v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put32 (uint8_t *p, uint32_t v)
{
  for (int i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static void
put64 (uint8_t *p, uint64_t v)
{
  for (int i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static uint16_t
get16 (const uint8_t *p)
{
  return (uint16_t) (p[0] | p[1] << 8);
}

static uint32_t
get32 (const uint8_t *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

/* splitmix64's finaliser: a bijection, so distinct counters give distinct names. */
static uint64_t
mix64 (uint64_t z)
{
  z += UINT64_C (0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Registry names compare as Windows compares them: upper-cased (ASCII names only here). */
static int
upcase (int c)
{
  return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static int
name_cmp (const char *a, const char *b)
{
  for (;; a++, b++) {
    int ca = upcase ((unsigned char) *a), cb = upcase ((unsigned char) *b);
    if (ca != cb || ca == 0)
      return ca - cb;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The writer: the whole hive in memory, new cells appended in new hbins. */

struct kid {
  char *name;
  uint32_t off;                 /* nk cell, relative to the first hbin */
};

struct frame {
  size_t nk;                    /* file offset of the key's nk cell */
  int existing;                 /* the key is in INPUT: it may gain subkeys, never values */
  size_t sk;                    /* file offset of the sk cell new subkeys share */
  struct kid *kids;
  size_t nkids, kids_cap;
  uint32_t *vals;
  size_t nvals, vals_cap;
  uint32_t max_kname, max_vname, max_vdata;
};

struct w {
  uint8_t *buf;
  size_t len, cap;              /* len: where the next cell goes */
  size_t bin_end;               /* end of the current (last) hbin */
  size_t base_len, target;
  hive_h *h;                    /* INPUT, read-only */
  struct frame st[MAX_DEPTH];
  int depth;
  uint64_t rng, uniq;
  size_t *patched;              /* existing keys whose subkey list was replaced */
  size_t npatched;
  unsigned long keys, values;
};

static uint64_t
rnd64 (struct w *w)
{
  w->rng += UINT64_C (0x9e3779b97f4a7c15);
  return mix64 (w->rng);
}

static uint32_t
rnd (struct w *w, uint32_t n)
{
  return (uint32_t) (rnd64 (w) % n);
}

/* A value never drawn before in this run. */
static uint64_t
unique (struct w *w)
{
  return mix64 (++w->uniq ^ UINT64_C (0x5deece66d));
}

static size_t
goal (const struct w *w, double fraction)
{
  return w->base_len + (size_t) (fraction * (double) (w->target - w->base_len));
}

static void
grow (struct w *w, size_t need)
{
  if (need <= w->cap)
    return;
  size_t cap = w->cap ? w->cap : 1 << 20;
  while (cap < need)
    cap *= 2;
  w->buf = xrealloc (w->buf, cap);
  w->cap = cap;
}

/* Allocate a used cell for PAYLOAD bytes; returns its file offset.  Pointers into w->buf are
 * invalid afterwards. */
static size_t
cell_alloc (struct w *w, size_t payload)
{
  size_t size = (4 + payload + 7) & ~(size_t) 7;
  if (w->len + size > w->bin_end) {
    /* The rest of the current bin becomes one free cell; a new bin starts. */
    if (w->bin_end > w->len)
      put32 (w->buf + w->len, (uint32_t) (w->bin_end - w->len));
    size_t bin = (HBIN_HEADER_SIZE + size + 4095) & ~(size_t) 4095;
    size_t at = w->bin_end;
    grow (w, at + bin);
    memset (w->buf + at, 0, HBIN_HEADER_SIZE);
    memcpy (w->buf + at, "hbin", 4);
    put32 (w->buf + at + 0x04, (uint32_t) (at - BASE_BLOCK_SIZE));
    put32 (w->buf + at + 0x08, (uint32_t) bin);
    put64 (w->buf + at + 0x14, FIXED_FILETIME);
    w->len = at + HBIN_HEADER_SIZE;
    w->bin_end = at + bin;
  }
  size_t off = w->len;
  memset (w->buf + off, 0, size);
  put32 (w->buf + off, (uint32_t) -(int32_t) size);
  w->len += size;
  return off;
}

static void
cell_free (struct w *w, size_t off)
{
  int32_t size = (int32_t) get32 (w->buf + off);
  if (size < 0)
    put32 (w->buf + off, (uint32_t) -size);
}

static uint32_t
rel (size_t off)
{
  return (uint32_t) (off - BASE_BLOCK_SIZE);
}

static struct frame *
top (struct w *w)
{
  return &w->st[w->depth];
}

static void
check_name (const char *name, size_t max)
{
  size_t n = strlen (name);
  if (n > max)
    die ("name too long: %s", name);
  for (const char *p = name; *p; p++)
    if ((unsigned char) *p < 0x20 || (unsigned char) *p > 0x7e)
      die ("name is not printable ASCII: %s", name);
}

static int
k_exists (struct w *w, const char *name)
{
  struct frame *f = top (w);
  if (!f->existing)
    return 0;
  errno = 0;
  hive_node_h c = hivex_node_get_child (w->h, f->nk, name);
  if (c == 0 && errno != 0)
    die ("hivex_node_get_child %s: %s", name, strerror (errno));
  return c != 0;
}

/* Enter the subkey NAME of the current key: the existing one, or a new one. */
static void __attribute__ ((format (printf, 2, 3)))
k_open (struct w *w, const char *fmt, ...)
{
  char name[512];
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (name, sizeof name, fmt, ap);
  va_end (ap);
  if (n <= 0 || (size_t) n >= sizeof name || strchr (name, '\\'))
    die ("bad key name: %s", name);
  check_name (name, 255);
  if (w->depth + 1 >= MAX_DEPTH)
    die ("keys nested too deep");

  struct frame *p = top (w);
  struct frame *f = &w->st[w->depth + 1];
  memset (f, 0, sizeof *f);
  if (p->existing) {
    errno = 0;
    hive_node_h c = hivex_node_get_child (w->h, p->nk, name);
    if (c == 0 && errno != 0)
      die ("hivex_node_get_child %s: %s", name, strerror (errno));
    if (c != 0) {
      f->nk = c;
      f->existing = 1;
      f->sk = get32 (w->buf + c + 4 + 0x2c) + BASE_BLOCK_SIZE;
      w->depth++;
      return;
    }
  }

  size_t len = strlen (name);
  size_t off = cell_alloc (w, NK_FIXED_SIZE + len);
  uint8_t *nk = w->buf + off + 4;
  memcpy (nk, "nk", 2);
  put16 (nk + 0x02, 0x0020);    /* KEY_COMP_NAME: the name is stored as ASCII */
  put64 (nk + 0x04, FIXED_FILETIME - (uint64_t) rnd (w, 365 * 86400) * FILETIME_SECOND);
  put32 (nk + 0x10, rel (p->nk));
  put32 (nk + 0x1c, NO_OFFSET);
  put32 (nk + 0x20, NO_OFFSET);
  put32 (nk + 0x28, NO_OFFSET);
  put32 (nk + 0x2c, rel (p->sk));
  put32 (nk + 0x30, NO_OFFSET);
  put16 (nk + 0x48, (uint16_t) len);
  memcpy (nk + NK_FIXED_SIZE, name, len);
  /* The new key shares its parent's security descriptor, as hivex does. */
  uint8_t *sk = w->buf + p->sk + 4;
  put32 (sk + 0x0c, get32 (sk + 0x0c) + 1);

  if (p->nkids == p->kids_cap) {
    p->kids_cap = p->kids_cap ? 2 * p->kids_cap : 8;
    p->kids = xrealloc (p->kids, p->kids_cap * sizeof *p->kids);
  }
  p->kids[p->nkids].name = xstrdup (name);
  p->kids[p->nkids].off = rel (off);
  p->nkids++;
  if (2 * len > p->max_kname)
    p->max_kname = (uint32_t) (2 * len);

  f->nk = off;
  f->sk = p->sk;
  w->depth++;
  w->keys++;
}

static int
kid_cmp (const void *a, const void *b)
{
  return name_cmp (((const struct kid *) a)->name, ((const struct kid *) b)->name);
}

static uint32_t
lh_hash (const char *name)
{
  uint32_t h = 0;
  for (const char *p = name; *p; p++)
    h = h * 37 + (uint32_t) upcase ((unsigned char) *p);
  return h;
}

static size_t
write_lh (struct w *w, const struct kid *kids, size_t n)
{
  size_t off = cell_alloc (w, 4 + 8 * n);
  uint8_t *c = w->buf + off + 4;
  memcpy (c, "lh", 2);
  put16 (c + 2, (uint16_t) n);
  for (size_t i = 0; i < n; i++) {
    put32 (c + 4 + 8 * i, kids[i].off);
    put32 (c + 8 + 8 * i, lh_hash (kids[i].name));
  }
  return off;
}

/* Sort the subkeys, refuse duplicates, write the list; returns its file offset. */
static size_t
write_subkey_list (struct w *w, const char *where, struct kid *kids, size_t n)
{
  if (n > MAX_SUBKEYS)
    die ("%s: %zu subkeys, more than hivex reads", where, n);
  qsort (kids, n, sizeof *kids, kid_cmp);
  for (size_t i = 1; i < n; i++)
    if (name_cmp (kids[i - 1].name, kids[i].name) == 0)
      die ("%s: subkey %s twice", where, kids[i].name);
  if (n <= LEAF_MAX)
    return write_lh (w, kids, n);
  size_t leaves = (n + LEAF_MAX - 1) / LEAF_MAX, per = (n + leaves - 1) / leaves;
  uint32_t *offs = xrealloc (NULL, leaves * sizeof *offs);
  for (size_t i = 0; i < leaves; i++) {
    size_t from = i * per, cnt = from + per <= n ? per : n - from;
    offs[i] = rel (write_lh (w, kids + from, cnt));
  }
  size_t off = cell_alloc (w, 4 + 4 * leaves);
  uint8_t *c = w->buf + off + 4;
  memcpy (c, "ri", 2);
  put16 (c + 2, (uint16_t) leaves);
  for (size_t i = 0; i < leaves; i++)
    put32 (c + 4 + 4 * i, offs[i]);
  free (offs);
  return off;
}

static int
vk_cmp_buf (const uint8_t *buf, uint32_t a, uint32_t b)
{
  const uint8_t *va = buf + a + BASE_BLOCK_SIZE + 4, *vb = buf + b + BASE_BLOCK_SIZE + 4;
  size_t la = get16 (va + 2), lb = get16 (vb + 2);
  for (size_t i = 0; i < la && i < lb; i++) {
    int d = upcase (va[VK_FIXED_SIZE + i]) - upcase (vb[VK_FIXED_SIZE + i]);
    if (d)
      return d;
  }
  return (int) la - (int) lb;
}

static const uint8_t *sort_buf;
static int
vk_cmp (const void *a, const void *b)
{
  return vk_cmp_buf (sort_buf, *(const uint32_t *) a, *(const uint32_t *) b);
}

/* Write a key's value list and subkey list once all its values and subkeys are known. */
static void
close_frame (struct w *w, struct frame *f)
{
  uint8_t *nk;
  if (f->nvals) {
    /* Value names must be unique too; check on a sorted copy, keep the order written. */
    uint32_t *s = xrealloc (NULL, f->nvals * sizeof *s);
    memcpy (s, f->vals, f->nvals * sizeof *s);
    sort_buf = w->buf;
    qsort (s, f->nvals, sizeof *s, vk_cmp);
    for (size_t i = 1; i < f->nvals; i++)
      if (vk_cmp_buf (w->buf, s[i - 1], s[i]) == 0)
        die ("a key has the same value name twice");
    free (s);
    size_t off = cell_alloc (w, 4 * f->nvals);
    for (size_t i = 0; i < f->nvals; i++)
      put32 (w->buf + off + 4 + 4 * i, f->vals[i]);
    nk = w->buf + f->nk + 4;
    put32 (nk + 0x24, (uint32_t) f->nvals);
    put32 (nk + 0x28, rel (off));
    put32 (nk + 0x3c, f->max_vname);
    put32 (nk + 0x40, f->max_vdata);
  }
  if (f->nkids && !f->existing) {
    size_t list = write_subkey_list (w, "new key", f->kids, f->nkids);
    nk = w->buf + f->nk + 4;
    put32 (nk + 0x14, (uint32_t) f->nkids);
    put32 (nk + 0x1c, rel (list));
    put16 (nk + 0x34, (uint16_t) f->max_kname);
  } else if (f->nkids) {
    for (size_t i = 0; i < w->npatched; i++)
      if (w->patched[i] == f->nk)
        die ("an existing key was entered twice; its new subkeys would be lost");
    w->patched = xrealloc (w->patched, (w->npatched + 1) * sizeof *w->patched);
    w->patched[w->npatched++] = f->nk;

    char *where = hivex_node_name (w->h, f->nk);
    hive_node_h *old = hivex_node_children (w->h, f->nk);
    if (old == NULL || where == NULL)
      die ("reading an existing key: %s", strerror (errno));
    size_t nold = 0;
    while (old[nold])
      nold++;
    size_t n = nold + f->nkids;
    struct kid *all = xrealloc (NULL, n * sizeof *all);
    for (size_t i = 0; i < nold; i++) {
      all[i].name = hivex_node_name (w->h, old[i]);
      if (all[i].name == NULL)
        die ("reading a subkey name of %s: %s", where, strerror (errno));
      all[i].off = rel (old[i]);
    }
    memcpy (all + nold, f->kids, f->nkids * sizeof *all);

    /* The old list (and the leaves of an old ri index) become free cells. */
    nk = w->buf + f->nk + 4;
    uint32_t lst = get32 (nk + 0x1c);
    if (lst != NO_OFFSET) {
      size_t cell = (size_t) lst + BASE_BLOCK_SIZE;
      const uint8_t *c = w->buf + cell + 4;
      if (memcmp (c, "ri", 2) == 0)
        for (size_t i = 0; i < get16 (c + 2); i++)
          cell_free (w, (size_t) get32 (c + 4 + 4 * i) + BASE_BLOCK_SIZE);
      cell_free (w, cell);
    }
    size_t list = write_subkey_list (w, where, all, n);
    nk = w->buf + f->nk + 4;
    put32 (nk + 0x14, (uint32_t) n);
    put32 (nk + 0x1c, rel (list));
    if (get16 (nk + 0x34) < f->max_kname)
      put16 (nk + 0x34, (uint16_t) f->max_kname);
    /* Sorting mixed old and new names: free them all here, the new ones included. */
    for (size_t i = 0; i < n; i++)
      free (all[i].name);
    f->nkids = 0;
    free (all);
    free (old);
    free (where);
  }
  for (size_t i = 0; i < f->nkids; i++)
    free (f->kids[i].name);
  free (f->kids);
  free (f->vals);
}

static void
k_close (struct w *w)
{
  if (w->depth == 0)
    die ("k_close without k_open");
  close_frame (w, top (w));
  w->depth--;
}

static void
value (struct w *w, const char *name, uint32_t type, const void *data, size_t len)
{
  struct frame *f = top (w);
  if (f->existing)
    die ("refusing to add value '%s' to a key of the input hive", name);
  if (len > MAX_CELL_DATA)
    die ("value '%s' too big", name);
  check_name (name, 16383);
  size_t nlen = strlen (name);
  size_t data_off = 0;
  if (len > 4) {
    data_off = cell_alloc (w, len);
    memcpy (w->buf + data_off + 4, data, len);
  }
  size_t off = cell_alloc (w, VK_FIXED_SIZE + nlen);
  uint8_t *vk = w->buf + off + 4;
  memcpy (vk, "vk", 2);
  put16 (vk + 0x02, (uint16_t) nlen);
  if (len <= 4) {
    /* Small data lives in the offset field; the top bit of the length says so. */
    put32 (vk + 0x04, (uint32_t) len | 0x80000000u);
    memcpy (vk + 0x08, data, len);
  } else {
    put32 (vk + 0x04, (uint32_t) len);
    put32 (vk + 0x08, rel (data_off));
  }
  put32 (vk + 0x0c, type);
  put16 (vk + 0x10, nlen ? 1 : 0);     /* VALUE_COMP_NAME: ASCII name */
  memcpy (vk + VK_FIXED_SIZE, name, nlen);

  if (f->nvals == f->vals_cap) {
    f->vals_cap = f->vals_cap ? 2 * f->vals_cap : 8;
    f->vals = xrealloc (f->vals, f->vals_cap * sizeof *f->vals);
  }
  f->vals[f->nvals++] = rel (off);
  if (2 * nlen > f->max_vname)
    f->max_vname = (uint32_t) (2 * nlen);
  if (len > f->max_vdata)
    f->max_vdata = (uint32_t) len;
  w->values++;
}

/* ---- Typed values ---- */

static uint8_t vbuf[MAX_CELL_DATA];

static size_t
utf16 (const char *s, uint8_t *out, size_t room)
{
  size_t n = 0;
  for (; *s; s++) {
    if (n + 4 > room)
      die ("string value too long");
    out[n++] = (uint8_t) *s;
    out[n++] = 0;
  }
  out[n++] = 0;
  out[n++] = 0;
  return n;
}

static void
v_str (struct w *w, uint32_t type, const char *name, const char *fmt, va_list ap)
{
  char s[4096];
  int n = vsnprintf (s, sizeof s, fmt, ap);
  if (n < 0 || (size_t) n >= sizeof s)
    die ("string value too long");
  value (w, name, type, vbuf, utf16 (s, vbuf, sizeof vbuf));
}

static void __attribute__ ((format (printf, 3, 4)))
v_sz (struct w *w, const char *name, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  v_str (w, REG_SZ, name, fmt, ap);
  va_end (ap);
}

static void __attribute__ ((format (printf, 3, 4)))
v_esz (struct w *w, const char *name, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  v_str (w, REG_EXPAND_SZ, name, fmt, ap);
  va_end (ap);
}

/* A value of a device property key: "" of type 0xFFFF0000 | DEVPROP_TYPE. */
static void __attribute__ ((format (printf, 3, 4)))
v_prop_str (struct w *w, uint32_t type, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  v_str (w, type, "", fmt, ap);
  va_end (ap);
}

static void
v_dw (struct w *w, const char *name, uint32_t v)
{
  uint8_t b[4];
  put32 (b, v);
  value (w, name, REG_DWORD, b, 4);
}

static void
v_rbin (struct w *w, const char *name, uint32_t type, size_t len)
{
  for (size_t i = 0; i < len; i += 8) {
    uint64_t r = rnd64 (w);
    for (size_t j = 0; j < 8 && i + j < len; j++)
      vbuf[i + j] = (uint8_t) (r >> (8 * j));
  }
  value (w, name, type, vbuf, len);
}

static void
v_none (struct w *w, const char *name)
{
  value (w, name, REG_NONE, "", 0);
}

/* REG_MULTI_SZ from a NULL-terminated list. */
static void
v_multi_type (struct w *w, uint32_t type, const char *name, const char *const *list)
{
  size_t n = 0;
  for (; *list; list++)
    n += utf16 (*list, vbuf + n, sizeof vbuf - n);
  vbuf[n++] = 0;
  vbuf[n++] = 0;
  value (w, name, type, vbuf, n);
}

static void
v_multi (struct w *w, const char *name, const char *const *list)
{
  v_multi_type (w, REG_MULTI_SZ, name, list);
}

/* ---- Names ---- */

static void
guid (struct w *w, char *out, size_t room, int lower)
{
  uint64_t hi = unique (w), lo = rnd64 (w);
  snprintf (out, room, lower ? "{%08x-%04x-%04x-%04x-%012llx}" : "{%08X-%04X-%04X-%04X-%012llX}",
            (unsigned) (hi >> 32), (unsigned) (hi >> 16) & 0xffff, (unsigned) hi & 0xffff,
            (unsigned) (lo >> 48), (unsigned long long) (lo & UINT64_C (0xffffffffffff)));
}

/* A Windows Installer packed GUID: 32 upper-case hex digits. */
static void
packed_guid (struct w *w, char *out, size_t room)
{
  snprintf (out, room, "%016llX%016llX", (unsigned long long) unique (w),
            (unsigned long long) rnd64 (w));
}

static void
guid_bytes (const char *g, uint8_t *b)
{
  unsigned a, b1, c, d[8];
  if (sscanf (g, "{%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &a, &b1, &c, &d[0], &d[1], &d[2],
              &d[3], &d[4], &d[5], &d[6], &d[7]) != 11)
    die ("bad GUID %s", g);
  put32 (b, a);
  put16 (b + 4, (uint16_t) b1);
  put16 (b + 6, (uint16_t) c);
  for (int i = 0; i < 8; i++)
    b[8 + i] = (uint8_t) d[i];
}

static const char *const words[] = {
  "Shell", "Folder", "Media", "Network", "Device", "Storage", "Print", "Search", "Sync",
  "Update", "Security", "Policy", "Account", "Audio", "Video", "Display", "Input", "Power",
  "Session", "Task", "Remote", "Desktop", "Cloud", "Data", "File", "Font", "Image", "Link",
  "Mail", "Map", "Package", "Profile", "Provider", "Query", "Record", "Service", "Setting",
  "Store", "Stream", "System", "Text", "Theme", "User", "View", "Web", "Window", "Work", "Xaml",
  "Zone", "Broker", "Catalog", "Cert", "Content", "Credential", "Diagnostic", "Event", "Handler",
  "Host", "Identity", "Location", "Manager", "Monitor", "Notification", "Object", "Perf",
  "Property", "Proxy", "Resource", "Runtime", "Scheduler", "Sensor", "Speech", "Telemetry",
  "Token", "Trust", "Wallet", "Wireless", "Backup", "Cluster", "Directory", "Dns", "Dhcp",
  "Firewall", "Group", "Hyper", "Kerberos", "Ldap", "Licensing", "Logon", "Management",
};

static const char *const dlls[] = {
  "actxprxy", "shell32", "ole32", "combase", "windows.storage", "propsys", "explorerframe",
  "twinui", "mssrch", "urlmon", "mshtml", "ieframe", "netshell", "dxgi", "d3d11", "mfplat",
  "msxml6", "wbemsvc", "fastprox", "schannel", "cryptui", "certenroll", "wsmauto", "taskschd",
  "wuapi", "dsreg", "vaultcli", "iertutil", "uiautomationcore", "msctf", "inputhost",
  "windows.ui", "twinapi.appcore", "mmdevapi", "audioses", "sppc", "srvcli", "netapi32",
  "dnsapi", "wlanapi", "bthprops", "sensorsapi", "wpdshext", "thumbcache", "StructuredQuery",
  "tquery", "msi", "wintrust", "comsvcs", "colbact", "es", "catsrvut", "vssapi", "wininet",
  "winhttp", "mfreadwrite", "WindowsCodecs", "mscms", "FirewallAPI", "hnetcfg", "wscapi",
  "wevtapi", "pla", "wdc", "dsuiext", "dsquery", "adsldp", "activeds", "gpedit",
  "appxdeploymentclient", "AppXDeploymentServer", "Windows.Networking",
  "Windows.Devices.Enumeration", "Windows.Globalization", "cdp", "WinTypes", "coremessaging",
  "dwmapi", "uxtheme", "DataExchange", "msftedit", "oleacc", "quartz", "qedit", "devenum",
  "msdmo", "wmvcore", "dsound", "mmcndmgr", "vds_ps", "dmdskmgr", "ntdsapi", "wbemcore",
  "wmiutils", "scrrun", "vbscript", "jscript", "msscript", "rasapi32", "rasdlg", "ncrypt",
};

static const char *const threading[] = { "Both", "Apartment", "Free", "Neutral" };

static const char *
word (struct w *w)
{
  return words[rnd (w, N (words))];
}

static const char *
dll (struct w *w)
{
  return dlls[rnd (w, N (dlls))];
}

/* ------------------------------------------------------------------------------------------ */
/* SOFTWARE */

static void
clsid_entry (struct w *w, const char *sysdir)
{
  char g[40], g2[40];
  guid (w, g, sizeof g, 0);
  const char *a = word (w), *b = word (w);
  k_open (w, "%s", g);
  v_sz (w, "", "%s %s Class", a, b);
  uint32_t r = rnd (w, 100);
  if (r < 10) {
    guid (w, g2, sizeof g2, 0);
    v_sz (w, "AppID", "%s", g2);
  }
  if (r < 12) {
    k_open (w, "LocalServer32");
    v_esz (w, "", "%%SystemRoot%%\\%s\\%s.exe -Embedding", sysdir, dll (w));
    k_close (w);
  } else {
    k_open (w, "InprocServer32");
    v_esz (w, "", "%%SystemRoot%%\\%s\\%s.dll", sysdir, dll (w));
    v_sz (w, "ThreadingModel", "%s", threading[rnd (w, N (threading))]);
    k_close (w);
  }
  if (rnd (w, 100) < 35) {
    k_open (w, "ProgID");
    v_sz (w, "", "%s.%s.1", a, b);
    k_close (w);
    k_open (w, "VersionIndependentProgID");
    v_sz (w, "", "%s.%s", a, b);
    k_close (w);
  }
  if (rnd (w, 100) < 20) {
    guid (w, g2, sizeof g2, 0);
    k_open (w, "TypeLib");
    v_sz (w, "", "%s", g2);
    k_close (w);
  }
  if (rnd (w, 100) < 15) {
    k_open (w, "Implemented Categories");
    for (uint32_t i = 0, n = 1 + rnd (w, 3); i < n; i++) {
      guid (w, g2, sizeof g2, 0);
      k_open (w, "%s", g2);
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
}

static void
interface_entry (struct w *w)
{
  char g[40], g2[40];
  guid (w, g, sizeof g, 0);
  k_open (w, "%s", g);
  v_sz (w, "", "I%s%s%s", word (w), word (w), rnd (w, 3) ? "" : "2");
  k_open (w, "ProxyStubClsid32");
  if (rnd (w, 3))
    v_sz (w, "", "{00020424-0000-0000-C000-000000000046}");
  else {
    guid (w, g2, sizeof g2, 0);
    v_sz (w, "", "%s", g2);
  }
  k_close (w);
  k_open (w, "NumMethods");
  v_sz (w, "", "%u", 3 + rnd (w, 40));
  k_close (w);
  if (rnd (w, 100) < 30) {
    guid (w, g2, sizeof g2, 0);
    k_open (w, "TypeLib");
    v_sz (w, "", "%s", g2);
    v_sz (w, "Version", "1.%u", rnd (w, 3));
    k_close (w);
  }
  k_close (w);
}

static void
software_classes (struct w *w)
{
  char g[40];
  k_open (w, "Classes");
  /* File extensions: four letters from a counter, so they never repeat. */
  static const char *const perceived[] = { "document", "image", "audio", "video", "text",
                                            "compressed", "system", "application" };
  for (uint32_t i = 0; w->len < goal (w, 0.03); i++) {
    uint32_t x = (i * 7919u) % (26u * 26 * 26 * 26);
    char ext[8] = { '.', (char) ('a' + x % 26), (char) ('a' + x / 26 % 26),
                    (char) ('a' + x / 676 % 26), (char) ('a' + x / 17576 % 26), 0 };
    k_open (w, "%s", ext);
    v_sz (w, "", "%sfile", ext + 1);
    v_sz (w, "Content Type", "application/x-%s", ext + 1);
    v_sz (w, "PerceivedType", "%s", perceived[rnd (w, N (perceived))]);
    k_open (w, "OpenWithProgids");
    v_none (w, "");
    k_close (w);
    if (rnd (w, 4) == 0) {
      k_open (w, "ShellNew");
      v_sz (w, "NullFile", "%s", "");
      k_close (w);
    }
    k_close (w);
  }
  /* ProgIDs: Word.Word.N, unique by N. */
  for (uint32_t i = 0; w->len < goal (w, 0.08); i++) {
    const char *a = word (w), *b = word (w);
    guid (w, g, sizeof g, 0);
    k_open (w, "%s.%s.%u", a, b, i);
    v_sz (w, "", "%s %s Object", a, b);
    k_open (w, "CLSID");
    v_sz (w, "", "%s", g);
    k_close (w);
    k_open (w, "CurVer");
    v_sz (w, "", "%s.%s.%u.1", a, b, i);
    k_close (w);
    k_close (w);
  }
  k_open (w, "AppID");
  while (w->len < goal (w, 0.10)) {
    guid (w, g, sizeof g, 0);
    k_open (w, "%s", g);
    v_sz (w, "", "%s %s", word (w), word (w));
    if (rnd (w, 2))
      v_sz (w, "DllSurrogate", "%s", "");
    v_rbin (w, "LaunchPermission", REG_BINARY, 80 + 4 * rnd (w, 20));
    v_rbin (w, "AccessPermission", REG_BINARY, 60 + 4 * rnd (w, 20));
    if (rnd (w, 3) == 0)
      v_sz (w, "RunAs", "Interactive User");
    k_close (w);
  }
  k_close (w);
  k_open (w, "CLSID");
  while (w->len < goal (w, 0.27))
    clsid_entry (w, "System32");
  k_close (w);
  k_open (w, "Interface");
  while (w->len < goal (w, 0.37))
    interface_entry (w);
  k_close (w);
  k_open (w, "TypeLib");
  while (w->len < goal (w, 0.41)) {
    guid (w, g, sizeof g, 0);
    k_open (w, "%s", g);
    k_open (w, "1.%u", rnd (w, 3));
    v_sz (w, "", "%s %s Type Library", word (w), word (w));
    k_open (w, "0");
    const char *d = dll (w);
    k_open (w, "win64");
    v_esz (w, "", "%%SystemRoot%%\\System32\\%s.dll", d);
    k_close (w);
    k_open (w, "win32");
    v_esz (w, "", "%%SystemRoot%%\\SysWOW64\\%s.dll", d);
    k_close (w);
    k_close (w);
    k_open (w, "FLAGS");
    v_sz (w, "", "0");
    k_close (w);
    k_open (w, "HELPDIR");
    v_esz (w, "", "%%SystemRoot%%\\system32");
    k_close (w);
    k_close (w);
    k_close (w);
  }
  k_close (w);
  k_close (w);
}

static const char *const products[] = {
  "Microsoft Visual C++ 2015-2019 Redistributable (x64)", "Microsoft Report Viewer 2015 Runtime",
  "Microsoft SQL Server 2017 Setup (English)", "Microsoft ODBC Driver 17 for SQL Server",
  "Microsoft System CLR Types for SQL Server 2017", "Microsoft Visual C++ 2013 x64 Runtime",
  "Microsoft Visual C++ 2012 x64 Additional Runtime", "Microsoft Monitoring Agent",
  "Microsoft Policy Platform", "Microsoft Azure Recovery Services Agent", "PowerShell 7-x64",
  "Microsoft Web Deploy 4.0", "IIS URL Rewrite Module 2", "Microsoft OLE DB Driver for SQL Server",
  "Windows Admin Center", "Microsoft Edge Update Helper", "Microsoft .NET Core Host - 3.1.32",
  "Microsoft ASP.NET Core 3.1.32 Shared Framework (x64)", "Microsoft Silverlight",
  "Microsoft Visual Studio Tools for Applications 2017", "Microsoft Command Line Utilities 15",
};

static const char *const privileges[] = {
  "SeAuditPrivilege", "SeChangeNotifyPrivilege", "SeCreateGlobalPrivilege",
  "SeImpersonatePrivilege", "SeIncreaseQuotaPrivilege", "SeAssignPrimaryTokenPrivilege",
  "SeTcbPrivilege", "SeSecurityPrivilege", "SeBackupPrivilege", "SeRestorePrivilege",
  "SeLoadDriverPrivilege", "SeShutdownPrivilege", "SeSystemtimePrivilege",
  "SeTakeOwnershipPrivilege", "SeDebugPrivilege", "SeCreatePermanentPrivilege",
  "SeIncreaseBasePriorityPrivilege", "SeManageVolumePrivilege", "SeCreatePagefilePrivilege",
};

static void
software_current_version (struct w *w)
{
  char g[40], name[256];
  k_open (w, "Microsoft");
  k_open (w, "Windows");
  k_open (w, "CurrentVersion");

  /* Component Based Servicing: one key per installed package, with its owners and updates. */
  k_open (w, "Component Based Servicing");
  k_open (w, "Packages");
  for (uint32_t i = 0; w->len < goal (w, 0.52); i++) {
    const char *a = word (w), *b = word (w);
    if (rnd (w, 4) == 0)
      snprintf (name, sizeof name, "Package_for_KB%07u~31bf3856ad364e35~amd64~~10.0.1.%u",
                4000000 + i, 1 + rnd (w, 3000));
    else
      snprintf (name, sizeof name,
                "Microsoft-Windows-%s-%s-Package%s~31bf3856ad364e35~amd64~%s~10.0.17763.%u", a, b,
                rnd (w, 2) ? "-Client" : "", rnd (w, 3) ? "" : "en-US", 1 + i);
    k_open (w, "%s", name);
    v_dw (w, "CurrentState", rnd (w, 5) ? 0x70 : 0x20);
    v_sz (w, "InstallClient", "%s", rnd (w, 2) ? "DISM Package Manager Provider" : "UpdateAgentLCU");
    v_sz (w, "InstallLocation", "\\\\?\\C:\\Windows\\Servicing\\Packages\\%s.mum", name);
    v_sz (w, "InstallName", "%s.mum", name);
    v_dw (w, "InstallTimeHigh", 0x01d4a000 + rnd (w, 0x10000));
    v_dw (w, "InstallTimeLow", (uint32_t) rnd64 (w));
    v_sz (w, "InstallUser", "S-1-5-18");
    v_dw (w, "SelfUpdate", 0);
    v_dw (w, "Visibility", 1 + rnd (w, 2));
    v_dw (w, "LastProgressState", 0x70);
    k_open (w, "Owners");
    v_dw (w, name, 0x00700070);
    k_close (w);
    k_open (w, "Updates");
    for (uint32_t j = 0, n = 1 + rnd (w, 24); j < n; j++) {
      char u[200];
      snprintf (u, sizeof u, "%s-%s-%s-Deployment%u", a, b, word (w), j);
      v_dw (w, u, 7);
    }
    k_close (w);
    k_close (w);
  }
  k_close (w);
  k_close (w);

  /* Windows Installer: the folders it tracks, and per component the products using it. */
  k_open (w, "Installer");
  k_open (w, "Folders");
  for (uint32_t i = 0; i < 2500; i++) {
    snprintf (name, sizeof name, "C:\\Program Files\\%s\\%s\\%s%u\\", products[i % N (products)],
              word (w), word (w), i);
    v_sz (w, name, "%s", "");
  }
  k_close (w);
  k_open (w, "UserData");
  k_open (w, "S-1-5-18");
  char prod[N (products)][40];
  for (size_t i = 0; i < N (products); i++)
    packed_guid (w, prod[i], sizeof prod[i]);
  k_open (w, "Components");
  for (int count = 0; w->len < goal (w, 0.72) && count < MAX_SUBKEYS; count++) {
    packed_guid (w, name, sizeof name);
    k_open (w, "%s", name);
    uint32_t first = rnd (w, N (products)), n = 1 + rnd (w, 3);
    for (uint32_t j = 0; j < n; j++) {
      uint32_t p = (first + j) % N (products);
      v_sz (w, prod[p], "C:\\Program Files\\%s\\%s\\%s%s.dll", products[p], word (w), word (w),
            word (w));
    }
    k_close (w);
  }
  k_close (w);
  k_open (w, "Products");
  for (size_t i = 0; i < N (products); i++) {
    k_open (w, "%s", prod[i]);
    k_open (w, "InstallProperties");
    guid (w, g, sizeof g, 0);
    v_sz (w, "DisplayName", "%s", products[i]);
    v_sz (w, "DisplayVersion", "%u.%u.%u", 1 + rnd (w, 15), rnd (w, 10), rnd (w, 30000));
    v_sz (w, "Publisher", "Microsoft Corporation");
    v_sz (w, "InstallDate", "2019%02u%02u", 1 + rnd (w, 12), 1 + rnd (w, 28));
    v_sz (w, "InstallLocation", "C:\\Program Files\\%s\\", products[i]);
    v_sz (w, "InstallSource", "C:\\ProgramData\\Package Cache\\%s\\", g);
    v_sz (w, "LocalPackage", "C:\\Windows\\Installer\\%x.msi", (unsigned) rnd64 (w));
    v_esz (w, "UninstallString", "MsiExec.exe /X%s", g);
    v_esz (w, "ModifyPath", "MsiExec.exe /I%s", g);
    v_dw (w, "EstimatedSize", 1000 + rnd (w, 200000));
    v_dw (w, "Language", 1033);
    v_dw (w, "VersionMajor", 1 + rnd (w, 15));
    v_dw (w, "VersionMinor", rnd (w, 10));
    v_dw (w, "WindowsInstaller", 1);
    v_dw (w, "NoModify", 1);
    k_close (w);
    k_open (w, "Features");
    for (uint32_t j = 0, n = 3 + rnd (w, 20); j < n; j++) {
      snprintf (name, sizeof name, "%s_%s_%u", word (w), word (w), j);
      v_sz (w, name, "%s", "");
    }
    k_close (w);
    k_open (w, "Usage");
    for (uint32_t j = 0, n = 2 + rnd (w, 8); j < n; j++) {
      snprintf (name, sizeof name, "%sFiles%u", word (w), j);
      v_dw (w, name, rnd (w, 0x10000));
    }
    k_close (w);
    k_close (w);
  }
  k_close (w);
  k_close (w);
  k_close (w);
  k_close (w);

  /* Side-by-side assembly winners, one key per component with its versions. */
  static const char *const archs[] = { "amd64", "amd64", "amd64", "x86", "wow64", "msil" };
  k_open (w, "SideBySide");
  k_open (w, "Winners");
  for (int count = 0; w->len < goal (w, 0.82) && count < MAX_SUBKEYS; count++) {
    k_open (w, "%s_microsoft-windows-%s-%s_31bf3856ad364e35_none_%016llx",
            archs[rnd (w, N (archs))], word (w), word (w), (unsigned long long) unique (w));
    k_open (w, "10.0");
    uint32_t build = 1 + rnd (w, 5000);
    v_sz (w, "", "10.0.17763.%u", build);
    char ver[40];
    snprintf (ver, sizeof ver, "10.0.17763.%u", build);
    uint8_t one = 1;
    value (w, ver, REG_BINARY, &one, 1);
    k_close (w);
    k_close (w);
  }
  k_close (w);
  k_close (w);

  /* More installed programs, next to the ones the image defines. */
  k_open (w, "Uninstall");
  for (size_t i = 0; i < 40; i++) {
    guid (w, g, sizeof g, 0);
    k_open (w, "%s", g);
    v_sz (w, "DisplayName", "%s", products[i % N (products)]);
    v_sz (w, "DisplayVersion", "%u.%u.%u", 1 + rnd (w, 15), rnd (w, 10), rnd (w, 30000));
    v_sz (w, "Publisher", "Microsoft Corporation");
    v_sz (w, "InstallDate", "2019%02u%02u", 1 + rnd (w, 12), 1 + rnd (w, 28));
    v_esz (w, "UninstallString", "MsiExec.exe /X%s", g);
    v_dw (w, "EstimatedSize", 1000 + rnd (w, 200000));
    v_dw (w, "NoModify", 1);
    v_dw (w, "NoRepair", 1);
    v_dw (w, "WindowsInstaller", 1);
    k_close (w);
  }
  k_close (w);

  k_close (w);
  k_close (w);
  k_close (w);
}

static void
gen_software (struct w *w)
{
  software_classes (w);
  software_current_version (w);
  k_open (w, "WOW6432Node");
  k_open (w, "Classes");
  k_open (w, "CLSID");
  while (w->len < goal (w, 0.92))
    clsid_entry (w, "SysWOW64");
  k_close (w);
  k_open (w, "Interface");
  while (w->len < goal (w, 0.97))
    interface_entry (w);
  k_close (w);
  k_close (w);
  k_close (w);
}

/* ------------------------------------------------------------------------------------------ */
/* SYSTEM */

/* Windows Server 2019 service names; the ones the input already has are skipped.  No virtio,
 * storage-miniport or network-adapter driver is listed: winseed looks for those. */
static const char *const win32_services[] = {
  "AeLookupSvc", "ALG", "AppHostSvc", "AppIDSvc", "Appinfo", "AppMgmt", "AppReadiness",
  "AppVClient", "AppXSvc", "AudioEndpointBuilder", "Audiosrv", "AxInstSV", "BFE", "BITS",
  "BrokerInfrastructure", "Browser", "BthAvctpSvc", "bthserv", "camsvc", "CDPSvc", "CertPropSvc",
  "ClipSVC", "COMSysApp", "CoreMessagingRegistrar", "CryptSvc", "CscService", "DcomLaunch",
  "defragsvc", "DeviceAssociationService", "DeviceInstall", "DevQueryBroker", "Dhcp",
  "diagnosticshub.standardcollector.service", "DiagTrack", "DmEnrollmentSvc", "dmwappushservice",
  "Dnscache", "dot3svc", "DPS", "DsmSvc", "DsSvc", "Eaphost", "EFS", "embeddedmode",
  "EntAppSvc", "EventSystem", "fdPHost", "FDResPub", "FontCache", "FrameServer",
  "gpsvc", "GraphicsPerfSvc", "hidserv", "HvHost", "icssvc", "IKEEXT", "InstallService",
  "iphlpsvc", "KeyIso", "KPSSVC", "KtmRm", "LanmanServer", "LanmanWorkstation", "lfsvc",
  "LicenseManager", "lltdsvc", "lmhosts", "LSM", "MapsBroker", "MpsSvc", "MSDTC",
  "MSiSCSI", "msiserver", "NcaSvc", "NcbService", "Netlogon", "Netman", "netprofm",
  "NetSetupSvc", "NetTcpPortSharing", "NgcCtnrSvc", "NgcSvc", "NlaSvc", "nsi", "PcaSvc",
  "PerfHost", "PhoneSvc", "pla", "PlugPlay", "PolicyAgent", "Power", "PrintNotify",
  "ProfSvc", "QWAVE", "RasAuto", "RasMan", "RemoteAccess", "RemoteRegistry", "RmSvc",
  "RpcEptMapper", "RpcLocator", "RpcSs", "RSoPProv", "sacsvr", "SamSs", "SCardSvr",
  "ScDeviceEnum", "Schedule", "SCPolicySvc", "seclogon", "SecurityHealthService", "SEMgrSvc",
  "SENS", "SensorDataService", "SensorService", "SensrSvc", "SessionEnv", "SgrmBroker",
  "SharedAccess", "ShellHWDetection", "shpamsvc", "smphost", "SNMPTRAP", "Spooler", "sppsvc",
  "SSDPSRV", "SstpSvc", "StateRepository", "stisvc", "StorSvc", "svsvc", "swprv", "SysMain",
  "SystemEventsBroker", "TabletInputService", "tapisrv", "TermService", "Themes",
  "TieringEngineService", "TimeBrokerSvc", "TokenBroker", "TrkWks", "TrustedInstaller",
  "tzautoupdate", "UALSVC", "UevAgentService", "UmRdpService", "upnphost", "UserManager",
  "UsoSvc", "VaultSvc", "vds", "vmicguestinterface", "vmicheartbeat", "vmickvpexchange",
  "vmicrdv", "vmicshutdown", "vmictimesync", "vmicvmsession", "vmicvss", "VSS", "W32Time",
  "WaaSMedicSvc", "WalletService", "WarpJITSvc", "WbioSrvc", "Wcmsvc", "WdiServiceHost",
  "WdiSystemHost", "WdNisSvc", "Wecsvc", "WEPHOSTSVC", "wercplsupport", "WerSvc", "WiaRpc",
  "WinDefend", "WinHttpAutoProxySvc", "Winmgmt", "WinRM", "wisvc", "wlidsvc", "wmiApSrv",
  "WMPNetworkSvc", "WPDBusEnum", "WpnService", "WSearch", "wuauserv", "XblAuthManager",
  "XblGameSave",
};

static const char *const kernel_drivers[] = {
  "1394ohci", "3ware", "AcpiDev", "acpiex", "acpipagr", "AcpiPmi", "acpitime", "AFD",
  "afunix", "ahcache", "AmdK8", "AmdPPM", "Beep", "bowser", "BasicDisplay", "BasicRender",
  "bam", "bttflt", "buttonconverter", "CAD", "cdfs", "CimFS", "circlass", "CLFS",
  "CmBatt", "CNG", "cnghwassist", "CompositeBus", "condrv", "CSC", "dam", "Dfsc",
  "disk_filter", "DXGKrnl", "EhStorTcgDrv", "ErrDev", "exfat", "fastfat", "fdc", "FileCrypt",
  "FileInfo", "Filetrace", "flpydisk", "FltMgr", "FsDepends", "gencounter", "GPIOClx0101",
  "HdAudAddService", "HDAudBus", "HidBatt", "HidBth", "hidi2c", "hidinterrupt", "HidIr",
  "HidUsb", "HpSAMD", "HTTP", "hvcrash", "hwpolicy", "hyperkbd", "HyperVideo", "i8042prt",
  "iagpio", "iai2c", "ibbus", "IndirectKmd", "intelpep", "intelppm", "IPMIDRV", "IPNAT",
  "IPT", "isapnp", "kbdclass", "kbdhid", "KSecDD", "KSecPkg", "ksthunk", "lltdio", "luafv",
  "MbbCx", "mlx4_bus", "MMCSS", "Modem", "monitor", "mouclass", "mouhid", "MpKsl",
  "MRxDAV", "mrxsmb", "mrxsmb20", "MsBridge", "Msfs", "msgpiowin32", "mshidkmdf", "mshidumdf",
  "MsLldp", "MsQuic", "MsRPC", "Mup", "Ndu", "NdisCap", "NdisImPlatform", "NdisTapi",
  "Ndisuio", "NdisVirtualBus", "NdisWan", "ndiswanlegacy", "NDKPing", "ndproxy", "NetAdapterCx",
  "npsvctrig", "Npfs", "nsiproxy", "Ntfs", "Null", "nvdimm", "Parport", "pcw", "pdc", "PEAUTH",
  "percsas2i", "percsas3i", "PptpMiniport", "Processor", "Psched", "QWAVEdrv", "RasAcd",
  "RasAgileVpn", "Rasl2tp", "RasPppoe", "RasSstp", "rdbss", "rdpbus", "RDPDR", "RdpVideoMiniport",
  "ReFS", "ReFSv1", "rspndr", "s3cap", "scfilter", "scmbus", "sdbus", "SDFRd", "sdstor",
  "SerCx", "SerCx2", "Serenum", "Serial", "sermouse", "sfloppy", "SgrmAgent", "SiSRaid2",
  "SmartSAMD", "spaceport", "SpatialGraphFilter", "srv2", "srvnet", "stexstor",
  "swenum", "Tcpip6Reg", "tcpipreg", "tdx", "Telemetry", "terminpt", "TPM", "TsUsbFlt",
  "TsUsbGD", "tsusbhub", "tunnel", "UASPStor", "UcmCx0101", "UcmTcpciCx0101", "UcmUcsiAcpiClient",
  "UcmUcsiCx0101", "Ucx01000", "UdeCx", "udfs", "UEFI", "UevAgentDriver", "Ufx01000",
  "UfxChipidea", "ufxsynopsys", "umbus", "UmPass", "UrsChipidea", "UrsCx01000", "UrsSynopsys",
  "usbaudio", "usbaudio2", "usbccgp", "usbehci", "usbhub", "USBHUB3", "usbohci", "usbprint",
  "usbser", "USBSTOR", "usbuhci", "USBXHCI", "vdrvroot_filter", "VerifierExt", "vhdmp", "vhf",
  "Vid", "VirtualRender", "vm3dmp", "vm3dmp-debug", "vm3dmp-stats", "vm3dmp_loader", "vmci",
  "vmgid", "vmhgfs", "vmmouse", "vmrawdsk", "vmusbmouse", "VMSP", "vmbus", "VMBusHID", "vmgencounter",
  "volsnap", "vpci", "vsmraid", "vsock", "VSTXRAID", "vwifibus", "WacomPen", "wanarp",
  "wanarpv6", "wcifs", "WdBoot", "Wdf01000_filter", "WdFilter", "wdiwifi", "WdmCompanionFilter",
  "WdNisDrv", "WFPLWFS", "WIMMount", "WindowsTrustedRT", "WindowsTrustedRTProxy", "WinMad",
  "WinNat", "WINUSB", "WinVerbs", "WmiAcpi", "Wof", "WpdUpFltr", "ws2ifsl", "WudfPf",
  "WUDFRd", "xboxgip", "xinputhid",
};

static const char *const svc_groups[] = { "netsvcs", "LocalService", "LocalSystemNetworkRestricted",
                                          "NetworkService", "LocalServiceNetworkRestricted",
                                          "DcomLaunch", "appmodel", "utcsvc" };
static const char *const accounts[] = { "LocalSystem", "NT AUTHORITY\\LocalService",
                                        "NT AUTHORITY\\NetworkService" };

static void
win32_service (struct w *w, const char *name)
{
  char g[40];
  const char *d = dll (w);
  k_open (w, "%s", name);
  v_dw (w, "Type", rnd (w, 3) ? 0x20 : 0x10);
  v_dw (w, "Start", 2 + rnd (w, 3));          /* automatic, demand or disabled */
  v_dw (w, "ErrorControl", 1);
  v_esz (w, "ImagePath", "%%SystemRoot%%\\system32\\svchost.exe -k %s -p",
         svc_groups[rnd (w, N (svc_groups))]);
  v_sz (w, "DisplayName", "@%%SystemRoot%%\\system32\\%s.dll,-%u", d, 100 + rnd (w, 900));
  v_sz (w, "Description", "@%%SystemRoot%%\\system32\\%s.dll,-%u", d, 100 + rnd (w, 900));
  v_sz (w, "ObjectName", "%s", accounts[rnd (w, N (accounts))]);
  const char *deps[4] = { "RpcSs", NULL, NULL, NULL };
  if (rnd (w, 2))
    deps[1] = rnd (w, 2) ? "Tcpip" : "EventLog";
  v_multi (w, "DependOnService", deps);
  v_dw (w, "ServiceSidType", 1);
  const char *priv[N (privileges) + 1];
  uint32_t np = 3 + rnd (w, N (privileges) - 3), first = rnd (w, N (privileges));
  for (uint32_t i = 0; i < np; i++)
    priv[i] = privileges[(first + i) % N (privileges)];
  priv[np] = NULL;
  v_multi (w, "RequiredPrivileges", priv);
  v_rbin (w, "FailureActions", REG_BINARY, 44);
  if (rnd (w, 3) == 0)
    v_dw (w, "DelayedAutostart", 1);
  k_open (w, "Parameters");
  v_esz (w, "ServiceDll", "%%SystemRoot%%\\system32\\%s.dll", d);
  v_dw (w, "ServiceDllUnloadOnStop", 1);
  v_sz (w, "ServiceMain", "ServiceMain");
  k_close (w);
  k_open (w, "Security");
  v_rbin (w, "Security", REG_BINARY, 120 + 4 * rnd (w, 30));
  k_close (w);
  if (rnd (w, 2)) {
    k_open (w, "TriggerInfo");
    for (uint32_t i = 0, n = 1 + rnd (w, 3); i < n; i++) {
      k_open (w, "%u", i);
      v_dw (w, "Type", 1 + rnd (w, 7));
      v_dw (w, "Action", 1 + rnd (w, 2));
      guid (w, g, sizeof g, 1);
      uint8_t b[16];
      guid_bytes (g, b);
      value (w, "Guid", REG_BINARY, b, 16);
      v_rbin (w, "Data0", REG_BINARY, 8 + 2 * rnd (w, 40));
      v_dw (w, "DataType0", 2);
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
}

static void
kernel_driver (struct w *w, const char *name)
{
  k_open (w, "%s", name);
  v_dw (w, "Type", rnd (w, 8) ? 1 : 2);
  v_dw (w, "Start", 3 + rnd (w, 2));          /* demand or disabled: nothing loads at boot */
  v_dw (w, "ErrorControl", rnd (w, 4) ? 1 : 0);
  v_esz (w, "ImagePath", "\\SystemRoot\\System32\\drivers\\%s.sys", name);
  v_sz (w, "DisplayName", "@%s.inf,%%%s.SvcDesc%%;%s %s Driver", name, name, word (w), word (w));
  if (rnd (w, 2)) {
    char inf[80];
    snprintf (inf, sizeof inf, "%s.inf", name);
    const char *owners[] = { inf, NULL };
    v_multi (w, "Owners", owners);
  }
  if (rnd (w, 3) == 0)
    v_sz (w, "Group", "%s", rnd (w, 2) ? "Extended Base" : "PNP_TDI");
  if (rnd (w, 2)) {
    k_open (w, "Parameters");
    for (uint32_t i = 0, n = 1 + rnd (w, 6); i < n; i++) {
      char v[80];
      snprintf (v, sizeof v, "%s%sValue%u", word (w), word (w), i);
      v_dw (w, v, rnd (w, 100));
    }
    k_close (w);
  }
  k_close (w);
}

static void
system_services (struct w *w)
{
  k_open (w, "Services");
  for (size_t i = 0; i < N (win32_services); i++)
    if (!k_exists (w, win32_services[i]))
      win32_service (w, win32_services[i]);
  for (size_t i = 0; i < N (kernel_drivers); i++)
    if (!k_exists (w, kernel_drivers[i]))
      kernel_driver (w, kernel_drivers[i]);

  if (!k_exists (w, "EventLog")) {
    static const char *const logs[] = { "Application", "System", "Security", "Setup",
                                         "HardwareEvents", "Windows PowerShell" };
    size_t start = w->len, end = goal (w, 0.30);
    k_open (w, "EventLog");
    for (size_t l = 0; l < N (logs); l++) {
      k_open (w, "%s", logs[l]);
      v_esz (w, "File", "%%SystemRoot%%\\System32\\Winevt\\Logs\\%s.evtx", logs[l]);
      v_dw (w, "MaxSize", 0x01400000);
      v_dw (w, "Retention", 0);
      v_sz (w, "PrimaryModule", "%s", logs[l]);
      v_esz (w, "DisplayNameFile", "%%SystemRoot%%\\system32\\wevtapi.dll");
      v_dw (w, "DisplayNameID", 0x100 + (uint32_t) l);
      /* Sources: the services above for System, Microsoft-Windows-A-B for the others. */
      size_t logend = start + (end - start) * (l + 1) / N (logs);
      for (uint32_t i = 0; w->len < logend; i++) {
        char src[200];
        if (l == 1 && i < N (kernel_drivers))
          snprintf (src, sizeof src, "%s", kernel_drivers[i]);
        else
          snprintf (src, sizeof src, "Microsoft-Windows-%s-%s%s", words[i % N (words)],
                    words[i / N (words) % N (words)], i < N (words) * N (words) ? "" : "-Ext");
        if (i >= 2 * N (words) * N (words))
          break;
        k_open (w, "%s", src);
        v_esz (w, "EventMessageFile", "%%SystemRoot%%\\System32\\%s.dll", dll (w));
        v_dw (w, "TypesSupported", 7);
        if (rnd (w, 2)) {
          char g[40];
          guid (w, g, sizeof g, 0);
          v_sz (w, "ProviderGuid", "%s", g);
        }
        if (rnd (w, 4) == 0) {
          v_esz (w, "CategoryMessageFile", "%%SystemRoot%%\\System32\\%s.dll", dll (w));
          v_dw (w, "CategoryCount", 1 + rnd (w, 20));
        }
        k_close (w);
      }
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
}

struct dev_class {
  const char *guid, *name, *desc;
  int instances;
};

/* Setup classes a Server 2019 VM has, minus storage controllers, disks and network (the input
 * has those, and winseed reads and writes them). */
static const struct dev_class classes[] = {
  { "{4D36E97D-E325-11CE-BFC1-08002BE10318}", "System", "System devices", 90 },
  { "{4D36E968-E325-11CE-BFC1-08002BE10318}", "Display", "Display adapters", 2 },
  { "{4D36E96E-E325-11CE-BFC1-08002BE10318}", "Monitor", "Monitors", 2 },
  { "{4D36E96B-E325-11CE-BFC1-08002BE10318}", "Keyboard", "Keyboards", 3 },
  { "{4D36E96F-E325-11CE-BFC1-08002BE10318}", "Mouse", "Mice and other pointing devices", 4 },
  { "{4D36E978-E325-11CE-BFC1-08002BE10318}", "Ports", "Ports (COM & LPT)", 3 },
  { "{50127DC3-0F36-415E-A6CC-4CB3BE910B65}", "Processor", "Processors", 8 },
  { "{71A27CDD-812A-11D0-BEC7-08002BE2092F}", "Volume", "Storage volumes", 6 },
  { "{533C5B84-EC70-11D2-9505-00C04F79DEAF}", "VolumeSnapshot", "Storage volume shadow copies", 4 },
  { "{36FC9E60-C465-11CF-8056-444553540000}", "USB", "Universal Serial Bus controllers", 6 },
  { "{745A17A0-74D3-11D0-B6FE-00A0C90F57DA}", "HIDClass", "Human Interface Devices", 6 },
  { "{4D36E965-E325-11CE-BFC1-08002BE10318}", "CDROM", "DVD/CD-ROM drives", 1 },
  { "{4D36E966-E325-11CE-BFC1-08002BE10318}", "Computer", "Computer", 1 },
  { "{4D36E969-E325-11CE-BFC1-08002BE10318}", "fdc", "Floppy disk controllers", 1 },
  { "{4D36E980-E325-11CE-BFC1-08002BE10318}", "FloppyDisk", "Floppy disk drives", 1 },
  { "{1ED2BBF9-11F0-4084-B21F-AD83A8E6DCDC}", "PrintQueue", "Print queues", 6 },
  { "{4D36E979-E325-11CE-BFC1-08002BE10318}", "Printer", "Printers", 2 },
  { "{62F9C741-B25A-46CE-B54C-9BCCCE08B6F2}", "SoftwareDevice", "Software devices", 12 },
  { "{C166523C-FE0C-4A94-A586-F1A80CFBBF3E}", "AudioEndpoint", "Audio inputs and outputs", 2 },
  { "{D94EE5D8-D189-4994-83D2-F68D7D41B0E6}", "SecurityDevices", "Security devices", 1 },
  { "{F2E7DD72-6468-4E36-B6F1-6488F42C1B52}", "Firmware", "Firmware", 1 },
  { "{4D36E96C-E325-11CE-BFC1-08002BE10318}", "MEDIA", "Sound, video and game controllers", 2 },
  { "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}", "Image", "Imaging devices", 1 },
  { "{8ECC055D-047F-11D1-A537-0000F8753ED1}", "LegacyDriver", "Non-Plug and Play Drivers", 40 },
};

static void
system_classes (struct w *w)
{
  k_open (w, "Class");
  for (size_t c = 0; c < N (classes); c++) {
    if (k_exists (w, classes[c].guid))
      continue;
    k_open (w, "%s", classes[c].guid);
    v_sz (w, "", "%s", classes[c].desc);
    v_sz (w, "Class", "%s", classes[c].name);
    v_sz (w, "ClassDesc", "@%%SystemRoot%%\\System32\\setupapi.dll,-%u", 1000 + rnd (w, 100));
    const char *icon[] = { "%SystemRoot%\\System32\\setupapi.dll,-20", NULL };
    v_multi (w, "IconPath", icon);
    if (rnd (w, 2))
      v_sz (w, "NoInstallClass", "1");
    for (int i = 0; i < classes[c].instances; i++) {
      k_open (w, "%04d", i);
      v_sz (w, "InfPath", "%s.inf", dll (w));
      v_sz (w, "InfSection", "%s_Inst", word (w));
      v_sz (w, "ProviderName", "Microsoft");
      v_sz (w, "DriverDesc", "%s %s", word (w), classes[c].name);
      v_sz (w, "DriverVersion", "10.0.17763.%u", 1 + rnd (w, 2000));
      v_sz (w, "DriverDate", "6-21-2006");
      uint8_t date[8];
      put64 (date, UINT64_C (127987200000000000));
      value (w, "DriverDateData", REG_BINARY, date, 8);
      v_sz (w, "MatchingDeviceId", "%s\\%s%u", rnd (w, 2) ? "acpi" : "root", word (w), i);
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
}

static const char *const prop_sets[] = {
  "{540b947e-8b40-45bc-a8a2-6a0b894cbda2}", "{83da6326-97a6-4088-9453-a1923f573b29}",
  "{a8b865dd-2e3d-4094-ad97-e593a70c75d6}", "{3464f7a4-2444-40b1-980a-e0903cb6d912}",
  "{80d81ea6-7473-4b0c-8216-efc11a2c4c8b}", "{4340a6c5-93fa-4706-972c-7b648008a5a7}",
  "{78c34fc8-104a-4aca-9ea4-524d52996e57}", "{8c7ed206-3f8a-4827-b3ab-ae9e1faefc6c}",
};

/* Enum\<bus>\<device>\<instance> as PnP leaves it: identity values, Device Parameters, LogConf
 * and the Properties tree (one key per property, its value typed 0xFFFF0000 | DEVPROP_TYPE). */
static void
enum_instance (struct w *w, const char *bus, const char *id, const char *inst,
               const struct dev_class *cls, const char *svc, const char *desc, int props)
{
  char full[400], cut[400];
  k_open (w, "%s", inst);
  v_sz (w, "DeviceDesc", "@%s.inf,%%%s%%;%s", dll (w), word (w), desc);
  snprintf (full, sizeof full, "%s\\%s", bus, id);
  snprintf (cut, sizeof cut, "%s", full);
  char *amp = strrchr (cut, '&');
  if (amp)
    *amp = 0;
  const char *hw[] = { full, cut, NULL };
  v_multi (w, "HardwareID", hw);
  char c1[80], c2[80];
  snprintf (c1, sizeof c1, "%s\\%s", bus, cls->name);
  snprintf (c2, sizeof c2, "%s\\CC_%04X", bus, rnd (w, 0x10000));
  const char *compat[] = { c1, c2, NULL };
  v_multi (w, "CompatibleIDs", compat);
  v_sz (w, "ContainerID", "{00000000-0000-0000-ffff-ffffffffffff}");
  v_dw (w, "Capabilities", rnd (w, 0x200));
  v_dw (w, "ConfigFlags", 0);
  if (rnd (w, 2))
    v_dw (w, "Address", rnd (w, 0x100000));
  if (rnd (w, 2))
    v_sz (w, "LocationInformation", "PCI bus %u, device %u, function 0", rnd (w, 32), rnd (w, 32));
  v_sz (w, "ClassGUID", "%s", cls->guid);
  v_sz (w, "Driver", "%s\\%04u", cls->guid, rnd (w, cls->instances));
  v_sz (w, "Mfg", "@%s.inf,%%%s%%;(Standard %s)", dll (w), word (w), cls->name);
  if (svc)
    v_sz (w, "Service", "%s", svc);
  k_open (w, "Device Parameters");
  v_dw (w, "ExtPropDescSemaphore", 1);
  if (rnd (w, 2))
    v_dw (w, "InterruptManagement", 1);
  k_close (w);
  if (rnd (w, 2)) {
    k_open (w, "LogConf");
    v_rbin (w, "BootConfig", REG_RESOURCE_LIST, 40 + 16 * rnd (w, 12));
    k_close (w);
  }
  k_open (w, "Properties");
  uint32_t first = rnd (w, N (prop_sets));
  int sets = 2 + (int) rnd (w, 5), left = props;
  for (int s = 0; s < sets; s++) {
    k_open (w, "%s", prop_sets[(first + (uint32_t) s) % N (prop_sets)]);
    int n = left / (sets - s);
    for (int i = 0; i < n; i++, left--) {
      k_open (w, "%04X", 2 + i);
      switch (rnd (w, 6)) {
      case 0:
        v_prop_str (w, 0xffff0012, "%s %s %s", word (w), word (w), desc);
        break;
      case 1: {
        uint8_t b[4];
        put32 (b, rnd (w, 0x1000));
        value (w, "", 0xffff0007, b, 4);
        break;
      }
      case 2: {
        uint8_t b[8];
        put64 (b, FIXED_FILETIME - rnd (w, 86400 * 365) * FILETIME_SECOND);
        value (w, "", 0xffff0010, b, 8);
        break;
      }
      case 3: {
        uint8_t b = 0xff;
        value (w, "", 0xffff0011, &b, 1);
        break;
      }
      case 4: {
        char g[40];
        uint8_t b[16];
        guid (w, g, sizeof g, 1);
        guid_bytes (g, b);
        value (w, "", 0xffff000d, b, 16);
        break;
      }
      default: {
        const char *list[] = { full, cut, NULL };
        v_multi_type (w, 0xffff2012, "", list);
        break;
      }
      }
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
  k_close (w);
}

struct dev_tpl {
  const char *bus, *id;
  int cls;                      /* index in classes[] */
  const char *svc, *desc;
  int count;                    /* instances; 0: as many as the budget of this bus allows */
  const char *inst;             /* instance name format with one %u */
};

/* The device tree of a VMware Server 2019 VM without its disk controllers and NICs. */
static const struct dev_tpl devices[] = {
  { "ACPI", "PNP0A03", 0, "pci", "PCI Bus", 1, "%u" },
  { "ACPI", "PNP0C0F", 0, NULL, "PCI Interrupt Link", 4, "%u" },
  { "ACPI", "PNP0C02", 0, NULL, "Motherboard resources", 6, "%u" },
  { "ACPI", "PNP0B00", 0, NULL, "System CMOS/real time clock", 1, "4&25ee97c0&%u" },
  { "ACPI", "PNP0103", 0, NULL, "High precision event timer", 1, "%u" },
  { "ACPI", "PNP0303", 3, "i8042prt", "Standard PS/2 Keyboard", 1, "4&25ee97c0&%u" },
  { "ACPI", "VMW0003", 4, "i8042prt", "VMware Pointing Device", 1, "4&25ee97c0&%u" },
  { "ACPI", "PNP0501", 5, "Serial", "Communications Port", 2, "%u" },
  { "ACPI", "PNP0700", 13, "fdc", "Standard floppy disk controller", 1, "4&25ee97c0&%u" },
  { "ACPI", "ACPI0004", 0, NULL, "ACPI Module Device", 1, "%u" },
  { "ACPI", "PNP0C0A", 0, "CmBatt", "Microsoft ACPI-Compliant Control Method Battery", 1, "%u" },
  { "ACPI", "GenuineIntel_-_Intel64_Family_6_Model_85_-_Intel(R)_Xeon(R)_Gold_6130_CPU_@_2.10GHz",
    6, "intelppm", "Intel Xeon Processor", 8, "_%u" },
  { "ACPI_HAL", "PNP0C08", 0, "ACPI", "Microsoft ACPI-Compliant System", 1, "%u" },
  { "DISPLAY", "Default_Monitor", 2, "monitor", "Generic Non-PnP Monitor", 1, "4&1a6a2c55&0&UID%u" },
  { "HTREE", "ROOT", 0, NULL, "HTREE ROOT", 1, "%u" },
  { "PCI", "VEN_8086&DEV_7190&SUBSYS_197615AD&REV_01", 0, NULL, "Intel 82443BX Pentium(R) II Processor to PCI Bridge", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_8086&DEV_7191&SUBSYS_00000000&REV_01", 0, "pci", "Intel 82443BX Pentium(R) II Processor to AGP controller", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_8086&DEV_7110&SUBSYS_197615AD&REV_08", 0, "msisadrv", "Intel 82371AB/EB PCI to ISA bridge (ISA mode)", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_8086&DEV_7113&SUBSYS_197615AD&REV_08", 0, NULL, "Intel 82371AB/EB Power Management Controller", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_15AD&DEV_0740&SUBSYS_074015AD&REV_10", 0, "vmci", "VMware VMCI Bus Device", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_15AD&DEV_0405&SUBSYS_040515AD&REV_00", 1, "vm3dmp", "VMware SVGA 3D", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_15AD&DEV_0790&SUBSYS_079015AD&REV_02", 0, "pci", "PCI standard PCI-to-PCI bridge", 1, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_15AD&DEV_07A0&SUBSYS_07A015AD&REV_01", 0, "pci", "PCI Express Root Port", 32, "3&18d45aa6&0&%02X" },
  { "PCI", "VEN_15AD&DEV_0774&SUBSYS_197615AD&REV_00", 9, "usbuhci", "Standard Universal PCI to USB Host Controller", 1, "4&b70f118&0&%04X" },
  { "PCI", "VEN_15AD&DEV_0770&SUBSYS_077015AD&REV_00", 9, "usbehci", "Standard Enhanced PCI to USB Host Controller", 1, "4&2b8260c3&0&%04X" },
  { "ROOT", "BasicDisplay", 1, "BasicDisplay", "Microsoft Basic Display Driver", 1, "%04u" },
  { "ROOT", "BasicRender", 0, "BasicRender", "Microsoft Basic Render Driver", 1, "%04u" },
  { "ROOT", "CompositeBus", 0, "CompositeBus", "Composite Bus Enumerator", 1, "%04u" },
  { "ROOT", "UMBUS", 0, "umbus", "UMBus Root Bus Enumerator", 1, "%04u" },
  { "ROOT", "NdisVirtualBus", 0, "NdisVirtualBus", "Microsoft Virtual Network Adapter Enumerator", 1, "%04u" },
  { "ROOT", "RDPBUS", 0, "rdpbus", "Remote Desktop Device Redirector Bus", 1, "%04u" },
  { "ROOT", "SYSTEM", 0, "swenum", "Plug and Play Software Device Enumerator", 4, "%04u" },
  { "ROOT", "spaceport", 0, "spaceport", "Microsoft Storage Spaces Controller", 1, "%04u" },
  { "ROOT", "vdrvroot", 0, "vdrvroot", "Microsoft Virtual Drive Enumerator", 1, "%04u" },
  { "ROOT", "LEGACY_BEEP", 23, "Beep", "Beep", 1, "%04u" },
  { "SCSI", "CdRom&Ven_NECVMWar&Prod_VMware_SATA_CD00&Rev_1.00", 11, "cdrom", "NECVMWar VMware SATA CD00", 1, "5&2a8a4d8a&0&00000%u" },
  { "STORAGE", "Volume", 7, "volume", "Volume", 0, "{9b2e5c71-0d4a-11e9-9b6c-806e6f6e6963}#00000000%08X" },
  { "STORAGE", "VolumeSnapshot", 8, "volsnap", "Generic volume shadow copy", 0, "HarddiskVolumeSnapshot%u" },
  { "SWD", "PRINTENUM", 15, NULL, "Print queue", 0, "{%08X-2c6b-4d1e-9a3f-0c9e1d7e6b5a}" },
  { "SWD", "MMDEVAPI", 18, NULL, "Audio endpoint", 0, "{0.0.0.00000000}.{%08x-1b0e-4c4b-8f0e-8a8d4a3e2f1c}" },
  { "SWD", "WPDBUSENUM", 17, "WUDFRd", "Portable device", 0, "_??_USBSTOR#Disk&Ven_Generic&Prod_Flash#%08X&0#{53f56307-b6bf-11d0-94f2-00a0c91efb8b}" },
  { "USB", "ROOT_HUB", 9, "usbhub", "USB Root Hub", 1, "4&1f2c9a8b&%u" },
  { "USB", "ROOT_HUB20", 9, "usbhub", "USB Root Hub (USB 2.0)", 1, "4&3a1b2c3d&%u" },
  { "USB", "VID_0E0F&PID_0003", 10, "usbccgp", "USB Composite Device", 1, "6&8f1e2d3c&0&%u" },
  { "HID", "VID_0E0F&PID_0003&MI_00", 4, "mouhid", "HID-compliant mouse", 1, "7&2b3c4d5e&0&000%u" },
  { "HID", "VID_0E0F&PID_0003&MI_01", 3, "kbdhid", "HID Keyboard Device", 1, "7&1a2b3c4d&0&000%u" },
};

static void
system_enum (struct w *w)
{
  k_open (w, "Enum");
  size_t start = w->len, end = goal (w, 0.75);
  int fillers = 0, filled = 0;
  for (size_t i = 0; i < N (devices); i++)
    fillers += devices[i].count == 0;
  for (size_t i = 0; i < N (devices);) {
    const char *bus = devices[i].bus;
    k_open (w, "%s", bus);
    for (; i < N (devices) && strcmp (devices[i].bus, bus) == 0; i++) {
      const struct dev_tpl *d = &devices[i];
      if (k_exists (w, d->id))
        continue;
      k_open (w, "%s", d->id);
      if (d->count) {
        for (int n = 0; n < d->count; n++) {
          char inst[300];
          snprintf (inst, sizeof inst, d->inst, (unsigned) n);
          enum_instance (w, bus, d->id, inst, &classes[d->cls], d->svc, d->desc,
                         12 + (int) rnd (w, 20));
        }
      } else {
        /* The bulk: volumes, shadow copies, print queues and endpoints share the budget. */
        filled++;
        size_t stop = start + (end - start) * (size_t) filled / (size_t) fillers;
        for (unsigned n = 0; w->len < stop; n++) {
          char inst[300];
          snprintf (inst, sizeof inst, d->inst, d->count == 0 && strstr (d->inst, "%08")
                    ? (unsigned) (unique (w) >> 32) : n);
          enum_instance (w, bus, d->id, inst, &classes[d->cls], d->svc, d->desc,
                         12 + (int) rnd (w, 20));
        }
      }
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
}

static void
system_control (struct w *w)
{
  k_open (w, "Control");
  system_classes (w);

  /* Device interfaces: one key per interface instance, with its symbolic link. */
  if (!k_exists (w, "DeviceClasses")) {
    size_t start = w->len, end = goal (w, 0.98);
    const int ifaces = 60;
    k_open (w, "DeviceClasses");
    for (int c = 0; c < ifaces; c++) {
      char ig[40];
      guid (w, ig, sizeof ig, 1);
      k_open (w, "%s", ig);
      size_t stop = start + (end - start) * (size_t) (c + 1) / (size_t) ifaces;
      for (unsigned n = 0; w->len < stop; n++) {
        const struct dev_tpl *d = &devices[rnd (w, N (devices))];
        char link[400];
        snprintf (link, sizeof link, "##?#%s#%s#%u&%08x&0&%u#%s", d->bus, d->id, 3 + rnd (w, 5),
                  (unsigned) (unique (w) >> 32), n, ig);
        for (char *p = link; *p; p++)
          if (*p == '\\')
            *p = '#';
        k_open (w, "%s", link);
        v_sz (w, "DeviceInstance", "%s\\%s\\%u", d->bus, d->id, n);
        k_open (w, "#");
        v_sz (w, "SymbolicLink", "\\\\?\\%s", link + 4);
        if (rnd (w, 3) == 0) {
          k_open (w, "Device Parameters");
          v_sz (w, "FriendlyName", "%s %s", word (w), d->desc);
          v_dw (w, "Flags", rnd (w, 16));
          k_close (w);
        }
        k_close (w);
        k_close (w);
      }
      k_close (w);
    }
    k_close (w);
  }

  if (!k_exists (w, "Time Zones")) {
    static const char *const zones[] = {
      "Dateline Standard Time", "UTC-11", "Aleutian Standard Time", "Hawaiian Standard Time",
      "Marquesas Standard Time", "Alaskan Standard Time", "UTC-09", "Pacific Standard Time",
      "Pacific Standard Time (Mexico)", "UTC-08", "US Mountain Standard Time",
      "Mountain Standard Time", "Central America Standard Time", "Central Standard Time",
      "Easter Island Standard Time", "Canada Central Standard Time", "SA Pacific Standard Time",
      "Eastern Standard Time", "Haiti Standard Time", "Cuba Standard Time",
      "US Eastern Standard Time", "Paraguay Standard Time", "Atlantic Standard Time",
      "Venezuela Standard Time", "Central Brazilian Standard Time", "SA Western Standard Time",
      "Pacific SA Standard Time", "Newfoundland Standard Time", "Tocantins Standard Time",
      "E. South America Standard Time", "SA Eastern Standard Time", "Argentina Standard Time",
      "Greenland Standard Time", "Montevideo Standard Time", "Magallanes Standard Time",
      "Saint Pierre Standard Time", "Bahia Standard Time", "UTC-02", "Azores Standard Time",
      "Cape Verde Standard Time", "UTC", "GMT Standard Time", "Greenwich Standard Time",
      "Sao Tome Standard Time", "Morocco Standard Time", "W. Europe Standard Time",
      "Central Europe Standard Time", "Romance Standard Time", "Central European Standard Time",
      "W. Central Africa Standard Time", "Jordan Standard Time", "GTB Standard Time",
      "Middle East Standard Time", "Egypt Standard Time", "E. Europe Standard Time",
      "Syria Standard Time", "West Bank Standard Time", "South Africa Standard Time",
      "FLE Standard Time", "Israel Standard Time", "Kaliningrad Standard Time",
      "Sudan Standard Time", "Libya Standard Time", "Namibia Standard Time",
      "Arabic Standard Time", "Turkey Standard Time", "Arab Standard Time",
      "Belarus Standard Time", "Russian Standard Time", "E. Africa Standard Time",
      "Iran Standard Time", "Arabian Standard Time", "Astrakhan Standard Time",
      "Azerbaijan Standard Time", "Russia Time Zone 3", "Mauritius Standard Time",
      "Georgian Standard Time", "Caucasus Standard Time", "Afghanistan Standard Time",
      "West Asia Standard Time", "Ekaterinburg Standard Time", "Pakistan Standard Time",
      "India Standard Time", "Sri Lanka Standard Time", "Nepal Standard Time",
      "Central Asia Standard Time", "Bangladesh Standard Time", "Omsk Standard Time",
      "Myanmar Standard Time", "SE Asia Standard Time", "Altai Standard Time",
      "W. Mongolia Standard Time", "North Asia Standard Time", "N. Central Asia Standard Time",
      "Tomsk Standard Time", "China Standard Time", "North Asia East Standard Time",
      "Singapore Standard Time", "W. Australia Standard Time", "Taipei Standard Time",
      "Ulaanbaatar Standard Time", "Tokyo Standard Time", "North Korea Standard Time",
      "Korea Standard Time", "Yakutsk Standard Time", "Cen. Australia Standard Time",
      "AUS Central Standard Time", "E. Australia Standard Time", "AUS Eastern Standard Time",
      "West Pacific Standard Time", "Tasmania Standard Time", "Vladivostok Standard Time",
      "Lord Howe Standard Time", "Bougainville Standard Time", "Russia Time Zone 10",
      "Magadan Standard Time", "Norfolk Standard Time", "Sakhalin Standard Time",
      "Central Pacific Standard Time", "Russia Time Zone 11", "New Zealand Standard Time",
      "UTC+12", "Fiji Standard Time", "Kamchatka Standard Time", "Chatham Islands Standard Time",
      "UTC+13", "Tonga Standard Time", "Samoa Standard Time", "Line Islands Standard Time",
    };
    k_open (w, "Time Zones");
    for (size_t i = 0; i < N (zones); i++) {
      k_open (w, "%s", zones[i]);
      v_sz (w, "Display", "(UTC%+03d:00) %s %s", (int) i / 5 - 12, word (w), word (w));
      v_sz (w, "Dlt", "%s", zones[i]);
      v_sz (w, "Std", "%s", zones[i]);
      v_sz (w, "MUI_Display", "@tzres.dll,-%zu", 110 + 10 * i);
      v_sz (w, "MUI_Dlt", "@tzres.dll,-%zu", 111 + 10 * i);
      v_sz (w, "MUI_Std", "@tzres.dll,-%zu", 112 + 10 * i);
      v_rbin (w, "TZI", REG_BINARY, 44);
      if (rnd (w, 3) == 0) {
        k_open (w, "Dynamic DST");
        v_dw (w, "FirstEntry", 2006);
        v_dw (w, "LastEntry", 2006 + 14);
        for (int y = 2006; y <= 2020; y++) {
          char yn[8];
          snprintf (yn, sizeof yn, "%d", y);
          v_rbin (w, yn, REG_BINARY, 44);
        }
        k_close (w);
      }
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
}

static void
gen_system (struct w *w)
{
  /* The current control set of the win2019 guest (Select\Current = 1). */
  k_open (w, "ControlSet001");
  system_services (w);
  system_enum (w);
  system_control (w);
  k_close (w);
}

/* ------------------------------------------------------------------------------------------ */
/* DRIVERS */

struct inbox_inf {
  const char *inf;
  int cls;                      /* index in classes[] */
  const char *svc;
  const char *bus;              /* how its hardware IDs look */
};

/* Inbox INFs of Windows Server 2019, minus storage, disk and network ones (the input and the
 * guest's own devices use those). */
static const struct inbox_inf infs[] = {
  { "machine.inf", 0, "pci", "PCI" }, { "acpi.inf", 0, "ACPI", "ACPI" },
  { "acpidev.inf", 0, "AcpiDev", "ACPI" }, { "acpipagr.inf", 0, "acpipagr", "ACPI" },
  { "acpipmi.inf", 0, "AcpiPmi", "ACPI" }, { "acpitime.inf", 0, "acpitime", "ACPI" },
  { "basicdisplay.inf", 1, "BasicDisplay", "ROOT" }, { "basicrender.inf", 0, "BasicRender", "ROOT" },
  { "battery.inf", 0, "CmBatt", "ACPI" }, { "c_computeaccelerator.inf", 0, NULL, "PCI" },
  { "c_firmware.inf", 20, NULL, "UEFI" }, { "c_media.inf", 21, NULL, "HDAUDIO" },
  { "c_monitor.inf", 2, NULL, "MONITOR" }, { "c_processor.inf", 6, NULL, "ACPI" },
  { "c_swdevice.inf", 17, NULL, "SWD" }, { "c_system.inf", 0, NULL, "ACPI" },
  { "c_volume.inf", 7, NULL, "STORAGE" }, { "cdrom.inf", 11, "cdrom", "IDE" },
  { "circlass.inf", 10, "circlass", "HID" }, { "compositebus.inf", 0, "CompositeBus", "ROOT" },
  { "cpu.inf", 6, "Processor", "ACPI" }, { "display.inf", 1, "BasicDisplay", "PCI" },
  { "errdev.inf", 0, "ErrDev", "ACPI" }, { "fdc.inf", 13, "fdc", "ACPI" },
  { "flpydisk.inf", 14, "flpydisk", "FDC" }, { "genericusbfn.inf", 9, "WINUSB", "USB" },
  { "hal.inf", 12, NULL, "ACPI_HAL" }, { "hdaudbus.inf", 0, "HDAudBus", "PCI" },
  { "hdaudio.inf", 21, "HdAudAddService", "HDAUDIO" }, { "hidbth.inf", 10, "HidBth", "BTHENUM" },
  { "hidi2c.inf", 10, "hidi2c", "ACPI" }, { "hidir.inf", 10, "HidIr", "HID" },
  { "hidserv.inf", 10, NULL, "HID" }, { "hidvhf.inf", 10, "vhf", "HID" },
  { "input.inf", 10, "HidUsb", "USB" }, { "ipmidrv.inf", 0, "IPMIDRV", "ACPI" },
  { "keyboard.inf", 3, "i8042prt", "ACPI" }, { "ks.inf", 0, "swenum", "SW" },
  { "ksfilter.inf", 21, NULL, "SW" }, { "mf.inf", 0, "mf", "PCI" },
  { "monitor.inf", 2, "monitor", "MONITOR" }, { "msmouse.inf", 4, "i8042prt", "ACPI" },
  { "msports.inf", 5, "Serial", "ACPI" }, { "mssmbios.inf", 0, "mssmbios", "ROOT" },
  { "ndisvirtualbus.inf", 0, "NdisVirtualBus", "ROOT" }, { "pci.inf", 0, "pci", "PCI" },
  { "pcmcia.inf", 0, "pcmcia", "PCI" }, { "printqueue.inf", 15, NULL, "SWD" },
  { "prnms001.inf", 16, NULL, "PRINTENUM" }, { "rdpbus.inf", 0, "rdpbus", "ROOT" },
  { "rdvgwddm.inf", 1, "RdpVideoMiniport", "ROOT" }, { "scmbus.inf", 0, "scmbus", "ACPI" },
  { "sdbus.inf", 0, "sdbus", "PCI" }, { "sensorshidclassdriver.inf", 10, NULL, "HID" },
  { "swenum.inf", 0, "swenum", "ROOT" }, { "tpm.inf", 19, "TPM", "ACPI" },
  { "umbus.inf", 0, "umbus", "ROOT" }, { "umpass.inf", 0, "UmPass", "UMB" },
  { "usb.inf", 9, "usbhub", "USB" }, { "usbport.inf", 9, "usbehci", "PCI" },
  { "usbprint.inf", 16, "usbprint", "USBPRINT" }, { "usbxhci.inf", 9, "USBXHCI", "PCI" },
  { "vhdmp.inf", 0, "vhdmp", "ROOT" }, { "volmgr.inf", 0, "volmgr", "ROOT" },
  { "volume.inf", 7, "volume", "STORAGE" }, { "volsnap.inf", 8, "volsnap", "STORAGE" },
  { "wdmaudio.inf", 21, "sysaudio", "SW" }, { "wdma_usb.inf", 21, "usbaudio", "USB" },
  { "whyperkbd.inf", 3, "hyperkbd", "VMBUS" }, { "wmiacpi.inf", 0, "WmiAcpi", "ACPI" },
  { "wvmbus.inf", 0, "vmbus", "ACPI" }, { "wvmbushid.inf", 10, "VMBusHID", "VMBUS" },
  { "wvmic.inf", 0, "vmicheartbeat", "VMBUS" }, { "xboxgip.inf", 10, "xboxgip", "USB" },
  { "xinputhid.inf", 10, "xinputhid", "HID" }, { "buttonconverter.inf", 10, "buttonconverter", "HID" },
  { "mshidkmdf.inf", 10, "mshidkmdf", "ACPI" }, { "gpio.inf", 0, "msgpiowin32", "ACPI" },
  { "iagpio.inf", 0, "iagpio", "ACPI" }, { "iai2c.inf", 0, "iai2c", "ACPI" },
  { "intelpep.inf", 0, "intelpep", "ACPI" }, { "ucmucsi.inf", 9, "UcmUcsiAcpiClient", "ACPI" },
  { "usbser.inf", 5, "usbser", "USB" }, { "wceisvista.inf", 0, NULL, "USB" },
  { "bth.inf", 0, "BTHUSB", "USB" }, { "bthpan.inf", 0, "BthPan", "BTH" },
  { "nvdimm.inf", 0, "nvdimm", "ACPI" }, { "vpci.inf", 0, "vpci", "VMBUS" },
  { "uefi.inf", 20, "UEFI", "ACPI" }, { "winusb.inf", 9, "WINUSB", "USB" },
};

/* Vendors whose PCI IDs the padding may name: not Red Hat/virtio (1AF4), VMware (15AD) or LSI
 * (1000), whose devices the guest has or winseed installs. */
static const unsigned pci_vendors[] = { 0x8086, 0x10EC, 0x14E4, 0x1022, 0x10DE, 0x1002, 0x1B21,
                                        0x1106, 0x168C, 0x1969 };

struct pkg {
  char name[96];
  const struct inbox_inf *inf;
  char (*ids)[96];              /* hardware IDs, "BUS\REST" */
  int nids;
};

static int
str_cmp (const void *a, const void *b)
{
  return name_cmp ((const char *) a, (const char *) b);
}

static void
hwid (struct w *w, const struct inbox_inf *inf, char *out, size_t room)
{
  if (strcmp (inf->bus, "PCI") == 0) {
    unsigned v = pci_vendors[rnd (w, N (pci_vendors))], d = (unsigned) (++w->uniq & 0xffff);
    if (v == 0x8086 && d == 0x10D3)
      d = 0x10D4;
    snprintf (out, room, "PCI\\VEN_%04X&DEV_%04X", v, d);
  } else if (strcmp (inf->bus, "USB") == 0)
    snprintf (out, room, "USB\\VID_%04X&PID_%04X", 0x0400 + rnd (w, 0x1000),
              (unsigned) (++w->uniq & 0xffff));
  else if (strcmp (inf->bus, "ACPI") == 0)
    snprintf (out, room, "ACPI\\%s%04X", rnd (w, 2) ? "PNP" : "INT", (unsigned) (++w->uniq & 0xffff));
  else
    snprintf (out, room, "%s\\%s_%s%u", inf->bus, word (w), word (w), (unsigned) (++w->uniq & 0xffffff));
}

static void
version_blob (const struct inbox_inf *inf, uint8_t *b)
{
  /* DriverPackages Version: flags (ff = inbox), architecture 9 (x64), class GUID, DriverVer
   * date 06/21/2006, version 10.0.17763.1 (as four little-endian words, last part first). */
  memset (b, 0, 48);
  b[0] = 0xff;
  b[1] = 0xff;
  b[2] = 0x09;
  char g[40];
  snprintf (g, sizeof g, "%s", classes[inf->cls].guid);
  guid_bytes (g, b + 8);
  put64 (b + 24, UINT64_C (127987200000000000));
  put16 (b + 32, 1);
  put16 (b + 34, 17763);
  put16 (b + 36, 0);
  put16 (b + 38, 10);
}

static void
drivers_package (struct w *w, struct pkg *p)
{
  const struct inbox_inf *inf = p->inf;
  char base[64];
  snprintf (base, sizeof base, "%s", inf->inf);
  *strrchr (base, '.') = 0;
  k_open (w, "%s", p->name);
  uint8_t ver[48];
  version_blob (inf, ver);
  value (w, "Version", REG_BINARY, ver, sizeof ver);
  v_sz (w, "Provider", "Microsoft");
  v_dw (w, "SignerScore", 0x0d000003);
  v_dw (w, "StatusFlags", 0x12);
  v_sz (w, "", "%s", inf->inf);

  uint32_t ncfg = 1 + rnd (w, 3);
  char cfg[3][80];
  k_open (w, "Configurations");
  for (uint32_t c = 0; c < ncfg; c++) {
    snprintf (cfg[c], sizeof cfg[c], "%s_%s%u_Inst.NT", base, word (w), c);
    k_open (w, "%s", cfg[c]);
    v_dw (w, "ConfigScope", 7);
    v_dw (w, "ConfigFlags", 0);
    if (inf->svc)
      v_sz (w, "Service", "%s", inf->svc);
    if (rnd (w, 2)) {
      const char *inc[] = { "machine.inf", NULL };
      v_multi (w, "IncludedInfs", inc);
    }
    k_open (w, "Device");
    for (uint32_t i = 0, n = rnd (w, 4); i < n; i++) {
      char v[80];
      snprintf (v, sizeof v, "%s%s%u", word (w), word (w), i);
      v_dw (w, v, rnd (w, 16));
    }
    k_close (w);
    k_open (w, "Driver");
    for (uint32_t i = 0, n = 1 + rnd (w, 5); i < n; i++) {
      char v[80];
      snprintf (v, sizeof v, "%s%s%u", word (w), word (w), i);
      v_sz (w, v, "%u", rnd (w, 100));
    }
    k_close (w);
    if (inf->svc && rnd (w, 2)) {
      k_open (w, "Services");
      k_open (w, "%s", inf->svc);
      k_open (w, "Parameters");
      for (uint32_t i = 0, n = 1 + rnd (w, 4); i < n; i++) {
        char v[80];
        snprintf (v, sizeof v, "%s%u", word (w), i);
        v_dw (w, v, rnd (w, 256));
      }
      k_close (w);
      k_close (w);
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);

  /* Descriptors\BUS\REST, grouped by bus (the IDs are sorted). */
  k_open (w, "Descriptors");
  for (int i = 0; i < p->nids;) {
    char bus[96];
    snprintf (bus, sizeof bus, "%s", p->ids[i]);
    *strchr (bus, '\\') = 0;
    k_open (w, "%s", bus);
    for (; i < p->nids && strncmp (p->ids[i], bus, strlen (bus)) == 0 &&
           p->ids[i][strlen (bus)] == '\\'; i++) {
      k_open (w, "%s", p->ids[i] + strlen (bus) + 1);
      v_sz (w, "Configuration", "%s", cfg[rnd (w, ncfg)]);
      v_sz (w, "Manufacturer", "%%msft%%");
      v_sz (w, "Description", "%%%s.DeviceDesc%d%%", base, i);
      k_close (w);
    }
    k_close (w);
  }
  k_close (w);
  k_open (w, "Strings");
  v_sz (w, "msft", "Microsoft");
  for (int i = 0; i < p->nids; i++) {
    char v[96];
    snprintf (v, sizeof v, "%s.devicedesc%d", base, i);
    v_sz (w, v, "%s %s %s", word (w), word (w), classes[inf->cls].name);
  }
  k_close (w);
  k_close (w);
}

struct devid_ref {
  char id[96];
  const char *inf;
};

static int
devid_cmp (const void *a, const void *b)
{
  const struct devid_ref *x = a, *y = b;
  int c = name_cmp (x->id, y->id);
  return c ? c : name_cmp (x->inf, y->inf);
}

static void
gen_drivers (struct w *w)
{
  k_open (w, "DriverDatabase");
  k_open (w, "DriverPackages");
  struct pkg *pkgs = NULL;
  size_t npkgs = 0;
  for (size_t i = 0; w->len < goal (w, 0.85); i++) {
    const struct inbox_inf *inf = &infs[i % N (infs)];
    char base[64];
    snprintf (base, sizeof base, "%s", inf->inf);
    *strrchr (base, '.') = 0;
    char name[96];
    snprintf (name, sizeof name, "%s.inf_amd64_%016llx", base, (unsigned long long) unique (w));
    if (k_exists (w, name))
      continue;
    pkgs = xrealloc (pkgs, (npkgs + 1) * sizeof *pkgs);
    struct pkg *p = &pkgs[npkgs++];
    snprintf (p->name, sizeof p->name, "%s", name);
    p->inf = inf;
    p->nids = 1 + (int) rnd (w, 12);
    p->ids = xrealloc (NULL, (size_t) p->nids * sizeof *p->ids);
    for (int j = 0; j < p->nids; j++)
      hwid (w, inf, p->ids[j], sizeof p->ids[j]);
    qsort (p->ids, (size_t) p->nids, sizeof *p->ids, str_cmp);
    drivers_package (w, p);
  }
  k_close (w);

  /* DriverInfFiles\<inf>: every package of that INF, the last one active. */
  k_open (w, "DriverInfFiles");
  for (size_t f = 0; f < N (infs); f++) {
    if (k_exists (w, infs[f].inf))
      continue;
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < npkgs && n < N (names) - 1; i++)
      if (pkgs[i].inf == &infs[f])
        names[n++] = pkgs[i].name;
    if (n == 0)
      continue;
    names[n] = NULL;
    k_open (w, "%s", infs[f].inf);
    v_multi (w, "", names);
    v_sz (w, "Active", "%s", names[n - 1]);
    const char *cfgs[] = { "Inst", NULL };
    v_multi (w, "Configurations", cfgs);
    k_close (w);
  }
  k_close (w);

  /* DeviceIds\BUS\REST: value <inf> = rank bytes, for every hardware ID of every package;
   * DeviceIds\{class}: value <inf> = REG_NONE.  Keys the input has are left alone. */
  size_t nref = 0;
  for (size_t i = 0; i < npkgs; i++)
    nref += (size_t) pkgs[i].nids + 1;
  struct devid_ref *refs = xrealloc (NULL, nref * sizeof *refs);
  nref = 0;
  for (size_t i = 0; i < npkgs; i++) {
    for (int j = 0; j < pkgs[i].nids; j++) {
      snprintf (refs[nref].id, sizeof refs[nref].id, "%s", pkgs[i].ids[j]);
      refs[nref++].inf = pkgs[i].inf->inf;
    }
    char lower[40];
    snprintf (lower, sizeof lower, "%s", classes[pkgs[i].inf->cls].guid);
    for (char *c = lower; *c; c++)
      if (*c >= 'A' && *c <= 'Z')
        *c += 32;
    snprintf (refs[nref].id, sizeof refs[nref].id, "%s", lower);
    refs[nref++].inf = pkgs[i].inf->inf;
  }
  qsort (refs, nref, sizeof *refs, devid_cmp);
  k_open (w, "DeviceIds");
  for (size_t i = 0; i < nref;) {
    char first[96];
    snprintf (first, sizeof first, "%s", refs[i].id);
    char *slash = strchr (first, '\\');
    if (slash)
      *slash = 0;
    size_t flen = strlen (first);
    int skip = 0;
    if (slash == NULL)
      skip = k_exists (w, first);
    if (!skip)
      k_open (w, "%s", first);
    size_t j = i;
    while (j < nref && strncmp (refs[j].id, first, flen) == 0 &&
           (refs[j].id[flen] == '\\' || refs[j].id[flen] == 0))
      j++;
    if (!skip && slash == NULL) {
      for (size_t k = i; k < j; k++)
        if (k == i || name_cmp (refs[k].inf, refs[k - 1].inf) != 0)
          v_none (w, refs[k].inf);
    } else if (!skip) {
      for (size_t k = i; k < j;) {
        const char *rest = refs[k].id + flen + 1;
        size_t e = k;
        while (e < j && name_cmp (refs[e].id, refs[k].id) == 0)
          e++;
        if (!k_exists (w, rest)) {
          k_open (w, "%s", rest);
          for (size_t m = k; m < e; m++)
            if (m == k || name_cmp (refs[m].inf, refs[m - 1].inf) != 0) {
              uint8_t rank[4] = { 0x01, 0xff, 0x00, 0x00 };
              value (w, refs[m].inf, REG_BINARY, rank, 4);
            }
          k_close (w);
        }
        k = e;
      }
    }
    if (!skip)
      k_close (w);
    i = j;
  }
  k_close (w);
  k_close (w);

  free (refs);
  for (size_t i = 0; i < npkgs; i++)
    free (pkgs[i].ids);
  free (pkgs);
}

/* ------------------------------------------------------------------------------------------ */

struct counts {
  unsigned long keys, values;
};

static int
count_node (hive_h *h, void *opaque, hive_node_h node, const char *name)
{
  ((struct counts *) opaque)->keys++;
  return 0;
}

static int
count_value (hive_h *h, void *opaque, hive_node_h node, hive_value_h val, hive_type t,
             size_t len, const char *key, const char *data)
{
  ((struct counts *) opaque)->values++;
  return 0;
}

/* Every key and value of the hive at PATH, read through hivex. */
static struct counts
walk (const char *path)
{
  struct counts c = { 0, 0 };
  hive_h *h = hivex_open (path, 0);
  if (h == NULL)
    die ("hivex_open %s: %s", path, strerror (errno));
  struct hivex_visitor v;
  memset (&v, 0, sizeof v);
  v.node_start = count_node;
  v.value_any = count_value;
  if (hivex_visit (h, &v, sizeof v, &c, 0) == -1)
    die ("%s: walking the hive failed: %s", path, strerror (errno));
  hivex_close (h);
  return c;
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  int verbose = 0;
  if (argc > 1 && strcmp (argv[1], "-v") == 0) {
    verbose = 1;
    argv++;
    argc--;
  }
  if (argc < 4 || argc > 5) {
    fprintf (stderr, "usage: padhive [-v] system|software|drivers INPUT OUTPUT [MIB]\n");
    return 2;
  }
  const char *kind = argv[1], *in = argv[2], *out = argv[3];
  void (*gen) (struct w *);
  double mib;
  uint64_t seed;
  if (strcmp (kind, "system") == 0)
    gen = gen_system, mib = 14, seed = 0x53595354454d;
  else if (strcmp (kind, "software") == 0)
    gen = gen_software, mib = 115, seed = 0x534f4654574152;
  else if (strcmp (kind, "drivers") == 0)
    gen = gen_drivers, mib = 4, seed = 0x44524956455253;
  else
    die ("unknown hive kind %s (system, software or drivers)", kind);
  if (argc == 5 && (mib = strtod (argv[4], NULL)) <= 0)
    die ("bad size %s", argv[4]);

  double t0 = now ();
  static struct w w;
  w.rng = seed;
  w.uniq = seed;

  FILE *fp = fopen (in, "rb");
  if (fp == NULL)
    die ("%s: %s", in, strerror (errno));
  if (fseek (fp, 0, SEEK_END) != 0)
    die ("%s: %s", in, strerror (errno));
  long size = ftell (fp);
  rewind (fp);
  if (size < BASE_BLOCK_SIZE + 4096)
    die ("%s: too small for a hive", in);
  grow (&w, (size_t) size);
  if (fread (w.buf, 1, (size_t) size, fp) != (size_t) size)
    die ("%s: read error", in);
  fclose (fp);
  if (memcmp (w.buf, "regf", 4) != 0)
    die ("%s: not a registry hive", in);
  size_t bins = get32 (w.buf + 0x28);
  if (bins == 0 || bins % 4096 || BASE_BLOCK_SIZE + bins > (size_t) size)
    die ("%s: bad hive bins size", in);
  /* Anything past the last hbin is slack; new hbins go right after the last one. */
  w.len = w.bin_end = w.base_len = BASE_BLOCK_SIZE + bins;
  w.target = (size_t) (mib * 1048576);
  if (w.target <= w.base_len)
    die ("%s is already %zu bytes", in, w.base_len);

  w.h = hivex_open (in, 0);
  if (w.h == NULL)
    die ("hivex_open %s: %s", in, strerror (errno));
  struct frame *root = &w.st[0];
  root->nk = hivex_root (w.h);
  root->existing = 1;
  root->sk = get32 (w.buf + root->nk + 4 + 0x2c) + BASE_BLOCK_SIZE;

  gen (&w);
  if (w.depth != 0)
    die ("unbalanced keys");
  close_frame (&w, root);
  hivex_close (w.h);
  free (w.patched);

  /* Close the last bin, then the base block: hive bins size and checksum. */
  if (w.bin_end > w.len)
    put32 (w.buf + w.len, (uint32_t) (w.bin_end - w.len));
  w.len = w.bin_end;
  put32 (w.buf + 0x28, (uint32_t) (w.len - BASE_BLOCK_SIZE));
  uint32_t sum = 0;
  for (size_t i = 0; i < 0x1fc; i += 4)
    sum ^= get32 (w.buf + i);
  if (sum == 0)
    sum = 1;
  else if (sum == UINT32_MAX)
    sum = UINT32_MAX - 1;
  put32 (w.buf + 0x1fc, sum);

  fp = fopen (out, "wb");
  if (fp == NULL)
    die ("%s: %s", out, strerror (errno));
  if (fwrite (w.buf, 1, w.len, fp) != w.len || fclose (fp) != 0)
    die ("%s: write error", out);
  free (w.buf);
  double t1 = now ();

  struct counts before = walk (in), after = walk (out);
  if (after.keys != before.keys + w.keys || after.values != before.values + w.values)
    die ("%s: hivex reads %lu keys and %lu values, expected %lu and %lu", out, after.keys,
         after.values, before.keys + w.keys, before.values + w.values);
  if (verbose)
    fprintf (stderr, "padhive: %s: %zu -> %zu bytes (%.1f MiB), +%lu keys, +%lu values, "
             "%.2f s to write, %.2f s to read back\n", kind, w.base_len, w.len,
             (double) w.len / 1048576, w.keys, w.values, t1 - t0, now () - t1);
  return 0;
}
