# convert command: sources and libraries (included by src/Makefile.am).
winseed_SOURCES += convert.c convert-txn.c convert-txn.h
