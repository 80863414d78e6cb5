/* Shared by the files of history and merging copies (src/store/history.c,
 * sync.c, sync_file.c) and the hooks store.c calls. */
#ifndef ACCORD_SYNC_INTERNAL_H
#define ACCORD_SYNC_INTERNAL_H

#include <stdint.h>

#include "store_internal.h"

/* The tables whose changes are journaled, merged and shown in history, in
 * the order that satisfies their foreign keys. Country tables are the same
 * reference data in every copy; the browse tables (and their full-text
 * shadow tables) are derived and rebuilt by triggers. */
extern const char *const sync_tables[];
#define SYNC_N_TABLES 5

/* Per-connection state, made by sync_attach at the end of store_open. */
struct sync_state {
	char session[STORE_UUID_SIZE];  /* this connection's id */
	char *user;                     /* the Unix user */
	sqlite3_session *cap;           /* capture of the open write transaction */
	char txn[STORE_UUID_SIZE];      /* its id */
	int piece;                      /* journal rows written for it so far */
	const char *origin;             /* "edit" unless an undo says otherwise */
	long long last_seq;             /* seq of the last journal row written */
	bool manual;                    /* sync/apply journal by themselves */
	char *failed;                   /* a piece could not be written */
	char **cols[SYNC_N_TABLES];     /* column names, read on first use */
	int ncols[SYNC_N_TABLES];
};

/* Hooks of store.c. sync_attach/sync_detach at open/close; the others
 * around each store_begin/store_commit/store_rollback. */
int sync_attach(struct store *st, char **err);
void sync_detach(struct store *st);
int sync_txn_begin(struct store *st, char **err);
int sync_txn_commit(struct store *st, char **err);
void sync_txn_end(struct store *st);
/* Called between statements: a large transaction's capture is written out
 * in pieces so that its memory stays small. */
void sync_txn_tick(struct store *st);

/* Index of tbl in sync_tables, or -1. */
int sync_table_index(const char *tbl);
/* Column names of sync_tables[t] (cached for the connection); NULL on
 * error. */
char **sync_columns(struct store *st, int t, int *n);
/* Columns that are bookkeeping (version, updated, folded keys), not
 * content: they never make a conflict and are not shown in history. */
bool sync_bookkeeping(const char *col);

/* Write the open transaction's capture out now; *seq gets the seq of its
 * last journal row. */
int sync_undo_flush(struct store *st, long long *seq, char **err);

/* A capture session on st's main database over sync_tables. */
int sync_session_new(struct store *st, sqlite3_session **out, char **err);

/* Append one journal row (and its history rows) for a changeset; *seq gets
 * the new row's seq. */
struct sync_entry_meta {
	const char *txn, *at, *user, *session, *origin;
	int piece;
};
int sync_journal_add(struct store *st, const struct sync_entry_meta *m, const void *cs, int n,
                     long long *seq, char **err);

/* The journal's last seq (0 when empty). */
int sync_journal_top(struct store *st, long long *seq, char **err);
/* meta value for key, malloc'd, or NULL when absent. */
int sync_meta_get(struct store *st, const char *key, char **out, char **err);
int sync_meta_set(struct store *st, const char *key, const char *value, char **err);

/* ---- the changes file (sync_file.c) ---- */

uint32_t sync_crc32(const void *buf, size_t len);

/* A file being written in memory; failed after an allocation failure. */
struct sync_buf {
	unsigned char *data;
	size_t len, cap;
	unsigned long entries;
	bool failed;
};
int sync_buf_start(struct sync_buf *b);
void sync_buf_entry(struct sync_buf *b, const struct sync_entry_meta *m, const void *cs, size_t n);
int sync_buf_finish(struct sync_buf *b, const char *registry, long long from, long long to);
void sync_buf_free(struct sync_buf *b);

/* One entry of a file read: strings owned, cs points into the buffer. */
struct sync_file_entry {
	char *txn, *at, *user, *origin;
	int piece;
	const void *cs;
	size_t n;
	void *owned;    /* cs when the entry owns it (read from a journal) */
};
/* sync_file_check, and the entries when out is not NULL. */
int sync_file_read(const void *buf, size_t len, const char *registry, struct sync_header *h,
                   struct sync_file_entry **out, size_t *n_out, char **err);
void sync_entries_free(struct sync_file_entry *v, size_t n);

#endif
