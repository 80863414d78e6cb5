/* Agreements with their parties and areas: upsert by identity (folded
 * title + signed date), read, iterate for export. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/fold.h>

#include "store_internal.h"

void store_agreement_clear(struct store_agreement *r)
{
	free(r->title);
	free(r->kind);
	free(r->status);
	free(r->signed_on);
	free(r->valid_from);
	free(r->valid_until);
	free(r->place);
	free(r->source);
	free(r->notes);
	store_refs_free(r->parties, r->n_parties);
	free(r->parties);
	for (size_t i = 0; i < r->n_areas; i++)
		free(r->areas[i]);
	free(r->areas);
	memset(r, 0, sizeof *r);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The stored party set equals the given one (order does not matter). */
static int parties_equal(struct store *st, const struct store_agreement *r, bool *eq, char **err)
{
	sqlite3_stmt *s = store_slot(st, SLOT_PARTIES_GET,
		"SELECT institution, role FROM agreement_party WHERE agreement = ?1 ORDER BY institution", err);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, r->uuid, -1, SQLITE_STATIC);
	const char **mine = malloc((r->n_parties + 1) * sizeof *mine);
	if (!mine)
		return store_fail(err, STORE_ERROR, "out of memory");
	for (size_t i = 0; i < r->n_parties; i++)
		mine[i] = r->parties[i].uuid;
	qsort(mine, r->n_parties, sizeof *mine, cmp_str);
	size_t i = 0;
	int step;
	*eq = true;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(s, 0);
		if (i >= r->n_parties || strcmp(mine[i], u) != 0)
			*eq = false;
		i++;
	}
	if (i != r->n_parties)
		*eq = false;
	free(mine);
	sqlite3_reset(s);
	return step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot read parties");
}

/* The same party or area written twice is one: drop the repeats (the
 * first spelling of an area wins), so that a re-import compares equal. */
static void drop_repeats(struct store_agreement *r)
{
	size_t o = 0;
	for (size_t i = 0; i < r->n_parties; i++) {
		bool seen = false;
		for (size_t j = 0; j < o && !seen; j++)
			seen = strcmp(r->parties[j].uuid, r->parties[i].uuid) == 0;
		if (seen)
			store_refs_free(&r->parties[i], 1);
		else
			r->parties[o++] = r->parties[i];
	}
	r->n_parties = o;
	o = 0;
	for (size_t i = 0; i < r->n_areas; i++) {
		char *ki = fold_key(r->areas[i], strlen(r->areas[i]));
		bool seen = false;
		for (size_t j = 0; j < o && !seen && ki; j++) {
			char *kj = fold_key(r->areas[j], strlen(r->areas[j]));
			seen = kj && strcmp(ki, kj) == 0;
			free(kj);
		}
		free(ki);
		if (seen)
			free(r->areas[i]);
		else
			r->areas[o++] = r->areas[i];
	}
	r->n_areas = o;
}

/* Areas are shared and keep their first spelling: compare folded keys. */
static int areas_equal(struct store *st, const struct store_agreement *r, bool *eq, char **err)
{
	sqlite3_stmt *s = store_slot(st, SLOT_AREAS_GET,
		"SELECT area FROM agreement_area WHERE agreement = ?1 ORDER BY pos", err);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, r->uuid, -1, SQLITE_STATIC);
	size_t i = 0;
	int step;
	*eq = true;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		bool found = false;
		const char *a = (const char *)sqlite3_column_text(s, 0);
		char *ka = a ? fold_key(a, strlen(a)) : NULL;
		for (size_t j = 0; j < r->n_areas && !found && ka; j++) {
			char *kj = fold_key(r->areas[j], strlen(r->areas[j]));
			found = kj && strcmp(kj, ka) == 0;
			free(kj);
		}
		free(ka);
		if (!found)
			*eq = false;
		i++;
	}
	if (i != r->n_areas)
		*eq = false;
	sqlite3_reset(s);
	return step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot read areas");
}

