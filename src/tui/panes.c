/* The lists of the program, one pane_ops each: countries, institutions of
 * the country, agreements of the institution, all agreements, and the
 * results of a global search. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/fold.h>

#include "tui_internal.h"

/* ---- lists kept in memory (countries, search results) ---- */

/* Rows [from, from + max) of an in-memory list of count items, for the
 * directions of store_list_rows; sid is index + 1. fill makes row i. */
static int array_fetch(size_t count, enum store_dir dir, long long sid, struct store_row *out,
                       size_t max, void (*fill)(void *ud, size_t i, struct store_row *r), void *ud,
                       const size_t *map)
{
	size_t from = 0, to = count;   /* positions in the (filtered) order */
	size_t pos = count;
	if (dir == STORE_AFTER || dir == STORE_BEFORE || dir == STORE_AT) {
		for (size_t i = 0; i < count; i++)
			if ((long long)(map ? map[i] : i) + 1 == sid) {
				pos = i;
				break;
			}
		if (pos == count)
			return STORE_NOT_FOUND;
	}
	switch (dir) {
	case STORE_FIRST: from = 0; to = count < max ? count : max; break;
	case STORE_LAST: to = count; from = count > max ? count - max : 0; break;
	case STORE_AFTER: from = pos + 1; to = from + max < count ? from + max : count; break;
	case STORE_AT: from = pos; to = from + max < count ? from + max : count; break;
	case STORE_BEFORE: to = pos; from = pos > max ? pos - max : 0; break;
	}
	size_t n = 0;
	for (size_t i = from; i < to; i++, n++) {
		memset(&out[n], 0, sizeof out[n]);
		size_t k = map ? map[i] : i;
		out[n].sid = (long long)k + 1;
		fill(ud, k, &out[n]);
	}
	return (int)n;
}

static bool matches(const char *key, const char *text)
{
	if (!key || !text)
		return false;
	char *k = fold_key(text, strlen(text));
	bool m = k && strstr(k, key) != NULL;
	free(k);
	return m;
}

/* A filter keystroke must not wait for a scan of a million rows: a short
 * rare word is looked for this long, then the user is told to type more. */
#define FILTER_MS 40

static int list_rows(struct tui *t, struct pane *p, struct store_query *q, enum store_dir dir,
                     long long sid, struct store_row *out, size_t max, const char *what)
{
	bool stopped = false;
	if (p->filter) {
		q->max_ms = FILTER_MS;
		q->stopped = &stopped;
	}
	char *err = NULL;
	int n = store_list_rows(t->st, q, dir, sid, out, max, &err);
	if (n < 0 && n != STORE_NOT_FOUND)
		tui_store_error(t, what, n, err);
	else
		free(err);
	if (dir == STORE_FIRST || dir == STORE_AT)
		p->partial = stopped;
	return n;
}

/* ---- countries ---- */

int countries_load(struct tui *t)
{
	store_country_rows_free(t->ctry, t->n_ctry);
	free(t->ctry);
	t->ctry = NULL;
	t->n_ctry = 0;
	char *err = NULL;
	int rc = store_country_rows(t->st, t->lang, t->all_countries, &t->ctry, &t->n_ctry, &err);
	if (rc != STORE_OK)
		tui_store_error(t, "cannot read the countries", rc, err);
	else
		free(err);
	return rc;
}

static void country_fill(void *ud, size_t i, struct store_row *r)
{
	struct tui *t = ud;
	snprintf(r->country, sizeof r->country, "%s", t->ctry[i].code);
	snprintf(r->uuid, sizeof r->uuid, "%s", t->ctry[i].code);
	r->col[0] = strdup(t->ctry[i].name ? t->ctry[i].name : t->ctry[i].code);
	if (asprintf(&r->col[1], "%ld", t->ctry[i].institutions) < 0)
		r->col[1] = NULL;
}

