/* Saving and deleting from the full-screen program's forms.
 *
 * Unlike the import's upsert (which finds a record by its identity and
 * merges into it), a form edits one record by uuid and must not overwrite
 * what someone else saved meanwhile: every save checks the version the
 * form was opened with, inside one BEGIN IMMEDIATE transaction. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/collate.h>
#include <accord/date.h>
#include <accord/fold.h>

#include "store_internal.h"

/* Prepare sql with text parameters ?1 = a and ?2 = b (when not NULL). */
static int prepare_text(struct store *st, sqlite3_stmt **s, const char *sql, const char *a,
                        const char *b, char **err)
{
	if (store_prepare(st, sql, s, err) != STORE_OK)
		return STORE_ERROR;
	if (a)
		sqlite3_bind_text(*s, 1, a, -1, SQLITE_TRANSIENT);
	if (b)
		sqlite3_bind_text(*s, 2, b, -1, SQLITE_TRANSIENT);
	return STORE_OK;
}

static long count_of(struct store *st, const char *sql, const char *a, char **err)
{
	sqlite3_stmt *s;
	if (prepare_text(st, &s, sql, a, NULL, err) != STORE_OK)
		return STORE_ERROR;
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0)
	                                       : store_sqlfail(st, err, "cannot count");
	sqlite3_finalize(s);
	return n;
}

int store_institution_branches(struct store *st, const char *uuid, struct store_ref **out,
                               size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (prepare_text(st, &s, "SELECT uuid, country, name, acronym FROM institution"
	                 " WHERE parent = ?1 AND uuid <> ?1 ORDER BY name COLLATE accord LIMIT 500",
	                 uuid, NULL, err) != STORE_OK)
		return STORE_ERROR;
	size_t cap = 0;
	int step, rc = STORE_OK;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			struct store_ref *v = realloc(*out, cap * sizeof *v);
			if (!v) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			*out = v;
		}
		struct store_ref *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
		snprintf(r->country, sizeof r->country, "%s", (const char *)sqlite3_column_text(s, 1));
		r->name = store_column_dup(s, 2);
		r->acronym = store_column_dup(s, 3);
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read branches");
	sqlite3_finalize(s);
	if (rc != STORE_OK) {
		store_refs_free(*out, *n);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_institution_usage(struct store *st, const char *uuid, struct store_usage *u, char **err)
{
	memset(u, 0, sizeof *u);
	if ((u->agreements = count_of(st, "SELECT count(*) FROM agreement_party WHERE institution = ?1",
	                              uuid, err)) < 0)
		return STORE_ERROR;
	if ((u->sole = count_of(st, "SELECT count(*) FROM agreement_party p WHERE p.institution = ?1"
	                        " AND NOT EXISTS (SELECT 1 FROM agreement_party q"
	                        "  WHERE q.agreement = p.agreement AND q.institution <> ?1)", uuid, err)) < 0)
		return STORE_ERROR;
	if ((u->branches = count_of(st, "SELECT count(*) FROM institution WHERE parent = ?1 AND uuid <> ?1",
	                            uuid, err)) < 0)
		return STORE_ERROR;
	return STORE_OK;
}

#define SIMILAR_MAX 128

int store_institution_similar(struct store *st, const char *country, const char *name,
                              const char *except, char **out, char **err)
{
	*out = NULL;
	char *key = fold_key(name, strlen(name));
	if (!key)
		return store_fail(err, STORE_ERROR, "name is not valid UTF-8");
	uint32_t a[SIMILAR_MAX], b[SIMILAR_MAX];
	size_t an = store_decode(key, a, SIMILAR_MAX);
	size_t row[SIMILAR_MAX + 1];
	size_t limit = an / 8 > 2 ? an / 8 : 2;   /* a typo or two, not a different name */
	sqlite3_stmt *s;
	int rc = prepare_text(st, &s, "SELECT name, key FROM institution WHERE country = ?1"
	                      " AND uuid <> ifnull(?2, '')", country, except, err);
	if (rc != STORE_OK) {
		free(key);
		return rc;
	}
	int step, found = 0;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 1);
		size_t bn = store_decode(k, b, SIMILAR_MAX);
		if ((an > bn ? an - bn : bn - an) > limit)
			continue;
		if (strcmp(k, key) == 0 || store_edit_distance(a, an, b, bn, row, limit) <= limit) {
			*out = store_column_dup(s, 0);
			found = 1;
			break;
		}
	}
	if (!found && step != SQLITE_DONE)
		found = store_sqlfail(st, err, "cannot look up institutions");
	sqlite3_finalize(s);
	free(key);
	return found;
}

