/* The generic form editor: fields from a table, one line editor each,
 * pickers with type-ahead (country in any language, institution, parties,
 * vocabulary choices), date fields that show the ISO result as you type,
 * inline validation next to the field, and a guard against losing input. */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/date.h>
#include <accord/fold.h>
#include <accord/vocab.h>

#include "form.h"

#define LABEL_W 17
#define PICKS_MAX 8

static bool is_picker(const struct field *fl)
{
	enum ftype k = fl->def->type;
	return k == F_CHOICE || k == F_COUNTRY || k == F_INSTITUTION || k == F_PARTIES;
}

int form_init(struct form *f, struct tui *t, const char *title, const struct field_def *defs, size_t n)
{
	memset(f, 0, sizeof *f);
	f->t = t;
	snprintf(f->title, sizeof f->title, "%s", title);
	f->f = calloc(n, sizeof *f->f);
	if (!f->f)
		return -1;
	f->n = n;
	for (size_t i = 0; i < n; i++) {
		f->f[i].def = &defs[i];
		if (le_init(&f->f[i].le, "") != 0)
			return -1;
	}
	return 0;
}

static void picks_clear(struct form *f)
{
	for (size_t i = 0; i < f->n_picks; i++) {
		free(f->picks[i].label);
		free(f->picks[i].value);
		free(f->picks[i].extra);
	}
	free(f->picks);
	f->picks = NULL;
	f->n_picks = f->pick_cur = 0;
	f->picks_for[0] = '\0';
}

void form_free(struct form *f)
{
	picks_clear(f);
	for (size_t i = 0; i < f->n; i++) {
		struct field *fl = &f->f[i];
		le_free(&fl->le);
		free(fl->value);
		free(fl->shown);
		free(fl->orig);
		store_refs_free(fl->refs, fl->n_refs);
		free(fl->refs);
	}
	free(f->f);
	f->f = NULL;
}

struct field *form_field(struct form *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->f[i].def->id, id) == 0)
			return &f->f[i];
	return NULL;
}

/* The field's value as one string, to tell changes. */
static char *value_string(const struct field *fl)
{
	if (fl->def->type == F_PARTIES) {
		char *s = malloc(fl->n_refs * STORE_UUID_SIZE + 1);
		if (!s)
			return NULL;
		s[0] = '\0';
		for (size_t i = 0; i < fl->n_refs; i++)
			strcat(strcat(s, fl->refs[i].uuid), ",");
		return s;
	}
	if (is_picker(fl))
		return strdup(fl->value ? fl->value : "");
	return le_text(&fl->le);
}

char *form_get(struct form *f, const char *id)
{
	struct field *fl = form_field(f, id);
	if (!fl)
		return NULL;
	char *s = value_string(fl);
	if (s && fl->def->type != F_PARTIES) {
		/* trim blanks: "  Минск " is "Минск" */
		char *a = s, *e = s + strlen(s);
		while (*a == ' ')
			a++;
		while (e > a && e[-1] == ' ')
			e--;
		*e = '\0';
		memmove(s, a, (size_t)(e - a) + 1);
	}
	if (s && fl->def->type == F_DATE && *s) {
		char iso[DATE_ISO_SIZE];
		if (date_parse(s, strlen(s), NULL, iso, NULL, 0) == DATE_OK) {
			free(s);
			s = strdup(iso);
		}
	}
	if (s && !*s) {
		free(s);
		s = NULL;
	}
	return s;
}

void form_set(struct form *f, const char *id, const char *value, const char *shown)
{
	struct field *fl = form_field(f, id);
	if (!fl)
		return;
	if (is_picker(fl)) {
		free(fl->value);
		free(fl->shown);
		fl->value = strdup(value ? value : "");
		fl->shown = strdup(shown ? shown : value ? value : "");
	} else {
		le_set(&fl->le, value);
	}
	free(fl->orig);
	fl->orig = value_string(fl);
}

