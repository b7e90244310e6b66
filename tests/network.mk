# network tests (included by tests/Makefile.am).
#
# test-net-nics: libnetwork on the real fixture hives (two static Windows 7 NICs, one DHCP
# Windows 10 NIC, XP without a MAC) and on a hive built from network/static-nics.reg with
# images/mkhive (a static NIC with several addresses, gateways, DNS and WINS servers, and a NIC
# of hostile values).  No appliance.
check_PROGRAMS += network/test-net-nics
TESTS += network/test-net-nics
network_test_net_nics_SOURCES = network/test-net-nics.c network/nic-hives.c network/nic-hives.h
network_test_net_nics_LDADD = $(top_builddir)/network/libnetwork.la $(top_builddir)/hive/libhiveio.la \
	$(top_builddir)/common/libcommon.la $(GLIB_LIBS) $(HIVEX_LIBS)
# The built hive needs images/mkhive, which check_PROGRAMS builds before any test runs.
EXTRA_DIST += network/static-nics.reg