/* ---- saving ---- */

/* Finish a transaction: on success commit (after updating the browse
 * indexes), else roll back. */
static int finish(struct store *st, int rc, char **err)
{
	if (rc == STORE_OK)
		rc = store_browse_update(st, NULL, NULL, err);
	if (rc == STORE_OK)
		return store_commit(st, err);
	store_rollback(st);
	return rc;
}

/* The stored version of uuid in table, 0 if none, < 0 on error. */
/* The record a form was opened on, as stored now: STORE_OK when its
 * version is still base, STORE_NOT_FOUND when it was deleted meanwhile,
 * STORE_CONFLICT when someone changed it (the caller then shows theirs),
 * or an error. what names the kind of record in the message. */
static int check_version(struct store *st, const char *sql, const char *uuid, long long base,
                         const char *what, char **err)
{
	sqlite3_stmt *s;
	if (prepare_text(st, &s, sql, uuid, NULL, err) != STORE_OK)
		return STORE_ERROR;
	int step = sqlite3_step(s);
	long long v = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_sqlfail(st, err, "cannot read a record");
	if (v == 0)
		return store_fail(err, STORE_NOT_FOUND, "someone deleted this %s meanwhile", what);
	if (v != base)
		return store_fail(err, STORE_CONFLICT, "someone changed this %s meanwhile", what);
	return STORE_OK;
}

static int check_institution(struct store *st, const struct store_institution *r, char **err)
{
	if (!r->name || !*r->name)
		return store_fail(err, STORE_ERROR, "an institution needs a name");
	if (strlen(r->country) != 2)
		return store_fail(err, STORE_ERROR, "an institution needs a country");
	if (count_of(st, "SELECT count(*) FROM country WHERE code = ?1", r->country, err) != 1)
		return store_fail(err, STORE_ERROR, "no country with the code %s", r->country);
	if (*r->parent && *r->uuid) {
		/* Walk up from the new parent: meeting r itself would make a loop. */
		char cur[STORE_UUID_SIZE];
		snprintf(cur, sizeof cur, "%s", r->parent);
		for (int depth = 0; *cur && depth < 64; depth++) {
			if (strcmp(cur, r->uuid) == 0)
				return store_fail(err, STORE_ERROR, "an institution cannot be its own parent or branch");
			sqlite3_stmt *s;
			if (prepare_text(st, &s, "SELECT ifnull(parent, '') FROM institution WHERE uuid = ?1",
			                 cur, NULL, err) != STORE_OK)
				return STORE_ERROR;
			const char *p = sqlite3_step(s) == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : "";
			snprintf(cur, sizeof cur, "%s", p);
			sqlite3_finalize(s);
		}
	}
	if (*r->parent && count_of(st, "SELECT count(*) FROM institution WHERE uuid = ?1", r->parent, err) != 1)
		return store_fail(err, STORE_ERROR, "the parent institution no longer exists");
	return STORE_OK;
}

