# convert tests (included by tests/Makefile.am).
