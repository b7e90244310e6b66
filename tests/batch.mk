# batch tests (included by tests/Makefile.am).  test-batch-manifest.sh launches no appliance;
# test-batch-run.sh is one multi-guest batch (one appliance per guest) and its resumed re-run.
# test-batch-multihost.sh spreads a manifest over two sshd "hosts" with GNU parallel (root only).
batch_tests = \
	batch/test-batch-manifest.sh \
	batch/test-batch-run.sh \
	batch/test-batch-interrupt.sh
TESTS += $(batch_tests)
EXTRA_DIST += $(batch_tests)
# test-appliance-ready: when a batch skips its warm-up launch (no appliance launched).
check_PROGRAMS += batch/test-appliance-ready
TESTS += batch/test-appliance-ready
batch_test_appliance_ready_SOURCES = batch/test-appliance-ready.c
batch_test_appliance_ready_CFLAGS = $(AM_CFLAGS) $(LIBGUESTFS_CFLAGS)
batch_test_appliance_ready_LDADD = ../src/guest/libguest.la ../common/libcommon.la $(GLIB_LIBS) \
	$(JSON_GLIB_LIBS) $(LIBGUESTFS_LIBS)
# Two sshd hosts, four guests and a host lost mid-run: serial by design, in make check-long.
long_tests += batch/test-batch-multihost.sh