static int countries_fetch(struct tui *t, struct pane *p, enum store_dir dir, long long sid,
                           struct store_row *out, size_t max)
{
	size_t *map = NULL, n = t->n_ctry;
	if (p->filter) {
		char *key = fold_key(p->filter, strlen(p->filter));
		map = malloc((t->n_ctry + 1) * sizeof *map);
		if (!key || !map) {
			free(key);
			free(map);
			return 0;
		}
		n = 0;
		for (size_t i = 0; i < t->n_ctry; i++) {
			char code[3] = { 0 };
			for (int j = 0; j < 2; j++)
				code[j] = (char)(t->ctry[i].code[j] | 0x20);   /* keys are lower case */
			if (strstr(code, key) || matches(key, t->ctry[i].name))
				map[n++] = i;
		}
		free(key);
	}
	int got = array_fetch(n, dir, sid, out, max, country_fill, t, map);
	free(map);
	return got;
}

static void countries_draw_row(struct tui *t, struct pane *p, const struct store_row *r, int y,
                               int x, int w, enum role role)
{
	(void)t;
	(void)p;
	tui_text(y, x + 1, 2, r->country, role == R_NORMAL ? R_LABEL : role);
	int cw = r->col[1] ? tui_width(r->col[1]) : 0;
	tui_text(y, x + 4, w - 6 - cw, r->col[0], role);
	if (r->col[1] && strcmp(r->col[1], "0") != 0)
		tui_text(y, x + w - 1 - cw, cw, r->col[1], role == R_NORMAL ? R_DIM : role);
}

static void countries_title(struct tui *t, struct pane *p, char *buf, size_t size)
{
	(void)p;
	snprintf(buf, size, "Countries%s", t->all_countries ? " (all)" : "");
}

static void countries_select(struct tui *t, struct pane *p)
{
	(void)p;
	free(t->insts.filter);
	t->insts.filter = NULL;
	pane_reset(&t->insts);
	pane_reset(&t->agrs);
}

static void countries_detail(struct tui *t, struct pane *p, struct detail *d)
{
	const struct store_row *r = pane_current(p);
	if (r)
		detail_country(t, d, r->country);
}

static const char *current_country(struct tui *t)
{
	const struct store_row *r = pane_current(&t->countries);
	return r ? r->country : NULL;
}

static bool countries_action(struct tui *t, struct pane *p, enum action a)
{
	(void)p;
	switch (a) {
	case A_OPEN:
		t->focus = &t->insts;
		return true;
	case A_ADD:
		form_institution(t, NULL, current_country(t));
		return true;
	case A_EDIT:
	case A_DELETE:
		tui_message(t, R_ERROR, "Countries are reference data (from iso-codes); Tab to the institutions");
		return true;
	default:
		return false;
	}
}

const struct pane_ops pane_countries_ops = {
	.name = "countries",
	.fetch = countries_fetch,
	.draw_row = countries_draw_row,
	.title = countries_title,
	.select = countries_select,
	.detail = countries_detail,
	.action = countries_action,
};

/* ---- institutions of the country ---- */

static int insts_fetch(struct tui *t, struct pane *p, enum store_dir dir, long long sid,
                       struct store_row *out, size_t max)
{
	const char *c = current_country(t);
	if (!c)
		return 0;
	struct store_query q = { .list = STORE_LIST_INSTITUTIONS, .country = c, .text = p->filter };
	return list_rows(t, p, &q, dir, sid, out, max, "cannot read institutions");
}

static void insts_draw_row(struct tui *t, struct pane *p, const struct store_row *r, int y, int x,
                           int w, enum role role)
{
	(void)t;
	(void)p;
	int at = x + 1, end = x + w - 1;
	if (r->depth > 0) {
		tui_text(y, at, 2, tui_ascii ? "- " : "\u2514 ", role == R_NORMAL ? R_DIM : role);
		at += 2;
	}
	/* name, then (room permitting) acronym, city and type at the right */
	int cityw = w >= 34 ? 12 : 0, acrw = w >= 56 ? 14 : 0, typew = w >= 72 ? 12 : 0;
	if (typew) {
		end -= typew;
		tui_text(y, end + 1, typew - 1, r->col[3], role == R_NORMAL ? R_DIM : role);
	}
	if (cityw && r->col[2]) {
		end -= cityw;
		tui_text(y, end + 1, cityw - 1, r->col[2], role);
	}
	if (acrw && r->col[1]) {
		end -= acrw;
		tui_text(y, end + 1, acrw - 1, r->col[1], role == R_NORMAL ? R_LABEL : role);
	}
	tui_text(y, at, end - at, r->col[0], role);
}

