/* Merging copies: applying another copy's transactions here, with their
 * conflicts found, listed, and resolved only when asked.
 *
 * Design: a journal, not base snapshots. Every write transaction's effect
 * is kept as an SQLite changeset under a uuid (history.c). Why:
 *  - "what changed here since the last exchange" is the journal rows after
 *    a mark, and a copy taken by `cp` (or sync_copy) shares the journal up
 *    to that moment, so two copies know exactly which transactions the
 *    other lacks (set difference of uuids) without any per-peer state;
 *  - a changeset's UPDATE carries the old value of each field it changed,
 *    which is the common base that conflict detection needs, field by
 *    field, for any number of peers; a snapshot per peer would cost a copy
 *    of the registry each and know nothing of three-way exchanges;
 *  - the same journal is the history (who, when, old and new) and undo;
 *  - one session per write transaction, harvested in store_commit, is
 *    the connection's one preupdate hook; every write path gets it for free.
 * The price: writes made with other tools (the sqlite3 shell) are not
 * journaled; sync notices when the copies still differ and says so.
 *
 * A received transaction is journaled here under its own uuid with the
 * effect it actually had here (captured while applying), so that each
 * copy's journal, replayed, gives its own state, and forwarding it to a
 * third copy carries the resolutions made here.
 *
 * Applying one changeset, the conflict handler classifies each conflict:
 *  - echo (the row already has the new values; a delete of a row already
 *    gone): nothing to do, never a conflict, so applying twice is a no-op;
 *  - only bookkeeping differs (version, updated, folded keys): both sides
 *    edited different fields of one record; merged, version moved past both;
 *  - a field changed on both sides to different values, a record deleted on
 *    one side and changed on the other, a record added on both: a conflict,
 *    listed; resolved only with a preference (mine: keep the local value,
 *    theirs: take the incoming one, restoring a locally deleted record from
 *    the journal when needed);
 *  - a duplicate (the same institution added on both copies under two
 *    uuids) or a broken reference: listed, never resolved automatically.
 * Conflicts are found first in a probe (everything applied inside a
 * savepoint and rolled back), so that with conflicts and no preference
 * nothing at all changes. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync_internal.h"
#include "sync_engine.h"

/* ---- conflict lists ---- */

void sync_clist_free(struct sync_clist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct sync_cf *c = &l->v[i];
		free(c->record);
		free(c->label);
		free(c->field);
		free(c->mine);
		free(c->theirs);
		for (int k = 0; k < c->npk; k++)
			sqlite3_value_free(c->pk[k]);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static char *vdup(sqlite3_value *v)
{
	if (!v || sqlite3_value_type(v) == SQLITE_NULL)
		return NULL;
	const unsigned char *t = sqlite3_value_text(v);
	return t ? strdup((const char *)t) : NULL;
}

static struct sync_cf *clist_find(struct sync_clist *l, int t, const char *record, const char *field)
{
	for (size_t i = 0; i < l->n; i++) {
		struct sync_cf *c = &l->v[i];
		if (c->t == t && strcmp(c->record ? c->record : "", record ? record : "") == 0 &&
		    strcmp(c->field ? c->field : "", field ? field : "") == 0)
			return c;
	}
	return NULL;
}

/* Add a conflict unless the same one (table, record, field) is listed. */
struct sync_cf *sync_clist_add(struct sync_clist *l, int t, const char *record, const char *field)
{
	struct sync_cf *c = clist_find(l, t, record, field);
	if (c)
		return NULL;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct sync_cf *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return NULL;
		l->v = v;
		l->cap = cap;
	}
	c = &l->v[l->n++];
	memset(c, 0, sizeof *c);
	c->t = t;
	c->record = record ? strdup(record) : NULL;
	c->field = field ? strdup(field) : NULL;
	return c;
}

void sync_clist_report(const struct sync_clist *l, bool swap, sync_conflict_fn fn, void *ud)
{
	for (size_t i = 0; fn && i < l->n; i++) {
		const struct sync_cf *c = &l->v[i];
		if (c->cancelled)
			continue;
		struct sync_conflict out = {
			.table = sync_tables[c->t], .record = c->record, .label = c->label, .field = c->field,
			.what = swap && c->what_swapped ? c->what_swapped : c->what,
			.mine = swap ? c->theirs : c->mine, .theirs = swap ? c->mine : c->theirs,
			.resolvable = c->resolvable,
		};
		fn(ud, &out);
	}
}