void form_add_party(struct field *fl, const struct store_ref *r)
{
	for (size_t i = 0; i < fl->n_refs; i++)
		if (strcmp(fl->refs[i].uuid, r->uuid) == 0)
			return;
	struct store_ref *v = realloc(fl->refs, (fl->n_refs + 1) * sizeof *v);
	if (!v)
		return;
	fl->refs = v;
	struct store_ref *p = &v[fl->n_refs++];
	memset(p, 0, sizeof *p);
	memcpy(p->uuid, r->uuid, sizeof p->uuid);
	memcpy(p->country, r->country, sizeof p->country);
	p->name = r->name ? strdup(r->name) : NULL;
	p->acronym = r->acronym ? strdup(r->acronym) : NULL;
	p->role = r->role ? strdup(r->role) : NULL;
}

void form_mark_clean(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->f[i].orig);
		f->f[i].orig = value_string(&f->f[i]);
	}
}

bool form_changed(struct form *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct field *fl = &f->f[i];
		char *v = value_string(fl);
		bool same = v && strcmp(v, fl->orig ? fl->orig : "") == 0;
		free(v);
		if (!same || (is_picker(fl) && fl->le.len))
			return true;
	}
	return false;
}

void form_message(struct form *f, enum role r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->status, sizeof f->status, fmt, ap);
	va_end(ap);
	f->status_role = r;
}

/* ---- pickers ---- */

static void add_pick(struct form *f, const char *label, const char *value, const char *extra)
{
	struct pick *v = realloc(f->picks, (f->n_picks + 1) * sizeof *v);
	if (!v)
		return;
	f->picks = v;
	v[f->n_picks].label = strdup(label ? label : "");
	v[f->n_picks].value = strdup(value ? value : "");
	v[f->n_picks].extra = extra ? strdup(extra) : NULL;
	f->n_picks++;
}

static void refresh_picks(struct form *f)
{
	struct field *fl = &f->f[f->cur];
	if (!is_picker(fl)) {
		picks_clear(f);
		return;
	}
	char *q = le_text(&fl->le);
	if (!q)
		return;
	char tag[256];
	snprintf(tag, sizeof tag, "%zu:%s", f->cur, q);
	if (strcmp(tag, f->picks_for) == 0 && (f->n_picks || *q)) {
		free(q);
		return;
	}
	picks_clear(f);
	snprintf(f->picks_for, sizeof f->picks_for, "%s", tag);
	char *err = NULL;
	switch (fl->def->type) {
	case F_CHOICE: {
		/* codes containing what was typed, or the code a word means
		 * ("больница" is hospital) */
		const char *meant = *q ? vocab_code((enum vocab_kind)fl->def->vocab, q, strlen(q)) : NULL;
		char *key = fold_key(q, strlen(q));
		for (const char *const *c = vocab_codes((enum vocab_kind)fl->def->vocab); *c; c++)
			if (!key || strstr(*c, key) || (meant && strcmp(meant, *c) == 0))
				add_pick(f, *c, *c, NULL);
		free(key);
		break;
	}
	case F_COUNTRY: {
		if (!*q)
			break;
		struct store_country_row rows[PICKS_MAX];
		int n = store_country_search(f->t->st, q, f->t->lang, rows, PICKS_MAX, &err);
		for (int i = 0; i < n; i++) {
			char *label = NULL;
			if (asprintf(&label, "%s  %s", rows[i].code, rows[i].name ? rows[i].name : "") >= 0)
				add_pick(f, label, rows[i].code, rows[i].matched);
			free(label);
		}
		if (n > 0)
			store_country_rows_free(rows, (size_t)n);
		break;
	}
	case F_INSTITUTION:
	case F_PARTIES: {
		if (!*q)
			break;
		struct field *cf = form_field(f, "country");
		const char *country = fl->def->type == F_INSTITUTION && cf ? cf->value : NULL;
		struct store_ref refs[PICKS_MAX];
		int n = store_institution_search(f->t->st, q, country, refs, PICKS_MAX, &err);
		for (int i = 0; i < n; i++) {
			char *label = NULL;
			if (asprintf(&label, "%s  %s", refs[i].country, refs[i].name ? refs[i].name : "") >= 0)
				add_pick(f, label, refs[i].uuid, refs[i].acronym);
			free(label);
		}
		if (n > 0)
			store_refs_free(refs, (size_t)n);
		break;
	}
	default:
		break;
	}
	/* nothing typed: the highlight starts on the current choice */
	for (size_t i = 0; !*q && fl->value && i < f->n_picks; i++)
		if (strcmp(f->picks[i].value, fl->value) == 0)
			f->pick_cur = i;
	free(err);
	free(q);
}

