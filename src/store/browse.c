/* Browsing for the full-screen program: the derived indexes (sort keys,
 * folded search text) and the paged lists read through them.
 *
 * Lists page by key (keyset pagination): each page is the next max rows
 * after a row's sort key, read from an index in order, so the cost of a
 * page does not grow with the table. The anchor is a row's sid; its sort
 * key is looked up inside the query. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/collate.h>
#include <accord/fold.h>

#include "store_internal.h"

/* ---- sort keys ---- */

/* collate_key() spends 3 bytes per letter on the primary level and then
 * repeats the text twice; over 1M titles that is a large index. Re-encode
 * the primary weights in 1-2 bytes each (order-preserving: every token's
 * first byte orders as its weight's range, and equal first bytes mean equal
 * lengths), cap it, and keep a short piece of the case level as tie-break.
 * tests/unit/test_browse.c checks the order against collate_compare. */
#define KEY_PRIMARY_CAP 120
#define KEY_LOWER_CAP 24

static size_t put_weight(unsigned char *o, uint32_t w)
{
	if (w == 0x010000u) {                          /* word break */
		o[0] = 0x01;
		return 1;
	}
	if (w >= 0x020000u && w < 0x030000u) {         /* digit run length */
		uint32_t n = w - 0x020000u;
		o[0] = 0x02;
		o[1] = (unsigned char)(n > 255 ? 255 : n);
		return 2;
	}
	if (w >= 0x030000u && w <= 0x030009u) {        /* digit */
		o[0] = (unsigned char)(0x04 + (w - 0x030000u));
		return 1;
	}
	if (w >= 0x100000u && w < 0x100000u + 0x48) {  /* Latin */
		o[0] = (unsigned char)(0x10 + (w - 0x100000u));
		return 1;
	}
	if (w >= 0x110000u && w < 0x110000u + 0x80) {  /* Cyrillic */
		o[0] = (unsigned char)(0x58 + (w - 0x110000u));
		return 1;
	}
	o[0] = w >= 0x200000u ? 0xE0 : 0xF0;           /* other scripts */
	if (w >= 0x200000u)
		w -= 0x200000u;
	o[1] = (unsigned char)(w >> 16);
	o[2] = (unsigned char)(w >> 8);
	o[3] = (unsigned char)w;
	return 4;
}

/* The compact sort key of s; NULL on ENOMEM. */
static unsigned char *sort_key(const char *s, size_t *len)
{
	size_t kl;
	unsigned char *k = collate_key(s, strlen(s), &kl);
	if (!k)
		return NULL;
	unsigned char *o = malloc(KEY_PRIMARY_CAP + 4 + 1 + KEY_LOWER_CAP);
	if (!o) {
		free(k);
		return NULL;
	}
	size_t i = 0, n = 0;
	while (i + 2 < kl && k[i] != 0) {
		uint32_t w = (uint32_t)k[i] << 16 | (uint32_t)k[i + 1] << 8 | k[i + 2];
		i += 3;
		if (n < KEY_PRIMARY_CAP)
			n += put_weight(o + n, w);
	}
	o[n++] = 0;
	for (i++; i < kl && k[i] != 0 && n < KEY_PRIMARY_CAP + 5 + KEY_LOWER_CAP; i++)
		o[n++] = k[i];
	free(k);
	*len = n;
	return o;
}

/* Folded search text: fields joined by LF, which no folded query holds. */
static char *search_text(const char *const *fields, size_t nf)
{
	size_t cap = 1, n = 0;
	char *keys[4] = { 0 };
	for (size_t i = 0; i < nf && i < 4; i++) {
		if (fields[i] && *fields[i])
			keys[i] = fold_key(fields[i], strlen(fields[i]));
		cap += (keys[i] ? strlen(keys[i]) : 0) + 1;
	}
	char *out = malloc(cap);
	if (out) {
		for (size_t i = 0; i < nf && i < 4; i++) {
			if (i)
				out[n++] = '\n';
			if (keys[i]) {
				memcpy(out + n, keys[i], strlen(keys[i]));
				n += strlen(keys[i]);
			}
		}
		out[n] = '\0';
	}
	for (size_t i = 0; i < 4; i++)
		free(keys[i]);
	return out;
}

