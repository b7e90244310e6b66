/* plan-facts: read the registry facts the planners need (struct plan_facts, plan.h) from the
 * guest's hives.  The only I/O of the planner module; it lives in libhiveio.la.
 *
 * What is read, all of it bounded (the hives are hostile):
 *   SYSTEM    Select\Current; DriverDatabase (present or not, Architecture, OemInfMap,
 *             DriverInfFiles\oem*.inf, the DriverPackages whose InfName is one of the packages'
 *             INF names, with Version, published name and Descriptors IDs);
 *             Session Manager\Environment PROCESSOR_ARCHITECTURE; the Services keys of the
 *             services the packages install (Group, Tag, StartOverride, their values); the
 *             GroupOrderList of their groups and the Tags other services of those groups use;
 *             whether CriticalDeviceDatabase entries carry DriverPackageId.
 *   DRIVERS   (Windows 10+, may be NULL) its DriverDatabase node, as above.
 *   SOFTWARE  (may be NULL) Microsoft\Windows\CurrentVersion\DevicePath.
 * Windows\INF\oem*.inf names are not in a hive: the caller adds them (plan_facts_add_oem_inf).
 */
#ifndef WS_PLAN_FACTS_H
#define WS_PLAN_FACTS_H

#include <glib.h>

#include "hive-read.h"
#include "plan.h"

/* Bounds on what one guest may make us read. */
#define PLAN_FACTS_MAX_SERVICE_VALUES 4096   /* values under one Services\<svc> tree */
#define PLAN_FACTS_MAX_DEPTH 8               /* subkey depth walked below a service or Descriptors */
#define PLAN_FACTS_MAX_IDS 4096              /* Descriptors IDs of one package */

/* Fill f (from plan_facts_new) for installing pkgs[0..n).  Errors name the hive and key. */
gboolean plan_facts_read (struct plan_facts *f, hive_reader *system, hive_reader *drivers,
                          hive_reader *software, const struct plan_package *pkgs, size_t n,
                          GError **error);

#endif
