/* commands: one entry point per subcommand; each parses its own options and returns an exit
 * status from enum ws_exit (common/ws-error.h).  Only main() calls exit(). */
#ifndef WS_COMMANDS_H
#define WS_COMMANDS_H

int cmd_inspect (int argc, char **argv);   /* inspect.c  */
int cmd_drivers (int argc, char **argv);   /* cmd-drivers.c */
int cmd_convert (int argc, char **argv);   /* convert.c  */
int cmd_verify (int argc, char **argv);    /* verify.c   */
int cmd_diagnose (int argc, char **argv);  /* diagnose.c */

#endif