size_t sync_clist_count(const struct sync_clist *l, bool *unresolvable)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].cancelled) {
			n++;
			if (!l->v[i].resolvable && unresolvable)
				*unresolvable = true;
		}
	return n;
}

/* ---- values and keys of one change ---- */

static bool same_value(sqlite3_value *a, sqlite3_value *b)
{
	int ta = a ? sqlite3_value_type(a) : SQLITE_NULL, tb = b ? sqlite3_value_type(b) : SQLITE_NULL;
	if (ta == SQLITE_NULL || tb == SQLITE_NULL)
		return ta == tb;
	if (ta == SQLITE_INTEGER && tb == SQLITE_INTEGER)
		return sqlite3_value_int64(a) == sqlite3_value_int64(b);
	if (ta == SQLITE_FLOAT || tb == SQLITE_FLOAT)
		return sqlite3_value_double(a) == sqlite3_value_double(b);
	int na = sqlite3_value_bytes(a), nb = sqlite3_value_bytes(b);
	const void *pa = ta == SQLITE_BLOB ? sqlite3_value_blob(a) : (const void *)sqlite3_value_text(a);
	const void *pb = tb == SQLITE_BLOB ? sqlite3_value_blob(b) : (const void *)sqlite3_value_text(b);
	return ta == tb && na == nb && (na == 0 || memcmp(pa, pb, (size_t)na) == 0);
}

/* The primary key of the change, copied. */
static int change_pk(sqlite3_changeset_iter *it, int op, sqlite3_value **pk, int *npk, int *pkcol)
{
	unsigned char *flags;
	int ncol;
	*npk = 0;
	if (sqlite3changeset_pk(it, &flags, &ncol) != SQLITE_OK)
		return -1;
	for (int c = 0; c < ncol && *npk < SYNC_MAX_PK; c++) {
		if (!flags[c])
			continue;
		sqlite3_value *v = NULL;
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, c, &v);
		else
			sqlite3changeset_old(it, c, &v);
		pkcol[*npk] = c;
		pk[(*npk)++] = v ? sqlite3_value_dup(v) : NULL;
	}
	return 0;
}

/* The record a conflict is about, for people: links are shown under their
 * agreement, with the linked institution or area as the field's value. */
static char *record_of(sqlite3_changeset_iter *it, int op)
{
	sqlite3_value *v = NULL;
	if (op == SQLITE_INSERT)
		sqlite3changeset_new(it, 0, &v);
	else
		sqlite3changeset_old(it, 0, &v);
	return vdup(v);
}

static char *label_of(struct store *st, int t, const char *record, sqlite3_value *fallback)
{
	if (t == 3 || !record)
		return record ? strdup(record) : NULL;
	sqlite3_stmt *q;
	char *out = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT name FROM institution WHERE uuid = ?1"
	                       " UNION ALL SELECT title FROM agreement WHERE uuid = ?1", -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, record, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			out = store_column_dup(q, 0);
		sqlite3_finalize(q);
	}
	return out ? out : vdup(fallback);
}

/* "field: value; ..." of the columns where a and b differ (b NULL: the
 * columns a change sets), for a record deleted on one side. */
static char *changed_fields(sqlite3_changeset_iter *it, char **cols, int ncol, bool conflict_vs_old)
{
	size_t cap = 256, len = 0;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (int c = 0; c < ncol; c++) {
		sqlite3_value *a = NULL, *b = NULL;
		if (sync_bookkeeping(cols[c]))
			continue;
		if (conflict_vs_old) {
			sqlite3changeset_conflict(it, c, &a);
			sqlite3changeset_old(it, c, &b);
			if (same_value(a, b))
				continue;
		} else if (sqlite3changeset_new(it, c, &a) != SQLITE_OK || !a)
			continue;
		const unsigned char *t = a ? sqlite3_value_text(a) : NULL;
		const char *v = t ? (const char *)t : "(none)";
		size_t need = len + strlen(cols[c]) + strlen(v) + 5;
		if (need > cap) {
			char *n = realloc(out, cap = need * 2);
			if (!n)
				break;
			out = n;
		}
		len += (size_t)sprintf(out + len, "%s%s: %s", len ? "; " : "", cols[c], v);
	}
	if (!len) {
		free(out);
		return NULL;
	}
	return out;
}

