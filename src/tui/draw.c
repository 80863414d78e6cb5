/* Colour roles and the one function that draws text.
 *
 * Every string from the database goes through tui_textn(): it decodes
 * UTF-8 itself (so invalid bytes cannot confuse the terminal), measures
 * columns with wcwidth, and replaces control characters (C0, DEL, C1,
 * bidi and other format controls) with a visible placeholder, so an
 * "ESC ] 0 ; x BEL" planted in a record is shown as "␛]0;x␇", never sent. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui_internal.h"

bool tui_ascii;

static const struct {
	short fg, bg;
	attr_t color_attr, mono_attr;
} roles[R_COUNT] = {
	[R_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_HEADER] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[R_TITLE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[R_BORDER] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_BORDER_FOCUS] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[R_CURSOR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[R_CURSOR_DIM] = { COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_UNDERLINE },
	[R_STATUS] = { -1, -1, A_NORMAL, A_NORMAL },
	[R_KEY] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[R_MSG] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[R_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[R_LABEL] = { COLOR_CYAN, -1, A_NORMAL, A_BOLD },
	[R_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[R_FIELD_ACTIVE] = { COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE },
	[R_PLACEHOLDER] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[R_DIM] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
};

static bool mono_mode = true;

void tui_colors_init(bool mono)
{
	mono_mode = mono || !has_colors();
	if (mono_mode)
		return;
	start_color();
	bool dflt = use_default_colors() == OK;
	for (int r = 0; r < R_COUNT; r++) {
		short fg = roles[r].fg, bg = roles[r].bg;
		if (!dflt) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(r + 1), fg, bg);
	}
}

attr_t tui_attr(enum role r)
{
	if (mono_mode)
		return roles[r].mono_attr;
	return roles[r].color_attr | (attr_t)COLOR_PAIR(r + 1);
}

/* One character of UTF-8; *cp is U+FFFD for a bad byte (consumed alone). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t v = len == 1 ? c : c & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3Fu);
	}
	static const uint32_t min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		v = 0xFFFD, len = 1;
	*cp = v;
	return len;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0)
	       || (c >= 0x200B && c <= 0x200F)   /* zero-width and direction marks */
	       || (c >= 0x2028 && c <= 0x202E)   /* separators, bidi embedding */
	       || (c >= 0x2060 && c <= 0x206F)   /* bidi isolates, invisible operators */
	       || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
}

/* ASCII for a character when the terminal cannot show UTF-8: Russian,
 * Ukrainian, Belarusian letters by the usual Latin transliteration, Latin
 * letters with marks as their base letter. NULL: no good one. */
static const char *translit(uint32_t c)
{
	static const char *const cyr[64] = {
		"A", "B", "V", "G", "D", "E", "Zh", "Z", "I", "Y", "K", "L", "M", "N", "O", "P",
		"R", "S", "T", "U", "F", "Kh", "Ts", "Ch", "Sh", "Shch", "", "Y", "", "E", "Yu", "Ya",
		"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
		"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
	};
	if (c >= 0x410 && c <= 0x44F)
		return cyr[c - 0x410];
	switch (c) {
	case 0x401: return "Yo";  case 0x451: return "yo";
	case 0x404: return "Ye";  case 0x454: return "ye";
	case 0x406: return "I";   case 0x456: return "i";
	case 0x407: return "Yi";  case 0x457: return "yi";
	case 0x490: return "G";   case 0x491: return "g";
	case 0x40E: return "U";   case 0x45E: return "u";
	case 0xAB: case 0xBB: case 0x201C: case 0x201D: case 0x201E: return "\"";
	case 0x2018: case 0x2019: case 0x02BC: return "'";
	case 0x2013: case 0x2014: return "-";
	case 0x2026: return "...";
	case 0x2116: return "No.";
	case 0xB7: case 0x2022: return "-";
	case 0x2190: return "<-"; case 0x2192: return "->";
	case 0x2191: return "^"; case 0x2193: return "v";
	case 0xDF: return "ss";
	}
	static const char latin1[] =   /* U+00C0..U+00FF */
		"AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTs" "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
	static char one[2];
	if (c >= 0xC0 && c <= 0xFF) {
		one[0] = latin1[c - 0xC0];
		return one;
	}
	static const char ext_a[] =    /* U+0100..U+017F */
		"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
	if (c >= 0x100 && c <= 0x17F) {
		one[0] = ext_a[c - 0x100];
		return one;
	}
	return NULL;
}

