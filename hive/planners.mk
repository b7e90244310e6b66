# Conversion planners (included by hive/Makefile.am, after plan.mk).
#
# The planners are pure and go into libhiveplan.la (no hivex: a stray hive read fails to link);
# they use the INF engine, so their users also link drivers/libdrivers.la and data/libdata.la.
# plan-facts.c is the one part that reads hives, in libhiveio.la.
libhiveplan_la_SOURCES += \
	plan.h plan-internal.h \
	plan-common.c plan-inf.c plan-layout.c plan-files.c plan-addreg.c plan-service.c \
	plan-ddb.c plan-ddb-ids.c plan-cdd.c plan-software.c plan-registry.c

libhiveio_la_SOURCES += plan-facts.c plan-facts.h