/* Replace r's areas by the stored ones (the file had no areas column). */
static int read_areas(struct store *st, struct store_agreement *r, char **err)
{
	for (size_t i = 0; i < r->n_areas; i++)
		free(r->areas[i]);
	free(r->areas);
	r->areas = NULL;
	r->n_areas = 0;
	sqlite3_stmt *s = store_slot(st, SLOT_AREAS_GET,
		"SELECT area FROM agreement_area WHERE agreement = ?1 ORDER BY pos", err);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, r->uuid, -1, SQLITE_STATIC);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (r->n_areas == cap) {
			cap = cap ? cap * 2 : 4;
			char **v = realloc(r->areas, cap * sizeof *v);
			if (!v) {
				sqlite3_reset(s);
				return store_fail(err, STORE_ERROR, "out of memory");
			}
			r->areas = v;
		}
		r->areas[r->n_areas++] = store_column_dup(s, 0);
	}
	sqlite3_reset(s);
	return step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot read areas");
}

/* The area's stored name: areas are shared, matched by folded key, and
 * keep the spelling they were first written with. */
static int area_name(struct store *st, const char *name, char **out, char **err)
{
	char *key = fold_key(name, strlen(name));
	if (!key)
		return store_fail(err, STORE_ERROR, "area is not valid UTF-8");
	for (size_t i = 0; i < st->n_areas; i++)
		if (strcmp(st->areas[i].key, key) == 0) {
			free(key);
			*out = strdup(st->areas[i].name);
			return *out ? STORE_OK : store_fail(err, STORE_ERROR, "out of memory");
		}
	sqlite3_stmt *s = store_slot(st, SLOT_AREA_BY_KEY, "SELECT name FROM area WHERE key = ?1", err);
	int rc = STORE_ERROR;
	if (!s)
		goto out;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*out = store_column_dup(s, 0);
		sqlite3_reset(s);
		rc = *out ? STORE_OK : store_fail(err, STORE_ERROR, "out of memory");
		goto out;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		rc = store_sqlfail(st, err, "cannot read areas");
		goto out;
	}
	sqlite3_stmt *ins = store_slot(st, SLOT_AREA_INSERT, "INSERT INTO area(name, key) VALUES (?1, ?2)", err);
	if (!ins)
		goto out;
	sqlite3_bind_text(ins, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, key, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE) {
		rc = store_sqlfail(st, err, "cannot add an area");
		goto out;
	}
	*out = strdup(name);
	rc = *out ? STORE_OK : store_fail(err, STORE_ERROR, "out of memory");
out:
	if (rc == STORE_OK && st->n_areas < sizeof st->areas / sizeof *st->areas) {
		char *n = strdup(*out);
		if (n) {
			st->areas[st->n_areas].key = key;
			st->areas[st->n_areas++].name = n;
			return rc;
		}
	}
	free(key);
	return rc;
}

/* Replace the parties and areas of r->uuid by r's. */
static int write_links(struct store *st, struct store_agreement *r, bool replace, char **err)
{
	if (replace) {
		sqlite3_stmt *d = store_slot(st, SLOT_PARTIES_DELETE, "DELETE FROM agreement_party WHERE agreement = ?1", err);
		if (!d)
			return STORE_ERROR;
		sqlite3_bind_text(d, 1, r->uuid, -1, SQLITE_STATIC);
		if (sqlite3_step(d) != SQLITE_DONE)
			return store_sqlfail(st, err, "cannot update parties");
		d = store_slot(st, SLOT_AREAS_DELETE, "DELETE FROM agreement_area WHERE agreement = ?1", err);
		if (!d)
			return STORE_ERROR;
		sqlite3_bind_text(d, 1, r->uuid, -1, SQLITE_STATIC);
		if (sqlite3_step(d) != SQLITE_DONE)
			return store_sqlfail(st, err, "cannot update areas");
	}
	for (size_t i = 0; i < r->n_parties; i++) {
		sqlite3_stmt *s = store_slot(st, SLOT_PARTY_INSERT,
			"INSERT OR IGNORE INTO agreement_party(agreement, institution, role) VALUES (?1, ?2, ?3)", err);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_text(s, 1, r->uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, r->parties[i].uuid, -1, SQLITE_STATIC);
		store_bind_text(s, 3, r->parties[i].role);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_sqlfail(st, err, "cannot add a party");
	}
	for (size_t i = 0; i < r->n_areas; i++) {
		char *name = NULL;
		if (area_name(st, r->areas[i], &name, err) != STORE_OK)
			return STORE_ERROR;
		sqlite3_stmt *s = store_slot(st, SLOT_AGR_AREA_INSERT,
			"INSERT OR IGNORE INTO agreement_area(agreement, area, pos) VALUES (?1, ?2, ?3)", err);
		if (!s) {
			free(name);
			return STORE_ERROR;
		}
		sqlite3_bind_text(s, 1, r->uuid, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)i);
		int step = sqlite3_step(s);
		free(name);
		if (step != SQLITE_DONE)
			return store_sqlfail(st, err, "cannot add an area");
	}
	return STORE_OK;
}

