/* Unit tests: charset conversion (src/text/textconv.c). */
#include <config.h>

#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <unistr.h>

#include <accord/diag.h>
#include <accord/textconv.h>

static void test_aliases(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{ "cp1251", "WINDOWS-1251" }, { "windows-1251", "WINDOWS-1251" },
		{ "1251", "WINDOWS-1251" }, { "Win-1251", "WINDOWS-1251" },
		{ "koi8r", "KOI8-R" }, { "KOI8_U", "KOI8-U" }, { "koi8-ru", "KOI8-RU" },
		{ "cp866", "IBM866" }, { "ibm-866", "IBM866" }, { "cp1125", "CP1125" },
		{ "utf8", "UTF-8" }, { "UTF-8", "UTF-8" }, { "utf16", "UTF-16LE" },
		{ "utf-16le", "UTF-16LE" }, { "UTF-16BE", "UTF-16BE" },
		{ "latin1", "ISO-8859-1" }, { "iso-8859-15", "ISO-8859-15" },
		{ "latin9", "ISO-8859-15" }, { "cp1257", "WINDOWS-1257" },
		{ "iso8859-13", "ISO-8859-13" }, { "iso-8859-4", "ISO-8859-4" },
		{ "maccyrillic", "MACCYRILLIC" }, { "x-mac-cyrillic", "MACCYRILLIC" },
		{ "ptcp154", "PT154" }, { "rk1048", "KZ-1048" }, { "kz-1048", "KZ-1048" },
		{ "ascii", "US-ASCII" }, { "cp1252", "WINDOWS-1252" },
	};
	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
		const char *c = textconv_canonical(pairs[i][0]);
		if (!c || strcmp(c, pairs[i][1]) != 0)
			fail_msg("%s -> %s, want %s", pairs[i][0], c ? c : "NULL", pairs[i][1]);
	}
	assert_null(textconv_canonical("klingon"));
	assert_null(textconv_canonical(""));
	assert_null(textconv_canonical("iso-8859-2"));
	assert_string_equal(textconv_iconv_name("KZ-1048"), "RK1048");
	errno = 0;
	assert_null(textconv_open("no-such-charset", TEXTCONV_DECODE, 0));
	assert_int_equal(errno, EINVAL);
	/* Every canonical name opens in glibc's iconv, both ways. */
	static const char *const all[] = {
		"UTF-8", "UTF-16LE", "UTF-16BE", "US-ASCII", "WINDOWS-1251", "KOI8-R",
		"KOI8-U", "KOI8-RU", "IBM866", "CP1125", "ISO-8859-5", "MACCYRILLIC",
		"PT154", "KZ-1048", "WINDOWS-1257", "ISO-8859-13", "ISO-8859-15",
		"ISO-8859-4", "ISO-8859-1", "WINDOWS-1252",
	};
	for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
		assert_string_equal(textconv_canonical(all[i]), all[i]);
		struct textconv *a = textconv_open(all[i], TEXTCONV_DECODE, 0);
		struct textconv *b = textconv_open(all[i], TEXTCONV_ENCODE, 0);
		if (!a || !b)
			fail_msg("iconv cannot open %s", all[i]);
		textconv_close(a);
		textconv_close(b);
	}
}

static void decodes_to(const char *cs, const char *in, size_t len, const char *want)
{
	struct textconv_buf out = { 0 };
	struct diag d;
	diag_init(&d, 0);
	int rc = textconv_decode(cs, in, len, &out, "f", &d);
	if (rc != TEXTCONV_OK)
		fail_msg("%s: %s", cs, d.n ? d.v[0].msg : "?");
	assert_string_equal(out.data, want);
	/* Byte by byte: the same text. */
	struct textconv *tc = textconv_open(cs, TEXTCONV_DECODE, 0);
	struct textconv_buf out2 = { 0 };
	assert_non_null(tc);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(textconv_feed(tc, in + i, 1, &out2, "f", &d), TEXTCONV_OK);
	assert_int_equal(textconv_finish(tc, &out2, "f", &d), TEXTCONV_OK);
	assert_string_equal(out2.data, want);
	textconv_close(tc);
	textconv_buf_free(&out);
	textconv_buf_free(&out2);
	diag_free(&d);
}

