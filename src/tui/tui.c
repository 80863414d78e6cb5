/* The full-screen program: terminal and locale setup, layout, the main
 * loop (key -> action -> focused pane -> generic list), and keeping the
 * panes in step with the database when someone else writes to it. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accord/paths.h>
#include <accord/tui.h>

#include "settings.h"
#include "tui_internal.h"

#define MIN_COLS 60
#define MIN_ROWS 16
#define POLL_MS 1000

/* ---- terminal ---- */

static SCREEN *screen;
static bool active;

/* Restores the terminal on every way out (atexit too). */
static void restore_terminal(void)
{
	if (!active)
		return;
	active = false;
	putp("\033[?2004l");   /* bracketed paste off */
	fflush(stdout);
	endwin();
}

/* SIGTERM (and SIGINT, a key in raw mode, so only from kill): ncurses'
 * own handler leaves the screen and exits without atexit, so turn
 * bracketed paste off first (write is async-signal-safe), then chain. */
static struct sigaction prev_term, prev_int;

static void on_fatal_signal(int sig)
{
	static const char off[] = "\033[?2004l";
	ssize_t w = write(STDOUT_FILENO, off, sizeof off - 1);
	(void)w;
	struct sigaction *p = sig == SIGTERM ? &prev_term : &prev_int;
	if (!(p->sa_flags & SA_SIGINFO) && p->sa_handler != SIG_DFL && p->sa_handler != SIG_IGN) {
		p->sa_handler(sig);
		return;
	}
	sigaction(sig, p, NULL);
	raise(sig);
}

/* SIGTSTP: ncurses' handler leaves the screen, stops the process and,
 * on SIGCONT, redraws; the shell must not get pasted text bracketed while
 * we are stopped, so paste goes off around it and back on after. */
static struct sigaction prev_tstp;

static void on_suspend(int sig)
{
	static const char off[] = "\033[?2004l", on[] = "\033[?2004h";
	int saved = errno;
	ssize_t w = write(STDOUT_FILENO, off, sizeof off - 1);
	if (!(prev_tstp.sa_flags & SA_SIGINFO) && prev_tstp.sa_handler != SIG_DFL &&
	    prev_tstp.sa_handler != SIG_IGN) {
		prev_tstp.sa_handler(sig);   /* returns once continued */
	} else {
		/* no ncurses handler: stop as the default would (SIGTSTP is
		 * blocked inside its own handler: unblock it, or raise would
		 * only leave it pending for this handler again) */
		signal(SIGTSTP, SIG_DFL);
		sigset_t set;
		sigemptyset(&set);
		sigaddset(&set, SIGTSTP);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise(SIGTSTP);
		struct sigaction sa = { .sa_handler = on_suspend, .sa_flags = SA_RESTART };
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTSTP, &sa, NULL);
	}
	w = write(STDOUT_FILENO, on, sizeof on - 1);
	(void)w;
	errno = saved;
}

static void catch_fatal(int sig, struct sigaction *prev)
{
	struct sigaction sa = { .sa_handler = on_fatal_signal, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, NULL, prev) == 0 && prev->sa_handler != SIG_IGN)
		sigaction(sig, &sa, NULL);
}

static void free_screen(void)
{
	if (screen) {
		delscreen(screen);
		screen = NULL;
	}
}

/* The terminal must be UTF-8 for Cyrillic: if the locale is not (LANG=C
 * over SSH is common), take an installed UTF-8 locale; if there is none,
 * draw ASCII with a transliteration and say why. */
