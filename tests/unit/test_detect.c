/* Unit tests: charset detection (src/text/detect*.c).
 *
 * The language x encoding samples are held-out text (gettext catalogues and
 * the seed articles, never the Firefox training text) listed in
 * $FIXTURES/detect/MANIFEST. A guess is right when decoding the sample with
 * it gives exactly what decoding with the true charset gives. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <accord/detect.h>
#include <accord/textconv.h>

static char *decode_or_null(const char *cs, const void *p, size_t n)
{
	struct textconv_buf b = { 0 };
	if (textconv_decode(cs, p, n, &b, NULL, NULL) != TEXTCONV_OK) {
		textconv_buf_free(&b);
		return NULL;
	}
	return b.data;
}

/* The guess decodes data to the same text as the true charset does. */
static int same_text(const char *truth, const char *guess, const void *p, size_t n)
{
	if (!guess)
		return 0;
	char *a = decode_or_null(truth, p, n);
	char *b = decode_or_null(guess, p, n);
	int ok = a && b && strcmp(a, b) == 0;
	free(a);
	free(b);
	return ok;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
	}
	fclose(f);
	*len = n;
	return buf;
}

static void expect(const char *text_utf8, const char *cs, const char *want_cs,
                   const char *want_lang)
{
	struct textconv_buf b = { 0 };
	assert_int_equal(textconv_encode(cs, 0, text_utf8, strlen(text_utf8), &b, NULL, NULL),
	                 TEXTCONV_OK);
	struct detect_result r;
	assert_true(detect_buffer(b.data, b.len, &r));
	assert_false(r.binary);
	if (!same_text(cs, r.charset, b.data, b.len))
		fail_msg("'%s' in %s detected as %s", text_utf8, cs, r.charset);
	if (want_cs)
		assert_string_equal(r.charset, want_cs);
	if (want_lang)
		assert_string_equal(r.lang, want_lang);
	textconv_buf_free(&b);
}

static void test_short_fields(void **state)
{
	(void)state;
	const char *minsk_in[] = { "WINDOWS-1251", "KOI8-R", "IBM866", "ISO-8859-5",
	                           "MACCYRILLIC" };
	for (size_t i = 0; i < sizeof minsk_in / sizeof *minsk_in; i++)
		expect("Минск", minsk_in[i], NULL, NULL);
	expect("Tervishoiu Kõrgkool", "WINDOWS-1257", NULL, "et");
	expect("Tervishoiu Kõrgkool", "ISO-8859-15", NULL, "et");
	/* Ukrainian letters present: the Ukrainian encodings, not KOI8-R/866. */
	expect("Київ, вулиця Їжакевича", "KOI8-U", "KOI8-U", "uk");
	expect("Київ, вулиця Їжакевича", "CP1125", "CP1125", "uk");
	expect("Віцебскі дзяржаўны ўніверсітэт", "KOI8-RU", "KOI8-RU", "be");
	expect("Шығыс Қазақстан облысы", "PT154", NULL, "kk");
	expect("Шығыс Қазақстан облысы", "KZ-1048", NULL, "kk");
	expect("Rīgas Stradiņa universitāte", "WINDOWS-1257", NULL, "lv");
	expect("Vilniaus universiteto ligoninė", "ISO-8859-13", NULL, "lt");
	expect("Universitätsklinikum Köln", "WINDOWS-1252", NULL, NULL);
}

/* Every file of a manifest (FILE<TAB>TRUE-CHARSET) under $FIXTURES/detect
 * is read right, in one buffer and fed in small chunks alike. */
