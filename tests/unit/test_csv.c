/* Unit tests for the CSV reader and writer, csv-spectrum included. */
#include <config.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "accord/csv.h"

/* ---- Collecting records as text: "LINE:[f1][f2]\n" per record ---- */

struct sbuf {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t c = b->cap ? b->cap : 64;
		while (c < b->len + n + 1)
			c *= 2;
		b->s = realloc(b->s, c);
		assert_non_null(b->s);
		b->cap = c;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

struct collect {
	struct sbuf out;
	bool lines;         /* prefix each record with its line */
	bool field_lines;   /* and each field with its own line */
	int stop_after;     /* stop after this many records (0: never) */
	int nrec;
	unsigned flags;     /* OR of all record flags */
};

static int collect_cb(const struct csv_record *rec, void *ud)
{
	struct collect *c = ud;
	char num[32];
	assert_true(rec->n >= 1);
	assert_int_equal(rec->index, (unsigned long)c->nrec + 1);
	if (c->lines) {
		snprintf(num, sizeof num, "%ld:", rec->line);
		sb_str(&c->out, num);
	}
	for (size_t i = 0; i < rec->n; i++) {
		const struct csv_field *f = &rec->fields[i];
		assert_int_equal(strlen(f->s), f->len);  /* NUL-terminated, no NUL inside here */
		if (c->field_lines) {
			snprintf(num, sizeof num, "%ld", f->line);
			sb_str(&c->out, num);
		}
		sb_str(&c->out, "[");
		sb_add(&c->out, f->s, f->len);
		sb_str(&c->out, "]");
	}
	sb_str(&c->out, "\n");
	c->flags |= rec->flags;
	c->nrec++;
	return c->stop_after && c->nrec >= c->stop_after;
}

/* Parse data in chunks of `chunk` bytes (0: all at once). */
static enum csv_status parse_chunked(const char *data, size_t len, char delim,
                                     size_t chunk, unsigned opts,
                                     struct collect *c, long *eline, long *ecol)
{
	struct csv_parser *p = csv_new(delim);
	assert_non_null(p);
	csv_set_options(p, opts);
	enum csv_status st = CSV_OK;
	if (chunk == 0)
		chunk = len ? len : 1;
	for (size_t off = 0; off < len && st == CSV_OK; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		st = csv_feed(p, data + off, n, collect_cb, c);
	}
	if (st == CSV_OK)
		st = csv_finish(p, collect_cb, c);
	long l, col;
	assert_int_equal(csv_error(p, &l, &col), st);
	if (eline)
		*eline = l;
	if (ecol)
		*ecol = col;
	csv_free(p);
	return st;
}

/* Parse and return the records as text (caller frees); checks that every
 * chunk size from 1 to 8 and the whole gives the same result. */
static char *parse_str(const char *data, char delim, unsigned opts, enum csv_status want)
{
	size_t len = strlen(data);
	char *first = NULL;
	for (size_t chunk = 0; chunk <= 8; chunk++) {
		struct collect c = { .lines = true, .field_lines = true };
		long l, col;
		enum csv_status st = parse_chunked(data, len, delim, chunk, opts, &c, &l, &col);
		assert_int_equal(st, want);
		if (st != CSV_OK) {
			char num[64];
			snprintf(num, sizeof num, "E%ld:%ld\n", l, col);
			sb_str(&c.out, num);
		}
		if (!c.out.s)
			sb_str(&c.out, "");
		if (!first) {
			first = c.out.s;
		} else {
			assert_string_equal(c.out.s, first);
			free(c.out.s);
		}
	}
	return first;
}

#define CHECK_PARSE(data, delim, opts, want, expect) do { \
	char *got_ = parse_str((data), (delim), (opts), (want)); \
	assert_string_equal(got_, (expect)); \
	free(got_); \
} while (0)

/* ---- Basic syntax ---- */

