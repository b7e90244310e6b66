# The data tables' sources, relative to data/ (the *-data.c files are generated in the build
# tree): data/Makefile.am builds libdata.la from them, tests/fuzz.mk compiles them again.
libdata_sources = \
	ws-target.c ws-target.h \
	os-table.c os-table.h \
	device-table.c device-table.h \
	dirid-table.c dirid-table.h \
	platform-table.c platform-table.h
libdata_generated = os-table-data.c device-table-data.c dirid-table-data.c platform-table-data.c
