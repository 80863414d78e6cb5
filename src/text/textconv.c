/* Conversion between the supported charsets and NFC UTF-8, via iconv.
 *
 * iconv does the byte work; this file adds what iconv lacks: positions
 * (line and column) for the first bad byte, state across chunk boundaries
 * (a multibyte character split between two chunks, an NFC composition
 * split between two chunks), BOM handling, and the alias table. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include <accord/fold.h>
#include <accord/textconv.h>

/* Longest incomplete character iconv can leave at the end of a chunk. */
#define PEND_MAX 8

struct textconv {
	iconv_t cd;
	enum textconv_dir dir;
	const char *charset;        /* canonical */
	unsigned char pend[PEND_MAX];
	size_t npend;
	struct textconv_buf hold;   /* decoded text not yet NFC-normalised */
	long line, col;             /* characters already converted */
	bool started;               /* first output seen (BOM dropped) */
	bool bom_checked;           /* UTF-16 byte order mark looked at */
	bool translit;
	bool failed;
	/* Encoding to a single-byte charset: code point (BMP) -> byte + 1, 0
	 * for none; built from iconv's own tables at open, so that the bytes
	 * are iconv's, without a call per record. NULL: iconv does it all. */
	uint16_t *sb;
};

/* Alias (lower case, without '-', '_', ' ' and '.') -> canonical name. */
static const struct alias {
	const char *key, *name;
} aliases[] = {
	{ "utf8", "UTF-8" }, { "utf8bom", "UTF-8" }, { "utf8sig", "UTF-8" },
	{ "utf16le", "UTF-16LE" }, { "utf16be", "UTF-16BE" },
	{ "utf16", "UTF-16LE" }, { "unicode", "UTF-16LE" }, { "ucs2le", "UTF-16LE" },
	{ "usascii", "US-ASCII" }, { "ascii", "US-ASCII" }, { "ansix3.41968", "US-ASCII" },
	{ "windows1251", "WINDOWS-1251" }, { "cp1251", "WINDOWS-1251" },
	{ "win1251", "WINDOWS-1251" }, { "1251", "WINDOWS-1251" },
	{ "mscyrl", "WINDOWS-1251" }, { "xcp1251", "WINDOWS-1251" },
	{ "koi8r", "KOI8-R" }, { "koi8", "KOI8-R" }, { "cskoi8r", "KOI8-R" },
	{ "koi8u", "KOI8-U" }, { "koi8ru", "KOI8-RU" },
	{ "ibm866", "IBM866" }, { "cp866", "IBM866" }, { "866", "IBM866" },
	{ "dos866", "IBM866" }, { "csibm866", "IBM866" }, { "alt", "IBM866" },
	{ "cp1125", "CP1125" }, { "1125", "CP1125" }, { "ruscii", "CP1125" },
	{ "ibm848", "CP1125" },
	{ "iso88595", "ISO-8859-5" }, { "cyrillic", "ISO-8859-5" },
	{ "maccyrillic", "MACCYRILLIC" }, { "xmaccyrillic", "MACCYRILLIC" },
	{ "maccyr", "MACCYRILLIC" }, { "cp10007", "MACCYRILLIC" },
	{ "pt154", "PT154" }, { "ptcp154", "PT154" }, { "cp154", "PT154" },
	{ "cyrillicasian", "PT154" },
	{ "kz1048", "KZ-1048" }, { "rk1048", "KZ-1048" }, { "strk10482002", "KZ-1048" },
	{ "windows1257", "WINDOWS-1257" }, { "cp1257", "WINDOWS-1257" },
	{ "win1257", "WINDOWS-1257" }, { "1257", "WINDOWS-1257" },
	{ "iso885913", "ISO-8859-13" }, { "latin7", "ISO-8859-13" },
	{ "iso885915", "ISO-8859-15" }, { "latin9", "ISO-8859-15" }, { "latin0", "ISO-8859-15" },
	{ "iso88594", "ISO-8859-4" }, { "latin4", "ISO-8859-4" },
	{ "iso88591", "ISO-8859-1" }, { "latin1", "ISO-8859-1" }, { "l1", "ISO-8859-1" },
	{ "windows1252", "WINDOWS-1252" }, { "cp1252", "WINDOWS-1252" },
	{ "win1252", "WINDOWS-1252" }, { "1252", "WINDOWS-1252" },
};