/* The name or title a record had when this copy deleted it. */
static char *deleted_label(struct store *st, int t, const char *record)
{
	if ((t != 0 && t != 1) || !record)
		return NULL;
	sqlite3_stmt *q;
	char *out = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT changes FROM sync_journal ORDER BY seq DESC", -1, &q, NULL) != SQLITE_OK)
		return NULL;
	while (!out && sqlite3_step(q) == SQLITE_ROW) {
		sqlite3_changeset_iter *it;
		int n = sqlite3_column_bytes(q, 0);
		if (n == 0 || sqlite3changeset_start(&it, n, (void *)sqlite3_column_blob(q, 0)) != SQLITE_OK)
			continue;
		while (!out && sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tbl;
			int ncol, op, ind;
			sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
			sqlite3_value *k = NULL, *l = NULL;
			if (op != SQLITE_DELETE || sync_table_index(tbl) != t || sqlite3changeset_old(it, 0, &k) != SQLITE_OK)
				continue;
			const unsigned char *kt = k ? sqlite3_value_text(k) : NULL;
			if (kt && strcmp((const char *)kt, record) == 0 && sqlite3changeset_old(it, 1, &l) == SQLITE_OK)
				out = vdup(l);
		}
		sqlite3changeset_finalize(it);
	}
	sqlite3_finalize(q);
	return out;
}

/* ---- fixes applied after a changeset: mine-wins fields, bookkeeping ---- */

static void fix_add(struct apply_ctx *x, int t, sqlite3_value **pk, int npk, const int *pkcol, int col,
                    sqlite3_value *v, long long ival, bool is_int)
{
	if (x->nfix == x->capfix) {
		size_t cap = x->capfix ? x->capfix * 2 : 16;
		struct sync_fix *nv = realloc(x->fix, cap * sizeof *nv);
		if (!nv) {
			x->oom = true;
			return;
		}
		x->fix = nv;
		x->capfix = cap;
	}
	struct sync_fix *f = &x->fix[x->nfix++];
	memset(f, 0, sizeof *f);
	f->t = t;
	f->col = col;
	f->npk = npk;
	for (int i = 0; i < npk; i++) {
		f->pk[i] = pk[i] ? sqlite3_value_dup(pk[i]) : NULL;
		f->pkcol[i] = pkcol[i];
	}
	f->is_int = is_int;
	f->ival = ival;
	f->v = v ? sqlite3_value_dup(v) : NULL;
}

static void fix_clear(struct apply_ctx *x)
{
	for (size_t i = 0; i < x->nfix; i++) {
		for (int k = 0; k < x->fix[i].npk; k++)
			sqlite3_value_free(x->fix[i].pk[k]);
		sqlite3_value_free(x->fix[i].v);
	}
	x->nfix = 0;
}

/* UPDATE tbl SET col = ? WHERE pk...; sets SQL once per call, few rows. */
static int fixes_run(struct apply_ctx *x, char **err)
{
	struct store *st = x->st;
	for (size_t i = 0; i < x->nfix; i++) {
		struct sync_fix *f = &x->fix[i];
		int nc;
		char **cols = sync_columns(st, f->t, &nc);
		if (!cols || f->col >= nc)
			return store_sqlfail(st, err, "cannot read the schema");
		char sql[512];
		int o = snprintf(sql, sizeof sql, "UPDATE \"%s\" SET \"%s\" = ?1 WHERE ", sync_tables[f->t], cols[f->col]);
		for (int k = 0; k < f->npk && o < (int)sizeof sql; k++)
			o += snprintf(sql + o, sizeof sql - (size_t)o, "%s\"%s\" = ?%d", k ? " AND " : "",
			              cols[f->pkcol[k]], k + 2);
		sqlite3_stmt *u;
		int rc = store_prepare(st, sql, &u, err);
		if (rc != STORE_OK)
			return rc;
		if (f->is_int)
			sqlite3_bind_int64(u, 1, f->ival);
		else if (f->v)
			sqlite3_bind_value(u, 1, f->v);
		for (int k = 0; k < f->npk; k++)
			if (f->pk[k])
				sqlite3_bind_value(u, k + 2, f->pk[k]);
		int step = sqlite3_step(u);
		sqlite3_finalize(u);
		if (step != SQLITE_DONE)
			return store_sqlfail(st, err, "cannot merge a record");
		if (x->touched && (f->t == 0 || f->t == 1) && f->npk == 1)
			x->touched(x->touched_ud, f->t, f->pk[0]);
	}
	fix_clear(x);
	return STORE_OK;
}