static const char *setup_locale(void)
{
	const char *force = getenv("ACCORD_ASCII");
	if (force && *force && strcmp(force, "0") != 0) {
		setlocale(LC_CTYPE, "C");
		tui_ascii = true;
		return "ASCII only (ACCORD_ASCII is set): names are transliterated";
	}
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return NULL;
	static const char *const first[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8" };
	for (size_t i = 0; i < sizeof first / sizeof *first; i++)
		if (setlocale(LC_CTYPE, first[i]) && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
			return NULL;
	/* any other installed UTF-8 locale */
	DIR *d = opendir("/usr/lib/locale");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if ((strstr(e->d_name, ".utf8") || strstr(e->d_name, ".UTF-8"))
		    && setlocale(LC_CTYPE, e->d_name) && strcmp(nl_langinfo(CODESET), "UTF-8") == 0) {
			closedir(d);
			return NULL;
		}
	}
	if (d)
		closedir(d);
	setlocale(LC_CTYPE, "C");
	tui_ascii = true;
	return "No UTF-8 locale: Cyrillic needs a UTF-8 terminal (LANG=C.UTF-8); names are transliterated";
}

/* ---- messages ---- */

void tui_message(struct tui *t, enum role r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	va_end(ap);
	t->msg_role = r;
}

void tui_store_error(struct tui *t, const char *what, int rc, char *err)
{
	if (rc == STORE_BUSY)
		tui_message(t, R_ERROR, "%s: another user is writing; try again", what);
	else
		tui_message(t, R_ERROR, "%s: %s", what, err ? err : "failed");
	free(err);
}

/* ---- layout and drawing ---- */

static bool too_small(const struct tui *t)
{
	return t->cols < MIN_COLS || t->rows < MIN_ROWS;
}

static void layout(struct tui *t)
{
	int top = (t->rows - 2) * 55 / 100;
	if (top < 8)
		top = 8;
	int cw = t->cols * 27 / 100, aw = t->cols * 36 / 100;
	cw = cw < 21 ? 21 : cw > 34 ? 34 : cw;
	struct pane *p;
	p = &t->countries;
	p->y = 1, p->x = 0, p->h = top, p->w = cw;
	p = &t->insts;
	p->y = 1, p->x = cw, p->h = top, p->w = t->cols - cw - aw;
	p = &t->agrs;
	p->y = 1, p->x = t->cols - aw, p->h = top, p->w = aw;
	int big = (t->rows - 2) * 60 / 100;
	for (struct pane *q = &t->all; q; q = q == &t->all ? &t->results : NULL)
		q->y = 1, q->x = 0, q->h = big, q->w = t->cols;
}

static int detail_top(const struct tui *t)
{
	return 1 + (t->view == V_BROWSE ? t->countries.h : t->all.h);
}

static unsigned contexts(const struct tui *t)
{
	unsigned c = K_LIST | K_GLOBAL;
	if (t->view == V_BROWSE)
		c |= K_BROWSE;
	else if (t->view == V_AGREEMENTS)
		c |= K_AGREEMENTS;
	return c;
}

static void draw_detail(struct tui *t)
{
	struct pane *f = t->focus;
	const struct store_row *r = pane_current(f);
	char key[64];
	snprintf(key, sizeof key, "%s:%s", f->ops->name, r ? r->uuid : "");
	if (strcmp(key, t->detail.key) != 0) {
		detail_clear(&t->detail);
		if (r && f->ops->detail)
			f->ops->detail(t, f, &t->detail);
		snprintf(t->detail.key, sizeof t->detail.key, "%s", key);
	}
	int y = detail_top(t), h = t->rows - 1 - y;
	tui_box(y, 0, h, t->cols, "Detail", false);
	for (int i = 1; i < h - 1; i++)
		tui_fill(y + i, 1, t->cols - 2, R_NORMAL);
	detail_draw(&t->detail, y + 1, 2, h - 2, t->cols - 4, 0);
}

void tui_draw(struct tui *t)
{
	erase();
	if (too_small(t)) {
		char m[96];
		snprintf(m, sizeof m, "terminal too small: %dx%d (needs %dx%d)", t->cols, t->rows, MIN_COLS,
		         MIN_ROWS);
		tui_text(t->rows / 2, 0, t->cols, m, R_ERROR);
		refresh();
		return;
	}
	/* header */
	tui_fill(0, 0, t->cols, R_HEADER);
	char head[256];
	const char *base = strrchr(t->db_path, '/');
	snprintf(head, sizeof head, " Accord \xc2\xb7 %s", base ? base + 1 : t->db_path);
	tui_text(0, 0, t->cols - 30, head, R_HEADER);
	char right[64];
	snprintf(right, sizeof right, "lang %s   ? help   q quit ", t->lang);
	tui_text(0, t->cols - tui_width(right), tui_width(right), right, R_HEADER);
	if (t->view == V_BROWSE) {
		pane_draw(t, &t->countries, t->focus == &t->countries);
		pane_draw(t, &t->insts, t->focus == &t->insts);
		pane_draw(t, &t->agrs, t->focus == &t->agrs);
	} else {
		pane_draw(t, t->focus, true);
	}
	draw_detail(t);
	/* status line: a message, else the keys of the focused pane */
	int y = t->rows - 1;
	tui_fill(y, 0, t->cols, R_STATUS);
	if (t->msg[0]) {
		tui_text(y, 1, t->cols - 2, t->msg, t->msg_role);
	} else {
		char hints[512];
		keymap_hints(contexts(t), hints, sizeof hints);
		tui_text(y, 1, t->cols - 2, hints, R_STATUS);
	}
	refresh();
}

int tui_getkey(struct tui *t, int ms, void (*redraw)(void *), void *ud)
{
	for (;;) {
		timeout(ms);
		wint_t ch;
		int rc = get_wch(&ch);
		if (rc == ERR)
			return 0;
		if (rc == OK && ch == TUI_CTRL_Z) {
			/* raw mode makes ^Z a key: suspend as the shell user expects */
			raise(SIGTSTP);
			continue;
		}
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			getmaxyx(stdscr, t->rows, t->cols);
			layout(t);
			if (redraw)
				redraw(ud);
			continue;
		}
		return tui_key(rc, ch);
	}
}