int store_institution_save(struct store *st, struct store_institution *r, long long base_version,
                           struct store_institution *current, char **err)
{
	bool bad = false;
	char *key = store_key_or_null(r->name, &bad), *akey = store_key_or_null(r->acronym, &bad);
	int rc = STORE_OK;
	if (bad) {
		rc = store_fail(err, STORE_ERROR, "the text is not valid UTF-8");
		goto out;
	}
	if ((rc = store_begin(st, err)) != STORE_OK)
		goto out;
	if ((rc = check_institution(st, r, err)) != STORE_OK)
		goto done;
	if (*r->uuid && (rc = check_version(st, "SELECT version FROM institution WHERE uuid = ?1", r->uuid,
	                                    base_version, "institution", err)) != STORE_OK) {
		if (rc != STORE_CONFLICT)
			goto done;
		store_rollback(st);
		if (store_institution_get(st, r->uuid, current, err) != STORE_OK)
			rc = STORE_ERROR;
		goto out;
	}
	sqlite3_stmt *s;
	if ((rc = prepare_text(st, &s, "SELECT name FROM institution WHERE country = ?1 AND key = ?2"
	                       " AND uuid <> ?3", r->country, key, err)) != STORE_OK)
		goto done;
	sqlite3_bind_text(s, 3, r->uuid, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = store_fail(err, STORE_ERROR, "«%s» already exists in %s", (const char *)sqlite3_column_text(s, 0),
		                r->country);
		sqlite3_finalize(s);
		goto done;
	}
	sqlite3_finalize(s);
	char now[21];
	store_now(now);
	bool add = !*r->uuid;
	if (add && store_uuid(st, r->uuid) != STORE_OK) {
		rc = store_fail(err, STORE_ERROR, "no random source for a uuid");
		goto done;
	}
	if ((rc = store_prepare(st, add
		? "INSERT INTO institution(country, name, name_en, acronym, region, city, type, parent,"
		  " website, notes, key, akey, created, updated, uuid, version)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, 1)"
		: "UPDATE institution SET country = ?1, name = ?2, name_en = ?3, acronym = ?4, region = ?5,"
		  " city = ?6, type = ?7, parent = ?8, website = ?9, notes = ?10, key = ?11, akey = ?12,"
		  " updated = ?13, version = version + 1 WHERE uuid = ?14", &s, err)) != STORE_OK)
		goto done;
	const char *v[] = { r->country, r->name, r->name_en, r->acronym, r->region, r->city, r->type,
	                    r->parent, r->website, r->notes, key, akey, now, r->uuid };
	for (int i = 0; i < 14; i++)
		store_bind_text(s, i + 1, v[i]);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_sqlfail(st, err, add ? "cannot add the institution" : "cannot save the institution");
	sqlite3_finalize(s);
	if (rc == STORE_OK) {
		r->version = add ? 1 : base_version + 1;
		snprintf(r->updated, sizeof r->updated, "%s", now);
		if (add)
			snprintf(r->created, sizeof r->created, "%s", now);
	} else if (add) {
		r->uuid[0] = '\0';
	}
done:
	rc = finish(st, rc, err);
out:
	free(key);
	free(akey);
	return rc;
}

/* The stored name of an area (added when new). */
static int area_name(struct store *st, const char *name, char **out, char **err)
{
	char *key = fold_key(name, strlen(name));
	if (!key)
		return store_fail(err, STORE_ERROR, "area is not valid UTF-8");
	sqlite3_stmt *s;
	int rc = prepare_text(st, &s, "SELECT name FROM area WHERE key = ?1", key, NULL, err);
	if (rc == STORE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			*out = store_column_dup(s, 0);
		sqlite3_finalize(s);
	}
	if (rc == STORE_OK && !*out) {
		rc = prepare_text(st, &s, "INSERT INTO area(name, key) VALUES (?1, ?2)", name, key, err);
		if (rc == STORE_OK) {
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = store_sqlfail(st, err, "cannot add an area");
			sqlite3_finalize(s);
		}
		if (rc == STORE_OK && !(*out = strdup(name)))
			rc = store_fail(err, STORE_ERROR, "out of memory");
	}
	free(key);
	return rc;
}

