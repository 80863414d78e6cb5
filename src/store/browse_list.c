/* Paged lists and searches of the full-screen program.
 *
 * Every list has an order key (a tuple of indexed columns ending in sid)
 * and pages by comparing that tuple with the anchor row's, looked up by
 * sid inside the query. The SQL is put together from fixed pieces below;
 * every value is a bound parameter:
 *   ?1 country or institution   ?2 folded text   ?3 anchor sid   ?4 limit
 *   ?5 status   ?6 status rank   ?7 ?8 year range   ?9 area   ?10 " CC "
 *   ?11 full-text query */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <accord/collate.h>
#include <accord/fold.h>

#include "store_internal.h"

/* Filters that match fewer rows than this are read through their own
 * index and sorted; commoner ones are checked row by row along the order
 * index, where matches come often enough to fill a page quickly. */
#define SELECTIVE 2000

struct sql {
	char buf[3072];
	size_t n;
	bool over;
};

static void add(struct sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct sql *q, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(q->buf + q->n, sizeof q->buf - q->n, fmt, ap);
	va_end(ap);
	if (k < 0 || (size_t)k >= sizeof q->buf - q->n)
		q->over = true;
	else
		q->n += (size_t)k;
}

void store_rows_free(struct store_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < 4; j++)
			free(v[i].col[j]);
}

void store_hits_free(struct store_hit *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].extra);
	}
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* An FTS5 phrase for a folded needle: "..." with quotes doubled. */
static char *fts_phrase(const char *key)
{
	size_t n = strlen(key);
	char *o = malloc(2 * n + 3), *p = o;
	if (!o)
		return NULL;
	*p++ = '"';
	for (const char *k = key; *k; k++) {
		if (*k == '"')
			*p++ = '"';
		*p++ = *k;
	}
	*p++ = '"';
	*p = '\0';
	return o;
}

static int status_rank_of(const char *s)
{
	static const char *const order[] = { "draft", "negotiating", "signed", "in_force",
	                                     "expired", "terminated" };
	for (int i = 0; i < 6; i++)
		if (strcmp(s, order[i]) == 0)
			return i + 1;
	return 9;
}

