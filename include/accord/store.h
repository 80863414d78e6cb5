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

#endif