static void test_simple(void **state)
{
	(void)state;
	CHECK_PARSE("a,b,c\n1,2,3\n", ',', 0, CSV_OK, "1:1[a]1[b]1[c]\n2:2[1]2[2]2[3]\n");
	CHECK_PARSE("a;b\n1;2", ';', 0, CSV_OK, "1:1[a]1[b]\n2:2[1]2[2]\n");
	CHECK_PARSE("a\tb\n1,5\t2", '\t', 0, CSV_OK, "1:1[a]1[b]\n2:2[1,5]2[2]\n");
	CHECK_PARSE("", ',', 0, CSV_OK, "");
	CHECK_PARSE("x", ',', 0, CSV_OK, "1:1[x]\n");
}

static void test_empty_fields(void **state)
{
	(void)state;
	CHECK_PARSE(",\n", ',', 0, CSV_OK, "1:1[]1[]\n");
	CHECK_PARSE("a,,c,\n", ',', 0, CSV_OK, "1:1[a]1[]1[c]1[]\n");
	CHECK_PARSE("a,b,", ',', 0, CSV_OK, "1:1[a]1[b]1[]\n");
	CHECK_PARSE("\"\"\n", ',', 0, CSV_OK, "1:1[]\n");
	CHECK_PARSE(";;;\r\n", ';', 0, CSV_OK, "1:1[]1[]1[]1[]\n");
}

static void test_line_ends(void **state)
{
	(void)state;
	CHECK_PARSE("a,b\r\nc,d\ne,f\rg,h", ',', 0, CSV_OK,
	            "1:1[a]1[b]\n2:2[c]2[d]\n3:3[e]3[f]\n4:4[g]4[h]\n");
	CHECK_PARSE("a\r\r\nb\n\rc\r\n", ',', 0, CSV_OK, "1:1[a]\n3:3[b]\n5:5[c]\n");
}

static void test_blank_lines(void **state)
{
	(void)state;
	/* blank lines skipped anywhere; line numbers stay physical */
	CHECK_PARSE("\n\na\n\n\nb\n\n\n", ',', 0, CSV_OK, "3:3[a]\n6:6[b]\n");
	CHECK_PARSE("a\r\n\r\n\r\n", ',', 0, CSV_OK, "1:1[a]\n");
	CHECK_PARSE("\r\n\n\r", ',', 0, CSV_OK, "");
}

static void test_quoted(void **state)
{
	(void)state;
	CHECK_PARSE("\"a,b\",\"c\"\"d\",\"\"\"\"\n", ',', 0, CSV_OK,
	            "1:1[a,b]1[c\"d]1[\"]\n");
	/* embedded line ends kept as written; later lines counted right */
	CHECK_PARSE("x,\"one\ntwo\r\nthree\rfour\",y\nnext,z\n", ',', 0, CSV_OK,
	            "1:1[x]1[one\ntwo\r\nthree\rfour]4[y]\n5:5[next]5[z]\n");
	/* a field starting on a later line of its record */
	CHECK_PARSE("\"a\nb\",c\n", ',', 0, CSV_OK, "1:1[a\nb]2[c]\n");
	/* UTF-8 untouched, multi-byte characters split by small chunks */
	CHECK_PARSE("Минск;\"Tartu Ülikool\";Київ\n", ';', 0, CSV_OK,
	            "1:1[Минск]1[Tartu Ülikool]1[Київ]\n");
	/* blanks after a closing quote are dropped */
	CHECK_PARSE("\"a\"  ,\"b\"\t\n", ',', 0, CSV_OK, "1:1[a]1[b]\n");
	/* blanks before an opening quote make an unquoted field */
	CHECK_PARSE(" \"a\",b\n", ',', 0, CSV_OK, "1:1[ \"a\"]1[b]\n");
}

