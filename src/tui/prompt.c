/* Questions in the status line, text boxes over the screen, and the
 * message shown while another process holds the database's write lock. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

struct ask {
	struct tui *t;
	const char *question;
	struct lineedit *le;
	void (*under)(void *);   /* what to draw below the question */
	void *under_ud;
};

static void ask_redraw(void *ud)
{
	struct ask *a = ud;
	if (a->under)
		a->under(a->under_ud);
	else
		tui_draw(a->t);
	int y = a->t->rows - 1, cols = a->t->cols;
	tui_fill(y, 0, cols, R_STATUS);
	int w;
	if (tui_width(a->question) > (a->le ? cols / 2 : cols - 2)) {
		/* too long for the status line: wrapped in a box above it */
		int bw = cols - 4, n = 0;
		for (const char *s = a->question, *next; *s; s = next, n++)
			tui_wrap(s, bw - 4, &next);
		int by = y - n - 2 > 0 ? y - n - 2 : 0;
		for (int i = 0; i < n + 2; i++)
			tui_fill(by + i, 2, bw, R_NORMAL);
		tui_box(by, 2, n + 2, bw, NULL, true);
		int i = 0;
		for (const char *s = a->question, *next; *s && i < n; s = next, i++) {
			size_t len = tui_wrap(s, bw - 4, &next);
			tui_textn(by + 1 + i, 4, bw - 4, s, len, R_KEY);
		}
		w = tui_text(y, 1, cols - 2, a->le ? ">" : "", R_KEY);
	} else {
		w = tui_text(y, 1, cols - 2, a->question, R_KEY);
	}
	if (a->le) {
		le_draw(a->le, y, 2 + w, a->t->cols - 3 - w, R_NORMAL, true);
		curs_set(1);
	}
	refresh();
}

int prompt_key(struct tui *t, const char *question, const char *keys)
{
	return prompt_key_over(t, question, keys, NULL, NULL);
}

int prompt_key_over(struct tui *t, const char *question, const char *keys, void (*under)(void *),
                    void *ud)
{
	struct ask a = { .t = t, .question = question, .under = under, .under_ud = ud };
	int key;
	for (;;) {
		ask_redraw(&a);
		key = tui_getkey(t, -1, ask_redraw, &a);
		if (key == 27)
			return 27;
		for (const char *k = keys; !(key & TUI_FKEY) && key < 128 && *k; k++)
			if (tolower((unsigned char)*k) == tolower(key))
				return tolower(key);
		/* Enter takes the default: the capital letter among keys */
		if (key == '\r' || key == '\n')
			for (const char *k = keys; *k; k++)
				if (isupper((unsigned char)*k))
					return tolower((unsigned char)*k);
	}
}

char *prompt_line(struct tui *t, const char *label, const char *initial)
{
	struct lineedit le;
	if (le_init(&le, initial) != 0)
		return NULL;
	struct ask a = { .t = t, .question = label, .le = &le };
	char *out = NULL;
	for (;;) {
		ask_redraw(&a);
		int key = tui_getkey(t, -1, ask_redraw, &a);
		enum le_result r = le_key(&le, key);
		if (r == LE_ENTER) {
			out = le_text(&le);
			break;
		}
		if (r == LE_OTHER && (key == 27 || keymap_lookup(K_FORM, key) == A_CANCEL))
			break;
	}
	curs_set(0);
	le_free(&le);
	return out;
}

struct box {
	struct tui *t;
	const char *title;
	char **lines;
	int n, skip;
	const char *question, *keys;   /* prompt_box_choice */
};

static void box_redraw(void *ud)
{
	struct box *b = ud;
	struct tui *t = b->t;
	tui_draw(t);
	int w = t->cols - 4, h = t->rows - 2;
	if (w < 10 || h < 4)
		return;
	int maxw = 0;
	for (int i = 0; i < b->n; i++) {
		int lw = tui_width(b->lines[i]);
		maxw = lw > maxw ? lw : maxw;
	}
	if (maxw + 4 < w)
		w = maxw + 4;
	if (b->n + 2 < h)
		h = b->n + 2;
	int y = (t->rows - h) / 2, x = (t->cols - w) / 2;
	if (b->skip > b->n - (h - 2))
		b->skip = b->n - (h - 2) > 0 ? b->n - (h - 2) : 0;
	for (int i = 0; i < h; i++)
		tui_fill(y + i, x, w, R_NORMAL);
	tui_box(y, x, h, w, b->title, true);
	for (int i = 0; i < h - 2 && b->skip + i < b->n; i++) {
		const char *l = b->lines[b->skip + i];
		tui_text(y + 1 + i, x + 2, w - 4, l, l[0] != ' ' ? R_TITLE : R_NORMAL);
	}
	tui_fill(t->rows - 1, 0, t->cols, R_STATUS);
	if (b->question)
		tui_text(t->rows - 1, 1, t->cols - 2, b->question, R_KEY);
	else
		tui_text(t->rows - 1, 1, t->cols - 2,
		         b->n > h - 2 ? "Up/Down/PgUp/PgDn scroll, any other key closes" : "any key closes",
		         R_STATUS);
	refresh();
}

static int box_run(struct box *b)
{
	struct tui *t = b->t;
	while (b->lines[b->n])
		b->n++;
	for (;;) {
		box_redraw(b);
		int key = tui_getkey(t, -1, box_redraw, b);
		int page = t->rows - 4 > 1 ? t->rows - 4 : 1;
		if (b->keys) {
			if (key == 27)
				return 27;
			for (const char *k = b->keys; !(key & TUI_FKEY) && key < 128 && *k; k++)
				if (tolower((unsigned char)*k) == tolower(key))
					return tolower(key);
		}
		switch (keymap_lookup(K_LIST, key)) {
		case A_UP: b->skip = b->skip > 0 ? b->skip - 1 : 0; break;
		case A_DOWN: b->skip++; break;
		case A_PGUP: b->skip = b->skip > page ? b->skip - page : 0; break;
		case A_PGDN: b->skip += page; break;
		case A_HOME: b->skip = 0; break;
		case A_END: b->skip = b->n; break;
		default:
			if (!b->keys)
				return 0;
			break;
		}
	}
}

void prompt_box(struct tui *t, const char *title, char **lines)
{
	if (!lines)
		return;
	struct box b = { .t = t, .title = title, .lines = lines };
	box_run(&b);
}

int prompt_box_choice(struct tui *t, const char *title, char **lines, const char *question,
                      const char *keys)
{
	if (!lines)
		return 27;
	struct box b = { .t = t, .title = title, .lines = lines, .question = question, .keys = keys };
	return box_run(&b);
}

int prompt_busy(void *ud, int waited_ms)
{
	struct tui *t = ud;
	if (waited_ms > 120000)
		return 0;   /* two minutes: give up, the caller says so */
	int y = t->rows - 1;
	tui_fill(y, 0, t->cols, R_STATUS);
	char m[128];
	snprintf(m, sizeof m, "waiting for another user\xe2\x80\xa6 %d s (Esc: stop waiting)", waited_ms / 1000);
	tui_text(y, 1, t->cols - 2, m, R_MSG);
	refresh();
	/* Esc gives up; other keys wait for their turn */
	timeout(0);
	wint_t ch;
	int rc = get_wch(&ch);
	if (rc == OK && ch == 27)
		return 0;
	if (rc == KEY_CODE_YES)
		ungetch((int)ch);
	else if (rc == OK)
		unget_wch((wchar_t)ch);
	return 1;
}
