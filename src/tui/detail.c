/* The detail area: everything about the selection as labelled values,
 * wrapped to the width; and the full-screen view of one record. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

#define LABEL_W 13

void detail_add(struct detail *d, const char *label, const char *value)
{
	if (label && (!value || !*value))
		return;   /* empty fields take no room */
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct ditem *v = realloc(d->v, cap * sizeof *v);
		if (!v)
			return;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].label = label ? strdup(label) : NULL;
	d->v[d->n].value = strdup(value ? value : "");
	d->n++;
}

void detail_addf(struct detail *d, const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (s)
		detail_add(d, label, s);
	free(s);
}

void detail_clear(struct detail *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].label);
		free(d->v[i].value);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

int detail_draw(const struct detail *d, int y, int x, int h, int w, int skip)
{
	int line = 0;
	for (size_t i = 0; i < d->n; i++) {
		const char *label = d->v[i].label;
		int vx = label ? x + LABEL_W + 1 : x, vw = label ? w - LABEL_W - 1 : w;
		if (vw < 8) {   /* too narrow for two columns: value under label */
			vx = x;
			vw = w;
		}
		const char *s = d->v[i].value, *next;
		bool first = true;
		do {
			size_t len = tui_wrap(s, vw, &next);
			if (line >= skip && line - skip < h) {
				int ly = y + line - skip;
				if (first && label)
					tui_text(ly, x, LABEL_W, label, R_LABEL);
				tui_textn(ly, vx, vw, s, len, label ? R_NORMAL : R_TITLE);
			}
			line++;
			first = false;
			s = next;
		} while (*s);
	}
	return line;
}

static void add_country(struct tui *t, struct detail *d, const char *label, const char *code)
{
	char *name = NULL, *err = NULL;
	if (store_country_display(t->st, code, t->lang, &name, &err) == STORE_OK)
		detail_addf(d, label, "%s  %s", code, name);
	else
		detail_add(d, label, code);
	free(name);
	free(err);
}

/* ---- history ---- */

#define HISTORY_LINES 6
#define HISTORY_VALUE 40   /* bytes of a value shown; longer ends in "…" */

/* A value for one line: at most HISTORY_VALUE bytes (cut on a character
 * boundary), line breaks as blanks; other control characters are left to
 * tui_text, which never lets them reach the terminal. */
static void short_value(char *out, size_t size, const char *v)
{
	if (!v || !*v) {
		snprintf(out, size, "\xe2\x80\x93");   /* – */
		return;
	}
	size_t n = 0, max = size - 4 < HISTORY_VALUE ? size - 4 : HISTORY_VALUE;
	const char *s = v;
	while (*s && n < max) {
		size_t len = 1;
		while (((unsigned char)s[len] & 0xc0) == 0x80)
			len++;
		if (n + len > max)
			break;
		for (size_t i = 0; i < len; i++)
			out[n++] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
		s += len;
	}
	if (*s) {
		memcpy(out + n, "\xe2\x80\xa6", 3);   /* … */
		n += 3;
	}
	out[n] = '\0';
}

int detail_history_text(const struct store_history *h, const char *self_table, char *buf, size_t size)
{
	char o[HISTORY_VALUE + 4], n[HISTORY_VALUE + 4];
	short_value(o, sizeof o, h->old_value);
	short_value(n, sizeof n, h->new_value);
	bool link = h->table && (self_table ? strcmp(h->table, self_table) != 0
	                                    : strcmp(h->table, "institution") != 0 &&
	                                          strcmp(h->table, "agreement") != 0);
	const char *tbl = h->table ? h->table : "";
	if (strncmp(tbl, "agreement_", 10) == 0)
		tbl += 10;
	if (h->field && h->op && strcmp(h->op, "changed") == 0)
		return snprintf(buf, size, "%s%s%s: %s \xe2\x86\x92 %s", link ? tbl : "", link ? " " : "",
		                h->field, o, n);
	if (h->field)   /* a field of a record added or deleted, or a link's */
		return snprintf(buf, size, "%s%s%s %s: %s", link ? tbl : "", link ? " " : "", h->op,
		                h->field, h->new_value ? n : o);
	if (link)
		return snprintf(buf, size, "%s %s%s%s", tbl, h->op, h->new_value || h->old_value ? ": " : "",
		                h->new_value ? n : h->old_value ? o : "");
	return snprintf(buf, size, "record %s", h->op ? h->op : "changed");
}