/* After REPLACE of an update made on both sides: version moves past both,
 * updated is the later of the two. */
static void fix_bookkeeping(struct apply_ctx *x, sqlite3_changeset_iter *it, int t, char **cols, int ncol,
                            sqlite3_value **pk, int npk, const int *pkcol)
{
	for (int c = 0; c < ncol; c++) {
		sqlite3_value *cur = NULL, *nv = NULL;
		sqlite3changeset_conflict(it, c, &cur);
		sqlite3changeset_new(it, c, &nv);
		if (!cur)
			continue;
		if (strcmp(cols[c], "version") == 0) {
			long long a = sqlite3_value_int64(cur), b = nv ? sqlite3_value_int64(nv) : 0;
			fix_add(x, t, pk, npk, pkcol, c, NULL, (a > b ? a : b) + 1, true);
		} else if (strcmp(cols[c], "updated") == 0 && nv) {
			const unsigned char *a = sqlite3_value_text(cur), *b = sqlite3_value_text(nv);
			bool later = a && b && strcmp((const char *)a, (const char *)b) > 0;
			fix_add(x, t, pk, npk, pkcol, c, later ? cur : nv, 0, false);
		}
	}
}

/* ---- requests for after the changeset: restore, protect ---- */

static void req_add(struct apply_ctx *x, struct sync_req **v, size_t *n, size_t *cap, int t,
                    sqlite3_value **pk, int npk)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		struct sync_req *nv = realloc(*v, nc * sizeof *nv);
		if (!nv) {
			x->oom = true;
			return;
		}
		*v = nv;
		*cap = nc;
	}
	struct sync_req *r = &(*v)[(*n)++];
	memset(r, 0, sizeof *r);
	r->t = t;
	r->npk = npk;
	for (int i = 0; i < npk; i++)
		r->pk[i] = pk[i] ? sqlite3_value_dup(pk[i]) : NULL;
}

void sync_reqs_clear(struct sync_req *v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		for (int k = 0; k < v[i].npk; k++)
			sqlite3_value_free(v[i].pk[k]);
	*n = 0;
}

/* ---- the conflict handler ---- */

static const char *const what_text[][2] = {
	/* as seen from mine, and from theirs (sync lists both copies' views) */
	[CF_BOTH] = { "changed on both copies", "changed on both copies" },
	[CF_DELETED_THERE] = { "deleted there, changed here", "deleted here, changed there" },
	[CF_DELETED_HERE] = { "changed there, deleted here", "changed here, deleted there" },
	[CF_ADDED_BOTH] = { "added on both copies with different values", "added on both copies with different values" },
	[CF_DUPLICATE] = { "added on both copies as separate records; delete one, then merge again",
	                   "added on both copies as separate records; delete one, then merge again" },
	[CF_REFERENCE] = { "refers to a record the other copy deleted; restore or remove it by hand, then merge again",
	                   "refers to a record the other copy deleted; restore or remove it by hand, then merge again" },
};

static struct sync_cf *note(struct apply_ctx *x, sqlite3_changeset_iter *it, int t, int op, const char *field,
                            enum cf_kind kind, sqlite3_value *mine, sqlite3_value *theirs, sqlite3_value *label,
                            sqlite3_value **pk, int npk)
{
	char *rec = record_of(it, op);
	struct sync_cf *c = sync_clist_add(x->conflicts, t, rec, field);
	if (c) {
		c->what = what_text[kind][0];
		c->what_swapped = what_text[kind][1];
		c->kind = kind;
		c->resolvable = kind < CF_DUPLICATE;
		c->mine = vdup(mine);
		c->theirs = vdup(theirs);
		c->label = label_of(x->st, t, rec, label);
		c->npk = npk;
		for (int i = 0; i < npk; i++)
			c->pk[i] = pk[i] ? sqlite3_value_dup(pk[i]) : NULL;
	}
	free(rec);
	x->found++;
	return c;
}

/* Link rows name the linked institution or area in the field's value. */
static const char *link_field(int t)
{
	return t == 2 ? "party" : t == 4 ? "area" : NULL;
}

