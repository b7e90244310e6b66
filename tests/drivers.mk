# drivers tests (included by tests/Makefile.am).
#
# Unit tests (GTest) of the INF engine, the package model, the matcher and the data tables:
# they link libdrivers/libdata/libcommon and glib only, so the pure layer cannot grow I/O
# or hivex/libguestfs calls unnoticed (test-driver-set, of the I/O edge, adds libdriverset).  Shell tests run `winseed drivers` on driver trees built
# at test time in the real ISO and RPM layouts (drivers/make-tree.sh), on an ISO image of one,
# on UTF-16 re-encodings and on malformed INFs.  Expected values are read from the INF text.

drivers_pure_libs = $(top_builddir)/drivers/libdrivers.la $(top_builddir)/data/libdata.la \
	$(top_builddir)/common/libcommon.la $(GLIB_LIBS)

drivers_unit_tests = drivers/test-data drivers/test-inf-parse drivers/test-inf-virtio \
	drivers/test-inf-features drivers/test-match drivers/test-driver-set drivers/test-inf-names
check_PROGRAMS += $(drivers_unit_tests)
drivers_test_data_SOURCES = drivers/test-data.c
drivers_test_data_LDADD = $(drivers_pure_libs)
drivers_test_inf_parse_SOURCES = drivers/test-inf-parse.c
drivers_test_inf_parse_LDADD = $(drivers_pure_libs)
drivers_test_inf_virtio_SOURCES = drivers/test-inf-virtio.c drivers/inf-dump.c drivers/inf-dump.h
drivers_test_inf_virtio_LDADD = $(drivers_pure_libs)
drivers_test_inf_features_SOURCES = drivers/test-inf-features.c
drivers_test_inf_features_LDADD = $(drivers_pure_libs)
drivers_test_inf_names_SOURCES = drivers/test-inf-names.c
drivers_test_inf_names_LDADD = $(drivers_pure_libs)
drivers_test_match_SOURCES = drivers/test-match.c
drivers_test_match_LDADD = $(drivers_pure_libs)
# driver-set.c is the I/O edge: its test also links libdriverset and libiso9660.
drivers_test_driver_set_SOURCES = drivers/test-driver-set.c
drivers_test_driver_set_LDADD = $(top_builddir)/drivers/libdriverset.la $(drivers_pure_libs) $(LIBISO9660_LIBS)

drivers_shell_tests = \
	drivers/test-drivers-iso-layout.sh \
	drivers/test-drivers-rpm-layout.sh \
	drivers/test-drivers-iso-image.sh \
	drivers/test-drivers-utf16.sh \
	drivers/test-drivers-malformed.sh \
	drivers/test-drivers-incomplete.sh \
	drivers/test-drivers-json.sh \
	drivers/test-drivers-hostile.sh

TESTS += $(drivers_unit_tests) $(drivers_shell_tests)
EXTRA_DIST += $(drivers_shell_tests) drivers/make-tree.sh drivers/features.inf
