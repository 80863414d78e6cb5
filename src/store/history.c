/* The journal and the history: every write transaction of this connection
 * is captured by an SQLite session (attached in store_begin, harvested in
 * store_commit) and written, in the same transaction, as one journal row
 * (the changeset) plus history rows (field by field, for people). Callers
 * do nothing: any write path that uses store_begin/store_commit is
 * recorded. Also: a record's history, and undo of a session's last edit.
 * Why a journal rather than base snapshots: see sync.c. */
#include <config.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sync_internal.h"

const char *const sync_tables[SYNC_N_TABLES] = {
	"institution", "agreement", "agreement_party", "area", "agreement_area",
};

/* A large transaction (an import) is written out in pieces of about this
 * much session memory, so that capturing it never holds the whole import. */
#define PIECE_BYTES (2 << 20)

/* Columns that are bookkeeping, not content: not shown as changes. */
bool sync_bookkeeping(const char *col)
{
	return strcmp(col, "version") == 0 || strcmp(col, "updated") == 0 || strcmp(col, "created") == 0 ||
	       strcmp(col, "key") == 0 || strcmp(col, "akey") == 0 || strcmp(col, "pos") == 0;
}

static char *unix_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return strdup(pw->pw_name);
	char buf[32];
	snprintf(buf, sizeof buf, "uid %lu", (unsigned long)getuid());
	return strdup(buf);
}

int sync_attach(struct store *st, char **err)
{
	struct sync_state *s = calloc(1, sizeof *s);
	if (!s || !(s->user = unix_user())) {
		free(s);
		return store_fail(err, STORE_ERROR, "out of memory");
	}
	if (store_uuid(st, s->session) != STORE_OK) {
		free(s->user);
		free(s);
		return store_fail(err, STORE_ERROR, "no random source for a session id");
	}
	s->origin = "edit";
	st->sync = s;
	return STORE_OK;
}

void sync_detach(struct store *st)
{
	if (!st->sync)
		return;
	sync_txn_end(st);
	for (int t = 0; t < SYNC_N_TABLES; t++) {
		for (int i = 0; i < st->sync->ncols[t]; i++)
			free(st->sync->cols[t][i]);
		free(st->sync->cols[t]);
	}
	free(st->sync->user);
	free(st->sync);
	st->sync = NULL;
}

const char *store_session_id(const struct store *st) { return st->sync ? st->sync->session : ""; }
const char *store_user(const struct store *st) { return st->sync ? st->sync->user : ""; }

int sync_session_new(struct store *st, sqlite3_session **out, char **err)
{
	*out = NULL;
	sqlite3_session *s;
	if (sqlite3session_create(st->db, "main", &s) != SQLITE_OK)
		return store_fail(err, STORE_ERROR, "%s: cannot record changes (session)", st->path);
	for (int i = 0; i < SYNC_N_TABLES; i++)
		if (sqlite3session_attach(s, sync_tables[i]) != SQLITE_OK) {
			sqlite3session_delete(s);
			return store_fail(err, STORE_ERROR, "%s: cannot record changes of %s", st->path,
			                  sync_tables[i]);
		}
	*out = s;
	return STORE_OK;
}

int sync_txn_begin(struct store *st, char **err)
{
	struct sync_state *s = st->sync;
	if (!s || s->manual || st->readonly)
		return STORE_OK;
	sync_txn_end(st);
	if (store_uuid(st, s->txn) != STORE_OK)
		return store_fail(err, STORE_ERROR, "no random source for a transaction id");
	s->piece = 0;
	return sync_session_new(st, &s->cap, err);
}

