/* Unit tests for partial date parsing. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "accord/date.h"

struct ok_case {
	const char *in, *iso;
};

static const struct ok_case ok_cases[] = {
	/* numeric */
	{ "2019-01-17", "2019-01-17" }, { "17.01.2019", "2019-01-17" },
	{ "17/01/2019", "2019-01-17" }, { "17-01-2019", "2019-01-17" },
	{ "17 01 2019", "2019-01-17" }, { "7.1.2019", "2019-01-07" },
	{ "17. 01. 2019", "2019-01-17" }, { "2019/01/17", "2019-01-17" },
	{ "2019.01.17", "2019-01-17" }, { "20190117", "2019-01-17" },
	{ "2023-07", "2023-07" }, { "07.2023", "2023-07" }, { "7.2023", "2023-07" },
	{ "07/2023", "2023-07" }, { "2023/7", "2023-07" }, { "2019", "2019" },
	{ "  2019\t", "2019" }, { "\xC2\xA0" "2019" "\xC2\xA0", "2019" },
	{ "29.02.2020", "2020-02-29" }, { "29.02.2000", "2000-02-29" },
	{ "1900", "1900" }, { "2100-12-31", "2100-12-31" },
	{ "2019 г.", "2019" }, { "2019г", "2019" }, { "17.01.2019 г.", "2019-01-17" },
	{ "2019 р.", "2019" }, { "2019 року", "2019" }, { "2019. a.", "2019" },
	{ "2019–2", "2019-02" },
	/* Russian */
	{ "июль 2023", "2023-07" }, { "Июль 2023", "2023-07" }, { "ИЮЛЬ 2023 г.", "2023-07" },
	{ "17 января 2019", "2019-01-17" }, { "17 января 2019 г.", "2019-01-17" },
	{ "17 января 2019 года", "2019-01-17" }, { "17-го января 2019 года", "2019-01-17" },
	{ "в июле 2023 года", "2023-07" }, { "январь 2019", "2019-01" },
	{ "январе 2019", "2019-01" }, { "1 февраля 2020", "2020-02-01" },
	{ "март 2019", "2019-03" }, { "марта 2019", "2019-03" }, { "апреля 2019", "2019-04" },
	{ "мая 2019", "2019-05" }, { "май 2019", "2019-05" }, { "мае 2019", "2019-05" },
	{ "июня 2019", "2019-06" }, { "августа 2019", "2019-08" },
	{ "сентябре 2019", "2019-09" }, { "октября 2019", "2019-10" },
	{ "ноябрь 2019", "2019-11" }, { "31 декабря 2019", "2019-12-31" },
	{ "сент. 2019", "2019-09" }, { "янв 2019", "2019-01" }, { "дек. 2019 г.", "2019-12" },
	/* Ukrainian */
	{ "липень 2023", "2023-07" }, { "липня 2023", "2023-07" }, { "у липні 2023 року", "2023-07" },
	{ "17 січня 2019 р.", "2019-01-17" }, { "17 січня 2019 року", "2019-01-17" },
	{ "січень 2019", "2019-01" }, { "лютого 2019", "2019-02" }, { "лютий 2019", "2019-02" },
	{ "березня 2019", "2019-03" }, { "квітні 2019", "2019-04" }, { "травня 2019", "2019-05" },
	{ "червень 2019", "2019-06" }, { "серпня 2019", "2019-08" }, { "вересня 2019", "2019-09" },
	{ "жовтня 2019", "2019-10" }, { "листопада 2019", "2019-11" }, { "грудня 2019", "2019-12" },
	{ "ЛИСТОПАД 2019", "2019-11" },
	/* Belarusian */
	{ "студзеня 2019", "2019-01" }, { "18 траўня 2019 г.", "2019-05-18" },
	{ "кастрычнік 2019", "2019-10" }, { "лістапада 2019", "2019-11" }, { "снежань 2019", "2019-12" },
	{ "жніўня 2019", "2019-08" }, { "сакавіка 2019", "2019-03" },
	/* Estonian */
	{ "juuli 2023", "2023-07" }, { "2018. aasta november", "2018-11" },
	{ "17. jaanuar 2019", "2019-01-17" }, { "17. jaanuaril 2019", "2019-01-17" },
	{ "jaanuaris 2019", "2019-01" }, { "veebruar 2019", "2019-02" },
	{ "märts 2019", "2019-03" }, { "MÄRTS 2019", "2019-03" }, { "märtsis 2019", "2019-03" },
	{ "Ma\xCC\x88rts 2019", "2019-03" },  /* decomposed ä */
	{ "aprillis 2019", "2019-04" }, { "mais 2019", "2019-05" }, { "juunil 2019", "2019-06" },
	{ "augustis 2019", "2019-08" }, { "septembris 2019", "2019-09" },
	{ "oktoober 2019", "2019-10" }, { "novembril 2019", "2019-11" },
	{ "detsember 2019", "2019-12" }, { "5. detsembril 2019. a.", "2019-12-05" },
	{ "2019. aasta 5. detsember", "2019-12-05" },
	/* English */
	{ "January 2019", "2019-01" }, { "17 January 2019", "2019-01-17" },
	{ "January 17, 2019", "2019-01-17" }, { "17th of January 2019", "2019-01-17" },
	{ "1st March 2020", "2020-03-01" }, { "Sept 2019", "2019-09" }, { "2019 January", "2019-01" },
	{ "2019-Jan-17", "2019-01-17" }, { "DECEMBER 2019", "2019-12" }, { "may 2019", "2019-05" },
};

