# first-boot tests (included by tests/Makefile.am).
#
# test-fb-payload: libfirstboot on the Windows 7 fixture NICs and on the synthetic static NIC of
# network/static-nics.reg.  The payloads are run, not only read: wine64's cmd.exe executes them
# headless with stand-in getmac/netsh/reg/sc/ping .cmd files in the working directory that
# record their arguments; the recorded calls are compared line by line with values written in
# the test.  Skipped (77) without wine64 (tests/install-deps.sh installs it).  No appliance.
check_PROGRAMS += firstboot/test-fb-payload
TESTS += firstboot/test-fb-payload
firstboot_test_fb_payload_SOURCES = firstboot/test-fb-payload.c network/nic-hives.c network/nic-hives.h
firstboot_test_fb_payload_LDADD = $(top_builddir)/firstboot/libfirstboot.la \
	$(top_builddir)/network/libnetwork.la $(top_builddir)/hive/libhiveio.la \
	$(top_builddir)/common/libcommon.la $(GLIB_LIBS) $(HIVEX_LIBS)

# test-firstboot-convert.sh: the Windows 7 image converted twice; the service key and the payload
# read back with guestfish/hivexget; the second conversion writes nothing.  Appliance.
TESTS += firstboot/test-firstboot-convert.sh
EXTRA_DIST += firstboot/test-firstboot-convert.sh

# The wine prefix is made once (about 30 s) and reused by every run of the test.
clean-local: clean-firstboot
clean-firstboot:
	rm -rf firstboot/wineprefix
.PHONY: clean-firstboot
