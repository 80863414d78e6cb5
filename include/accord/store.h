/* store: the SQLite database. The only module that speaks SQL; every
 * statement uses bound parameters. Functions return STORE_OK (0) or a
 * negative enum store_err and, where they take one, set *err to a message
 * the caller frees. */
#ifndef ACCORD_STORE_H
#define ACCORD_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct store;

enum store_err {
	STORE_OK = 0,
	STORE_ERROR = -1,        /* any other failure (I/O, disk full, …) */
	STORE_NOT_ACCORD = -2,   /* the file is not an Accord database */
	STORE_TOO_NEW = -3,      /* written by a newer Accord */
	STORE_READ_ONLY = -4,    /* cannot write where writing is needed */
	STORE_NOT_FOUND = -5,    /* no such file (and not asked to create) */
	STORE_BUSY = -6,         /* another process holds the lock too long */
};

enum store_open_flags {
	STORE_CREATE = 1 << 0,   /* create and initialise if missing */
	STORE_READONLY = 1 << 1, /* only reads: a read-only file is acceptable */
};

/* The schema version this program writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 1

int store_open(const char *path, unsigned flags, struct store **out, char **err);
void store_close(struct store *st);
/* True when this open created the file. */
bool store_was_created(const struct store *st);
const char *store_path(const struct store *st);

/* One write transaction (BEGIN IMMEDIATE). */
int store_begin(struct store *st, char **err);
int store_commit(struct store *st, char **err);
void store_rollback(struct store *st);

/* ---- countries ---- */
struct store_country {
	const char *code;     /* alpha-2 */
	const char *alpha3;
	const char *numeric;
	const char *name;     /* English short name */
};
struct store_country_name {
	const char *lang;     /* ISO 639-1 */
	const char *kind;     /* name, official, common, alias */
	const char *name;
};
/* Called once per country, names ordered by language then kind. Return
 * non-zero to stop. */
typedef int (*store_country_fn)(void *ud, const struct store_country *c,
                                const struct store_country_name *names, size_t n);
int store_countries_each(struct store *st, store_country_fn fn, void *ud, char **err);

/* Resolve a country written any way (alpha-2, alpha-3, numeric, any name or
 * alias in any language, with or without "Republic of"/"Республика").
 * Returns 1 and fills code[3] when exactly one country matches, 0 when none
 * or several match (then *err, if err is not NULL, says which), <0 on error. */
int store_country_resolve(struct store *st, const char *text, char code[3], char **err);

/* ---- whole database ---- */
struct store_summary {
	long countries, country_names, institutions, agreements, parties, areas;
	int schema_version;
};
int store_summary(struct store *st, struct store_summary *s, char **err);

/* Integrity and consistency check. Calls fn for each problem found;
 * returns the number of problems (>= 0) or < 0 on error. */
typedef void (*store_problem_fn)(void *ud, const char *what);
int store_check(struct store *st, store_problem_fn fn, void *ud, char **err);

/* ---- institutions and agreements ---- */

#define STORE_UUID_SIZE 37

/* What an upsert did. */
enum store_change { STORE_UNCHANGED, STORE_ADDED, STORE_UPDATED };

/* An institution. Strings are owned (malloc'd) and may be NULL when empty;
 * store_institution_clear() frees them. */
struct store_institution {
	char uuid[STORE_UUID_SIZE];   /* "" for a record not yet saved */
	char country[3];              /* alpha-2 */
	char *name, *name_en, *acronym, *region, *city, *type, *website, *notes;
	char parent[STORE_UUID_SIZE]; /* the parent's uuid, "" if none */
	char *parent_name;            /* filled when read; ignored when written */
	long long version;            /* 0 for a record not yet saved */
	char created[21], updated[21];
	unsigned keep;                /* STORE_KEEP_* fields an upsert leaves as stored */
};
void store_institution_clear(struct store_institution *r);

/* Fields an upsert of an existing record leaves as they are (a column the
 * file does not have must not wipe what the registry knows). */
enum {
	STORE_KEEP_NAME_EN = 1 << 1, STORE_KEEP_ACRONYM = 1 << 2, STORE_KEEP_REGION = 1 << 3,
	STORE_KEEP_CITY = 1 << 4, STORE_KEEP_TYPE = 1 << 5, STORE_KEEP_PARENT = 1 << 6,
	STORE_KEEP_WEBSITE = 1 << 7, STORE_KEEP_NOTES = 1 << 8,
	/* agreements */
	STORE_KEEP_KIND = 1 << 1, STORE_KEEP_STATUS = 1 << 2, STORE_KEEP_VALID_FROM = 1 << 4,
	STORE_KEEP_VALID_UNTIL = 1 << 5, STORE_KEEP_PLACE = 1 << 6, STORE_KEEP_SOURCE = 1 << 7,
	STORE_KEEP_AGR_NOTES = 1 << 8, STORE_KEEP_AREAS = 1 << 9,
};

/* Insert, or update the institution with the same identity (country and
 * folded name). Fills r->uuid and r->version. */
int store_institution_upsert(struct store *st, struct store_institution *r,
                             enum store_change *chg, char **err);
int store_institution_get(struct store *st, const char *uuid,
                          struct store_institution *out, char **err);

/* A short reference to an institution, for lookups and party lists. */
struct store_ref {
	char uuid[STORE_UUID_SIZE];
	char country[3];
	char *name;
	char *acronym;
	char *role;      /* in a party list; else NULL */
};
void store_refs_free(struct store_ref *v, size_t n);

/* Institutions whose folded name or acronym equals text's, in country
 * (NULL: any). Returns how many matched (may exceed max; at most max are
 * filled, the caller frees them with store_refs_free), or < 0. */
int store_institution_find(struct store *st, const char *text, const char *country,
                           struct store_ref *out, size_t max, char **err);
/* Up to max existing institution names closest to text (edit distance on
 * folded names), best first, for "did you mean". Returns the count. */
int store_institution_suggest(struct store *st, const char *text,
                              char **out, size_t max, char **err);

/* Every institution, ordered by country then name (parents before their
 * branches is not guaranteed). Return non-zero from fn to stop. */
typedef int (*store_institution_fn)(void *ud, const struct store_institution *r);
int store_institutions_each(struct store *st, store_institution_fn fn, void *ud, char **err);

/* An agreement with its parties and areas (owned; see clear). */
struct store_agreement {
	char uuid[STORE_UUID_SIZE];
	char *title, *kind, *status, *signed_on, *valid_from, *valid_until;
	char *place, *source, *notes;
	struct store_ref *parties;    /* uuid is what counts when written */
	size_t n_parties;
	char **areas;
	size_t n_areas;
	long long version;
	char created[21], updated[21];
	unsigned keep;                /* STORE_KEEP_* */
};
void store_agreement_clear(struct store_agreement *r);

/* Insert, or update the agreement with the same identity (folded title and
 * signed date); parties and areas are replaced by the given sets. */
int store_agreement_upsert(struct store *st, struct store_agreement *r,
                           enum store_change *chg, char **err);
int store_agreement_get(struct store *st, const char *uuid,
                        struct store_agreement *out, char **err);
typedef int (*store_agreement_fn)(void *ud, const struct store_agreement *r);
/* Every agreement with parties (names filled) and areas, ordered by signed
 * date then title. */
int store_agreements_each(struct store *st, store_agreement_fn fn, void *ud, char **err);

#endif
