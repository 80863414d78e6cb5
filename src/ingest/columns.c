/* Import columns: the canonical names (from vocab's tables) as an enum. */
#include <config.h>

#include <string.h>

#include <accord/vocab.h>

#include "ingest_internal.h"

static const char *const names[ICOL_COUNT] = {
	[ICOL_NAME] = "name", [ICOL_NAME_EN] = "name_en", [ICOL_ACRONYM] = "acronym",
	[ICOL_COUNTRY] = "country", [ICOL_REGION] = "region", [ICOL_CITY] = "city",
	[ICOL_TYPE] = "type", [ICOL_PARENT] = "parent", [ICOL_WEBSITE] = "website",
	[ICOL_NOTES] = "notes", [ICOL_TITLE] = "title", [ICOL_PARTIES] = "parties",
	[ICOL_KIND] = "kind", [ICOL_STATUS] = "status", [ICOL_SIGNED] = "signed",
	[ICOL_VALID_FROM] = "valid_from", [ICOL_VALID_UNTIL] = "valid_until",
	[ICOL_AREAS] = "areas", [ICOL_PLACE] = "place", [ICOL_SOURCE] = "source",
};

enum ingest_col ingest_column(enum ingest_type t, const char *header)
{
	const char *canon = vocab_column(t == INGEST_AGREEMENTS ? VOCAB_AGREEMENTS : VOCAB_INSTITUTIONS,
	                                 header, strlen(header));
	if (!canon)
		return ICOL_UNKNOWN;
	for (int c = 0; c < ICOL_COUNT; c++)
		if (strcmp(names[c], canon) == 0)
			return (enum ingest_col)c;
	return ICOL_UNKNOWN;
}

const char *ingest_column_name(enum ingest_col c)
{
	return c < ICOL_COUNT ? names[c] : "?";
}

bool ingest_column_of(enum ingest_type t, enum ingest_col c)
{
	if (c == ICOL_NOTES)
		return true;
	return t == INGEST_AGREEMENTS ? c >= ICOL_TITLE && c < ICOL_COUNT : c < ICOL_TITLE;
}

bool ingest_guess_type(const char *const *cells, const size_t *lens, size_t n, enum ingest_type *t)
{
	enum vocab_table vt;
	if (!vocab_guess_table(cells, lens, n, &vt))
		return false;
	*t = vt == VOCAB_AGREEMENTS ? INGEST_AGREEMENTS : INGEST_INSTITUTIONS;
	return true;
}