static void bind_fields(sqlite3_stmt *s, const struct store_agreement *r, const char *key)
{
	store_bind_text(s, 1, r->title);
	store_bind_text(s, 2, r->kind);
	store_bind_text(s, 3, r->status);
	store_bind_text(s, 4, r->signed_on);
	store_bind_text(s, 5, r->valid_from);
	store_bind_text(s, 6, r->valid_until);
	store_bind_text(s, 7, r->place);
	store_bind_text(s, 8, r->source);
	store_bind_text(s, 9, r->notes);
	store_bind_text(s, 10, key);
}

int store_agreement_upsert(struct store *st, struct store_agreement *r,
                           enum store_change *chg, char **err)
{
	if (!r->title || !*r->title)
		return store_fail(err, STORE_ERROR, "an agreement needs a title");
	char *key = fold_key(r->title, strlen(r->title));
	if (!key)
		return store_fail(err, STORE_ERROR, "agreement title is not valid UTF-8");
	drop_repeats(r);
	int rc = STORE_ERROR;
	char now[21];
	store_now(now);
	/* Most rows of an import are new: try the insert first, and look at
	 * the stored row only when the identity is taken. */
	if (store_uuid(st, r->uuid) != STORE_OK) {
		rc = store_fail(err, STORE_ERROR, "no random source for a uuid");
		goto out;
	}
	sqlite3_stmt *ins = store_slot(st, SLOT_AGR_INSERT,
		"INSERT OR IGNORE INTO agreement(title, kind, status, signed, valid_from, valid_until, place,"
		" source, notes, key, created, updated, uuid)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)", err);
	if (!ins)
		goto out;
	bind_fields(ins, r, key);
	sqlite3_bind_text(ins, 11, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 12, r->uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE) {
		rc = store_sqlfail(st, err, "cannot add an agreement");
		goto out;
	}
	if (sqlite3_changes(st->db) == 1) {
		if ((rc = write_links(st, r, false, err)) != STORE_OK)
			goto out;
		r->version = 1;
		*chg = STORE_ADDED;
		goto out;
	}
	sqlite3_stmt *s = store_slot(st, SLOT_AGR_BY_IDENTITY,
		"SELECT uuid, title, kind, status, signed, valid_from, valid_until, place, source, notes, version"
		" FROM agreement WHERE key = ?1 AND ifnull(signed, '') = ifnull(?2, '')", err);
	if (!s)
		goto out;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	store_bind_text(s, 2, r->signed_on);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
		r->version = sqlite3_column_int64(s, 10);
		/* Order of the SELECT's columns 1..9; bit i of keep. */
		char **mine[] = { &r->title, &r->kind, &r->status, &r->signed_on, &r->valid_from,
		                  &r->valid_until, &r->place, &r->source, &r->notes };
		bool changed = false;
		for (int i = 0; i < 9; i++) {
			const unsigned char *old = sqlite3_column_text(s, i + 1);
			if (i != 0 && i != 3 && (r->keep & (1u << i))) {
				free(*mine[i]);
				*mine[i] = old ? strdup((const char *)old) : NULL;
			} else
				changed = changed || !store_same_text(*mine[i], old);
		}
		sqlite3_reset(s);
		bool peq = true, aeq = true;
		if ((r->keep & STORE_KEEP_AREAS) && (rc = read_areas(st, r, err)) != STORE_OK)
			goto out;
		if (!changed && ((rc = parties_equal(st, r, &peq, err)) != STORE_OK ||
		                 (rc = areas_equal(st, r, &aeq, err)) != STORE_OK))
			goto out;
		if (!changed && peq && aeq) {
			*chg = STORE_UNCHANGED;
			rc = STORE_OK;
			goto out;
		}
		sqlite3_stmt *u = store_slot(st, SLOT_AGR_UPDATE,
			"UPDATE agreement SET title = ?1, kind = ?2, status = ?3, signed = ?4, valid_from = ?5,"
			" valid_until = ?6, place = ?7, source = ?8, notes = ?9, key = ?10, updated = ?11,"
			" version = version + 1 WHERE uuid = ?12", err);
		if (!u)
			goto out;
		bind_fields(u, r, key);
		sqlite3_bind_text(u, 11, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(u, 12, r->uuid, -1, SQLITE_STATIC);
		if (sqlite3_step(u) != SQLITE_DONE) {
			rc = store_sqlfail(st, err, "cannot update an agreement");
			goto out;
		}
		if ((rc = write_links(st, r, true, err)) != STORE_OK)
			goto out;
		r->version++;
		*chg = STORE_UPDATED;
		goto out;
	}
	sqlite3_reset(s);
	rc = step == SQLITE_DONE ? store_fail(err, STORE_ERROR, "an agreement could not be added nor found")
	                         : store_sqlfail(st, err, "cannot look up an agreement");
out:
	free(key);
	return rc;
}

