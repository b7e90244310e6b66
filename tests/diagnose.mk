# diagnose tests (included by tests/Makefile.am).
#
# Unit tests of the pure SetupAPI log reader (no appliance): they link setupapi/libsetupapi.la
# with libcommon and glib only, so a stray dependency on anything else fails to link.
diagnose_reader = diagnose/transcript.c diagnose/transcript.h
diagnose_reader_libs = $(top_builddir)/setupapi/libsetupapi.la $(top_builddir)/common/libcommon.la $(GLIB_LIBS)

check_PROGRAMS += diagnose/test-setupapi diagnose/test-setupapi-real
TESTS += diagnose/test-setupapi diagnose/test-setupapi-real \
	diagnose/test-diagnose-log.sh diagnose/test-diagnose-bad.sh diagnose/test-diagnose-guest.sh

diagnose_test_setupapi_SOURCES = diagnose/test-setupapi.c $(diagnose_reader)
diagnose_test_setupapi_LDADD = $(diagnose_reader_libs)
diagnose_test_setupapi_real_SOURCES = diagnose/test-setupapi-real.c $(diagnose_reader)
diagnose_test_setupapi_real_LDADD = $(diagnose_reader_libs)

EXTRA_DIST += diagnose/test-diagnose-log.sh diagnose/test-diagnose-bad.sh diagnose/test-diagnose-guest.sh \
	diagnose/logs