struct hist_ctx {
	struct detail *d;
	const char *table;
	int n;
};

static int add_history(void *ud, const struct store_history *h)
{
	struct hist_ctx *c = ud;
	char what[256], at[17];
	detail_history_text(h, c->table, what, sizeof what);
	/* 2026-11-24T10:28:15Z -> 2026-11-24 10:28 */
	snprintf(at, sizeof at, "%s", h->at ? h->at : "");
	if (at[10] == 'T')
		at[10] = ' ';
	const char *origin = h->origin && strcmp(h->origin, "edit") != 0 ? h->origin : NULL;
	detail_addf(c->d, c->n ? " " : "History", "%s %s%s%s%s  %s%s", at, h->user ? h->user : "?",
	            origin ? " (" : "", origin ? origin : "", origin ? ")" : "", what,
	            h->undone ? "  [undone]" : "");
	c->n++;
	return 0;
}

/* The latest changes of a record, newest first. */
static void detail_history(struct tui *t, struct detail *d, const char *uuid, const char *table)
{
	struct hist_ctx c = { .d = d, .table = table };
	char *err = NULL;
	if (store_history_each(t->st, uuid, HISTORY_LINES, add_history, &c, &err) != STORE_OK)
		detail_add(d, "History", err ? err : "cannot read the history");
	free(err);
}

void detail_institution(struct tui *t, struct detail *d, const char *uuid)
{
	struct store_institution r;
	char *err = NULL;
	int rc = store_institution_get(t->st, uuid, &r, &err);
	if (rc != STORE_OK) {
		detail_add(d, NULL, err ? err : "cannot read the institution");
		free(err);
		return;
	}
	detail_add(d, NULL, r.name);
	detail_add(d, "Name (en)", r.name_en);
	detail_add(d, "Acronym", r.acronym);
	add_country(t, d, "Country", r.country);
	detail_add(d, "Region", r.region);
	detail_add(d, "City", r.city);
	detail_add(d, "Type", r.type);
	detail_add(d, "Parent", r.parent_name);
	struct store_ref *br = NULL;
	size_t nb = 0;
	if (store_institution_branches(t->st, uuid, &br, &nb, &err) == STORE_OK && nb) {
		size_t cap = 1;
		for (size_t i = 0; i < nb; i++)
			cap += strlen(br[i].name) + 2;
		char *list = malloc(cap), *o = list;
		if (list) {
			for (size_t i = 0; i < nb; i++)
				o += sprintf(o, "%s%s", i ? "; " : "", br[i].name);
			detail_addf(d, "Branches", "%zu: %s", nb, list);
		}
		free(list);
	}
	store_refs_free(br, nb);
	free(br);
	struct store_usage u;
	if (store_institution_usage(t->st, uuid, &u, &err) == STORE_OK && u.agreements)
		detail_addf(d, "Agreements", "%ld", u.agreements);
	detail_add(d, "Website", r.website);
	detail_add(d, "Notes", r.notes);
	detail_addf(d, "Changed", "%s (version %lld)", r.updated, r.version);
	free(err);
	store_institution_clear(&r);
	detail_history(t, d, uuid, "institution");
}