/* ---- data ---- */

void tui_refresh_data(struct tui *t)
{
	char *err = NULL;
	int rc = store_browse_update(t->st, NULL, NULL, &err);
	if (rc != STORE_OK)
		tui_store_error(t, "cannot update the browse index", rc, err);
	const struct store_row *c = pane_current(&t->countries);
	char code[3] = "";
	if (c)
		snprintf(code, sizeof code, "%s", c->country);
	countries_load(t);
	long long sid = 0;
	for (size_t i = 0; i < t->n_ctry; i++)
		if (strcmp(t->ctry[i].code, code) == 0)
			sid = (long long)i + 1;
	pane_reload(t, &t->countries, sid);
	struct pane *lists[] = { &t->insts, &t->agrs, &t->all, &t->results };
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		const struct store_row *r = pane_current(lists[i]);
		pane_reload(t, lists[i], r ? r->sid : 0);
	}
	t->detail.key[0] = '\0';
	t->data_version = store_data_version(t->st);
}

static void poll_changes(struct tui *t)
{
	long long v = store_data_version(t->st);
	if (v >= 0 && v != t->data_version)
		tui_refresh_data(t);
}

static void progress(void *ud, long done, long total)
{
	struct tui *t = ud;
	char m[128];
	snprintf(m, sizeof m, "Preparing the registry for browsing: %ld of %ld records\xe2\x80\xa6", done, total);
	erase();
	tui_text(t->rows / 2, 2, t->cols - 4, m, R_MSG);
	refresh();
}

static void set_language(struct tui *t)
{
	static const char *const order[] = { "en", "ru", "uk", "et" };
	size_t i = 0;
	while (i < 4 && strcmp(order[i], t->lang) != 0)
		i++;
	snprintf(t->lang, sizeof t->lang, "%s", order[(i + 1) % 4]);
	tui_refresh_data(t);
	if (t->config_path && tui_config_set(t->config_path, "language", t->lang) != 0)
		tui_message(t, R_ERROR, "Country names in %s (could not save %s)", t->lang, t->config_path);
	else
		tui_message(t, R_MSG, "Country names in %s", t->lang);
}

static void global_search(struct tui *t)
{
	char *text = prompt_line(t, "Search everywhere: ", t->search_text);
	if (!text)
		return;
	if (!*text) {
		free(text);
		return;
	}
	store_hits_free(t->hits, t->n_hits);
	t->n_hits = 0;
	if (!t->hits && !(t->hits = calloc(400, sizeof *t->hits))) {
		free(text);
		return;
	}
	char *err = NULL;
	int n = store_search(t->st, text, t->hits, 200, &err);
	free(t->search_text);
	t->search_text = text;
	if (n < 0) {
		tui_store_error(t, "cannot search", n, err);
		return;
	}
	free(err);
	t->n_hits = (size_t)n;
	if (t->view == V_BROWSE)
		t->browse_focus = t->focus;
	t->view = V_RESULTS;
	t->focus = &t->results;
	pane_reset(&t->results);
	if (n == 0)
		tui_message(t, R_MSG, "Nothing found for \xc2\xab%s\xc2\xbb", text);
	else if (n == 400)
		tui_message(t, R_MSG, "The first 200 institutions and 200 agreements; type more to narrow it");
}

/* ---- undo ---- */

struct undo_find {
	long long seq;
	const char *table;
	char text[320];
	int n;
};

