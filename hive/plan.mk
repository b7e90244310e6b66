# Registry edit plans (pure, libhiveplan.la) and their application (hive-apply, in libhiveio.la).
