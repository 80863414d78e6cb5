/* The three operations on copies: changes (write the journal since a mark
 * to a file), apply (a file's transactions here), merge (two copies at
 * hand, both ways), and making a copy. The engine is in sync.c. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sync_engine.h"

#define MARK_KEY "sync_mark"

int sync_registry_id(struct store *st, char **out, char **err)
{
	int rc = sync_meta_get(st, "registry", out, err);
	if (rc == STORE_OK && !*out)
		rc = store_fail(err, STORE_NOT_ACCORD, "%s: has no registry id", st->path);
	return rc;
}

static int ready(struct store *st, char **err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sync_journal LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return store_fail(err, STORE_ERROR, "%s: made by an earlier development version of Accord"
		                  " without a journal; it cannot be merged", st->path);
	sqlite3_finalize(s);
	return STORE_OK;
}

static int read_mark(struct store *st, long long *mark, char **err)
{
	char *v = NULL;
	int rc = sync_meta_get(st, MARK_KEY, &v, err);
	*mark = v ? atoll(v) : 0;
	free(v);
	return rc;
}

static int write_mark(struct store *st, long long mark, char **err)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%lld", mark);
	return sync_meta_set(st, MARK_KEY, buf, err);
}

/* ---- changes ---- */

int sync_changes(struct store *st, long long since, void **buf, size_t *len, struct sync_header *h,
                 char **err)
{
	*buf = NULL;
	*len = 0;
	memset(h, 0, sizeof *h);
	char *reg = NULL;
	int rc = ready(st, err);
	if (rc == STORE_OK)
		rc = sync_registry_id(st, &reg, err);
	if (rc == STORE_OK && since < 0)
		rc = read_mark(st, &since, err);
	long long top = 0;
	if (rc == STORE_OK)
		rc = sync_journal_top(st, &top, err);
	sqlite3_stmt *q = NULL;
	if (rc == STORE_OK)
		rc = store_prepare(st, "SELECT txn, piece, at, user, origin, changes FROM sync_journal"
		                   " WHERE seq > ?1 AND seq <= ?2 ORDER BY seq", &q, err);
	struct sync_buf b;
	if (rc == STORE_OK && sync_buf_start(&b) != 0)
		rc = store_fail(err, STORE_ERROR, "out of memory");
	if (rc != STORE_OK) {
		sqlite3_finalize(q);
		free(reg);
		return rc;
	}
	sqlite3_bind_int64(q, 1, since);
	sqlite3_bind_int64(q, 2, top);
	int step;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		struct sync_entry_meta m = {
			.txn = (const char *)sqlite3_column_text(q, 0), .piece = sqlite3_column_int(q, 1),
			.at = (const char *)sqlite3_column_text(q, 2), .user = (const char *)sqlite3_column_text(q, 3),
			.origin = (const char *)sqlite3_column_text(q, 4),
		};
		sync_buf_entry(&b, &m, sqlite3_column_blob(q, 5), (size_t)sqlite3_column_bytes(q, 5));
	}
	sqlite3_finalize(q);
	if (step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read the journal");
	else if (sync_buf_finish(&b, reg, since, top) != 0)
		rc = store_fail(err, STORE_ERROR, "out of memory");
	free(reg);
	if (rc != STORE_OK) {
		sync_buf_free(&b);
		return rc;
	}
	h->version = 1;
	h->from = since;
	h->to = top;
	h->entries = b.entries;
	h->payload = b.len - SYNC_HEADER_SIZE;
	*buf = b.data;
	*len = b.len;
	return STORE_OK;
}

int sync_changes_done(struct store *st, long long mark, char **err)
{
	int rc = store_begin(st, err);
	if (rc == STORE_OK && (rc = write_mark(st, mark, err)) == STORE_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

/* ---- applying entries ---- */

static int known(struct store *st, const struct sync_file_entry *e, bool *yes, char **err)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st, "SELECT 1 FROM sync_journal WHERE txn = ?1 AND piece = ?2", &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, e->txn, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, e->piece);
	int step = sqlite3_step(s);
	sqlite3_finalize(s);
	*yes = step == SQLITE_ROW;
	return step == SQLITE_ROW || step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot read the journal");
}