static int write_links(struct store *st, const struct store_agreement *r, char **err)
{
	sqlite3_stmt *s;
	int rc = prepare_text(st, &s, "DELETE FROM agreement_party WHERE agreement = ?1", r->uuid, NULL, err);
	if (rc != STORE_OK)
		return rc;
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot save the parties");
	sqlite3_finalize(s);
	if (rc == STORE_OK && (rc = prepare_text(st, &s, "DELETE FROM agreement_area WHERE agreement = ?1",
	                                         r->uuid, NULL, err)) == STORE_OK) {
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_sqlfail(st, err, "cannot save the areas");
		sqlite3_finalize(s);
	}
	for (size_t i = 0; rc == STORE_OK && i < r->n_parties; i++) {
		if ((rc = prepare_text(st, &s, "INSERT OR IGNORE INTO agreement_party(agreement, institution, role)"
		                       " VALUES (?1, ?2, ?3)", r->uuid, r->parties[i].uuid, err)) != STORE_OK)
			break;
		store_bind_text(s, 3, r->parties[i].role);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_sqlfail(st, err, "cannot save a party (deleted meanwhile?)");
		sqlite3_finalize(s);
	}
	for (size_t i = 0; rc == STORE_OK && i < r->n_areas; i++) {
		char *name = NULL;
		if ((rc = area_name(st, r->areas[i], &name, err)) != STORE_OK)
			break;
		if ((rc = prepare_text(st, &s, "INSERT OR IGNORE INTO agreement_area(agreement, area, pos)"
		                       " VALUES (?1, ?2, ?3)", r->uuid, name, err)) == STORE_OK) {
			sqlite3_bind_int64(s, 3, (sqlite3_int64)i);
			if (sqlite3_step(s) != SQLITE_DONE)
				rc = store_sqlfail(st, err, "cannot save an area");
			sqlite3_finalize(s);
		}
		free(name);
	}
	return rc;
}

static int check_agreement(const struct store_agreement *r, char **err)
{
	if (!r->title || !*r->title)
		return store_fail(err, STORE_ERROR, "an agreement needs a title");
	const char *const dates[] = { r->signed_on, r->valid_from, r->valid_until };
	static const char *const names[] = { "signed", "valid from", "valid until" };
	for (int i = 0; i < 3; i++)
		if (dates[i] && *dates[i] && !date_valid_iso(dates[i], strlen(dates[i])))
			return store_fail(err, STORE_ERROR, "%s: not a date (YYYY, YYYY-MM or YYYY-MM-DD)", names[i]);
	if (r->valid_from && r->valid_until && *r->valid_from && *r->valid_until
	    && strcmp(r->valid_until, r->valid_from) < 0)
		return store_fail(err, STORE_ERROR, "valid until is before valid from");
	return STORE_OK;
}

int store_agreement_save(struct store *st, struct store_agreement *r, long long base_version,
                         struct store_agreement *current, char **err)
{
	int rc = check_agreement(r, err);
	if (rc != STORE_OK)
		return rc;
	char *key = fold_key(r->title, strlen(r->title));
	if (!key)
		return store_fail(err, STORE_ERROR, "the title is not valid UTF-8");
	if ((rc = store_begin(st, err)) != STORE_OK)
		goto out;
	if (*r->uuid && (rc = check_version(st, "SELECT version FROM agreement WHERE uuid = ?1", r->uuid,
	                                    base_version, "agreement", err)) != STORE_OK) {
		if (rc != STORE_CONFLICT)
			goto done;
		store_rollback(st);
		if (store_agreement_get(st, r->uuid, current, err) != STORE_OK)
			rc = STORE_ERROR;
		goto out;
	}
	sqlite3_stmt *s;
	if ((rc = prepare_text(st, &s, "SELECT title FROM agreement WHERE key = ?1 AND ifnull(signed, '') ="
	                       " ifnull(?2, '') AND uuid <> ?3", key, r->signed_on, err)) != STORE_OK)
		goto done;
	sqlite3_bind_text(s, 3, r->uuid, -1, SQLITE_STATIC);
	if (!r->signed_on || !*r->signed_on)
		sqlite3_bind_null(s, 2);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = store_fail(err, STORE_ERROR, "an agreement «%s» with this date already exists",
		                (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
		goto done;
	}
	sqlite3_finalize(s);
	char now[21];
	store_now(now);
	bool add = !*r->uuid;
	if (add && store_uuid(st, r->uuid) != STORE_OK) {
		rc = store_fail(err, STORE_ERROR, "no random source for a uuid");
		goto done;
	}
	if ((rc = store_prepare(st, add
		? "INSERT INTO agreement(title, kind, status, signed, valid_from, valid_until, place, source,"
		  " notes, key, created, updated, uuid, version)"
		  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, 1)"
		: "UPDATE agreement SET title = ?1, kind = ?2, status = ?3, signed = ?4, valid_from = ?5,"
		  " valid_until = ?6, place = ?7, source = ?8, notes = ?9, key = ?10, updated = ?11,"
		  " version = version + 1 WHERE uuid = ?12", &s, err)) != STORE_OK)
		goto done;
	const char *v[] = { r->title, r->kind, r->status, r->signed_on, r->valid_from, r->valid_until,
	                    r->place, r->source, r->notes, key, now, r->uuid };
	for (int i = 0; i < 12; i++)
		store_bind_text(s, i + 1, v[i]);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_sqlfail(st, err, add ? "cannot add the agreement" : "cannot save the agreement");
	sqlite3_finalize(s);
	if (rc == STORE_OK)
		rc = write_links(st, r, err);
	if (rc == STORE_OK) {
		r->version = add ? 1 : base_version + 1;
		snprintf(r->updated, sizeof r->updated, "%s", now);
		if (add)
			snprintf(r->created, sizeof r->created, "%s", now);
	} else if (add) {
		r->uuid[0] = '\0';
	}
done:
	rc = finish(st, rc, err);
out:
	free(key);
	return rc;
}