/* How many rows (up to SELECTIVE + 1) a candidate subquery yields. */
static long candidates(struct store *st, const char *sub, const char *a1, const char *a9,
                       const char *a11)
{
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM (%s LIMIT %d)", sub, SELECTIVE + 1);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	int np = sqlite3_bind_parameter_count(s);
	for (int i = 1; i <= np; i++) {
		const char *name = sqlite3_bind_parameter_name(s, i);
		if (!name)
			continue;
		const char *v = strcmp(name, "?1") == 0 ? a1 : strcmp(name, "?9") == 0 ? a9
		              : strcmp(name, "?11") == 0 ? a11 : NULL;
		if (v)
			sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	}
	long n = -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static const char cand_text[] = "SELECT rowid AS sid FROM agr_fts WHERE agr_fts MATCH ?11";
static const char cand_country[] =
	"SELECT DISTINCT x2.sid AS sid FROM institution i2 JOIN agreement_party p2 ON p2.institution = i2.uuid"
	" JOIN agr_idx x2 ON x2.uuid = p2.agreement WHERE i2.country = ?1";
static const char cand_area[] =
	"SELECT x2.sid AS sid FROM agreement_area a2 JOIN agr_idx x2 ON x2.uuid = a2.agreement WHERE a2.area = ?9";

/* The stored name of an area written any way; NULL if none. */
static char *area_name(struct store *st, const char *text)
{
	char *key = fold_key(text, strlen(text)), *name = NULL;
	sqlite3_stmt *s;
	if (key && sqlite3_prepare_v2(st->db, "SELECT name FROM area WHERE key = ?1", -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			name = store_column_dup(s, 0);
		sqlite3_finalize(s);
	}
	free(key);
	return name;
}

struct plan {
	struct sql q;
	const char *key;      /* order tuple, e.g. "x.signed, x.sid" */
	const char *anchor;   /* table the anchor's tuple is read from */
	bool desc;            /* list order is descending */
	char *needle, *phrase, *area, year0[16], year1[16], cpad[8];
	int rank;
};

static int build(struct store *st, const struct store_query *qy, enum store_dir dir,
                 struct plan *p, char **err)
{
	struct sql *q = &p->q;
	if (qy->text && *qy->text) {
		p->needle = fold_key(qy->text, strlen(qy->text));
		if (!p->needle)
			return store_fail(err, STORE_ERROR, "search text is not valid UTF-8");
		if (!*p->needle) {
			free(p->needle);
			p->needle = NULL;
		}
	}
	switch (qy->list) {
	case STORE_LIST_INSTITUTIONS:
		p->key = "x.gkey, x.br, x.skey, x.sid";
		p->anchor = "inst_idx";
		add(q, "SELECT x.sid, x.uuid, x.country, x.br, i.name, i.acronym, i.city, i.type"
		       " FROM inst_idx x JOIN institution i ON i.uuid = x.uuid WHERE x.country = ?1");
		if (p->needle)
			add(q, " AND instr(x.text, ?2) > 0");
		break;
	case STORE_LIST_INST_AGREEMENTS:
		p->key = "x.signed, x.sid";
		p->anchor = "agr_idx";
		p->desc = true;
		/* only the keys here: the page is wrapped below, so that the
		 * other parties' countries are looked up for its rows alone,
		 * not for every agreement of a busy institution */
		add(q, "SELECT x.sid AS sid, x.uuid AS uuid, x.signed AS signed"
		       " FROM agreement_party p JOIN agr_idx x ON x.uuid = p.agreement WHERE p.institution = ?1");
		if (p->needle)
			add(q, " AND instr(x.text, ?2) > 0");
		break;
	case STORE_LIST_AGREEMENTS: {
		static const char *const keys[] = {
			[STORE_SORT_DATE] = "x.signed, x.sid",
			[STORE_SORT_TITLE] = "x.tkey, x.sid",
			[STORE_SORT_STATUS] = "x.status, x.signed, x.sid",
			[STORE_SORT_PAIR] = "x.pair, x.signed, x.sid",
		};
		p->key = keys[qy->sort <= STORE_SORT_PAIR ? qy->sort : STORE_SORT_DATE];
		p->anchor = "agr_idx";
		p->desc = qy->desc;
		if (qy->area && *qy->area && !(p->area = area_name(st, qy->area)))
			p->area = strdup("\x01");   /* no such area: matches nothing */
		if (p->needle && utf8_chars(p->needle) >= 3 && !(p->phrase = fts_phrase(p->needle)))
			return store_fail(err, STORE_ERROR, "out of memory");
		/* Drive from the most selective filter if one is selective. */
		const char *drive = NULL;
		long best = SELECTIVE + 1;
		struct { const char *sub; bool on; } c[] = {
			{ cand_text, p->phrase != NULL },
			{ cand_country, qy->country && *qy->country },
			{ cand_area, p->area != NULL },
		};
		for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
			if (!c[i].on)
				continue;
			long k = candidates(st, c[i].sub, qy->country, p->area, p->phrase);
			if (k >= 0 && k < best) {
				best = k;
				drive = c[i].sub;
			}
		}
		if (drive)
			add(q, "SELECT x.sid, x.uuid, '', 0, a.signed, a.title, a.status, x.pair"
			       " FROM (%s) m CROSS JOIN agr_idx x ON x.sid = m.sid"
			       " JOIN agreement a ON a.uuid = x.uuid WHERE 1", drive);
		else
			add(q, "SELECT x.sid, x.uuid, '', 0, a.signed, a.title, a.status, x.pair"
			       " FROM agr_idx x JOIN agreement a ON a.uuid = x.uuid WHERE 1");
		if (p->needle)
			add(q, " AND instr(x.text, ?2) > 0");
		if (qy->country && *qy->country) {
			snprintf(p->cpad, sizeof p->cpad, " %.2s ", qy->country);
			add(q, " AND instr(' ' || x.pair || ' ', ?10) > 0");
		}
		if (p->area)
			add(q, " AND EXISTS (SELECT 1 FROM agreement_area a3 WHERE a3.agreement = x.uuid AND a3.area = ?9)");
		if (qy->status && *qy->status) {
			p->rank = status_rank_of(qy->status);
			add(q, " AND x.status = ?6 AND a.status = ?5");
		}
		if (qy->year > 0) {
			snprintf(p->year0, sizeof p->year0, "%04d", qy->year);
			snprintf(p->year1, sizeof p->year1, "%04d", qy->year + 1);
			add(q, " AND x.signed >= ?7 AND x.signed < ?8");
		}
		break;
	}
	default:
		return store_fail(err, STORE_ERROR, "no such list");
	}
	/* Which way this page reads the index, relative to the list order. */
	bool backward = dir == STORE_LAST || dir == STORE_BEFORE;
	bool asc = p->desc == backward;
	if (dir == STORE_AFTER || dir == STORE_BEFORE || dir == STORE_AT)
		add(q, " AND (%s) %s (SELECT %s FROM %s x WHERE x.sid = ?3)", p->key,
		    asc ? (dir == STORE_AT ? ">=" : ">") : (dir == STORE_AT ? "<=" : "<"), p->key, p->anchor);
	/* ORDER BY the key's columns, each in the reading direction. */
	add(q, " ORDER BY ");
	char cols[128];
	snprintf(cols, sizeof cols, "%s", p->key);
	char *save = NULL;
	bool first = true;
	for (char *c = strtok_r(cols, ", ", &save); c; c = strtok_r(NULL, ", ", &save)) {
		add(q, "%s%s%s", first ? "" : ", ", c, asc ? "" : " DESC");
		first = false;
	}
	add(q, " LIMIT ?4");
	if (qy->list == STORE_LIST_INST_AGREEMENTS) {
		struct sql w = { .n = 0 };
		add(&w, "SELECT m.sid, m.uuid, '', 0, a.signed, a.title, a.status,"
		        " (SELECT group_concat(c, ' ') FROM (SELECT DISTINCT i.country AS c FROM agreement_party q"
		        "   JOIN institution i ON i.uuid = q.institution"
		        "   WHERE q.agreement = m.uuid AND q.institution <> ?1 ORDER BY 1))"
		        " FROM (%s) m JOIN agreement a ON a.uuid = m.uuid ORDER BY m.signed%s, m.sid%s",
		    q->buf, asc ? "" : " DESC", asc ? "" : " DESC");
		w.over = w.over || q->over;
		*q = w;
	}
	if (q->over)
		return store_fail(err, STORE_ERROR, "query too long");
	return STORE_OK;
}

static bool anchor_exists(struct store *st, const char *table, long long sid)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE sid = ?1", table);
	sqlite3_stmt *s;
	bool ok = false;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(s, 1, sid);
		ok = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
	}
	return ok;
}

