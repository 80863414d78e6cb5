/* textconv: bytes in a named charset <-> NFC UTF-8, through iconv.
 *
 * Decoding streams: feed chunks of any size (a multibyte character may be
 * split between them) and get NFC-normalised UTF-8 back. A byte that is
 * invalid in the charset is a data error reported with its line and column
 * (in characters, from 1) — never replaced by '?' or U+FFFD. A leading BOM
 * is dropped. Encoding (for export) names the character that the target
 * charset cannot hold, unless TEXTCONV_TRANSLIT asks iconv to approximate.
 *
 * Charset names are the canonical ones of detect.h (UTF-8, WINDOWS-1251,
 * KZ-1048, ...); textconv_canonical() maps the usual spellings to them. */
#ifndef ACCORD_TEXTCONV_H
#define ACCORD_TEXTCONV_H

#include <stdbool.h>
#include <stddef.h>

#include <accord/diag.h>

enum { TEXTCONV_OK = 0, TEXTCONV_EDATA = -1, TEXTCONV_ENOMEM = -2 };

enum textconv_dir { TEXTCONV_DECODE, TEXTCONV_ENCODE };

/* Encoding only: approximate characters the target cannot hold (//TRANSLIT). */
#define TEXTCONV_TRANSLIT 1u

/* A growing output buffer, always NUL-terminated after data[len] once
 * anything was written. Start from {0}; free with textconv_buf_free. */
struct textconv_buf {
	char *data;
	size_t len, cap;
};

void textconv_buf_free(struct textconv_buf *b);

/* Canonical name for an encoding name in any usual spelling ("cp1251",
 * "windows-1251", "1251", "koi8r", "cp866", "utf16", "latin1", ...), or
 * NULL when the name is not one accord supports (a usage error). */
const char *textconv_canonical(const char *name);

/* The name glibc's iconv_open knows a canonical charset by (KZ-1048 is
 * RK1048 there). */
const char *textconv_iconv_name(const char *canonical);

struct textconv;

/* A converter between charset and UTF-8 in the given direction; NULL when
 * the charset is unknown (errno EINVAL) or memory runs out (ENOMEM). */
struct textconv *textconv_open(const char *charset, enum textconv_dir dir,
                               unsigned flags);
void textconv_close(struct textconv *tc);

/* Convert the next chunk, appending to out. On a data error, the first
 * one is added to d (FILE:LINE:COLUMN) and TEXTCONV_EDATA returned; the
 * converter is then spent. file may be NULL. */
int textconv_feed(struct textconv *tc, const void *in, size_t len,
                  struct textconv_buf *out, const char *file, struct diag *d);
/* End of input: flushes held-back text; a character cut off at the end is
 * a data error. */
int textconv_finish(struct textconv *tc, struct textconv_buf *out,
                    const char *file, struct diag *d);

/* One-shot forms of the above. */
int textconv_decode(const char *charset, const void *in, size_t len,
                    struct textconv_buf *out, const char *file, struct diag *d);
int textconv_encode(const char *charset, unsigned flags, const char *in,
                    size_t len, struct textconv_buf *out, const char *file,
                    struct diag *d);

#endif
