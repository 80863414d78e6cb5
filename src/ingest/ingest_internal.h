/* Shared between the files of src/ingest only. */
#ifndef ACCORD_INGEST_INTERNAL_H
#define ACCORD_INGEST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <accord/ingest.h>

/* Every column an import file may have, of either type. */
enum ingest_col {
	ICOL_NAME, ICOL_NAME_EN, ICOL_ACRONYM, ICOL_COUNTRY, ICOL_REGION, ICOL_CITY,
	ICOL_TYPE, ICOL_PARENT, ICOL_WEBSITE, ICOL_NOTES,
	ICOL_TITLE, ICOL_PARTIES, ICOL_KIND, ICOL_STATUS, ICOL_SIGNED, ICOL_VALID_FROM,
	ICOL_VALID_UNTIL, ICOL_AREAS, ICOL_PLACE, ICOL_SOURCE,
	ICOL_COUNT,
	ICOL_UNKNOWN = ICOL_COUNT
};

/* The column of type t a header cell names (any language), or ICOL_UNKNOWN. */
enum ingest_col ingest_column(enum ingest_type t, const char *header);
/* The type a header row is for; false when it cannot tell. */
bool ingest_guess_type(const char *const *cells, const size_t *lens, size_t n,
                       enum ingest_type *t);
/* Its English name, as export writes it. */
const char *ingest_column_name(enum ingest_col c);
/* Whether type t has column c. */
bool ingest_column_of(enum ingest_type t, enum ingest_col c);

#endif
