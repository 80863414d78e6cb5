/* collate: people-right ordering of names (see collate.h for the rules).
 *
 * The comparison streams both strings through an iterator that yields
 * primary weights one at a time, so most comparisons stop after a few
 * characters and allocate nothing; collate_key writes the same weights. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "accord/collate.h"

/* Primary weights: 3 bytes each in a key, never starting with 0x00 so the
 * key's level separator sorts below every weight. */
#define W_SPACE     0x010000u
#define W_RUN       0x020000u   /* + number of significant digits */
#define W_DIGIT     0x030000u   /* + digit value */
#define W_LATIN     0x100000u   /* + position in latin_order */
#define W_CYRILLIC  0x110000u   /* + position in the Cyrillic order */
#define W_OTHER     0x200000u   /* + code point */

/* Cyrillic U+0430..U+045F (lower case) -> position in
 * а ә б в г ґ ғ ѓ д ђ е є ж з ѕ и і ї й ј к қ ќ л љ м н ң њ о ө п р с т ћ
 * у ў ұ ү ф х һ ц ч џ ш щ ъ ы ь э ю я; ё and ѐ share е, ѝ shares и. */
static const unsigned char cyr_pos[48] = {
	1, 3, 4, 5, 9, 11, 13, 14, 16, 19, 21, 24, 26, 27, 30, 32,
	33, 34, 35, 37, 41, 42, 44, 45, 47, 48, 49, 50, 51, 52, 53, 54,
	11, 11, 10, 8, 12, 15, 17, 18, 20, 25, 29, 36, 23, 16, 38, 46,
};

/* Latin in the Estonian order: a .. s š z ž t u v w õ ä ö ü x y. */
static uint32_t latin_weight(ucs4_t c)
{
	if (c >= 'a' && c <= 'z') {
		static const unsigned char pos[26] = {
			/* a..s */
			2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38,
			/* t u v w x y */
			46, 48, 50, 52, 62, 64,
			/* z */
			42,
		};
		return W_LATIN + pos[c - 'a'];
	}
	switch (c) {
	case 0x161: return W_LATIN + 40;  /* š */
	case 0x17E: return W_LATIN + 44;  /* ž */
	case 0xF5:  return W_LATIN + 54;  /* õ */
	case 0xE4:  return W_LATIN + 56;  /* ä */
	case 0xF6:  return W_LATIN + 58;  /* ö */
	case 0xFC:  return W_LATIN + 60;  /* ü */
	}
	return 0;
}

/* Letters of other alphabets that sort as one or two Latin letters. */
static int latin_expansion(ucs4_t c, ucs4_t out[2])
{
	switch (c) {
	case 0xDF: out[0] = 's'; out[1] = 's'; return 2;   /* ß */
	case 0xE6: out[0] = 'a'; out[1] = 'e'; return 2;   /* æ */
	case 0x153: out[0] = 'o'; out[1] = 'e'; return 2;  /* œ */
	case 0xFE: out[0] = 't'; out[1] = 'h'; return 2;   /* þ */
	case 0xF8: out[0] = 'o'; return 1;                 /* ø */
	case 0x142: out[0] = 'l'; return 1;                /* ł */
	case 0x111: case 0xF0: out[0] = 'd'; return 1;     /* đ ð */
	case 0x131: out[0] = 'i'; return 1;                /* ı */
	case 0x127: out[0] = 'h'; return 1;                /* ħ */
	}
	return 0;
}

static uint32_t cyrillic_weight(ucs4_t c)
{
	if (c >= 0x430 && c <= 0x45F)
		return cyr_pos[c - 0x430] ? W_CYRILLIC + 2u * cyr_pos[c - 0x430] : 0;
	switch (c) {
	case 0x4D9: return W_CYRILLIC + 2 * 2;   /* ә */
	case 0x491: return W_CYRILLIC + 2 * 6;   /* ґ */
	case 0x493: return W_CYRILLIC + 2 * 7;   /* ғ */
	case 0x49B: return W_CYRILLIC + 2 * 22;  /* қ */
	case 0x4A3: return W_CYRILLIC + 2 * 28;  /* ң */
	case 0x4E9: return W_CYRILLIC + 2 * 31;  /* ө */
	case 0x4B1: return W_CYRILLIC + 2 * 39;  /* ұ */
	case 0x4AF: return W_CYRILLIC + 2 * 40;  /* ү */
	case 0x4BB: return W_CYRILLIC + 2 * 43;  /* һ */
	}
	return 0;
}

