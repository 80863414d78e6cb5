/* csv: a streaming RFC 4180 reader and writer for UTF-8 text.
 *
 * The reader takes text in chunks of any size (a quoted field, a CRLF pair
 * or a multi-byte character may be split between chunks) and calls back
 * once per record. Memory is bounded by the field, field-count and record
 * limits, never by the file size.
 *
 * What it accepts, and where it is lenient like Excel:
 * - delimiter ',' ';' or TAB, given or guessed from the first line;
 * - line ends CRLF, LF or lone CR, mixed freely; inside a quoted field they
 *   are kept as written;
 * - quoted fields with doubled quotes and embedded line ends;
 * - a leading UTF-8 BOM is skipped;
 * - blank lines (nothing at all between two line ends) are skipped
 *   anywhere, trailing ones included; a line of only delimiters is a record;
 * - a quote inside an unquoted field (ООО "Ромашка") is kept literally, as
 *   Excel does, and flagged in csv_record.flags; CSV_STRICT makes it an
 *   error;
 * - spaces or tabs between a closing quote and the delimiter are dropped.
 * Errors (sticky: later calls return the same status):
 * - other text after a closing quote ("abc"def);
 * - a quoted field still open at the end of input;
 * - a field, record or field count over its limit;
 * - the callback asking to stop, or out of memory.
 */
#ifndef ACCORD_CSV_H
#define ACCORD_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum csv_status {
	CSV_OK = 0,
	CSV_ERR_BARE_QUOTE,     /* quote inside an unquoted field (CSV_STRICT) */
	CSV_ERR_AFTER_QUOTE,    /* text after a closing quote */
	CSV_ERR_UNTERMINATED,   /* quoted field open at end of input */
	CSV_ERR_FIELD_TOO_LONG,
	CSV_ERR_RECORD_TOO_LONG,
	CSV_ERR_TOO_MANY_FIELDS,
	CSV_ERR_NOMEM,
	CSV_ERR_STOPPED,        /* the callback returned non-zero */
	CSV_ERR_FINISHED        /* csv_feed after csv_finish */
};

/* Options for csv_set_options(). */
#define CSV_STRICT 0x1u   /* a quote inside an unquoted field is an error */

/* Flags in csv_record.flags. */
#define CSV_REC_BARE_QUOTE 0x1u  /* some field had a literal bare quote */

/* Default limits. */
#define CSV_MAX_FIELD   (1024u * 1024u)        /* bytes in one field */
#define CSV_MAX_FIELDS  1000u                  /* fields in one record */
#define CSV_MAX_RECORD  (16u * 1024u * 1024u)  /* bytes in one record */

struct csv_field {
	const char *s;   /* UTF-8 bytes as in the file, unquoted; NUL-terminated */
	size_t len;
	long line;       /* physical line where the field starts (1-based) */
	bool quoted;
};

struct csv_record {
	const struct csv_field *fields;  /* column i+1 is fields[i] */
	size_t n;                        /* at least 1 */
	long line;                       /* physical line where it starts */
	unsigned long index;             /* 1 for the first record (the header) */
	unsigned flags;                  /* CSV_REC_* */
};

/* Called for every record; the record and its text live until the callback
 * returns. Return 0 to go on, non-zero to stop (CSV_ERR_STOPPED). */
typedef int (*csv_record_fn)(const struct csv_record *rec, void *ud);

struct csv_parser;

/* delim is ',', ';', '\t' (or any other single ASCII byte except quote,
 * CR and LF), or 0 to guess it from the first line. NULL on ENOMEM or a
 * delimiter that cannot work. */
struct csv_parser *csv_new(char delim);
void csv_free(struct csv_parser *p);

void csv_set_options(struct csv_parser *p, unsigned options);
/* 0 keeps a limit as it is. */
void csv_set_limits(struct csv_parser *p, size_t max_field,
                    size_t max_fields, size_t max_record);

/* Parse the next chunk. Returns CSV_OK or the (sticky) error. */
enum csv_status csv_feed(struct csv_parser *p, const char *buf, size_t len,
                         csv_record_fn cb, void *ud);
/* End of input: delivers the last record if the file does not end with a
 * line end, and reports an unterminated quoted field. */
enum csv_status csv_finish(struct csv_parser *p, csv_record_fn cb, void *ud);

/* The delimiter in use: the one given, the guessed one once the first line
 * is complete, else 0. */
char csv_delimiter(const struct csv_parser *p);

/* Where the error is: physical line and column (1-based field number in
 * its record; for CSV_ERR_UNTERMINATED, the line where the field began).
 * Both 0 when there is no error. */
enum csv_status csv_error(const struct csv_parser *p, long *line, long *col);
/* A short English message for a status. */
const char *csv_strerror(enum csv_status st);

/* Guess the delimiter of a header line: the most frequent of TAB ';' ','
 * outside quotes in the first line that has any (lines before it, such as
 * a title above the header, are passed over; ties go to TAB, then ';',
 * since commas are common inside names); ',' if there is none. A leading
 * BOM is allowed. A parser guessing holds up to 8 line ends back for it. */
char csv_guess_delimiter(const char *line, size_t len);

/* True if every field of the record is empty (Excel's ";;;;" rows). */
bool csv_record_blank(const struct csv_record *rec);

/* ---- Writer ---- */

/* Output either to a FILE (fp non-NULL) or to a growable buffer (buf,
 * len). Quoting as Excel does it: a field is quoted if it holds the
 * delimiter, a quote, CR or LF, or starts or ends with a space or TAB;
 * quotes are doubled. Records end with eol ("\r\n" by default, as RFC 4180
 * and Excel). */
struct csv_writer {
	FILE *fp;
	char *buf;
	size_t len, cap;
	char delim;
	const char *eol;
	size_t nfield;   /* fields written in the current record */
	bool first_empty;  /* the record's first field was empty */
	bool failed;     /* a write or allocation failed; sticky */
};

void csv_writer_init_file(struct csv_writer *w, FILE *fp, char delim);
void csv_writer_init_buf(struct csv_writer *w, char delim);
/* Empty the buffer (keeping its memory) to reuse it for the next record. */
void csv_writer_clear(struct csv_writer *w);
void csv_writer_free(struct csv_writer *w);

bool csv_needs_quotes(const char *s, size_t len, char delim);
/* Write one field (with the delimiter before it when it is not the first
 * of the record). s may be NULL for an empty field. 0 or -1. */
int csv_write_field(struct csv_writer *w, const char *s, size_t len);
/* End the current record. A record of one empty field is written as ""
 * so that it does not read back as a (skipped) blank line. 0 or -1. */
int csv_end_record(struct csv_writer *w);
/* A whole record of NUL-terminated strings (NULL = empty). 0 or -1. */
int csv_write_record(struct csv_writer *w, const char *const *fields, size_t n);

#endif
