# inspect tests (included by tests/Makefile.am).
#
# test-inspect-hives: the registry half of inspect on the real fixture hives, no appliance.
check_PROGRAMS += inspect/test-inspect-hives
TESTS += inspect/test-inspect-hives
inspect_test_inspect_hives_SOURCES = inspect/test-inspect-hives.c
inspect_test_inspect_hives_CFLAGS = $(AM_CFLAGS) $(HIVEX_CFLAGS) $(JSON_GLIB_CFLAGS)
inspect_test_inspect_hives_LDADD = ../src/inspect/libinspect.la ../src/report/libreport.la \
	../network/libnetwork.la ../hive/libhiveio.la ../common/libcommon.la $(GLIB_LIBS) $(JSON_GLIB_LIBS) $(HIVEX_LIBS)

# test-disk-label: the partition-table reader on tables sfdisk writes, and the ones it must leave
# to the appliance's kernel (no appliance).
check_PROGRAMS += inspect/test-disk-label
TESTS += inspect/test-disk-label
inspect_test_disk_label_SOURCES = inspect/test-disk-label.c
inspect_test_disk_label_LDADD = ../src/guest/libguest.la ../common/libcommon.la $(GLIB_LIBS) \
	$(JSON_GLIB_LIBS) $(LIBGUESTFS_LIBS)

# Image tests: one appliance launch per script.
TESTS += \
	inspect/test-inspect-errors.sh \
	inspect/test-inspect-images.sh \
	inspect/test-inspect-readonly.sh \
	test-exit-codes.sh test-docs.sh
EXTRA_DIST += inspect/test-inspect-errors.sh inspect/test-inspect-images.sh \
	inspect/test-inspect-readonly.sh test-exit-codes.sh test-docs.sh
