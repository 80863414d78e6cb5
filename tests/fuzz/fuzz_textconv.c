/* libFuzzer target: charset conversion (src/text/textconv.c).
 *
 * Input: a byte choosing the charset (one of detect_charsets) and flags,
 * then the bytes. Decoding in random chunks must give the same text and
 * status as decoding in one go; what decodes is valid NFC UTF-8. That text
 * encoded into the chosen charset and decoded again is unchanged (unless
 * the encoder refuses a character the charset cannot hold). The raw bytes
 * are also given to the encoder as if they were UTF-8. */
#include <config.h>

#include <uninorm.h>
#include <unistr.h>

#include <accord/detect.h>
#include <accord/textconv.h>

#include "fuzz_common.h"

static size_t n_charsets(void)
{
	static size_t n;
	if (!n)
		while (detect_charsets[n])
			n++;
	return n;
}

static bool is_nfc(const char *s, size_t len)
{
	size_t n = 0;
	uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, NULL, &n);
	bool ok = r && n == len && memcmp(r, s, len) == 0;
	free(r);
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *cs = detect_charsets[data[0] % n_charsets()];
	unsigned flags = (data[0] & 0x80) ? TEXTCONV_TRANSLIT : 0;
	data++, size--;
	FUZZ_ASSERT(textconv_canonical(cs) != NULL && strcmp(textconv_canonical(cs), cs) == 0);

	struct textconv_buf whole = { 0 };
	struct diag d1, d2;
	diag_init(&d1, 10);
	diag_init(&d2, 10);
	int r1 = textconv_decode(cs, data, size, &whole, "f", &d1);
	FUZZ_ASSERT(r1 == TEXTCONV_OK || r1 == TEXTCONV_EDATA);
	FUZZ_ASSERT((r1 == TEXTCONV_EDATA) == (d1.errors > 0));

	struct textconv *tc = textconv_open(cs, TEXTCONV_DECODE, 0);
	FUZZ_ASSERT(tc != NULL);
	struct textconv_buf parts = { 0 };
	struct fuzz_rng rng;
	fuzz_seed(&rng, data, size);
	int r2 = TEXTCONV_OK;
	for (size_t off = 0; off < size && r2 == TEXTCONV_OK;) {
		size_t n = fuzz_chunk(&rng, size - off);
		r2 = textconv_feed(tc, data + off, n, &parts, "f", &d2);
		off += n;
	}
	if (r2 == TEXTCONV_OK)
		r2 = textconv_finish(tc, &parts, "f", &d2);
	textconv_close(tc);
	FUZZ_ASSERT(r1 == r2);
	if (r1 == TEXTCONV_OK) {
		FUZZ_ASSERT(whole.len == parts.len);
		FUZZ_ASSERT(whole.len == 0 || memcmp(whole.data, parts.data, whole.len) == 0);
		FUZZ_ASSERT(u8_check((const uint8_t *)whole.data, whole.len) == NULL);
		FUZZ_ASSERT(is_nfc(whole.data, whole.len));
	} else {
		/* The same first error, at the same place. */
		FUZZ_ASSERT(d1.n > 0 && d2.n > 0);
		FUZZ_ASSERT(d1.v[0].line == d2.v[0].line && d1.v[0].col == d2.v[0].col);
	}

	/* A second BOM at the very start is dropped on the way back in: by
	 * design, so such text does not round-trip. */
	bool bom = whole.len >= 3 && memcmp(whole.data, "\xef\xbb\xbf", 3) == 0;
	/* Likewise U+FFFE first: encoded in UTF-16 it reads back as the BOM of
	 * the other byte order. */
	bom = bom || (whole.len >= 3 && memcmp(whole.data, "\xef\xbf\xbe", 3) == 0);
	if (r1 == TEXTCONV_OK) {
		struct textconv_buf enc = { 0 }, back = { 0 };
		struct diag d3;
		diag_init(&d3, 10);
		int r3 = textconv_encode(cs, flags, whole.data ? whole.data : "", whole.len, &enc, "f", &d3);
		FUZZ_ASSERT(r3 == TEXTCONV_OK || r3 == TEXTCONV_EDATA);
		if (r3 == TEXTCONV_OK && !flags && !bom) {
			int r4 = textconv_decode(cs, enc.data ? enc.data : "", enc.len, &back, "f", &d3);
			FUZZ_ASSERT(r4 == TEXTCONV_OK);
			FUZZ_ASSERT(back.len == whole.len);
			FUZZ_ASSERT(whole.len == 0 || memcmp(back.data, whole.data, whole.len) == 0);
		}
		textconv_buf_free(&enc);
		textconv_buf_free(&back);
		diag_free(&d3);
	}

	struct textconv_buf raw = { 0 };
	struct diag d4;
	diag_init(&d4, 10);
	int r5 = textconv_encode(cs, flags, (const char *)data, size, &raw, NULL, &d4);
	FUZZ_ASSERT(r5 == TEXTCONV_OK || r5 == TEXTCONV_EDATA);
	textconv_buf_free(&raw);
	diag_free(&d4);

	textconv_buf_free(&whole);
	textconv_buf_free(&parts);
	diag_free(&d1);
	diag_free(&d2);
	return 0;
}
