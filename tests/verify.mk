# verify tests (included by tests/Makefile.am).
