/* fuzz-replay: the plain main() of every fuzz target, so that `make check` runs each target on
 * its corpus in every build (the libFuzzer builds use libFuzzer's own main instead).
 *
 * Replays the files named on the command line, else every file of
 * $WINSEED_TESTS_SRCDIR/fuzz/FUZZ_CORPUS.  No input at all is a failure: a replay that reads
 * nothing would pass without testing anything.  Exit status 0 when every input went through
 * (a target aborts on any finding), 1 when the corpus is missing or a file cannot be read.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>

#include <glib.h>

#ifndef FUZZ_CORPUS
#error "FUZZ_CORPUS (the corpus directory under tests/fuzz) must be defined"
#endif

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static gint
by_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static GPtrArray *
corpus_files (int argc, char **argv)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (files, g_strdup (argv[i]));
  if (argc > 1)
    return files;
  const char *top = g_getenv ("WINSEED_TESTS_SRCDIR");
  g_autofree char *dir = g_build_filename (top ? top : ".", "fuzz", FUZZ_CORPUS, NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  for (const char *n; d && (n = g_dir_read_name (d));)
    g_ptr_array_add (files, g_build_filename (dir, n, NULL));
  /* Sorted, so a crash names the same input on every machine. */
  g_ptr_array_sort (files, by_name);
  return files;
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) files = corpus_files (argc, argv);
  if (files->len == 0) {
    fprintf (stderr, "%s: no input (corpus '%s' missing or empty)\n", argv[0], FUZZ_CORPUS);
    return 1;
  }
  for (guint i = 0; i < files->len; i++) {
    const char *path = g_ptr_array_index (files, i);
    g_autofree char *buf = NULL;
    gsize len = 0;
    if (!g_file_get_contents (path, &buf, &len, NULL)) {
      fprintf (stderr, "%s: cannot read '%s'\n", argv[0], path);
      return 1;
    }
    LLVMFuzzerTestOneInput ((const uint8_t *) buf, len);
  }
  printf ("%s: replayed %u inputs\n", argv[0], files->len);
  return 0;
}
