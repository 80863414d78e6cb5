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
	if (len == 0)
		return strdup("");
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
	case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x201E:
	case 0x201F: case 0x2039: case 0x203A:
		return '"';
	default:
		return c;
	}
}

char *fold_key(const char *s, size_t len)
{
	if (!fold_valid_utf8(s, len))
		return NULL;
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
		int l = u8_mbtouc(&c, p, (size_t)(end - p));
		p += l;
		if (c == 0x00AD)              /* soft hyphen: invisible, drop */
			continue;
		if (uc_is_space(c) || c == 0x00A0 || c == 0x202F || c == 0x2007 || c == '\t') {
			space = o > 0;
			continue;
		}
		c = key_map(c);
		if (space) {
			out[o++] = ' ';
			space = false;
		}
		int w = u8_uctomb((uint8_t *)out + o, c, (int)(n + 1 - o));
		if (w > 0)
			o += (size_t)w;
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
