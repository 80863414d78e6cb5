/* Institutions: upsert by identity (country + folded name), lookups by
 * name or acronym, "did you mean" suggestions, iteration for export. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/fold.h>

#include "store_internal.h"

void store_institution_clear(struct store_institution *r)
{
	free(r->name);
	free(r->name_en);
	free(r->acronym);
	free(r->region);
	free(r->city);
	free(r->type);
	free(r->website);
	free(r->notes);
	free(r->parent_name);
	memset(r, 0, sizeof *r);
}

void store_refs_free(struct store_ref *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].acronym);
		free(v[i].role);
	}
}

/* Folded key of an optional string: NULL for NULL/empty. *bad set when the
 * text is not valid UTF-8. */
char *store_key_or_null(const char *s, bool *bad)
{
	if (!s || !*s)
		return NULL;
	char *k = fold_key(s, strlen(s));
	if (!k)
		*bad = true;
	return k;
}

bool store_same_text(const char *a, const unsigned char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, (const char *)b) == 0;
}

#define INST_COLS "uuid, country, name, name_en, acronym, region, city, type, parent," \
	" website, notes, version, created, updated"

/* Fill r from a row of INST_COLS (columns from 0), plus parent name at 14 if
 * present. */
static void read_row(sqlite3_stmt *s, struct store_institution *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
	snprintf(r->country, sizeof r->country, "%s", (const char *)sqlite3_column_text(s, 1));
	r->name = store_column_dup(s, 2);
	r->name_en = store_column_dup(s, 3);
	r->acronym = store_column_dup(s, 4);
	r->region = store_column_dup(s, 5);
	r->city = store_column_dup(s, 6);
	r->type = store_column_dup(s, 7);
	const unsigned char *p = sqlite3_column_text(s, 8);
	snprintf(r->parent, sizeof r->parent, "%s", p ? (const char *)p : "");
	r->website = store_column_dup(s, 9);
	r->notes = store_column_dup(s, 10);
	r->version = sqlite3_column_int64(s, 11);
	snprintf(r->created, sizeof r->created, "%s", (const char *)sqlite3_column_text(s, 12));
	snprintf(r->updated, sizeof r->updated, "%s", (const char *)sqlite3_column_text(s, 13));
	if (sqlite3_column_count(s) > 14)
		r->parent_name = store_column_dup(s, 14);
}

/* Bind the editable fields at 1..10 in the order of the insert/update. */
static void bind_fields(sqlite3_stmt *s, const struct store_institution *r,
                        const char *key, const char *akey)
{
	store_bind_text(s, 1, r->country);
	store_bind_text(s, 2, r->name);
	store_bind_text(s, 3, r->name_en);
	store_bind_text(s, 4, r->acronym);
	store_bind_text(s, 5, r->region);
	store_bind_text(s, 6, r->city);
	store_bind_text(s, 7, r->type);
	store_bind_text(s, 8, r->parent);
	store_bind_text(s, 9, r->website);
	store_bind_text(s, 10, r->notes);
	store_bind_text(s, 11, key);
	store_bind_text(s, 12, akey);
}

/* Whether making parent the parent of uuid would close a loop (an
 * institution its own parent, or its own ancestor). */