static void check_manifest(const char *manifest, int min_files)
{
	const char *dir = getenv("FIXTURES");
	char path[4096], line[512];
	if (!dir)
		skip();
	snprintf(path, sizeof path, "%s/detect/%s", dir, manifest);
	FILE *m = fopen(path, "r");
	assert_non_null(m);
	int n = 0, bad = 0;
	while (fgets(line, sizeof line, m)) {
		if (line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		char *truth = tab + 1;
		truth[strcspn(truth, "\r\n")] = '\0';
		snprintf(path, sizeof path, "%s/detect/%s", dir, line);
		size_t len;
		char *data = slurp(path, &len);
		assert_non_null(data);
		struct detect_result r;
		assert_true(detect_buffer(data, len, &r));
		if (!same_text(truth, r.charset, data, len)) {
			print_error("%s: detected %s\n", line, r.charset ? r.charset : "binary");
			bad++;
		}
		/* The same bytes fed in small chunks give the same answer. */
		struct detect_ctx *dc = detect_new();
		assert_non_null(dc);
		for (size_t i = 0; i < len; i += 7)
			detect_feed(dc, data + i, len - i < 7 ? len - i : 7);
		struct detect_result r2;
		detect_finish(dc, &r2);
		detect_free(dc);
		assert_ptr_equal(r.charset, r2.charset);
		free(data);
		n++;
	}
	fclose(m);
	assert_true(n >= min_files);
	assert_int_equal(bad, 0);
}

static void test_fixtures(void **state)
{
	(void)state;
	check_manifest("MANIFEST", 81);
}

/* Files mixing languages of one script (catalogue lines of et+lv+lt,
 * et+de+fr, kk+ru, uk+ru; bench/detect_mixed_fixtures.py), at 256 and
 * 1024 bytes (scored from the bytes) and 8192 (from the pair histogram).
 * With one language model per file the Baltic ones were read as Latin-1. */
static void test_mixed_fixtures(void **state)
{
	(void)state;
	check_manifest("MIXED", 66);
}

/* A registry export as partners send it: mostly the office's own language
 * with rows in its neighbours' (cf. tests/cli/encodings.py). Once as
 * written (scored from the bytes), once repeated past the small-input limit
 * (scored from the pair histogram). want_lang, when not NULL, is the main
 * language the file must be reported in. */
static void expect_mixed(const char *text_utf8, const char *cs, const char *want_lang)
{
	struct textconv_buf b = { 0 };
	assert_int_equal(textconv_encode(cs, 0, text_utf8, strlen(text_utf8), &b, NULL, NULL),
	                 TEXTCONV_OK);
	size_t big_len = b.len * (8192 / b.len + 1);
	char *big = malloc(big_len);
	assert_non_null(big);
	for (size_t i = 0; i < big_len; i += b.len)
		memcpy(big + i, b.data, b.len);
	const struct { const char *p; size_t n; } in[] = { { b.data, b.len }, { big, big_len } };
	for (size_t i = 0; i < 2; i++) {
		struct detect_result r;
		assert_true(detect_buffer(in[i].p, in[i].n, &r));
		if (!same_text(cs, r.charset, in[i].p, in[i].n))
			fail_msg("%zu-byte registry in %s detected as %s (%s, %.2f)", in[i].n, cs,
			         r.charset, r.lang, r.confidence);
		/* Sure of the right answer: before mixtures the wrong ones came
		 * with confidence 1.00. */
		if (r.confidence < 0.9)
			fail_msg("%zu-byte registry in %s: confidence %.2f", in[i].n, cs, r.confidence);
		if (want_lang)
			assert_string_equal(r.lang, want_lang);
	}
	free(big);
	textconv_buf_free(&b);
}

static void test_mixed_registries(void **state)
{
	(void)state;
	/* Estonian office: Latvian and Lithuanian partners. */
	const char *baltic =
		"Nimi;Riik;Linn;Märkused\r\n"
		"Tartu Ülikooli Kliinikum;EE;Tartu;Õppejõud käisid Vitebskis\r\n"
		"Põhja-Eesti Regionaalhaigla;EE;Tallinn;ööpäevaringne valve\r\n"
		"Paula Stradiņa klīniskā universitātes slimnīca;LV;Rīga;Ķirurģija\r\n"
		"Tervishoiu Kõrgkool;EE;Tallinn;kõrgkool\r\n"
		"Eesti Idapartnerluse Keskus;EE;Tallinn;Harjumaa\r\n"
		"Tallinna Lastehaigla;EE;Tallinn;lastehaigla\r\n"
		"Vilniaus universiteto ligoninė Santaros klinikos;LT;Vilnius;širdies chirurgija\r\n";
	expect_mixed(baltic, "WINDOWS-1257", "et");
	expect_mixed(baltic, "ISO-8859-13", "et");
	expect_mixed(baltic, "ISO-8859-4", "et");
	/* Estonian office: German and French partners. */
	const char *western =
		"Nimi;Riik;Linn;Märkused\n"
		"Tartu Ülikooli Kliinikum;EE;Tartu;Õppejõud käisid Vitebskis\n"
		"Tervishoiu Kõrgkool;EE;Tallinn;kõrgkool\n"
		"Universitätsklinikum Köln;DE;Köln;Größe: groß\n"
		"Charité - Universitätsmedizin Berlin;DE;Berlin;Straße\n"
		"Hôpital Necker-Enfants malades;FR;Paris;Été à Paris\n"
		"Université de Genève;FR;Genève;médecine générale\n";
	expect_mixed(western, "ISO-8859-15", "et");
	expect_mixed(western, "WINDOWS-1252", "et");
	expect_mixed(western, "ISO-8859-1", "et");
	/* Russian-language file with Kazakh rows. */
	const char *kazakh =
		"Название;Город;Примечание\n"
		"Казахский национальный медицинский университет;Алматы;Министерство здравоохранения\n"
		"Научный центр педиатрии и детской хирургии;Алматы;договор о сотрудничестве\n"
		"Медицинский университет Астана;Астана;обмен студентами\n"
		"Қарағанды медицина университеті;Қарағанды;Шығыс Қазақстан облысы\n";
	expect_mixed(kazakh, "PT154", NULL);
	expect_mixed(kazakh, "KZ-1048", NULL);
	/* Russian names with Ukrainian partners: read as KZ-1048 before, with
	 * the Ukrainian letters turned into Kazakh ones. */
	const char *ukrainian =
		"Название;Город;Примечание\r\n"
		"Белорусский государственный медицинский университет;Минск;Министерство здравоохранения\r\n"
		"Витебский государственный медицинский университет;Витебск;подписано соглашение о сотрудничестве\r\n"
		"Гродненский государственный медицинский университет;Гродно;обмен студентами\r\n"
		"Національний медичний університет імені О. О. Богомольця;Київ;співпраця з Вітебськом\r\n"
		"Львівський національний медичний університет;Львів;обмін студентами\r\n";
	expect_mixed(ukrainian, "WINDOWS-1251", NULL);
	expect_mixed(ukrainian, "KOI8-U", NULL);
	expect_mixed(ukrainian, "CP1125", NULL);
}

static void test_bom_and_utf16(void **state)
{
	(void)state;
	struct detect_result r;
	assert_true(detect_buffer("\xEF\xBB\xBFMinsk", 8, &r));
	assert_string_equal(r.charset, "UTF-8");
	assert_int_equal(r.bom_len, 3);

	/* "Минск" in UTF-16LE/BE, with and without BOM. */
	const char le[] = "\xFF\xFE\x1C\x04\x38\x04\x3D\x04\x41\x04\x3A\x04";
	const char be[] = "\xFE\xFF\x04\x1C\x04\x38\x04\x3D\x04\x41\x04\x3A";
	assert_true(detect_buffer(le, 12, &r));
	assert_string_equal(r.charset, "UTF-16LE");
	assert_int_equal(r.bom_len, 2);
	assert_true(detect_buffer(be, 12, &r));
	assert_string_equal(r.charset, "UTF-16BE");
	assert_true(detect_buffer(le + 2, 10, &r));
	assert_string_equal(r.charset, "UTF-16LE");
	assert_int_equal(r.bom_len, 0);
	assert_true(detect_buffer(be + 2, 10, &r));
	assert_string_equal(r.charset, "UTF-16BE");
	/* Latin text: NULs in every other byte. */
	const char lat[] = "T\0e\0r\0v\0i\0s\0h\0o\0i\0u\0 \0K\0\xF5\0r\0g\0k\0o\0o\0l\0";
	assert_true(detect_buffer(lat, sizeof lat - 1, &r));
	assert_false(r.binary);
	assert_string_equal(r.charset, "UTF-16LE");
	assert_string_equal(r.lang, "et");
}

static void test_utf8_ascii_empty(void **state)
{
	(void)state;
	struct detect_result r;
	assert_true(detect_buffer("Минск", strlen("Минск"), &r));
	assert_string_equal(r.charset, "UTF-8");
	assert_true(detect_buffer("Minsk, Belarus\n", 15, &r));
	assert_string_equal(r.charset, "US-ASCII");
	assert_true(detect_buffer("", 0, &r));
	assert_string_equal(r.charset, "US-ASCII");
	/* An overlong form and a surrogate are not UTF-8. */
	assert_true(detect_buffer("ab\xC0\xAF", 4, &r));
	assert_string_not_equal(r.charset, "UTF-8");
	assert_true(detect_buffer("ab\xED\xA0\x80", 5, &r));
	assert_string_not_equal(r.charset, "UTF-8");
}

static void test_binary(void **state)
{
	(void)state;
	struct detect_result r;
	unsigned char elf[256] = { 0x7F, 'E', 'L', 'F', 2, 1, 1, 0 };
	for (int i = 8; i < 256; i++)
		elf[i] = (unsigned char)(i * 37 % 7 == 0 ? 0 : i);
	assert_true(detect_buffer(elf, sizeof elf, &r));
	assert_true(r.binary);
	assert_null(r.charset);
	unsigned char noise[4096];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof noise; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (unsigned char)(x >> 16);
	}
	assert_true(detect_buffer(noise, sizeof noise, &r));
	assert_true(r.binary);
}

