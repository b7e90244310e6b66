# inspect tests (included by tests/Makefile.am).
