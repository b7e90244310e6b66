# batch tests (included by tests/Makefile.am).  test-batch-manifest.sh launches no appliance;
# test-batch-run.sh is one multi-guest batch (one appliance per guest) and its resumed re-run.
batch_tests = \
	batch/test-batch-manifest.sh \
	batch/test-batch-run.sh \
	batch/test-batch-interrupt.sh
TESTS += $(batch_tests)
EXTRA_DIST += $(batch_tests)