static void insts_title(struct tui *t, struct pane *p, char *buf, size_t size)
{
	(void)p;
	const struct store_row *c = pane_current(&t->countries);
	snprintf(buf, size, "Institutions%s%s", c ? " \xc2\xb7 " : "", c && c->col[0] ? c->col[0] : "");
}

static void insts_select(struct tui *t, struct pane *p)
{
	(void)p;
	free(t->agrs.filter);
	t->agrs.filter = NULL;
	pane_reset(&t->agrs);
}

static void insts_detail(struct tui *t, struct pane *p, struct detail *d)
{
	const struct store_row *r = pane_current(p);
	if (r)
		detail_institution(t, d, r->uuid);
}

static bool insts_action(struct tui *t, struct pane *p, enum action a)
{
	const struct store_row *r = pane_current(p);
	switch (a) {
	case A_OPEN:
		if (r)
			t->focus = &t->agrs;
		return true;
	case A_ADD:
		form_institution(t, NULL, current_country(t));
		return true;
	case A_EDIT:
		if (r)
			form_institution(t, r->uuid, NULL);
		return true;
	case A_DELETE:
		if (r)
			form_delete_institution(t, r->uuid);
		return true;
	default:
		return false;
	}
}

const struct pane_ops pane_institutions_ops = {
	.name = "institutions",
	.fetch = insts_fetch,
	.draw_row = insts_draw_row,
	.title = insts_title,
	.select = insts_select,
	.detail = insts_detail,
	.action = insts_action,
};

/* ---- agreements: of the institution, and all of them ---- */

static int agrs_fetch(struct tui *t, struct pane *p, enum store_dir dir, long long sid,
                      struct store_row *out, size_t max)
{
	const struct store_row *i = pane_current(&t->insts);
	if (!i)
		return 0;
	struct store_query q = { .list = STORE_LIST_INST_AGREEMENTS, .institution = i->uuid, .text = p->filter };
	return list_rows(t, p, &q, dir, sid, out, max, "cannot read agreements");
}

static void agr_draw_row(struct tui *t, struct pane *p, const struct store_row *r, int y, int x,
                         int w, enum role role)
{
	(void)t;
	int at = x + 1, end = x + w - 1;
	/* the date: whole when there is room, else year and month */
	int datew = w >= 60 ? 11 : w >= 24 ? 8 : 0;
	if (datew && r->col[0]) {
		size_t len = strlen(r->col[0]);
		tui_textn(y, at, datew - 1, r->col[0], len < (size_t)datew - 1 ? len : (size_t)datew - 1,
		          role == R_NORMAL ? R_DIM : role);
	}
	at += datew;
	bool all = p->ops == &pane_all_ops;
	int statw = all && w >= 60 ? 11 : 0, pairw = w >= 36 ? (all ? 12 : 9) : 0;
	if (pairw) {
		end -= pairw;
		tui_text(y, end + 1, pairw - 1, r->col[3], role == R_NORMAL ? R_LABEL : role);
	}
	if (statw) {
		end -= statw;
		tui_text(y, end + 1, statw - 1, r->col[2], role);
	}
	tui_text(y, at, end - at, r->col[1], role);
}

static void agrs_title(struct tui *t, struct pane *p, char *buf, size_t size)
{
	(void)t;
	(void)p;
	snprintf(buf, size, "Agreements");
}

static void agr_detail(struct tui *t, struct pane *p, struct detail *d)
{
	const struct store_row *r = pane_current(p);
	if (r)
		detail_agreement(t, d, r->uuid);
}