const char *textconv_canonical(const char *name)
{
	char key[32];
	size_t k = 0;
	if (!name)
		return NULL;
	for (const char *p = name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == ' ')
			continue;
		if (k + 1 >= sizeof key)
			return NULL;
		key[k++] = (char)tolower((unsigned char)*p);
	}
	key[k] = '\0';
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(aliases[i].key, key) == 0)
			return aliases[i].name;
	return NULL;
}

const char *textconv_iconv_name(const char *canonical)
{
	if (canonical && strcmp(canonical, "KZ-1048") == 0)
		return "RK1048";
	return canonical;
}

void textconv_buf_free(struct textconv_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Room for n more bytes and the NUL. */
static int buf_reserve(struct textconv_buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return TEXTCONV_ENOMEM;
		b->data = d;
		b->cap = cap;
	}
	return TEXTCONV_OK;
}

static int buf_append(struct textconv_buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) != TEXTCONV_OK)
		return TEXTCONV_ENOMEM;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TEXTCONV_OK;
}

/* The reverse table of a single-byte charset (see struct textconv), or
 * NULL when the charset is not one (UTF-16, a byte decoding to several
 * characters) or memory is short: iconv is then used throughout. Every
 * entry is checked against the encoder enc itself. */
static uint16_t *single_byte_table(iconv_t enc, const char *iname)
{
	iconv_t dec = iconv_open("UTF-32LE", iname);
	if (dec == (iconv_t)-1)
		return NULL;
	uint16_t *t = calloc(0x10000, sizeof *t);
	bool ok = t != NULL;
	for (unsigned b = 0; ok && b < 256; b++) {
		char in = (char)b, u32[16], *ip = &in, *op = u32;
		size_t il = 1, ol = sizeof u32;
		iconv(dec, NULL, NULL, NULL, NULL);
		if (iconv(dec, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno == EILSEQ)
				continue;   /* no character: nothing maps to it */
			ok = false;     /* incomplete: a multibyte charset */
			break;
		}
		if (op - u32 != 4) {
			ok = false;
			break;
		}
		uint32_t cp = (uint32_t)(unsigned char)u32[0] | (uint32_t)(unsigned char)u32[1] << 8 |
		              (uint32_t)(unsigned char)u32[2] << 16 | (uint32_t)(unsigned char)u32[3] << 24;
		if (cp >= 0x10000)
			continue;
		/* What iconv writes for this character must be this byte. */
		uint8_t u8[8];
		int n8 = u8_uctomb(u8, cp, sizeof u8);
		if (n8 <= 0)
			continue;
		char back[8], *bp = back, *u8p = (char *)u8;
		size_t bl = sizeof back, u8l = (size_t)n8;
		iconv(enc, NULL, NULL, NULL, NULL);
		if (iconv(enc, &u8p, &u8l, &bp, &bl) != (size_t)-1 && bp - back == 1 && (unsigned char)back[0] == b)
			t[cp] = (uint16_t)(b + 1);
	}
	iconv(enc, NULL, NULL, NULL, NULL);
	iconv_close(dec);
	if (!ok) {
		free(t);
		return NULL;
	}
	return t;
}

