# diagnose tests (included by tests/Makefile.am).