static void open_agreement(struct tui *t, const char *uuid)
{
	struct detail d = { 0 };
	detail_agreement(t, &d, uuid);
	detail_view(t, &d, "Agreement");
	detail_clear(&d);
}

static bool agrs_action(struct tui *t, struct pane *p, enum action a)
{
	const struct store_row *r = pane_current(p);
	switch (a) {
	case A_OPEN:
		if (r)
			open_agreement(t, r->uuid);
		return true;
	case A_ADD: {
		const struct store_row *i = pane_current(&t->insts);
		if (p->ops == &pane_agreements_ops && !i) {
			tui_message(t, R_ERROR, "Select an institution first: a new agreement starts with it as a party");
			return true;
		}
		form_agreement(t, NULL, p->ops == &pane_agreements_ops ? i->uuid : NULL);
		return true;
	}
	case A_EDIT:
		if (r)
			form_agreement(t, r->uuid, NULL);
		return true;
	case A_DELETE:
		if (r)
			form_delete_agreement(t, r->uuid);
		return true;
	default:
		return false;
	}
}

const struct pane_ops pane_agreements_ops = {
	.name = "agreements",
	.fetch = agrs_fetch,
	.draw_row = agr_draw_row,
	.title = agrs_title,
	.detail = agr_detail,
	.action = agrs_action,
};

static int all_fetch(struct tui *t, struct pane *p, enum store_dir dir, long long sid,
                     struct store_row *out, size_t max)
{
	struct store_query q = {
		.list = STORE_LIST_AGREEMENTS, .text = p->filter, .sort = t->sort, .desc = t->sort_desc,
		.country = t->f_country[0] ? t->f_country : NULL,
		.status = t->f_status[0] ? t->f_status : NULL,
		.area = t->f_area[0] ? t->f_area : NULL, .year = t->f_year,
	};
	return list_rows(t, p, &q, dir, sid, out, max, "cannot read agreements");
}

static const char *const sort_names[] = { "date", "title", "status", "country pair" };

static void all_title(struct tui *t, struct pane *p, char *buf, size_t size)
{
	(void)p;
	int n = snprintf(buf, size, "All agreements \xc2\xb7 by %s %s", sort_names[t->sort],
	                 t->sort_desc ? (tui_ascii ? "(desc)" : "\xe2\x86\x93") : (tui_ascii ? "(asc)" : "\xe2\x86\x91"));
	if (n < 0 || (size_t)n >= size)
		return;
	if (t->f_country[0] || t->f_status[0] || t->f_area[0] || t->f_year)
		snprintf(buf + n, size - (size_t)n, " \xc2\xb7 %s%s%s%s%s%s%.0d", t->f_country,
		         t->f_country[0] ? " " : "", t->f_status, t->f_status[0] ? " " : "",
		         t->f_area, t->f_area[0] ? " " : "", t->f_year);
}

static bool all_action(struct tui *t, struct pane *p, enum action a)
{
	switch (a) {
	case A_SORT:
		t->sort = (enum store_sort)((t->sort + 1) % 4);
		pane_reset(p);
		tui_message(t, R_MSG, "Sorted by %s", sort_names[t->sort]);
		return true;
	case A_SORT_DIR:
		t->sort_desc = !t->sort_desc;
		pane_reset(p);
		return true;
	case A_FILTER:
		form_filters(t);
		pane_reset(p);
		return true;
	case A_BACK:
		t->view = V_BROWSE;
		t->focus = t->browse_focus;
		return true;
	default:
		return agrs_action(t, p, a);
	}
}

const struct pane_ops pane_all_ops = {
	.name = "all agreements",
	.fetch = all_fetch,
	.draw_row = agr_draw_row,
	.title = all_title,
	.detail = agr_detail,
	.action = all_action,
};

/* ---- search results ---- */

