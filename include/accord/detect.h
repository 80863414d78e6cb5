/* detect: which charset (and language) a run of bytes is written in.
 *
 * Order of evidence: a BOM (UTF-8, UTF-16LE/BE); BOM-less UTF-16 (NULs or
 * Cyrillic high bytes in every other position); binary input (NUL or many
 * control bytes) is refused; strict UTF-8; pure 7-bit US-ASCII; otherwise
 * the single-byte encoding whose reading scores best under letter-pair
 * models of ru, uk, be, kk, et, lv, lt and common Latin-1 languages.
 *
 * Two ways in: detect_buffer() for one field or a whole buffer, and a
 * streaming context (detect_new/feed/finish) that keeps a 256x256 byte-pair
 * histogram so a file of any size is judged on all of its bytes. */
#ifndef ACCORD_DETECT_H
#define ACCORD_DETECT_H

#include <stdbool.h>
#include <stddef.h>

struct detect_result {
	const char *charset;  /* canonical name (see detect_charsets), static */
	const char *lang;     /* ISO 639-1 code, or "-" when unknown */
	double confidence;    /* 0..1 */
	bool binary;          /* not a text file: charset is NULL */
	size_t bom_len;       /* length of the byte order mark at the start */
};

struct detect_ctx;

/* A streaming detector; NULL when out of memory. */
struct detect_ctx *detect_new(void);
/* Feed the next len bytes (chunks may split characters anywhere). */
void detect_feed(struct detect_ctx *ctx, const void *buf, size_t len);
/* Judge everything fed so far. May be called more than once. */
void detect_finish(struct detect_ctx *ctx, struct detect_result *out);
void detect_free(struct detect_ctx *ctx);

/* One-shot detection of buf[0..len), e.g. a single CSV field. Returns false
 * only when memory runs out (out is then unset). */
bool detect_buffer(const void *buf, size_t len, struct detect_result *out);

/* The canonical charset names detection may report, NULL-terminated. */
extern const char *const detect_charsets[];

#endif
