# Conversion planners: sources (included by hive/Makefile.am).
