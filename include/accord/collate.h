/* collate: sorting names the way people expect, for UTF-8 text.
 *
 * Levels, each deciding only when the ones before are equal:
 * 1. letters by alphabet, case-insensitive. Latin first, in the Estonian
 *    order (… S Š Z Ž T U V W Õ Ä Ö Ü X Y); other Latin letters with
 *    accents sort as their base letter (é as e, ł as l, ß as ss).
 *    Then Cyrillic, in one order covering Russian, Ukrainian, Belarusian
 *    and Kazakh/Kyrgyz: Ё with Е, Ґ after Г, Є after Е, І and Ї after И,
 *    Ў after У, Kazakh letters after their base (Ә after А, Қ after К …).
 *    Then any other script by code point. Digit runs compare by their
 *    number ("№ 9" before "№ 10"), before letters. Blanks, dashes and
 *    slashes separate words (a word sorts before its longer extensions:
 *    "Tartu Ülikool" before "Tartuülikool"); other punctuation and symbols
 *    (quotes, «», №, brackets, dots) are ignored.
 * 2. accents and Ё/Е: the lower-cased text, by code point (е before ё).
 * 3. the bytes as given (so case, then anything else): only identical
 *    strings compare equal, which makes the order total and deterministic.
 * Decomposed input (e + U+0308) is normalised (NFC) first.
 * Invalid UTF-8 bytes are ignored at level 1 and sort as U+FFFD at
 * level 2 (and by their bytes at level 3). */
#ifndef ACCORD_COLLATE_H
#define ACCORD_COLLATE_H

#include <stddef.h>

/* <0, 0 or >0 like strcmp. */
int collate_compare(const char *a, size_t alen, const char *b, size_t blen);

/* The same with SQLite's collation callback signature, so that the store
 * can register it with sqlite3_create_collation_v2(db, "PEOPLE",
 * SQLITE_UTF8, NULL, collate_sqlite, NULL). */
int collate_sqlite(void *ud, int alen, const void *a, int blen, const void *b);

/* A sort key: memcmp (then shorter first) on two keys orders them exactly
 * as collate_compare orders the strings (for strings without NUL bytes).
 * Returns a malloc'ed key and its length in *keylen, or NULL on ENOMEM. */
unsigned char *collate_key(const char *s, size_t len, size_t *keylen);

#endif