/* ---- the sweep: fill dirty rows ---- */

#define SWEEP_CHUNK 2000

static long count_dirty(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long n = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* One chunk of institutions; returns rows done or < 0. */
static int sweep_institutions(struct store *st, char **err)
{
	sqlite3_stmt *s = NULL, *u = NULL, *d = NULL;
	int rc = store_prepare(st,
		"SELECT x.sid, i.uuid, i.name, i.acronym, i.city, i.country, p.country, p.name"
		" FROM inst_idx x LEFT JOIN institution i ON i.uuid = x.uuid"
		" LEFT JOIN institution p ON p.uuid = i.parent AND p.uuid <> i.uuid"
		" WHERE x.dirty = 1 LIMIT ?1", &s, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "UPDATE inst_idx SET gkey = ?1, br = ?2, skey = ?3, text = ?4,"
		                   " dirty = 0 WHERE sid = ?5", &u, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "DELETE FROM inst_idx WHERE sid = ?1", &d, err);
	int done = 0, step = SQLITE_DONE;
	if (rc == STORE_OK)
		sqlite3_bind_int(s, 1, SWEEP_CHUNK);
	while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		long long sid = sqlite3_column_int64(s, 0);
		done++;
		if (sqlite3_column_type(s, 1) == SQLITE_NULL) {   /* its record is gone */
			sqlite3_reset(d);
			sqlite3_bind_int64(d, 1, sid);
			if (sqlite3_step(d) != SQLITE_DONE)
				rc = store_sqlfail(st, err, "cannot update the browse index");
			continue;
		}
		const char *name = (const char *)sqlite3_column_text(s, 2);
		const char *country = (const char *)sqlite3_column_text(s, 5);
		const char *pcountry = (const char *)sqlite3_column_text(s, 6);
		const char *pname = (const char *)sqlite3_column_text(s, 7);
		const char *fields[3] = { name, (const char *)sqlite3_column_text(s, 3),
		                          (const char *)sqlite3_column_text(s, 4) };
		bool branch = pname && pcountry && country && strcmp(pcountry, country) == 0;
		size_t sl = 0, gl = 0;
		unsigned char *sk = sort_key(name ? name : "", &sl);
		unsigned char *gk = branch ? sort_key(pname, &gl) : NULL;
		char *text = search_text(fields, 3);
		if (!sk || !text || (branch && !gk)) {
			rc = store_fail(err, STORE_ERROR, "out of memory");
		} else {
			sqlite3_reset(u);
			sqlite3_bind_blob(u, 1, branch ? gk : sk, (int)(branch ? gl : sl), SQLITE_STATIC);
			sqlite3_bind_int(u, 2, branch);
			sqlite3_bind_blob(u, 3, sk, (int)sl, SQLITE_STATIC);
			sqlite3_bind_text(u, 4, text, -1, SQLITE_STATIC);
			sqlite3_bind_int64(u, 5, sid);
			if (sqlite3_step(u) != SQLITE_DONE)
				rc = store_sqlfail(st, err, "cannot update the browse index");
		}
		free(sk);
		free(gk);
		free(text);
	}
	if (rc == STORE_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = store_sqlfail(st, err, "cannot read institutions");
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	sqlite3_finalize(d);
	return rc == STORE_OK ? done : rc;
}

static int sweep_agreements(struct store *st, char **err)
{
	sqlite3_stmt *s = NULL, *u = NULL, *d = NULL;
	int rc = store_prepare(st,
		"SELECT x.sid, a.uuid, a.title,"
		" (SELECT group_concat(c, ' ') FROM (SELECT DISTINCT i.country AS c FROM agreement_party p"
		"   JOIN institution i ON i.uuid = p.institution WHERE p.agreement = a.uuid ORDER BY 1))"
		" FROM agr_idx x LEFT JOIN agreement a ON a.uuid = x.uuid WHERE x.dirty = 1 LIMIT ?1", &s, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "UPDATE agr_idx SET tkey = ?1, pair = ?2, text = ?3, dirty = 0"
		                   " WHERE sid = ?4", &u, err);
	if (rc == STORE_OK)
		rc = store_prepare(st, "DELETE FROM agr_idx WHERE sid = ?1", &d, err);
	int done = 0, step = SQLITE_DONE;
	if (rc == STORE_OK)
		sqlite3_bind_int(s, 1, SWEEP_CHUNK);
	while (rc == STORE_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		long long sid = sqlite3_column_int64(s, 0);
		done++;
		if (sqlite3_column_type(s, 1) == SQLITE_NULL) {
			sqlite3_reset(d);
			sqlite3_bind_int64(d, 1, sid);
			if (sqlite3_step(d) != SQLITE_DONE)
				rc = store_sqlfail(st, err, "cannot update the browse index");
			continue;
		}
		const char *title = (const char *)sqlite3_column_text(s, 2);
		const char *pair = (const char *)sqlite3_column_text(s, 3);
		size_t tl = 0;
		unsigned char *tk = sort_key(title ? title : "", &tl);
		char *text = search_text(&title, 1);
		if (!tk || !text) {
			rc = store_fail(err, STORE_ERROR, "out of memory");
		} else {
			sqlite3_reset(u);
			sqlite3_bind_blob(u, 1, tk, (int)tl, SQLITE_STATIC);
			sqlite3_bind_text(u, 2, pair ? pair : "", -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(u, 3, text, -1, SQLITE_STATIC);
			sqlite3_bind_int64(u, 4, sid);
			if (sqlite3_step(u) != SQLITE_DONE)
				rc = store_sqlfail(st, err, "cannot update the browse index");
		}
		free(tk);
		free(text);
	}
	if (rc == STORE_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = store_sqlfail(st, err, "cannot read agreements");
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	sqlite3_finalize(d);
	return rc == STORE_OK ? done : rc;
}

/* After a large import most rows are dirty: then keeping the sort indexes
 * and the full-text indexes up to date row by row costs minutes. Drop them,
 * fill every row, and build them again at once (CREATE INDEX sorts, FTS5
 * 'rebuild' reads the content in order): one transaction, seconds. */
#define BULK_THRESHOLD 20000
static const char *const bulk_objects[] = {
	"inst_idx_au", "agr_idx_au", "inst_idx_order", "agr_idx_title", "agr_idx_pair",
};
#define N_BULK (sizeof bulk_objects / sizeof *bulk_objects)

static int bulk_drop(struct store *st, char *saved[N_BULK], char **err)
{
	for (size_t i = 0; i < N_BULK; i++) {
		sqlite3_stmt *s;
		int rc = store_prepare(st, "SELECT type, sql FROM sqlite_schema WHERE name = ?1", &s, err);
		if (rc != STORE_OK)
			return rc;
		sqlite3_bind_text(s, 1, bulk_objects[i], -1, SQLITE_STATIC);
		char *drop = NULL;
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 1)) {
			saved[i] = store_column_dup(s, 1);
			drop = sqlite3_mprintf("DROP %s \"%w\"", (const char *)sqlite3_column_text(s, 0),
			                       bulk_objects[i]);
		}
		sqlite3_finalize(s);
		/* missing (the import dropped it for its own bulk load): skip */
		if (drop && (rc = store_exec(st, drop, err)) != STORE_OK) {
			sqlite3_free(drop);
			return rc;
		}
		sqlite3_free(drop);
	}
	return STORE_OK;
}

static int bulk_restore(struct store *st, char *saved[N_BULK], char **err)
{
	int rc = STORE_OK;
	for (size_t i = 0; i < N_BULK && rc == STORE_OK; i++)
		if (saved[i])
			rc = store_exec(st, saved[i], err);
	if (rc == STORE_OK)
		rc = store_exec(st, "INSERT INTO inst_fts(inst_fts) VALUES ('rebuild');"
		                    "INSERT INTO agr_fts(agr_fts) VALUES ('rebuild')", err);
	return rc;
}

int store_browse_update(struct store *st, store_progress_fn fn, void *ud, char **err)
{
	if (st->readonly)
		return STORE_OK;
	long total = count_dirty(st, "SELECT count(*) FROM inst_idx WHERE dirty = 1");
	long more = count_dirty(st, "SELECT count(*) FROM agr_idx WHERE dirty = 1");
	if (total < 0 || more < 0)
		return store_sqlfail(st, err, "cannot read the browse index (a database from an older build?)");
	total += more;
	if (total == 0)
		return STORE_OK;
	/* Inside a caller's transaction (a save) work in it; a large sweep in
	 * one transaction of its own; else one transaction per chunk, so that
	 * other writers get their turn. */
	bool own = sqlite3_get_autocommit(st->db) != 0;
	bool bulk = own && total > BULK_THRESHOLD;
	char *saved[N_BULK] = { 0 };
	int rc = STORE_OK;
	/* The rebuild's sorts (an index of a million rows) spill to temporary
	 * files: in memory, one took the program to 210 MB. Browsing itself
	 * keeps its small sorts in memory (see store_browse_tune): a temporary
	 * file per query cost 13 ms a cursor move. */
	long temp_store = bulk ? count_dirty(st, "PRAGMA temp_store") : -1;
	if (bulk)
		sqlite3_exec(st->db, "PRAGMA temp_store=FILE", NULL, NULL, NULL);
	if (bulk && ((rc = store_begin(st, err)) != STORE_OK || (rc = bulk_drop(st, saved, err)) != STORE_OK))
		goto out;
	long done = 0;
	for (int pass = 0; pass < 2 && rc == STORE_OK; pass++) {
		for (;;) {
			bool chunk_txn = own && !bulk;
			if (chunk_txn && (rc = store_begin(st, err)) != STORE_OK)
				goto out;
			int n = pass == 0 ? sweep_institutions(st, err) : sweep_agreements(st, err);
			if (n < 0) {
				rc = n;
				goto out;
			}
			if (chunk_txn && (rc = store_commit(st, err)) != STORE_OK)
				goto out;
			done += n;
			if (fn && total > SWEEP_CHUNK)
				fn(ud, done < total ? done : total, total);
			if (n < SWEEP_CHUNK)
				break;
		}
	}
	if (bulk && (rc = bulk_restore(st, saved, err)) == STORE_OK)
		rc = store_commit(st, err);
out:
	if (rc != STORE_OK && own)
		store_rollback(st);
	if (temp_store >= 0) {   /* as it was */
		char *sql = sqlite3_mprintf("PRAGMA temp_store=%ld", temp_store);
		if (sql)
			sqlite3_exec(st->db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	for (size_t i = 0; i < N_BULK; i++)
		free(saved[i]);
	return rc;
}

void store_browse_tune(struct store *st)
{
	/* 12 MB: the TUI's whole footprint stays well under 32 MB. */
	sqlite3_exec(st->db, "PRAGMA cache_size=-12000; PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
}

long long store_data_version(struct store *st)
{
	sqlite3_stmt *s;
	long long v = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* One handler per process: sqlite3_busy_handler takes one pointer, and
 * there is no place in struct store to own a context. */
static struct {
	store_busy_fn fn;
	void *ud;
} busy;

#define BUSY_STEP_MS 100

static int busy_cb(void *p, int count)
{
	(void)p;
	if (!busy.fn)
		return 0;
	if (!busy.fn(busy.ud, count * BUSY_STEP_MS))
		return 0;
	sqlite3_sleep(BUSY_STEP_MS);
	return 1;
}

void store_set_busy_handler(struct store *st, store_busy_fn fn, void *ud)
{
	busy.fn = fn;
	busy.ud = ud;
	if (fn)
		sqlite3_busy_handler(st->db, busy_cb, NULL);
	else
		sqlite3_busy_timeout(st->db, 5000);
}

/* ---- countries ---- */

void store_country_rows_free(struct store_country_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].matched);
	}
}

/* The display name of c.code in ?1, falling back to English. */
#define DISPLAY_NAME \
	"ifnull((SELECT min(name) FROM country_name WHERE code = c.code AND lang = ?1 AND kind = 'name')," \
	" ifnull((SELECT min(name) FROM country_name WHERE code = c.code AND lang = 'en' AND kind = 'name')," \
	" c.name))"

int store_country_rows(struct store *st, const char *lang, bool all,
                       struct store_country_row **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (store_prepare(st, "SELECT c.code, " DISPLAY_NAME " AS dn, ifnull(k.n, 0) FROM country c"
	                  " LEFT JOIN country_count k ON k.code = c.code WHERE ?2 OR k.n > 0"
	                  " ORDER BY dn COLLATE accord", &s, err) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, lang ? lang : "en", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, all);
	size_t cap = 0;
	int step, rc = STORE_OK;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct store_country_row *v = realloc(*out, cap * sizeof *v);
			if (!v) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			*out = v;
		}
		struct store_country_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof *r);
		snprintf(r->code, sizeof r->code, "%s", (const char *)sqlite3_column_text(s, 0));
		r->name = store_column_dup(s, 1);
		r->institutions = sqlite3_column_int64(s, 2);
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = store_sqlfail(st, err, "cannot read countries");
	sqlite3_finalize(s);
	if (rc != STORE_OK) {
		store_country_rows_free(*out, *n);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int store_country_search(struct store *st, const char *text, const char *lang,
                         struct store_country_row *out, size_t max, char **err)
{
	char *key = fold_key(text, strlen(text));
	if (!key)
		return store_fail(err, STORE_ERROR, "not valid UTF-8");
	char up[4] = "";
	size_t tl = strlen(text);
	if (tl == 2 || tl == 3) {
		for (size_t i = 0; i < tl; i++)
			up[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
		up[tl] = '\0';
	}
	sqlite3_stmt *s;
	int rc = store_prepare(st,
		"WITH m(code, pre, nm) AS ("
		"  SELECT code, CASE WHEN substr(key, 1, length(?2)) = ?2 THEN 1 ELSE 2 END, name"
		"  FROM country_name WHERE ?2 <> '' AND instr(key, ?2) > 0"
		"  UNION ALL SELECT code, 0, code FROM country WHERE code = ?3 OR alpha3 = ?3)"
		" SELECT c.code, " DISPLAY_NAME " AS dn, min(m.pre) AS p, m.nm, ifnull(k.n, 0)"
		" FROM m JOIN country c ON c.code = m.code LEFT JOIN country_count k ON k.code = c.code"
		" GROUP BY c.code ORDER BY p, dn COLLATE accord LIMIT ?4", &s, err);
	if (rc != STORE_OK) {
		free(key);
		return rc;
	}
	sqlite3_bind_text(s, 1, lang ? lang : "en", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, up, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)max);
	int n = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW && (size_t)n < max) {
		struct store_country_row *r = &out[n++];
		memset(r, 0, sizeof *r);
		snprintf(r->code, sizeof r->code, "%s", (const char *)sqlite3_column_text(s, 0));
		r->name = store_column_dup(s, 1);
		r->matched = store_column_dup(s, 3);
		r->institutions = sqlite3_column_int64(s, 4);
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		store_country_rows_free(out, (size_t)n);
		n = store_sqlfail(st, err, "cannot look up countries");
	}
	sqlite3_finalize(s);
	free(key);
	return n;
}

int store_country_display(struct store *st, const char *code, const char *lang,
                          char **out, char **err)
{
	sqlite3_stmt *s;
	*out = NULL;
	if (store_prepare(st, "SELECT " DISPLAY_NAME " FROM country c WHERE c.code = ?2", &s, err) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, lang ? lang : "en", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, code, -1, SQLITE_TRANSIENT);
	int rc = STORE_OK;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = store_column_dup(s, 0);
	else
		rc = store_fail(err, STORE_NOT_FOUND, "no country %s", code);
	sqlite3_finalize(s);
	return rc;
}
