/* libFuzzer target: partial dates (src/text/date.c).
 *
 * Whatever date_parse accepts must come out as ISO text that the strict
 * validator accepts and that parses back to the same date; error messages
 * must fit any buffer size. */
#include <config.h>

#include <accord/date.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct date d;
	char iso[DATE_ISO_SIZE];
	char err[DATE_ERR_SIZE];
	enum date_status st = date_parse(s, size, &d, iso, err, sizeof err);
	FUZZ_ASSERT(st == DATE_OK || st == DATE_EMPTY || st == DATE_SYNTAX || st == DATE_RANGE);
	if (st == DATE_OK) {
		size_t n = strlen(iso);
		FUZZ_ASSERT(n == 4 || n == 7 || n == 10);
		FUZZ_ASSERT(date_valid_iso(iso, n));
		FUZZ_ASSERT(date_check(&d, NULL, 0) == DATE_OK);
		struct date back;
		FUZZ_ASSERT(date_parse_iso(iso, n, &back, NULL, 0) == DATE_OK);
		FUZZ_ASSERT(date_compare(&d, &back) == 0);
		char iso2[DATE_ISO_SIZE];
		FUZZ_ASSERT(date_format(&back, iso2) == n && memcmp(iso, iso2, n + 1) == 0);
		struct date again;
		char iso3[DATE_ISO_SIZE];
		FUZZ_ASSERT(date_parse(iso, n, &again, iso3, NULL, 0) == DATE_OK);
		FUZZ_ASSERT(strcmp(iso, iso3) == 0);
	} else if (st != DATE_EMPTY) {
		FUZZ_ASSERT(memchr(err, '\0', sizeof err) != NULL && err[0]);
	}
	/* Tiny error buffers are truncated, never overrun. */
	char small[3];
	(void)date_parse(s, size, NULL, NULL, small, sizeof small);
	(void)date_parse(s, size, NULL, NULL, small, 1);

	/* The strict form and comparison on arbitrary text. */
	struct date x;
	enum date_status si = date_parse_iso(s, size, &x, err, sizeof err);
	FUZZ_ASSERT((si == DATE_OK) == date_valid_iso(s, size));
	size_t half = size / 2;
	int c1 = date_compare_iso(s, half, s + half, size - half);
	int c2 = date_compare_iso(s + half, size - half, s, half);
	FUZZ_ASSERT((c1 > 0) == (c2 < 0) && (c1 == 0) == (c2 == 0));
	return 0;
}