static int undo_entry(void *ud, const struct store_history *h)
{
	struct undo_find *f = ud;
	if (h->seq != f->seq)
		return 0;
	size_t len = strlen(f->text);
	if (f->n < 2) {
		char what[256];
		detail_history_text(h, f->table, what, sizeof what);
		snprintf(f->text + len, sizeof f->text - len, "%s%s", f->n ? "; " : "", what);
	} else if (f->n == 2) {
		snprintf(f->text + len, sizeof f->text - len, "; \xe2\x80\xa6");
	}
	f->n++;
	return 0;
}

/* What the undo transaction did to the records on screen, if it touched
 * one of them: "acronym: ГОКБ → –". */
static bool describe_undo(struct tui *t, long long undo_seq, char *buf, size_t size)
{
	struct pane *ps[] = { t->focus, &t->insts, &t->agrs };
	for (size_t i = 0; i < sizeof ps / sizeof *ps; i++) {
		const struct store_row *r = pane_current(ps[i]);
		if (!r || !r->uuid[0] || ps[i] == &t->countries)
			continue;
		struct undo_find f = { .seq = undo_seq };
		char *err = NULL;
		int rc = store_history_each(t->st, r->uuid, 20, undo_entry, &f, &err);
		free(err);
		if (rc == STORE_OK && f.n) {
			snprintf(buf, size, "%s", f.text);
			return true;
		}
	}
	return false;
}

static void undo_last(struct tui *t)
{
	struct store_undo u;
	char *err = NULL;
	int rc = store_history_undo_last(t->st, store_session_id(t->st), &u, &err);
	if (rc == STORE_NOT_FOUND) {
		tui_message(t, R_MSG, "Nothing to undo: no change of yours in this session is left");
		free(err);
		return;
	}
	if (rc == SYNC_CONFLICTS) {
		tui_message(t, R_ERROR, "Not undone: someone else changed the record since (%s)",
		            err ? err : "nothing was changed");
		free(err);
		return;
	}
	if (rc != STORE_OK) {
		tui_store_error(t, "cannot undo", rc, err);
		return;
	}
	free(err);
	tui_refresh_data(t);
	char what[320];
	if (describe_undo(t, u.undo_seq, what, sizeof what))
		tui_message(t, R_MSG, "Undone: %s", what);
	else
		tui_message(t, R_MSG, "Undone: your last change (#%lld)", u.seq);
}

static void redraw_cb(void *ud)
{
	tui_draw(ud);
}

static void dispatch(struct tui *t, int key)
{
	enum action a = keymap_lookup(contexts(t), key);
	if (too_small(t) && a != A_QUIT)
		return;
	switch (a) {
	case A_QUIT:
		t->quit = true;
		return;
	case A_REDRAW:
		clearok(curscr, TRUE);
		return;
	case A_HELP: {
		char **lines = keymap_help();
		prompt_box(t, "Keys (generated from the key table)", lines);
		keymap_help_free(lines);
		return;
	}
	case A_LANG:
		set_language(t);
		return;
	case A_SEARCH:
		global_search(t);
		return;
	case A_VIEW_AGREEMENTS:
		if (t->view == V_BROWSE)
			t->browse_focus = t->focus;
		t->view = V_AGREEMENTS;
		t->focus = &t->all;
		return;
	case A_VIEW_BROWSE:
		t->view = V_BROWSE;
		t->focus = t->browse_focus;
		return;
	case A_NEXT_PANE:
	case A_PREV_PANE: {
		struct pane *order[] = { &t->countries, &t->insts, &t->agrs };
		int i = t->focus == &t->insts ? 1 : t->focus == &t->agrs ? 2 : 0;
		i = (i + (a == A_NEXT_PANE ? 1 : 2)) % 3;
		t->focus = order[i];
		t->browse_focus = t->focus;
		return;
	}
	case A_UNDO:
		undo_last(t);
		return;
	case A_MERGE:
		merge_copy(t);
		return;
	case A_ALL_COUNTRIES:
		t->all_countries = !t->all_countries;
		tui_refresh_data(t);
		return;
	case A_NONE:
		return;
	default:
		break;
	}
	struct pane *p = t->focus;
	if (p->dirty) {   /* not drawn since its selection changed: read it first */
		const struct store_row *r = pane_current(p);
		pane_reload(t, p, r ? r->sid : 0);
	}
	if (p->ops->action && p->ops->action(t, p, a))
		return;
	if (pane_action(t, p, a))
		return;
	if (a == A_BACK && t->view == V_BROWSE && p != &t->countries) {
		t->focus = p == &t->agrs ? &t->insts : &t->countries;
		t->browse_focus = t->focus;
	}
}