static void test_bom(void **state)
{
	(void)state;
	CHECK_PARSE("\xEF\xBB\xBF" "a,b\n1,2\n", ',', 0, CSV_OK, "1:1[a]1[b]\n2:2[1]2[2]\n");
	CHECK_PARSE("\xEF\xBB\xBF", ',', 0, CSV_OK, "");
	/* only a leading BOM is dropped */
	CHECK_PARSE("a\n\xEF\xBB\xBF" "b\n", ',', 0, CSV_OK, "1:1[a]\n2:2[\xEF\xBB\xBF" "b]\n");
	/* something that starts like a BOM and is not one is text */
	CHECK_PARSE("\xEF\xBB" "A\n", ',', 0, CSV_OK, "1:1[\xEF\xBB" "A]\n");
	CHECK_PARSE("\xEF", ',', 0, CSV_OK, "1:1[\xEF]\n");
	CHECK_PARSE("\xEF\xBB", ',', 0, CSV_OK, "1:1[\xEF\xBB]\n");
}

static void test_bare_quote(void **state)
{
	(void)state;
	struct collect c = { 0 };
	const char *d = "name;city\nООО \"Ромашка\";Минск\n";
	assert_int_equal(parse_chunked(d, strlen(d), ';', 0, 0, &c, NULL, NULL), CSV_OK);
	assert_string_equal(c.out.s, "[name][city]\n[ООО \"Ромашка\"][Минск]\n");
	assert_true(c.flags & CSV_REC_BARE_QUOTE);
	free(c.out.s);
	/* strict: an error at line 2, column 1 */
	CHECK_PARSE("name;city\nООО \"Ромашка\";Минск\n", ';', CSV_STRICT,
	            CSV_ERR_BARE_QUOTE, "1:1[name]1[city]\nE2:1\n");
	CHECK_PARSE("a,b\n1,2\n3,4\"\n", ',', CSV_STRICT, CSV_ERR_BARE_QUOTE,
	            "1:1[a]1[b]\n2:2[1]2[2]\nE3:2\n");
}

static void test_errors(void **state)
{
	(void)state;
	CHECK_PARSE("a,b\n\"x\"y,z\n", ',', 0, CSV_ERR_AFTER_QUOTE, "1:1[a]1[b]\nE2:1\n");
	CHECK_PARSE("a,b,c\n1,\"q\" x,3\n", ',', 0, CSV_ERR_AFTER_QUOTE, "1:1[a]1[b]1[c]\nE2:2\n");
	/* unterminated: reported at the line where the quoted field began */
	CHECK_PARSE("a,b\n1,\"open\n\nmore\n", ',', 0, CSV_ERR_UNTERMINATED, "1:1[a]1[b]\nE2:2\n");
	CHECK_PARSE("\"", ',', 0, CSV_ERR_UNTERMINATED, "E1:1\n");
	assert_string_equal(csv_strerror(CSV_ERR_UNTERMINATED),
	                    "quoted field not closed at end of file");
	for (int s = CSV_OK; s <= CSV_ERR_FINISHED; s++)
		assert_non_null(csv_strerror((enum csv_status)s));
}

