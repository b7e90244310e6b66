# drivers command: sources and libraries (included by src/Makefile.am).
winseed_SOURCES += cmd-drivers.c
winseed_LDADD += ../drivers/libdriverset.la ../drivers/libdrivers.la ../data/libdata.la
