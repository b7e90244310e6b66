# Registry edit plans (pure, libhiveplan.la) and their application (hive-apply, in libhiveio.la).
#
# libhiveplan.la never includes <hivex.h> and links without $(HIVEX_LIBS): a hivex call in a
# planner fails to link (docs/coding-style.md#layering-and-purity).  Its users link it themselves,
# after libhiveio.la.
noinst_LTLIBRARIES += libhiveplan.la
libhiveplan_la_SOURCES = \
	reg-plan.c reg-plan-merge.c reg-plan.h \
	reg-export.c reg-export.h
libhiveplan_la_LIBADD = $(GLIB_LIBS)

# Apply a plan to a local hive file: transaction, hivex access, verification.
libhiveio_la_SOURCES += \
	hive-apply.c hive-apply-nodes.c hive-apply-verify.c \
	hive-apply.h hive-apply-internal.h hivex-cleanup.h