/* Write what the capture holds as the next piece of the transaction. */
static int flush_piece(struct store *st, char **err)
{
	struct sync_state *s = st->sync;
	if (!s->cap || sqlite3session_isempty(s->cap))
		return STORE_OK;
	int n = 0;
	void *cs = NULL;
	if (sqlite3session_changeset(s->cap, &n, &cs) != SQLITE_OK)
		return store_fail(err, STORE_ERROR, "%s: cannot record the changes (out of memory?)", st->path);
	char now[21];
	store_now(now);
	struct sync_entry_meta m = { .txn = s->txn, .at = now, .user = s->user, .session = s->session,
	                             .origin = s->origin, .piece = s->piece };
	/* A fresh capture for what follows: the old one must not see the
	 * journal's own rows (it does not: they are not attached), and must
	 * not hold this piece's rows any longer. */
	sqlite3session_delete(s->cap);
	s->cap = NULL;
	long long seq;
	int rc = n > 0 ? sync_journal_add(st, &m, cs, n, &seq, err) : STORE_OK;
	sqlite3_free(cs);
	if (rc != STORE_OK)
		return rc;
	if (n > 0) {
		s->piece++;
		s->last_seq = seq;
	}
	return sync_session_new(st, &s->cap, err);
}

void sync_txn_tick(struct store *st)
{
	struct sync_state *s = st->sync;
	if (!s || !s->cap || s->failed || sqlite3session_memory_used(s->cap) < PIECE_BYTES)
		return;
	char *err = NULL;
	if (flush_piece(st, &err) != STORE_OK) {
		/* Reported by sync_txn_commit: the transaction must not commit
		 * without its journal. */
		s->failed = err ? err : strdup("cannot record the changes");
	} else
		free(err);
}

int sync_txn_commit(struct store *st, char **err)
{
	struct sync_state *s = st->sync;
	if (!s || !s->cap)
		return STORE_OK;
	if (s->failed) {
		int rc = store_fail(err, STORE_ERROR, "%s", s->failed);
		return rc;
	}
	int rc = flush_piece(st, err);
	sqlite3session_delete(s->cap);
	s->cap = NULL;
	return rc;
}

void sync_txn_end(struct store *st)
{
	struct sync_state *s = st->sync;
	if (!s)
		return;
	if (s->cap)
		sqlite3session_delete(s->cap);
	s->cap = NULL;
	free(s->failed);
	s->failed = NULL;
	s->origin = "edit";
}

int sync_undo_flush(struct store *st, long long *seq, char **err)
{
	int rc = flush_piece(st, err);
	*seq = st->sync->last_seq;
	return rc;
}

/* ---- the journal ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sync_table_index(const char *tbl)
{
	for (int i = 0; i < SYNC_N_TABLES; i++)
		if (strcmp(tbl, sync_tables[i]) == 0)
			return i;
	return -1;
}

char **sync_columns(struct store *st, int t, int *n)
{
	struct sync_state *s = st->sync;
	if (s->cols[t]) {
		*n = s->ncols[t];
		return s->cols[t];
	}
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s') ORDER BY cid", sync_tables[t]);
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return NULL;
	char **v = NULL;
	int k = 0, cap = 0;
	bool ok = true;
	while (ok && sqlite3_step(q) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			char **nv = realloc(v, (size_t)cap * sizeof *nv);
			if (!nv) {
				ok = false;
				break;
			}
			v = nv;
		}
		if (!(v[k] = store_column_dup(q, 0)))
			ok = false;
		else
			k++;
	}
	sqlite3_finalize(q);
	if (!ok || k == 0) {
		for (int i = 0; i < k; i++)
			free(v[i]);
		free(v);
		return NULL;
	}
	s->cols[t] = v;
	*n = s->ncols[t] = k;
	return v;
}

/* The column that names a record for people: name or title. */
static int label_column(int t)
{
	return t == 0 ? 1 : t == 1 ? 1 : -1;
}