/* Take the highlighted pick into the field. */
static void apply_pick(struct form *f, struct field *fl)
{
	if (!f->n_picks)
		return;
	struct pick *p = &f->picks[f->pick_cur];
	if (fl->def->type == F_PARTIES) {
		struct store_ref r = { 0 };
		snprintf(r.uuid, sizeof r.uuid, "%s", p->value);
		snprintf(r.country, sizeof r.country, "%.2s", p->label);
		r.name = strlen(p->label) > 4 ? p->label + 4 : p->label;
		form_add_party(fl, &r);
	} else {
		free(fl->value);
		free(fl->shown);
		fl->value = strdup(p->value);
		fl->shown = strdup(p->label);
		/* a new country: the parent must be picked again in it */
		struct field *parent = form_field(f, "parent");
		if (fl->def->type == F_COUNTRY && parent && parent->value && *parent->value) {
			free(parent->value);
			free(parent->shown);
			parent->value = strdup("");
			parent->shown = strdup("");
			form_message(f, R_MSG, "The parent was cleared: pick one in the new country");
		}
	}
	le_set(&fl->le, "");
	picks_clear(f);
}

/* ---- validation ---- */

static void validate_field(struct form *f, struct field *fl, bool leaving)
{
	fl->msg[0] = '\0';
	fl->bad = false;
	char *v = value_string(fl);
	bool empty = !v || !*v;
	if (fl->def->type == F_PARTIES)
		empty = fl->n_refs == 0;
	char *text = le_text(&fl->le);
	switch (fl->def->type) {
	case F_DATE:
		if (text && *text) {
			char iso[DATE_ISO_SIZE], why[DATE_ERR_SIZE];
			enum date_status ds = date_parse(text, strlen(text), NULL, iso, why, sizeof why);
			if (ds == DATE_OK)
				snprintf(fl->msg, sizeof fl->msg, "%s %s", tui_ascii ? "->" : "\xe2\x86\x92", iso);
			else if (ds != DATE_EMPTY) {
				snprintf(fl->msg, sizeof fl->msg, "%s", why);
				fl->bad = true;
			}
		}
		break;
	case F_YEAR:
		if (text && *text && !(strlen(text) == 4 && isdigit((unsigned char)text[0]) && atoi(text) >= 1900
		                       && atoi(text) <= 2100)) {
			snprintf(fl->msg, sizeof fl->msg, "a year: four digits");
			fl->bad = true;
		}
		break;
	default:
		if (is_picker(fl) && text && *text && leaving) {
			snprintf(fl->msg, sizeof fl->msg, "no match for \xc2\xab%s\xc2\xbb", text);
			fl->bad = true;
		}
		break;
	}
	if (!fl->bad && fl->def->required && empty && leaving) {
		snprintf(fl->msg, sizeof fl->msg, fl->def->type == F_PARTIES ? "at least one party" : "required");
		fl->bad = true;
	}
	(void)f;
	free(v);
	free(text);
}

/* Leaving a picker with text typed takes the highlighted match. */
static void leave_field(struct form *f)
{
	struct field *fl = &f->f[f->cur];
	if (is_picker(fl) && fl->le.len) {
		refresh_picks(f);
		if (f->n_picks)
			apply_pick(f, fl);
	}
	validate_field(f, fl, true);
}

bool form_validate(struct form *f)
{
	leave_field(f);
	for (size_t i = 0; i < f->n; i++) {
		validate_field(f, &f->f[i], true);
		if (f->f[i].bad) {
			f->cur = i;
			form_message(f, R_ERROR, "%s: %s", f->f[i].def->label, f->f[i].msg);
			return false;
		}
	}
	return true;
}

/* ---- drawing ---- */

static char *parties_text(const struct field *fl)
{
	size_t cap = 1;
	for (size_t i = 0; i < fl->n_refs; i++)
		cap += strlen(fl->refs[i].name ? fl->refs[i].name : "") + 8;
	char *s = malloc(cap), *o = s;
	if (!s)
		return NULL;
	*o = '\0';
	for (size_t i = 0; i < fl->n_refs; i++)
		o += sprintf(o, "%s%s %s", i ? "; " : "", fl->refs[i].country, fl->refs[i].name ? fl->refs[i].name : "");
	return s;
}

