# diagnose command: sources and libraries (included by src/Makefile.am).  The log reader
# (setupapi-log, setupapi-codes) is pure: it needs glib only, and is unit-tested and fuzzed alone.
winseed_SOURCES += diagnose.c \
	setupapi-log.c setupapi-log.h \
	setupapi-codes.c setupapi-codes.h
