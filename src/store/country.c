/* Countries: loading the compiled-in tables, resolving what people write. */
#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/countries.h>
#include <accord/fold.h>

#include "store_internal.h"

/* Words that people add or leave out around a country's name: "Republic of
 * Belarus", "Республика Беларусь", "Valgevene Vabariik" all mean BY. Folded
 * forms (lower case), with the usual inflections. */
static const char *const generic_words[] = {
	"the", "of", "republic",
	"республика", "республики", "республике", "республику", "республикой",
	"республіка", "республіки", "республіці", "республіку", "республікою",
	"рэспубліка", "рэспублікі", "рэспубліцы",
	"республикасы", "республикасынын", "respublikasi",
	"vabariik", "vabariigi", "vabariigis",
	"republika", "republikas", "respublika", "respublikos",
};

static bool is_generic(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof generic_words / sizeof *generic_words; i++)
		if (strlen(generic_words[i]) == n && memcmp(generic_words[i], w, n) == 0)
			return true;
	return false;
}

/* The key with punctuation turned into spaces and generic words dropped.
 * Caller frees. */
static char *strip_key(const char *key)
{
	size_t len = strlen(key);
	char *tmp = malloc(len + 1), *out = malloc(len + 1);
	if (!tmp || !out) {
		free(tmp);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i <= len; i++)
		tmp[i] = strchr(",.()\"'-/", key[i]) && key[i] ? ' ' : key[i];
	size_t o = 0;
	char *save = NULL;
	for (char *w = strtok_r(tmp, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t n = strlen(w);
		if (is_generic(w, n))
			continue;
		if (o)
			out[o++] = ' ';
		memcpy(out + o, w, n);
		o += n;
	}
	out[o] = '\0';
	free(tmp);
	return out;
}

/* Split one TSV line (no trailing LF) into at most max fields in place. */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static int insert_name(struct store *st, sqlite3_stmt *ins, const char *code,
                       const char *lang, const char *kind, const char *name, char **err)
{
	char *key = fold_key(name, strlen(name));
	char *skey = key ? strip_key(key) : NULL;
	if (!key || !skey) {
		free(key);
		return store_fail(err, STORE_ERROR, "country table: bad name '%s'", name);
	}
	sqlite3_reset(ins);
	sqlite3_bind_text(ins, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, skey, -1, SQLITE_STATIC);
	int rc = sqlite3_step(ins) == SQLITE_DONE ? STORE_OK
	         : store_sqlfail(st, err, "cannot load country names");
	free(key);
	free(skey);
	return rc;
}

int store_country_load(struct store *st, char **err)
{
	sqlite3_stmt *cins = NULL, *nins = NULL;
	char *buf = strdup(accord_countries_tsv);
	char *abuf = strdup(accord_country_aliases_tsv);
	int rc = STORE_ERROR;
	if (!buf || !abuf) {
		rc = store_fail(err, STORE_ERROR, "out of memory");
		goto out;
	}
	if ((rc = store_prepare(st, "INSERT OR IGNORE INTO country(code, alpha3, numeric, name)"
	                        " VALUES (?1, ?2, ?3, ?4)", &cins, err)) != STORE_OK)
		goto out;
	if ((rc = store_prepare(st, "INSERT OR IGNORE INTO country_name(code, lang, kind, name, key, skey)"
	                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &nins, err)) != STORE_OK)
		goto out;
	char *save = NULL;
	for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[6];
		if (split_tabs(line, f, 6) != 6) {
			rc = store_fail(err, STORE_ERROR, "country table: malformed line '%s'", line);
			goto out;
		}
		/* The English short name comes first for each country. */
		if (strcmp(f[3], "en") == 0 && strcmp(f[4], "name") == 0) {
			sqlite3_reset(cins);
			for (int i = 0; i < 3; i++)
				sqlite3_bind_text(cins, i + 1, f[i], -1, SQLITE_STATIC);
			sqlite3_bind_text(cins, 4, f[5], -1, SQLITE_STATIC);
			if (sqlite3_step(cins) != SQLITE_DONE) {
				rc = store_sqlfail(st, err, "cannot load countries");
				goto out;
			}
		}
		if ((rc = insert_name(st, nins, f[0], f[3], f[4], f[5], err)) != STORE_OK)
			goto out;
	}
	save = NULL;
	for (char *line = strtok_r(abuf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *f[3];
		if (split_tabs(line, f, 3) != 3) {
			rc = store_fail(err, STORE_ERROR, "country aliases: malformed line '%s'", line);
			goto out;
		}
		if ((rc = insert_name(st, nins, f[0], f[1], "alias", f[2], err)) != STORE_OK)
			goto out;
	}
	rc = STORE_OK;
out:
	sqlite3_finalize(cins);
	sqlite3_finalize(nins);
	free(buf);
	free(abuf);
	return rc;
}

/* Distinct codes for one lookup: 1 when exactly one, 0 none, 2 several
 * (first two in codes), <0 error. */
static int lookup(struct store *st, const char *sql, const char *arg, char codes[2][3], char **err)
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, err) != STORE_OK)
		return STORE_ERROR;
	sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(s, 0);
		if (n < 2 && c && strlen(c) == 2)
			memcpy(codes[n], c, 3);
		n++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_sqlfail(st, err, "cannot look up a country");
	return n > 2 ? 2 : n;
}