/* The time limit of a scan: SQLite calls this every few thousand steps. */
static int over_time(void *ud)
{
	const struct timespec *deadline = ud;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec
	       || (now.tv_sec == deadline->tv_sec && now.tv_nsec > deadline->tv_nsec);
}

static void limit_time(struct store *st, int ms, struct timespec *deadline)
{
	if (ms <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += ms / 1000;
	deadline->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (deadline->tv_nsec >= 1000000000L) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000L;
	}
	sqlite3_progress_handler(st->db, 4000, over_time, deadline);
}

int store_list_rows(struct store *st, const struct store_query *qy, enum store_dir dir,
                    long long sid, struct store_row *out, size_t max, char **err)
{
	if (qy->stopped)
		*qy->stopped = false;
	if (max == 0)
		return 0;
	const char *who = qy->list == STORE_LIST_INST_AGREEMENTS ? qy->institution : qy->country;
	if (qy->list != STORE_LIST_AGREEMENTS && (!who || !*who))
		return 0;
	struct plan p = { 0 };
	int rc = build(st, qy, dir, &p, err);
	sqlite3_stmt *s = NULL;
	if (rc == STORE_OK && (dir == STORE_AFTER || dir == STORE_BEFORE || dir == STORE_AT)
	    && !anchor_exists(st, p.anchor, sid))
		rc = store_fail(err, STORE_NOT_FOUND, "the row is gone");
	if (rc == STORE_OK)
		rc = store_prepare(st, p.q.buf, &s, err);
	if (rc != STORE_OK)
		goto out;
	if (qy->list == STORE_LIST_AGREEMENTS)
		sqlite3_bind_text(s, 1, qy->country ? qy->country : "", -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 1, who, -1, SQLITE_STATIC);
	if (p.needle)
		sqlite3_bind_text(s, 2, p.needle, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, sid);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)max);
	if (qy->status)
		sqlite3_bind_text(s, 5, qy->status, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, p.rank);
	sqlite3_bind_text(s, 7, p.year0, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, p.year1, -1, SQLITE_STATIC);
	if (p.area)
		sqlite3_bind_text(s, 9, p.area, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, p.cpad, -1, SQLITE_STATIC);
	if (p.phrase)
		sqlite3_bind_text(s, 11, p.phrase, -1, SQLITE_STATIC);
	size_t n = 0;
	int step = SQLITE_DONE;
	struct timespec deadline;
	limit_time(st, qy->max_ms, &deadline);
	while (n < max && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_row *r = &out[n++];
		memset(r, 0, sizeof *r);
		r->sid = sqlite3_column_int64(s, 0);
		snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 1));
		const unsigned char *c = sqlite3_column_text(s, 2);
		snprintf(r->country, sizeof r->country, "%s", c ? (const char *)c : "");
		r->depth = sqlite3_column_int(s, 3);
		for (int j = 0; j < 4; j++)
			r->col[j] = store_column_dup(s, 4 + j);
	}
	if (qy->max_ms > 0)
		sqlite3_progress_handler(st->db, 0, NULL, NULL);
	if (step == SQLITE_INTERRUPT) {
		if (qy->stopped)
			*qy->stopped = true;
	} else if (n < max && step != SQLITE_DONE) {
		store_rows_free(out, n);
		rc = store_sqlfail(st, err, "cannot read a list");
		goto out;
	}
	if (dir == STORE_LAST || dir == STORE_BEFORE) {   /* read backwards: turn round */
		for (size_t i = 0; i < n / 2; i++) {
			struct store_row t = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = t;
		}
	}
	rc = (int)n;