#define AGR_COLS "a.uuid, a.title, a.kind, a.status, a.signed, a.valid_from, a.valid_until," \
	" a.place, a.source, a.notes, a.version, a.created, a.updated"

/* Column i into a fixed buffer, cut to fit (snprintf's "%s" without
 * the formatting: a million rows of an export call this five times). */
static void column_copy(sqlite3_stmt *s, int i, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	size_t n = t ? (size_t)sqlite3_column_bytes(s, i) : 0;
	if (n >= size)
		n = size - 1;
	memcpy(buf, t ? t : "", n);
	buf[n] = '\0';
}

/* The row of AGR_COLS into r: its text fields copied, or with borrow
 * pointing into SQLite's row (valid until the next step of s; the caller
 * clears them before store_agreement_clear). */
static void read_row(sqlite3_stmt *s, struct store_agreement *r, bool borrow)
{
	memset(r, 0, sizeof *r);
	column_copy(s, 0, r->uuid, sizeof r->uuid);
	char **text[] = { &r->title, &r->kind, &r->status, &r->signed_on, &r->valid_from, &r->valid_until,
	                  &r->place, &r->source, &r->notes };
	for (int i = 0; i < 9; i++)
		*text[i] = borrow ? (char *)sqlite3_column_text(s, i + 1) : store_column_dup(s, i + 1);
	r->version = sqlite3_column_int64(s, 10);
	column_copy(s, 11, r->created, sizeof r->created);
	column_copy(s, 12, r->updated, sizeof r->updated);
}

static void unborrow(struct store_agreement *r)
{
	r->title = r->kind = r->status = r->signed_on = r->valid_from = r->valid_until = NULL;
	r->place = r->source = r->notes = NULL;
}

/* Parties (with names and countries) and areas of r->uuid. */
static int read_links(struct store *st, struct store_agreement *r, sqlite3_stmt *ps,
                      sqlite3_stmt *as, char **err)
{
	sqlite3_reset(ps);
	sqlite3_bind_text(ps, 1, r->uuid, -1, SQLITE_STATIC);
	size_t cap = 0;
	int step;
	while ((step = sqlite3_step(ps)) == SQLITE_ROW) {
		if (r->n_parties == cap) {
			cap = cap ? cap * 2 : 4;
			struct store_ref *v = realloc(r->parties, cap * sizeof *v);
			if (!v)
				return store_fail(err, STORE_ERROR, "out of memory");
			r->parties = v;
		}
		struct store_ref *p = &r->parties[r->n_parties++];
		memset(p, 0, sizeof *p);
		snprintf(p->uuid, sizeof p->uuid, "%s", (const char *)sqlite3_column_text(ps, 0));
		snprintf(p->country, sizeof p->country, "%s", (const char *)sqlite3_column_text(ps, 1));
		p->name = store_column_dup(ps, 2);
		p->acronym = store_column_dup(ps, 3);
		p->role = store_column_dup(ps, 4);
		p->shared_name = sqlite3_column_int(ps, 5) != 0;
	}
	if (step != SQLITE_DONE)
		return store_sqlfail(st, err, "cannot read parties");
	sqlite3_reset(as);
	sqlite3_bind_text(as, 1, r->uuid, -1, SQLITE_STATIC);
	cap = 0;
	while ((step = sqlite3_step(as)) == SQLITE_ROW) {
		if (r->n_areas == cap) {
			cap = cap ? cap * 2 : 4;
			char **v = realloc(r->areas, cap * sizeof *v);
			if (!v)
				return store_fail(err, STORE_ERROR, "out of memory");
			r->areas = v;
		}
		r->areas[r->n_areas++] = store_column_dup(as, 0);
	}
	return step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot read areas");
}

