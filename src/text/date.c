/* date: partial dates in the forms people write -> ISO partial dates. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "accord/date.h"

#define YEAR_MIN 1900
#define YEAR_MAX 2100
#define MAX_TOKENS 10
#define WORD_MAX 48

/* Month names, lower case, NFC. Forms per language: nominative, genitive,
 * locative (Russian prepositional), and common abbreviations. Estonian
 * case endings are handled by est_months below. */
static const struct {
	const char *name;
	unsigned char month;
} month_names[] = {
	/* English */
	{ "january", 1 }, { "jan", 1 }, { "february", 2 }, { "feb", 2 },
	{ "march", 3 }, { "mar", 3 }, { "april", 4 }, { "apr", 4 }, { "may", 5 },
	{ "june", 6 }, { "jun", 6 }, { "july", 7 }, { "jul", 7 },
	{ "august", 8 }, { "aug", 8 }, { "september", 9 }, { "sep", 9 },
	{ "sept", 9 }, { "october", 10 }, { "oct", 10 }, { "november", 11 },
	{ "nov", 11 }, { "december", 12 }, { "dec", 12 },
	/* Russian */
	{ "январь", 1 }, { "января", 1 }, { "январе", 1 }, { "янв", 1 },
	{ "февраль", 2 }, { "февраля", 2 }, { "феврале", 2 }, { "фев", 2 }, { "февр", 2 },
	{ "март", 3 }, { "марта", 3 }, { "марте", 3 }, { "мар", 3 },
	{ "апрель", 4 }, { "апреля", 4 }, { "апреле", 4 }, { "апр", 4 },
	{ "май", 5 }, { "мая", 5 }, { "мае", 5 },
	{ "июнь", 6 }, { "июня", 6 }, { "июне", 6 }, { "июн", 6 },
	{ "июль", 7 }, { "июля", 7 }, { "июле", 7 }, { "июл", 7 },
	{ "август", 8 }, { "августа", 8 }, { "августе", 8 }, { "авг", 8 },
	{ "сентябрь", 9 }, { "сентября", 9 }, { "сентябре", 9 }, { "сен", 9 }, { "сент", 9 },
	{ "октябрь", 10 }, { "октября", 10 }, { "октябре", 10 }, { "окт", 10 },
	{ "ноябрь", 11 }, { "ноября", 11 }, { "ноябре", 11 }, { "ноя", 11 }, { "нояб", 11 },
	{ "декабрь", 12 }, { "декабря", 12 }, { "декабре", 12 }, { "дек", 12 },
	/* Ukrainian */
	{ "січень", 1 }, { "січня", 1 }, { "січні", 1 }, { "січ", 1 },
	{ "лютий", 2 }, { "лютого", 2 }, { "лютому", 2 }, { "лют", 2 },
	{ "березень", 3 }, { "березня", 3 }, { "березні", 3 }, { "бер", 3 },
	{ "квітень", 4 }, { "квітня", 4 }, { "квітні", 4 }, { "квіт", 4 }, { "кві", 4 },
	{ "травень", 5 }, { "травня", 5 }, { "травні", 5 }, { "трав", 5 }, { "тра", 5 },
	{ "червень", 6 }, { "червня", 6 }, { "червні", 6 }, { "черв", 6 }, { "чер", 6 },
	{ "липень", 7 }, { "липня", 7 }, { "липні", 7 }, { "лип", 7 },
	{ "серпень", 8 }, { "серпня", 8 }, { "серпні", 8 }, { "серп", 8 }, { "сер", 8 },
	{ "вересень", 9 }, { "вересня", 9 }, { "вересні", 9 }, { "вер", 9 },
	{ "жовтень", 10 }, { "жовтня", 10 }, { "жовтні", 10 }, { "жовт", 10 }, { "жов", 10 },
	{ "листопад", 11 }, { "листопада", 11 }, { "листопаді", 11 }, { "лист", 11 }, { "лис", 11 },
	{ "грудень", 12 }, { "грудня", 12 }, { "грудні", 12 }, { "груд", 12 }, { "гру", 12 },
	/* Belarusian */
	{ "студзень", 1 }, { "студзеня", 1 }, { "студзені", 1 }, { "студз", 1 },
	{ "люты", 2 }, { "лютага", 2 }, { "лютым", 2 },
	{ "сакавік", 3 }, { "сакавіка", 3 }, { "сакавіку", 3 }, { "сак", 3 },
	{ "красавік", 4 }, { "красавіка", 4 }, { "красавіку", 4 }, { "крас", 4 },
	{ "траўня", 5 }, { "траўні", 5 },
	{ "чэрвень", 6 }, { "чэрвеня", 6 }, { "чэрвені", 6 }, { "чэрв", 6 },
	{ "ліпень", 7 }, { "ліпеня", 7 }, { "ліпені", 7 }, { "ліп", 7 },
	{ "жнівень", 8 }, { "жніўня", 8 }, { "жніўні", 8 }, { "жнів", 8 },
	{ "верасень", 9 }, { "верасня", 9 }, { "верасні", 9 },
	{ "кастрычнік", 10 }, { "кастрычніка", 10 }, { "кастрычніку", 10 }, { "кастр", 10 },
	{ "лістапад", 11 }, { "лістапада", 11 }, { "лістападзе", 11 }, { "ліст", 11 },
	{ "снежань", 12 }, { "снежня", 12 }, { "снежні", 12 }, { "снеж", 12 },
	/* Estonian abbreviations (full forms below) */
	{ "jaan", 1 }, { "veebr", 2 }, { "okt", 10 }, { "dets", 12 },
};