struct bad_case {
	const char *in;
	enum date_status st;
	const char *msg;   /* expected substring of the message */
};

static const struct bad_case bad_cases[] = {
	{ "", DATE_EMPTY, "empty" }, { "   ", DATE_EMPTY, "empty" },
	{ "31.02.2019", DATE_RANGE, "day 31 does not exist in February 2019" },
	{ "29.02.2019", DATE_RANGE, "day 29 does not exist in February 2019" },
	{ "29.02.1900", DATE_RANGE, "day 29" },
	{ "31.04.2019", DATE_RANGE, "day 31 does not exist in April 2019" },
	{ "32.01.2019", DATE_RANGE, "day 32" },
	{ "00.00.0000", DATE_RANGE, "year 0000 is outside 1900..2100" },
	{ "00.01.2019", DATE_RANGE, "day 0 does not exist in January 2019" },
	{ "01.00.2019", DATE_RANGE, "month 0 does not exist" },
	{ "17.13.2019", DATE_RANGE, "month 13 does not exist" },
	{ "01/17/2019", DATE_RANGE, "month 17 does not exist" },
	{ "2019-13", DATE_RANGE, "month 13 does not exist" },
	{ "2019-00", DATE_RANGE, "month 0 does not exist" },
	{ "2019-01-00", DATE_RANGE, "day 0" },
	{ "13.2019", DATE_RANGE, "month 13" },
	{ "1899", DATE_RANGE, "year 1899 is outside 1900..2100" },
	{ "2101-01", DATE_RANGE, "year 2101" },
	{ "0000", DATE_RANGE, "year 0000" },
	{ "20191317", DATE_RANGE, "month 13" },
	{ "30 февраля 2019", DATE_RANGE, "day 30 does not exist in February 2019" },
	{ "0 января 2019", DATE_RANGE, "day 0" },
	{ "32 January 2019", DATE_RANGE, "day 32 does not exist in January 2019" },
	{ "17 января 1850", DATE_RANGE, "year 1850" },
	{ "17.01.19", DATE_SYNTAX, "two-digit year" },
	{ "17 января 19", DATE_SYNTAX, "two-digit year" },
	{ "17 января", DATE_SYNTAX, "no year" },
	{ "июль", DATE_SYNTAX, "no year" },
	{ "около 2019", DATE_SYNTAX, "unknown word \"около\"" },
	{ "Q3 2019", DATE_SYNTAX, "unknown word \"q\"" },
	{ "2019-01.17", DATE_SYNTAX, "not a date" },
	{ "2019-01-17-01", DATE_SYNTAX, "not a date" },
	{ "17 января февраля 2019", DATE_SYNTAX, "not a date" },
	{ "2019 2020", DATE_SYNTAX, "not a date" },
	{ "123", DATE_SYNTAX, "not a date" },
	{ "2019-1-2-3", DATE_SYNTAX, "not a date" },
	{ "2019#01", DATE_SYNTAX, "not a date" },
	{ "\xFF" "2019", DATE_SYNTAX, "UTF-8" },
	{ "1234567890", DATE_SYNTAX, "not a date" },
	{ "1 2 3 4 5 6 7 8 9 10 11 12", DATE_SYNTAX, "not a date" },
};

static void test_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof ok_cases / sizeof ok_cases[0]; i++) {
		const struct ok_case *c = &ok_cases[i];
		char iso[DATE_ISO_SIZE] = "";
		char err[DATE_ERR_SIZE] = "";
		struct date d;
		enum date_status st = date_parse(c->in, strlen(c->in), &d, iso, err, sizeof err);
		if (st != DATE_OK || strcmp(iso, c->iso) != 0)
			fail_msg("\"%s\": status %d, iso \"%s\" (want \"%s\"), error \"%s\"", c->in,
			         st, iso, c->iso, err);
		assert_true(date_valid_iso(iso, strlen(iso)));
		char again[DATE_ISO_SIZE];
		assert_int_equal(date_format(&d, again), strlen(c->iso));
		assert_string_equal(again, c->iso);
		/* a parsed ISO date parses to itself */
		assert_int_equal(date_parse(iso, strlen(iso), NULL, again, NULL, 0), DATE_OK);
		assert_string_equal(again, iso);
	}
}

static void test_impossible(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *c = &bad_cases[i];
		char iso[DATE_ISO_SIZE] = "untouched";
		char err[DATE_ERR_SIZE] = "";
		struct date d = { 1, 2, 3 };
		enum date_status st = date_parse(c->in, strlen(c->in), &d, iso, err, sizeof err);
		if (st != c->st || !strstr(err, c->msg))
			fail_msg("\"%s\": status %d (want %d), error \"%s\" (want \"%s\")", c->in, st,
			         c->st, err, c->msg);
		assert_string_equal(iso, "untouched");
		assert_int_equal(d.year, 1);
		/* no output buffers at all is fine */
		assert_int_equal(date_parse(c->in, strlen(c->in), NULL, NULL, NULL, 0), c->st);
	}
}