/* Parties in a stable order: by the institution's country, then name. */
static const char parties_sql[] =
	"SELECT i.uuid, i.country, i.name, i.acronym, p.role,"
	" EXISTS (SELECT 1 FROM institution j WHERE j.key = i.key AND j.uuid <> i.uuid)"
	" FROM agreement_party p"
	" JOIN institution i ON i.uuid = p.institution WHERE p.agreement = ?1"
	" ORDER BY i.country, i.key, i.uuid";
/* Areas in the order they were written. */
static const char areas_sql[] =
	"SELECT area FROM agreement_area WHERE agreement = ?1 ORDER BY pos";

int store_agreement_get(struct store *st, const char *uuid, struct store_agreement *out, char **err)
{
	sqlite3_stmt *s = store_slot(st, SLOT_AGR_GET, "SELECT " AGR_COLS " FROM agreement a WHERE a.uuid = ?1", err);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(s);
	if (step != SQLITE_ROW) {
		sqlite3_reset(s);
		return step == SQLITE_DONE ? store_fail(err, STORE_NOT_FOUND, "no such agreement (deleted meanwhile?)")
		                           : store_sqlfail(st, err, "cannot read an agreement");
	}
	read_row(s, out, false);
	sqlite3_reset(s);
	sqlite3_stmt *ps = NULL, *as = NULL;
	int rc = store_prepare(st, parties_sql, &ps, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, areas_sql, &as, err);
	if (rc == STORE_OK)
		rc = read_links(st, out, ps, as, err);
	sqlite3_finalize(ps);
	sqlite3_finalize(as);
	if (rc != STORE_OK)
		store_agreement_clear(out);
	return rc;
}

/* ---- every agreement, for export ----
 *
 * A query per agreement for its parties and another for its areas cost
 * some ten b-tree searches a record. Instead three cursors walk in uuid
 * order side by side, as a merge join: the agreements (by their uuid
 * index), agreement_party and agreement_area (both keyed by agreement
 * first), and the parties' names come from an in-memory table of the
 * institutions. uuids are version 7 and increase within a process, so
 * uuid order is the order of adding: a file exported, imported into an
 * empty registry and exported again comes out the same. */

struct inst_entry {
	char uuid[STORE_UUID_SIZE];
	char country[3];
	bool shared;
	uint32_t rank;   /* position in (country, key) order: the party order */
	char *name, *acronym;
};

struct inst_table {
	struct inst_entry *v;
	size_t n;
	uint32_t *slot;   /* open addressing, index + 1; 0 is empty */
	size_t mask;
};

/* A uuid's last characters are random: mix the last eight (uuids typed
 * in the shell need not be well-formed; short ones are hashed whole). */
static size_t uuid_hash(const char *u)
{
	size_t n = strlen(u);
	uint64_t h = 0;
	if (n >= 8)
		memcpy(&h, u + n - 8, 8);
	else
		memcpy(&h, u, n);
	h = (h ^ (uint64_t)n) * 0x9E3779B97F4A7C15u;
	return (size_t)(h >> 32);   /* the high half: every input byte reaches it */
}

static struct inst_entry *inst_find(const struct inst_table *t, const char *uuid)
{
	if (!t->slot)
		return NULL;
	for (size_t i = uuid_hash(uuid) & t->mask;; i = (i + 1) & t->mask) {
		uint32_t k = t->slot[i];
		if (!k)
			return NULL;
		if (strcmp(t->v[k - 1].uuid, uuid) == 0)
			return &t->v[k - 1];
	}
}

static void inst_table_free(struct inst_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].acronym);
	}
	free(t->v);
	free(t->slot);
}