static void config_error(void *ud, const char *msg)
{
	struct tui *t = ud;
	if (!t->msg[0])
		tui_message(t, R_ERROR, "%s", msg);
}

static void tui_free(struct tui *t)
{
	struct pane *all[] = { &t->countries, &t->insts, &t->agrs, &t->all, &t->results };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		pane_free(all[i]);
	detail_clear(&t->detail);
	store_country_rows_free(t->ctry, t->n_ctry);
	free(t->ctry);
	store_hits_free(t->hits, t->n_hits);
	free(t->hits);
	free(t->search_text);
	free(t->config_path);
}

int tui_run(struct store *st, const char *db_path, char **err)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*err = strdup("the full-screen program needs a terminal (see 'accord --help' for the commands)");
		return 1;
	}
	struct tui t = { .st = st, .db_path = db_path };
	const char *locale_note = setup_locale();
	struct tui_config cfg;
	tui_config_defaults(&cfg);
	char *perr = NULL;
	t.config_path = paths_config(&perr);
	free(perr);
	if (t.config_path)
		tui_config_load(&cfg, t.config_path, config_error, &t);
	snprintf(t.lang, sizeof t.lang, "%s", cfg.language);
	const char *nc = getenv("NO_COLOR");
	t.mono = (nc && *nc) || !cfg.color;

	set_escdelay(25);   /* Esc answers at once, even over SSH */
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		const char *term = getenv("TERM");
		if (asprintf(err, "cannot use the terminal '%s' (unknown to terminfo?)", term ? term : "") < 0)
			*err = NULL;
		tui_free(&t);
		return 1;
	}
	active = true;
	atexit(restore_terminal);
	raw();          /* ^S saves, ^C and ^Z are keys, no flow control */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	/* Bracketed paste: a pasted line break is text, not Enter. Terminals
	 * without it ignore the request. */
	define_key("\033[200~", TUI_KEY_PASTE_START);
	define_key("\033[201~", TUI_KEY_PASTE_END);
	putp("\033[?2004h");
	catch_fatal(SIGTERM, &prev_term);
	catch_fatal(SIGINT, &prev_int);
	{
		/* A job started where stopping is ignored (no job control) keeps
		 * ignoring it; ^Z then does nothing. */
		struct sigaction sa = { .sa_handler = on_suspend, .sa_flags = SA_RESTART };
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGTSTP, NULL, &prev_tstp) == 0 && prev_tstp.sa_handler != SIG_IGN)
			sigaction(SIGTSTP, &sa, NULL);
	}
	tui_colors_init(t.mono);
	getmaxyx(stdscr, t.rows, t.cols);

	pane_init(&t.countries, &pane_countries_ops, "no countries");
	pane_init(&t.insts, &pane_institutions_ops, "no institutions: a to add one");
	pane_init(&t.agrs, &pane_agreements_ops, "no agreements");
	pane_init(&t.all, &pane_all_ops, "no agreements");
	pane_init(&t.results, &pane_results_ops, "nothing found");
	t.focus = t.browse_focus = &t.countries;
	layout(&t);
	store_set_busy_handler(st, prompt_busy, &t);
	store_browse_tune(st);

	char *uerr = NULL;
	int rc = store_browse_update(st, progress, &t, &uerr);
	if (rc != STORE_OK)
		tui_store_error(&t, "cannot prepare the browse index", rc, uerr);
	else
		free(uerr);
	countries_load(&t);
	t.data_version = store_data_version(st);
	if (locale_note && !t.msg[0])
		tui_message(&t, R_ERROR, "%s", locale_note);

	while (!t.quit) {
		tui_draw(&t);
		int key = tui_getkey(&t, POLL_MS, redraw_cb, &t);
		if (key == 0) {
			poll_changes(&t);
			continue;
		}
		t.msg[0] = '\0';
		dispatch(&t, key);
		/* Keys already waiting (a held arrow, or typing ahead over a slow
		 * link) are handled before drawing again: one screen update for
		 * the lot, and the panes and detail that follow the selection are
		 * read once, for where it ends. Bounded, so a flood still shows. */
		for (int n = 0; n < 256 && !t.quit && (key = tui_getkey(&t, 0, redraw_cb, &t)) != 0; n++) {
			t.msg[0] = '\0';
			dispatch(&t, key);
		}
	}
	store_set_busy_handler(st, NULL, NULL);
	restore_terminal();
	free_screen();
	tui_free(&t);
	return 0;
}