static int on_conflict(void *ud, int type, sqlite3_changeset_iter *it)
{
	struct apply_ctx *x = ud;
	/* A foreign key conflict is about the whole changeset: the iterator
	 * then has no current change (no table, no values), so nothing below
	 * may look at it. Counted over the whole transaction; a later
	 * changeset of the batch may fix it. Checked for real once all are
	 * applied (sync_check_references). */
	if (type == SQLITE_CHANGESET_FOREIGN_KEY)
		return SQLITE_CHANGESET_OMIT;
	const char *tbl;
	int ncol, op, ind;
	sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
	int t = sync_table_index(tbl), nc = 0;
	char **cols = t >= 0 ? sync_columns(x->st, t, &nc) : NULL;
	if (!cols || nc < ncol) {
		x->oom = true;
		return SQLITE_CHANGESET_ABORT;
	}
	sqlite3_value *pk[SYNC_MAX_PK];
	int npk = 0, pkcol[SYNC_MAX_PK];
	if (type != SQLITE_CHANGESET_FOREIGN_KEY && change_pk(it, op, pk, &npk, pkcol) != 0) {
		x->oom = true;
		return SQLITE_CHANGESET_ABORT;
	}
	int res = SQLITE_CHANGESET_OMIT;
	sqlite3_value *lab = NULL;
	if (t == 0 || t == 1) {
		if (op == SQLITE_INSERT)
			sqlite3changeset_new(it, 1, &lab);
		else
			sqlite3changeset_old(it, 1, &lab);
	}
	switch (type) {
	case SQLITE_CHANGESET_DATA:
		if (op == SQLITE_UPDATE) {
			bool echo = true, bk = false;
			int real[64], nreal = 0;
			for (int c = 0; c < ncol && c < 64; c++) {
				sqlite3_value *o = NULL, *nv = NULL, *cur = NULL;
				if (sqlite3changeset_old(it, c, &o) != SQLITE_OK || !o)
					continue;
				sqlite3changeset_new(it, c, &nv);
				sqlite3changeset_conflict(it, c, &cur);
				if (!nv || same_value(cur, nv))
					continue;
				echo = false;
				if (same_value(cur, o))
					continue;
				if (sync_bookkeeping(cols[c]))
					bk = true;
				else
					real[nreal++] = c;
			}
			if (echo)
				break;
			res = SQLITE_CHANGESET_REPLACE;
			for (int i = 0; i < nreal; i++) {
				sqlite3_value *cur = NULL, *nv = NULL;
				sqlite3changeset_conflict(it, real[i], &cur);
				sqlite3changeset_new(it, real[i], &nv);
				note(x, it, t, op, cols[real[i]], CF_BOTH, cur, nv, lab, pk, npk);
				if (x->prefer == SYNC_PREFER_MINE)
					fix_add(x, t, pk, npk, pkcol, real[i], cur, 0, false);
			}
			if (x->probe && nreal)
				res = SQLITE_CHANGESET_OMIT;
			else if (bk || nreal)
				fix_bookkeeping(x, it, t, cols, ncol, pk, npk, pkcol);
		} else if (op == SQLITE_DELETE) {
			/* Deleted there; here the row differs from what they deleted. */
			bool changed = false;
			for (int c = 0; c < ncol && !changed; c++) {
				sqlite3_value *o = NULL, *cur = NULL;
				sqlite3changeset_old(it, c, &o);
				sqlite3changeset_conflict(it, c, &cur);
				changed = !sync_bookkeeping(cols[c]) && !same_value(o, cur);
			}
			if (!changed) {
				res = x->probe ? SQLITE_CHANGESET_OMIT : SQLITE_CHANGESET_REPLACE;
				break;
			}
			sqlite3_value *other = NULL;
			if (t == 2 || t == 4)
				sqlite3changeset_old(it, 1, &other);
			struct sync_cf *c = note(x, it, t, op, link_field(t), CF_DELETED_THERE, other, NULL, lab, pk, npk);
			if (c && !other)
				c->mine = changed_fields(it, cols, ncol, true);
			if (x->prefer == SYNC_PREFER_THEIRS && !x->probe)
				res = SQLITE_CHANGESET_REPLACE;
			else if (x->prefer == SYNC_PREFER_MINE)
				req_add(x, &x->protect, &x->nprotect, &x->capprotect, t, pk, npk);
		}
		break;
	case SQLITE_CHANGESET_NOTFOUND:
		if (op == SQLITE_DELETE)
			break;  /* already gone */
		{
			sqlite3_value *other = NULL;
			if (t == 2 || t == 4)
				sqlite3changeset_old(it, 1, &other);
			struct sync_cf *c = note(x, it, t, op, link_field(t), CF_DELETED_HERE, NULL, other, lab, pk, npk);
			if (c && !other)
				c->theirs = changed_fields(it, cols, ncol, false);
			if (c && (!c->label || (c->record && strcmp(c->label, c->record) == 0))) {
				char *l = deleted_label(x->st, t, c->record);
				if (l) {
					free(c->label);
					c->label = l;
				}
			}
		}
		if (x->prefer == SYNC_PREFER_THEIRS && !x->probe)
			req_add(x, &x->restore, &x->nrestore, &x->caprestore, t, pk, npk);
		break;
	case SQLITE_CHANGESET_CONFLICT: {
		/* Inserted there with a key that exists here. */
		bool differ = false;
		for (int c = 0; c < ncol; c++) {
			sqlite3_value *nv = NULL, *cur = NULL;
			sqlite3changeset_new(it, c, &nv);
			sqlite3changeset_conflict(it, c, &cur);
			if (!sync_bookkeeping(cols[c]) && !same_value(nv, cur)) {
				differ = true;
				note(x, it, t, op, cols[c], CF_ADDED_BOTH, cur, nv, lab, pk, npk);
			}
		}
		if (differ && x->prefer == SYNC_PREFER_THEIRS && !x->probe)
			res = SQLITE_CHANGESET_REPLACE;
		break;
	}
	case SQLITE_CHANGESET_CONSTRAINT: {
		sqlite3_value *v = NULL;
		if (op != SQLITE_DELETE)
			sqlite3changeset_new(it, t == 2 || t == 4 ? 1 : 0, &v);
		struct sync_cf *c = note(x, it, t, op, link_field(t), CF_DUPLICATE, NULL, v ? v : lab, lab, pk, npk);
		if (c)
			c->constraint = true;
		/* Kept open: a later change of the same batch may delete it. */
		break;
	}
	case SQLITE_CHANGESET_FOREIGN_KEY:
		/* Counted over the whole transaction; a later changeset of the
		 * batch may fix it. Checked for real once all are applied. */
		break;
	default:
		res = SQLITE_CHANGESET_ABORT;
	}
	/* A delete of a row whose insert could not be applied cancels it. */
	if (type == SQLITE_CHANGESET_NOTFOUND && op == SQLITE_DELETE) {
		char *rec = record_of(it, op);
		for (size_t i = 0; i < x->conflicts->n; i++) {
			struct sync_cf *c = &x->conflicts->v[i];
			if (c->constraint && c->t == t && c->npk == npk && rec && c->record && strcmp(rec, c->record) == 0) {
				bool eq = true;
				for (int k = 0; k < npk && eq; k++)
					eq = same_value(c->pk[k], pk[k]);
				if (eq)
					c->cancelled = true;
			}
		}
		free(rec);
	}
	for (int i = 0; i < npk; i++)
		sqlite3_value_free(pk[i]);
	return res;
}

