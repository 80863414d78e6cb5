#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

#include <accord/fold.h>

bool fold_valid_utf8(const char *s, size_t len)
{
	return u8_check((const uint8_t *)s, len) == NULL;
}

/* libunistring results are not NUL-terminated: copy into a C string. */
static char *to_cstr(uint8_t *buf, size_t len)
{
	char *s = realloc(buf, len + 1);
	if (!s) {
		free(buf);
		return NULL;
	}
	s[len] = '\0';
	return s;
}

char *fold_nfc(const char *s, size_t len)
{
	if (!fold_valid_utf8(s, len))
		return NULL;
	if (len == 0 || fold_is_nfc_quick(s, len))
		return strndup(s, len);
	size_t n = 0;
	uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
	return r ? to_cstr(r, n) : NULL;
}

/* The one-to-one replacements that make a key forgiving of how people type. */
static ucs4_t key_map(ucs4_t c)
{
	switch (c) {
	case 0x0451: return 0x0435;          /* ё → е */
	case 0x2019: case 0x2018: case 0x02BC: case 0x02B9: case 0x0060:
	case 0x00B4: case 0x2032: case 0x02BB: case 0xFF07:
		return '\'';
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212:
		return '-';
	default:
		return c;
	}
}

/* Code points whose text is NFC whatever surrounds them and whose full
 * case folding is their simple lower case: most of what partners write
 * (ASCII, Latin-1, Latin Extended-A, Cyrillic, common punctuation). Text
 * made only of them takes the fast path; anything else (combining marks,
 * ß, µ, İ, ŉ, ſ, Greek, CJK, …) goes through libunistring. */
static bool simple_cp(ucs4_t c)
{
	if (c < 0x80)
		return true;
	if (c >= 0xA0 && c <= 0x17F)
		return c != 0xB5 && c != 0xDF && c != 0x130 && c != 0x149 && c != 0x17F;
	if (c >= 0x400 && c <= 0x52F)
		return c < 0x483 || c > 0x489;
	return (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) || c == 0x2116 ||
	       c == 0x20AC || c == 0x02BB || c == 0x02BC;
}

bool fold_is_nfc_quick(const char *s, size_t len)
{
	if (!len)
		return true;  /* s may be NULL: no pointer arithmetic on it */
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		ucs4_t c;
		int l = u8_mbtouc(&c, p, (size_t)(end - p));
		if (c == 0xFFFD || !simple_cp(c))
			return false;
		p += l;
	}
	return true;
}

/* Append the key form of c to out (at *o), tracking white space. */
static void key_put(char *out, size_t *o, size_t cap, ucs4_t c, bool *space)
{
	/* Soft hyphens are invisible; quotes are written «…», "…", „…“ or
	 * left out altogether, so a key has none. */
	if (c == 0x00AD || c == '"' || c == 0x00AB || c == 0x00BB || (c >= 0x201C && c <= 0x201F) ||
	    c == 0x2039 || c == 0x203A)
		return;
	if (uc_is_space(c) || c == 0x00A0 || c == 0x202F || c == 0x2007 || c == '\t') {
		*space = *o > 0;
		return;
	}
	c = key_map(c);
	if (*space) {
		out[(*o)++] = ' ';
		*space = false;
	}
	int w = u8_uctomb((uint8_t *)out + *o, c, (int)(cap - *o));
	if (w > 0)
		*o += (size_t)w;
}

char *fold_key(const char *s, size_t len)
{
	if (!s && !len)
		s = "";  /* an empty cell may come as NULL: no arithmetic on it */
	if (!fold_valid_utf8(s, len))
		return NULL;
	if (fold_is_nfc_quick(s, len)) {
		/* Lower case never lengthens these code points' UTF-8. */
		char *out = malloc(len + 1);
		if (!out)
			return NULL;
		size_t o = 0;
		bool space = false;
		const uint8_t *p = (const uint8_t *)s, *end = p + len;
		while (p < end) {
			ucs4_t c;
			if (*p < 0x80)
				c = *p++;
			else
				p += u8_mbtouc(&c, p, (size_t)(end - p));
			key_put(out, &o, len + 1, c < 0x80 ? (ucs4_t)(c >= 'A' && c <= 'Z' ? c + 32 : c) : uc_tolower(c),
			        &space);
		}
		out[o] = '\0';
		return out;
	}
	size_t n = 0;
	uint8_t *f = len ? u8_casefold((const uint8_t *)s, len, NULL, UNINORM_NFC, NULL, &n)
	                 : NULL;
	if (len && !f)
		return NULL;
	/* Replacements never lengthen UTF-8 (each maps to a shorter or equal
	 * encoding), so n + 1 bytes suffice. */
	char *out = malloc(n + 1);
	if (!out) {
		free(f);
		return NULL;
	}
	size_t o = 0;
	bool space = false;
	const uint8_t *p = f, *end = f + n;
	while (p && p < end) {
		ucs4_t c;
		p += u8_mbtouc(&c, p, (size_t)(end - p));
		key_put(out, &o, n + 1, c, &space);
	}
	out[o] = '\0';
	free(f);
	return out;
}

size_t fold_width(const char *s, size_t len)
{
	size_t w = 0;
	const uint8_t *p = (const uint8_t *)s, *end = p + len;
	while (p < end) {
		ucs4_t c;
		int l = u8_mbtouc(&c, p, (size_t)(end - p));
		p += l > 0 ? l : 1;
		int cw = uc_width(c, "UTF-8");
		w += cw < 0 ? 1 : (size_t)cw;
	}
	return w;
}

size_t fold_cut(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}
