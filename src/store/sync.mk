# History and merging copies (issue 6, command-line and store side):
# sources and tests. Included by the top-level Makefile.am.

libaccord_a_SOURCES += \
	src/store/sync_internal.h src/store/sync_engine.h \
	src/store/history.c src/store/sync.c src/store/sync_file.c src/store/sync_merge.c

accord_SOURCES += src/cli/cmd_sync.c src/cli/cmd_changes.c src/cli/cmd_apply.c

# A helper of the CLI tests: writes through the store's own write paths.
# (built with the program, not a test itself: check_PROGRAMS are all run)
noinst_PROGRAMS = tests/unit/sync_tool
tests_unit_sync_tool_SOURCES = tests/unit/sync_tool.c
tests_unit_sync_tool_CPPFLAGS = $(AM_CPPFLAGS) -I$(srcdir)/src/store
tests_unit_sync_tool_LDADD = libaccord.a $(SQLITE_LIBS) $(NCURSESW_LIBS) $(LIBICONV) $(LIBS)
TESTS += tests/cli/sync.sh
TESTS += tests/cli/concurrent.sh
TESTS += tests/cli/sync_crash.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_sync
tests_unit_test_sync_SOURCES = tests/unit/test_sync.c
tests_unit_test_sync_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sync_LDADD = $(UNIT_LDADD)
endif