static int hist_row(sqlite3_stmt *h, long long seq, const char *tbl, sqlite3_value *rec, const char *op,
                    const char *field, sqlite3_value *old, sqlite3_value *new_)
{
	sqlite3_reset(h);
	sqlite3_clear_bindings(h);
	sqlite3_bind_int64(h, 1, seq);
	sqlite3_bind_text(h, 2, tbl, -1, SQLITE_STATIC);
	sqlite3_bind_value(h, 3, rec);
	sqlite3_bind_text(h, 4, op, -1, SQLITE_STATIC);
	if (field)
		sqlite3_bind_text(h, 5, field, -1, SQLITE_STATIC);
	if (old)
		sqlite3_bind_value(h, 6, old);
	if (new_)
		sqlite3_bind_value(h, 7, new_);
	return sqlite3_step(h) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
}

/* History rows for one changeset: a record added or deleted as a whole
 * (deleted: with its old fields), changed fields one by one, links added
 * or removed under their agreement unless the agreement itself is new. */
static int write_history(struct store *st, long long seq, const void *cs, int n, char **err)
{
	char **cols[SYNC_N_TABLES];
	int ncols[SYNC_N_TABLES];
	for (int t = 0; t < SYNC_N_TABLES; t++)
		if (!(cols[t] = sync_columns(st, t, &ncols[t])))
			return store_sqlfail(st, err, "cannot read the schema");
	/* Pass 1: the agreements added here. */
	char **added = NULL;
	size_t n_added = 0, cap = 0;
	sqlite3_changeset_iter *it = NULL;
	int rc = sqlite3changeset_start(&it, n, (void *)cs);
	while (rc == SQLITE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
		sqlite3_value *v = NULL;
		if (op != SQLITE_INSERT || strcmp(tbl, "agreement") != 0 || sqlite3changeset_new(it, 0, &v) != SQLITE_OK || !v)
			continue;
		if (n_added == cap) {
			cap = cap ? cap * 2 : 64;
			char **nv = realloc(added, cap * sizeof *nv);
			if (!nv) {
				rc = SQLITE_NOMEM;
				break;
			}
			added = nv;
		}
		const unsigned char *u = sqlite3_value_text(v);
		added[n_added++] = strdup(u ? (const char *)u : "");
	}
	if (it)
		rc = sqlite3changeset_finalize(it) == SQLITE_OK ? rc : SQLITE_CORRUPT;
	if (n_added)
		qsort(added, n_added, sizeof *added, cmp_str);

	sqlite3_stmt *h = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "INSERT INTO history(seq, tbl, rec, op, field, old, new)"
		                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &h, NULL);
	it = NULL;
	if (rc == SQLITE_OK)
		rc = sqlite3changeset_start(&it, n, (void *)cs);
	while (rc == SQLITE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
		int t = sync_table_index(tbl);
		if (t < 0 || ncol > ncols[t])
			continue;
		char **names = cols[t];
		sqlite3_value *rec = NULL, *v = NULL, *o = NULL;
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, 0, &rec);
		else
			sqlite3changeset_old(it, 0, &rec);
		bool link = t == 2 || t == 4;
		if (link) {
			/* the linked thing: the institution or the area */
			if (op == SQLITE_INSERT)
				sqlite3changeset_new(it, 1, &v);
			else
				sqlite3changeset_old(it, 1, &v);
			const unsigned char *a = rec ? sqlite3_value_text(rec) : NULL;
			const char *key = a ? (const char *)a : "";
			if (n_added && bsearch(&key, added, n_added, sizeof *added, cmp_str))
				continue;
		}
		const char *field = link ? (t == 2 ? "party" : "area") : NULL;
		if (op == SQLITE_INSERT) {
			if (!link && label_column(t) >= 0)
				sqlite3changeset_new(it, label_column(t), &v);
			rc = hist_row(h, seq, tbl, rec, "added", field, NULL, v);
		} else if (op == SQLITE_DELETE) {
			if (!link && label_column(t) >= 0)
				sqlite3changeset_old(it, label_column(t), &o);
			rc = hist_row(h, seq, tbl, rec, "deleted", field, link ? v : o, NULL);
			for (int c = 1; rc == SQLITE_OK && !link && c < ncol; c++) {
				sqlite3_value *ov = NULL;
				if (sync_bookkeeping(names[c]) || c == label_column(t) ||
				    sqlite3changeset_old(it, c, &ov) != SQLITE_OK || !ov || sqlite3_value_type(ov) == SQLITE_NULL)
					continue;
				rc = hist_row(h, seq, tbl, rec, "deleted", names[c], ov, NULL);
			}
		} else {
			for (int c = 1; rc == SQLITE_OK && c < ncol; c++) {
				sqlite3_value *nv = NULL, *ov = NULL;
				if (sync_bookkeeping(names[c]) || sqlite3changeset_new(it, c, &nv) != SQLITE_OK || !nv)
					continue;
				sqlite3changeset_old(it, c, &ov);
				rc = hist_row(h, seq, tbl, rec, "changed", names[c], ov, nv);
			}
		}
	}
	if (it) {
		int frc = sqlite3changeset_finalize(it);
		if (rc == SQLITE_OK)
			rc = frc;
	}
	sqlite3_finalize(h);
	for (size_t i = 0; i < n_added; i++)
		free(added[i]);
	free(added);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		return rc == SQLITE_CORRUPT ? store_fail(err, STORE_ERROR, "a changeset is corrupt")
		                            : store_sqlfail(st, err, "cannot write the history");
	return STORE_OK;
}