static long changes_in(const void *cs, int n)
{
	sqlite3_changeset_iter *it;
	long k = 0;
	if (n <= 0 || sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK)
		return 0;
	while (sqlite3changeset_next(it) == SQLITE_ROW)
		k++;
	sqlite3changeset_finalize(it);
	return k;
}

/* Apply the entries not known here, each captured and journaled under its
 * own txn with the effect it had here (not in a probe). A transaction is
 * open and st->sync->manual is set. */
static int apply_entries(struct apply_ctx *x, const struct sync_file_entry *v, size_t n, const char *origin,
                         struct sync_stats *stats, char **err)
{
	struct store *st = x->st;
	int rc = STORE_OK;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		bool yes;
		if ((rc = known(st, &v[i], &yes, err)) != STORE_OK)
			break;
		if (yes) {
			if (!x->probe && stats)
				stats->known++;
			continue;
		}
		sqlite3_session *cap = NULL;
		if (!x->probe && (rc = sync_session_new(st, &cap, err)) != STORE_OK)
			break;
		rc = sync_apply_changeset(x, v[i].cs, v[i].n, err);
		if (rc == STORE_OK && cap) {
			int cn = 0;
			void *cs = NULL;
			if (sqlite3session_changeset(cap, &cn, &cs) != SQLITE_OK)
				rc = store_fail(err, STORE_ERROR, "out of memory while merging");
			sqlite3session_delete(cap);
			cap = NULL;
			struct sync_entry_meta m = { .txn = v[i].txn, .piece = v[i].piece, .at = v[i].at,
			                             .user = v[i].user, .origin = origin };
			long long seq;
			if (rc == STORE_OK)
				rc = sync_journal_add(st, &m, cs, cn, &seq, err);
			if (stats) {
				stats->transactions++;
				stats->rows += changes_in(cs, cn);
			}
			sqlite3_free(cs);
		}
		if (cap)
			sqlite3session_delete(cap);
	}
	if (rc == STORE_OK)
		rc = sync_check_references(x, err);
	return rc;
}

/* Run the entries inside a savepoint that is always rolled back. */
static int probe(struct apply_ctx *x, const struct sync_file_entry *v, size_t n, char **err)
{
	struct store *st = x->st;
	int rc = store_exec(st, "SAVEPOINT sync_probe", err);
	if (rc != STORE_OK)
		return rc;
	x->probe = true;
	rc = apply_entries(x, v, n, "probe", NULL, err);
	x->probe = false;
	sqlite3_exec(st->db, "ROLLBACK TO sync_probe; RELEASE sync_probe", NULL, NULL, NULL);
	return rc;
}

/* The full-text indexes of the browse tables follow their content tables
 * by triggers; rebuild them anyway after a merge, as SQLite advises for
 * external-content tables written in bulk. */
static int rebuild_fts(struct store *st, char **err)
{
	/* Fixed names only: a table name read from a database (perhaps another
	 * copy's, perhaps crafted) must never become SQL. */
	static const char *const sql[] = {
		"INSERT INTO inst_fts(inst_fts) VALUES ('rebuild')",
		"INSERT INTO agr_fts(agr_fts) VALUES ('rebuild')",
	};
	int rc = STORE_OK;
	for (size_t i = 0; i < sizeof sql / sizeof *sql && rc == STORE_OK; i++)
		rc = store_exec(st, sql[i], err);
	return rc;
}