enum cls { C_IGNORE, C_SPACE, C_LETTER };

/* Weights of one (lower-cased) character: returns the class and, for
 * letters, one or two weights. */
static enum cls classify(ucs4_t c, uint32_t w[2], int *nw)
{
	*nw = 1;
	if ((w[0] = latin_weight(c)) || (w[0] = cyrillic_weight(c)))
		return C_LETTER;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '_'
	    || uc_is_general_category(c, UC_CATEGORY_Z)
	    || uc_is_general_category(c, UC_CATEGORY_Pd))
		return C_SPACE;
	if (c < 0x80)
		return C_IGNORE;   /* ASCII punctuation, symbols, controls */
	/* Latin letters with accents: strip to the base letter, stopping at
	 * a letter with its own place (š ž õ ä ö ü). */
	if ((c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF)) {
		ucs4_t e[2];
		int n = latin_expansion(c, e);
		if (n) {
			w[0] = latin_weight(e[0]);
			if (n == 2)
				w[1] = latin_weight(e[1]);
			*nw = n;
			return C_LETTER;
		}
		ucs4_t d = c, buf[UC_DECOMPOSITION_MAX_LENGTH];
		while (!latin_weight(d) && uc_canonical_decomposition(d, buf) > 0)
			d = buf[0];
		if ((w[0] = latin_weight(d)))
			return C_LETTER;
	}
	if (c >= 0x400 && c <= 0x4FF) {
		/* other Cyrillic letters with marks (ѐ ѝ ӂ ...) as their base */
		ucs4_t d = c, buf[UC_DECOMPOSITION_MAX_LENGTH];
		while (!cyrillic_weight(d) && uc_canonical_decomposition(d, buf) > 0)
			d = buf[0];
		if ((w[0] = cyrillic_weight(d)))
			return C_LETTER;
	}
	if (uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_N)) {
		w[0] = W_OTHER + c;
		return C_LETTER;
	}
	return C_IGNORE;   /* punctuation, symbols, marks, controls, format */
}

struct iter {
	const uint8_t *p, *end;
	uint32_t pend[3];
	int ipend, npend;
	const uint8_t *dig;   /* digits of a run still to yield */
	size_t ndig;
	bool started;         /* a weight has been yielded (no leading space) */
	bool space;           /* a word break is waiting for the next weight */
};

static void iter_init(struct iter *it, const uint8_t *s, size_t len)
{
	*it = (struct iter){ .p = s, .end = s + len };
}

/* The next primary weight, 0 at the end. */
static uint32_t iter_next(struct iter *it)
{
	if (it->ipend < it->npend)
		return it->pend[it->ipend++];
	if (it->ndig) {
		it->ndig--;
		return W_DIGIT + (uint32_t)(*it->dig++ - '0');
	}
	while (it->p < it->end) {
		uint32_t w[2];
		int nw = 0;
		enum cls k;
		if (*it->p >= '0' && *it->p <= '9') {
			/* a number: its length, then its digits, leading zeros off */
			const uint8_t *q = it->p;
			while (q < it->end && *q >= '0' && *q <= '9')
				q++;
			const uint8_t *sig = it->p;
			while (sig + 1 < q && *sig == '0')
				sig++;
			size_t n = (size_t)(q - sig);
			w[0] = W_RUN + (uint32_t)(n > 0xFFFF ? 0xFFFF : n);
			nw = 1;
			it->dig = sig;
			it->ndig = n;
			it->p = q;
			k = C_LETTER;
		} else {
			ucs4_t c;
			it->p += u8_mbtouc(&c, it->p, (size_t)(it->end - it->p));
			k = classify(uc_tolower(c), w, &nw);
		}
		if (k == C_IGNORE)
			continue;
		if (k == C_SPACE) {
			it->space = it->started;
			continue;
		}
		it->ipend = it->npend = 0;
		if (it->space)
			it->pend[it->npend++] = W_SPACE;
		for (int i = 0; i < nw; i++)
			it->pend[it->npend++] = w[i];
		it->space = false;
		it->started = true;
		return it->pend[it->ipend++];
	}
	return 0;
}

