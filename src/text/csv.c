/* csv: streaming RFC 4180 reader and writer (see csv.h for the rules). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "accord/csv.h"

enum state {
	ST_REC_START,    /* nothing of a record seen yet */
	ST_FIELD_START,  /* after a delimiter (or the first byte of a record) */
	ST_UNQUOTED,
	ST_QUOTED,
	ST_QUOTE,        /* a quote inside a quoted field: end or doubled? */
	ST_AFTER_QUOTE   /* blanks after the closing quote */
};

struct fpos {
	size_t off, len;
	long line;
	bool quoted;
};

struct csv_parser {
	char delim;
	bool guessing;          /* delim == 0: holding the first line back */
	unsigned options;
	size_t max_field, max_fields, max_record;

	enum state st;
	bool pending_cr;        /* last byte was CR: a following LF is the same break */
	bool bom_done;
	unsigned char bom[3];
	size_t nbom;
	bool finished;
	long line;              /* physical line of the next byte */

	/* The record being built: field texts, each followed by a NUL. */
	char *buf;
	size_t len, cap;
	struct fpos *fp;
	size_t nf, fcap;
	size_t field_start;
	long field_line, rec_line;
	bool field_quoted;
	unsigned rec_flags;
	unsigned long nrec;
	struct csv_field *out;
	size_t outcap;

	/* First lines, while guessing the delimiter: held until one has a
	 * candidate delimiter (a title line above the header has none), at
	 * most GUESS_LINES of them. */
	char *gbuf;
	size_t glen, gcap;
	bool g_inq;
	bool g_cand;            /* a candidate delimiter in the current line */
	int g_lines;

	enum csv_status err;
	long err_line, err_col;
};

static const unsigned char utf8_bom[3] = { 0xEF, 0xBB, 0xBF };
#define GUESS_LINES 8   /* line ends (a CRLF is two) held while guessing */

struct csv_parser *csv_new(char delim)
{
	if (delim == '"' || delim == '\r' || delim == '\n' || (unsigned char)delim >= 0x80)
		return NULL;
	struct csv_parser *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->delim = delim;
	p->guessing = delim == 0;
	p->max_field = CSV_MAX_FIELD;
	p->max_fields = CSV_MAX_FIELDS;
	p->max_record = CSV_MAX_RECORD;
	p->line = 1;
	p->st = ST_REC_START;
	return p;
}

void csv_free(struct csv_parser *p)
{
	if (!p)
		return;
	free(p->buf);
	free(p->fp);
	free(p->out);
	free(p->gbuf);
	free(p);
}

void csv_set_options(struct csv_parser *p, unsigned options)
{
	p->options = options;
}

void csv_set_limits(struct csv_parser *p, size_t max_field, size_t max_fields,
                    size_t max_record)
{
	if (max_field)
		p->max_field = max_field;
	if (max_fields)
		p->max_fields = max_fields;
	if (max_record)
		p->max_record = max_record;
}

char csv_delimiter(const struct csv_parser *p)
{
	return p->guessing ? 0 : p->delim;
}

enum csv_status csv_error(const struct csv_parser *p, long *line, long *col)
{
	if (line)
		*line = p->err ? p->err_line : 0;
	if (col)
		*col = p->err ? p->err_col : 0;
	return p->err;
}

const char *csv_strerror(enum csv_status st)
{
	switch (st) {
	case CSV_OK: return "no error";
	case CSV_ERR_BARE_QUOTE: return "quote inside an unquoted field";
	case CSV_ERR_AFTER_QUOTE: return "text after the closing quote of a field";
	case CSV_ERR_UNTERMINATED: return "quoted field not closed at end of file";
	case CSV_ERR_FIELD_TOO_LONG: return "field too long";
	case CSV_ERR_RECORD_TOO_LONG: return "record too long";
	case CSV_ERR_TOO_MANY_FIELDS: return "too many fields in a record";
	case CSV_ERR_NOMEM: return "out of memory";
	case CSV_ERR_STOPPED: return "stopped";
	case CSV_ERR_FINISHED: return "input already finished";
	}
	return "unknown error";
}

static enum csv_status fail(struct csv_parser *p, enum csv_status st, long line, long col)
{
	if (!p->err) {
		p->err = st;
		p->err_line = line;
		p->err_col = col;
	}
	return p->err;
}

static bool grow(char **b, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	char *nb = realloc(*b, n);
	if (!nb)
		return false;
	*b = nb;
	*cap = n;
	return true;
}

