/* Actions and their keys: one table. Key -> action lookup, the status
 * line's hints and the help screen are all made from it, so they cannot
 * drift apart. Every action has a letter or plain key and, where it is a
 * common one, a function key too (for terminals and people used to them). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/tui.h>

#include "tui_internal.h"

#define CTRL(c) ((c) & 0x1f)
#define F(k) ((k) | TUI_FKEY)
#define ESC 27

struct keydef {
	enum action a;
	unsigned ctx;
	int keys[5];        /* 0-terminated */
	const char *hint;   /* label in the status line, or NULL */
	const char *help;
};

static const struct keydef table[] = {
	/* browse: the hints read left to right in this order */
	{ .a = A_NEXT_PANE, .ctx = K_BROWSE, .keys = { '\t', F(KEY_RIGHT), 'l' }, .hint = "pane",
	  .help = "next pane (countries, institutions, agreements)" },
	{ .a = A_PREV_PANE, .ctx = K_BROWSE, .keys = { F(KEY_BTAB), F(KEY_LEFT), 'h' },
	  .help = "previous pane" },
	{ .a = A_OPEN, .ctx = K_LIST, .keys = { '\n', '\r', F(KEY_ENTER) }, .hint = "open",
	  .help = "open: go into the selection, or show an agreement whole" },
	{ .a = A_FIND, .ctx = K_LIST, .keys = { '/', F(KEY_F(3)) }, .hint = "find",
	  .help = "filter this list as you type (name, acronym, city; title)" },
	{ .a = A_FIND_NEXT, .ctx = K_LIST, .keys = { 'n' }, .help = "next match" },
	{ .a = A_FIND_PREV, .ctx = K_LIST, .keys = { 'N' }, .help = "previous match" },
	{ .a = A_ADD, .ctx = K_LIST, .keys = { 'a', F(KEY_F(7)), F(KEY_IC) }, .hint = "add",
	  .help = "add an institution or agreement (in the focused pane)" },
	{ .a = A_EDIT, .ctx = K_LIST, .keys = { 'e', F(KEY_F(4)) }, .hint = "edit",
	  .help = "edit the selected record" },
	{ .a = A_DELETE, .ctx = K_LIST, .keys = { 'd', F(KEY_F(8)), F(KEY_DC) }, .hint = "delete",
	  .help = "delete the selected record (asks first)" },
	{ .a = A_UNDO, .ctx = K_LIST, .keys = { 'u' }, .hint = "undo",
	  .help = "undo your last change of this session" },
	{ .a = A_MERGE, .ctx = K_GLOBAL, .keys = { 'M' },
	  .help = "merge with another copy (a file): both end the same" },
	{ .a = A_SORT, .ctx = K_AGREEMENTS, .keys = { 's' }, .hint = "sort",
	  .help = "sort by date, title, status or country pair" },
	{ .a = A_SORT_DIR, .ctx = K_AGREEMENTS, .keys = { 'r' }, .help = "reverse the order" },
	{ .a = A_FILTER, .ctx = K_AGREEMENTS, .keys = { 'f' }, .hint = "filter",
	  .help = "filter by country, area, status, year" },
	{ .a = A_ALL_COUNTRIES, .ctx = K_BROWSE, .keys = { 'o' },
	  .help = "all countries, or only those with institutions" },
	{ .a = A_UP, .ctx = K_LIST, .keys = { F(KEY_UP), 'k' }, .help = "move up" },
	{ .a = A_DOWN, .ctx = K_LIST, .keys = { F(KEY_DOWN), 'j' }, .help = "move down" },
	{ .a = A_PGUP, .ctx = K_LIST, .keys = { F(KEY_PPAGE), CTRL('B') }, .help = "page up" },
	{ .a = A_PGDN, .ctx = K_LIST, .keys = { F(KEY_NPAGE), CTRL('F'), ' ' }, .help = "page down" },
	{ .a = A_HOME, .ctx = K_LIST, .keys = { F(KEY_HOME), '<' }, .help = "first row" },
	{ .a = A_END, .ctx = K_LIST, .keys = { F(KEY_END), '>' }, .help = "last row" },
	{ .a = A_BACK, .ctx = K_LIST, .keys = { ESC, F(KEY_BACKSPACE), 127 },
	  .help = "back: clear the filter, or return to the browse view" },
	/* anywhere */
	{ .a = A_SEARCH, .ctx = K_GLOBAL, .keys = { 'g', ':', F(KEY_F(5)) }, .hint = "search",
	  .help = "search all institutions and agreements" },
	{ .a = A_VIEW_AGREEMENTS, .ctx = K_GLOBAL, .keys = { '2', F(KEY_F(6)) }, .hint = "all agr.",
	  .help = "the All agreements view" },
	{ .a = A_VIEW_BROWSE, .ctx = K_GLOBAL, .keys = { '1' }, .help = "the browse view" },
	{ .a = A_LANG, .ctx = K_GLOBAL, .keys = { 'L', F(KEY_F(9)) },
	  .help = "language of country names: en, ru, uk, et (remembered)" },
	{ .a = A_HELP, .ctx = K_GLOBAL, .keys = { '?', F(KEY_F(1)) }, .help = "this help" },
	{ .a = A_REDRAW, .ctx = K_GLOBAL, .keys = { CTRL('L') }, .help = "redraw the screen" },
	/* handled in tui_getkey, listed here for the help screen */
	{ .a = A_SUSPEND, .ctx = K_GLOBAL, .keys = { CTRL('Z') }, .help = "suspend to the shell (fg resumes)" },
	{ .a = A_QUIT, .ctx = K_GLOBAL, .keys = { 'q', F(KEY_F(10)) },
	  .help = "quit (asks first if a form has unsaved input)" },
	/* forms */
	{ .a = A_SAVE, .ctx = K_FORM, .keys = { CTRL('S'), F(KEY_F(2)) }, .hint = "save",
	  .help = "save" },
	{ .a = A_CANCEL, .ctx = K_FORM, .keys = { ESC }, .hint = "cancel",
	  .help = "cancel (asks before discarding changes)" },
	{ .a = A_NEXT_FIELD, .ctx = K_FORM, .keys = { '\t', F(KEY_DOWN) }, .hint = "next",
	  .help = "next field" },
	{ .a = A_PREV_FIELD, .ctx = K_FORM, .keys = { F(KEY_BTAB), F(KEY_UP) }, .help = "previous field" },
	{ .a = A_PICK, .ctx = K_FORM, .keys = { '\n', '\r', F(KEY_ENTER) }, .hint = "pick",
	  .help = "take the highlighted choice; in a text field, next field" },
	/* the line editor */
	{ .a = A_LE_LEFT, .ctx = K_EDIT, .keys = { F(KEY_LEFT), CTRL('B') }, .help = "cursor left" },
	{ .a = A_LE_RIGHT, .ctx = K_EDIT, .keys = { F(KEY_RIGHT), CTRL('F') }, .help = "cursor right" },
	{ .a = A_LE_HOME, .ctx = K_EDIT, .keys = { F(KEY_HOME), CTRL('A') }, .help = "start of the text" },
	{ .a = A_LE_END, .ctx = K_EDIT, .keys = { F(KEY_END), CTRL('E') }, .help = "end of the text" },
	{ .a = A_LE_BACKSPACE, .ctx = K_EDIT, .keys = { F(KEY_BACKSPACE), 127, CTRL('H') },
	  .help = "delete the character before the cursor" },
	{ .a = A_LE_DELETE, .ctx = K_EDIT, .keys = { F(KEY_DC), CTRL('D') },
	  .help = "delete the character under the cursor" },
	{ .a = A_LE_KILL_END, .ctx = K_EDIT, .keys = { CTRL('K') }, .help = "delete to the end" },
	{ .a = A_LE_KILL_START, .ctx = K_EDIT, .keys = { CTRL('U') }, .help = "delete to the start" },
	{ .a = A_LE_KILL_WORD, .ctx = K_EDIT, .keys = { CTRL('W') }, .help = "delete the word before the cursor" },
};