/* ---- restoring rows ---- */

/* INSERT OR IGNORE a whole row of table t from the old values of a DELETE
 * change. */
static int insert_old_row(struct store *st, int t, sqlite3_changeset_iter *it, int ncol, char **err)
{
	char sql[512];
	int o = snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO \"%s\" VALUES (", sync_tables[t]);
	for (int c = 0; c < ncol && o < (int)sizeof sql - 8; c++)
		o += snprintf(sql + o, sizeof sql - (size_t)o, "%s?%d", c ? ", " : "", c + 1);
	snprintf(sql + o, sizeof sql - (size_t)o, ")");
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s, err);
	if (rc != STORE_OK)
		return rc;
	for (int c = 0; c < ncol; c++) {
		sqlite3_value *v = NULL;
		if (sqlite3changeset_old(it, c, &v) == SQLITE_OK && v)
			sqlite3_bind_value(s, c + 1, v);
	}
	int step = sqlite3_step(s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot restore a record");
}

static bool row_exists(struct store *st, const char *sql, sqlite3_value *v)
{
	sqlite3_stmt *s;
	bool yes = false;
	if (v && sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_value(s, 1, v);
		yes = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
	}
	return yes;
}

/* The link rows of record (t, key) that the DELETE changes of cs removed,
 * put back where both their ends exist. */