static void test_limits(void **state)
{
	(void)state;
	struct csv_parser *p = csv_new(',');
	csv_set_limits(p, 4, 3, 0);
	struct collect c = { .lines = true };
	const char *d = "abcd,e\nabcde,f\n";
	assert_int_equal(csv_feed(p, d, strlen(d), collect_cb, &c), CSV_ERR_FIELD_TOO_LONG);
	long l, col;
	assert_int_equal(csv_error(p, &l, &col), CSV_ERR_FIELD_TOO_LONG);
	assert_int_equal(l, 2);
	assert_int_equal(col, 1);
	/* sticky */
	assert_int_equal(csv_feed(p, "x", 1, collect_cb, &c), CSV_ERR_FIELD_TOO_LONG);
	assert_int_equal(csv_finish(p, collect_cb, &c), CSV_ERR_FIELD_TOO_LONG);
	assert_string_equal(c.out.s, "1:[abcd][e]\n");
	free(c.out.s);
	csv_free(p);

	p = csv_new(',');
	csv_set_limits(p, 0, 3, 0);
	c = (struct collect){ 0 };
	d = "a,b,c\n1,2,3,4\n";
	assert_int_equal(csv_feed(p, d, strlen(d), collect_cb, &c), CSV_ERR_TOO_MANY_FIELDS);
	csv_error(p, &l, &col);
	assert_int_equal(l, 2);
	assert_int_equal(col, 4);
	free(c.out.s);
	csv_free(p);

	p = csv_new(',');
	csv_set_limits(p, 0, 0, 8);
	c = (struct collect){ 0 };
	d = "ab,cd\nabc,def,ghi\n";
	assert_int_equal(csv_feed(p, d, strlen(d), collect_cb, &c), CSV_ERR_RECORD_TOO_LONG);
	csv_error(p, &l, &col);
	assert_int_equal(l, 2);
	free(c.out.s);
	csv_free(p);

	/* the default field limit holds with a big quoted field fed in pieces */
	p = csv_new(',');
	c = (struct collect){ 0 };
	char *big = malloc(64 * 1024);
	memset(big, 'x', 64 * 1024);
	enum csv_status st = csv_feed(p, "\"", 1, collect_cb, &c);
	for (int i = 0; i < 17 && st == CSV_OK; i++)
		st = csv_feed(p, big, 64 * 1024, collect_cb, &c);
	assert_int_equal(st, CSV_ERR_FIELD_TOO_LONG);
	free(big);
	free(c.out.s);
	csv_free(p);
}

static void test_stop_and_finish(void **state)
{
	(void)state;
	struct csv_parser *p = csv_new(',');
	struct collect c = { .stop_after = 2 };
	const char *d = "a\nb\nc\nd\n";
	assert_int_equal(csv_feed(p, d, strlen(d), collect_cb, &c), CSV_ERR_STOPPED);
	long l, col;
	csv_error(p, &l, &col);
	assert_int_equal(l, 2);
	assert_int_equal(c.nrec, 2);
	free(c.out.s);
	csv_free(p);

	p = csv_new(',');
	c = (struct collect){ 0 };
	assert_int_equal(csv_feed(p, "a", 1, collect_cb, &c), CSV_OK);
	assert_int_equal(csv_finish(p, collect_cb, &c), CSV_OK);
	assert_int_equal(csv_feed(p, "b", 1, collect_cb, &c), CSV_ERR_FINISHED);
	assert_int_equal(c.nrec, 1);
	free(c.out.s);
	csv_free(p);

	assert_null(csv_new('"'));
	assert_null(csv_new('\n'));
	assert_null(csv_new('\r'));
	csv_free(NULL);
}

