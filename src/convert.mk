# convert command: sources and libraries (included by src/Makefile.am).
winseed_SOURCES += convert.c convert.h convert-internal.h convert-cmd.c convert-select.c \
	convert-stage.c convert-report.c convert-txn.c convert-txn.h
