/* Shared between the files of src/store only. */
#ifndef ACCORD_STORE_INTERNAL_H
#define ACCORD_STORE_INTERNAL_H

#include <stdint.h>

#include <sqlite3.h>

#include <accord/store.h>

/* "ACCD": marks a file as ours in the SQLite header (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x41434344

/* Statements kept prepared for the life of the connection: the import
 * runs them millions of times. */
enum store_slot {
	SLOT_INST_BY_IDENTITY, SLOT_INST_INSERT, SLOT_INST_UPDATE, SLOT_INST_GET,
	SLOT_INST_FIND, SLOT_INST_FIND_ACRONYM,
	SLOT_AGR_BY_IDENTITY, SLOT_AGR_INSERT, SLOT_AGR_UPDATE, SLOT_AGR_GET,
	SLOT_PARTIES_GET, SLOT_PARTIES_DELETE, SLOT_PARTY_INSERT,
	SLOT_AREAS_GET, SLOT_AREAS_DELETE, SLOT_AREA_INSERT, SLOT_AREA_BY_KEY,
	SLOT_AGR_AREA_INSERT,
	SLOT_COUNT
};

struct store {
	sqlite3 *db;
	char *path;
	bool created;
	bool readonly;
	sqlite3_stmt *slots[SLOT_COUNT];
	unsigned char pool[4096];   /* random bytes for uuids */
	size_t pool_left;
	uint64_t uuid_ms;     /* the last uuid's time and counter: see store_uuid */
	unsigned uuid_seq;
	struct sync_state *sync;    /* journal and history (src/store/history.c) */
	/* Areas seen lately, folded key -> stored name: an import names the
	 * same few areas a million times. Cleared at each transaction. */
	struct { char *key, *name; } areas[64];
	size_t n_areas;
	char **bulk_sql;              /* CREATE INDEX statements to run again */
	size_t n_bulk;
};

void store_area_cache_clear(struct store *st);

/* The statement in slot, prepared on first use and reset for reuse.
 * NULL with *err set on failure. */
sqlite3_stmt *store_slot(struct store *st, enum store_slot slot, const char *sql, char **err);

/* Bind a C string, or NULL for NULL/empty. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Copy column i as a malloc'd string (NULL for NULL). */
char *store_column_dup(sqlite3_stmt *s, int i);

/* Set *err (if err) to a formatted message; returns code. */
int store_fail(char **err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Message for the last SQLite error on st->db; maps codes to store_err. */
int store_sqlfail(struct store *st, char **err, const char *what);

int store_exec(struct store *st, const char *sql, char **err);
/* Prepare or fail with a message. */
int store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt, char **err);

/* Bring the schema to STORE_SCHEMA_VERSION (in a transaction). */
int store_migrate(struct store *st, int from_version, char **err);

/* Load the compiled-in country tables (called by the first migration). */
int store_country_load(struct store *st, char **err);

/* Current time as ISO 8601 UTC ("2026-11-24T08:39:43Z"), into buf[21]. */
void store_now(char buf[21]);
/* fold_key of an optional string: NULL for NULL or empty; *bad set when
 * the text is not valid UTF-8 (institution.c). */
char *store_key_or_null(const char *s, bool *bad);
/* A field as given equals a stored column (NULL and "" are the same). */
bool store_same_text(const char *a, const unsigned char *b);

/* Fuzzy name matching (institution.c): UTF-8 to code points, and their
 * edit distance with an early stop past limit. */
size_t store_decode(const char *s, uint32_t *out, size_t cap);
size_t store_edit_distance(const uint32_t *a, size_t an, const uint32_t *b, size_t bn,
                           size_t *row, size_t limit);

/* A new random UUID (version 7) into buf[37]. */
int store_uuid(struct store *st, char buf[37]);

#endif
