/* tui: the full-screen program (ncursesw). */
#ifndef ACCORD_TUI_H
#define ACCORD_TUI_H

#include <stdio.h>

struct store;

/* Run the program on an open store until the user quits. db_path is shown
 * in the header. Returns 0, or 1 with *err set (caller frees) when the
 * terminal cannot be used (not a terminal, unknown TERM). The terminal is
 * restored on every way out, exit() included. */
int tui_run(struct store *st, const char *db_path, char **err);

/* The keys of the full-screen program, from the same table as its help
 * screen (for --help). Returns 0, or -1 when out of memory. */
int tui_print_keys(FILE *out);

#endif
