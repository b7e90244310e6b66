# drivers tests (included by tests/Makefile.am).
