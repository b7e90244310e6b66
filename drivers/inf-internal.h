/* inf-internal: what the interpreter's files share (inf-*.c only; other modules use inf.h). */
#ifndef WS_INF_INTERNAL_H
#define WS_INF_INTERNAL_H

#include "inf.h"
#include "inf-names.h"

/* One interpretation in progress. */
struct interp {
  const struct inf_file *inf;
  struct inf_driver *drv;
  enum ws_arch arch;
  const struct ws_target *target;   /* NULL: every Models section for `arch` (inf_driver_new_all) */
  guint items;                      /* produced so far, against INF_MAX_ITEMS */
  GHashTable *done;                 /* sections already processed for the current install part */
  gboolean refused;                 /* the error is a refused name (inf-names.c), not a malformed INF */
};

/* Count one more produced item; FALSE with an error at `line` past INF_MAX_ITEMS. */
gboolean interp_count (struct interp *ip, guint line, GError **error);

static inline struct inf_pos
interp_pos (const struct interp *ip, guint line)
{
  struct inf_pos p = { ip->drv->file, line };
  return p;
}

/* inf-number.c */
gboolean inf_parse_u32 (const char *s, uint32_t *out);     /* decimal, or hex with 0x */
gboolean inf_parse_u64 (const char *s, uint64_t *out);
gboolean inf_parse_dword (const char *s, uint32_t *out);   /* also -1 style negatives */
/* "NTamd64" -> the platform suffix of SourceDisks sections: "amd64". */
const char *inf_platform_suffix (enum ws_arch arch);

/* inf-version.c */
gboolean interp_version (struct interp *ip, GError **error);

/* inf-models.c */
gboolean interp_models (struct interp *ip, GError **error);
void inf_model_free (gpointer p);
void inf_models_choice_free (gpointer p);

/* inf-install.c */
const struct inf_install *interp_install (struct interp *ip, const char *base_name, guint ref_line,
                                          GError **error);
void inf_install_free (gpointer p);
void inf_ref_free (gpointer p);
/* Include= and Needs= of any install section.  A Needs= section present in this INF is handed
 * to `process` (for its own directives); an absent one is recorded in ins->needs.  `chain`
 * holds the sections being processed, to report a circular Needs. */
typedef gboolean (*interp_section_fn) (struct interp *ip, struct inf_install *ins,
                                       const struct inf_section *sec, GPtrArray *chain, GError **error);
gboolean interp_include_needs (struct interp *ip, struct inf_install *ins, const struct inf_line *l,
                               GPtrArray *chain, interp_section_fn process, GError **error);

/* inf-service.c: the AddService lines of a .Services section (and of sections it Needs) */
gboolean interp_services (struct interp *ip, struct inf_install *ins, const struct inf_section *sec,
                          GPtrArray *chain, GError **error);
void inf_service_free (gpointer p);

/* inf-reg.c: the lines of every section an AddReg=/DelReg= directive names, appended to `out` */
gboolean interp_reg_directive (struct interp *ip, const struct inf_line *directive, enum inf_reg_kind kind,
                               GPtrArray *out, GError **error);
/* A DDInstall keyword (Characteristics = 0x84, BusType = 5, *IfType = 6) as the HKR value
 * Windows writes for it; FALSE with no error when the line is not such a keyword. */
gboolean interp_reg_keyword (struct interp *ip, const struct inf_section *sec, const struct inf_line *line,
                             GPtrArray *out, GError **error);
void inf_reg_op_free (gpointer p);

/* inf-files.c: the files of every list a CopyFiles= directive names, appended to `out` */
gboolean interp_copy_files (struct interp *ip, const struct inf_line *directive, GPtrArray *out,
                            GError **error);
void inf_copy_file_free (gpointer p);
/* `a` and `b` joined with a backslash; '/' also separates; empty and "." components are dropped (g_free). */
char *inf_join_subdirs (const char *a, const char *b);

/* inf-names.c: a name `what` ("CopyFiles destination name") of `line`; FALSE with an error
 * naming the file and line, and ip->refused set, when the name is unsafe. */
gboolean interp_check_name (struct interp *ip, const char *what, const char *name, enum inf_name_kind kind,
                            guint line, GError **error);
/* Copied files whose names differ only in case, or one name from two sources, in one folder. */
gboolean interp_check_collisions (struct interp *ip, GError **error);

#endif
