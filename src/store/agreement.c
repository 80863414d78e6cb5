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

static void read_row(sqlite3_stmt *s, struct store_agreement *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
	r->title = store_column_dup(s, 1);
	r->kind = store_column_dup(s, 2);
	r->status = store_column_dup(s, 3);
	r->signed_on = store_column_dup(s, 4);
	r->valid_from = store_column_dup(s, 5);
	r->valid_until = store_column_dup(s, 6);
	r->place = store_column_dup(s, 7);
	r->source = store_column_dup(s, 8);
	r->notes = store_column_dup(s, 9);
	r->version = sqlite3_column_int64(s, 10);
	snprintf(r->created, sizeof r->created, "%s", (const char *)sqlite3_column_text(s, 11));
	snprintf(r->updated, sizeof r->updated, "%s", (const char *)sqlite3_column_text(s, 12));
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
	read_row(s, out);
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

int store_agreements_each(struct store *st, store_agreement_fn fn, void *ud, char **err)
{
	sqlite3_stmt *s = NULL, *ps = NULL, *as = NULL;
	/* In the order they were added: no sort of the whole table, and a file
	 * exported, imported into an empty registry and exported again comes
	 * out the same. */
	int rc = store_prepare(st, "SELECT " AGR_COLS " FROM agreement a ORDER BY a.rowid", &s, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, parties_sql, &ps, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, areas_sql, &as, err);
	int step = SQLITE_DONE;
	while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_agreement r;
		read_row(s, &r);
		rc = read_links(st, &r, ps, as, err);
		int stop = rc == STORE_OK ? fn(ud, &r) : 0;
		store_agreement_clear(&r);
		if (stop)
			break;
	}
	if (rc == STORE_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read agreements");
	sqlite3_finalize(s);
	sqlite3_finalize(ps);
	sqlite3_finalize(as);
	return rc;
}
