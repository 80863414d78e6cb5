/* Shared between the files of src/store only. */
#ifndef ACCORD_STORE_INTERNAL_H
#define ACCORD_STORE_INTERNAL_H

#include <sqlite3.h>

#include <accord/store.h>

/* "ACCD": marks a file as ours in the SQLite header (PRAGMA application_id). */
#define STORE_APPLICATION_ID 0x41434344

struct store {
	sqlite3 *db;
	char *path;
	bool created;
	bool readonly;
};

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
/* A new random UUID (version 4) into buf[37]. */
int store_uuid(char buf[37]);

#endif