out:
	sqlite3_finalize(s);
	free(p.needle);
	free(p.phrase);
	free(p.area);
	return rc;
}

long long store_row_id(struct store *st, const char *uuid, bool agreement)
{
	sqlite3_stmt *s;
	long long sid = 0;
	if (sqlite3_prepare_v2(st->db, agreement ? "SELECT sid FROM agr_idx WHERE uuid = ?1"
	                                         : "SELECT sid FROM inst_idx WHERE uuid = ?1",
	                       -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW)
		sid = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return sid;
}

/* ---- searches ---- */

static int cmp_hit(const void *a, const void *b)
{
	const struct store_hit *x = a, *y = b;
	return collate_compare(x->label, strlen(x->label), y->label, strlen(y->label));
}

/* Rows of s as hits; returns the count or < 0. */
static int collect_hits(struct store *st, sqlite3_stmt *s, bool agreement, struct store_hit *out,
                        size_t max, char **err)
{
	size_t n = 0;
	int step;
	while (n < max && (step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_hit *h = &out[n];
		memset(h, 0, sizeof *h);
		h->agreement = agreement;
		h->sid = sqlite3_column_int64(s, 0);
		snprintf(h->uuid, sizeof h->uuid, "%s", (const char *)sqlite3_column_text(s, 1));
		const unsigned char *c = sqlite3_column_text(s, 2);
		snprintf(h->country, sizeof h->country, "%s", c ? (const char *)c : "");
		h->label = store_column_dup(s, 3);
		h->extra = store_column_dup(s, 4);
		if (!h->label)
			h->label = strdup("");
		n++;
	}
	if (n < max && step != SQLITE_DONE && step != SQLITE_INTERRUPT) {
		store_hits_free(out, n);
		return store_sqlfail(st, err, "cannot search");
	}
	qsort(out, n, sizeof *out, cmp_hit);
	return (int)n;
}

static int search_one(struct store *st, bool agreement, const char *needle, const char *phrase,
                      struct store_hit *out, size_t max, char **err)
{
	struct sql q = { .n = 0 };
	const char *fts = agreement ? "agr_fts" : "inst_fts", *idx = agreement ? "agr_idx" : "inst_idx";
	if (!agreement)
		add(&q, "SELECT x.sid, x.uuid, i.country, i.name,"
		        " trim(ifnull(i.acronym, '') || '  ' || ifnull(i.city, ''))");
	else
		add(&q, "SELECT x.sid, x.uuid, '', a.title, trim(ifnull(a.signed, '') || '  ' || x.pair)");
	if (phrase)
		add(&q, " FROM %s JOIN %s x ON x.sid = %s.rowid", fts, idx, fts);
	else
		add(&q, " FROM %s x", idx);
	add(&q, agreement ? " JOIN agreement a ON a.uuid = x.uuid" : " JOIN institution i ON i.uuid = x.uuid");
	if (phrase)
		add(&q, " WHERE %s MATCH ?2", fts);
	else
		add(&q, " WHERE instr(x.text, ?1) > 0");
	add(&q, " LIMIT ?3");
	sqlite3_stmt *s;
	if (store_prepare(st, q.buf, &s, err) != STORE_OK)
		return STORE_ERROR;
	if (!phrase)
		sqlite3_bind_text(s, 1, needle, -1, SQLITE_STATIC);
	else
		sqlite3_bind_text(s, 2, phrase, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)max);
	/* a short rare word reads the whole table: stop after a while */
	struct timespec deadline;
	limit_time(st, phrase ? 0 : 400, &deadline);
	int n = collect_hits(st, s, agreement, out, max, err);
	sqlite3_progress_handler(st->db, 0, NULL, NULL);
	sqlite3_finalize(s);
	return n;
}

int store_search(struct store *st, const char *text, struct store_hit *out, size_t max_each,
                 char **err)
{
	char *needle = fold_key(text, strlen(text));
	if (!needle)
		return store_fail(err, STORE_ERROR, "search text is not valid UTF-8");
	if (!*needle) {
		free(needle);
		return 0;
	}
	char *phrase = utf8_chars(needle) >= 3 ? fts_phrase(needle) : NULL;
	int a = search_one(st, false, needle, phrase, out, max_each, err);
	int b = a < 0 ? a : search_one(st, true, needle, phrase, out + a, max_each, err);
	if (a >= 0 && b < 0)
		store_hits_free(out, (size_t)a);
	free(needle);
	free(phrase);
	return b < 0 ? b : a + b;
}

int store_institution_search(struct store *st, const char *text, const char *country,
                             struct store_ref *out, size_t max, char **err)
{
	char *needle = fold_key(text ? text : "", text ? strlen(text) : 0);
	if (!needle)
		return store_fail(err, STORE_ERROR, "search text is not valid UTF-8");
	char *phrase = utf8_chars(needle) >= 3 ? fts_phrase(needle) : NULL;
	struct sql q = { .n = 0 };
	if (phrase)
		add(&q, "SELECT i.uuid, i.country, i.name, i.acronym FROM inst_fts"
		        " JOIN inst_idx x ON x.sid = inst_fts.rowid JOIN institution i ON i.uuid = x.uuid"
		        " WHERE inst_fts MATCH ?2");
	else
		add(&q, "SELECT i.uuid, i.country, i.name, i.acronym FROM inst_idx x"
		        " JOIN institution i ON i.uuid = x.uuid WHERE instr(x.text, ?1) > 0");
	if (country && *country)
		add(&q, " AND x.country = ?4");
	/* With a country (or nothing typed) the index gives people's order. */
	if (!phrase)
		add(&q, " ORDER BY x.country, x.gkey, x.br, x.skey, x.sid");
	add(&q, " LIMIT ?3");
	sqlite3_stmt *s;
	int n = store_prepare(st, q.buf, &s, err);
	if (n == STORE_OK) {
		sqlite3_bind_text(s, 1, needle, -1, SQLITE_STATIC);
		if (phrase)
			sqlite3_bind_text(s, 2, phrase, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, (sqlite3_int64)max);
		if (country && *country)
			sqlite3_bind_text(s, 4, country, -1, SQLITE_STATIC);
		int step = SQLITE_DONE;
		n = 0;
		struct timespec deadline;
		limit_time(st, phrase ? 0 : 150, &deadline);
		while ((size_t)n < max && (step = sqlite3_step(s)) == SQLITE_ROW) {
			struct store_ref *r = &out[n++];
			memset(r, 0, sizeof *r);
			snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(s, 0));
			snprintf(r->country, sizeof r->country, "%s", (const char *)sqlite3_column_text(s, 1));
			r->name = store_column_dup(s, 2);
			r->acronym = store_column_dup(s, 3);
		}
		sqlite3_progress_handler(st->db, 0, NULL, NULL);
		if ((size_t)n < max && step != SQLITE_DONE && step != SQLITE_INTERRUPT) {
			store_refs_free(out, (size_t)n);
			n = store_sqlfail(st, err, "cannot search institutions");
		}
		sqlite3_finalize(s);
	}
	free(needle);
	free(phrase);
	return n;
}