/* Text with combining marks of the common block (U+0300..U+036F) may be
 * decomposed: compose it so that "e" + U+0308 sorts as "ë". */
static bool maybe_decomposed(const char *s, size_t len)
{
	return memchr(s, 0xCC, len) || memchr(s, 0xCD, len);
}

static uint8_t *nfc(const char *s, size_t len, size_t *outlen)
{
	return u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, outlen);
}

static int cmp_primary(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	struct iter ia, ib;
	iter_init(&ia, a, alen);
	iter_init(&ib, b, blen);
	for (;;) {
		uint32_t wa = iter_next(&ia), wb = iter_next(&ib);
		if (wa != wb)
			return wa < wb ? -1 : 1;
		if (wa == 0)
			return 0;
	}
}

static int cmp_lower(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	const uint8_t *ae = a + alen, *be = b + blen;
	while (a < ae && b < be) {
		ucs4_t ca, cb;
		a += u8_mbtouc(&ca, a, (size_t)(ae - a));
		b += u8_mbtouc(&cb, b, (size_t)(be - b));
		ca = uc_tolower(ca);
		cb = uc_tolower(cb);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return a < ae ? 1 : b < be ? -1 : 0;
}

int collate_compare(const char *a, size_t alen, const char *b, size_t blen)
{
	uint8_t *na = NULL, *nb = NULL;
	const uint8_t *pa = (const uint8_t *)a, *pb = (const uint8_t *)b;
	size_t la = alen, lb = blen;
	/* on ENOMEM the unnormalised text is used: still a total order */
	if (maybe_decomposed(a, alen) && (na = nfc(a, alen, &la)))
		pa = na;
	else
		la = alen;
	if (maybe_decomposed(b, blen) && (nb = nfc(b, blen, &lb)))
		pb = nb;
	else
		lb = blen;
	int r = cmp_primary(pa, la, pb, lb);
	if (r == 0)
		r = cmp_lower(pa, la, pb, lb);
	free(na);
	free(nb);
	if (r)
		return r;
	size_t n = alen < blen ? alen : blen;
	r = memcmp(a, b, n);
	if (r)
		return r < 0 ? -1 : 1;
	return alen < blen ? -1 : alen > blen;
}

int collate_sqlite(void *ud, int alen, const void *a, int blen, const void *b)
{
	(void)ud;
	return collate_compare(a, alen > 0 ? (size_t)alen : 0, b, blen > 0 ? (size_t)blen : 0);
}

unsigned char *collate_key(const char *s, size_t len, size_t *keylen)
{
	uint8_t *ns = NULL;
	const uint8_t *p = (const uint8_t *)s;
	size_t n = len;
	if (maybe_decomposed(s, len) && (ns = nfc(s, len, &n)))
		p = ns;
	else
		n = len;

	/* Upper bounds: at most 2 weights + a word break per input byte (a
	 * digit run: 1 + its digits); lower-casing can grow a character to
	 * at most 3 bytes per input byte. */
	size_t cap = n * 9 + 1 + n * 3 + 1 + len;
	unsigned char *key = malloc(cap ? cap : 1);
	if (!key) {
		free(ns);
		return NULL;
	}
	size_t k = 0;
	struct iter it;
	iter_init(&it, p, n);
	uint32_t w;
	while ((w = iter_next(&it)) != 0) {
		key[k++] = (unsigned char)(w >> 16);
		key[k++] = (unsigned char)(w >> 8);
		key[k++] = (unsigned char)w;
	}
	key[k++] = 0;
	const uint8_t *q = p, *end = p + n;
	while (q < end) {
		ucs4_t c;
		q += u8_mbtouc(&c, q, (size_t)(end - q));
		int m = u8_uctomb(key + k, uc_tolower(c), (int)(cap - k));
		if (m > 0)
			k += (size_t)m;
	}
	key[k++] = 0;
	memcpy(key + k, s, len);
	k += len;
	free(ns);
	*keylen = k;
	return key;
}
