# verify command: sources and libraries (included by src/Makefile.am).
# The walk (verify-ids, -link, -ddb, -cddb, -service, -path, -walk) reads opened hives only and
# reaches guest files through a callback; verify.c is the only part that touches the guest.
winseed_SOURCES += verify.c verify.h \
	verify-ids.c verify-link.c verify-ddb.c verify-cddb.c verify-service.c verify-path.c \
	verify-walk.c verify-report.c