static void test_guess(void **state)
{
	(void)state;
	assert_int_equal(csv_guess_delimiter("a,b,c", 5), ',');
	assert_int_equal(csv_guess_delimiter("Наименование;Страна;Город\n", strlen("Наименование;Страна;Город\n")), ';');
	assert_int_equal(csv_guess_delimiter("a\tb\tc\n1,2", 9), '\t');
	assert_int_equal(csv_guess_delimiter("name", 4), ',');
	assert_int_equal(csv_guess_delimiter("", 0), ',');
	/* delimiters inside quotes do not count */
	const char *h = "\"a;b;c;d\",x,y\n";
	assert_int_equal(csv_guess_delimiter(h, strlen(h)), ',');
	/* a tie goes to ';' over ',' */
	assert_int_equal(csv_guess_delimiter("Город, область;Страна", strlen("Город, область;Страна")), ';');
	/* only the first line counts */
	assert_int_equal(csv_guess_delimiter("a;b\nc,d,e,f", 11), ';');
	assert_int_equal(csv_guess_delimiter("\xEF\xBB\xBF" "a;b", 6), ';');

	/* a parser made with 0 guesses from the first line, in any chunking */
	CHECK_PARSE("\xEF\xBB\xBF" "name;\"x;y\"\r\nМинск;1,5\r\n", 0, 0, CSV_OK,
	            "1:1[name]1[x;y]\n2:2[Минск]2[1,5]\n");
	CHECK_PARSE("\"a\nb\"\tc\nd\te\n", 0, 0, CSV_OK, "1:1[a\nb]2[c]\n3:3[d]3[e]\n");
	CHECK_PARSE("only,line", 0, 0, CSV_OK, "1:1[only]1[line]\n");
	/* lines without any candidate (a title, a blank row) are passed over
	 * by the guess, and parsed as they are */
	assert_int_equal(csv_guess_delimiter("Реестр\r\n\r\na;b,c;d\n", strlen("Реестр\r\n\r\na;b,c;d\n")), ';');
	CHECK_PARSE("Реестр учреждений\r\n\r\nname;country\r\nX;BY\r\n", 0, 0, CSV_OK,
	            "1:1[Реестр учреждений]\n3:3[name]3[country]\n4:4[X]4[BY]\n");
	/* no candidate in the first eight line ends: ',' */
	CHECK_PARSE("a\nb\nc\nd\ne\nf\ng\nh\ni;j\n", 0, 0, CSV_OK,
	            "1:1[a]\n2:2[b]\n3:3[c]\n4:4[d]\n5:5[e]\n6:6[f]\n7:7[g]\n8:8[h]\n9:9[i;j]\n");
	CHECK_PARSE("", 0, 0, CSV_OK, "");

	struct csv_parser *p = csv_new(0);
	assert_int_equal(csv_delimiter(p), 0);
	assert_int_equal(csv_feed(p, "a;b", 3, NULL, NULL), CSV_OK);
	assert_int_equal(csv_delimiter(p), 0);
	assert_int_equal(csv_feed(p, "\n", 1, NULL, NULL), CSV_OK);
	assert_int_equal(csv_delimiter(p), ';');
	csv_free(p);
}

/* Every chunking of a file with all the features gives the same records. */
static void test_every_split(void **state)
{
	(void)state;
	const char *d = "\xEF\xBB\xBF" "title;parties;signed\r\n"
	                "\"Меморандум \"\"о\"\" сотрудничестве\";\"РНПЦ\r\nTartu Ülikool\";2019-01-17\r\n"
	                "\r\n"
	                "Угода;\"a;b\"  ;липня 2023\r"
	                "x;;\n\n";
	size_t len = strlen(d);
	const char *want = "1:1[title]1[parties]1[signed]\n"
	                   "2:2[Меморандум \"о\" сотрудничестве]2[РНПЦ\r\nTartu Ülikool]3[2019-01-17]\n"
	                   "5:5[Угода]5[a;b]5[липня 2023]\n"
	                   "6:6[x]6[]6[]\n";
	for (size_t chunk = 1; chunk <= len; chunk++) {
		for (int guess = 0; guess < 2; guess++) {
			struct collect c = { .lines = true, .field_lines = true };
			assert_int_equal(parse_chunked(d, len, guess ? 0 : ';', chunk, 0, &c, NULL, NULL),
			                 CSV_OK);
			assert_string_equal(c.out.s, want);
			free(c.out.s);
		}
	}
}

static void test_record_blank(void **state)
{
	(void)state;
	struct csv_field f[2] = { { "", 0, 1, false }, { "", 0, 1, true } };
	struct csv_record r = { f, 2, 1, 1, 0 };
	assert_true(csv_record_blank(&r));
	f[1].s = "x";
	f[1].len = 1;
	assert_false(csv_record_blank(&r));
}

/* ---- Writer ---- */

