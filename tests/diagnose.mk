# diagnose tests (included by tests/Makefile.am).
#
# Unit tests of the pure SetupAPI log reader (no appliance): they link setupapi/libsetupapi.la
# with libcommon and glib only, so a stray dependency on anything else fails to link.
diagnose_reader = diagnose/transcript.c diagnose/transcript.h
diagnose_reader_libs = $(top_builddir)/setupapi/libsetupapi.la $(top_builddir)/common/libcommon.la $(GLIB_LIBS)

check_PROGRAMS += diagnose/test-setupapi diagnose/test-setupapi-real fuzz/fuzz-setupapi
TESTS += diagnose/test-setupapi diagnose/test-setupapi-real fuzz/fuzz-setupapi \
	diagnose/test-diagnose-log.sh diagnose/test-diagnose-bad.sh diagnose/test-diagnose-guest.sh

diagnose_test_setupapi_SOURCES = diagnose/test-setupapi.c $(diagnose_reader)
diagnose_test_setupapi_LDADD = $(diagnose_reader_libs)
diagnose_test_setupapi_real_SOURCES = diagnose/test-setupapi-real.c $(diagnose_reader)
diagnose_test_setupapi_real_LDADD = $(diagnose_reader_libs)
# The fuzz target with a main() that replays tests/fuzz/corpus-setupapi.
fuzz_fuzz_setupapi_SOURCES = fuzz/fuzz-setupapi.c $(diagnose_reader)
fuzz_fuzz_setupapi_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/diagnose
fuzz_fuzz_setupapi_LDADD = $(diagnose_reader_libs)

EXTRA_DIST += diagnose/test-diagnose-log.sh diagnose/test-diagnose-bad.sh diagnose/test-diagnose-guest.sh \
	diagnose/logs fuzz/corpus-setupapi

# libFuzzer build (clang, ASan + UBSan), run on a scratch copy of the corpus:
# `make -C tests fuzz-setupapi FUZZ_SECONDS=600`.  Not part of `make check`.
diagnose_fuzz_sources = $(srcdir)/fuzz/fuzz-setupapi.c $(srcdir)/diagnose/transcript.c \
	$(top_srcdir)/src/setupapi-text.c $(top_srcdir)/src/setupapi-log.c $(top_srcdir)/src/setupapi-section.c \
	$(top_srcdir)/src/setupapi-said.c $(top_srcdir)/src/setupapi-codes.c $(top_srcdir)/common/ws-error.c
if HAVE_CLANG
fuzz/fuzz-setupapi-libfuzzer: $(diagnose_fuzz_sources)
	$(AM_V_GEN)mkdir -p fuzz && $(CLANG) -g -O1 -DWS_FUZZ_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined -I$(top_builddir) $(AM_CPPFLAGS) -I$(srcdir)/diagnose $(GLIB_CFLAGS) \
	  $(diagnose_fuzz_sources) -o $@ $(GLIB_LIBS)
fuzz-setupapi: fuzz/fuzz-setupapi-libfuzzer
	rm -rf fuzz/corpus-setupapi-run && mkdir -p fuzz/corpus-setupapi-run
	cp $(srcdir)/fuzz/corpus-setupapi/* fuzz/corpus-setupapi-run/
	./fuzz/fuzz-setupapi-libfuzzer -max_total_time=$(or $(FUZZ_SECONDS),60) -max_len=65536 -timeout=20 \
	  -rss_limit_mb=2048 -print_final_stats=1 fuzz/corpus-setupapi-run
else
fuzz-setupapi:
	@echo "fuzz-setupapi needs clang (not found by configure)"; exit 77
endif
.PHONY: fuzz-setupapi
CLEANFILES += fuzz/fuzz-setupapi-libfuzzer