/* Estonian: nominative, and the genitive stem that takes the case endings
 * (jaanuari, jaanuaril "on", jaanuaris "in", jaanuarist, jaanuarini ...). */
static const struct {
	const char *nom, *gen;
} est_months[12] = {
	{ "jaanuar", "jaanuari" }, { "veebruar", "veebruari" }, { "märts", "märtsi" },
	{ "aprill", "aprilli" }, { "mai", "mai" }, { "juuni", "juuni" },
	{ "juuli", "juuli" }, { "august", "augusti" }, { "september", "septembri" },
	{ "oktoober", "oktoobri" }, { "november", "novembri" }, { "detsember", "detsembri" },
};
static const char *const est_endings[] = { "", "l", "s", "st", "ni", "sse", "ks", "ga" };

/* Words that carry no date information: year words, prepositions,
 * ordinal endings. */
static const char *const noise_words[] = {
	"г", "гг", "год", "года", "году", "годе", "р", "рр", "рік", "року", "році",
	"гадоў", "годзе", "a", "aasta", "aastal", "aastast", "aastaks",
	"y", "yr", "year", "в", "во", "у", "ў", "of", "the", "in", "on",
	"st", "nd", "rd", "th", "го", "е", "ое",
};

static const char *const month_en[13] = {
	"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
};

