/* fuzz-setupapi: fuzz target for the SetupAPI log reader (setupapi/).
 *
 * Each input is read whole, then cut at three points taken from its first bytes, then (when
 * short) one byte at a time: all readings must report exactly the same sections, packages and
 * statistics (tests/diagnose/transcript.h), and none may crash, leak or read out of bounds.
 *
 * With clang, `make -C tests fuzz-setupapi` builds it with -fsanitize=fuzzer,address,undefined
 * and runs it on corpus-setupapi/ (FUZZ_SECONDS, default 60).  `make check` replays the corpus
 * through fuzz-replay.c's main(), so every build runs it.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "transcript.h"

#define BYTEWISE_MAX 2048   /* inputs up to this size are also fed one byte at a time */

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
cmp_size (const void *a, const void *b)
{
  size_t x = *(const size_t *) a, y = *(const size_t *) b;
  return x < y ? -1 : x > y;
}

static void
same_or_abort (const struct parsed *a, const struct parsed *b, const char *how)
{
  if (strcmp (a->transcript->str, b->transcript->str) == 0)
    return;
  fprintf (stderr, "reading %s differs from reading whole:\n--- whole\n%s--- %s\n%s", how,
           a->transcript->str, how, b->transcript->str);
  abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (parsed) whole = parse_all (data, size);
  if (size > 1) {
    size_t cuts[3];
    for (size_t i = 0; i < 3; i++)
      cuts[i] = ((size_t) data[i % size] * 257u + (size_t) data[(i + 1) % size] * 65537u) % size;
    qsort (cuts, 3, sizeof cuts[0], cmp_size);
    g_autoptr (parsed) split = parse_cuts (data, size, cuts, 3);
    same_or_abort (whole, split, "in four chunks");
  }
  if (size > 1 && size <= BYTEWISE_MAX) {
    g_autofree size_t *all = g_new (size_t, size - 1);
    for (size_t i = 0; i < size - 1; i++)
      all[i] = i + 1;
    g_autoptr (parsed) bytewise = parse_cuts (data, size, all, size - 1);
    same_or_abort (whole, bytewise, "byte by byte");
  }
  return 0;
}