#define N_KEYS (sizeof table / sizeof *table)

enum action keymap_lookup(unsigned ctxs, int key)
{
	/* innermost context first */
	static const unsigned order[] = { K_EDIT, K_FORM, K_LIST, K_BROWSE, K_AGREEMENTS, K_GLOBAL };
	for (size_t o = 0; o < sizeof order / sizeof *order; o++) {
		if (!(ctxs & order[o]))
			continue;
		for (size_t i = 0; i < N_KEYS; i++) {
			if (!(table[i].ctx & order[o]))
				continue;
			for (int k = 0; k < 5 && table[i].keys[k]; k++)
				if (table[i].keys[k] == key)
					return table[i].a;
		}
	}
	return A_NONE;
}

static const char *keyname_of(int k, char *buf, size_t size)
{
	if (k & TUI_FKEY) {
		int c = k & ~TUI_FKEY;
		static const struct { int code; const char *name; } names[] = {
			{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" }, { KEY_RIGHT, "Right" },
			{ KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" }, { KEY_HOME, "Home" }, { KEY_END, "End" },
			{ KEY_BTAB, "S-Tab" }, { KEY_ENTER, "Enter" }, { KEY_DC, "Del" }, { KEY_IC, "Ins" },
			{ KEY_BACKSPACE, "Backspace" },
		};
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (names[i].code == c)
				return names[i].name;
		if (c >= KEY_F(1) && c <= KEY_F(12)) {
			snprintf(buf, size, "F%d", c - KEY_F0);
			return buf;
		}
		snprintf(buf, size, "key %d", c);
		return buf;
	}
	switch (k) {
	case '\t': return "Tab";
	case '\n': case '\r': return "Enter";
	case ESC: return "Esc";
	case 127: return "Backspace";
	case ' ': return "Space";
	}
	if (k < 32)
		snprintf(buf, size, "^%c", k + 64);
	else
		snprintf(buf, size, "%c", k);   /* the table's keys are ASCII */
	return buf;
}

const char *keymap_key_name(enum action a, char *buf, size_t size)
{
	for (size_t i = 0; i < N_KEYS; i++)
		if (table[i].a == a)
			return keyname_of(table[i].keys[0], buf, size);
	return "?";
}

void keymap_hints(unsigned ctxs, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < N_KEYS; i++) {
		if (!(table[i].ctx & ctxs) || !table[i].hint)
			continue;
		char kb[16];
		int k = snprintf(buf + n, size - n, "%s%s %s", n ? "  " : "",
		                 keyname_of(table[i].keys[0], kb, sizeof kb), table[i].hint);
		if (k < 0 || (size_t)k >= size - n) {
			buf[n] = '\0';
			return;
		}
		n += (size_t)k;
	}
}

char **keymap_help(void)
{
	static const struct { unsigned ctx; const char *title; } groups[] = {
		{ K_GLOBAL, "Anywhere" }, { K_LIST, "In a list" }, { K_BROWSE, "Browse view" },
		{ K_AGREEMENTS, "All agreements view" }, { K_FORM, "In a form" },
		{ K_EDIT, "Editing text (forms, find, prompts)" },
	};
	size_t cap = N_KEYS + 3 * (sizeof groups / sizeof *groups) + 2, n = 0;
	char **lines = calloc(cap, sizeof *lines);
	if (!lines)
		return NULL;
	for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
		if (n && !(lines[n++] = strdup("")))
			goto oom;
		if (!(lines[n++] = strdup(groups[g].title)))
			goto oom;
		for (size_t i = 0; i < N_KEYS; i++) {
			if (!(table[i].ctx & groups[g].ctx))
				continue;
			char keys[64] = "", kb[16], last[16] = "";
			size_t kn = 0;
			for (int k = 0; k < 5 && table[i].keys[k]; k++) {
				/* Enter is bound twice (LF and CR), Backspace too (the
				 * key and DEL): show each name once */
				if (table[i].keys[k] == '\r' || (table[i].keys[k] == F(KEY_ENTER) && k > 0))
					continue;
				const char *name = keyname_of(table[i].keys[k], kb, sizeof kb);
				if (strcmp(name, last) == 0)
					continue;
				snprintf(last, sizeof last, "%s", name);
				int w = snprintf(keys + kn, sizeof keys - kn, "%s%s", kn ? " " : "", name);
				if (w > 0 && (size_t)w < sizeof keys - kn)
					kn += (size_t)w;
			}
			if (asprintf(&lines[n], "  %-22s %s", keys, table[i].help) < 0) {
				lines[n] = NULL;
				goto oom;
			}
			n++;
		}
	}
	return lines;
oom:
	keymap_help_free(lines);
	return NULL;
}

void keymap_help_free(char **lines)
{
	if (!lines)
		return;
	for (char **l = lines; *l; l++)
		free(*l);
	free(lines);
}

int tui_print_keys(FILE *out)
{
	char **lines = keymap_help();
	if (!lines)
		return -1;
	for (size_t i = 0; lines[i]; i++)
		fprintf(out, "%s%s\n", lines[i][0] == ' ' ? "  " : "", lines[i]);
	keymap_help_free(lines);
	return 0;
}