void form_draw(void *ud)
{
	struct form *f = ud;
	struct tui *t = f->t;
	erase();
	if (t->rows < 10 || t->cols < 50) {
		tui_text(t->rows / 2, 0, t->cols, "terminal too small for the form", R_ERROR);
		refresh();
		return;
	}
	tui_box(0, 0, t->rows - 1, t->cols, f->title, true);
	int avail = t->rows - 4, top = 0;
	if ((int)f->cur >= avail)
		top = (int)f->cur - avail + 1;
	int vx = 2 + LABEL_W + 1, vw = t->cols - vx - 2;
	int cy = -1, cx = 0;
	for (int i = 0; i < avail && (size_t)(top + i) < f->n; i++) {
		struct field *fl = &f->f[top + i];
		bool focus = (size_t)(top + i) == f->cur;
		int y = 2 + i;
		char label[64];
		snprintf(label, sizeof label, "%s%s", fl->def->label, fl->def->required ? " *" : "");
		tui_text(y, 2, LABEL_W, label, focus ? R_KEY : R_LABEL);
		int mw = fl->msg[0] ? tui_width(fl->msg) : 0;
		if (mw > vw / 2)
			mw = vw / 2;
		int ew = vw - (mw ? mw + 1 : 0);
		if (mw)
			tui_text(y, vx + ew + 1, mw, fl->msg, fl->bad ? R_ERROR : R_DIM);
		enum role r = focus ? R_FIELD_ACTIVE : R_FIELD;
		if (fl->def->type == F_PARTIES && focus) {
			/* type to add a party; the chosen ones are listed below */
			char count[32];
			snprintf(count, sizeof count, "%zu +", fl->n_refs);
			int lw = tui_text(y, vx, ew, count, R_LABEL);
			le_draw(&fl->le, y, vx + lw + 1, ew - lw - 1, r, true);
			getyx(stdscr, cy, cx);
		} else if (fl->def->type == F_PARTIES) {
			char *list = parties_text(fl);
			tui_fill(y, vx, ew, r);
			tui_text(y, vx, ew, list, r);
			free(list);
		} else if (is_picker(fl) && !(focus && fl->le.len)) {
			tui_fill(y, vx, ew, r);
			tui_text(y, vx, ew, fl->shown, r);
			if (focus)
				cy = y, cx = vx;
		} else {
			le_draw(&fl->le, y, vx, ew, r, focus);
			if (focus)
				getyx(stdscr, cy, cx);
		}
	}
	/* the open picker, under its field; or the parties chosen */
	int fy = 2 + (int)f->cur - top;
	struct field *cf = &f->f[f->cur];
	if (!f->n_picks && cf->def->type == F_PARTIES && cf->n_refs && fy >= 0) {
		int h = (int)cf->n_refs + 2, py = fy + 1;
		if (py + h > t->rows - 2)
			h = t->rows - 2 - py;
		for (int i = 0; i < h; i++)
			tui_fill(py + i, vx, vw, R_NORMAL);
		tui_box(py, vx, h, vw, "Parties (Backspace removes the last)", false);
		for (int i = 0; i < h - 2 && (size_t)i < cf->n_refs; i++) {
			tui_text(py + 1 + i, vx + 2, 2, cf->refs[i].country, R_LABEL);
			tui_text(py + 1 + i, vx + 6, vw - 8, cf->refs[i].name, R_NORMAL);
		}
	}
	if (f->n_picks && fy >= 0) {
		int h = (int)f->n_picks + 2, py = fy + 1;
		if (py + h > t->rows - 2)
			py = fy - h >= 1 ? fy - h : 1;
		if (h > t->rows - 3)
			h = t->rows - 3;
		for (int i = 0; i < h; i++)
			tui_fill(py + i, vx, vw, R_NORMAL);
		tui_box(py, vx, h, vw, "Enter picks", false);
		for (int i = 0; i < h - 2 && (size_t)i < f->n_picks; i++) {
			enum role r = (size_t)i == f->pick_cur ? R_CURSOR : R_NORMAL;
			tui_fill(py + 1 + i, vx + 1, vw - 2, r);
			int w = tui_text(py + 1 + i, vx + 2, vw - 4, f->picks[i].label, r);
			if (f->picks[i].extra && w + 4 < vw - 4)
				tui_text(py + 1 + i, vx + 4 + w, vw - 8 - w, f->picks[i].extra,
				         r == R_NORMAL ? R_DIM : r);
		}
	}
	tui_fill(t->rows - 1, 0, t->cols, R_STATUS);
	if (f->status[0]) {
		tui_text(t->rows - 1, 1, t->cols - 2, f->status, f->status_role);
	} else {
		char hints[256];
		keymap_hints(K_FORM, hints, sizeof hints);
		tui_text(t->rows - 1, 1, t->cols - 2, hints, R_STATUS);
	}
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
	refresh();
}

