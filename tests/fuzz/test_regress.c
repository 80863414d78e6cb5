/* Regression tests of what the fuzz targets found (tests/fuzz/fuzz_*.c):
 * one case per finding, at the level of the function that was wrong. The
 * inputs also stay in tests/fuzz/corpus and replay in tests/fuzz/fuzz-check.sh;
 * these cases make the finding plain without clang. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <accord/csv.h>
#include <accord/fold.h>
#include <accord/textconv.h>

static int count_records(const struct csv_record *rec, void *ud)
{
	(void)rec;
	++*(int *)ud;
	return 0;
}

/* fuzz_csv: csv_finish with nothing fed and the delimiter still to guess
 * ran the parser over a NULL buffer (pointer arithmetic on NULL). */
static void csv_finish_without_input(void **state)
{
	(void)state;
	int n = 0;
	struct csv_parser *p = csv_new(0);
	assert_non_null(p);
	assert_int_equal(csv_finish(p, count_records, &n), CSV_OK);
	assert_int_equal(n, 0);
	csv_free(p);
	p = csv_new(',');
	assert_int_equal(csv_feed(p, NULL, 0, count_records, &n), CSV_OK);
	assert_int_equal(csv_finish(p, count_records, &n), CSV_OK);
	assert_int_equal(n, 0);
	csv_free(p);
}

static enum csv_status parse_limited(const char *text, size_t chunk)
{
	struct csv_parser *p = csv_new(';');
	assert_non_null(p);
	csv_set_limits(p, 8, 16, 16);
	size_t len = strlen(text);
	enum csv_status st = CSV_OK;
	for (size_t off = 0; off < len && st == CSV_OK; off += chunk)
		st = csv_feed(p, text + off, len - off < chunk ? len - off : chunk, NULL, NULL);
	if (st == CSV_OK)
		st = csv_finish(p, NULL, NULL);
	csv_free(p);
	return st;
}

/* fuzz_csv: a run of bytes that crossed both the field and the record
 * limit was reported as "field too long" when it came in one chunk, and as
 * "record too long" (the limit really crossed first) byte by byte. */
static void csv_limit_order_independent_of_chunks(void **state)
{
	(void)state;
	const char *text = "aaaaaaa;bbbbbbbbbbbb\n";
	enum csv_status whole = parse_limited(text, 1000);
	assert_int_equal(whole, CSV_ERR_RECORD_TOO_LONG);
	for (size_t chunk = 1; chunk < 8; chunk++)
		assert_int_equal(parse_limited(text, chunk), whole);
}

static int feed_all(const char *cs, const char *const *chunks, const size_t *lens, size_t n,
                    struct textconv_buf *out, struct diag *d)
{
	struct textconv *tc = textconv_open(cs, TEXTCONV_DECODE, 0);
	assert_non_null(tc);
	int rc = TEXTCONV_OK;
	for (size_t i = 0; i < n && rc == TEXTCONV_OK; i++)
		rc = textconv_feed(tc, chunks[i], lens[i], out, "f", d);
	if (rc == TEXTCONV_OK)
		rc = textconv_finish(tc, out, "f", d);
	textconv_close(tc);
	return rc;
}

/* fuzz_textconv: a first chunk of one byte is held for the BOM check; when
 * the next chunk ended in a cut character, the held byte was converted
 * again ("a" + "\xc3" "\xa9b" gave "aaéb") and columns counted twice. */
static void textconv_held_first_byte_once(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, 10);
	struct textconv_buf out = { 0 };
	const char *chunks[] = { "a", "\xc3", "\xa9" "b" };
	const size_t lens[] = { 1, 1, 2 };
	assert_int_equal(feed_all("UTF-8", chunks, lens, 3, &out, &d), TEXTCONV_OK);
	assert_int_equal(out.len, 4);
	assert_memory_equal(out.data, "a\xc3\xa9" "b", 4);
	textconv_buf_free(&out);

	/* The error is placed the same however the input is cut. */
	const char *bad[] = { "x", "\xc4\xe2\xe5" };
	const size_t badlen[] = { 1, 3 };
	assert_int_equal(feed_all("UTF-8", bad, badlen, 2, &out, &d), TEXTCONV_EDATA);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].line, 1);
	assert_int_equal(d.v[0].col, 2);
	textconv_buf_free(&out);
	diag_free(&d);
}

/* fuzz_textconv: a one-byte input stayed held for the BOM check and was
 * then reported as a cut character ("byte 0x61 is not valid UTF-8"). */
static void textconv_one_byte_input(void **state)
{
	(void)state;
	struct diag d;
	diag_init(&d, 10);
	struct textconv_buf out = { 0 };
	assert_int_equal(textconv_decode("UTF-8", "a", 1, &out, "f", &d), TEXTCONV_OK);
	assert_int_equal(out.len, 1);
	assert_string_equal(out.data, "a");
	textconv_buf_free(&out);
	assert_int_equal(textconv_decode("WINDOWS-1251", "\xcf", 1, &out, "f", &d), TEXTCONV_OK);
	assert_string_equal(out.data, "\xd0\x9f");  /* П */
	textconv_buf_free(&out);
	/* Half a UTF-16 unit is still an error. */
	assert_int_equal(textconv_decode("UTF-16LE", "a", 1, &out, "f", &d), TEXTCONV_EDATA);
	textconv_buf_free(&out);
	diag_free(&d);
}

/* fuzz_import: an empty header cell reached fold_key(NULL, 0), and an
 * empty hold fold_is_nfc_quick(NULL, 0): pointer arithmetic on NULL. */
static void fold_empty_null(void **state)
{
	(void)state;
	char *k = fold_key(NULL, 0);
	assert_non_null(k);
	assert_string_equal(k, "");
	free(k);
	assert_true(fold_is_nfc_quick(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_finish_without_input),
		cmocka_unit_test(csv_limit_order_independent_of_chunks),
		cmocka_unit_test(textconv_held_first_byte_once),
		cmocka_unit_test(textconv_one_byte_input),
		cmocka_unit_test(fold_empty_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