struct textconv *textconv_open(const char *charset, enum textconv_dir dir, unsigned flags)
{
	const char *canon = textconv_canonical(charset);
	if (!canon) {
		errno = EINVAL;
		return NULL;
	}
	struct textconv *tc = calloc(1, sizeof *tc);
	if (!tc) {
		errno = ENOMEM;
		return NULL;
	}
	const char *iname = textconv_iconv_name(canon);
	if (dir == TEXTCONV_DECODE) {
		tc->cd = iconv_open("UTF-8", iname);
	} else {
		/* Not iconv's //TRANSLIT: glibc's depends on the locale (in the C
		 * locale it gives '?' for nearly everything); see translit(). */
		tc->cd = iconv_open(iname, "UTF-8");
		tc->translit = (flags & TEXTCONV_TRANSLIT) != 0;
	}
	if (tc->cd == (iconv_t)-1) {
		int e = errno;
		free(tc);
		errno = e == ENOMEM ? ENOMEM : EINVAL;
		return NULL;
	}
	tc->dir = dir;
	tc->charset = canon;
	tc->line = 1;
	if (dir == TEXTCONV_ENCODE)
		tc->sb = single_byte_table(tc->cd, iname);
	return tc;
}

void textconv_close(struct textconv *tc)
{
	if (!tc)
		return;
	iconv_close(tc->cd);
	textconv_buf_free(&tc->hold);
	free(tc->sb);
	free(tc);
}

/* Advance line/column over UTF-8 text. */
static void count_pos(struct textconv *tc, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n') {
			tc->line++;
			tc->col = 0;
		} else if ((c & 0xC0) != 0x80) {
			tc->col++;
		}
	}
}

/* NFC-normalise and emit held text up to (not including) its last ASCII
 * byte, or all of it at the end. An ASCII character is a starter that no
 * later character can compose into the text before it, so the cut is
 * safe; a combining mark in the next chunk may still join the held one. */
static int flush_hold(struct textconv *tc, struct textconv_buf *out, bool all)
{
	struct textconv_buf *h = &tc->hold;
	size_t cut = h->len;
	if (!all) {
		while (cut > 0 && (unsigned char)h->data[cut - 1] >= 0x80)
			cut--;
		if (cut == 0)
			return TEXTCONV_OK;
		cut--;
	}
	if (cut == 0)
		return TEXTCONV_OK;
	size_t n = 0;
	int rc;
	/* Most text (Cyrillic, Latin-1, Baltic letters, punctuation) is NFC
	 * already: skip libunistring's normalisation then, which would be
	 * the costliest step of a large import. */
	if (fold_is_nfc_quick(h->data, cut))
		rc = buf_append(out, h->data, cut);
	else {
		uint8_t *nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)h->data, cut, NULL, &n);
		if (!nfc)
			return TEXTCONV_ENOMEM;
		rc = buf_append(out, nfc, n);
		free(nfc);
	}
	if (rc != TEXTCONV_OK)
		return rc;
	memmove(h->data, h->data + cut, h->len - cut);
	h->len -= cut;
	if (h->data)
		h->data[h->len] = '\0';
	return TEXTCONV_OK;
}

/* Produced output: decoded text goes to the hold (and moves the position
 * on); encoded bytes go straight out. */
static int emit(struct textconv *tc, struct textconv_buf *out, const char *p, size_t n)
{
	if (tc->dir == TEXTCONV_ENCODE)
		return buf_append(out, p, n);
	if (!tc->started && n > 0) {
		tc->started = true;
		if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
			p += 3;
			n -= 3;
		}
	}
	count_pos(tc, p, n);
	return buf_append(&tc->hold, p, n);
}

static int report_bad(struct textconv *tc, const unsigned char *at, size_t left,
                      const char *file, struct diag *d)
{
	tc->failed = true;
	if (!d)
		return TEXTCONV_EDATA;
	if (tc->dir == TEXTCONV_DECODE) {
		if (left >= 2 && (strncmp(tc->charset, "UTF-16", 6) == 0))
			diag_error(d, file, tc->line, tc->col + 1,
			           "invalid %s sequence 0x%02X 0x%02X", tc->charset, at[0], at[1]);
		else
			diag_error(d, file, tc->line, tc->col + 1,
			           "byte 0x%02X is not valid %s", at[0], tc->charset);
		return TEXTCONV_EDATA;
	}
	ucs4_t uc;
	int len = u8_mbtoucr(&uc, at, left);
	if (len <= 0) {
		diag_error(d, file, tc->line, tc->col + 1, "invalid UTF-8 byte 0x%02X", at[0]);
	} else {
		diag_error(d, file, tc->line, tc->col + 1,
		           "character '%.*s' (U+%04X) cannot be written in %s",
		           len, (const char *)at, (unsigned)uc, tc->charset);
	}
	return TEXTCONV_EDATA;
}

