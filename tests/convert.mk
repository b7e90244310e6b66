# convert tests (included by tests/Makefile.am).  One appliance launch per conversion, one more
# per script for reading results back.
convert_tests = \
	convert/test-convert-images.sh \
	convert/test-convert-dry-run.sh \
	convert/test-convert-refuse.sh \
	convert/test-convert-busy.sh \
	convert/test-convert-upgrade.sh \
	convert/test-convert-hostile-set.sh \
	convert/test-convert-txn-paths.sh \
	convert/test-convert-vmdk.sh \
	convert/test-convert-device-policy.sh \
	convert/test-convert-platform.sh \
	convert/test-convert-output.sh \
	convert/test-convert-libvirt-xml.sh \
	convert/test-convert-undo.sh
TESTS += $(convert_tests)
EXTRA_DIST += convert/lib.sh convert/checks.sh convert/hive-diff.pl $(convert_tests)
# A conversion failing at every guest write in turn: one launch per write step (about twenty),
# so it runs in make check-long, not make check.
long_tests += convert/test-convert-faults.sh
