# Shared by every Makefile.am under src/.  Each folder adds the include paths of the folders it
# builds on (ws_src_includes picks them by name), never those above it: a header of a higher
# layer is not even on the path, so dependencies point one way.
AM_CPPFLAGS = -I$(top_srcdir)/common -I$(top_srcdir)/data -I$(top_srcdir)/drivers \
	-I$(top_srcdir)/hive -I$(top_srcdir)/planners -I$(top_srcdir)/setupapi -I$(top_srcdir)/network -I$(top_srcdir)/firstboot \
	-I$(top_srcdir)/domain \
	$(addprefix -I$(top_srcdir)/src/,$(ws_uses))
AM_CFLAGS = $(WARN_CFLAGS) $(GLIB_CFLAGS) $(JSON_GLIB_CFLAGS) $(HIVEX_CFLAGS)