int store_country_resolve(struct store *st, const char *text, char code[3], char **err)
{
	char codes[2][3];
	int n = 0;
	size_t len = strlen(text), lead = 0;
	while (lead < len && isspace((unsigned char)text[lead]))
		lead++;
	while (len > lead && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == lead)
		return store_fail(err, 0, "no country given");
	const char *t = text + lead;
	size_t tl = len - lead;

	/* Codes first: "by", "BLR", "112". */
	bool alpha = true, digit = true;
	for (size_t i = 0; i < tl; i++) {
		alpha = alpha && isalpha((unsigned char)t[i]) && !((unsigned char)t[i] & 0x80);
		digit = digit && isdigit((unsigned char)t[i]);
	}
	char up[4] = "";
	if ((alpha && (tl == 2 || tl == 3)) || (digit && tl <= 3)) {
		if (digit)
			snprintf(up, sizeof up, "%03d", atoi(t));
		else
			for (size_t i = 0; i < tl; i++)
				up[i] = (char)toupper((unsigned char)t[i]);
		up[digit ? 3 : tl] = '\0';
		const char *sql = digit ? "SELECT code FROM country WHERE numeric = ?1"
		                  : tl == 2 ? "SELECT code FROM country WHERE code = ?1"
		                  : "SELECT code FROM country WHERE alpha3 = ?1";
		if ((n = lookup(st, sql, up, codes, err)) < 0)
			return n;
		if (n == 1) {
			memcpy(code, codes[0], 3);
			return 1;
		}
	}
	char *key = fold_key(t, tl);
	if (!key)
		return store_fail(err, 0, "country name is not valid text");
	n = lookup(st, "SELECT DISTINCT code FROM country_name WHERE key = ?1 ORDER BY code", key, codes, err);
	if (n == 0) {
		char *skey = strip_key(key);
		if (skey && *skey)
			n = lookup(st, "SELECT DISTINCT code FROM country_name WHERE skey = ?1 ORDER BY code",
			           skey, codes, err);
		free(skey);
	}
	free(key);
	if (n < 0)
		return n;
	if (n == 1) {
		memcpy(code, codes[0], 3);
		return 1;
	}
	if (n >= 2)
		return store_fail(err, 0, "country '%.*s' is ambiguous (%s, %s, ...): write its ISO code",
		                  (int)tl, t, codes[0], codes[1]);
	return store_fail(err, 0, "unknown country '%.*s': write its name or ISO code (e.g. BY, EE)",
	                  (int)tl, t);
}

int store_countries_each(struct store *st, store_country_fn fn, void *ud, char **err)
{
	sqlite3_stmt *s;
	int rc = store_prepare(st,
		"SELECT c.code, c.alpha3, c.numeric, c.name, n.lang, n.kind, n.name"
		" FROM country c JOIN country_name n ON n.code = c.code"
		" ORDER BY c.code,"
		"  CASE instr(' en ru uk be et kk ky uz lv lt ', ' ' || n.lang || ' ') WHEN 0 THEN 99"
		"   ELSE instr(' en ru uk be et kk ky uz lv lt ', ' ' || n.lang || ' ') END, n.lang,"
		"  instr('name official common alias', n.kind), n.rowid", &s, err);
	if (rc != STORE_OK)
		return rc;
	/* Names of one country are collected, then handed over at once. */
	struct store_country_name *names = NULL;
	char **owned = NULL;
	size_t n = 0, cap = 0;
	char cur[4][128] = { "" };
	rc = STORE_OK;
	int step;
	for (;;) {
		step = sqlite3_step(s);
		const char *code = step == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
		if (n && (!code || strcmp(code, cur[0]) != 0)) {
			struct store_country c = { cur[0], cur[1], cur[2], cur[3] };
			int stop = fn(ud, &c, names, n);
			for (size_t i = 0; i < n * 3; i++)
				free(owned[i]);
			n = 0;
			if (stop)
				break;
		}
		if (!code)
			break;
		if (n == 0)
			for (int i = 0; i < 4; i++)
				snprintf(cur[i], sizeof cur[i], "%s", (const char *)sqlite3_column_text(s, i));
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			void *nv = realloc(names, cap * sizeof *names);
			void *no = nv ? realloc(owned, cap * 3 * sizeof *owned) : NULL;
			if (nv)
				names = nv;
			if (!nv || !no) {
				rc = store_fail(err, STORE_ERROR, "out of memory");
				break;
			}
			owned = no;
		}
		for (int i = 0; i < 3; i++)
			owned[n * 3 + (size_t)i] = strdup((const char *)sqlite3_column_text(s, 4 + i));
		names[n] = (struct store_country_name){ owned[n * 3], owned[n * 3 + 1], owned[n * 3 + 2] };
		n++;
	}
	if (rc == STORE_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = store_sqlfail(st, err, "cannot read countries");
	for (size_t i = 0; i < n * 3; i++)
		free(owned[i]);
	free(owned);
	free(names);
	sqlite3_finalize(s);
	return rc;
}
