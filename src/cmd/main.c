/* winseed: offline virtio driver installation for Windows guests.
 *
 * main() only dispatches: each subcommand parses its options, runs its pipeline and returns an
 * exit status (enum ws_exit); this is the only place that exits.
 */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ws-error.h"
#include "commands.h"
#include "banned.h"

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "inspect", cmd_inspect, "describe the Windows guest(s) in a disk image (read-only)" },
  { "drivers", cmd_drivers, "list the driver packages of a driver set and choose them for a target" },
  { "convert", cmd_convert, "install virtio storage and network drivers into a Windows guest" },
  { "verify", cmd_verify, "check offline whether the guest will boot on virtio storage" },
  { "diagnose", cmd_diagnose, "explain device installs from the guest's setupapi log" },
};

static void
usage (FILE *f)
{
  fprintf (f, "Usage: winseed COMMAND [OPTIONS]\n\nCommands:\n");
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (f, "  %-9s %s\n", commands[i].name, commands[i].summary);
  fprintf (f, "\nRun 'winseed COMMAND --help' for a command's options, 'man winseed' for more.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  if (argc < 2) {
    usage (stderr);
    return WS_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0 || strcmp (cmd, "help") == 0) {
    usage (stdout);
    return WS_EXIT_OK;
  }
  if (strcmp (cmd, "--version") == 0 || strcmp (cmd, "-V") == 0) {
    printf ("winseed %s\n", PACKAGE_VERSION);
    return WS_EXIT_OK;
  }
  for (size_t i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (cmd, commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);
  fprintf (stderr, "winseed: unknown command '%s' (try 'winseed --help')\n", cmd);
  return WS_EXIT_USAGE;
}
