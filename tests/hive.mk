# hive tests (included by tests/Makefile.am).
#
# Unit tests of the pure plan and .reg export (GTest; they link without hivex), and tests that
# apply plans to copies of the real hives in tests/fixtures (never to the fixtures themselves),
# reading the results back with hivexregedit and hivexget.

hive_plan_libs = $(top_builddir)/hive/libregplan.la $(top_builddir)/common/libcommon.la \
	$(GLIB_LIBS)
hive_io_libs = $(top_builddir)/hive/libhiveio.la $(hive_plan_libs) $(HIVEX_LIBS)

check_PROGRAMS += hive/test-reg-plan hive/test-reg-export
hive_test_reg_plan_SOURCES = hive/test-reg-plan.c
hive_test_reg_plan_LDADD = $(hive_plan_libs)
hive_test_reg_export_SOURCES = hive/test-reg-export.c
hive_test_reg_export_LDADD = $(hive_plan_libs)

# test-hive-limits: hostile SYSTEM hives (deep, wide, many values, long multi-strings) built with
# hivex and images/mkhive; inspect stops at the named limits of hive/hive-limits.h in bounded time.
check_PROGRAMS += hive/test-hive-limits
hive_test_hive_limits_SOURCES = hive/test-hive-limits.c
hive_test_hive_limits_CFLAGS = $(AM_CFLAGS) $(HIVEX_CFLAGS)
hive_test_hive_limits_LDADD = ../src/inspect/libinspect.la ../network/libnetwork.la $(hive_io_libs)

# test-hive-delta: the block ranges a staged hive is patched with (common/ws-delta.h).
check_PROGRAMS += hive/test-hive-delta
hive_test_hive_delta_SOURCES = hive/test-hive-delta.c
hive_test_hive_delta_LDADD = $(top_builddir)/common/libcommon.la $(GLIB_LIBS)

# regf-compare: every key and value of a hive read by hive/regf.c and by hivex must agree
# (test-regf-differential.sh runs it on the fixture hives and on hives of real size).
check_PROGRAMS += hive/regf-compare
hive_regf_compare_SOURCES = hive/regf-compare.c
hive_regf_compare_CFLAGS = $(AM_CFLAGS) $(HIVEX_CFLAGS)
hive_regf_compare_LDADD = $(hive_io_libs)

# test-regf-patch: the in-place patch of hive/regf-patch.c against hive_apply, crash prefixes, undo
# and read cost (driven by test-regf-patch.sh).
check_PROGRAMS += hive/test-regf-patch
hive_test_regf_patch_SOURCES = hive/test-regf-patch.c hive/plans.c hive/plans.h
hive_test_regf_patch_CFLAGS = $(AM_CFLAGS) $(HIVEX_CFLAGS)
hive_test_regf_patch_LDADD = $(hive_io_libs)

# Test driver for the shell tests (bench/bench-hive-apply shares its plans.c).
check_PROGRAMS += hive/hive-helper
hive_hive_helper_SOURCES = hive/hive-helper.c hive/plans.c hive/plans.h
hive_hive_helper_LDADD = $(hive_io_libs)

TESTS += \
	hive/test-hive-delta \
	hive/test-hive-limits \
	hive/test-reg-plan \
	hive/test-reg-export \
	hive/test-hive-differential.sh \
	hive/test-regf-differential.sh \
	hive/test-hive-atomic.sh \
	hive/test-hive-corrupt.sh \
	hive/test-hive-refuse.sh \
	hive/test-hive-idempotent.sh \
	hive/test-regf-patch.sh

EXTRA_DIST += \
	hive/test-hive-differential.sh \
	hive/test-regf-differential.sh \
	hive/test-hive-atomic.sh \
	hive/test-hive-corrupt.sh \
	hive/test-hive-refuse.sh \
	hive/test-hive-idempotent.sh \
	hive/test-regf-patch.sh
