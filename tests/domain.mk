# domain tests (included by tests/Makefile.am).
#
# Unit test: the generator over hand-written guests, XPath checks and libvirt's RelaxNG schema;
# it links libdomain without libguestfs and hivex.
check_PROGRAMS += domain/test-domain-xml
TESTS += domain/test-domain-xml
domain_test_domain_xml_SOURCES = domain/test-domain-xml.c
domain_test_domain_xml_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/domain
domain_test_domain_xml_CFLAGS = $(AM_CFLAGS) $(LIBXML2_CFLAGS)
domain_test_domain_xml_LDADD = ../domain/libdomain.la ../common/libcommon.la \
	$(LIBOSINFO_LIBS) $(LIBXML2_LIBS) $(GLIB_LIBS)


# Image test: `winseed domain` on three images, checked with virt-xml-validate and xmllint --xpath.
TESTS += domain/test-domain-images.sh
EXTRA_DIST += domain/test-domain-images.sh domain/lib.sh
