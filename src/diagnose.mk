# diagnose command: sources and libraries (included by src/Makefile.am).  The log reader
# (setupapi-text, -log, -section, -said, -codes) is pure: it needs glib only, and is unit-tested
# and fuzzed alone.  diagnose.c does the I/O; diagnose-collect.c and diagnose-report.c the report.
winseed_SOURCES += diagnose.c diagnose-collect.c diagnose-report.c diagnose-internal.h \
	setupapi-text.c setupapi-log.c setupapi-section.c setupapi-log.h setupapi-log-internal.h \
	setupapi-said.c setupapi-codes.c setupapi-codes.h
