/* SYSTEM hives for the NIC tests: a real fixture hive decompressed, or an empty hive with
 * network/static-nics.reg merged in.  Shared by network/test-net-nics and
 * firstboot/test-fb-payload, so both read exactly the same hives. */
#pragma once

#include "hive-read.h"

/* Opens PATH as a SYSTEM hive; the test fails on error. */
hive_reader *nic_hive_open (const char *path);

/* $WINSEED_FIXTURES/hives/NAME.xz decompressed into DIR and opened. */
hive_reader *nic_hive_fixture (const char *dir, const char *name);

/* images/mkhive's empty SYSTEM with network/static-nics.reg merged into ControlSet001, built
 * in DIR and opened. */
hive_reader *nic_hive_static (const char *dir);
