# verify tests (included by tests/Makefile.am).
#
# Unit tests: the walk on copies of the real fixture hives, some with .reg files merged in by
# hivexregedit.  They link the walk without libguestfs: the walk must not touch the guest.
verify_walk_sources = verify/verify-test.c verify/verify-test.h
verify_walk_cflags = $(AM_CFLAGS) $(HIVEX_CFLAGS) $(JSON_GLIB_CFLAGS)
verify_walk_ldadd = ../src/verify/libverify.la ../src/report/libreport.la ../firstboot/libfirstboot.la \
	../network/libnetwork.la \
	$(drivers_pure_libs) ../hive/libhiveio.la \
	../common/libcommon.la $(GLIB_LIBS) $(JSON_GLIB_LIBS) $(HIVEX_LIBS)

check_PROGRAMS += verify/test-verify-walk verify/test-verify-breaks
TESTS += verify/test-verify-walk verify/test-verify-breaks
verify_test_verify_walk_SOURCES = verify/test-verify-walk.c $(verify_walk_sources)
verify_test_verify_walk_CFLAGS = $(verify_walk_cflags)
verify_test_verify_walk_LDADD = $(verify_walk_ldadd)
verify_test_verify_breaks_SOURCES = verify/test-verify-breaks.c $(verify_walk_sources)
verify_test_verify_breaks_CFLAGS = $(verify_walk_cflags)
verify_test_verify_breaks_LDADD = $(verify_walk_ldadd)

verify_reg_files = \
	verify/converted-win10.reg verify/converted-win7.reg \
	verify/break-no-version.reg verify/break-wrong-class.reg verify/break-no-deviceids.reg \
	verify/break-missing-package.reg verify/break-start3.reg verify/break-startoverride.reg \
	verify/break-group.reg verify/break-cddb-removed.reg verify/break-cddb-classguid.reg \
	verify/break-no-service.reg verify/break-no-group-order.reg verify/select-current-2.reg \
	verify/virt-v2v-version.reg verify/rank-older.reg verify/rank-feature.reg verify/drivers-only.reg \
	verify/break-filter-missing.reg verify/break-filter-disabled.reg
EXTRA_DIST += $(verify_reg_files)

# Image tests (shell; each names its appliance launches).  The converted and broken ones skip
# until `winseed convert` exists; the virt-v2v ones skip without virt-v2v-in-place.
verify_image_tests = \
	verify/test-verify-unconverted-winxp.sh verify/test-verify-unconverted-win7.sh \
	verify/test-verify-unconverted-win10.sh verify/test-verify-unconverted-win2019.sh \
	verify/test-verify-unconverted-win2022.sh verify/test-verify-unconverted-win11.sh \
	verify/test-verify-converted-winxp.sh verify/test-verify-converted-win7.sh \
	verify/test-verify-converted-win10.sh verify/test-verify-converted-win11.sh \
	verify/test-verify-breaks-win7.sh \
	verify/test-verify-text.sh verify/test-verify-bad-input.sh verify/test-verify-net.sh
TESTS += verify/test-verify-options.sh $(verify_image_tests)
# In make check-long, to keep make check well under 30 minutes: the same breaks on the
# DriverDatabase model (win7 keeps the CriticalDeviceDatabase ones in make check; the walk's unit
# test covers both models), verify on guests virt-v2v-in-place converted (two virt-v2v runs), and
# verify after convert on the two server images (make check keeps XP, 7, 10 and 11: both boot
# models, MBR and GPT, BIOS and UEFI; test-convert-images converts all six).
verify_long_tests = verify/test-verify-breaks-win10.sh \
	verify/test-verify-virt-v2v-win2019.sh verify/test-verify-virt-v2v-win10.sh \
	verify/test-verify-converted-win2019.sh verify/test-verify-converted-win2022.sh
long_tests += $(verify_long_tests)
EXTRA_DIST += verify/test-verify-options.sh $(verify_image_tests) \
	verify/verify-functions.sh verify/break-functions.sh