int sync_apply(struct store *st, const void *buf, size_t len, enum sync_prefer prefer, sync_conflict_fn fn,
               void *ud, struct sync_stats *stats, char **err)
{
	struct sync_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	char *reg = NULL;
	int rc = ready(st, err);
	if (rc == STORE_OK)
		rc = sync_registry_id(st, &reg, err);
	if (rc != STORE_OK)
		return rc;
	struct sync_header h;
	struct sync_file_entry *v = NULL;
	size_t n = 0;
	rc = sync_file_read(buf, len, reg, &h, &v, &n, err);
	free(reg);
	if (rc != STORE_OK)
		return rc;
	struct sync_clist cl = { 0 };
	struct apply_ctx x = { .st = st, .prefer = prefer, .conflicts = &cl };
	st->sync->manual = true;
	rc = store_begin(st, err);
	if (rc == STORE_OK)
		rc = probe(&x, v, n, err);
	bool hard = false;
	size_t nc = rc == STORE_OK ? sync_clist_count(&cl, &hard) : 0;
	if (rc == STORE_OK && nc && (prefer == SYNC_PREFER_NONE || hard)) {
		stats->conflicts = (long)nc;
		rc = store_fail(err, SYNC_CONFLICTS, "%zu conflict%s; nothing was changed%s", nc, nc == 1 ? "" : "s",
		                hard ? "" : " (choose with --prefer mine or --prefer theirs)");
	}
	if (rc == STORE_OK) {
		/* The real run lists what it resolved, found afresh. */
		sync_clist_free(&cl);
		rc = apply_entries(&x, v, n, "apply", stats, err);
		hard = false;
		nc = sync_clist_count(&cl, &hard);
		stats->conflicts = (long)nc;
		if (rc == STORE_OK && hard)
			rc = store_fail(err, SYNC_CONFLICTS, "%zu conflict%s; nothing was changed", nc, nc == 1 ? "" : "s");
	}
	/* The mark stays: this copy's own edits since it are still to be
	 * sent; what came in here goes along too, and is skipped where known. */
	long long top = 0;
	if (rc == STORE_OK)
		rc = rebuild_fts(st, err);
	if (rc == STORE_OK && (rc = sync_journal_top(st, &top, err)) == STORE_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	st->sync->manual = false;
	stats->mark = top;
	sync_clist_report(&cl, false, fn, ud);
	sync_clist_free(&cl);
	sync_ctx_free(&x);
	sync_entries_free(v, n);
	return rc;
}

/* ---- merging two copies ---- */

struct keyset {
	char **v;        /* "txn/piece" */
	size_t n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void keyset_free(struct keyset *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i]);
	free(k->v);
}

static int journal_keys(struct store *st, struct keyset *k, char **err)
{
	sqlite3_stmt *q;
	memset(k, 0, sizeof *k);
	int rc = store_prepare(st, "SELECT txn || '/' || piece FROM sync_journal", &q, err);
	size_t cap = 0;
	while (rc == STORE_OK && sqlite3_step(q) == SQLITE_ROW) {
		if (k->n == cap) {
			cap = cap ? cap * 2 : 256;
			char **nv = realloc(k->v, cap * sizeof *nv);
			if (!nv) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			k->v = nv;
		}
		if (!(k->v[k->n] = store_column_dup(q, 0)))
			rc = store_fail(err, STORE_ERROR, "out of memory");
		else
			k->n++;
	}
	sqlite3_finalize(q);
	if (k->n)
		qsort(k->v, k->n, sizeof *k->v, cmp_str);
	return rc;
}

