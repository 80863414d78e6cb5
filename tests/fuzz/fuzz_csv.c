/* libFuzzer target: the CSV reader and writer (src/text/csv.c).
 *
 * Input: one option byte (delimiter choice, strict mode, small limits),
 * then the text. The text is parsed twice, whole and in random small
 * chunks, and both runs must deliver the same records and status: the
 * reader promises that chunk boundaries never matter. Every record
 * delivered is written back with the writer and must read back equal. */
#include <config.h>

#include <accord/csv.h>

#include "fuzz_common.h"

/* A running digest of the records seen, to compare two runs. */
struct digest {
	uint64_t h;
	unsigned long records;
	bool roundtrip;   /* check the writer on each record */
	char delim;
};

static void mix(struct digest *d, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		d->h = (d->h ^ b[i]) * 0x100000001b3ull;
}

struct rt {
	const struct csv_record *orig;
	int seen;
};

static int on_rt(const struct csv_record *rec, void *ud)
{
	struct rt *rt = ud;
	rt->seen++;
	FUZZ_ASSERT(rt->seen == 1);
	FUZZ_ASSERT(rec->n == rt->orig->n);
	for (size_t i = 0; i < rec->n; i++) {
		FUZZ_ASSERT(rec->fields[i].len == rt->orig->fields[i].len);
		FUZZ_ASSERT(memcmp(rec->fields[i].s, rt->orig->fields[i].s, rec->fields[i].len) == 0);
	}
	return 0;
}

/* Write rec with the writer and read it back: the same fields. */
static void roundtrip(const struct csv_record *rec, char delim)
{
	/* A BOM at the very start of the output would be read as the file's
	 * BOM and skipped: by design (an export starts with its header). */
	if (rec->fields[0].len >= 3 && memcmp(rec->fields[0].s, "\xef\xbb\xbf", 3) == 0)
		return;
	struct csv_writer w;
	csv_writer_init_buf(&w, delim);
	for (size_t i = 0; i < rec->n; i++)
		if (csv_write_field(&w, rec->fields[i].s, rec->fields[i].len) != 0)
			goto out;
	if (csv_end_record(&w) != 0)
		goto out;
	struct csv_parser *p = csv_new(delim);
	if (!p)
		goto out;
	csv_set_limits(p, (size_t)-1 / 4, (size_t)-1 / 4, (size_t)-1 / 4);
	struct rt rt = { .orig = rec };
	enum csv_status st = csv_feed(p, w.buf, w.len, on_rt, &rt);
	if (st == CSV_OK)
		st = csv_finish(p, on_rt, &rt);
	FUZZ_ASSERT(st == CSV_OK);
	FUZZ_ASSERT(rt.seen == 1);
	csv_free(p);
out:
	csv_writer_free(&w);
}

static int on_record(const struct csv_record *rec, void *ud)
{
	struct digest *d = ud;
	d->records++;
	FUZZ_ASSERT(rec->n >= 1);
	FUZZ_ASSERT(rec->index == d->records);
	FUZZ_ASSERT(rec->line >= 1);
	mix(d, &rec->n, sizeof rec->n);
	mix(d, &rec->line, sizeof rec->line);
	mix(d, &rec->flags, sizeof rec->flags);
	for (size_t i = 0; i < rec->n; i++) {
		const struct csv_field *f = &rec->fields[i];
		FUZZ_ASSERT(f->s != NULL);
		FUZZ_ASSERT(f->s[f->len] == '\0');
		FUZZ_ASSERT(f->line >= rec->line);
		mix(d, f->s, f->len + 1);
		mix(d, &f->line, sizeof f->line);
		mix(d, &f->quoted, sizeof f->quoted);
	}
	(void)csv_record_blank(rec);
	if (d->roundtrip && d->delim)
		roundtrip(rec, d->delim);
	return 0;
}

static enum csv_status parse(const uint8_t *data, size_t size, char delim, unsigned opt, bool small,
                             struct fuzz_rng *rng, struct digest *d, long *line, long *col, char *used)
{
	struct csv_parser *p = csv_new(delim);
	FUZZ_ASSERT(p != NULL);
	csv_set_options(p, opt);
	if (small)
		csv_set_limits(p, 64, 16, 256);
	enum csv_status st = CSV_OK;
	size_t off = 0;
	while (off < size && st == CSV_OK) {
		size_t n = rng ? fuzz_chunk(rng, size - off) : size - off;
		d->delim = csv_delimiter(p);
		st = csv_feed(p, (const char *)data + off, n, on_record, d);
		off += n;
	}
	if (st == CSV_OK) {
		d->delim = csv_delimiter(p);
		st = csv_finish(p, on_record, d);
	}
	enum csv_status again = csv_error(p, line, col);
	FUZZ_ASSERT(again == st);
	/* Sticky: once failed or finished, feeding more changes nothing. */
	enum csv_status after = csv_feed(p, "x,y\n", 4, on_record, d);
	FUZZ_ASSERT(st == CSV_OK ? after == CSV_ERR_FINISHED : after == st);
	*used = csv_delimiter(p);
	FUZZ_ASSERT(csv_strerror(st) != NULL);
	csv_free(p);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const char delims[] = { 0, ',', ';', '\t' };
	unsigned char opt = data[0];
	char delim = delims[opt & 3];
	unsigned options = (opt & 4) ? CSV_STRICT : 0;
	bool small = (opt & 8) != 0;
	data++, size--;

	struct digest whole = { .h = 1469598103934665603ull, .roundtrip = !small };
	struct digest parts = { .h = 1469598103934665603ull };
	long l1, c1, l2, c2;
	char d1, d2;
	enum csv_status s1 = parse(data, size, delim, options, small, NULL, &whole, &l1, &c1, &d1);
	struct fuzz_rng rng;
	fuzz_seed(&rng, data, size);
	enum csv_status s2 = parse(data, size, delim, options, small, &rng, &parts, &l2, &c2, &d2);
	FUZZ_ASSERT(s1 == s2);
	FUZZ_ASSERT(l1 == l2 && c1 == c2);
	FUZZ_ASSERT(d1 == d2);
	FUZZ_ASSERT(whole.records == parts.records);
	FUZZ_ASSERT(whole.h == parts.h);
	(void)csv_guess_delimiter((const char *)data, size);
	return 0;
}