/* A BOM of the other byte order overrides the charset's: it is the only
 * thing in the file that says which order it is in. */
static void utf16_bom_swap(struct textconv *tc, const unsigned char *p, size_t n)
{
	const char *want = NULL;
	if (n < 2 || tc->dir != TEXTCONV_DECODE)
		return;
	if (strcmp(tc->charset, "UTF-16LE") == 0 && p[0] == 0xFE && p[1] == 0xFF)
		want = "UTF-16BE";
	else if (strcmp(tc->charset, "UTF-16BE") == 0 && p[0] == 0xFF && p[1] == 0xFE)
		want = "UTF-16LE";
	if (!want)
		return;
	iconv_t cd = iconv_open("UTF-8", want);
	if (cd == (iconv_t)-1)
		return;
	iconv_close(tc->cd);
	tc->cd = cd;
	tc->charset = want;
}

/* Typographic characters the Cyrillic and Baltic code pages often lack. */
static const struct {
	ucs4_t uc;
	const char *ascii;
} approx[] = {
	{ 0x201C, "\"" }, { 0x201D, "\"" }, { 0x201E, "\"" }, { 0x00AB, "\"" },
	{ 0x00BB, "\"" }, { 0x2018, "'" }, { 0x2019, "'" }, { 0x201A, "'" },
	{ 0x02BC, "'" }, { 0x2039, "'" }, { 0x203A, "'" }, { 0x2013, "-" },
	{ 0x2014, "-" }, { 0x2010, "-" }, { 0x2011, "-" }, { 0x2212, "-" },
	{ 0x2026, "..." }, { 0x2116, "No" }, { 0x20AC, "EUR" }, { 0x00A0, " " },
};

/* Try to write the replacement text r (UTF-8) in the target charset. */
static bool put_replacement(struct textconv *tc, struct textconv_buf *out,
                            const char *r, size_t n)
{
	char tmp[64], *op = tmp, *ip = (char *)r;
	size_t oleft = sizeof tmp, left = n;
	if (n == 0 || iconv(tc->cd, &ip, &left, &op, &oleft) == (size_t)-1)
		return false;
	return buf_append(out, tmp, (size_t)(op - tmp)) == TEXTCONV_OK;
}

/* Approximate character uc, which the target cannot hold: a table of
 * punctuation, else its compatibility decomposition without combining
 * marks (õ -> o, ﬁ -> fi), else '?'. */
static int translit(struct textconv *tc, struct textconv_buf *out, ucs4_t uc)
{
	for (size_t i = 0; i < sizeof approx / sizeof approx[0]; i++)
		if (approx[i].uc == uc)
			if (put_replacement(tc, out, approx[i].ascii, strlen(approx[i].ascii)))
				return TEXTCONV_OK;
	uint8_t dec[64];
	uint32_t one = uc;
	size_t n32 = 0;
	uint32_t *nf = u32_normalize(UNINORM_NFKD, &one, 1, NULL, &n32);
	if (nf) {
		size_t k = 0;
		for (size_t i = 0; i < n32 && k + 4 < sizeof dec; i++) {
			if (uc_combining_class(nf[i]) != 0)
				continue;
			int w = u8_uctomb(dec + k, nf[i], (int)(sizeof dec - k));
			if (w > 0)
				k += (size_t)w;
		}
		free(nf);
		if (k > 0 && put_replacement(tc, out, (const char *)dec, k))
			return TEXTCONV_OK;
	}
	return buf_append(out, "?", 1);
}