static void test_decode(void **state)
{
	(void)state;
	decodes_to("WINDOWS-1251", "\xCC\xE8\xED\xF1\xEA", 5, "Минск");
	decodes_to("KOI8-U", "\xeb\xc9\xa7\xd7", 4, "Київ");
	decodes_to("KZ-1048", "\x8d\xe0\xe7\xe0\x9d", 5, "Қазақ");
	decodes_to("WINDOWS-1257", "K\xf5rgkool", 8, "Kõrgkool");
	decodes_to("UTF-8", "\xEF\xBB\xBFМинск", 13, "Минск");
	decodes_to("UTF-16LE", "\xFF\xFE\x1C\x04\x38\x04\x3D\x04\x41\x04\x3A\x04", 12, "Минск");
	/* A BOM of the other order wins over the name. */
	decodes_to("UTF-16LE", "\xFE\xFF\x04\x1C\x04\x38", 6, "Ми");
	decodes_to("UTF-16BE", "\x04\x1C\x04\x38", 4, "Ми");
	/* NFC: e + combining acute, also when split between chunks. */
	decodes_to("UTF-8", "Caf\x65\xCC\x81 ok", 9, "Caf\xC3\xA9 ok");
	decodes_to("UTF-8", "\x65\xCC\x81", 3, "\xC3\xA9");
	decodes_to("UTF-8", "", 0, "");
}

static void error_at(const char *cs, const char *in, long line, long col, const char *msg_part)
{
	struct textconv_buf out = { 0 };
	struct diag d;
	diag_init(&d, 0);
	assert_int_equal(textconv_decode(cs, in, strlen(in), &out, "data.csv", &d), TEXTCONV_EDATA);
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.v[0].file, "data.csv");
	assert_int_equal(d.v[0].line, line);
	assert_int_equal(d.v[0].col, col);
	if (!strstr(d.v[0].msg, msg_part))
		fail_msg("message '%s' lacks '%s'", d.v[0].msg, msg_part);
	textconv_buf_free(&out);
	diag_free(&d);
}

static void test_decode_errors(void **state)
{
	(void)state;
	/* A mixed file: UTF-8 lines, then one in WINDOWS-1251. */
	error_at("UTF-8", "name;city\nМинск;BY\nTallinn;EE\n\xCC\xE8\xED\xF1\xEA;BY\n", 4, 1, "0xCC");
	error_at("UTF-8", "ab\ncd\nМи\xFFнск", 3, 3, "0xFF");
	error_at("US-ASCII", "Minsk\nK\xF5rgkool", 2, 2, "0xF5");
	error_at("WINDOWS-1251", "ok\nbad \x98 byte", 2, 5, "0x98");
	/* Cut off at the end. */
	error_at("UTF-8", "Мин\xD1", 1, 4, "0xD1");
}

static void test_encode(void **state)
{
	(void)state;
	struct textconv_buf out = { 0 };
	struct diag d;
	diag_init(&d, 0);
	assert_int_equal(textconv_encode("WINDOWS-1251", 0, "Минск", strlen("Минск"), &out, "x", &d),
	                 TEXTCONV_OK);
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.data, "\xCC\xE8\xED\xF1\xEA", 5);
	textconv_buf_free(&out);

	const char *et = "Tallinn\nTervishoiu Kõrgkool";
	assert_int_equal(textconv_encode("KOI8-R", 0, et, strlen(et), &out, "x.csv", &d),
	                 TEXTCONV_EDATA);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 13);
	assert_non_null(strstr(d.v[0].msg, "'õ' (U+00F5)"));
	assert_non_null(strstr(d.v[0].msg, "KOI8-R"));
	textconv_buf_free(&out);

	assert_int_equal(textconv_encode("WINDOWS-1251", TEXTCONV_TRANSLIT, et, strlen(et), &out,
	                                 "x", &d), TEXTCONV_OK);
	assert_string_equal(out.data, "Tallinn\nTervishoiu Korgkool");
	textconv_buf_free(&out);

	assert_int_equal(textconv_encode("KZ-1048", 0, "Қазақ", strlen("Қазақ"), &out, "x", &d),
	                 TEXTCONV_OK);
	assert_memory_equal(out.data, "\x8d\xe0\xe7\xe0\x9d", 5);
	textconv_buf_free(&out);

	/* Invalid UTF-8 given to the encoder is reported as such. */
	d.errors = 0;
	assert_int_equal(textconv_encode("WINDOWS-1251", 0, "ab\xFF", 3, &out, "x", &d),
	                 TEXTCONV_EDATA);
	assert_non_null(strstr(d.v[d.n - 1].msg, "invalid UTF-8"));
	textconv_buf_free(&out);
	diag_free(&d);
}