static int inst_table_load(struct store *st, struct inst_table *t, char **err)
{
	memset(t, 0, sizeof *t);
	sqlite3_stmt *s;
	int rc = store_prepare(st, "SELECT uuid, country, name, acronym FROM institution ORDER BY country, key", &s,
	                       err);
	size_t cap = 0;
	int step = SQLITE_DONE;
	while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (t->n == cap) {
			cap = cap ? cap * 2 : 1024;
			struct inst_entry *v = realloc(t->v, cap * sizeof *v);
			if (!v) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			t->v = v;
		}
		struct inst_entry *e = &t->v[t->n++];
		memset(e, 0, sizeof *e);
		column_copy(s, 0, e->uuid, sizeof e->uuid);
		column_copy(s, 1, e->country, sizeof e->country);
		e->rank = (uint32_t)t->n;
		e->name = store_column_dup(s, 2);
		e->acronym = store_column_dup(s, 3);
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read institutions");
	sqlite3_finalize(s);
	if (rc != STORE_OK || !t->n)
		return rc;
	size_t size = 1024;
	while (size < t->n * 2)
		size *= 2;
	if (!(t->slot = calloc(size, sizeof *t->slot)))
		return store_fail(err, STORE_ERROR, "out of memory");
	t->mask = size - 1;
	for (size_t k = 0; k < t->n; k++) {
		size_t i = uuid_hash(t->v[k].uuid) & t->mask;
		while (t->slot[i])
			i = (i + 1) & t->mask;
		t->slot[i] = (uint32_t)k + 1;
	}
	/* A name that institutions of several countries share. */
	rc = store_prepare(st, "SELECT uuid FROM institution WHERE key IN"
	                   " (SELECT key FROM institution GROUP BY key HAVING count(*) > 1)", &s, err);
	while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct inst_entry *e = inst_find(t, (const char *)sqlite3_column_text(s, 0));
		if (e)
			e->shared = true;
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read institutions");
	sqlite3_finalize(s);
	return rc;
}

/* Steps cursor c (column 0: the agreement's uuid) past rows of agreements
 * before uuid; returns true while it is on a row of uuid. *live goes false
 * at the end; *rc gets an error. */
static bool on_agreement(struct store *st, sqlite3_stmt *c, bool *live, const char *uuid, int *rc, char **err)
{
	while (*live) {
		const char *a = (const char *)sqlite3_column_text(c, 0);
		int cmp = a ? strcmp(a, uuid) : -1;
		if (cmp > 0)
			return false;
		if (cmp == 0)
			return true;
		int step = sqlite3_step(c);   /* a link of a missing agreement: skip */
		if (step != SQLITE_ROW) {
			*live = false;
			if (step != SQLITE_DONE)
				*rc = store_sqlfail(st, err, "cannot read an agreement's links");
		}
	}
	return false;
}

static bool advance(struct store *st, sqlite3_stmt *c, bool *live, int *rc, char **err)
{
	int step = sqlite3_step(c);
	if (step != SQLITE_ROW) {
		*live = false;
		if (step != SQLITE_DONE)
			*rc = store_sqlfail(st, err, "cannot read an agreement's links");
	}
	return *live;
}

struct ranked_party {
	uint32_t rank;
	struct store_ref ref;
};

struct ranked_area {
	int pos;
	char *name;
};

static int cmp_party(const void *a, const void *b)
{
	uint32_t x = ((const struct ranked_party *)a)->rank, y = ((const struct ranked_party *)b)->rank;
	return x < y ? -1 : x > y;
}