static void errf(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void errf(char *err, size_t errsize, const char *fmt, ...)
{
	if (!err || !errsize)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	/* never leave half a UTF-8 character at a cut */
	size_t n = strlen(err);
	if (n + 1 == errsize) {
		while (n > 0 && ((unsigned char)err[n - 1] & 0xC0) == 0x80)
			n--;
		if (n > 0 && ((unsigned char)err[n - 1] & 0xC0) == 0xC0)
			n--;
		err[n] = '\0';
	}
}

/* The input, quoted in messages, cut to a readable length. */
static void quote_input(char *q, size_t qsize, const char *s, size_t len)
{
	size_t n = len < qsize - 1 ? len : qsize - 1;
	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(q, s, n);
	q[n] = '\0';
}

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

enum date_status date_check(const struct date *d, char *err, size_t errsize)
{
	if (d->year < YEAR_MIN || d->year > YEAR_MAX) {
		errf(err, errsize, "year %04d is outside %d..%d", d->year, YEAR_MIN, YEAR_MAX);
		return DATE_RANGE;
	}
	if (d->month < 0 || d->month > 12 || (d->month == 0 && d->day != 0)) {
		errf(err, errsize, "month %d does not exist", d->month);
		return DATE_RANGE;
	}
	if (d->day < 0 || (d->month && d->day > date_days_in_month(d->year, d->month))) {
		errf(err, errsize, "day %d does not exist in %s %d", d->day, month_en[d->month],
		     d->year);
		return DATE_RANGE;
	}
	return DATE_OK;
}

size_t date_format(const struct date *d, char iso[DATE_ISO_SIZE])
{
	/* fields are range-checked, so the output always fits */
	int y = d->year % 10000 < 0 ? 0 : d->year % 10000;
	int m = d->month % 100 < 0 ? 0 : d->month % 100;
	int dd = d->day % 100 < 0 ? 0 : d->day % 100;
	if (m == 0)
		return (size_t)snprintf(iso, DATE_ISO_SIZE, "%04d", y);
	if (dd == 0)
		return (size_t)snprintf(iso, DATE_ISO_SIZE, "%04d-%02d", y, m);
	return (size_t)snprintf(iso, DATE_ISO_SIZE, "%04d-%02d-%02d", y, m, dd);
}

int date_compare(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum date_status date_parse_iso(const char *s, size_t len, struct date *out,
                                char *err, size_t errsize)
{
	struct date d = { 0, 0, 0 };
	if (len == 0) {
		errf(err, errsize, "empty date");
		return DATE_EMPTY;
	}
	if (!((len == 4 || len == 7 || len == 10) && digits(s, 4)
	      && (len < 7 || (s[4] == '-' && digits(s + 5, 2)))
	      && (len < 10 || (s[7] == '-' && digits(s + 8, 2))))) {
		char q[48];
		quote_input(q, sizeof q, s, len);
		errf(err, errsize, "not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): \"%s\"", q);
		return DATE_SYNTAX;
	}
	d.year = num(s, 4);
	if (len >= 7) {
		d.month = num(s + 5, 2);
		if (d.month == 0) {
			errf(err, errsize, "month 0 does not exist");
			return DATE_RANGE;
		}
	}
	if (len == 10) {
		d.day = num(s + 8, 2);
		if (d.day == 0) {
			errf(err, errsize, "day 0 does not exist in %s %d", month_en[d.month > 12 ? 0 : d.month],
			     d.year);
			return DATE_RANGE;
		}
	}
	enum date_status st = date_check(&d, err, errsize);
	if (st == DATE_OK && out)
		*out = d;
	return st;
}

bool date_valid_iso(const char *s, size_t len)
{
	return date_parse_iso(s, len, NULL, NULL, 0) == DATE_OK;
}

int date_compare_iso(const char *a, size_t alen, const char *b, size_t blen)
{
	struct date da, db;
	bool va = date_parse_iso(a, alen, &da, NULL, 0) == DATE_OK;
	bool vb = date_parse_iso(b, blen, &db, NULL, 0) == DATE_OK;
	if (va && vb)
		return date_compare(&da, &db);
	if (va != vb)
		return va ? 1 : -1;
	size_t n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);
	if (c)
		return c < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

/* ---- Free-form parsing ---- */

enum tok_kind { T_NUM, T_MONTH };

struct tok {
	enum tok_kind kind;
	int value;        /* number, or month 1..12 */
	int ndigits;
	char sep;         /* separator before it: 0 (none), ' ', '.', '/', '-' */
};

static int month_of(const char *w)
{
	for (size_t i = 0; i < sizeof month_names / sizeof month_names[0]; i++)
		if (!strcmp(w, month_names[i].name))
			return month_names[i].month;
	for (int m = 0; m < 12; m++) {
		if (!strcmp(w, est_months[m].nom))
			return m + 1;
		size_t g = strlen(est_months[m].gen);
		if (!strncmp(w, est_months[m].gen, g))
			for (size_t e = 0; e < sizeof est_endings / sizeof est_endings[0]; e++)
				if (!strcmp(w + g, est_endings[e]))
					return m + 1;
	}
	return 0;
}

static bool is_noise(const char *w)
{
	for (size_t i = 0; i < sizeof noise_words / sizeof noise_words[0]; i++)
		if (!strcmp(w, noise_words[i]))
			return true;
	return false;
}

static char sep_of(ucs4_t c)
{
	switch (c) {
	case ' ': case '\t': case 0xA0: case 0x202F: case ',':
		return ' ';
	case '.': case '/': case '-':
		return (char)c;
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
		return '-';
	default:
		return '?';
	}
}

static enum date_status fail_syntax(const char *s, size_t len, char *err, size_t errsize)
{
	char q[64];
	quote_input(q, sizeof q, s, len);
	errf(err, errsize, "not a date: \"%s\"", q);
	return DATE_SYNTAX;
}

/* Turn the text into numbers and month names, dropping noise words. */
static enum date_status tokenize(const char *s, size_t len, struct tok *t, int *nt,
                                 char *err, size_t errsize)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	char sep = 0;
	*nt = 0;
	while (p < end) {
		ucs4_t c;
		int n = u8_mbtouc(&c, p, (size_t)(end - p));
		if (c == 0xFFFD) {
			errf(err, errsize, "date is not valid UTF-8");
			return DATE_SYNTAX;
		}
		if (c >= '0' && c <= '9') {
			const uint8_t *q = p;
			while (q < end && *q >= '0' && *q <= '9')
				q++;
			if (*nt == MAX_TOKENS || q - p > 8)
				return fail_syntax(s, len, err, errsize);
			t[*nt] = (struct tok){ T_NUM, num((const char *)p, (size_t)(q - p)),
			                       (int)(q - p), sep };
			(*nt)++;
			sep = 0;
			p = q;
		} else if (uc_is_alpha(c)) {
			const uint8_t *q = p;
			while (q < end) {
				ucs4_t c2;
				int n2 = u8_mbtouc(&c2, q, (size_t)(end - q));
				if (!uc_is_alpha(c2) && !uc_is_general_category(c2, UC_CATEGORY_M))
					break;
				q += n2;
			}
			char w[WORD_MAX + 1];
			size_t wl = WORD_MAX;
			uint8_t *lw = u8_tolower(p, (size_t)(q - p), NULL, UNINORM_NFC,
			                         (uint8_t *)w, &wl);
			bool fits = lw == (uint8_t *)w && wl < sizeof w;
			if (lw && lw != (uint8_t *)w)
				free(lw);
			if (!fits) {
				errf(err, errsize, "unknown word in date");
				return DATE_SYNTAX;
			}
			w[wl] = '\0';
			int m = month_of(w);
			if (m) {
				if (*nt == MAX_TOKENS)
					return fail_syntax(s, len, err, errsize);
				t[(*nt)++] = (struct tok){ T_MONTH, m, 0, sep };
				sep = 0;
			} else if (!is_noise(w)) {
				char q2[64];
				quote_input(q2, sizeof q2, s, len);
				errf(err, errsize, "unknown word \"%s\" in date \"%s\"", w, q2);
				return DATE_SYNTAX;
			}
			p = q;
		} else {
			char k = sep_of(c);
			if (k == '?')
				return fail_syntax(s, len, err, errsize);
			/* a mark beats blanks in a run of separators: "17. 01. 2019" */
			if (sep == 0 || sep == ' ')
				sep = k;
			p += n;
		}
	}
	return DATE_OK;
}

static bool is_year(const struct tok *t)
{
	return t->kind == T_NUM && t->ndigits == 4;
}

static bool is_small(const struct tok *t)
{
	return t->kind == T_NUM && t->ndigits <= 2;
}

enum date_status date_parse(const char *s, size_t len, struct date *out,
                            char iso[DATE_ISO_SIZE], char *err, size_t errsize)
{
	/* trim blanks (ASCII and no-break space) */
	while (len && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	while (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		s += 2, len -= 2;
	while (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
		len -= 2;
	if (len == 0) {
		errf(err, errsize, "empty date");
		return DATE_EMPTY;
	}

	struct tok t[MAX_TOKENS];
	int nt = 0;
	enum date_status st = tokenize(s, len, t, &nt, err, errsize);
	if (st)
		return st;

	struct date d = { 0, 0, 0 };
	int nmonth = 0, mi = -1;
	for (int i = 0; i < nt; i++)
		if (t[i].kind == T_MONTH)
			nmonth++, mi = i;

	bool two_digit_year = false;
	if (nmonth == 0) {
		/* numbers only: the separators between them must agree */
		if (nt == 3 && t[1].sep != t[2].sep)
			return fail_syntax(s, len, err, errsize);
		if (nt == 1 && t[0].ndigits == 4) {
			d.year = t[0].value;
		} else if (nt == 1 && t[0].ndigits == 8) {
			d.year = t[0].value / 10000;
			d.month = t[0].value / 100 % 100;
			d.day = t[0].value % 100;
		} else if (nt == 2 && is_year(&t[0]) && is_small(&t[1])) {
			d.year = t[0].value;
			d.month = t[1].value;
		} else if (nt == 2 && is_small(&t[0]) && is_year(&t[1])) {
			d.month = t[0].value;
			d.year = t[1].value;
		} else if (nt == 3 && is_year(&t[0]) && is_small(&t[1]) && is_small(&t[2])) {
			d.year = t[0].value;
			d.month = t[1].value;
			d.day = t[2].value;
		} else if (nt == 3 && is_small(&t[0]) && is_small(&t[1]) && is_year(&t[2])) {
			d.day = t[0].value;
			d.month = t[1].value;
			d.year = t[2].value;
		} else if (nt == 3 && is_small(&t[0]) && is_small(&t[1]) && t[2].ndigits == 2) {
			two_digit_year = true;
		} else {
			return fail_syntax(s, len, err, errsize);
		}
	} else if (nmonth == 1 && nt <= 3) {
		/* one month name and at most a day and a year, in any usual order */
		const struct tok *y = NULL, *dd = NULL;
		for (int i = 0; i < nt; i++) {
			if (i == mi)
				continue;
			if (is_year(&t[i]) && !y)
				y = &t[i];
			else if (is_small(&t[i]) && !dd)
				dd = &t[i];
			else if (t[i].kind == T_NUM && t[i].ndigits == 2 && !y)
				two_digit_year = true;
			else
				return fail_syntax(s, len, err, errsize);
		}
		if (two_digit_year) {
			/* reported below */
		} else if (!y) {
			char q[64];
			quote_input(q, sizeof q, s, len);
			errf(err, errsize, "no year in date \"%s\"", q);
			return DATE_SYNTAX;
		} else {
			d.year = y->value;
			d.month = t[mi].value;
			if (dd) {
				d.day = dd->value;
				if (d.day == 0) {
					errf(err, errsize, "day 0 does not exist in %s %d",
					     month_en[d.month], d.year);
					return DATE_RANGE;
				}
			}
		}
	} else {
		return fail_syntax(s, len, err, errsize);
	}
	if (two_digit_year) {
		char q[64];
		quote_input(q, sizeof q, s, len);
		errf(err, errsize, "two-digit year in \"%s\" is ambiguous: write it in full", q);
		return DATE_SYNTAX;
	}

	/* zeros where a month or a day was written are errors, not "absent" */
	if (nmonth == 0 && nt >= 2 && d.month == 0) {
		if (d.year < YEAR_MIN || d.year > YEAR_MAX)
			return date_check(&d, err, errsize);
		errf(err, errsize, "month 0 does not exist");
		return DATE_RANGE;
	}
	if (nmonth == 0 && (nt == 3 || t[0].ndigits == 8) && d.day == 0) {
		if (d.year < YEAR_MIN || d.year > YEAR_MAX || d.month > 12)
			return date_check(&d, err, errsize);
		errf(err, errsize, "day 0 does not exist in %s %d", month_en[d.month], d.year);
		return DATE_RANGE;
	}
	st = date_check(&d, err, errsize);
	if (st)
		return st;
	if (out)
		*out = d;
	if (iso)
		date_format(&d, iso);
	return DATE_OK;
}
