/* Charset detection: the byte stream side.
 *
 * One pass over the input keeps a 256x256 histogram of byte pairs (enough
 * to score every single-byte reading later, whatever the input's size),
 * validates UTF-8 strictly until the first error, and keeps the first
 * PREFIX_MAX bytes for the BOM, UTF-16 and language checks. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <accord/detect.h>

#include "detect_internal.h"

#define PREFIX_MAX 65536
/* Inputs up to this size are scored from a pair list, without the 256 KiB
 * histogram: the per-field case. */
#define SMALL_MAX 4096

const char *const detect_charsets[] = {
	"UTF-8", "UTF-16LE", "UTF-16BE", "US-ASCII", "WINDOWS-1251", "KOI8-R",
	"KOI8-U", "KOI8-RU", "IBM866", "CP1125", "ISO-8859-5", "MACCYRILLIC",
	"PT154", "KZ-1048", "WINDOWS-1257", "ISO-8859-13", "ISO-8859-15",
	"ISO-8859-4", "ISO-8859-1", "WINDOWS-1252", NULL
};

/* Strict UTF-8 (RFC 3629: no overlongs, surrogates or values past
 * U+10FFFF) as a small state machine that survives chunk boundaries. */
struct u8check {
	bool ok;
	int need;               /* continuation bytes still expected */
	unsigned char lo, hi;   /* allowed range of the next continuation */
	uint64_t multi;         /* complete multibyte characters seen */
	uint64_t bad;           /* invalid sequences (scanning goes on after one) */
};

struct detect_ctx {
	uint32_t *hist;         /* [prev << 8 | cur], NULL in small mode */
	uint64_t fed;
	uint64_t since_scale;   /* pairs added since counts were last halved */
	unsigned char prev;
	struct u8check u8;
	unsigned char *prefix;      /* copy of the first PREFIX_MAX bytes */
	const unsigned char *head;  /* the first bytes: prefix, or in
	                             * detect_buffer the caller's own */
	size_t nprefix;
};

static void u8_step(struct u8check *u, const unsigned char *p, size_t len)
{
	/* After an error the scan goes on from the next byte, counting: a file
	 * that is UTF-8 but for a few pasted lines must be read as UTF-8, so
	 * that conversion names the first bad line instead of the whole file
	 * turning into mojibake. */
	size_t i = 0;
	while (i < len) {
		unsigned c = p[i];
		if (u->need == 0) {
			/* Skip ASCII quickly, eight bytes at a time. */
			while (i + 8 <= len) {
				uint64_t w;
				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i >= len)
				break;
			c = p[i++];
			if (c < 0x80)
				continue;
			u->lo = 0x80;
			u->hi = 0xBF;
			if (c >= 0xC2 && c <= 0xDF) {
				u->need = 1;
			} else if (c >= 0xE0 && c <= 0xEF) {
				u->need = 2;
				if (c == 0xE0)
					u->lo = 0xA0;
				else if (c == 0xED)
					u->hi = 0x9F;
			} else if (c >= 0xF0 && c <= 0xF4) {
				u->need = 3;
				if (c == 0xF0)
					u->lo = 0x90;
				else if (c == 0xF4)
					u->hi = 0x8F;
			} else {
				u->ok = false;
				u->bad++;
			}
			continue;
		}
		if (c < u->lo || c > u->hi) {
			/* This byte may start the next character: look at it again. */
			u->ok = false;
			u->bad++;
			u->need = 0;
			continue;
		}
		u->lo = 0x80;
		u->hi = 0xBF;
		if (--u->need == 0)
			u->multi++;
		i++;
	}
}

struct detect_ctx *detect_new(void)
{
	struct detect_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	ctx->prefix = malloc(PREFIX_MAX);
	ctx->head = ctx->prefix;
	if (!ctx->prefix) {
		free(ctx);
		return NULL;
	}
	ctx->prev = ' ';
	ctx->u8.ok = true;
	return ctx;
}

void detect_free(struct detect_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->hist);
	free(ctx->prefix);
	free(ctx);
}

/* Counts are halved rather than allowed to wrap on inputs of many GiB;
 * only ratios matter for scoring. */
static void hist_rescale(struct detect_ctx *ctx)
{
	for (size_t i = 0; i < 65536; i++)
		ctx->hist[i] = (ctx->hist[i] + 1) / 2;
	ctx->since_scale /= 2;
}

static void hist_add(struct detect_ctx *ctx, const unsigned char *p, size_t len)
{
	uint32_t *h = ctx->hist;
	unsigned prev = ctx->prev;
	while (len > 0) {
		size_t n = len;
		if (n > ((uint64_t)1 << 30))
			n = (size_t)1 << 30;
		if (ctx->since_scale + n > 0xC0000000ULL)
			hist_rescale(ctx);
		for (size_t i = 0; i < n; i++) {
			unsigned c = p[i];
			h[prev << 8 | c]++;
			prev = c;
		}
		ctx->since_scale += n;
		p += n;
		len -= n;
	}
	ctx->prev = (unsigned char)prev;
}

