/* The generic list pane: a window of rows around the cursor, read a page
 * at a time through the pane's fetch (keyset pagination), scrolled and
 * drawn here; the pane_ops only say what a row is and looks like.
 *
 * The window holds at most WINDOW_MAX rows: moving past either end reads
 * the next page and drops rows from the far end, so memory stays small
 * however long the list is. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

#define WINDOW_MAX 240

void pane_init(struct pane *p, const struct pane_ops *ops, const char *empty)
{
	memset(p, 0, sizeof *p);
	p->ops = ops;
	p->dirty = true;
	snprintf(p->empty, sizeof p->empty, "%s", empty);
}

static void drop_rows(struct pane *p)
{
	store_rows_free(p->rows, p->n);
	p->n = p->cur = p->top = 0;
}

void pane_free(struct pane *p)
{
	drop_rows(p);
	free(p->rows);
	free(p->filter);
	p->rows = NULL;
	p->filter = NULL;
}

static int visible(const struct pane *p)
{
	return p->h - 2 > 0 ? p->h - 2 : 1;
}

static int page_size(const struct pane *p)
{
	int v = visible(p);
	return v < 20 ? 20 : v;
}

static bool ensure_cap(struct pane *p)
{
	if (p->rows)
		return true;
	p->rows = calloc(WINDOW_MAX, sizeof *p->rows);
	return p->rows != NULL;
}

const struct store_row *pane_current(const struct pane *p)
{
	return p->n ? &p->rows[p->cur] : NULL;
}

static void selected(struct tui *t, struct pane *p)
{
	if (p->ops->select)
		p->ops->select(t, p);
}

/* Read more rows after the window (or before it); returns how many. */
static int extend(struct tui *t, struct pane *p, bool after)
{
	if (!p->n || (after ? p->at_end : p->at_start))
		return 0;
	size_t want = (size_t)page_size(p);
	struct store_row *tmp = calloc(want, sizeof *tmp);
	if (!tmp)
		return 0;
	int got = p->ops->fetch(t, p, after ? STORE_AFTER : STORE_BEFORE,
	                        after ? p->rows[p->n - 1].sid : p->rows[0].sid, tmp, want);
	if (got < 0) {
		free(tmp);
		p->dirty = true;   /* the anchor went away: read again next time */
		return 0;
	}
	if ((size_t)got < want) {
		if (after)
			p->at_end = true;
		else
			p->at_start = true;
	}
	size_t g = (size_t)got;
	/* Make room by dropping rows from the far end. */
	if (p->n + g > WINDOW_MAX) {
		size_t drop = p->n + g - WINDOW_MAX;
		if (after) {
			store_rows_free(p->rows, drop);
			memmove(p->rows, p->rows + drop, (p->n - drop) * sizeof *p->rows);
			p->cur -= drop < p->cur ? drop : p->cur;
			p->top -= drop < p->top ? drop : p->top;
			p->at_start = false;
		} else {
			store_rows_free(p->rows + p->n - drop, drop);
			p->at_end = false;
		}
		p->n -= drop;
	}
	if (after) {
		memcpy(p->rows + p->n, tmp, g * sizeof *tmp);
	} else {
		memmove(p->rows + g, p->rows, p->n * sizeof *p->rows);
		memcpy(p->rows, tmp, g * sizeof *tmp);
		p->cur += g;
		p->top += g;
	}
	p->n += g;
	free(tmp);
	return got;
}

static void load_first(struct tui *t, struct pane *p, bool last)
{
	drop_rows(p);
	if (!ensure_cap(p))
		return;
	size_t want = (size_t)page_size(p);
	int got = p->ops->fetch(t, p, last ? STORE_LAST : STORE_FIRST, 0, p->rows, want);
	p->n = got > 0 ? (size_t)got : 0;
	p->at_start = !last || (size_t)got < want;
	p->at_end = last || (size_t)got < want;
	p->cur = last && p->n ? p->n - 1 : 0;
	p->top = 0;
	if (last && p->n > (size_t)visible(p))
		p->top = p->n - (size_t)visible(p);
}

void pane_reset(struct pane *p)
{
	drop_rows(p);
	p->dirty = true;
}

/* Tell the pane's dependents only when the cursor is on another row. */
static void selected_if_moved(struct tui *t, struct pane *p, long long was)
{
	const struct store_row *r = pane_current(p);
	if (!r || r->sid != was)
		selected(t, p);
}

void pane_reload(struct tui *t, struct pane *p, long long sid)
{
	p->dirty = false;
	if (!ensure_cap(p))
		return;
	const struct store_row *cur = pane_current(p);
	long long was = cur ? cur->sid : -1;
	size_t old_row = p->cur >= p->top ? p->cur - p->top : 0;
	if (sid <= 0) {
		load_first(t, p, false);
		selected_if_moved(t, p, was);
		return;
	}
	drop_rows(p);
	size_t want = (size_t)page_size(p);
	int got = p->ops->fetch(t, p, STORE_AT, sid, p->rows, want);
	if (got <= 0) {
		/* gone (or filtered away): start from the top */
		load_first(t, p, false);
		selected_if_moved(t, p, was);
		return;
	}
	p->n = (size_t)got;
	p->at_end = (size_t)got < want;
	p->at_start = false;
	p->cur = p->top = 0;
	extend(t, p, false);   /* rows before it, so that it stays where it was */
	p->top = p->cur > old_row ? p->cur - old_row : 0;
	selected_if_moved(t, p, was);
}

static void scroll_into_view(struct pane *p)
{
	size_t v = (size_t)visible(p);
	if (p->cur < p->top)
		p->top = p->cur;
	else if (p->cur >= p->top + v)
		p->top = p->cur - v + 1;
}

