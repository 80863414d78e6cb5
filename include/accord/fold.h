/* fold: Unicode normalisation and search keys (libunistring).
 *
 * A search key makes "минск" find "Минск", "е" find "ё", "kõrgkool" find
 * "KÕRGKOOL" and every apostrophe form match the others: NFC, full case
 * folding, ё→е, apostrophes (’ ʼ ` ′ ‘) → ', dashes → -, quotes of every
 * kind (" « » „ “ ”) dropped, runs of white space → one space, trimmed. */
#ifndef ACCORD_FOLD_H
#define ACCORD_FOLD_H

#include <stddef.h>
#include <stdbool.h>

/* NFC-normalised copy of the UTF-8 text s[0..len). NULL if s is not valid
 * UTF-8 or memory runs out. Caller frees. */
char *fold_nfc(const char *s, size_t len);

/* Search key of the UTF-8 text s[0..len). NULL on invalid UTF-8 or ENOMEM.
 * Caller frees. */
char *fold_key(const char *s, size_t len);

/* True when valid UTF-8 s[0..len) is certainly NFC and folds by simple
 * lower case (ASCII, Latin-1, Latin Extended-A, Cyrillic, punctuation):
 * a fast path that skips libunistring's normalisation. False means "not
 * known", not "not NFC". */
bool fold_is_nfc_quick(const char *s, size_t len);

/* True if s[0..len) is valid UTF-8. */
bool fold_valid_utf8(const char *s, size_t len);

/* Display width in terminal columns of valid UTF-8 text (locale-independent:
 * East Asian wide = 2, combining = 0, control characters = 1 placeholder). */
size_t fold_width(const char *s, size_t len);

/* The length of the longest prefix of s (NUL-terminated UTF-8) that has at
 * most max bytes and ends on a character boundary: for cutting names short
 * in messages without splitting a character. */
size_t fold_cut(const char *s, size_t max);

#endif