void detect_feed(struct detect_ctx *ctx, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	if (len == 0)
		return;
	if (ctx->nprefix < PREFIX_MAX) {
		size_t n = PREFIX_MAX - ctx->nprefix;
		if (n > len)
			n = len;
		memcpy(ctx->prefix + ctx->nprefix, p, n);
		ctx->nprefix += n;
	}
	if (!ctx->hist && ctx->fed + len > SMALL_MAX) {
		/* Leaving small mode: count what the prefix already holds. */
		ctx->hist = calloc(65536, sizeof *ctx->hist);
		if (ctx->hist) {
			size_t have = (size_t)ctx->fed;
			unsigned char first_prev = ' ';
			unsigned char save = ctx->prev;
			ctx->prev = first_prev;
			hist_add(ctx, ctx->prefix, have);
			ctx->prev = save;
		}
	}
	u8_step(&ctx->u8, p, len);
	if (ctx->hist)
		hist_add(ctx, p, len);
	else
		ctx->prev = p[len - 1];
	ctx->fed += len;
}

/* ---- decisions on the prefix ---------------------------------------- */

static bool utf16_like(const unsigned char *p, size_t n, int hi_parity)
{
	/* In UTF-16 text of our languages the high byte of nearly every unit
	 * is 0x00 (Latin), 0x01/0x02 (Latin Extended) or 0x04/0x05
	 * (Cyrillic); 0x20 (dashes, quotes) occurs too. */
	size_t units = n / 2, hi = 0, lo = 0, zero = 0;
	if (units < 2)
		return false;
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned h = p[i + hi_parity], l = p[i + 1 - hi_parity];
		if (h <= 0x05 || h == 0x20)
			hi++;
		if (h <= 0x05)
			zero++;
		if (l <= 0x05)
			lo++;
	}
	return hi * 10 >= units * 9 && zero * 2 >= units && lo * 10 <= units;
}

/* Binary: any NUL, or more than 2% of bytes that are control characters
 * no text file has (TAB, LF, VT, FF, CR and ESC are allowed). */
static bool looks_binary(const uint64_t count[256], uint64_t total)
{
	uint64_t ctrl = 0;
	if (count[0])
		return true;
	for (int b = 1; b < 32; b++)
		if (b != '\t' && b != '\n' && b != '\v' && b != '\f' && b != '\r' && b != 0x1b)
			ctrl += count[b];
	ctrl += count[0x7f];
	return ctrl * 50 > total;
}

/* Decode UTF-8 or UTF-16 from the prefix for the language check; stops
 * quietly at anything malformed (a cut-off last character). */
static size_t decode_prefix(const unsigned char *p, size_t n, const char *cs,
                            uint32_t *out, size_t max)
{
	size_t k = 0, i = 0;
	if (strcmp(cs, "UTF-8") == 0) {
		while (i < n && k < max) {
			unsigned c = p[i];
			int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
			if (i + (size_t)len > n)
				break;
			uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
			for (int j = 1; j < len; j++)
				v = v << 6 | (p[i + j] & 0x3F);
			out[k++] = v;
			i += (size_t)len;
		}
	} else {
		int le = strcmp(cs, "UTF-16LE") == 0;
		for (; i + 1 < n && k < max; i += 2)
			out[k++] = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
	}
	return k;
}

static void set_unicode(struct detect_ctx *ctx, struct detect_result *out,
                        const char *cs, size_t bom, double conf)
{
	enum { LANG_MAX = 4096 };
	uint32_t cp[LANG_MAX];
	size_t n = decode_prefix(ctx->head + bom, ctx->nprefix - bom, cs, cp, LANG_MAX);
	out->charset = cs;
	out->lang = detect_score_lang(cp, n);
	out->confidence = conf;
	out->bom_len = bom;
}

/* The single-byte choice: pairs from the histogram, or straight from the
 * bytes when the input is small. */
static bool pick_single_byte(struct detect_ctx *ctx, const unsigned char present[256],
                             struct detect_result *out)
{
	struct detect_pair *pairs;
	size_t np = 0;
	struct detect_pick pick;

