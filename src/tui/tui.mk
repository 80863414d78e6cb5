# The full-screen program (issue 5): its store queries, the TUI itself and
# their tests. Included at the end of the top-level Makefile.am.

libaccord_a_SOURCES += \
	src/store/browse.c src/store/browse_list.c src/store/edit.c \
	include/accord/tui.h src/tui/tui_internal.h src/tui/tui.c src/tui/draw.c \
	src/tui/keymap.c src/tui/pane.c src/tui/panes.c src/tui/detail.c \
	src/tui/lineedit.c src/tui/form.h src/tui/form.c src/tui/forms.c \
	src/tui/prompt.c src/tui/merge.c src/tui/settings.h src/tui/settings.c

if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_browse tests/unit/test_tui_config
tests_unit_test_browse_SOURCES = tests/unit/test_browse.c
tests_unit_test_browse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_browse_LDADD = $(UNIT_LDADD)
tests_unit_test_tui_config_SOURCES = tests/unit/test_tui_config.c
tests_unit_test_tui_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tui_config_LDADD = $(UNIT_LDADD)
endif

# The real binary under a pseudo-terminal with a terminal emulator (pyte).
# (tests/lib, tests/tui and bench/ are in EXTRA_DIST as whole directories)
TESTS += tests/tui/browse.py tests/tui/edit.py tests/tui/terminal.py tests/tui/history.py \
	tests/tui/chaos.py tests/tui/save_kill.py