static void test_error_buffer(void **state)
{
	(void)state;
	/* a small buffer cuts the message at a character boundary */
	char err[24];
	const char *in = "неизвестно когда вообще";
	assert_int_equal(date_parse(in, strlen(in), NULL, NULL, err, sizeof err), DATE_SYNTAX);
	assert_true(strlen(err) < sizeof err);
	size_t n = strlen(err);
	assert_true(n == 0 || ((unsigned char)err[n - 1] & 0xC0) != 0xC0);
	/* a long input is quoted cut, at a character boundary */
	char long_in[400];
	memset(long_in, 0, sizeof long_in);
	for (int i = 0; i < 60; i++)
		strcat(long_in, "ж");
	char big[DATE_ERR_SIZE];
	assert_int_equal(date_parse(long_in, strlen(long_in), NULL, NULL, big, sizeof big), DATE_SYNTAX);
	/* only the given length is read */
	assert_int_equal(date_parse("2019-01-17xyz", 10, NULL, NULL, NULL, 0), DATE_OK);
}

static void test_iso(void **state)
{
	(void)state;
	const char *good[] = { "2019", "2019-01", "2019-01-17", "2020-02-29", "1900-01-01", "2100-12-31" };
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(date_valid_iso(good[i], strlen(good[i])));
	const char *bad[] = { "", "19", "2019-1", "2019-01-7", "17.01.2019", "2019-02-30", "2019-13",
	                      "2019-00", "2019-01-00", "1899", "2101", "2019-01-17 ", " 2019",
	                      "2019/01/17", "июль 2023", "2019-01-1x" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_valid_iso(bad[i], strlen(bad[i])))
			fail_msg("\"%s\" accepted as ISO", bad[i]);
	char err[DATE_ERR_SIZE];
	struct date d;
	assert_int_equal(date_parse_iso("2019-02-30", 10, &d, err, sizeof err), DATE_RANGE);
	assert_string_equal(err, "day 30 does not exist in February 2019");
	assert_int_equal(date_parse_iso("17.01.2019", 10, &d, err, sizeof err), DATE_SYNTAX);
	assert_non_null(strstr(err, "not an ISO date"));
	assert_int_equal(date_parse_iso("", 0, &d, err, sizeof err), DATE_EMPTY);
	assert_int_equal(date_parse_iso("2019-07", 7, &d, NULL, 0), DATE_OK);
	assert_int_equal(d.year, 2019);
	assert_int_equal(d.month, 7);
	assert_int_equal(d.day, 0);
}

static void test_check_and_calendar(void **state)
{
	(void)state;
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(1900));
	assert_false(date_is_leap(2019));
	assert_int_equal(date_days_in_month(2019, 2), 28);
	assert_int_equal(date_days_in_month(2020, 2), 29);
	assert_int_equal(date_days_in_month(2019, 12), 31);
	assert_int_equal(date_days_in_month(2019, 11), 30);
	assert_int_equal(date_days_in_month(2019, 13), 0);
	char err[DATE_ERR_SIZE];
	struct date d = { 2019, 0, 5 };
	assert_int_equal(date_check(&d, err, sizeof err), DATE_RANGE);
	d = (struct date){ 2019, 6, 31 };
	assert_int_equal(date_check(&d, err, sizeof err), DATE_RANGE);
	assert_string_equal(err, "day 31 does not exist in June 2019");
	d = (struct date){ 2019, 6, 30 };
	assert_int_equal(date_check(&d, NULL, 0), DATE_OK);
}

static void test_compare(void **state)
{
	(void)state;
	struct date a = { 2019, 0, 0 }, b = { 2019, 1, 0 }, c = { 2019, 1, 1 }, e = { 2020, 0, 0 };
	assert_true(date_compare(&a, &b) < 0);
	assert_true(date_compare(&b, &c) < 0);
	assert_true(date_compare(&c, &e) < 0);
	assert_true(date_compare(&e, &a) > 0);
	assert_int_equal(date_compare(&c, &c), 0);

	const char *sorted[] = { "bogus", "1999-12-31", "2019", "2019-01", "2019-01-01",
	                         "2019-01-17", "2019-02", "2020" };
	size_t n = sizeof sorted / sizeof sorted[0];
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			int r = date_compare_iso(sorted[i], strlen(sorted[i]), sorted[j], strlen(sorted[j]));
			if ((i < j && r >= 0) || (i > j && r <= 0) || (i == j && r != 0))
				fail_msg("compare %s %s = %d", sorted[i], sorted[j], r);
		}
	assert_true(date_compare_iso("aa", 2, "ab", 2) < 0);
	assert_true(date_compare_iso("a", 1, "ab", 2) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_impossible),
		cmocka_unit_test(test_error_buffer),
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_check_and_calendar),
		cmocka_unit_test(test_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
