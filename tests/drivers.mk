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
check_PROGRAMS += $(drivers_unit_tests) fuzz/fuzz-inf
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

# The fuzz target's plain main() replays tests/fuzz/corpus-inf (real INFs, their UTF-16
# re-encodings, malformed INFs).
fuzz_fuzz_inf_SOURCES = fuzz/fuzz-inf.c
fuzz_fuzz_inf_LDADD = $(drivers_pure_libs)

drivers_shell_tests = \
	drivers/test-drivers-iso-layout.sh \
	drivers/test-drivers-rpm-layout.sh \
	drivers/test-drivers-iso-image.sh \
	drivers/test-drivers-utf16.sh \
	drivers/test-drivers-malformed.sh \
	drivers/test-drivers-incomplete.sh \
	drivers/test-drivers-json.sh \
	drivers/test-drivers-hostile.sh

TESTS += $(drivers_unit_tests) fuzz/fuzz-inf $(drivers_shell_tests)
EXTRA_DIST += $(drivers_shell_tests) drivers/make-tree.sh drivers/features.inf fuzz/corpus-inf

# libFuzzer build of fuzz-inf (clang, ASan + UBSan), run for FUZZ_SECONDS on a scratch copy of
# the corpus: `make -C tests fuzz-inf FUZZ_SECONDS=600`.  Not part of `make check`.
FUZZ_SECONDS ?= 60
fuzz_inf_libfuzzer_sources = $(top_srcdir)/tests/fuzz/fuzz-inf.c \
	$(addprefix $(top_srcdir)/drivers/, inf-parse.c inf-decode.c inf-strings.c inf-number.c \
	  inf-decoration.c inf-version.c inf-models.c inf-install.c inf-service.c inf-reg.c \
	  inf-files.c inf-driver.c inf-names.c package.c match.c) \
	$(addprefix $(top_srcdir)/data/, ws-target.c os-table.c device-table.c dirid-table.c) \
	$(addprefix $(top_builddir)/data/, os-table-data.c device-table-data.c dirid-table-data.c) \
	$(addprefix $(top_srcdir)/common/, ws-text.c ws-error.c)
if HAVE_CLANG
fuzz/fuzz-inf-libfuzzer: $(fuzz_inf_libfuzzer_sources)
	$(AM_V_GEN)$(CLANG) -g -O1 -DWS_FUZZ_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	  -fno-sanitize-recover=undefined -I$(top_builddir) $(AM_CPPFLAGS) $(GLIB_CFLAGS) \
	  $(fuzz_inf_libfuzzer_sources) -o $@ $(GLIB_LIBS)
fuzz-inf: fuzz/fuzz-inf-libfuzzer
	rm -rf fuzz/corpus-inf-run && mkdir -p fuzz/corpus-inf-run
	cp $(srcdir)/fuzz/corpus-inf/* fuzz/corpus-inf-run/
	./fuzz/fuzz-inf-libfuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=16384 -timeout=10 \
	  -print_final_stats=1 fuzz/corpus-inf-run
else
fuzz-inf:
	@echo "fuzz-inf needs clang (not found by configure)"; exit 77
endif
CLEANFILES += fuzz/fuzz-inf-libfuzzer
.PHONY: fuzz-inf