/* Move the cursor by delta rows, reading pages as needed. */
static void move_by(struct tui *t, struct pane *p, long delta)
{
	if (!p->n)
		return;
	size_t before = p->cur;
	long long before_sid = p->rows[p->cur].sid;
	if (delta > 0) {
		while (delta > 0) {
			if (p->cur + 1 >= p->n && !extend(t, p, true))
				break;
			size_t room = p->n - 1 - p->cur;
			size_t step = (size_t)delta < room ? (size_t)delta : room;
			p->cur += step;
			delta -= (long)step;
			if (step == 0)
				break;
		}
	} else {
		while (delta < 0) {
			if (p->cur == 0 && !extend(t, p, false))
				break;
			size_t step = (size_t)-delta < p->cur ? (size_t)-delta : p->cur;
			p->cur -= step;
			delta += (long)step;
			if (step == 0)
				break;
		}
	}
	scroll_into_view(p);
	if (p->n && (p->cur != before || p->rows[p->cur].sid != before_sid))
		selected(t, p);
}

bool pane_action(struct tui *t, struct pane *p, enum action a)
{
	int v = visible(p);
	switch (a) {
	case A_UP: case A_FIND_PREV: move_by(t, p, -1); return true;
	case A_DOWN: case A_FIND_NEXT: move_by(t, p, 1); return true;
	case A_PGUP:
		move_by(t, p, -v);
		return true;
	case A_PGDN:
		move_by(t, p, v);
		return true;
	case A_HOME:
		load_first(t, p, false);
		selected(t, p);
		return true;
	case A_END:
		load_first(t, p, true);
		selected(t, p);
		return true;
	case A_FIND:
		pane_find(t, p);
		return true;
	case A_BACK:
		if (p->filter) {
			free(p->filter);
			p->filter = NULL;
			const struct store_row *r = pane_current(p);
			pane_reload(t, p, r ? r->sid : 0);
			return true;
		}
		return false;
	default:
		return false;
	}
}

void pane_draw(struct tui *t, struct pane *p, bool focus)
{
	if (p->dirty) {
		const struct store_row *r = pane_current(p);
		pane_reload(t, p, r ? r->sid : 0);
	}
	char title[256];
	p->ops->title(t, p, title, sizeof title);
	if (p->filter) {
		size_t n = strlen(title);
		snprintf(title + n, sizeof title - n, " /%s%s", p->filter, p->partial ? " (part searched)" : "");
	}
	tui_box(p->y, p->x, p->h, p->w, title, focus);
	int v = visible(p), w = p->w - 2;
	for (int i = 0; i < v; i++)
		tui_fill(p->y + 1 + i, p->x + 1, w, R_NORMAL);
	if (!p->n) {
		tui_text(p->y + 1, p->x + 2, w - 2, !p->filter ? p->empty : p->partial
		         ? "none in the part searched: type more letters" : "no match", R_DIM);
		return;
	}
	scroll_into_view(p);
	for (int i = 0; i < v && p->top + (size_t)i < p->n; i++) {
		size_t k = p->top + (size_t)i;
		enum role r = k == p->cur ? (focus ? R_CURSOR : R_CURSOR_DIM) : R_NORMAL;
		if (r != R_NORMAL)
			tui_fill(p->y + 1 + i, p->x + 1, w, r);
		p->ops->draw_row(t, p, &p->rows[k], p->y + 1 + i, p->x + 1, w, r);
	}
	/* a scroll mark: more above / below */
	if (p->top > 0 || !p->at_start)
		tui_scroll_mark(p->y + 1, p->x + p->w - 1, true);
	if (p->top + (size_t)v < p->n || !p->at_end)
		tui_scroll_mark(p->y + p->h - 2, p->x + p->w - 1, false);
}

/* Status-line redraw while finding. */
struct find_ctx {
	struct tui *t;
	struct lineedit *le;
};

static void find_redraw(void *ud)
{
	struct find_ctx *c = ud;
	tui_draw(c->t);
	int y = c->t->rows - 1;
	tui_fill(y, 0, c->t->cols, R_STATUS);
	tui_text(y, 0, 2, "/", R_KEY);
	le_draw(c->le, y, 1, c->t->cols - 1, R_NORMAL, true);
	curs_set(1);
	refresh();
}

void pane_find(struct tui *t, struct pane *p)
{
	struct lineedit le;
	if (le_init(&le, p->filter ? p->filter : "") != 0)
		return;
	char *saved = p->filter ? strdup(p->filter) : NULL;
	const struct store_row *r = pane_current(p);
	long long keep = r ? r->sid : 0;
	struct find_ctx c = { t, &le };
	for (;;) {
		find_redraw(&c);
		int key = tui_getkey(t, -1, find_redraw, &c);
		enum le_result res = le_key(&le, key);
		if (res == LE_ENTER)
			break;
		if (res == LE_CHANGED) {
			/* filter as you type: from the top of the matches */
			free(p->filter);
			p->filter = le_text(&le);
			if (p->filter && !*p->filter) {
				free(p->filter);
				p->filter = NULL;
			}
			pane_reload(t, p, 0);
			continue;
		}
		if (res == LE_OTHER && key == 27) {   /* Esc: as before */
			free(p->filter);
			p->filter = saved;
			saved = NULL;
			pane_reload(t, p, keep);
			break;
		}
		if (res == LE_OTHER) {
			enum action a = keymap_lookup(K_LIST, key);
			if (a == A_UP || a == A_DOWN || a == A_PGUP || a == A_PGDN)
				pane_action(t, p, a);
			else if (a == A_OPEN)
				break;
		}
	}
	curs_set(0);
	free(saved);
	le_free(&le);
}