static int parent_loop(struct store *st, const char *uuid, const char *parent, bool *loop, char **err)
{
	*loop = false;
	if (!*parent || !*uuid)
		return STORE_OK;
	sqlite3_stmt *s;
	int rc = store_prepare(st,
		"WITH RECURSIVE up(u, depth) AS (SELECT ?1, 0 UNION"
		" SELECT i.parent, depth + 1 FROM institution i JOIN up ON i.uuid = up.u"
		" WHERE i.parent IS NOT NULL AND depth < 1000)"
		" SELECT 1 FROM up WHERE u = ?2 LIMIT 1", &s, err);
	if (rc != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, parent, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, uuid, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	*loop = step == SQLITE_ROW;
	sqlite3_finalize(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot check parents");
}

int store_institution_upsert(struct store *st, struct store_institution *r,
                             enum store_change *chg, char **err)
{
	bool bad = false;
	if (!r->name || !*r->name)
		return store_fail(err, STORE_ERROR, "an institution needs a name");
	char *key = store_key_or_null(r->name, &bad), *akey = store_key_or_null(r->acronym, &bad);
	int rc = STORE_ERROR;
	if (bad || !key) {
		rc = store_fail(err, STORE_ERROR, "institution name is not valid UTF-8");
		goto out;
	}
	sqlite3_stmt *s = store_slot(st, SLOT_INST_BY_IDENTITY,
		"SELECT uuid, name, name_en, acronym, region, city, type, parent, website, notes, version"
		" FROM institution WHERE country = ?1 AND key = ?2", err);
	if (!s)
		goto out;
	sqlite3_bind_text(s, 1, r->country, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(s);
	char now[21];
	store_now(now);
	if (step == SQLITE_ROW) {
		snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
		r->version = sqlite3_column_int64(s, 10);
		/* Order of the SELECT's columns 1..9; bit i+1 of keep. */
		char **mine[] = { &r->name, &r->name_en, &r->acronym, &r->region, &r->city,
		                  &r->type, NULL, &r->website, &r->notes };
		bool changed = false;
		for (int i = 0; i < 9; i++) {
			const unsigned char *old = sqlite3_column_text(s, i + 1);
			if (i == 6) {           /* parent: a uuid in a fixed buffer */
				if (r->keep & STORE_KEEP_PARENT)
					snprintf(r->parent, sizeof r->parent, "%s", old ? (const char *)old : "");
				changed = changed || !store_same_text(r->parent, old);
			} else if (i > 0 && (r->keep & (1u << i))) {
				free(*mine[i]);
				*mine[i] = old ? strdup((const char *)old) : NULL;
			} else
				changed = changed || !store_same_text(*mine[i], old);
		}
		free(akey);
		akey = store_key_or_null(r->acronym, &bad);
		sqlite3_reset(s);
		bool loop;
		if ((rc = parent_loop(st, r->uuid, r->parent, &loop, err)) != STORE_OK)
			goto out;
		if (loop) {
			rc = store_fail(err, STORE_ERROR, "'%s' cannot be its own parent or its parent's ancestor",
			                r->name);
			goto out;
		}
		rc = STORE_ERROR;
		if (!changed) {
			*chg = STORE_UNCHANGED;
			rc = STORE_OK;
			goto out;
		}
		sqlite3_stmt *u = store_slot(st, SLOT_INST_UPDATE,
			"UPDATE institution SET country = ?1, name = ?2, name_en = ?3, acronym = ?4,"
			" region = ?5, city = ?6, type = ?7, parent = ?8, website = ?9, notes = ?10,"
			" key = ?11, akey = ?12, updated = ?13, version = version + 1 WHERE uuid = ?14", err);
		if (!u)
			goto out;
		bind_fields(u, r, key, akey);
		sqlite3_bind_text(u, 13, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(u, 14, r->uuid, -1, SQLITE_STATIC);
		if (sqlite3_step(u) != SQLITE_DONE) {
			rc = store_sqlfail(st, err, "cannot update an institution");
			goto out;
		}
		r->version++;
		*chg = STORE_UPDATED;
		rc = STORE_OK;
		goto out;
	}
	if (step != SQLITE_DONE) {
		rc = store_sqlfail(st, err, "cannot look up an institution");
		goto out;
	}
	if (store_uuid(st, r->uuid) != STORE_OK) {
		rc = store_fail(err, STORE_ERROR, "no random source for a uuid");
		goto out;
	}
	sqlite3_stmt *ins = store_slot(st, SLOT_INST_INSERT,
		"INSERT INTO institution(country, name, name_en, acronym, region, city, type, parent,"
		" website, notes, key, akey, created, updated, uuid)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)", err);
	if (!ins)
		goto out;
	bind_fields(ins, r, key, akey);
	sqlite3_bind_text(ins, 13, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 14, r->uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE) {
		rc = store_sqlfail(st, err, "cannot add an institution");
		goto out;
	}
	r->version = 1;
	*chg = STORE_ADDED;
	rc = STORE_OK;
out:
	free(key);
	free(akey);
	return rc;
}

int store_institution_get(struct store *st, const char *uuid,
                          struct store_institution *out, char **err)
{
	sqlite3_stmt *s = store_slot(st, SLOT_INST_GET,
		"SELECT i.uuid, i.country, i.name, i.name_en, i.acronym, i.region, i.city, i.type,"
		" i.parent, i.website, i.notes, i.version, i.created, i.updated, p.name"
		" FROM institution i LEFT JOIN institution p ON p.uuid = i.parent WHERE i.uuid = ?1", err);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		read_row(s, out);
		sqlite3_reset(s);
		return STORE_OK;
	}
	sqlite3_reset(s);
	if (step == SQLITE_DONE)
		return store_fail(err, STORE_NOT_FOUND, "no such institution (deleted meanwhile?)");
	return store_sqlfail(st, err, "cannot read an institution");
}

/* Fill up to max refs from the rows of s; returns the number of rows. */
static int collect_refs(struct store *st, sqlite3_stmt *s, struct store_ref *out, size_t max,
                        char **err)
{
	int n = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if ((size_t)n < max) {
			struct store_ref *r = &out[n];
			memset(r, 0, sizeof *r);
			snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
			snprintf(r->country, sizeof r->country, "%s", (const char *)sqlite3_column_text(s, 1));
			r->name = store_column_dup(s, 2);
			r->acronym = store_column_dup(s, 3);
		}
		n++;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		store_refs_free(out, (size_t)n < max ? (size_t)n : max);
		return store_sqlfail(st, err, "cannot look up institutions");
	}
	return n;
}

int store_institution_find(struct store *st, const char *text, const char *country,
                           struct store_ref *out, size_t max, char **err)
{
	char *key = fold_key(text, strlen(text));
	if (!key)
		return store_fail(err, STORE_ERROR, "not valid UTF-8");
	/* A name match beats acronym matches: one institution called "ВГМУ"
	 * and others abbreviated so do not make the name ambiguous. */
	static const struct { enum store_slot slot; const char *sql; } q[2] = {
		{ SLOT_INST_FIND, "SELECT uuid, country, name, acronym FROM institution"
		                  " WHERE key = ?1 AND (?2 IS NULL OR country = ?2) ORDER BY country, name" },
		{ SLOT_INST_FIND_ACRONYM, "SELECT uuid, country, name, acronym FROM institution"
		                  " WHERE akey = ?1 AND (?2 IS NULL OR country = ?2) ORDER BY country, name" },
	};
	int n = 0;
	for (int i = 0; i < 2 && n == 0; i++) {
		sqlite3_stmt *s = store_slot(st, q[i].slot, q[i].sql, err);
		if (!s) {
			n = STORE_ERROR;
			break;
		}
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		store_bind_text(s, 2, country);
		n = collect_refs(st, s, out, max, err);
	}
	free(key);
	return n;
}

/* Levenshtein distance between code point arrays, with one row of memory
 * (bn + 1 entries); stops early (returns limit + 1) once every cell
 * exceeds limit. */
size_t store_edit_distance(const uint32_t *a, size_t an, const uint32_t *b, size_t bn,
                       size_t *row, size_t limit)
{
	for (size_t j = 0; j <= bn; j++)
		row[j] = j;
	for (size_t i = 1; i <= an; i++) {
		size_t diag = row[0], best = i;
		row[0] = i;
		for (size_t j = 1; j <= bn; j++) {
			size_t up = row[j];
			size_t v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > limit)
			return limit + 1;
	}
	return row[bn];
}

/* Decode UTF-8 into at most cap code points. */
size_t store_decode(const char *s, uint32_t *out, size_t cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && n < cap) {
		uint32_t c = *p++;
		int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
		if (more)
			c &= 0x3fu >> more;
		while (more-- && (*p & 0xc0) == 0x80)
			c = (c << 6) | (*p++ & 0x3fu);
		out[n++] = c;
	}
	return n;
}

#define SUGGEST_MAX_LEN 256

int store_institution_suggest(struct store *st, const char *text, char **out, size_t max,
                              char **err)
{
	char *key = fold_key(text, strlen(text));
	if (!key)
		return store_fail(err, STORE_ERROR, "not valid UTF-8");
	uint32_t a[SUGGEST_MAX_LEN], b[SUGGEST_MAX_LEN];
	size_t row[SUGGEST_MAX_LEN + 1];
	size_t an = store_decode(key, a, SUGGEST_MAX_LEN);
	free(key);
	/* Close enough to be a typo or a variant: a third of the length. */
	size_t limit = an / 3 > 3 ? an / 3 : 3;
	size_t dist[16];
	if (max > 16)
		max = 16;
	size_t n = 0;
	sqlite3_stmt *s;
	/* Acronyms count too: "РНПЦ Мать и дитя" is close to the acronym
	 * "РНПЦ «Мать и дитя»" of a centre with a long name. */
	if (store_prepare(st, "SELECT name, key FROM institution UNION ALL"
	                  " SELECT acronym, akey FROM institution WHERE akey IS NOT NULL", &s, err) != STORE_OK)
		return STORE_ERROR;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		size_t bn = store_decode((const char *)sqlite3_column_text(s, 1), b, SUGGEST_MAX_LEN);
		if ((an > bn ? an - bn : bn - an) > limit)
			continue;
		size_t bound = n == max ? dist[n - 1] - 1 : limit;
		size_t d = store_edit_distance(a, an, b, bn, row, bound);
		if (d > bound)
			continue;
		/* Insert in order, dropping the worst when full. */
		size_t pos = n < max ? n : max - 1;
		if (n == max)
			free(out[pos]);
		else
			n++;
		while (pos > 0 && dist[pos - 1] > d) {
			out[pos] = out[pos - 1];
			dist[pos] = dist[pos - 1];
			pos--;
		}
		out[pos] = strdup((const char *)sqlite3_column_text(s, 0));
		dist[pos] = d;
	}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			free(out[i]);
		return store_sqlfail(st, err, "cannot look up institutions");
	}
	return (int)n;
}

int store_institutions_each(struct store *st, store_institution_fn fn, void *ud, char **err)
{
	sqlite3_stmt *s;
	if (store_prepare(st,
		"SELECT i.uuid, i.country, i.name, i.name_en, i.acronym, i.region, i.city, i.type,"
		" i.parent, i.website, i.notes, i.version, i.created, i.updated, p.name"
		" FROM institution i LEFT JOIN institution p ON p.uuid = i.parent"
		" ORDER BY i.country, i.key, i.uuid", &s, err) != STORE_OK)
		return STORE_ERROR;
	int step, rc = STORE_OK;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_institution r;
		read_row(s, &r);
		int stop = fn(ud, &r);
		store_institution_clear(&r);
		if (stop)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read institutions");
	sqlite3_finalize(s);
	return rc;
}