#define SEG 256

/* Characters of one role, written with one addnwstr at the cursor. */
struct out {
	wchar_t buf[SEG + 1];
	int n;
	enum role role;
};

static void flush(struct out *o)
{
	if (o->n == 0)
		return;
	o->buf[o->n] = L'\0';
	attr_t a = tui_attr(o->role);
	attron(a);
	addnwstr(o->buf, o->n);
	attroff(a);
	o->n = 0;
}

static void put(struct out *o, wchar_t c, enum role r)
{
	if (o->n && (o->role != r || o->n >= SEG - 1))
		flush(o);
	o->role = r;
	o->buf[o->n++] = c;
}

/* One character's look: the wide char to draw (or an ASCII string) and
 * its width. */
struct glyph {
	wchar_t wc;
	const char *ascii;
	int cols;
	bool placeholder;
};

static void glyph_of(uint32_t c, struct glyph *g)
{
	memset(g, 0, sizeof *g);
	if (c == '\t')
		c = ' ';
	if (is_control(c) || c == 0xFFFD) {
		g->placeholder = true;
		g->cols = 1;
		if (tui_ascii)
			g->ascii = "?";
		else
			g->wc = c < 0x20 ? (wchar_t)(0x2400 + c) : c == 0x7F ? (wchar_t)0x2421 : (wchar_t)0xFFFD;
		return;
	}
	if (tui_ascii) {
		if (c >= 0x20 && c < 0x7F) {
			static char one[2];
			one[0] = (char)c;
			g->ascii = one;
		} else if (c >= 0x300 && c <= 0x36F) {
			g->ascii = "";      /* combining mark: drop */
		} else if (!(g->ascii = translit(c))) {
			g->ascii = "?";
			g->placeholder = true;
		}
		g->cols = (int)strlen(g->ascii);
		return;
	}
	int w = wcwidth((wchar_t)c);
	if (w < 0) {
		g->placeholder = true;
		g->wc = 0xFFFD;
		g->cols = 1;
		return;
	}
	g->wc = (wchar_t)c;
	g->cols = w;
}

int tui_width(const char *s)
{
	if (!s)
		return 0;
	int cols = 0;
	size_t n = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	while (n) {
		uint32_t c;
		size_t k = decode(p, n, &c);
		p += k;
		n -= k;
		struct glyph g;
		glyph_of(c, &g);
		cols += g.cols;
	}
	return cols;
}

int tui_textn(int y, int x, int width, const char *s, size_t len, enum role r)
{
	if (!s || width <= 0)
		return 0;
	const unsigned char *p = (const unsigned char *)s;
	/* Too long: leave one column for the ellipsis. */
	int limit = width;
	{
		int total = 0;
		size_t n = len;
		const unsigned char *q = p;
		while (n && total <= width) {
			uint32_t c;
			size_t k = decode(q, n, &c);
			q += k;
			n -= k;
			struct glyph g;
			glyph_of(c, &g);
			total += g.cols;
		}
		if (total > width)
			limit = width - 1;
	}
	struct out o = { .n = 0 };
	move(y, x);
	int cols = 0;
	size_t n = len;
	bool truncated = false;
	while (n) {
		uint32_t c;
		size_t k = decode(p, n, &c);
		struct glyph g;
		glyph_of(c, &g);
		if (cols + g.cols > limit) {
			truncated = true;
			break;
		}
		p += k;
		n -= k;
		enum role gr = g.placeholder ? R_PLACEHOLDER : r;
		if (g.ascii) {
			for (const char *a = g.ascii; *a; a++)
				put(&o, (wchar_t)*a, gr);
		} else if (g.cols == 0) {
			/* a combining mark joins the character before it */
			if (cols > 0)
				put(&o, g.wc, o.n ? o.role : gr);
		} else {
			put(&o, g.wc, gr);
		}
		cols += g.cols;
	}
	flush(&o);
	if (truncated || (limit < width && n)) {
		attr_t a = tui_attr(r);
		attron(a);
		if (tui_ascii)
			mvaddch(y, x + cols, '~');
		else
			mvaddwstr(y, x + cols, L"\u2026");
		attroff(a);
		cols++;
	}
	return cols;
}