/* ---- deleting ---- */

static int exec_uuid(struct store *st, const char *sql, const char *uuid, int *changes, char **err)
{
	sqlite3_stmt *s;
	int rc = prepare_text(st, &s, sql, uuid, NULL, err);
	if (rc != STORE_OK)
		return rc;
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot delete");
	else if (changes)
		*changes = sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return rc;
}

int store_institution_delete(struct store *st, const char *uuid, bool force, char **err)
{
	int rc = store_begin(st, err);
	if (rc != STORE_OK)
		return rc;
	struct store_usage u;
	if ((rc = store_institution_usage(st, uuid, &u, err)) != STORE_OK)
		goto done;
	if (u.agreements > 0 && !force) {
		rc = store_fail(err, STORE_ERROR, "it is a party to %ld agreement%s", u.agreements,
		                u.agreements == 1 ? "" : "s");
		goto done;
	}
	/* Agreements whose only party this is would be left with none. */
	rc = exec_uuid(st, "DELETE FROM agreement WHERE uuid IN (SELECT p.agreement FROM agreement_party p"
	               " WHERE p.institution = ?1 AND NOT EXISTS (SELECT 1 FROM agreement_party q"
	               "  WHERE q.agreement = p.agreement AND q.institution <> ?1))", uuid, NULL, err);
	if (rc == STORE_OK)
		rc = exec_uuid(st, "DELETE FROM agreement_party WHERE institution = ?1", uuid, NULL, err);
	if (rc == STORE_OK)
		rc = exec_uuid(st, "UPDATE institution SET parent = NULL WHERE parent = ?1 AND uuid <> ?1",
		               uuid, NULL, err);
	int n = 0;
	if (rc == STORE_OK)
		rc = exec_uuid(st, "DELETE FROM institution WHERE uuid = ?1", uuid, &n, err);
	if (rc == STORE_OK && n == 0)
		rc = store_fail(err, STORE_NOT_FOUND, "someone deleted it meanwhile");
done:
	return finish(st, rc, err);
}

int store_agreement_delete(struct store *st, const char *uuid, char **err)
{
	int rc = store_begin(st, err);
	if (rc != STORE_OK)
		return rc;
	int n = 0;
	rc = exec_uuid(st, "DELETE FROM agreement WHERE uuid = ?1", uuid, &n, err);
	if (rc == STORE_OK && n == 0)
		rc = store_fail(err, STORE_NOT_FOUND, "someone deleted it meanwhile");
	return finish(st, rc, err);
}
