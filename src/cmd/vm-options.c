/* vm-options: --name, --memory, --vcpus, --network, --bridge; see vm-options.h. */
#include <config.h>

#include <string.h>

#include "ws-error.h"
#include "vm-options.h"
#include "banned.h"

/* Bounds of --memory and --vcpus: above them the number is a typo, not a VM (libvirt's own
 * limits are higher still). */
#define MAX_MEMORY_MIB (16 * 1024 * 1024)
#define MAX_VCPUS 4096

gboolean
vm_option_is (int id)
{
  return id >= VM_OPT_NAME && id <= VM_OPT_BRIDGE;
}

gboolean
vm_option_take (struct domain_vm *vm, int id, const char *arg, GError **error)
{
  switch (id) {
  case VM_OPT_NAME: return option_take_string (&vm->name, "name", arg, error);
  case VM_OPT_NETWORK: return option_take_string (&vm->network, "network", arg, error);
  case VM_OPT_BRIDGE: return option_take_string (&vm->bridge, "bridge", arg, error);
  case VM_OPT_MEMORY: return option_take_number (&vm->memory_mib, "memory", arg, 1, MAX_MEMORY_MIB, error);
  default: return option_take_number (&vm->vcpus, "vcpus", arg, 1, MAX_VCPUS, error);
  }
}

/* Values that go into the XML: XML 1.0 cannot carry most control characters (libvirt would refuse
 * the document), and a terminal would act on them in the message. */
static gboolean
no_control (const char *opt, const char *value, GError **error)
{
  for (const char *p = value; p && *p; p++)
    if (g_ascii_iscntrl (*p)) {
      g_autofree char *shown = g_strescape (value, NULL);
      g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad value '%s' given to --%s (no control characters)",
                   shown, opt);
      return FALSE;
    }
  return TRUE;
}

gboolean
vm_options_check (const struct domain_vm *vm, GError **error)
{
  if (vm->network && vm->bridge) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "--network and --bridge exclude each other");
    return FALSE;
  }
  if (vm->name && strchr (vm->name, '/')) {
    g_set_error (error, WS_ERROR, WS_EXIT_USAGE, "bad value '%s' given to --name (no '/')", vm->name);
    return FALSE;
  }
  return no_control ("name", vm->name, error) && no_control ("network", vm->network, error) &&
    no_control ("bridge", vm->bridge, error);
}

gboolean
vm_options_given (const struct domain_vm *vm)
{
  return vm->name || vm->network || vm->bridge || vm->memory_mib || vm->vcpus;
}
