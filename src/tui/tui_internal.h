/* Shared between the files of src/tui only: the one place that includes
 * curses. Layers: draw.c (safe text, colour roles), keymap.c (actions and
 * keys), pane.c (generic paged list) with panes.c (one pane_ops per list),
 * detail.c, lineedit.c, form.c with forms.c (field tables), prompt.c,
 * tui.c (terminal, layout, main loop). */
#ifndef ACCORD_TUI_INTERNAL_H
#define ACCORD_TUI_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include <curses.h>

#include <accord/store.h>

/* ---- draw.c: colour roles and the one text-drawing function ---- */

enum role {
	R_NORMAL, R_HEADER, R_TITLE, R_BORDER, R_BORDER_FOCUS, R_CURSOR, R_CURSOR_DIM,
	R_STATUS, R_KEY, R_MSG, R_ERROR, R_LABEL, R_FIELD, R_FIELD_ACTIVE, R_PLACEHOLDER,
	R_DIM, R_COUNT
};

/* No UTF-8 locale could be had: draw ASCII only (transliterated). */
extern bool tui_ascii;

void tui_colors_init(bool mono);
attr_t tui_attr(enum role r);
/* Draw UTF-8 text s at (y, x) in at most width columns, measured with
 * wcwidth; control and unprintable characters from data become a visible
 * placeholder, never reach the terminal; text too long ends in "…".
 * Returns the columns used. */
int tui_text(int y, int x, int width, const char *s, enum role r);
/* The same for at most len bytes of s. */
int tui_textn(int y, int x, int width, const char *s, size_t len, enum role r);
/* Columns the text takes as tui_text would draw it. */
int tui_width(const char *s);
/* The byte length of the first line of s when wrapped at width columns
 * (breaking after a blank where possible; LF ends a line); *next gets
 * where the next line starts. */
size_t tui_wrap(const char *s, int width, const char **next);
void tui_fill(int y, int x, int width, enum role r);
void tui_box(int y, int x, int h, int w, const char *title, bool focus);
/* "more above/below" on a box's right border */
void tui_scroll_mark(int y, int x, bool up);
/* Key codes of a bracketed paste's start and end (define_key). */
#define TUI_KEY_PASTE_START (KEY_MAX + 1)
#define TUI_KEY_PASTE_END (KEY_MAX + 2)
/* ^Z: raw mode delivers it as a key; tui_getkey suspends on it. */
#define TUI_CTRL_Z 0x1a

/* ---- keymap.c: one action enum, one key table ---- */

enum action {
	A_NONE,
	/* anywhere */
	A_HELP, A_QUIT, A_REDRAW, A_SUSPEND, A_LANG, A_VIEW_BROWSE, A_VIEW_AGREEMENTS, A_SEARCH,
	/* lists */
	A_UP, A_DOWN, A_PGUP, A_PGDN, A_HOME, A_END, A_NEXT_PANE, A_PREV_PANE, A_OPEN, A_BACK,
	A_FIND, A_FIND_NEXT, A_FIND_PREV, A_ADD, A_EDIT, A_DELETE, A_ALL_COUNTRIES,
	A_SORT, A_SORT_DIR, A_FILTER, A_UNDO, A_MERGE,
	/* forms */
	A_SAVE, A_CANCEL, A_NEXT_FIELD, A_PREV_FIELD, A_PICK,
	/* the line editor */
	A_LE_LEFT, A_LE_RIGHT, A_LE_HOME, A_LE_END, A_LE_BACKSPACE, A_LE_DELETE, A_LE_KILL_END,
	A_LE_KILL_START, A_LE_KILL_WORD,
	A_COUNT
};

/* Where a key binding applies; looked up innermost first. */
enum keyctx { K_GLOBAL = 1, K_LIST = 2, K_BROWSE = 4, K_AGREEMENTS = 8, K_FORM = 16, K_EDIT = 32 };

/* A key as get_wch gives it: a function key (KEY_*) is tagged so that it
 * never equals a character. */
#define TUI_FKEY 0x40000000
static inline int tui_key(int rc, wint_t ch) { return rc == KEY_CODE_YES ? (int)ch | TUI_FKEY : (int)ch; }