int sync_journal_add(struct store *st, const struct sync_entry_meta *m, const void *cs, int n,
                     long long *seq, char **err)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, "INSERT INTO sync_journal(txn, piece, at, user, session, origin, changes)"
	                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, m->txn, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, m->piece);
	sqlite3_bind_text(s, 3, m->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, m->user, -1, SQLITE_STATIC);
	store_bind_text(s, 5, m->session);
	sqlite3_bind_text(s, 6, m->origin, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 7, cs ? cs : "", n, SQLITE_STATIC);
	int step = sqlite3_step(s);
	sqlite3_finalize(s);
	if (step != SQLITE_DONE)
		return store_sqlfail(st, err, "cannot write the journal");
	*seq = sqlite3_last_insert_rowid(st->db);
	return n > 0 ? write_history(st, *seq, cs, n, err) : STORE_OK;
}

int sync_journal_top(struct store *st, long long *seq, char **err)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, "SELECT ifnull(max(seq), 0) FROM sync_journal", &s, err);
	if (rc != STORE_OK)
		return rc;
	*seq = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return *seq < 0 ? store_sqlfail(st, err, "cannot read the journal") : STORE_OK;
}

int sync_meta_get(struct store *st, const char *key, char **out, char **err)
{
	sqlite3_stmt *s;
	*out = NULL;
	int rc = store_prepare(st, "SELECT value FROM meta WHERE key = ?1", &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = store_column_dup(s, 0);
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot read meta");
}

int sync_meta_set(struct store *st, const char *key, const char *value, char **err)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, "INSERT INTO meta(key, value) VALUES (?1, ?2)"
	                       " ON CONFLICT(key) DO UPDATE SET value = excluded.value", &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot write meta");
}

/* ---- reading history ---- */