/* Append to the current field, enforcing the field and record limits. */
static enum csv_status put(struct csv_parser *p, const char *s, size_t n)
{
	size_t flen = p->len - p->field_start;
	if (flen + n > p->max_field || p->len + n + 1 > p->max_record) {
		/* Name the limit these bytes cross first, as if they came one at
		 * a time: how the input is cut into chunks must not change it.
		 * kf, kr: the 1-based byte that crosses the field, record limit. */
		size_t kf = p->max_field >= flen ? p->max_field - flen + 1 : 0;
		size_t kr = p->max_record >= p->len ? p->max_record - p->len : 0;
		if (kf <= kr)
			return fail(p, CSV_ERR_FIELD_TOO_LONG, p->line, (long)p->nf + 1);
		return fail(p, CSV_ERR_RECORD_TOO_LONG, p->line, (long)p->nf + 1);
	}
	if (!grow(&p->buf, &p->cap, p->len + n + 1))
		return fail(p, CSV_ERR_NOMEM, p->line, (long)p->nf + 1);
	memcpy(p->buf + p->len, s, n);
	p->len += n;
	return CSV_OK;
}

static enum csv_status begin_field(struct csv_parser *p)
{
	if (p->nf >= p->max_fields)
		return fail(p, CSV_ERR_TOO_MANY_FIELDS, p->line, (long)p->nf + 1);
	p->field_start = p->len;
	p->field_line = p->line;
	p->field_quoted = false;
	return CSV_OK;
}

static enum csv_status end_field(struct csv_parser *p)
{
	if (p->nf == p->fcap) {
		size_t n = p->fcap ? p->fcap * 2 : 16;
		struct fpos *nfp = realloc(p->fp, n * sizeof *nfp);
		if (!nfp)
			return fail(p, CSV_ERR_NOMEM, p->line, (long)p->nf + 1);
		p->fp = nfp;
		p->fcap = n;
	}
	if (!grow(&p->buf, &p->cap, p->len + 1))
		return fail(p, CSV_ERR_NOMEM, p->line, (long)p->nf + 1);
	p->fp[p->nf++] = (struct fpos){ p->field_start, p->len - p->field_start,
	                                p->field_line, p->field_quoted };
	p->buf[p->len++] = '\0';
	return CSV_OK;
}

static enum csv_status end_record(struct csv_parser *p, csv_record_fn cb, void *ud)
{
	if (p->outcap < p->nf) {
		struct csv_field *no = realloc(p->out, p->fcap * sizeof *no);
		if (!no)
			return fail(p, CSV_ERR_NOMEM, p->line, 0);
		p->out = no;
		p->outcap = p->fcap;
	}
	for (size_t i = 0; i < p->nf; i++)
		p->out[i] = (struct csv_field){ p->buf + p->fp[i].off, p->fp[i].len,
		                                p->fp[i].line, p->fp[i].quoted };
	struct csv_record rec = { p->out, p->nf, p->rec_line, ++p->nrec, p->rec_flags };
	long line = p->rec_line;
	p->len = 0;
	p->nf = 0;
	p->rec_flags = 0;
	p->st = ST_REC_START;
	if (cb && cb(&rec, ud) != 0)
		return fail(p, CSV_ERR_STOPPED, line, 0);
	return CSV_OK;
}

static bool is_special(const struct csv_parser *p, unsigned char c)
{
	return c == '"' || c == '\r' || c == '\n' || c == (unsigned char)p->delim;
}

/* Line ends end a record or are kept in a quoted field; either way the
 * count moves here, after the byte is dealt with. */
static void count_line(struct csv_parser *p, unsigned char c)
{
	if (c == '\r') {
		p->line++;
		p->pending_cr = true;
	} else if (c == '\n') {
		if (!p->pending_cr)
			p->line++;
		p->pending_cr = false;
	} else {
		p->pending_cr = false;
	}
}

