# The SetupAPI log reader's sources, relative to setupapi/: setupapi/Makefile.am builds
# libsetupapi.la from them and tests/fuzz.mk compiles them again with the fuzzer's instrumentation.
libsetupapi_sources = \
	setupapi-log.c setupapi-log.h setupapi-log-internal.h \
	setupapi-text.c setupapi-section.c setupapi-said.c \
	setupapi-codes.c setupapi-codes.h
