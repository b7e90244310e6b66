# The INF engine's sources, relative to drivers/: drivers/Makefile.am builds libdrivers.la from
# them and tests/fuzz.mk compiles them again with the fuzzer's instrumentation.
libdrivers_sources = \
	inf-parse.c inf-parse.h inf-decode.c inf-strings.c \
	inf.h inf-internal.h inf-number.c inf-decoration.c inf-version.c inf-models.c \
	inf-install.c inf-service.c inf-reg.c inf-files.c inf-driver.c inf-names.c inf-names.h \
	package.c package.h match.c match.h
