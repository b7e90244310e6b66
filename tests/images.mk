# images: the test image factory (included by tests/Makefile.am); see images/README.
#
# `make check` builds every image once into $(builddir)/images.  The images are a cache: they
# cost one to three minutes of appliance time, so `make clean` keeps them and only `make distclean`
# removes them.  They are rebuilt when an input below changes.

images_reg = \
	images/reg/bcd-bios.reg \
	images/reg/bcd-uefi.reg \
	images/reg/drivers-common.reg \
	images/reg/drivers-vmxnet3-oem0.reg \
	images/reg/software-common.reg \
	images/reg/software-x64.reg \
	images/reg/system-common.reg \
	images/reg/win10-drivers.reg \
	images/reg/win10-software.reg \
	images/reg/win11-software.reg \
	images/reg/win11-system.reg \
	images/reg/win2019-software.reg \
	images/reg/win2019-system.reg \
	images/reg/win2022-software.reg \
	images/reg/win2022-system-stale.reg \
	images/reg/win2022-system.reg \
	images/reg/win7-software.reg \
	images/reg/winxp-software.reg

images_fixture_hives = \
	fixtures/hives/win10-18362_regipy_SYSTEM.xz \
	fixtures/hives/win7-sp1_regipy_SYSTEM.xz \
	fixtures/hives/winxp-sp3_bitcurator_SYSTEM.xz

images_inputs = \
	images/make-images.sh \
	images/imgtool.pl \
	images/mkhive.c \
	images/padhive.c \
	$(images_reg) \
	$(images_fixture_hives)

# mkhive writes the empty regf hive the synthetic hives are merged onto.
check_PROGRAMS += images/mkhive
images_mkhive_SOURCES = images/mkhive.c
images_mkhive_CFLAGS = $(WARN_CFLAGS)

# padhive grows win2019's hives to real size for win2019-big-x64.img (the benchmark image).
check_PROGRAMS += images/padhive
images_padhive_SOURCES = images/padhive.c
images_padhive_CFLAGS = $(WARN_CFLAGS) $(HIVEX_CFLAGS)
images_padhive_LDADD = $(HIVEX_LIBS)

# mkhive and padhive are order-only: `make clean` deletes the binaries, and relinking them must
# not rebuild the images (their sources are normal inputs).
check_DATA += images/.built
images/.built: $(addprefix $(srcdir)/,$(images_inputs)) | images/mkhive$(EXEEXT) images/padhive$(EXEEXT)
	$(AM_V_GEN)WINSEED_MKHIVE='$(abs_builddir)/images/mkhive$(EXEEXT)' \
	WINSEED_PADHIVE='$(abs_builddir)/images/padhive$(EXEEXT)' \
	WINSEED_FIXTURES='$(abs_srcdir)/fixtures' \
	$(top_builddir)/run bash $(srcdir)/images/make-images.sh $(abs_builddir)/images && touch $@

TESTS += images/check-images.sh
# The benchmark image's own check (make bench's data; nothing in make check reads that image).
long_tests += images/check-big-image.sh

EXTRA_DIST += \
	$(images_inputs) \
	images/check-images.sh \
	images/README

distclean-local: distclean-images
distclean-images:
	-rm -rf images/*.img images/*.qcow2 images/.built images/.work.*
.PHONY: distclean-images
