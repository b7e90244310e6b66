# Conversion planner tests (included by tests/Makefile.am).
