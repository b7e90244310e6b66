# libcommon's sources, relative to common/: common/Makefile.am builds libcommon.la from them,
# tests/fuzz.mk compiles them again with the fuzzer's instrumentation.
libcommon_sources = ws-error.c ws-error.h ws-text.c ws-text.h ws-tmpdir.c ws-tmpdir.h \
	ws-interrupt.c ws-interrupt.h ws-fault.c ws-fault.h ws-delta.c ws-delta.h banned.h
