# fuzz targets (included by tests/Makefile.am).
#
# Each target (fuzz/fuzz-*.c) defines LLVMFuzzerTestOneInput.  `make check` links it with the
# replay driver fuzz/fuzz-replay.c and the libraries it exercises, and replays its corpus.  With
# clang, `make -C tests fuzz-inf` / `fuzz-setupapi` / `fuzz-hive` (FUZZ_SECONDS, default 60) compile the same
# target and the libraries' own sources (their sources.mk lists, so no list is written twice)
# with -fsanitize=fuzzer,address,undefined and run libFuzzer on a scratch copy of the corpus.
# Not part of `make check`.

include $(top_srcdir)/common/sources.mk
include $(top_srcdir)/data/sources.mk
include $(top_srcdir)/drivers/sources.mk
include $(top_srcdir)/setupapi/sources.mk

check_PROGRAMS += fuzz/fuzz-inf fuzz/fuzz-setupapi fuzz/fuzz-hive
TESTS += fuzz/fuzz-inf fuzz/fuzz-setupapi fuzz/fuzz-hive
EXTRA_DIST += fuzz/corpus-inf fuzz/corpus-setupapi fuzz/corpus-hive

fuzz_fuzz_inf_SOURCES = fuzz/fuzz-inf.c fuzz/fuzz-replay.c
fuzz_fuzz_inf_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS='"corpus-inf"'
fuzz_fuzz_inf_LDADD = $(drivers_pure_libs)
fuzz_fuzz_setupapi_SOURCES = fuzz/fuzz-setupapi.c fuzz/fuzz-replay.c $(diagnose_reader)
fuzz_fuzz_setupapi_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/diagnose -DFUZZ_CORPUS='"corpus-setupapi"'
fuzz_fuzz_setupapi_LDADD = $(diagnose_reader_libs)
fuzz_fuzz_hive_SOURCES = fuzz/fuzz-hive.c fuzz/fuzz-replay.c
fuzz_fuzz_hive_CFLAGS = $(AM_CFLAGS) $(HIVEX_CFLAGS) $(JSON_GLIB_CFLAGS)
fuzz_fuzz_hive_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZ_CORPUS='"corpus-hive"'
fuzz_fuzz_hive_LDADD = ../src/inspect/libinspect.la ../src/verify/libverify.la ../src/report/libreport.la \
	../firstboot/libfirstboot.la \
	../network/libnetwork.la ../planners/libplanfacts.la ../planners/libplanners.la ../hive/libhiveio.la \
	../hive/libregplan.la $(drivers_pure_libs) $(GLIB_LIBS) $(JSON_GLIB_LIBS) $(HIVEX_LIBS)

FUZZ_SECONDS ?= 60
fuzz_common_sources = $(addprefix $(top_srcdir)/common/, $(filter %.c,$(libcommon_sources)))
fuzz_inf_sources = $(srcdir)/fuzz/fuzz-inf.c $(fuzz_common_sources) \
	$(addprefix $(top_srcdir)/drivers/, $(filter %.c,$(libdrivers_sources))) \
	$(addprefix $(top_srcdir)/data/, $(filter %.c,$(libdata_sources))) \
	$(addprefix $(top_builddir)/data/, $(libdata_generated))
fuzz_setupapi_sources = $(srcdir)/fuzz/fuzz-setupapi.c $(srcdir)/diagnose/transcript.c $(fuzz_common_sources) \
	$(addprefix $(top_srcdir)/setupapi/, $(filter %.c,$(libsetupapi_sources)))
fuzz_hive_sources = $(srcdir)/fuzz/fuzz-hive.c $(fuzz_common_sources) \
	$(addprefix $(top_srcdir)/drivers/, $(filter %.c,$(libdrivers_sources))) \
	$(addprefix $(top_srcdir)/data/, $(filter %.c,$(libdata_sources))) \
	$(addprefix $(top_builddir)/data/, $(libdata_generated)) \
	$(top_srcdir)/hive/hive-read.c $(top_srcdir)/hive/regf.c $(wildcard $(top_srcdir)/hive/reg-*.c) $(wildcard $(top_srcdir)/network/*.c) \
	$(wildcard $(top_srcdir)/firstboot/*.c) \
	$(wildcard $(top_srcdir)/planners/*.c) $(top_srcdir)/src/inspect/inspect.c \
	$(top_srcdir)/src/inspect/inspect-hive.c $(filter-out %/verify-report.c,$(wildcard $(top_srcdir)/src/verify/*.c))
LIBFUZZER_CC = $(CLANG) -g -O1 -DWS_FUZZ_LIBFUZZER -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -I$(top_builddir) $(AM_CPPFLAGS) $(GLIB_CFLAGS)

# fuzz_run TARGET MAX-LEN TIMEOUT: libFuzzer on a scratch copy of the target's corpus.
fuzz_run = rm -rf fuzz/corpus-$(1)-run && mkdir -p fuzz/corpus-$(1)-run && \
	cp $(srcdir)/fuzz/corpus-$(1)/* fuzz/corpus-$(1)-run/ && \
	./fuzz/fuzz-$(1)-libfuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=$(2) -timeout=$(3) \
	  -rss_limit_mb=2048 -print_final_stats=1 fuzz/corpus-$(1)-run

if HAVE_CLANG
fuzz/fuzz-inf-libfuzzer: $(fuzz_inf_sources)
	$(AM_V_GEN)mkdir -p fuzz && $(LIBFUZZER_CC) -I$(top_srcdir)/data $(fuzz_inf_sources) -o $@ $(GLIB_LIBS)
fuzz/fuzz-setupapi-libfuzzer: $(fuzz_setupapi_sources)
	$(AM_V_GEN)mkdir -p fuzz && $(LIBFUZZER_CC) -I$(srcdir)/diagnose $(fuzz_setupapi_sources) -o $@ $(GLIB_LIBS)
fuzz/fuzz-hive-libfuzzer: $(fuzz_hive_sources)
	$(AM_V_GEN)mkdir -p fuzz && $(LIBFUZZER_CC) -I$(top_srcdir)/data $(HIVEX_CFLAGS) $(JSON_GLIB_CFLAGS) \
	  $(fuzz_hive_sources) -o $@ $(GLIB_LIBS) $(JSON_GLIB_LIBS) $(HIVEX_LIBS) $(GUESTFS_LIBS)
fuzz-inf: fuzz/fuzz-inf-libfuzzer
	$(call fuzz_run,inf,16384,10)
fuzz-setupapi: fuzz/fuzz-setupapi-libfuzzer
	$(call fuzz_run,setupapi,65536,20)
fuzz-hive: fuzz/fuzz-hive-libfuzzer
	$(call fuzz_run,hive,327680,10)
else
fuzz-inf fuzz-setupapi fuzz-hive:
	@echo "$@ needs clang (not found by configure)"; exit 77
endif
CLEANFILES += fuzz/fuzz-inf-libfuzzer fuzz/fuzz-setupapi-libfuzzer fuzz/fuzz-hive-libfuzzer
.PHONY: fuzz-inf fuzz-setupapi fuzz-hive
