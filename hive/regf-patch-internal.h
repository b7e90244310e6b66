/* regf-patch-internal: what the files of the regf-patch module share.
 *
 * regf-patch.c turns the plan into the final state of the keys it touches (struct pkey, read
 * lazily); regf-patch-write.c lays that state out as new cells and in-place writes.  Offsets are
 * file offsets (a cell offset as stored, plus 4096) unless named rel.
 */
#ifndef WS_REGF_PATCH_INTERNAL_H
#define WS_REGF_PATCH_INTERNAL_H

#include "regf-patch.h"

#define RP_BASE 0x1000u
#define RP_NONE 0xffffffffu          /* a cell offset field that points nowhere */

#define RP_NK_TIMESTAMP 0x08
#define RP_NK_PARENT 0x14
#define RP_NK_SUBKEYS 0x18
#define RP_NK_SUBKEY_LIST 0x20
#define RP_NK_VOLATILE_LIST 0x24
#define RP_NK_VALUES 0x28
#define RP_NK_VALUE_LIST 0x2c
#define RP_NK_SK 0x30
#define RP_NK_CLASS 0x34
#define RP_NK_MAX_SUBKEY_NAME 0x38   /* low 16 bits; the high ones are flags */
#define RP_NK_MAX_VALUE_NAME 0x40
#define RP_NK_MAX_VALUE_DATA 0x44
#define RP_NK_NAME_LEN 0x4c
#define RP_NK_NAME 0x50
#define RP_SK_REFCOUNT 0x10

/* A value in a key's final state: an existing vk cell kept as it is (vk set), or a new one. */
struct pval {
  char *name;
  uint32_t type;
  size_t len;
  uint8_t *data;   /* new values only */
  uint64_t vk;     /* 0 for a new value */
};

/* A subkey list entry: an existing key (nk) or a new one (key). */
struct pent {
  uint64_t nk;
  struct pkey *key;
  uint8_t hint[4]; /* lf: first characters; lh: name hash; li: unused */
};

/* One leaf of a subkey list (the list itself, or one leaf of an index root). */
struct pleaf {
  uint64_t off;    /* 0: new */
  char sig[2];
  GArray *ents;    /* struct pent */
  gboolean dirty;
};

/* A key the plan reaches, in its final state. */
struct pkey {
  struct pkey *parent;
  uint64_t off;            /* existing nk record; 0 for a new key */
  char *name;              /* as stored, or as the plan spells it */
  uint8_t nk[RP_NK_NAME];  /* existing: the record's fixed fields */
  uint32_t sk_rel;         /* security record (new keys take their parent's) */
  uint64_t timestamp;
  GPtrArray *kids;         /* struct pkey: touched or new subkeys */
  /* subkeys (existing keys; loaded on first lookup) */
  gboolean list_loaded, list_dirty, ri;
  uint64_t list_off;
  GPtrArray *leaves;       /* struct pleaf */
  /* values (loaded on first value edit) */
  gboolean vals_loaded;
  GPtrArray *vals;         /* struct pval, final state */
  GArray *old_vals;        /* uint64_t: the vk records before */
  uint64_t new_off;        /* new keys: where its nk goes */
};

struct sk_count {
  uint32_t added, removed;
};

struct regf_patch {
  GArray *stages[REGF_STAGE_COUNT];
  uint64_t old_size, new_size, chunks;
  /* while building */
  regf *r;
  uint8_t header[512];
  uint16_t minor;
  struct pkey *root;
  GArray *dead;            /* uint64_t: roots of deleted existing subtrees */
  GArray *frees;           /* uint64_t: cells to mark free */
  GHashTable *freed;       /* the same, as a set */
  GHashTable *live;        /* existing keys the model keeps (built when a subtree is freed) */
  GHashTable *sk;          /* sk rel offset -> struct sk_count */
  GHashTable *names;       /* nk offset -> its name (cache) */
  GByteArray *area;        /* the appended bins, from area_start */
  uint64_t area_start, cur, bin_end;
};

/* regf-patch.c */
gboolean rp_set_bad (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
/* An edit this module cannot make in place (WS_EXIT_NOT_APPLICABLE: the caller falls back). */
gboolean rp_refuse (GError **error, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

/* regf-patch-list.c */
/* The name of an existing key (cached). */
const char *rp_nk_name (regf_patch *p, uint64_t nk, GError **error);
/* UTF-16 upper-cased comparison of two names, as Windows sorts subkey lists. */
int rp_name_cmp (const char *a, const char *b);
/* The lf hint or lh hash of a name. */
void rp_hint (const char sig[2], const char *name, uint8_t out[4]);
/* Bytes of the name in UTF-16 (what the nk length hints count). */
uint32_t rp_utf16_bytes (const char *name);
/* The name as stored in a record: Latin-1 when it fits (*latin1), else UTF-16LE. */
uint8_t *rp_encode_name (const char *name, gboolean *latin1, size_t *len);
void rp_leaf_free (gpointer leaf);
/* An existing key's subkey list, read once (k->leaves). */
gboolean rp_load_list (regf_patch *p, struct pkey *k, GError **error);
guint rp_list_count (const struct pkey *k);
/* Whether a key's list differs from the one on disk (a key added and deleted again leaves it). */
gboolean rp_list_changed (regf_patch *p, struct pkey *k, gboolean *changed, GError **error);
/* The existing subkey of k named name, ASCII-case-insensitively; *out is 0 when none. */
gboolean rp_find_existing (regf_patch *p, struct pkey *k, const char *name, uint64_t *out,
                           GError **error);
/* A new key kid into the list of its existing parent k, in sorted position. */
gboolean rp_insert_entry (regf_patch *p, struct pkey *k, struct pkey *kid, GError **error);
/* kid out of the list of k (a leaf of an index root left empty goes too, and is freed). */
void rp_remove_entry (regf_patch *p, struct pkey *k, struct pkey *kid);

/* regf-patch-write.c */
/* A write of len bytes of data at off in stage s, with the file's old bytes there. */
gboolean rp_add_write (regf_patch *p, enum regf_stage s, uint64_t off, const uint8_t *data,
                       uint32_t len, GError **error);
/* Lay out the model as new cells and staged writes. */
gboolean rp_emit (regf_patch *p, GError **error);

/* regf-patch-free.c */
/* Mark the cell at off free in the FREE stage (once). */
void rp_add_free (regf_patch *p, uint64_t off);
/* An old value's record and data cell, to be freed. */
gboolean rp_free_value (regf_patch *p, uint64_t vk, GError **error);
/* Every cell of a deleted subtree, to be freed, and its keys' security records to release. */
gboolean rp_free_tree (regf_patch *p, uint64_t top, GError **error);
/* The security records' counts (PRELINK, FREE) and the frees (FREE). */
gboolean rp_write_frees (regf_patch *p, GError **error);

#endif