/* ---- the loop ---- */

static void help(struct form *f)
{
	char **lines = keymap_help();
	prompt_box(f->t, "Keys", lines);
	keymap_help_free(lines);
}

bool form_run(struct form *f)
{
	struct tui *t = f->t;
	for (;;) {
		refresh_picks(f);
		form_draw(f);
		int key = tui_getkey(t, -1, form_draw, f);
		f->status[0] = '\0';
		struct field *fl = &f->f[f->cur];
		enum action a = keymap_lookup(K_FORM | K_GLOBAL, key);
		/* In an open picker Up and Down move in its list. */
		if (f->n_picks && (key == (KEY_UP | TUI_FKEY) || key == (KEY_DOWN | TUI_FKEY))) {
			if (key == (KEY_UP | TUI_FKEY) && f->pick_cur > 0)
				f->pick_cur--;
			else if (key == (KEY_DOWN | TUI_FKEY) && f->pick_cur + 1 < f->n_picks)
				f->pick_cur++;
			continue;
		}
		/* Backspace in an empty picker: clear it, or drop the last party */
		if (is_picker(fl) && !fl->le.len && keymap_lookup(K_EDIT, key) == A_LE_BACKSPACE) {
			if (fl->def->type == F_PARTIES && fl->n_refs) {
				fl->n_refs--;
				store_refs_free(&fl->refs[fl->n_refs], 1);
			} else if (fl->def->type != F_PARTIES) {
				free(fl->value);
				free(fl->shown);
				fl->value = strdup("");
				fl->shown = strdup("");
			}
			continue;
		}
		enum le_result r = le_key(&fl->le, key);
		if (r == LE_CHANGED) {
			if (fl->def->type == F_DATE || fl->def->type == F_YEAR || fl->bad)
				validate_field(f, fl, false);
			continue;
		}
		if (r == LE_NONE)
			continue;
		if (r == LE_ENTER)
			a = A_PICK;
		switch (a) {
		case A_PICK:
			if (is_picker(fl) && f->n_picks && (fl->le.len || fl->def->type == F_CHOICE)) {
				apply_pick(f, fl);
				validate_field(f, fl, true);
				if (fl->def->type == F_PARTIES)
					break;   /* stay: add another party */
			}
			/* Enter goes on to the next field */
			__attribute__((fallthrough));
		case A_NEXT_FIELD:
			leave_field(f);
			if (f->cur + 1 < f->n)
				f->cur++;
			break;
		case A_PREV_FIELD:
			leave_field(f);
			if (f->cur > 0)
				f->cur--;
			break;
		case A_SAVE:
			if (!form_validate(f))
				break;
			if (f->save(f, f->ud)) {
				curs_set(0);
				return true;
			}
			break;
		case A_CANCEL:
			if (is_picker(fl) && fl->le.len) {
				le_set(&fl->le, "");
				break;
			}
			if (!form_changed(f) || prompt_key_over(t, "Discard your changes? [y/N]", "yN", form_draw, f) == 'y') {
				curs_set(0);
				return false;
			}
			break;
		case A_QUIT:
			if (!form_changed(f) || prompt_key_over(t, "Unsaved input: quit without saving? [y/N]", "yN",
			                                        form_draw, f) == 'y') {
				t->quit = true;
				curs_set(0);
				return false;
			}
			break;
		case A_HELP:
			help(f);
			break;
		case A_REDRAW:
			clearok(curscr, TRUE);
			break;
		default:
			break;
		}
	}
}