static void test_writer(void **state)
{
	(void)state;
	struct csv_writer w;
	csv_writer_init_buf(&w, ';');
	const char *rec[] = { "plain", "a;b", "say \"hi\"", "two\nlines", " lead", "trail\t",
	                      "", NULL, "1,5", "Tervishoiu Kõrgkool" };
	assert_int_equal(csv_write_record(&w, rec, 10), 0);
	assert_string_equal(w.buf, "plain;\"a;b\";\"say \"\"hi\"\"\";\"two\nlines\";\" lead\";\"trail\t\";;;1,5;"
	                           "Tervishoiu Kõrgkool\r\n");
	/* a record of one empty field must not read back as a blank line */
	csv_writer_clear(&w);
	assert_int_equal(w.len, 0);
	assert_int_equal(csv_write_field(&w, "", 0), 0);
	assert_int_equal(csv_end_record(&w), 0);
	assert_string_equal(w.buf, "\"\"\r\n");
	csv_writer_clear(&w);
	w.eol = "\n";
	assert_int_equal(csv_write_field(&w, "", 0), 0);
	assert_int_equal(csv_write_field(&w, "x\r", 2), 0);
	assert_int_equal(csv_end_record(&w), 0);
	assert_string_equal(w.buf, ";\"x\r\"\n");
	csv_writer_free(&w);

	assert_false(csv_needs_quotes("a,b", 3, ';'));
	assert_true(csv_needs_quotes("a,b", 3, ','));
	assert_true(csv_needs_quotes("a\tb", 3, '\t'));
	assert_false(csv_needs_quotes("", 0, ','));
	assert_false(csv_needs_quotes("a b", 3, ','));
	assert_true(csv_needs_quotes("a ", 2, ','));
}

struct rt {
	const char *const *want;
	size_t n, i;
};

static int rt_cb(const struct csv_record *r, void *ud)
{
	struct rt *t = ud;
	assert_int_equal(r->n, t->n);
	for (size_t k = 0; k < r->n; k++) {
		const char *e = t->want[k] ? t->want[k] : "";
		assert_int_equal(r->fields[k].len, strlen(e));
		assert_memory_equal(r->fields[k].s, e, r->fields[k].len);
	}
	t->i++;
	return 0;
}

static void test_round_trip(void **state)
{
	(void)state;
	const char *rec[] = { "\"", "\"\"", ",", ";", "\t", "\r\n", "\r", " ", "", "ё ʼ «»", NULL,
	                      " a \"b\" c ", "end" };
	const size_t n = sizeof rec / sizeof rec[0];
	const char delims[] = { ',', ';', '\t' };
	for (int k = 0; k < 3; k++) {
		FILE *fp = tmpfile();
		assert_non_null(fp);
		struct csv_writer w;
		csv_writer_init_file(&w, fp, delims[k]);
		for (int i = 0; i < 3; i++)
			assert_int_equal(csv_write_record(&w, rec, n), 0);
		assert_false(w.failed);
		long size = ftell(fp);
		rewind(fp);
		char *text = malloc((size_t)size);
		assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
		fclose(fp);
		for (size_t chunk = 1; chunk <= 5; chunk += 4) {
			struct csv_parser *p = csv_new(k == 0 ? ',' : 0);
			csv_set_options(p, CSV_STRICT);
			struct rt t = { rec, n, 0 };
			for (long off = 0; off < size; off += (long)chunk) {
				size_t m = (size_t)(size - off) < chunk ? (size_t)(size - off) : chunk;
				assert_int_equal(csv_feed(p, text + off, m, rt_cb, &t), CSV_OK);
			}
			assert_int_equal(csv_finish(p, rt_cb, &t), CSV_OK);
			assert_int_equal(t.i, 3);
			assert_int_equal(csv_delimiter(p), delims[k]);
			csv_free(p);
		}
		free(text);
	}
}

/* ---- csv-spectrum ---- */

/* A tiny reader for the expected JSON: an array of objects (or one object)
 * whose values are strings. Output in the same "[k][v]..." shape: first the
 * keys of the first object, then the values of each object. */