/* The journal rows of st that the other copy (keys) lacks, in order. */
static int missing_entries(struct store *st, const struct keyset *other, struct sync_file_entry **out,
                           size_t *n_out, char **err)
{
	*out = NULL;
	*n_out = 0;
	sqlite3_stmt *q;
	int rc = store_prepare(st, "SELECT txn || '/' || piece, txn, piece, at, user, origin, changes"
	                       " FROM sync_journal ORDER BY seq", &q, err);
	size_t cap = 0;
	while (rc == STORE_OK && sqlite3_step(q) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(q, 0);
		if (other->n && bsearch(&key, other->v, other->n, sizeof *other->v, cmp_str))
			continue;
		if (*n_out == cap) {
			cap = cap ? cap * 2 : 16;
			struct sync_file_entry *nv = realloc(*out, cap * sizeof *nv);
			if (!nv) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			*out = nv;
		}
		struct sync_file_entry *e = &(*out)[*n_out];
		memset(e, 0, sizeof *e);
		e->txn = store_column_dup(q, 1);
		e->piece = sqlite3_column_int(q, 2);
		e->at = store_column_dup(q, 3);
		e->user = store_column_dup(q, 4);
		e->origin = store_column_dup(q, 5);
		e->n = (size_t)sqlite3_column_bytes(q, 6);
		e->owned = malloc(e->n ? e->n : 1);
		(*n_out)++;
		if (!e->txn || !e->at || !e->user || !e->origin || !e->owned) {
			rc = store_fail(err, STORE_ERROR, "out of memory");
			break;
		}
		if (e->n)
			memcpy(e->owned, sqlite3_column_blob(q, 6), e->n);
		e->cs = e->owned;
	}
	sqlite3_finalize(q);
	return rc;
}

/* Records merged from both sides; their version and updated are made
 * equal on both copies afterwards. */
struct touched {
	struct { int t; char *uuid; } *v;
	size_t n, cap;
};

static void touch(void *ud, int t, sqlite3_value *uuid)
{
	struct touched *k = ud;
	const unsigned char *u = sqlite3_value_text(uuid);
	if (!u)
		return;
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		void *nv = realloc(k->v, cap * sizeof *k->v);
		if (!nv)
			return;
		k->v = nv;
		k->cap = cap;
	}
	k->v[k->n].t = t;
	if ((k->v[k->n].uuid = strdup((const char *)u)))
		k->n++;
}