/* The state machine over bytes with a known delimiter and the BOM gone. */
static enum csv_status run(struct csv_parser *p, const char *buf, size_t len,
                           csv_record_fn cb, void *ud)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	const unsigned char delim = (unsigned char)p->delim;

	while (i < len && !p->err) {
		unsigned char c = s[i];
		switch (p->st) {
		case ST_REC_START:
			if (c == '\n' && p->pending_cr) {
				/* second half of a CRLF that ended the last record */
			} else if (c == '\r' || c == '\n') {
				/* blank line: skipped */
			} else {
				p->rec_line = p->line;
				p->st = ST_FIELD_START;
				continue;  /* same byte, as the start of a field */
			}
			break;
		case ST_FIELD_START:
			if (begin_field(p))
				return p->err;
			if (c == '"') {
				p->field_quoted = true;
				p->st = ST_QUOTED;
			} else if (c == delim) {
				end_field(p);
			} else if (c == '\r' || c == '\n') {
				if (!end_field(p))
					end_record(p, cb, ud);
			} else {
				p->st = ST_UNQUOTED;
				continue;
			}
			break;
		case ST_UNQUOTED:
			if (c == delim) {
				end_field(p);
				p->st = ST_FIELD_START;
			} else if (c == '\r' || c == '\n') {
				if (!end_field(p))
					end_record(p, cb, ud);
			} else if (c == '"') {
				if (p->options & CSV_STRICT)
					return fail(p, CSV_ERR_BARE_QUOTE, p->line, (long)p->nf + 1);
				p->rec_flags |= CSV_REC_BARE_QUOTE;
				put(p, "\"", 1);
			} else {
				/* a run of ordinary bytes in one go */
				size_t j = i + 1;
				while (j < len && !is_special(p, s[j]))
					j++;
				put(p, buf + i, j - i);
				p->pending_cr = false;
				i = j;
				continue;
			}
			break;
		case ST_QUOTED:
			if (c == '"') {
				p->st = ST_QUOTE;
			} else if (c == '\r' || c == '\n') {
				put(p, buf + i, 1);
			} else {
				size_t j = i + 1;
				while (j < len && s[j] != '"' && s[j] != '\r' && s[j] != '\n')
					j++;
				put(p, buf + i, j - i);
				p->pending_cr = false;
				i = j;
				continue;
			}
			break;
		case ST_QUOTE:
		case ST_AFTER_QUOTE:
			if (c == '"' && p->st == ST_QUOTE) {
				put(p, "\"", 1);
				p->st = ST_QUOTED;
			} else if (c == delim) {
				end_field(p);
				p->st = ST_FIELD_START;
			} else if (c == '\r' || c == '\n') {
				if (!end_field(p))
					end_record(p, cb, ud);
			} else if (c == ' ' || c == '\t') {
				p->st = ST_AFTER_QUOTE;
			} else {
				return fail(p, CSV_ERR_AFTER_QUOTE, p->line, (long)p->nf + 1);
			}
			break;
		}
		count_line(p, c);
		i++;
	}
	return p->err;
}

/* Strip a leading BOM, which may arrive a byte at a time. */
static enum csv_status run_bom(struct csv_parser *p, const char *buf, size_t len,
                               csv_record_fn cb, void *ud)
{
	size_t i = 0;
	while (!p->bom_done && i < len) {
		p->bom[p->nbom++] = (unsigned char)buf[i++];
		if (memcmp(p->bom, utf8_bom, p->nbom) != 0) {
			/* not a BOM after all: the held bytes are text */
			unsigned char held[3];
			size_t n = p->nbom;
			memcpy(held, p->bom, n);
			p->bom_done = true;
			if (run(p, (const char *)held, n, cb, ud))
				return p->err;
		} else if (p->nbom == 3) {
			p->bom_done = true;
		}
	}
	/* Nothing left (buf may be NULL when empty: no pointer arithmetic). */
	if (i >= len)
		return p->err;
	return run(p, buf + i, len - i, cb, ud);
}

static enum csv_status end_guess(struct csv_parser *p, csv_record_fn cb, void *ud)
{
	p->delim = csv_guess_delimiter(p->gbuf, p->glen);
	p->guessing = false;
	enum csv_status st = run_bom(p, p->gbuf, p->glen, cb, ud);
	free(p->gbuf);
	p->gbuf = NULL;
	p->glen = p->gcap = 0;
	return st;
}

enum csv_status csv_feed(struct csv_parser *p, const char *buf, size_t len,
                         csv_record_fn cb, void *ud)
{
	if (p->err)
		return p->err;
	if (p->finished)
		return fail(p, CSV_ERR_FINISHED, p->line, 0);
	if (p->guessing) {
		/* Hold lines back until the end (outside quotes) of one with a
		 * candidate delimiter, or of the GUESS_LINES-th. */
		size_t i = 0;
		bool eol = false;
		for (; i < len; i++) {
			char c = buf[i];
			if (c == '"') {
				p->g_inq = !p->g_inq;
			} else if (p->g_inq) {
				continue;
			} else if (c == '\t' || c == ';' || c == ',') {
				p->g_cand = true;
			} else if (c == '\r' || c == '\n') {
				if (p->g_cand || ++p->g_lines >= GUESS_LINES) {
					eol = true;
					break;
				}
			}
		}
		if (p->glen + i > p->max_record)
			return fail(p, CSV_ERR_RECORD_TOO_LONG, 1, 0);
		if (!grow(&p->gbuf, &p->gcap, p->glen + i + 1))
			return fail(p, CSV_ERR_NOMEM, 1, 0);
		memcpy(p->gbuf + p->glen, buf, i);
		p->glen += i;
		if (!eol)
			return CSV_OK;
		if (end_guess(p, cb, ud))
			return p->err;
		buf += i;
		len -= i;
	}
	return run_bom(p, buf, len, cb, ud);
}

