/* winseed: offline virtio driver installation for Windows guests.
 *
 * main() finds the command in the table and hands it to the driver (driver.h); this is the only
 * place that exits.
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "ws-interrupt.h"
#include "driver.h"
#include "banned.h"

static const struct command *const commands[] = {
  &command_inspect, &command_drivers, &command_convert, &command_verify, &command_diagnose,
  &command_domain, &command_batch, &command_undo,
};

static void
usage (FILE *f)
{
  fprintf (f, "Usage: winseed COMMAND [OPTIONS]\n\nCommands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (f, "  %-9s %s\n", commands[i]->name, commands[i]->summary);
  fprintf (f, "\nRun 'winseed COMMAND --help' for a command's options, 'man winseed' for more.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  ws_interrupt_install ();
  if (argc < 2) {
    usage (stderr);
    return WS_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 || strcmp (cmd, "help") == 0) {
    usage (stdout);
    return fflush (stdout) == 0 ? WS_EXIT_OK : WS_EXIT_INTERNAL;
  }
  if (strcmp (cmd, "--version") == 0 || strcmp (cmd, "-V") == 0) {
    printf ("winseed %s\n", PACKAGE_VERSION);
    return fflush (stdout) == 0 ? WS_EXIT_OK : WS_EXIT_INTERNAL;
  }
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (cmd, commands[i]->name) == 0)
      return driver_run (commands[i], argc - 1, argv + 1);
  fprintf (stderr, "winseed: unknown command '%s' (try 'winseed --help')\n", cmd);
  return WS_EXIT_USAGE;
}