static int read_bk(struct store *st, int t, const char *uuid, long long *ver, char upd[21])
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT version, updated FROM %s WHERE uuid = ?1", sync_tables[t]);
	sqlite3_stmt *q;
	*ver = -1;
	upd[0] = '\0';
	if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW) {
		*ver = sqlite3_column_int64(q, 0);
		snprintf(upd, 21, "%s", (const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
	return 0;
}

static int write_bk(struct store *st, int t, const char *uuid, long long ver, const char *upd, char **err)
{
	char sql[96];
	snprintf(sql, sizeof sql, "UPDATE %s SET version = ?1, updated = ?2 WHERE uuid = ?3", sync_tables[t]);
	sqlite3_stmt *u;
	int rc = store_prepare(st, sql, &u, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_int64(u, 1, ver);
	sqlite3_bind_text(u, 2, upd, -1, SQLITE_STATIC);
	sqlite3_bind_text(u, 3, uuid, -1, SQLITE_STATIC);
	rc = sqlite3_step(u) == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot merge a record");
	sqlite3_finalize(u);
	return rc;
}

/* Journal what a capture holds under the merge's shared txn id. */
static int journal_capture(struct store *st, sqlite3_session *cap, const char *txn, char **err)
{
	if (sqlite3session_isempty(cap))
		return STORE_OK;
	int n = 0;
	void *cs = NULL;
	if (sqlite3session_changeset(cap, &n, &cs) != SQLITE_OK)
		return store_fail(err, STORE_ERROR, "out of memory while merging");
	char now[21];
	store_now(now);
	struct sync_entry_meta m = { .txn = txn, .at = now, .user = st->sync->user, .session = st->sync->session,
	                             .origin = "sync" };
	long long seq;
	int rc = sync_journal_add(st, &m, cs, n, &seq, err);
	sqlite3_free(cs);
	return rc;
}

static int equalize(struct store *a, struct store *b, const struct touched *k, char **err)
{
	sqlite3_session *ca = NULL, *cb = NULL;
	char txn[STORE_UUID_SIZE];
	int rc = store_uuid(a, txn) == STORE_OK ? STORE_OK : store_fail(err, STORE_ERROR, "no random source");
	if (rc == STORE_OK)
		rc = sync_session_new(a, &ca, err);
	if (rc == STORE_OK)
		rc = sync_session_new(b, &cb, err);
	for (size_t i = 0; rc == STORE_OK && i < k->n; i++) {
		long long va, vb;
		char ua[21], ub[21];
		read_bk(a, k->v[i].t, k->v[i].uuid, &va, ua);
		read_bk(b, k->v[i].t, k->v[i].uuid, &vb, ub);
		if (va < 0 || vb < 0 || (va == vb && strcmp(ua, ub) == 0))
			continue;
		long long v = va > vb ? va : vb;
		const char *u = strcmp(ua, ub) > 0 ? ua : ub;
		rc = write_bk(a, k->v[i].t, k->v[i].uuid, v, u, err);
		if (rc == STORE_OK)
			rc = write_bk(b, k->v[i].t, k->v[i].uuid, v, u, err);
	}
	if (rc == STORE_OK)
		rc = journal_capture(a, ca, txn, err);
	if (rc == STORE_OK)
		rc = journal_capture(b, cb, txn, err);
	if (ca)
		sqlite3session_delete(ca);
	if (cb)
		sqlite3session_delete(cb);
	return rc;
}

/* A digest of the merged tables: equal on both copies after a merge. */
static int digest(struct store *st, unsigned long long *h, long *rows, char **err)
{
	static const char *const sql[SYNC_N_TABLES] = {
		"SELECT * FROM institution ORDER BY uuid",
		"SELECT * FROM agreement ORDER BY uuid",
		"SELECT * FROM agreement_party ORDER BY agreement, institution",
		"SELECT * FROM area ORDER BY name",
		"SELECT * FROM agreement_area ORDER BY agreement, area",
	};
	*h = 1469598103934665603ULL;
	*rows = 0;
	for (int t = 0; t < SYNC_N_TABLES; t++) {
		sqlite3_stmt *q;
		int rc = store_prepare(st, sql[t], &q, err);
		if (rc != STORE_OK)
			return rc;
		while (sqlite3_step(q) == SQLITE_ROW) {
			int nc = sqlite3_column_count(q);
			for (int c = 0; c < nc; c++) {
				const unsigned char *p = sqlite3_column_text(q, c);
				int n = sqlite3_column_bytes(q, c);
				for (int i = 0; i < n; i++)
					*h = (*h ^ p[i]) * 1099511628211ULL;
				*h = (*h ^ (p ? 0x1fu : 0x1eu)) * 1099511628211ULL;
			}
			(*rows)++;
		}
		sqlite3_finalize(q);
	}
	return STORE_OK;
}

static enum sync_prefer swapped(enum sync_prefer p)
{
	return p == SYNC_PREFER_MINE ? SYNC_PREFER_THEIRS : p == SYNC_PREFER_THEIRS ? SYNC_PREFER_MINE : p;
}

/* Conflicts found on the other copy that were not found here too. */
static void report_both(struct sync_clist *mine, struct sync_clist *theirs, sync_conflict_fn fn, void *ud)
{
	sync_clist_report(mine, false, fn, ud);
	for (size_t i = 0; i < theirs->n; i++) {
		struct sync_cf *c = &theirs->v[i];
		for (size_t j = 0; j < mine->n && !c->cancelled; j++) {
			struct sync_cf *d = &mine->v[j];
			if (!d->cancelled && d->t == c->t && strcmp(d->record ? d->record : "", c->record ? c->record : "") == 0 &&
			    strcmp(d->field ? d->field : "", c->field ? c->field : "") == 0) {
				c->cancelled = true;  /* the same conflict, seen from there */
				if (c->label && (!d->label || (d->record && strcmp(d->label, d->record) == 0))) {
					free(d->label);
					d->label = c->label;
					c->label = NULL;
				}
				if (!d->theirs && c->mine) {
					d->theirs = c->mine;
					c->mine = NULL;
				}
				if (!d->mine && c->theirs) {
					d->mine = c->theirs;
					c->theirs = NULL;
				}
			}
		}
	}
	sync_clist_report(theirs, true, fn, ud);
}

int sync_merge(struct store *st, const char *other_path, enum sync_prefer prefer, sync_conflict_fn fn,
               void *ud, struct sync_stats *stats, char **err)
{
	struct sync_stats dummy;
	if (!stats)
		stats = &dummy;
	memset(stats, 0, sizeof *stats);
	struct stat sa, sb;
	if (stat(st->path, &sa) == 0 && stat(other_path, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
		return store_fail(err, STORE_ERROR, "%s: is the same database as %s", other_path, st->path);
	struct store *ot = NULL;
	char *ra = NULL, *rb = NULL;
	int rc = ready(st, err);
	if (rc == STORE_OK)
		rc = store_open(other_path, 0, &ot, err);
	if (rc == STORE_OK)
		rc = ready(ot, err);
	if (rc == STORE_OK)
		rc = sync_registry_id(st, &ra, err);
	if (rc == STORE_OK)
		rc = sync_registry_id(ot, &rb, err);
	if (rc == STORE_OK && strcmp(ra, rb) != 0)
		rc = store_fail(err, SYNC_FOREIGN, "%s: is a copy of another registry (%s, this one is %s); not merged",
		                other_path, rb, ra);
	free(ra);
	free(rb);
	if (rc != STORE_OK) {
		store_close(ot);
		return rc;
	}
	struct keyset ka = { 0 }, kb = { 0 };
	struct sync_file_entry *da = NULL, *db = NULL;   /* what a has and b lacks, and the reverse */
	size_t na = 0, nb = 0;
	struct sync_clist cla = { 0 }, clb = { 0 };
	struct touched tk = { 0 };
	struct apply_ctx xa = { .st = st, .prefer = prefer, .conflicts = &cla, .touched = touch, .touched_ud = &tk };
	struct apply_ctx xb = { .st = ot, .prefer = swapped(prefer), .conflicts = &clb, .touched = touch,
	                        .touched_ud = &tk };
	st->sync->manual = ot->sync->manual = true;
	bool began_a = false, began_b = false;
	/* Both locked for the whole merge: what was probed is what is applied. */
	if ((rc = store_begin(st, err)) == STORE_OK)
		began_a = true;
	if (rc == STORE_OK && (rc = store_begin(ot, err)) == STORE_OK)
		began_b = true;
	if (rc == STORE_OK)
		rc = journal_keys(st, &ka, err);
	if (rc == STORE_OK)
		rc = journal_keys(ot, &kb, err);
	if (rc == STORE_OK)
		rc = missing_entries(st, &kb, &da, &na, err);
	if (rc == STORE_OK)
		rc = missing_entries(ot, &ka, &db, &nb, err);
	if (rc == STORE_OK)
		rc = probe(&xa, db, nb, err);
	if (rc == STORE_OK)
		rc = probe(&xb, da, na, err);
	bool hard = false;
	size_t nc = 0;
	if (rc == STORE_OK) {
		report_both(&cla, &clb, NULL, NULL);
		nc = sync_clist_count(&cla, &hard) + sync_clist_count(&clb, &hard);
		stats->conflicts = (long)nc;
		if (nc && (prefer == SYNC_PREFER_NONE || hard))
			rc = store_fail(err, SYNC_CONFLICTS, "%zu conflict%s; nothing was changed%s", nc, nc == 1 ? "" : "s",
			                hard ? "" : " (choose with --prefer mine or --prefer theirs)");
	}
	if (rc == STORE_OK) {
		sync_clist_free(&cla);
		sync_clist_free(&clb);
		rc = apply_entries(&xa, db, nb, "sync", stats, err);
		struct sync_stats sent = { 0 };
		if (rc == STORE_OK)
			rc = apply_entries(&xb, da, na, "sync", &sent, err);
		stats->sent = sent.transactions;
		stats->sent_rows = sent.rows;
		hard = false;
		report_both(&cla, &clb, NULL, NULL);
		nc = sync_clist_count(&cla, &hard) + sync_clist_count(&clb, &hard);
		stats->conflicts = (long)nc;
		if (rc == STORE_OK && hard)
			rc = store_fail(err, SYNC_CONFLICTS, "%zu conflict%s; nothing was changed", nc, nc == 1 ? "" : "s");
	}
	if (rc == STORE_OK)
		rc = equalize(st, ot, &tk, err);
	unsigned long long ha = 0, hb = 0;
	long rows_a = 0, rows_b = 0;
	if (rc == STORE_OK && (rc = digest(st, &ha, &rows_a, err)) == STORE_OK &&
	    (rc = digest(ot, &hb, &rows_b, err)) == STORE_OK && ha != hb)
		rc = store_fail(err, SYNC_CONFLICTS,
		                "the copies would still differ after merging (%ld and %ld rows): a copy was"
		                " changed without accord or was not taken from this registry's journal;"
		                " nothing was changed", rows_a, rows_b);
	long long ta = 0, tb = 0;
	if (rc == STORE_OK)
		rc = rebuild_fts(st, err);
	if (rc == STORE_OK)
		rc = rebuild_fts(ot, err);
	if (rc == STORE_OK && (rc = sync_journal_top(st, &ta, err)) == STORE_OK &&
	    (rc = sync_journal_top(ot, &tb, err)) == STORE_OK && (rc = write_mark(st, ta, err)) == STORE_OK)
		rc = write_mark(ot, tb, err);
	/* The other copy first: if this one then fails to commit, the next
	 * merge finds its transactions there and only sends the rest. */
	if (rc == STORE_OK)
		rc = store_commit(ot, err);
	else if (began_b)
		store_rollback(ot);
	if (rc == STORE_OK)
		rc = store_commit(st, err);
	else if (began_a)
		store_rollback(st);
	st->sync->manual = ot->sync->manual = false;
	stats->mark = ta;
	report_both(&cla, &clb, fn, ud);
	sync_clist_free(&cla);
	sync_clist_free(&clb);
	sync_ctx_free(&xa);
	sync_ctx_free(&xb);
	for (size_t i = 0; i < tk.n; i++)
		free(tk.v[i].uuid);
	free(tk.v);
	keyset_free(&ka);
	keyset_free(&kb);
	sync_entries_free(da, na);
	sync_entries_free(db, nb);
	store_close(ot);
	return rc;
}

/* ---- a copy for a laptop ---- */

int sync_copy(struct store *st, const char *path, char **err)
{
	struct stat sb;
	if (lstat(path, &sb) == 0 || errno != ENOENT)
		return store_fail(err, STORE_ERROR, "%s: exists already; not overwritten", path);
	/* The copy gets the permissions of the registry it copies. */
	mode_t mode = 0600;
	if (stat(st->path, &sb) == 0)
		mode = sb.st_mode & 0660;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return store_fail(err, STORE_ERROR, "%s: cannot create: %s", path, strerror(errno));
	fchmod(fd, mode);
	close(fd);
	sqlite3_stmt *s;
	int rc = store_prepare(st, "VACUUM INTO ?1", &s, err);
	if (rc == STORE_OK) {
		sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_sqlfail(st, err, "cannot make the copy");
		sqlite3_finalize(s);
	}
	/* The copy's own changes start now: mark what it already holds. */
	long long top = 0;
	struct store *cp = NULL;
	if (rc == STORE_OK && (rc = sync_journal_top(st, &top, err)) == STORE_OK &&
	    (rc = store_open(path, 0, &cp, err)) == STORE_OK)
		rc = sync_changes_done(cp, top, err);
	store_close(cp);
	if (rc != STORE_OK) {
		unlink(path);
		char side[4096];
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	return rc;
}