static int convert(struct textconv *tc, const unsigned char *in, size_t len,
                   struct textconv_buf *out, const char *file, struct diag *d)
{
	char tmp[16384];
	char *ip = (char *)in;
	size_t left = len;

	while (left > 0) {
		char *op = tmp;
		size_t oleft = sizeof tmp;
		char *before = ip;
		size_t r = iconv(tc->cd, &ip, &left, &op, &oleft);
		int e = errno;
		if (tc->dir == TEXTCONV_ENCODE)
			count_pos(tc, before, (size_t)(ip - before));
		int rc = emit(tc, out, tmp, (size_t)(op - tmp));
		if (rc != TEXTCONV_OK)
			return rc;
		if (r != (size_t)-1)
			break;
		if (e == E2BIG)
			continue;
		if (e == EILSEQ && tc->translit) {
			ucs4_t uc;
			int n = u8_mbtoucr(&uc, (const uint8_t *)ip, left);
			if (n > 0) {
				rc = translit(tc, out, uc);
				if (rc != TEXTCONV_OK)
					return rc;
				count_pos(tc, ip, (size_t)n);
				ip += n;
				left -= (size_t)n;
				continue;
			}
		}
		if (e == EINVAL && left < PEND_MAX) {
			/* A character cut by the end of this chunk: keep it. */
			memcpy(tc->pend, ip, left);
			tc->npend = left;
			return TEXTCONV_OK;
		}
		return report_bad(tc, (const unsigned char *)ip, left, file, d);
	}
	return TEXTCONV_OK;
}

/* Encoding through tc->sb: as far as every character is in the table;
 * the rest (a character the charset lacks, one cut at the end of the
 * chunk, invalid UTF-8) goes to iconv, which reports or approximates. */
static int convert_table(struct textconv *tc, const unsigned char *in, size_t len,
                         struct textconv_buf *out, const char *file, struct diag *d)
{
	if (buf_reserve(out, len) != TEXTCONV_OK)   /* a byte a character at most */
		return TEXTCONV_ENOMEM;
	unsigned char *o = (unsigned char *)out->data + out->len;
	size_t i = 0;
	long line = tc->line, col = tc->col;   /* as count_pos would */
	while (i < len) {
		ucs4_t uc = in[i];
		int n = 1;
		if (uc >= 0xC2 && uc < 0xE0 && i + 1 < len && (in[i + 1] & 0xC0) == 0x80) {
			/* two bytes (Cyrillic, Latin accents): decoded here */
			uc = (uc & 0x1F) << 6 | (in[i + 1] & 0x3F);
			n = 2;
		} else if (uc >= 0x80 && (n = u8_mbtoucr(&uc, in + i, len - i)) <= 0) {
			break;
		}
		uint16_t b = uc < 0x10000 ? tc->sb[uc] : 0;
		if (!b)
			break;
		*o++ = (unsigned char)(b - 1);
		i += (size_t)n;
		if (uc == '\n')
			line++, col = 0;
		else
			col++;
	}
	out->len = (size_t)((char *)o - out->data);
	out->data[out->len] = '\0';
	tc->line = line, tc->col = col;
	return i == len ? TEXTCONV_OK : convert(tc, in + i, len - i, out, file, d);
}

