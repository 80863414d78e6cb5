/* vocab: controlled vocabularies and import column names.
 *
 * Partners write kinds, statuses and institution types in their own words
 * ("Меморандум о взаимопонимании", "побратимство", "Tervishoiuministeerium",
 * "научно-практический центр"); vocab_code() maps such a word to the
 * English code stored in the database, or returns NULL so that the
 * importer keeps the word as written and warns. Matching is on a folded
 * form (fold_key: case, NFC, ё→е, apostrophes; plus ґ→г, punctuation and
 * dashes as blanks): first the whole text against the codes and the known
 * words, then the rules of the tables in order (a stem at the start of a
 * word, a whole word, or a part of an Estonian compound), first match
 * wins. The order carries meaning: "филиал университета" is a branch,
 * "Университетская клиника" a hospital, "Twinning agreement" a twinning. */
#ifndef ACCORD_VOCAB_H
#define ACCORD_VOCAB_H

#include <stdbool.h>
#include <stddef.h>

enum vocab_kind {
	VOCAB_AGREEMENT_KIND,  /* memorandum agreement contract twinning programme roadmap */
	VOCAB_STATUS,          /* draft negotiating signed in_force expired terminated */
	VOCAB_INSTITUTION_TYPE /* ministry hospital research_centre university college
	                          branch agency cluster other */
};

/* The code for UTF-8 text s[0..len), or NULL if unknown (or s is empty,
 * invalid UTF-8, or memory ran out). The result is a static string. */
const char *vocab_code(enum vocab_kind v, const char *s, size_t len);
/* True if s is exactly one of the codes. */
bool vocab_is_code(enum vocab_kind v, const char *s, size_t len);
/* The codes, NULL-terminated, in the order of DESIGN.md. */
const char *const *vocab_codes(enum vocab_kind v);

enum vocab_table {
	VOCAB_INSTITUTIONS,  /* name country city region type acronym parent
	                        name_en website notes */
	VOCAB_AGREEMENTS     /* title parties kind status signed valid_from
	                        valid_until areas place source notes */
};

/* The canonical column for a header cell (English, Russian, Ukrainian or
 * Estonian, any case, singular or plural, with or without "дата", with a
 * trailing note in brackets such as "(ДД.ММ.ГГГГ)"), or NULL. Static. */
const char *vocab_column(enum vocab_table t, const char *cell, size_t len);
/* The canonical columns of a table, NULL-terminated. */
const char *const *vocab_columns(enum vocab_table t);
/* Guess which table a header row is for, from the columns only one of
 * them has. False if it cannot tell (nothing known, or a tie). */
bool vocab_guess_table(const char *const *cells, const size_t *lens, size_t n,
                       enum vocab_table *t);

/* Self-check of the tables for the unit tests: NULL if every word in them
 * is written in the folded form matching needs, else the first that is
 * not. */
const char *vocab_check_tables(void);

#endif
