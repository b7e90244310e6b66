/* vm-options: the options that shape a libvirt domain beyond what the guest says, shared by
 * `winseed domain` and `convert --libvirt-xml`: --name, --memory, --vcpus, --network, --bridge
 * (docs/vm-definition.md).  A command lists VM_OPTIONS in its option table, hands the ids
 * vm_option_is() recognises to vm_option_take(), and calls vm_options_check() from its check. */
#ifndef WS_VM_OPTIONS_H
#define WS_VM_OPTIONS_H

#include <glib.h>

#include "driver.h"
#include "session-domain.h"

/* Above the ids a command numbers from WS_OPT_COMMAND_BASE. */
enum { VM_OPT_NAME = WS_OPT_COMMAND_BASE + 0x100, VM_OPT_MEMORY, VM_OPT_VCPUS, VM_OPT_NETWORK,
       VM_OPT_BRIDGE };

#define VM_OPTIONS \
  { "name", required_argument, VM_OPT_NAME }, \
  { "memory", required_argument, VM_OPT_MEMORY }, \
  { "vcpus", required_argument, VM_OPT_VCPUS }, \
  { "network", required_argument, VM_OPT_NETWORK }, \
  { "bridge", required_argument, VM_OPT_BRIDGE }

/* Their lines of a command's --help, aligned at column 21 plus the spaces of pad. */
#define VM_OPTIONS_HELP(pad) \
  "  --name NAME       " pad " domain name (default: the guest's host name)\n" \
  "  --memory MIB      " pad " memory in MiB (default: libosinfo's recommendation, else 2048)\n" \
  "  --vcpus N         " pad " virtual CPUs (default: 2)\n" \
  "  --network NAME    " pad " libvirt network of the NICs (default: default)\n" \
  "  --bridge NAME     " pad " host bridge of the NICs instead of a network\n"

gboolean vm_option_is (int id);
/* FALSE + WS_EXIT_USAGE for a bad value. */
gboolean vm_option_take (struct domain_vm *vm, int id, const char *arg, GError **error);
/* What the options say together: FALSE + WS_EXIT_USAGE. */
gboolean vm_options_check (const struct domain_vm *vm, GError **error);
/* Whether any was given. */
gboolean vm_options_given (const struct domain_vm *vm);

#endif