int tui_text(int y, int x, int width, const char *s, enum role r)
{
	return s ? tui_textn(y, x, width, s, strlen(s), r) : 0;
}

size_t tui_wrap(const char *s, int width, const char **next)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, brk = 0;
	int cols = 0;
	while (i < n) {
		if (s[i] == '\n') {
			*next = s + i + 1;
			return i;
		}
		uint32_t c;
		size_t k = decode(p + i, n - i, &c);
		struct glyph g;
		glyph_of(c, &g);
		if (cols + g.cols > width && i > 0) {
			size_t end = brk ? brk : i;
			const char *q = s + end;
			while (*q == ' ')
				q++;
			*next = q;
			return end;
		}
		cols += g.cols;
		i += k;
		if (c == ' ')
			brk = i;
	}
	*next = s + n;
	return n;
}

void tui_fill(int y, int x, int width, enum role r)
{
	if (width <= 0)
		return;
	attr_t a = tui_attr(r);
	attron(a);
	mvhline(y, x, ' ', width);
	attroff(a);
}

/* Box lines: the Unicode characters in a UTF-8 locale (terminals draw
 * them right where some mishandle the alternate character set), the
 * alternate set (ACS) otherwise, which even a vt100 has. */
static void box_hline(int y, int x, int n)
{
	if (tui_ascii)
		mvhline(y, x, ACS_HLINE, n);
	else
		for (int i = 0; i < n; i++)
			mvaddwstr(y, x + i, L"\u2500");
}

static void box_vline(int y, int x, int n)
{
	if (tui_ascii)
		mvvline(y, x, ACS_VLINE, n);
	else
		for (int i = 0; i < n; i++)
			mvaddwstr(y + i, x, L"\u2502");
}

static void corner(int y, int x, chtype acs, const wchar_t *u)
{
	if (tui_ascii)
		mvaddch(y, x, acs);
	else
		mvaddwstr(y, x, u);
}

void tui_box(int y, int x, int h, int w, const char *title, bool focus)
{
	if (h < 2 || w < 2)
		return;
	attr_t a = tui_attr(focus ? R_BORDER_FOCUS : R_BORDER);
	attron(a);
	corner(y, x, ACS_ULCORNER, L"\u250c");
	box_hline(y, x + 1, w - 2);
	corner(y, x + w - 1, ACS_URCORNER, L"\u2510");
	box_vline(y + 1, x, h - 2);
	box_vline(y + 1, x + w - 1, h - 2);
	corner(y + h - 1, x, ACS_LLCORNER, L"\u2514");
	box_hline(y + h - 1, x + 1, w - 2);
	corner(y + h - 1, x + w - 1, ACS_LRCORNER, L"\u2518");
	attroff(a);
	if (title && w > 6) {
		mvaddch(y, x + 1, ' ');
		int c = tui_text(y, x + 2, w - 5, title, focus ? R_BORDER_FOCUS : R_TITLE);
		mvaddch(y, x + 2 + c, ' ');
	}
}

void tui_scroll_mark(int y, int x, bool up)
{
	if (tui_ascii)
		mvaddch(y, x, up ? ACS_UARROW : ACS_DARROW);
	else
		mvaddwstr(y, x, up ? L"\u2191" : L"\u2193");
}