struct jp {
	const char *s, *end;
};

static void jp_ws(struct jp *j)
{
	while (j->s < j->end && (*j->s == ' ' || *j->s == '\n' || *j->s == '\r' || *j->s == '\t'))
		j->s++;
}

static void jp_expect(struct jp *j, char c)
{
	jp_ws(j);
	assert_true(j->s < j->end);
	assert_int_equal(*j->s, c);
	j->s++;
}

static void put_utf8(struct sbuf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	sb_add(b, u, n);
}

static unsigned long jp_hex4(struct jp *j)
{
	assert_true(j->end - j->s >= 4);
	char h[5] = { j->s[0], j->s[1], j->s[2], j->s[3], 0 };
	j->s += 4;
	return strtoul(h, NULL, 16);
}

/* A JSON string, appended to b (unescaped). */
static void jp_string(struct jp *j, struct sbuf *b)
{
	jp_expect(j, '"');
	while (j->s < j->end && *j->s != '"') {
		if (*j->s != '\\') {
			sb_add(b, j->s++, 1);
			continue;
		}
		j->s++;
		assert_true(j->s < j->end);
		char e = *j->s++;
		switch (e) {
		case '"': sb_str(b, "\""); break;
		case '\\': sb_str(b, "\\"); break;
		case '/': sb_str(b, "/"); break;
		case 'b': sb_str(b, "\b"); break;
		case 'f': sb_str(b, "\f"); break;
		case 'n': sb_str(b, "\n"); break;
		case 'r': sb_str(b, "\r"); break;
		case 't': sb_str(b, "\t"); break;
		case 'u': {
			unsigned long cp = jp_hex4(j);
			if (cp >= 0xD800 && cp < 0xDC00) {
				assert_true(j->end - j->s >= 6 && j->s[0] == '\\' && j->s[1] == 'u');
				j->s += 2;
				unsigned long lo = jp_hex4(j);
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			}
			put_utf8(b, cp);
			break;
		}
		default:
			fail_msg("bad JSON escape \\%c", e);
		}
	}
	jp_expect(j, '"');
}

struct erratum {
	const char *file, *key, *upstream, *actual;
};

/* Known mistakes in the upstream expected data (see the fixture README). */
static const struct erratum errata[] = {
	{ "location_coordinates", "Contact Phone Number", "1234567890", "2095257564" },
};

static void jp_object(struct jp *j, const char *name, struct sbuf *keys, struct sbuf *vals)
{
	jp_expect(j, '{');
	jp_ws(j);
	bool first = true;
	while (j->s < j->end && *j->s != '}') {
		if (!first)
			jp_expect(j, ',');
		first = false;
		struct sbuf k = { 0 }, v = { 0 };
		jp_string(j, &k);
		jp_expect(j, ':');
		jp_string(j, &v);
		for (size_t e = 0; e < sizeof errata / sizeof errata[0]; e++)
			if (!strcmp(name, errata[e].file) && !strcmp(k.s, errata[e].key)
			    && !strcmp(v.s, errata[e].upstream)) {
				v.len = 0;
				sb_str(&v, errata[e].actual);
			}
		if (keys) {
			sb_str(keys, "[");
			sb_add(keys, k.s, k.len);
			sb_str(keys, "]");
		}
		sb_str(vals, "[");
		sb_add(vals, v.s ? v.s : "", v.len);
		sb_str(vals, "]");
		free(k.s);
		free(v.s);
		jp_ws(j);
	}
	jp_expect(j, '}');
	sb_str(vals, "\n");
}