static void hit_fill(void *ud, size_t i, struct store_row *r)
{
	struct tui *t = ud;
	const struct store_hit *h = &t->hits[i];
	snprintf(r->uuid, sizeof r->uuid, "%s", h->uuid);
	snprintf(r->country, sizeof r->country, "%s", h->country);
	r->depth = h->agreement;
	r->col[0] = strdup(h->label ? h->label : "");
	r->col[1] = h->extra ? strdup(h->extra) : NULL;
}

static int results_fetch(struct tui *t, struct pane *p, enum store_dir dir, long long sid,
                         struct store_row *out, size_t max)
{
	if (!p->filter)
		return array_fetch(t->n_hits, dir, sid, out, max, hit_fill, t, NULL);
	char *key = fold_key(p->filter, strlen(p->filter));
	size_t *map = malloc((t->n_hits + 1) * sizeof *map), n = 0;
	for (size_t i = 0; key && map && i < t->n_hits; i++)
		if (matches(key, t->hits[i].label) || matches(key, t->hits[i].extra))
			map[n++] = i;
	int got = key && map ? array_fetch(n, dir, sid, out, max, hit_fill, t, map) : 0;
	free(key);
	free(map);
	return got;
}

static void results_draw_row(struct tui *t, struct pane *p, const struct store_row *r, int y,
                             int x, int w, enum role role)
{
	(void)t;
	(void)p;
	tui_text(y, x + 1, 2, r->depth ? "A" : "I", role == R_NORMAL ? R_LABEL : role);
	tui_text(y, x + 3, 2, r->country, role == R_NORMAL ? R_LABEL : role);
	int ew = w >= 60 ? 24 : 0;
	if (ew)
		tui_text(y, x + w - ew, ew - 1, r->col[1], role == R_NORMAL ? R_DIM : role);
	tui_text(y, x + 6, w - 7 - ew, r->col[0], role);
}

static void results_title(struct tui *t, struct pane *p, char *buf, size_t size)
{
	(void)p;
	snprintf(buf, size, "Found %zu for \xc2\xab%s\xc2\xbb (I institution, A agreement)", t->n_hits,
	         t->search_text ? t->search_text : "");
}

static void results_detail(struct tui *t, struct pane *p, struct detail *d)
{
	const struct store_row *r = pane_current(p);
	if (r && r->depth)
		detail_agreement(t, d, r->uuid);
	else if (r)
		detail_institution(t, d, r->uuid);
}

static bool results_action(struct tui *t, struct pane *p, enum action a)
{
	const struct store_row *r = pane_current(p);
	switch (a) {
	case A_OPEN:
		if (r && r->depth)
			open_agreement(t, r->uuid);
		else if (r)
			browse_goto_institution(t, r->country, r->uuid);
		return true;
	case A_EDIT:
		if (r && r->depth)
			form_agreement(t, r->uuid, NULL);
		else if (r)
			form_institution(t, r->uuid, NULL);
		return true;
	case A_BACK:
		t->view = V_BROWSE;
		t->focus = t->browse_focus;
		return true;
	default:
		return false;
	}
}

const struct pane_ops pane_results_ops = {
	.name = "results",
	.fetch = results_fetch,
	.draw_row = results_draw_row,
	.title = results_title,
	.detail = results_detail,
	.action = results_action,
};

void browse_goto_institution(struct tui *t, const char *country, const char *uuid)
{
	t->view = V_BROWSE;
	free(t->countries.filter);
	t->countries.filter = NULL;
	size_t i;
	for (i = 0; i < t->n_ctry; i++)
		if (strcmp(t->ctry[i].code, country) == 0)
			break;
	if (i == t->n_ctry) {   /* hidden: a country without institutions until now */
		t->all_countries = true;
		countries_load(t);
		for (i = 0; i < t->n_ctry && strcmp(t->ctry[i].code, country) != 0; i++)
			;
	}
	pane_reload(t, &t->countries, i < t->n_ctry ? (long long)i + 1 : 0);
	free(t->insts.filter);
	t->insts.filter = NULL;
	pane_reload(t, &t->insts, uuid ? store_row_id(t->st, uuid, false) : 0);
	t->focus = &t->insts;
}
