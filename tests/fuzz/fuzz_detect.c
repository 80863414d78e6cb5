/* libFuzzer target: charset detection (src/text/detect*.c).
 *
 * The input is judged twice: by detect_buffer, and by the streaming
 * context fed in random chunks. The header promises that chunks may split
 * characters anywhere, so both must agree; every result must be
 * well-formed. */
#include <config.h>

#include <math.h>

#include <accord/detect.h>

#include "fuzz_common.h"

static void check_result(const struct detect_result *r, size_t size)
{
	if (r->binary) {
		FUZZ_ASSERT(r->charset == NULL);
	} else {
		FUZZ_ASSERT(r->charset != NULL);
		bool known = false;
		for (const char *const *c = detect_charsets; *c; c++)
			if (strcmp(*c, r->charset) == 0)
				known = true;
		FUZZ_ASSERT(known);
	}
	FUZZ_ASSERT(r->lang != NULL && r->lang[0]);
	FUZZ_ASSERT(!isnan(r->confidence) && r->confidence >= 0 && r->confidence <= 1);
	FUZZ_ASSERT(r->bom_len <= size && r->bom_len <= 4);
}

static bool same(const struct detect_result *a, const struct detect_result *b)
{
	if (a->binary != b->binary || a->bom_len != b->bom_len)
		return false;
	if (!a->charset || !b->charset)
		return a->charset == b->charset;
	return strcmp(a->charset, b->charset) == 0 && strcmp(a->lang, b->lang) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct detect_result one, parts;
	if (!detect_buffer(data, size, &one))
		return 0;
	check_result(&one, size);

	struct detect_ctx *ctx = detect_new();
	FUZZ_ASSERT(ctx != NULL);
	struct fuzz_rng rng;
	fuzz_seed(&rng, data, size);
	for (size_t off = 0; off < size;) {
		size_t n = fuzz_chunk(&rng, size - off);
		detect_feed(ctx, data + off, n);
		off += n;
	}
	detect_feed(ctx, data, 0);
	detect_finish(ctx, &parts);
	check_result(&parts, size);
	/* detect_finish may be called more than once (scoring is the costly
	 * part: only on short inputs). */
	if (size < 64) {
		struct detect_result again;
		detect_finish(ctx, &again);
		FUZZ_ASSERT(same(&parts, &again));
	}
	detect_free(ctx);
	FUZZ_ASSERT(same(&one, &parts));
	return 0;
}
