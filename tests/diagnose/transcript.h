/* transcript: test helpers for the SetupAPI log reader.
 *
 * Feeds a buffer to setupapi-log in chunks (whole, at given cut points, or at random sizes) and
 * keeps everything the reader reported: a copy of each section and package, the statistics, and
 * a canonical text "transcript" of all of it, so that tests (and the fuzz target) can require
 * that the way a log is cut into chunks, or its encoding, changes nothing.
 */
#ifndef WS_TEST_TRANSCRIPT_H
#define WS_TEST_TRANSCRIPT_H

#include <glib.h>

#include "setupapi-log.h"

struct rec {
  enum setupapi_kind kind;
  enum setupapi_result result;
  char *title, *target, *device, *inf, *path, *rank, *signer, *cause_line, *failed_step;
  gboolean has_status, has_cause, null_driver, reboot;
  guint32 status, cause;
  unsigned warnings, errors;
};

struct prec {
  char *name, *published, *node, *source, *signer;
  gboolean failed;
};

struct parsed {
  GString *transcript;
  GPtrArray *installs;       /* struct rec * */
  GPtrArray *packages;       /* struct prec * */
  struct setupapi_stats stats;   /* truncated_in is a copy owned here */
  GError *error;             /* from feed or finish, else NULL */
};

/* Feed data cut at the given offsets (ascending, each < len), then finish. */
struct parsed *parse_cuts (const void *data, size_t len, const size_t *cuts, size_t ncuts);
struct parsed *parse_all (const void *data, size_t len);
/* Chunks of random sizes in [1, max_chunk]. */
struct parsed *parse_random (const void *data, size_t len, GRand *rand, size_t max_chunk);
void parsed_free (struct parsed *p);
typedef struct parsed parsed;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (parsed, parsed_free)

/* The last section whose device (or, failing that, target) equals id, ASCII case-insensitively. */
const struct rec *find_install (const struct parsed *p, const char *id);
unsigned count_failures (const struct parsed *p);

/* Test data: a file of tests/diagnose/logs (WINSEED_TESTS_SRCDIR), and the real Windows 10 log
 * decompressed from tests/fixtures (WINSEED_FIXTURES; NULL when it or xz is missing). */
char *read_test_log (const char *name, size_t *len);
char *read_real_log (size_t *len);

#endif