enum action keymap_lookup(unsigned ctxs, int key);
/* "Tab pane  ↑↓ move ..." for the status line: the hinted actions of the
 * contexts, in table order, written into buf. */
void keymap_hints(unsigned ctxs, char *buf, size_t size);
/* Lines of the help screen, generated from the table; NULL-terminated,
 * malloc'd (keymap_help_free). */
char **keymap_help(void);
void keymap_help_free(char **lines);
/* The first key bound to a (for messages: "press F2"). */
const char *keymap_key_name(enum action a, char *buf, size_t size);

/* ---- detail.c: labelled values, wrapped ---- */

struct ditem {
	char *label;   /* NULL: a heading line */
	char *value;
};
struct detail {
	struct ditem *v;
	size_t n, cap;
	char key[64];   /* what it shows (uuid or code), to skip reloading */
};
void detail_add(struct detail *d, const char *label, const char *value);
void detail_addf(struct detail *d, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void detail_clear(struct detail *d);
/* Draw from line skip within the box; returns the number of lines the
 * whole text takes at this width. */
int detail_draw(const struct detail *d, int y, int x, int h, int w, int skip);

/* ---- lineedit.c: the one UTF-8 line editor ---- */

struct lineedit {
	wchar_t *buf;
	size_t len, cap, cur;
	size_t scroll;        /* first character shown */
	bool changed;
	bool pasting;         /* inside a bracketed paste */
};
enum le_result { LE_NONE, LE_CHANGED, LE_ENTER, LE_CANCEL, LE_OTHER };
int le_init(struct lineedit *le, const char *utf8);
void le_free(struct lineedit *le);
/* The text as malloc'd UTF-8. */
char *le_text(const struct lineedit *le);
void le_set(struct lineedit *le, const char *utf8);
/* Handle one key; LE_OTHER: not an editing key (the caller's). A line
 * break inside a bracketed paste joins the lines with a blank. */
enum le_result le_key(struct lineedit *le, int key);
/* Draw in width columns at (y, x); leaves the cursor there when focus. */
void le_draw(struct lineedit *le, int y, int x, int width, enum role r, bool focus);

/* ---- the program state ---- */

struct tui;
struct pane;

struct pane_ops {
	const char *name;
	/* Rows of the list (see store_list_rows). */
	int (*fetch)(struct tui *t, struct pane *p, enum store_dir dir, long long sid,
	             struct store_row *out, size_t max);
	void (*draw_row)(struct tui *t, struct pane *p, const struct store_row *r, int y, int x,
	                 int w, enum role role);
	/* The title on the border. */
	void (*title)(struct tui *t, struct pane *p, char *buf, size_t size);
	/* The cursor is on another row: update what depends on it. */
	void (*select)(struct tui *t, struct pane *p);
	/* Fill the detail area for the current row. */
	void (*detail)(struct tui *t, struct pane *p, struct detail *d);
	/* Actions of this pane (A_OPEN, A_ADD ...); false: not handled. */
	bool (*action)(struct tui *t, struct pane *p, enum action a);
};

struct pane {
	const struct pane_ops *ops;
	struct store_row *rows;   /* a window of the list, in list order */
	size_t n, cur, top;
	bool at_start, at_end;    /* rows[0] is the first row, rows[n-1] the last */
	char *filter;             /* incremental filter text, NULL if none */
	int y, x, h, w;           /* the box */
	bool dirty;               /* reload before drawing */
	bool partial;             /* the filter stopped before the end of the list */
	char empty[64];           /* shown when there are no rows */
};

enum view { V_BROWSE, V_AGREEMENTS, V_RESULTS };

struct tui {
	struct store *st;
	const char *db_path;
	char lang[4];
	char *config_path;
	int rows, cols;
	bool mono;
	enum view view;
	struct pane countries, insts, agrs, all, results;
	struct pane *focus;
	struct pane *browse_focus;   /* focus to return to in the browse view */
	struct detail detail;
	char msg[512];
	enum role msg_role;
	long long data_version;
	/* the countries pane works on this array */
	struct store_country_row *ctry;
	size_t n_ctry;
	bool all_countries;
	/* the "All agreements" view */
	enum store_sort sort;
	bool sort_desc;
	char f_country[3], f_status[16], f_area[128];
	int f_year;
	/* global search */
	char *search_text;
	struct store_hit *hits;
	size_t n_hits;
	bool quit;
};

/* ---- pane.c: the generic list ---- */
void pane_init(struct pane *p, const struct pane_ops *ops, const char *empty);
void pane_free(struct pane *p);
/* Read the list again, keeping the cursor on sid (0: the first row) or,
 * if that row is gone, near where it was. */
void pane_reload(struct tui *t, struct pane *p, long long sid);
const struct store_row *pane_current(const struct pane *p);
/* Forget the rows: read from the top when next drawn. */
void pane_reset(struct pane *p);
/* A generic list action (moving, finding); true if handled. */
bool pane_action(struct tui *t, struct pane *p, enum action a);
void pane_draw(struct tui *t, struct pane *p, bool focus);
/* Filter as you type in the status line. */
void pane_find(struct tui *t, struct pane *p);

/* ---- panes.c ---- */
extern const struct pane_ops pane_countries_ops, pane_institutions_ops, pane_agreements_ops,
	pane_all_ops, pane_results_ops;
int countries_load(struct tui *t);
/* Move the browse view to an institution (its country, then it). */
void browse_goto_institution(struct tui *t, const char *country, const char *uuid);

/* ---- detail.c ---- */
void detail_institution(struct tui *t, struct detail *d, const char *uuid);
void detail_agreement(struct tui *t, struct detail *d, const char *uuid);
void detail_country(struct tui *t, struct detail *d, const char *code);
/* One history entry as "field: old → new" (values shortened); self_table:
 * the table of the record shown, so that links are named (NULL: any but
 * institution and agreement). */
int detail_history_text(const struct store_history *h, const char *self_table, char *buf,
                        size_t size);
/* A full-screen, scrollable view of d until Esc/q. */
void detail_view(struct tui *t, const struct detail *d, const char *title);

/* ---- tui.c ---- */
void tui_message(struct tui *t, enum role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Redraw everything (after a modal screen, or to draw under one). */
void tui_draw(struct tui *t);
/* Wait for a key (with a timeout of ms, -1 for none); handles resizes by
 * calling redraw(ud). Returns the key (tui_key form), or 0 on timeout. */
int tui_getkey(struct tui *t, int ms, void (*redraw)(void *), void *ud);
/* After a change of data: reload the panes keeping their selection. */
void tui_refresh_data(struct tui *t);
/* The store failed: the message, without raw SQLite wording. */
void tui_store_error(struct tui *t, const char *what, int rc, char *err);

/* ---- prompt.c ---- */
/* A question in the status line: returns the key pressed (lower-cased). */
int prompt_key(struct tui *t, const char *question, const char *keys);
/* The same over another screen than the main one (a form). */
int prompt_key_over(struct tui *t, const char *question, const char *keys, void (*under)(void *),
                    void *ud);
/* A line of text in the status line; NULL when cancelled (malloc'd). */
char *prompt_line(struct tui *t, const char *label, const char *initial);
/* Text lines in a box over the screen; any key closes it. */
void prompt_box(struct tui *t, const char *title, char **lines);
/* The same, scrollable, with a question in the status line: returns one
 * of keys (lower-cased) or 27 for Esc. */
int prompt_box_choice(struct tui *t, const char *title, char **lines, const char *question,
                      const char *keys);
/* The busy handler: "waiting for another user…", Esc gives up. */
int prompt_busy(void *ud, int waited_ms);

/* ---- merge.c ---- */
/* Merge another copy of the registry (asks for its path); conflicts are
 * shown in a pane where the user keeps theirs or takes the other's. */
void merge_copy(struct tui *t);

/* ---- forms.c ---- */
void form_institution(struct tui *t, const char *uuid, const char *country);
void form_agreement(struct tui *t, const char *uuid, const char *party);
void form_delete_institution(struct tui *t, const char *uuid);
void form_delete_agreement(struct tui *t, const char *uuid);
/* The filters of the "All agreements" view, as a form. */
void form_filters(struct tui *t);

#endif
