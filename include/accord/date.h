/* date: partial dates as people write them -> ISO text.
 *
 * Accepted (case-insensitive, surrounding blanks ignored):
 *   numeric    2019-01-17  2019/01/17  2019.01.17  20190117
 *              17.01.2019  17/01/2019  17-01-2019  17 01 2019
 *              2023-07  2023/07  07.2023  07/2023  7.2023
 *              2019
 *   with names 17 января 2019, 17 січня 2019 р., 17. jaanuar 2019,
 *              17 January 2019, January 17, 2019, 17th of January 2019,
 *              июль 2023, в июле 2023 года, липня 2023, juuli 2023,
 *              2018. aasta november, 2019 January, Jan 2019, сент. 2019
 *   Month names in English, Russian, Ukrainian, Belarusian and Estonian:
 *   nominative, genitive and locative forms (Estonian: also the case
 *   endings -l -s -st -ni -sse), and the usual abbreviations.
 *   Year words (г. год года году р. рік року a. aasta aastal) and small
 *   words (в, у, of, the, -го, st/nd/rd/th) are ignored.
 * Numeric dates are day-month-year or year-month-day, never the US
 * month/day/year; a two-digit year is refused as ambiguous. Years are
 * limited to 1900..2100. */
#ifndef ACCORD_DATE_H
#define ACCORD_DATE_H

#include <stdbool.h>
#include <stddef.h>

struct date {
	int year;    /* 1900..2100 */
	int month;   /* 1..12, 0 if absent */
	int day;     /* 1..31, 0 if absent (then month is known) */
};

enum date_status {
	DATE_OK = 0,
	DATE_EMPTY,    /* nothing but blanks: no date given */
	DATE_SYNTAX,   /* not a date form we know */
	DATE_RANGE     /* a date form, but an impossible date */
};

#define DATE_ISO_SIZE 11   /* "YYYY-MM-DD" and its NUL */
#define DATE_ERR_SIZE 128

/* Parse UTF-8 text s[0..len). On DATE_OK fills *out (may be NULL) and, if
 * iso is not NULL, the ISO form. Otherwise, if err is not NULL, writes an
 * English message (at most errsize bytes, NUL-terminated). */
enum date_status date_parse(const char *s, size_t len, struct date *out,
                            char iso[DATE_ISO_SIZE], char *err, size_t errsize);

/* Strict validator for stored values: exactly "YYYY", "YYYY-MM" or
 * "YYYY-MM-DD" naming a real date in range. Same conventions. */
enum date_status date_parse_iso(const char *s, size_t len, struct date *out,
                                char *err, size_t errsize);
bool date_valid_iso(const char *s, size_t len);

/* Check a date's fields (year range, month, day within its month). */
enum date_status date_check(const struct date *d, char *err, size_t errsize);

/* The ISO text of a checked date; returns its length (4, 7 or 10). */
size_t date_format(const struct date *d, char iso[DATE_ISO_SIZE]);

/* Order: by year, then month, then day; a less precise date sorts before
 * a more precise one in the same period (2019 < 2019-01 < 2019-01-01),
 * which is also the byte order of the ISO text. */
int date_compare(const struct date *a, const struct date *b);
/* The same on ISO texts; an invalid text sorts before every valid one
 * (and invalid ones among themselves by bytes). */
int date_compare_iso(const char *a, size_t alen, const char *b, size_t blen);

bool date_is_leap(int year);
int date_days_in_month(int year, int month);

#endif
