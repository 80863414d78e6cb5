/* Shared between detect.c (the byte stream) and detect_score.c (the
 * language models). Not part of the public API. */
#ifndef ACCORD_DETECT_INTERNAL_H
#define ACCORD_DETECT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* One distinct byte pair of the input and how often it occurs. */
struct detect_pair {
	unsigned char a, b;
	uint32_t n;
};

struct detect_pick {
	const char *charset;
	const char *lang;
	double confidence;
};

/* Choose among the single-byte encodings (by mixtures of each encoding's
 * languages, so that mixed-language files are read right) and report the
 * best single language within the choice. present[b] is nonzero when byte
 * b occurs in the input; pairs include the boundaries (space before the
 * first and after the last byte). Returns 0, or -1 when no encoding can
 * decode every byte. */
int detect_score_bytes(const struct detect_pair *pairs, size_t npairs,
                       const unsigned char present[256],
                       struct detect_pick *out);

/* Language of text already decoded to code points (UTF-8, UTF-16 input):
 * "-" when there is too little to tell. */
const char *detect_score_lang(const uint32_t *cp, size_t n);

#endif