/* In the order they were written; ties (from the shell) by name. */
static int cmp_area(const void *a, const void *b)
{
	const struct ranked_area *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

struct merge {
	const struct inst_table *t;
	sqlite3_stmt *ps, *as;
	bool plive, alive;
	struct ranked_party *pv;   /* scratch, kept from record to record */
	size_t pcap;
	struct ranked_area *av;
	size_t acap;
};

static int read_merged_links(struct store *st, struct merge *m, struct store_agreement *r, char **err)
{
	int rc = STORE_OK;
	size_t n = 0;
	while (on_agreement(st, m->ps, &m->plive, r->uuid, &rc, err)) {
		const struct inst_entry *e = inst_find(m->t, (const char *)sqlite3_column_text(m->ps, 1));
		if (e) {   /* a party that is no institution is left out, as a join would */
			if (n == m->pcap) {
				size_t cap = m->pcap ? m->pcap * 2 : 8;
				struct ranked_party *v = realloc(m->pv, cap * sizeof *v);
				if (!v) {   /* the ones read so far are handed over below */
					rc = store_fail(err, STORE_ERROR, "out of memory");
					break;
				}
				m->pv = v, m->pcap = cap;
			}
			struct ranked_party *p = &m->pv[n++];
			memset(p, 0, sizeof *p);
			p->rank = e->rank;
			memcpy(p->ref.uuid, e->uuid, sizeof p->ref.uuid);
			memcpy(p->ref.country, e->country, sizeof p->ref.country);
			/* borrowed from the table: see store_agreements_each */
			p->ref.name = e->name;
			p->ref.acronym = e->acronym;
			p->ref.role = store_column_dup(m->ps, 2);
			p->ref.shared_name = e->shared;
		}
		if (!advance(st, m->ps, &m->plive, &rc, err))
			break;
	}
	if (n) {
		qsort(m->pv, n, sizeof *m->pv, cmp_party);
		if (!(r->parties = malloc(n * sizeof *r->parties))) {
			for (size_t i = 0; i < n; i++)
				free(m->pv[i].ref.role);
			return store_fail(err, STORE_ERROR, "out of memory");
		}
		for (size_t i = 0; i < n; i++)
			r->parties[i] = m->pv[i].ref;
		r->n_parties = n;
	}
	if (rc != STORE_OK)
		return rc;
	n = 0;
	while (on_agreement(st, m->as, &m->alive, r->uuid, &rc, err)) {
		if (n == m->acap) {
			size_t cap = m->acap ? m->acap * 2 : 8;
			struct ranked_area *v = realloc(m->av, cap * sizeof *v);
			if (!v) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			m->av = v, m->acap = cap;
		}
		m->av[n].pos = sqlite3_column_int(m->as, 2);
		m->av[n++].name = store_column_dup(m->as, 1);
		if (!advance(st, m->as, &m->alive, &rc, err))
			break;
	}
	if (n) {
		qsort(m->av, n, sizeof *m->av, cmp_area);
		if (!(r->areas = malloc(n * sizeof *r->areas))) {
			for (size_t i = 0; i < n; i++)
				free(m->av[i].name);
			return store_fail(err, STORE_ERROR, "out of memory");
		}
		for (size_t i = 0; i < n; i++)
			r->areas[i] = m->av[i].name;
		r->n_areas = n;
	}
	return rc;
}

int store_agreements_each(struct store *st, store_agreement_fn fn, void *ud, char **err)
{
	struct inst_table t;
	struct merge m = { .t = &t, .plive = true, .alive = true };
	sqlite3_stmt *s = NULL;
	int rc = inst_table_load(st, &t, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "SELECT " AGR_COLS " FROM agreement a ORDER BY a.uuid", &s, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "SELECT agreement, institution, role FROM agreement_party"
		                   " ORDER BY agreement, institution", &m.ps, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "SELECT agreement, area, pos FROM agreement_area ORDER BY agreement, area",
		                   &m.as, err);
	if (rc == STORE_OK)
		advance(st, m.ps, &m.plive, &rc, err);
	if (rc == STORE_OK)
		advance(st, m.as, &m.alive, &rc, err);
	int step = SQLITE_DONE;
	while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		/* borrowed: no copy of nine fields a record */
		struct store_agreement r;
		read_row(s, &r, true);
		rc = read_merged_links(st, &m, &r, err);
		int stop = rc == STORE_OK ? fn(ud, &r) : 0;
		unborrow(&r);
		for (size_t i = 0; i < r.n_parties; i++)
			r.parties[i].name = r.parties[i].acronym = NULL;   /* the table's */
		store_agreement_clear(&r);
		if (stop)
			break;
	}
	if (rc == STORE_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read agreements");
	sqlite3_finalize(s);
	sqlite3_finalize(m.ps);
	sqlite3_finalize(m.as);
	free(m.pv);
	free(m.av);
	inst_table_free(&t);
	return rc;
}
