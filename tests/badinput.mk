# badinput tests (included by tests/Makefile.am).
#
# The bad-input table: badinput/cases.tsv lists one bad disk, hive, INF, driver set, SetupAPI log,
# batch manifest or option per row with its exit status and the pattern of its one-line message;
# test-bad-inputs.sh builds each input (badinput/builders.sh), runs winseed and checks the status,
# the message, an empty stdout under --json and every input bit-identical afterwards.  Most rows
# are refused on the host (checked: they run with a hypervisor that cannot start); the few that
# need the appliance are marked "guest".
TESTS += badinput/test-bad-inputs.sh
EXTRA_DIST += badinput/test-bad-inputs.sh badinput/builders.sh badinput/cases.tsv