static char *json_expect(const char *name, const char *text, size_t len)
{
	struct jp j = { text, text + len };
	struct sbuf keys = { 0 }, vals = { 0 };
	jp_ws(&j);
	if (j.s < j.end && *j.s == '{') {
		jp_object(&j, name, &keys, &vals);
	} else {
		jp_expect(&j, '[');
		jp_ws(&j);
		bool first = true;
		while (j.s < j.end && *j.s != ']') {
			if (!first)
				jp_expect(&j, ',');
			jp_object(&j, name, first ? &keys : NULL, &vals);
			first = false;
			jp_ws(&j);
		}
		jp_expect(&j, ']');
	}
	jp_ws(&j);
	assert_true(j.s == j.end);
	sb_str(&keys, "\n");
	sb_add(&keys, vals.s, vals.len);
	free(vals.s);
	return keys.s;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		fail_msg("cannot open %s", path);
	struct sbuf b = { 0 };
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		sb_add(&b, tmp, n);
	fclose(fp);
	if (!b.s)
		sb_str(&b, "");
	*len = b.len;
	return b.s;
}

static const char *fixtures(void)
{
	const char *f = getenv("FIXTURES");
	return f && *f ? f : "tests/fixtures";
}

static const char *const spectrum[] = {
	"comma_in_quotes", "empty", "empty_crlf", "escaped_quotes", "json",
	"location_coordinates", "newlines", "newlines_crlf", "quotes_and_newlines",
	"simple", "simple_crlf", "utf8",
};

static void check_spectrum(const char *name)
{
	char path[4096];
	size_t clen, jlen;
	snprintf(path, sizeof path, "%s/csv-spectrum/csvs/%s.csv", fixtures(), name);
	char *csv = slurp(path, &clen);
	snprintf(path, sizeof path, "%s/csv-spectrum/json/%s.json", fixtures(), name);
	char *json = slurp(path, &jlen);
	char *want = json_expect(name, json, jlen);
	for (size_t chunk = 0; chunk <= 3; chunk++) {
		for (char delim = ','; ; delim = 0) {
			struct collect c = { 0 };
			assert_int_equal(parse_chunked(csv, clen, delim, chunk, 0, &c, NULL, NULL),
			                 CSV_OK);
			if (strcmp(c.out.s, want) != 0)
				fail_msg("csv-spectrum %s (chunk %zu):\n got: %s\nwant: %s", name, chunk,
				         c.out.s, want);
			free(c.out.s);
			if (delim == 0)
				break;
		}
	}
	free(want);
	free(json);
	free(csv);
}

static void test_spectrum(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof spectrum / sizeof spectrum[0]; i++)
		check_spectrum(spectrum[i]);

	/* every vendored case is in the list above */
	char path[4096];
	snprintf(path, sizeof path, "%s/csv-spectrum/csvs", fixtures());
	DIR *dir = opendir(path);
	assert_non_null(dir);
	size_t seen = 0;
	struct dirent *de;
	while ((de = readdir(dir))) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".csv"))
			continue;
		bool listed = false;
		for (size_t i = 0; i < sizeof spectrum / sizeof spectrum[0]; i++)
			if (strlen(spectrum[i]) == n - 4 && !strncmp(spectrum[i], de->d_name, n - 4))
				listed = true;
		if (!listed)
			fail_msg("csv-spectrum case %s is not in the test list", de->d_name);
		seen++;
	}
	closedir(dir);
	assert_int_equal(seen, sizeof spectrum / sizeof spectrum[0]);
}

/* The JSON reader itself must really read (guards the comparison above). */
static void test_json_reader(void **state)
{
	(void)state;
	const char *j = "[ {\"a\": \"x\\\"y\\n\\u0416\\ud83d\\ude00\", \"b\": \"\"},\n {\"a\":\"2\",\"b\":\"3\"} ]";
	char *s = json_expect("t", j, strlen(j));
	assert_string_equal(s, "[a][b]\n[x\"y\nЖ\xF0\x9F\x98\x80][]\n[2][3]\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_empty_fields),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_bare_quote),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_stop_and_finish),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_every_split),
		cmocka_unit_test(test_record_blank),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_json_reader),
		cmocka_unit_test(test_spectrum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
