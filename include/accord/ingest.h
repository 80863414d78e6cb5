/* ingest: partner files in, registry files out.
 *
 * Import reads a CSV file in any supported charset (detected, or given),
 * maps its header in English, Russian, Ukrainian or Estonian, validates
 * every row and upserts institutions or agreements through the store. It
 * never begins or ends transactions: the caller wraps a whole run in one,
 * and rolls back when d holds an error. Export writes the registry as CSV
 * (in any supported charset) or JSON. */
#ifndef ACCORD_INGEST_H
#define ACCORD_INGEST_H

#include <stdbool.h>
#include <stdio.h>

#include <accord/diag.h>

struct store;

enum ingest_type { INGEST_GUESS, INGEST_INSTITUTIONS, INGEST_AGREEMENTS };

/* "institutions"/"agreements" (and singular forms) → type; INGEST_GUESS for
 * anything else. */
enum ingest_type ingest_type_parse(const char *s);
const char *ingest_type_name(enum ingest_type t);

struct ingest_stats {
	long rows, added, updated, unchanged;
};

/* Progress of a long import: rows done, fraction of the file read (0..1). */
typedef void (*ingest_progress_fn)(void *ud, long rows, double fraction);

struct ingest_options {
	enum ingest_type type;       /* INGEST_GUESS: from the header */
	const char *encoding;        /* canonical charset, or NULL to detect */
	char delimiter;              /* 0: from the header line */
	ingest_progress_fn progress; /* may be NULL */
	void *progress_ud;
};

/* Import one file ("-" is standard input). Errors and warnings go to d with
 * FILE:LINE[:COLUMN]; returns 0 when the file added no error to d, else -1.
 * *type_out (may be NULL) receives the type used. */
int ingest_import(struct store *st, const char *path, const struct ingest_options *o,
                  struct ingest_stats *stats, enum ingest_type *type_out, struct diag *d);

/* The same from an open, seekable stream; path names it in messages. */
int ingest_import_stream(struct store *st, const char *path, FILE *f,
                         const struct ingest_options *o, struct ingest_stats *stats,
                         enum ingest_type *type_out, struct diag *d);

enum ingest_format { INGEST_CSV, INGEST_JSON };

struct export_options {
	enum ingest_type type;       /* institutions or agreements */
	enum ingest_format format;
	const char *encoding;        /* canonical charset (CSV only); NULL: UTF-8 */
	char delimiter;              /* CSV: ',' by default */
	bool translit;               /* approximate what the charset cannot hold */
};

/* Export every record of the type to out. Errors go to d; returns 0 or -1,
 * and the number of records written in *rows. */
int ingest_export(struct store *st, FILE *out, const struct export_options *o,
                  long *rows, struct diag *d);

#endif
