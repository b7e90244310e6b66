# planner tests (included by tests/Makefile.am).
#
# test-plan-unit: the pure planners on a Windows 10 guest described by hand (the 18362 facts).
# test-plan-rules: upgrade/refresh/skip, node moves, Tags, AddReg flags, DIRIDs.
# test-plan-legacy: Windows 7 and XP guests described by hand.
# test-plan-policy: the device-installation policy's allow list and Deny settings.
# test-plan-platform: the old hypervisor's tools disabled, class filters, SanPolicy.
#   These five link without hivex, so the planners cannot read a hive unnoticed.
# test-plan-hives: the planners on facts read from copies of the real fixture hives; the plans
#   are applied with hive-apply and read back with hivexget/hivexregedit, then compared with the
#   entries Windows itself wrote for its boot-storage packages in the same hive.
# Expected values are read by hand from the fixture INFs (tests/fixtures/virtio-win) and hives.

planners_pure_libs = $(top_builddir)/planners/libplanners.la $(top_builddir)/hive/libregplan.la \
	$(top_builddir)/drivers/libdrivers.la \
	$(top_builddir)/data/libdata.la $(top_builddir)/common/libcommon.la $(GLIB_LIBS)
planners_io_libs = $(top_builddir)/planners/libplanfacts.la $(top_builddir)/hive/libhiveio.la $(planners_pure_libs) $(HIVEX_LIBS)

planners_tests = planners/test-plan-unit planners/test-plan-rules planners/test-plan-legacy \
	planners/test-plan-policy planners/test-plan-platform planners/test-plan-hives
check_PROGRAMS += $(planners_tests)
TESTS += $(planners_tests)

planners_test_plan_unit_SOURCES = planners/test-plan-unit.c planners/plan-fixture.c planners/plan-fixture.h
planners_test_plan_unit_LDADD = $(planners_pure_libs)
planners_test_plan_rules_SOURCES = planners/test-plan-rules.c planners/plan-fixture.c planners/plan-fixture.h
planners_test_plan_rules_LDADD = $(planners_pure_libs)
planners_test_plan_legacy_SOURCES = planners/test-plan-legacy.c planners/plan-fixture.c planners/plan-fixture.h
planners_test_plan_legacy_LDADD = $(planners_pure_libs)
planners_test_plan_policy_SOURCES = planners/test-plan-policy.c planners/plan-fixture.c planners/plan-fixture.h
planners_test_plan_policy_LDADD = $(planners_pure_libs)
planners_test_plan_platform_SOURCES = planners/test-plan-platform.c planners/plan-fixture.c planners/plan-fixture.h
planners_test_plan_platform_LDADD = $(planners_pure_libs)

planners_test_plan_hives_SOURCES = planners/test-plan-hives.c planners/test-plan-compare.c \
	planners/plan-fixture.c planners/plan-fixture.h planners/hive-fixture.c planners/hive-fixture.h
planners_test_plan_hives_CFLAGS = $(AM_CFLAGS) $(HIVEX_CFLAGS)
planners_test_plan_hives_LDADD = $(planners_io_libs)