int textconv_feed(struct textconv *tc, const void *in, size_t len,
                  struct textconv_buf *out, const char *file, struct diag *d)
{
	const unsigned char *p = in;
	int rc;
	if (tc->failed)
		return TEXTCONV_EDATA;
	if (len == 0)
		return TEXTCONV_OK;
	if (tc->dir == TEXTCONV_DECODE && !tc->bom_checked) {
		/* Look at the first two bytes, however the input is cut. */
		if (tc->npend + len < 2) {
			memcpy(tc->pend + tc->npend, p, len);
			tc->npend += len;
			return TEXTCONV_OK;
		}
		unsigned char first[2];
		size_t k = 0;
		for (; k < tc->npend && k < 2; k++)
			first[k] = tc->pend[k];
		for (size_t j = 0; k < 2; k++, j++)
			first[k] = p[j];
		utf16_bom_swap(tc, first, 2);
		tc->bom_checked = true;
	}
	if (tc->npend > 0) {
		/* Complete the held character with the first bytes of this chunk,
		 * one at a time, so that the chunk itself is never copied. */
		unsigned char joined[PEND_MAX * 2];
		size_t have = tc->npend, take = 0;
		memcpy(joined, tc->pend, have);
		while (take < len && take < PEND_MAX) {
			joined[have++] = p[take++];
			tc->npend = 0;
			rc = convert(tc, joined, have, out, file, d);
			if (rc != TEXTCONV_OK)
				return rc;
			if (tc->npend == 0)
				break;
			/* Go on from what is still held: the held bytes may have
			 * begun with whole characters (the first byte of a file,
			 * kept for the BOM check), already converted just now. */
			memcpy(joined, tc->pend, tc->npend);
			have = tc->npend;
		}
		p += take;
		len -= take;
	}
	rc = tc->sb ? convert_table(tc, p, len, out, file, d) : convert(tc, p, len, out, file, d);
	if (rc != TEXTCONV_OK)
		return rc;
	if (tc->dir == TEXTCONV_DECODE)
		return flush_hold(tc, out, false);
	return TEXTCONV_OK;
}

int textconv_finish(struct textconv *tc, struct textconv_buf *out,
                    const char *file, struct diag *d)
{
	if (tc->failed)
		return TEXTCONV_EDATA;
	if (tc->dir == TEXTCONV_DECODE && !tc->bom_checked && tc->npend > 0) {
		/* A one-byte input, held back for the BOM check: convert it
		 * now (it was never a partial character). */
		unsigned char held[PEND_MAX];
		size_t n = tc->npend;
		memcpy(held, tc->pend, n);
		tc->npend = 0;
		tc->bom_checked = true;
		int rc = convert(tc, held, n, out, file, d);
		if (rc != TEXTCONV_OK)
			return rc;
	}
	if (tc->npend > 0)
		return report_bad(tc, tc->pend, tc->npend, file, d);
	if (tc->dir == TEXTCONV_ENCODE) {
		/* Stateful targets may need a closing shift sequence. */
		char tmp[64], *op = tmp;
		size_t oleft = sizeof tmp;
		iconv(tc->cd, NULL, NULL, &op, &oleft);
		return buf_append(out, tmp, (size_t)(op - tmp));
	}
	int rc = flush_hold(tc, out, true);
	if (rc == TEXTCONV_OK && !out->data)
		rc = buf_append(out, "", 0);
	return rc;
}

static int one_shot(const char *charset, enum textconv_dir dir, unsigned flags,
                    const void *in, size_t len, struct textconv_buf *out,
                    const char *file, struct diag *d)
{
	struct textconv *tc = textconv_open(charset, dir, flags);
	if (!tc) {
		if (errno == ENOMEM)
			return TEXTCONV_ENOMEM;
		if (d)
			diag_error(d, file, 0, 0, "unknown encoding '%s'", charset ? charset : "");
		return TEXTCONV_EDATA;
	}
	int rc = textconv_feed(tc, in, len, out, file, d);
	if (rc == TEXTCONV_OK)
		rc = textconv_finish(tc, out, file, d);
	textconv_close(tc);
	return rc;
}

int textconv_decode(const char *charset, const void *in, size_t len,
                    struct textconv_buf *out, const char *file, struct diag *d)
{
	return one_shot(charset, TEXTCONV_DECODE, 0, in, len, out, file, d);
}

int textconv_encode(const char *charset, unsigned flags, const char *in,
                    size_t len, struct textconv_buf *out, const char *file,
                    struct diag *d)
{
	return one_shot(charset, TEXTCONV_ENCODE, flags, in, len, out, file, d);
}