static int restore_links(struct store *st, int t, sqlite3_value *key, const void *cs, size_t n, char **err)
{
	sqlite3_changeset_iter *it;
	if (sqlite3changeset_start(&it, (int)n, (void *)cs) != SQLITE_OK)
		return store_fail(err, STORE_ERROR, "a changeset is corrupt");
	int rc = STORE_OK;
	while (rc == STORE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
		const char *tbl;
		int ncol, op, ind;
		sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
		int lt = sync_table_index(tbl);
		if (op != SQLITE_DELETE || (lt != 2 && lt != 4))
			continue;
		sqlite3_value *a = NULL, *b = NULL;
		sqlite3changeset_old(it, 0, &a);
		sqlite3changeset_old(it, 1, &b);
		bool mine = (t == 1 && same_value(a, key)) || (t == 0 && lt == 2 && same_value(b, key));
		if (!mine || !row_exists(st, "SELECT 1 FROM agreement WHERE uuid = ?1", a))
			continue;
		if (!row_exists(st, lt == 2 ? "SELECT 1 FROM institution WHERE uuid = ?1"
		                            : "SELECT 1 FROM area WHERE name = ?1", b))
			continue;
		rc = insert_old_row(st, lt, it, ncol, err);
	}
	sqlite3changeset_finalize(it);
	return rc;
}

static bool pk_matches(sqlite3_changeset_iter *it, const struct sync_req *r)
{
	unsigned char *flags;
	int ncol, k = 0;
	if (sqlite3changeset_pk(it, &flags, &ncol) != SQLITE_OK)
		return false;
	for (int c = 0; c < ncol; c++) {
		if (!flags[c])
			continue;
		sqlite3_value *v = NULL;
		sqlite3changeset_old(it, c, &v);
		if (k >= r->npk || !same_value(v, r->pk[k]))
			return false;
		k++;
	}
	return k == r->npk;
}

/* Theirs changed a record deleted here: bring it back as it was when it
 * was deleted (the last delete in this copy's journal), with its links. */
static int restore_record(struct apply_ctx *x, const struct sync_req *r, bool *found, char **err)
{
	struct store *st = x->st;
	*found = false;
	sqlite3_stmt *q;
	int rc = store_prepare(st, "SELECT changes FROM sync_journal ORDER BY seq DESC", &q, err);
	if (rc != STORE_OK)
		return rc;
	while (!*found && rc == STORE_OK && sqlite3_step(q) == SQLITE_ROW) {
		const void *cs = sqlite3_column_blob(q, 0);
		int n = sqlite3_column_bytes(q, 0);
		sqlite3_changeset_iter *it;
		if (n == 0 || sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK)
			continue;
		while (!*found && rc == STORE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
			const char *tbl;
			int ncol, op, ind;
			sqlite3changeset_op(it, &tbl, &ncol, &op, &ind);
			if (op != SQLITE_DELETE || sync_table_index(tbl) != r->t || !pk_matches(it, r))
				continue;
			*found = true;
			rc = insert_old_row(st, r->t, it, ncol, err);
		}
		sqlite3changeset_finalize(it);
		if (*found && rc == STORE_OK && (r->t == 0 || r->t == 1))
			rc = restore_links(st, r->t, r->pk[0], cs, (size_t)n, err);
	}
	sqlite3_finalize(q);
	return rc;
}

static void cannot_restore(struct apply_ctx *x, const struct sync_req *r)
{
	for (size_t i = 0; i < x->conflicts->n; i++) {
		struct sync_cf *c = &x->conflicts->v[i];
		if (c->t != r->t || c->kind != CF_DELETED_HERE || c->npk != r->npk)
			continue;
		bool eq = true;
		for (int k = 0; k < r->npk && eq; k++)
			eq = same_value(c->pk[k], r->pk[k]);
		if (eq) {
			c->resolvable = false;
			c->what = "changed there, deleted here, and its old content is not in this copy's journal;"
			          " restore it by hand, then merge again";
			c->what_swapped = "changed here, deleted there, and its old content is not in that copy's journal;"
			                  " restore it by hand, then merge again";
		}
	}
}

void sync_ctx_free(struct apply_ctx *x)
{
	fix_clear(x);
	free(x->fix);
	sync_reqs_clear(x->restore, &x->nrestore);
	sync_reqs_clear(x->protect, &x->nprotect);
	free(x->restore);
	free(x->protect);
	x->fix = NULL;
	x->restore = x->protect = NULL;
	x->capfix = x->caprestore = x->capprotect = 0;
}