enum csv_status csv_finish(struct csv_parser *p, csv_record_fn cb, void *ud)
{
	if (p->err)
		return p->err;
	if (p->finished)
		return fail(p, CSV_ERR_FINISHED, p->line, 0);
	if (p->guessing && end_guess(p, cb, ud))
		return p->err;
	if (!p->bom_done) {
		/* a file of one or two bytes that began like a BOM */
		unsigned char held[3];
		size_t n = p->nbom;
		memcpy(held, p->bom, n);
		p->bom_done = true;
		if (n != 3 && run(p, (const char *)held, n, cb, ud))
			return p->err;
	}
	p->finished = true;
	switch (p->st) {
	case ST_REC_START:
		break;
	case ST_QUOTED:
		return fail(p, CSV_ERR_UNTERMINATED, p->field_line, (long)p->nf + 1);
	case ST_FIELD_START:
		if (begin_field(p))
			return p->err;
		/* fall through */
	case ST_UNQUOTED:
	case ST_QUOTE:
	case ST_AFTER_QUOTE:
		if (!end_field(p))
			end_record(p, cb, ud);
		break;
	}
	return p->err;
}

char csv_guess_delimiter(const char *line, size_t len)
{
	static const char cand[3] = { '\t', ';', ',' };
	size_t count[3] = { 0, 0, 0 };
	size_t i = 0;
	bool inq = false;

	if (len >= 3 && memcmp(line, utf8_bom, 3) == 0)
		i = 3;
	for (; i < len; i++) {
		char c = line[i];
		if (c == '"')
			inq = !inq;
		else if (inq)
			continue;
		else if (c == '\r' || c == '\n') {
			if (count[0] || count[1] || count[2])
				break;
			continue;   /* a line without any: a title above the header */
		}
		for (int k = 0; k < 3; k++)
			if (c == cand[k])
				count[k]++;
	}
	int best = 2;
	for (int k = 1; k >= 0; k--)
		if (count[k] >= count[best] && count[k] > 0)
			best = k;
	return cand[best];
}

bool csv_record_blank(const struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		if (rec->fields[i].len)
			return false;
	return true;
}

/* ---- Writer ---- */

void csv_writer_init_file(struct csv_writer *w, FILE *fp, char delim)
{
	*w = (struct csv_writer){ .fp = fp, .delim = delim, .eol = "\r\n" };
}

void csv_writer_init_buf(struct csv_writer *w, char delim)
{
	*w = (struct csv_writer){ .delim = delim, .eol = "\r\n" };
}

void csv_writer_clear(struct csv_writer *w)
{
	w->len = 0;
	if (w->buf)
		w->buf[0] = '\0';
}

void csv_writer_free(struct csv_writer *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

static int out(struct csv_writer *w, const char *s, size_t n)
{
	if (w->failed)
		return -1;
	if (n == 0)
		return 0;
	if (w->fp) {
		if (fwrite(s, 1, n, w->fp) != n)
			w->failed = true;
	} else if (!grow(&w->buf, &w->cap, w->len + n + 1)) {
		w->failed = true;
	} else {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
		w->buf[w->len] = '\0';
	}
	return w->failed ? -1 : 0;
}

bool csv_needs_quotes(const char *s, size_t len, char delim)
{
	if (len == 0)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return true;
	unsigned char d = (unsigned char)delim;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c > '"' && c != d)   /* most bytes: one test (an export's hot loop) */
			continue;
		if (c == d || c == '"' || c == '\r' || c == '\n')
			return true;
	}
	return false;
}

int csv_write_field(struct csv_writer *w, const char *s, size_t len)
{
	if (!s)
		len = 0;
	if (w->nfield == 0)
		w->first_empty = len == 0;
	if (w->nfield++ > 0 && out(w, &w->delim, 1))
		return -1;
	if (!csv_needs_quotes(s, len, w->delim))
		return out(w, s, len);
	if (out(w, "\"", 1))
		return -1;
	size_t start = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"') {
			/* write up to and including the quote, then double it */
			if (out(w, s + start, i + 1 - start) || out(w, "\"", 1))
				return -1;
			start = i + 1;
		}
	}
	if (out(w, s + start, len - start))
		return -1;
	return out(w, "\"", 1);
}

int csv_end_record(struct csv_writer *w)
{
	bool lone_empty = w->nfield == 1 && w->first_empty;
	w->nfield = 0;
	if (lone_empty && out(w, "\"\"", 2))
		return -1;
	return out(w, w->eol, strlen(w->eol));
}

int csv_write_record(struct csv_writer *w, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *f = fields[i];
		if (csv_write_field(w, f, f ? strlen(f) : 0))
			return -1;
	}
	return csv_end_record(w);
}
