/* diag: collected diagnostics (errors and warnings) with FILE:LINE:COLUMN.
 *
 * Modules deep down never print; they add to a struct diag and return a
 * status. The CLI prints the list at the end in the contract's form
 * "FILE:LINE[:COLUMN]: message". */
#ifndef ACCORD_DIAG_H
#define ACCORD_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag_entry {
	enum diag_severity sev;
	char *file;     /* may be NULL */
	long line;      /* 0: none */
	long col;       /* 0: none */
	char *msg;
};

struct diag {
	struct diag_entry *v;
	size_t n, cap;
	size_t limit;     /* keep at most this many entries (0: no limit); warnings
	                     take at most a quarter of them */
	size_t dropped;   /* entries beyond the limit, counted only */
	size_t errors, warnings;  /* totals, dropped ones included */
	size_t kept_warnings;     /* warnings among the entries kept */
	size_t dropped_errors;
};

void diag_init(struct diag *d, size_t limit);
void diag_free(struct diag *d);
/* Append one entry; printf-style message. Out of memory is counted, not fatal. */
void diag_add(struct diag *d, enum diag_severity sev, const char *file,
              long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
#define diag_error(d, file, line, col, ...) \
	diag_add((d), DIAG_ERROR, (file), (line), (col), __VA_ARGS__)
#define diag_warn(d, file, line, col, ...) \
	diag_add((d), DIAG_WARNING, (file), (line), (col), __VA_ARGS__)
/* Print every entry as "FILE:LINE[:COL]: [warning: ]msg", then a line for
 * dropped ones. Control characters in messages are shown escaped. */
void diag_print(const struct diag *d, FILE *out);

/* Write s with every control character (C0, DEL, C1) and bidi override
 * shown escaped (\x1b, \u009b, \u202e): for any text from data that goes
 * to a terminal. */
void diag_put_safe(FILE *out, const char *s);

#endif