int sync_apply_changeset(struct apply_ctx *x, const void *cs, size_t n, char **err)
{
	struct store *st = x->st;
	if (n == 0)
		return STORE_OK;
	for (int attempt = 0; attempt < 2; attempt++) {
		int arc = sqlite3changeset_apply_v2(st->db, (int)n, (void *)cs, NULL, on_conflict, x, NULL, NULL, 0);
		if (x->oom)
			return store_fail(err, STORE_ERROR, "out of memory while merging");
		if (arc != SQLITE_OK)
			return store_sqlfail(st, err, "cannot apply the changes");
		int rc = fixes_run(x, err);
		for (size_t i = 0; rc == STORE_OK && i < x->nprotect; i++)
			if (x->protect[i].t == 0 || x->protect[i].t == 1)
				rc = restore_links(st, x->protect[i].t, x->protect[i].pk[0], cs, n, err);
		sync_reqs_clear(x->protect, &x->nprotect);
		if (rc != STORE_OK)
			return rc;
		if (!x->nrestore || attempt == 1)
			break;
		bool any = false;
		for (size_t i = 0; rc == STORE_OK && i < x->nrestore; i++) {
			bool found;
			rc = restore_record(x, &x->restore[i], &found, err);
			if (rc == STORE_OK && !found)
				cannot_restore(x, &x->restore[i]);
			any = any || found;
		}
		sync_reqs_clear(x->restore, &x->nrestore);
		if (rc != STORE_OK)
			return rc;
		if (!any)
			break;
	}
	sync_reqs_clear(x->restore, &x->nrestore);
	return STORE_OK;
}

/* Broken references left once everything is applied: a conflict each. */
int sync_check_references(struct apply_ctx *x, char **err)
{
	struct store *st = x->st;
	sqlite3_stmt *q;
	int rc = store_prepare(st, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check"
	                       " WHERE \"table\" IN ('institution', 'agreement', 'agreement_party',"
	                       " 'agreement_area', 'area')", &q, err);
	if (rc != STORE_OK)
		return rc;
	while (sqlite3_step(q) == SQLITE_ROW) {
		const char *tbl = (const char *)sqlite3_column_text(q, 0);
		int t = sync_table_index(tbl);
		const char *parent = (const char *)sqlite3_column_text(q, 2);
		/* A file may name a country this program does not know. */
		bool country = t == 0 && parent && strcmp(parent, "country") == 0;
		char *rec = NULL, *val = NULL;
		/* WITHOUT ROWID link tables report no rowid: find the rows. */
		sqlite3_stmt *r = NULL;
		const char *sql = t == 2 ? "SELECT agreement, institution FROM agreement_party p WHERE NOT EXISTS"
		                           " (SELECT 1 FROM institution i WHERE i.uuid = p.institution)"
		                           " OR NOT EXISTS (SELECT 1 FROM agreement a WHERE a.uuid = p.agreement)"
		                : t == 4 ? "SELECT agreement, area FROM agreement_area x WHERE NOT EXISTS"
		                           " (SELECT 1 FROM area a WHERE a.name = x.area)"
		                           " OR NOT EXISTS (SELECT 1 FROM agreement a WHERE a.uuid = x.agreement)"
		                : country ? "SELECT uuid, country FROM institution i WHERE NOT EXISTS"
		                            " (SELECT 1 FROM country c WHERE c.code = i.country)"
		                : t == 0 ? "SELECT uuid, parent FROM institution i WHERE parent IS NOT NULL AND"
		                           " NOT EXISTS (SELECT 1 FROM institution p WHERE p.uuid = i.parent)"
		                         : NULL;
		if (!sql || sqlite3_prepare_v2(st->db, sql, -1, &r, NULL) != SQLITE_OK) {
			sqlite3_finalize(r);
			continue;
		}
		while (sqlite3_step(r) == SQLITE_ROW) {
			rec = store_column_dup(r, 0);
			val = store_column_dup(r, 1);
			struct sync_cf *c = sync_clist_add(x->conflicts, t, rec,
			                                   country ? "country" : link_field(t) ? link_field(t) : "parent");
			if (c) {
				c->what = c->what_swapped = what_text[CF_REFERENCE][0];
				c->kind = CF_REFERENCE;
				c->theirs = val;
				val = NULL;
				c->label = label_of(st, t, rec, NULL);
			}
			free(rec);
			free(val);
		}
		sqlite3_finalize(r);
	}
	sqlite3_finalize(q);
	return STORE_OK;
}
