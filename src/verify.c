/* Placeholder until the command lands. */
#include <config.h>
#include <stdio.h>
#include "ws-error.h"
#include "commands.h"
int
cmd_verify (int argc, char **argv)
{
  fprintf (stderr, "winseed: '%s' is not available in this build\n", argv[0]);
  return WS_EXIT_USAGE;
}