	if (ctx->hist) {
		size_t nz = 1;
		for (size_t i = 0; i < 65536; i++)
			nz += ctx->hist[i] != 0;
		pairs = malloc(nz * sizeof *pairs);
		if (!pairs)
			return false;
		for (size_t i = 0; i < 65536; i++)
			if (ctx->hist[i]) {
				pairs[np].a = (unsigned char)(i >> 8);
				pairs[np].b = (unsigned char)i;
				pairs[np++].n = ctx->hist[i];
			}
	} else {
		size_t n = ctx->nprefix;
		pairs = malloc((n + 1) * sizeof *pairs);
		if (!pairs)
			return false;
		unsigned char prev = ' ';
		for (size_t i = 0; i < n; i++) {
			pairs[np].a = prev;
			pairs[np].b = ctx->head[i];
			pairs[np++].n = 1;
			prev = ctx->head[i];
		}
	}
	/* The text ends as if followed by a space. */
	pairs[np].a = ctx->prev;
	pairs[np].b = ' ';
	pairs[np++].n = 1;

	int rc = detect_score_bytes(pairs, np, present, &pick);
	free(pairs);
	if (rc != 0) {
		out->binary = true;
		return true;
	}
	out->charset = pick.charset;
	out->lang = pick.lang;
	out->confidence = pick.confidence;
	return true;
}

static void byte_counts(const struct detect_ctx *ctx, uint64_t count[256])
{
	memset(count, 0, 256 * sizeof *count);
	if (ctx->hist) {
		for (size_t i = 0; i < 65536; i++)
			count[i & 0xFF] += ctx->hist[i];
	} else {
		for (size_t i = 0; i < ctx->nprefix; i++)
			count[ctx->head[i]]++;
	}
}

static bool finish(struct detect_ctx *ctx, struct detect_result *out)
{
	const unsigned char *p = ctx->head;
	size_t n = ctx->nprefix;

	memset(out, 0, sizeof *out);
	out->lang = "-";
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		if (ctx->u8.ok && ctx->u8.need == 0) {
			set_unicode(ctx, out, "UTF-8", 3, 1.0);
			return true;
		}
	}
	if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))
	    && ctx->fed % 2 == 0) {
		set_unicode(ctx, out, p[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", 2, 1.0);
		return true;
	}
	if (ctx->fed % 2 == 0) {
		if (utf16_like(p, n, 1)) {
			set_unicode(ctx, out, "UTF-16LE", 0, 0.9);
			return true;
		}
		if (utf16_like(p, n, 0)) {
			set_unicode(ctx, out, "UTF-16BE", 0, 0.9);
			return true;
		}
	}

	uint64_t count[256];
	byte_counts(ctx, count);
	if (looks_binary(count, ctx->fed)) {
		out->binary = true;
		return true;
	}
	unsigned char present[256];
	bool high = false;
	for (int b = 0; b < 256; b++) {
		present[b] = count[b] != 0;
		if (b >= 0x80 && count[b])
			high = true;
	}
	if (!high) {
		set_unicode(ctx, out, "UTF-8", 0, 1.0);
		out->charset = "US-ASCII";
		return true;
	}
	if (ctx->u8.ok && ctx->u8.need == 0) {
		/* Each valid multibyte sequence makes an accidental match of a
		 * single-byte text less likely. */
		double doubt = 1.0;
		for (uint64_t i = 0; i < ctx->u8.multi && doubt > 1e-6; i++)
			doubt *= 0.25;
		set_unicode(ctx, out, "UTF-8", 0, 1.0 - doubt);
		return true;
	}
	/* Mostly valid UTF-8 with a few bad sequences: UTF-8 with some lines in
	 * another charset. Text in a single-byte charset almost never forms
	 * valid sequences this often. */
	if (ctx->u8.multi >= 8 && ctx->u8.bad * 20 <= ctx->u8.multi) {
		set_unicode(ctx, out, "UTF-8", 0, 0.5);
		return true;
	}
	return pick_single_byte(ctx, present, out);
}

void detect_finish(struct detect_ctx *ctx, struct detect_result *out)
{
	if (!finish(ctx, out)) {
		/* Out of memory while scoring: the most common answer. */
		out->charset = "WINDOWS-1251";
		out->lang = "-";
		out->confidence = 0.0;
	}
	if (out->binary) {
		out->charset = NULL;
		out->lang = "-";
		out->confidence = 0.0;
	}
}

bool detect_buffer(const void *buf, size_t len, struct detect_result *out)
{
	bool ok;
	if (len <= SMALL_MAX) {
		/* A field: judge it in place, with no copy and no histogram. */
		struct detect_ctx ctx = { .head = buf, .nprefix = len, .fed = len,
		                          .prev = ' ', .u8 = { .ok = true } };
		u8_step(&ctx.u8, buf, len);
		if (len > 0)
			ctx.prev = ((const unsigned char *)buf)[len - 1];
		ok = finish(&ctx, out);
	} else {
		struct detect_ctx *ctx = detect_new();
		if (!ctx)
			return false;
		detect_feed(ctx, buf, len);
		ok = finish(ctx, out);
		detect_free(ctx);
	}
	if (ok && out->binary) {
		out->charset = NULL;
		out->lang = "-";
		out->confidence = 0.0;
	}
	return ok;
}