int store_history_each(struct store *st, const char *uuid, size_t max, store_history_fn fn,
                       void *ud, char **err)
{
	/* Party links and parents are stored as uuids: show names. */
	sqlite3_stmt *s;
	int rc = store_prepare(st,
		"SELECT j.seq, j.at, j.user, j.origin, h.tbl, h.op, h.field,"
		" CASE WHEN h.field IN ('party', 'parent') THEN"
		"   coalesce((SELECT name FROM institution WHERE uuid = h.old), h.old) ELSE h.old END,"
		" CASE WHEN h.field IN ('party', 'parent') THEN"
		"   coalesce((SELECT name FROM institution WHERE uuid = h.new), h.new) ELSE h.new END,"
		" j.undone IS NOT NULL"
		" FROM history h JOIN sync_journal j ON j.seq = h.seq WHERE h.rec = ?1"
		" ORDER BY h.id DESC LIMIT ?2", &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, max ? (sqlite3_int64)max : -1);
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_history e = {
			.seq = sqlite3_column_int64(s, 0),
			.at = (const char *)sqlite3_column_text(s, 1),
			.user = (const char *)sqlite3_column_text(s, 2),
			.origin = (const char *)sqlite3_column_text(s, 3),
			.table = (const char *)sqlite3_column_text(s, 4),
			.op = (const char *)sqlite3_column_text(s, 5),
			.field = (const char *)sqlite3_column_text(s, 6),
			.old_value = (const char *)sqlite3_column_text(s, 7),
			.new_value = (const char *)sqlite3_column_text(s, 8),
			.undone = sqlite3_column_int(s, 9) != 0,
		};
		if (fn(ud, &e))
			break;
	}
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? STORE_OK
	                                                 : store_sqlfail(st, err, "cannot read the history");
}

/* ---- undo ---- */

struct undo_ctx {
	struct store *st;
	bool conflict;
	char *what;
};

/* The row differs from what the inverse expects only in bookkeeping (the
 * version an earlier undo moved on, say): not someone else's edit. */
static bool only_bookkeeping(struct store *st, sqlite3_changeset_iter *it, const char *tbl, int ncol)
{
	int t = sync_table_index(tbl), nc = 0;
	char **cols = t >= 0 ? sync_columns(st, t, &nc) : NULL;
	if (!cols || nc < ncol)
		return false;
	for (int c = 0; c < ncol; c++) {
		sqlite3_value *o = NULL, *cur = NULL;
		if (sqlite3changeset_old(it, c, &o) != SQLITE_OK || !o || sync_bookkeeping(cols[c]))
			continue;
		sqlite3changeset_conflict(it, c, &cur);
		const unsigned char *a = sqlite3_value_text(o), *b = cur ? sqlite3_value_text(cur) : NULL;
		if (sqlite3_value_type(o) != (cur ? sqlite3_value_type(cur) : SQLITE_NULL) ||
		    (a && b && strcmp((const char *)a, (const char *)b) != 0))
			return false;
	}
	return true;
}

/* Undo never overrides: a record changed since by someone else stops it.
 * A row already gone (deleted with its agreement) is fine. */
static int undo_conflict(void *ud, int type, sqlite3_changeset_iter *it)
{
	struct undo_ctx *u = ud;
	const char *tbl;
	int ncol, op, ind;
	sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
	if (type == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE)
		return SQLITE_CHANGESET_OMIT;
	if (type == SQLITE_CHANGESET_DATA && only_bookkeeping(u->st, it, tbl, ncol))
		return SQLITE_CHANGESET_REPLACE;
	if (!u->conflict) {
		u->conflict = true;
		free(u->what);
		u->what = NULL;
		if (asprintf(&u->what, "a record of %s was %s since", tbl,
		             type == SQLITE_CHANGESET_NOTFOUND ? "deleted" : "changed") < 0)
			u->what = NULL;
	}
	return SQLITE_CHANGESET_ABORT;
}

/* After undoing an update, the record's version moves forward, not back:
 * a form opened on the undone state must still see that it changed. */