/* The encoder's table for single-byte charsets gives exactly iconv's
 * bytes: every character of the Basic Multilingual Plane that iconv
 * encodes, in one text; and each character of the ranges where these
 * charsets live (Latin, Greek, Cyrillic, punctuation, symbols) alone, so
 * that what iconv refuses is refused too. */
static bool iconv_one(iconv_t cd, const uint8_t *u8, size_t n, char *want, size_t *wlen)
{
	char *ip = (char *)u8, *op = want;
	size_t il = n, ol = *wlen;
	iconv(cd, NULL, NULL, NULL, NULL);
	bool ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1;
	*wlen = (size_t)(op - want);
	return ok;
}

static void test_encode_table_is_iconv(void **state)
{
	(void)state;
	static const char *const sets[] = { "WINDOWS-1251", "KOI8-R", "KOI8-U", "KOI8-RU", "IBM866", "CP1125",
	                                    "ISO-8859-5", "MACCYRILLIC", "PT154", "KZ-1048", "WINDOWS-1257",
	                                    "ISO-8859-13", "ISO-8859-15", "ISO-8859-4", "ISO-8859-1",
	                                    "WINDOWS-1252", "US-ASCII" };
	uint8_t *all = malloc(0x10000 * 4);
	char *want = malloc(0x10000 * 4);
	assert_non_null(all);
	assert_non_null(want);
	for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
		iconv_t cd = iconv_open(textconv_iconv_name(sets[k]), "UTF-8");
		assert_true(cd != (iconv_t)-1);
		size_t n_all = 0, n_want = 0, mapped = 0;
		for (uint32_t cp = 1; cp < 0x10000; cp++) {
			if (cp >= 0xD800 && cp < 0xE000)
				continue;
			uint8_t u8[8];
			int n = u8_uctomb(u8, cp, sizeof u8);
			assert_true(n > 0);
			char one[16];
			size_t olen = sizeof one;
			bool ok = iconv_one(cd, u8, (size_t)n, one, &olen);
			if (ok) {
				memcpy(all + n_all, u8, (size_t)n);
				n_all += (size_t)n;
				memcpy(want + n_want, one, olen);
				n_want += olen;
				mapped++;
			}
			if (cp < 0x530 || (cp >= 0x2000 && cp < 0x2200)) {
				struct textconv_buf out = { 0 };
				struct diag d;
				diag_init(&d, 1);
				int rc = textconv_encode(sets[k], 0, (const char *)u8, (size_t)n, &out, "x", &d);
				assert_int_equal(rc, ok ? TEXTCONV_OK : TEXTCONV_EDATA);
				if (ok) {
					assert_int_equal(out.len, olen);
					assert_memory_equal(out.data, one, olen);
				}
				textconv_buf_free(&out);
				diag_free(&d);
			}
		}
		struct textconv_buf out = { 0 };
		struct diag d;
		diag_init(&d, 1);
		assert_int_equal(textconv_encode(sets[k], 0, (const char *)all, n_all, &out, "x", &d), TEXTCONV_OK);
		assert_int_equal(out.len, n_want);
		assert_memory_equal(out.data, want, n_want);
		textconv_buf_free(&out);
		diag_free(&d);
		iconv_close(cd);
		assert_true(mapped >= 127);
	}
	free(all);
	free(want);
}

/* Position of an unencodable character after text the table converted:
 * line and column are counted the same way. */
static void test_encode_table_position(void **state)
{
	(void)state;
	struct textconv_buf out = { 0 };
	struct diag d;
	diag_init(&d, 0);
	const char *s = "Минск\nБрест, Гродно ☃ Витебск";
	assert_int_equal(textconv_encode("WINDOWS-1251", 0, s, strlen(s), &out, "x", &d), TEXTCONV_EDATA);
	assert_int_equal(d.v[0].line, 2);
	assert_int_equal(d.v[0].col, 15);
	textconv_buf_free(&out);
	diag_free(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_errors),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_table_is_iconv),
		cmocka_unit_test(test_encode_table_position),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
