# drivers command: sources and libraries (included by src/Makefile.am).
winseed_SOURCES += cmd-drivers.c