static int bump_versions(struct store *st, const void *cs, int n, char **err)
{
	sqlite3_changeset_iter *it;
	if (sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK)
		return store_fail(err, STORE_ERROR, "a journal entry is corrupt");
	int rc = STORE_OK;
	char now[21];
	store_now(now);
	while (rc == STORE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
		int t = sync_table_index(tbl);
		if (op != SQLITE_UPDATE || (t != 0 && t != 1))
			continue;
		sqlite3_value *pk = NULL, *ver = NULL;
		int nc = 0;
		char **names = sync_columns(st, t, &nc);
		sqlite3changeset_old(it, 0, &pk);
		for (int c = 0; names && c < nc && c < ncol; c++)
			if (strcmp(names[c], "version") == 0)
				sqlite3changeset_new(it, c, &ver);
		if (!pk || !ver)
			continue;
		char sql[96];
		snprintf(sql, sizeof sql, "UPDATE %s SET version = max(version, ?1) + 1, updated = ?2 WHERE uuid = ?3", tbl);
		sqlite3_stmt *u;
		if ((rc = store_prepare(st, sql, &u, err)) != STORE_OK)
			break;
		sqlite3_bind_value(u, 1, ver);
		sqlite3_bind_text(u, 2, now, -1, SQLITE_STATIC);
		sqlite3_bind_value(u, 3, pk);
		if (sqlite3_step(u) != SQLITE_DONE)
			rc = store_sqlfail(st, err, "cannot undo");
		sqlite3_finalize(u);
	}
	sqlite3changeset_finalize(it);
	return rc;
}

int store_history_undo_last(struct store *st, const char *session_id, struct store_undo *out,
                            char **err)
{
	memset(out, 0, sizeof *out);
	int rc = store_begin(st, err);
	if (rc != STORE_OK)
		return rc;
	st->sync->origin = "undo";
	/* The session's last edit not undone yet, all its pieces, last first. */
	sqlite3_stmt *q = NULL;
	rc = store_prepare(st, "SELECT seq, changes FROM sync_journal WHERE txn ="
	                   " (SELECT txn FROM sync_journal WHERE session = ?1 AND origin = 'edit'"
	                   "  AND undone IS NULL ORDER BY seq DESC LIMIT 1) ORDER BY piece DESC", &q, err);
	if (rc != STORE_OK)
		goto fail;
	sqlite3_bind_text(q, 1, session_id, -1, SQLITE_TRANSIENT);
	struct undo_ctx u = { .st = st };
	int step;
	while (rc == STORE_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		if (!out->seq || sqlite3_column_int64(q, 0) < out->seq)
			out->seq = sqlite3_column_int64(q, 0);
		int n = sqlite3_column_bytes(q, 1), ni = 0;
		const void *cs = sqlite3_column_blob(q, 1);
		void *inv = NULL;
		if (sqlite3changeset_invert(n, cs, &ni, &inv) != SQLITE_OK) {
			rc = store_fail(err, STORE_ERROR, "%s: a journal entry is corrupt; cannot undo", st->path);
			break;
		}
		int arc = sqlite3changeset_apply_v2(st->db, ni, inv, NULL, undo_conflict, &u, NULL, NULL, 0);
		sqlite3_free(inv);
		if (u.conflict)
			rc = store_fail(err, SYNC_CONFLICTS, "cannot undo: %s; nothing was changed",
			                u.what ? u.what : "a record was changed since");
		else if (arc != SQLITE_OK)
			rc = store_sqlfail(st, err, "cannot undo");
		else
			rc = bump_versions(st, cs, n, err);
	}
	free(u.what);
	sqlite3_finalize(q);
	if (rc != STORE_OK)
		goto fail;
	if (!out->seq) {
		rc = store_fail(err, STORE_NOT_FOUND, "nothing to undo");
		goto fail;
	}
	long long useq = 0;
	if ((rc = sync_undo_flush(st, &useq, err)) != STORE_OK)
		goto fail;
	out->undo_seq = useq;
	sqlite3_stmt *m;
	if ((rc = store_prepare(st, "UPDATE sync_journal SET undone = ?1 WHERE txn ="
	                        " (SELECT txn FROM sync_journal WHERE seq = ?2)", &m, err)) != STORE_OK)
		goto fail;
	sqlite3_bind_int64(m, 1, useq);
	sqlite3_bind_int64(m, 2, out->seq);
	step = sqlite3_step(m);
	sqlite3_finalize(m);
	if (step != SQLITE_DONE) {
		rc = store_sqlfail(st, err, "cannot undo");
		goto fail;
	}
	out->records = sqlite3_total_changes(st->db) > 0 ? 1 : 0;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}
