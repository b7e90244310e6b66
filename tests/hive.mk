# hive tests (included by tests/Makefile.am).