/* A file bigger than the small-input path, fed in uneven chunks, goes
 * through the pair histogram and still gets the right answer. */
static void test_large_stream(void **state)
{
	(void)state;
	const char *para = "Министерство здравоохранения Республики Беларусь и "
	                   "Национальный научный центр подписали соглашение о "
	                   "сотрудничестве в области трансплантологии.\n";
	struct textconv_buf enc = { 0 };
	assert_int_equal(textconv_encode("KOI8-R", 0, para, strlen(para), &enc, NULL, NULL),
	                 TEXTCONV_OK);
	struct detect_ctx *dc = detect_new();
	assert_non_null(dc);
	for (size_t i = 0; i < 2000; i++) {
		size_t cut = i % enc.len;
		detect_feed(dc, enc.data, cut);
		detect_feed(dc, enc.data + cut, enc.len - cut);
	}
	struct detect_result r;
	detect_finish(dc, &r);
	assert_string_equal(r.charset, "KOI8-R");
	assert_string_equal(r.lang, "ru");
	assert_true(r.confidence > 0.9);
	detect_free(dc);
	textconv_buf_free(&enc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_fields),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_mixed_fixtures),
		cmocka_unit_test(test_mixed_registries),
		cmocka_unit_test(test_bom_and_utf16),
		cmocka_unit_test(test_utf8_ascii_empty),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_large_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
