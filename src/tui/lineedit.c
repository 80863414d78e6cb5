/* The one line editor: every form field, prompt and find box. The text is
 * a buffer of code points (wchar_t is UTF-32 on the systems we build for),
 * decoded and encoded here so that it works the same in any locale; the
 * cursor is placed by display columns (wcwidth), so Cyrillic, wide and
 * combining characters keep it where the user sees it. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

static bool grow(struct lineedit *le, size_t need)
{
	if (need + 1 <= le->cap)
		return true;
	size_t cap = le->cap ? le->cap : 32;
	while (cap < need + 1)
		cap *= 2;
	wchar_t *b = realloc(le->buf, cap * sizeof *b);
	if (!b)
		return false;
	le->buf = b;
	le->cap = cap;
	return true;
}

void le_set(struct lineedit *le, const char *s)
{
	le->len = le->cur = le->scroll = 0;
	if (!grow(le, s ? strlen(s) : 0))
		return;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t c = *p++;
		int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
		if (more)
			c &= 0x3Fu >> more;
		while (more-- && (*p & 0xC0) == 0x80)
			c = c << 6 | (*p++ & 0x3Fu);
		/* a field is one line: line breaks and tabs become blanks */
		le->buf[le->len++] = (wchar_t)(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
	}
	le->buf[le->len] = 0;
	le->cur = le->len;
}

int le_init(struct lineedit *le, const char *s)
{
	memset(le, 0, sizeof *le);
	if (!grow(le, 16))
		return -1;
	le_set(le, s);
	return 0;
}

void le_free(struct lineedit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

char *le_text(const struct lineedit *le)
{
	char *o = malloc(le->len * 4 + 1), *p = o;
	if (!o)
		return NULL;
	for (size_t i = 0; i < le->len; i++) {
		uint32_t c = (uint32_t)le->buf[i];
		if (c < 0x80) {
			*p++ = (char)c;
		} else if (c < 0x800) {
			*p++ = (char)(0xC0 | c >> 6);
			*p++ = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			*p++ = (char)(0xE0 | c >> 12);
			*p++ = (char)(0x80 | (c >> 6 & 0x3F));
			*p++ = (char)(0x80 | (c & 0x3F));
		} else {
			*p++ = (char)(0xF0 | c >> 18);
			*p++ = (char)(0x80 | (c >> 12 & 0x3F));
			*p++ = (char)(0x80 | (c >> 6 & 0x3F));
			*p++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*p = '\0';
	return o;
}

static void insert(struct lineedit *le, wchar_t c)
{
	if (!grow(le, le->len + 1))
		return;
	memmove(le->buf + le->cur + 1, le->buf + le->cur, (le->len - le->cur + 1) * sizeof *le->buf);
	le->buf[le->cur++] = c;
	le->len++;
}

static void erase_range(struct lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->buf + from, le->buf + to, (le->len - to + 1) * sizeof *le->buf);
	le->len -= to - from;
	le->cur = from;
}

enum le_result le_key(struct lineedit *le, int key)
{
	if (key == (TUI_KEY_PASTE_START | TUI_FKEY) || key == (TUI_KEY_PASTE_END | TUI_FKEY)) {
		le->pasting = key == (TUI_KEY_PASTE_START | TUI_FKEY);
		return LE_NONE;
	}
	if (key == '\n' || key == '\r' || (le->pasting && key == '\t')) {
		if (!le->pasting)
			return LE_ENTER;
		/* a pasted line break: join the lines, never end the field */
		if (le->cur > 0 && le->buf[le->cur - 1] != ' ') {
			insert(le, ' ');
			le->changed = true;
		}
		return LE_CHANGED;
	}
	if (!(key & TUI_FKEY) && key >= 32 && key != 127) {
		if (key == 0xFEFF || (key >= 0x80 && key < 0xA0))
			return LE_NONE;   /* never store a control character */
		insert(le, (wchar_t)key);
		le->changed = true;
		return LE_CHANGED;
	}
	size_t old_len = le->len;
	switch (keymap_lookup(K_EDIT, key)) {
	case A_LE_LEFT: if (le->cur) le->cur--; return LE_NONE;
	case A_LE_RIGHT: if (le->cur < le->len) le->cur++; return LE_NONE;
	case A_LE_HOME: le->cur = 0; return LE_NONE;
	case A_LE_END: le->cur = le->len; return LE_NONE;
	case A_LE_BACKSPACE:
		if (le->cur)
			erase_range(le, le->cur - 1, le->cur);
		break;
	case A_LE_DELETE:
		if (le->cur < le->len)
			erase_range(le, le->cur, le->cur + 1);
		break;
	case A_LE_KILL_END:
		le->len = le->cur;
		le->buf[le->len] = 0;
		break;
	case A_LE_KILL_START:
		erase_range(le, 0, le->cur);
		break;
	case A_LE_KILL_WORD: {
		size_t i = le->cur;
		while (i > 0 && le->buf[i - 1] == ' ')
			i--;
		while (i > 0 && le->buf[i - 1] != ' ')
			i--;
		erase_range(le, i, le->cur);
		break;
	}
	default:
		return LE_OTHER;
	}
	if (le->len != old_len)
		le->changed = true;
	return le->len != old_len ? LE_CHANGED : LE_NONE;
}

static int cols_of(const wchar_t *s, size_t n)
{
	int c = 0;
	for (size_t i = 0; i < n; i++) {
		int w = tui_ascii ? 1 : wcwidth(s[i]);
		c += w < 0 ? 1 : w;
	}
	return c;
}

void le_draw(struct lineedit *le, int y, int x, int width, enum role r, bool focus)
{
	if (width < 2)
		return;
	if (!focus)
		le->scroll = 0;   /* a field not being edited reads from its start */
	/* Keep the cursor in view, with a column spare for it at the end. */
	if (focus && le->scroll > le->cur)
		le->scroll = le->cur;
	while (focus && le->scroll < le->cur && cols_of(le->buf + le->scroll, le->cur - le->scroll) > width - 1)
		le->scroll++;
	tui_fill(y, x, width, r);
	struct lineedit view = *le;
	/* draw the visible part through the one text function */
	view.buf = le->buf + le->scroll;
	view.len = le->len - le->scroll;
	char *text = le_text(&view);
	if (text)
		tui_text(y, x, width, text, r);
	free(text);
	if (focus) {
		/* In ASCII mode a character may draw as several letters: place
		 * the cursor by what was drawn. */
		int cx;
		if (tui_ascii) {
			view.len = le->cur - le->scroll;
			char *pre = le_text(&view);
			cx = pre ? tui_width(pre) : 0;
			free(pre);
		} else {
			cx = cols_of(le->buf + le->scroll, le->cur - le->scroll);
		}
		move(y, x + (cx < width ? cx : width - 1));
	}
}