void detail_agreement(struct tui *t, struct detail *d, const char *uuid)
{
	struct store_agreement r;
	char *err = NULL;
	int rc = store_agreement_get(t->st, uuid, &r, &err);
	if (rc != STORE_OK) {
		detail_add(d, NULL, err ? err : "cannot read the agreement");
		free(err);
		return;
	}
	detail_add(d, NULL, r.title);
	detail_add(d, "Kind", r.kind);
	detail_add(d, "Status", r.status);
	detail_add(d, "Signed", r.signed_on);
	if (r.valid_from || r.valid_until)
		detail_addf(d, "Valid", "%s \xe2\x80\x93 %s", r.valid_from ? r.valid_from : "",
		            r.valid_until ? r.valid_until : "");
	detail_add(d, "Place", r.place);
	for (size_t i = 0; i < r.n_parties; i++) {
		const struct store_ref *p = &r.parties[i];
		detail_addf(d, i ? " " : "Parties", "%s  %s%s%s%s", p->country, p->name ? p->name : "",
		            p->role ? " (" : "", p->role ? p->role : "", p->role ? ")" : "");
	}
	if (r.n_areas) {
		size_t cap = 1;
		for (size_t i = 0; i < r.n_areas; i++)
			cap += strlen(r.areas[i]) + 3;
		char *list = malloc(cap), *o = list;
		if (list) {
			for (size_t i = 0; i < r.n_areas; i++)
				o += sprintf(o, "%s%s", i ? " | " : "", r.areas[i]);
			detail_add(d, "Areas", list);
		}
		free(list);
	}
	detail_add(d, "Source", r.source);
	detail_add(d, "Notes", r.notes);
	detail_addf(d, "Changed", "%s (version %lld)", r.updated, r.version);
	store_agreement_clear(&r);
	detail_history(t, d, uuid, "agreement");
}

void detail_country(struct tui *t, struct detail *d, const char *code)
{
	static const char *const langs[] = { "en", "ru", "uk", "et" };
	char *name = NULL, *err = NULL;
	if (store_country_display(t->st, code, t->lang, &name, &err) != STORE_OK) {
		detail_add(d, NULL, code);
		free(err);
		return;
	}
	detail_addf(d, NULL, "%s  %s", code, name);
	free(name);
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		if (store_country_display(t->st, code, langs[i], &name, &err) == STORE_OK)
			detail_add(d, langs[i], name);
		free(name);
		name = NULL;
	}
	for (size_t i = 0; i < t->n_ctry; i++)
		if (strcmp(t->ctry[i].code, code) == 0)
			detail_addf(d, "Institutions", "%ld", t->ctry[i].institutions);
	free(err);
}

struct view_ctx {
	struct tui *t;
	const struct detail *d;
	const char *title;
	int skip, total;
};

static void view_redraw(void *ud)
{
	struct view_ctx *c = ud;
	struct tui *t = c->t;
	erase();
	if (t->rows < 6 || t->cols < 20) {
		tui_text(0, 0, t->cols, "terminal too small", R_ERROR);
		refresh();
		return;
	}
	tui_box(0, 0, t->rows - 1, t->cols, c->title, true);
	int h = t->rows - 3;
	c->total = detail_draw(c->d, 1, 2, 0, t->cols - 4, 0);   /* measure */
	if (c->skip > c->total - h)
		c->skip = c->total - h > 0 ? c->total - h : 0;
	detail_draw(c->d, 1, 2, h, t->cols - 4, c->skip);
	tui_fill(t->rows - 1, 0, t->cols, R_STATUS);
	tui_text(t->rows - 1, 1, t->cols - 2, "Esc back  Up/Down PgUp/PgDn scroll  ? help", R_STATUS);
	refresh();
}

void detail_view(struct tui *t, const struct detail *d, const char *title)
{
	struct view_ctx c = { .t = t, .d = d, .title = title };
	for (;;) {
		view_redraw(&c);
		int key = tui_getkey(t, -1, view_redraw, &c);
		int page = t->rows - 4 > 1 ? t->rows - 4 : 1;
		switch (keymap_lookup(K_LIST | K_GLOBAL, key)) {
		case A_UP: c.skip = c.skip > 0 ? c.skip - 1 : 0; break;
		case A_DOWN: c.skip++; break;
		case A_PGUP: c.skip = c.skip > page ? c.skip - page : 0; break;
		case A_PGDN: c.skip += page; break;
		case A_HOME: c.skip = 0; break;
		case A_END: c.skip = c.total; break;
		case A_REDRAW: clearok(curscr, TRUE); break;
		case A_BACK: case A_OPEN: return;
		case A_QUIT:
			t->quit = true;
			return;
		case A_HELP: {
			char **lines = keymap_help();
			prompt_box(t, "Keys", lines);
			keymap_help_free(lines);
			break;
		}
		default: break;
		}
	}
}
