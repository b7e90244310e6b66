# images tests (included by tests/Makefile.am).
