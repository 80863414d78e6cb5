/* Merging another copy of the registry from inside the program: the path
 * by the line editor, then sync_merge; conflicts are never settled
 * silently but listed in a pane (record, field, this copy's value and the
 * other's), where the user keeps theirs or takes the other's for all, or
 * changes nothing. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui_internal.h"

struct conflicts {
	char **lines;       /* NULL-terminated */
	size_t n, cap;
	long count;
	long unresolvable;
	bool oom;
};

static void add_line(struct conflicts *c, char *line)
{
	if (!line) {
		c->oom = true;
		return;
	}
	if (c->n + 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		char **v = realloc(c->lines, cap * sizeof *v);
		if (!v) {
			free(line);
			c->oom = true;
			return;
		}
		c->lines = v;
		c->cap = cap;
	}
	c->lines[c->n++] = line;
	c->lines[c->n] = NULL;
}

static void add_linef(struct conflicts *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_linef(struct conflicts *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	add_line(c, s);
}

static void conflicts_free(struct conflicts *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->lines[i]);
	free(c->lines);
	memset(c, 0, sizeof *c);
}

/* Values go to the screen through tui_text only (control characters
 * become placeholders there). */
static void collect(void *ud, const struct sync_conflict *k)
{
	struct conflicts *c = ud;
	c->count++;
	if (!k->resolvable)
		c->unresolvable++;
	if (c->n)
		add_line(c, strdup(""));
	add_linef(c, "%s \xc2\xab%s\xc2\xbb", k->table ? k->table : "record",
	          k->label ? k->label : k->record ? k->record : "?");
	add_linef(c, "  %s%s%s", k->field ? k->field : "", k->field ? ": " : "",
	          k->what ? k->what : "changed on both");
	add_linef(c, "  mine:   %s", k->mine ? k->mine : "(none)");
	add_linef(c, "  theirs: %s", k->theirs ? k->theirs : "(none)");
	if (!k->resolvable)
		add_line(c, strdup("  (cannot be settled by keeping one side)"));
}

void merge_copy(struct tui *t)
{
	char *path = prompt_line(t, "Merge with the copy at: ", NULL);
	if (!path)
		return;
	if (!*path) {
		free(path);
		return;
	}
	if (access(path, R_OK) != 0) {
		tui_message(t, R_ERROR, "Cannot read %s: %s", path, strerror(errno));
		free(path);
		return;
	}
	struct conflicts c = { 0 };
	struct sync_stats stats = { 0 };
	char *err = NULL;
	tui_message(t, R_MSG, "Merging with %s\xe2\x80\xa6", path);
	tui_draw(t);
	int rc = sync_merge(t->st, path, SYNC_PREFER_NONE, collect, &c, &stats, &err);
	t->msg[0] = '\0';
	enum sync_prefer prefer = SYNC_PREFER_NONE;
	if (rc == SYNC_CONFLICTS && c.count && !c.oom) {
		free(err);
		err = NULL;
		char title[160], question[160];
		snprintf(title, sizeof title, "%ld conflict%s with the other copy: nothing changed yet",
		         c.count, c.count == 1 ? "" : "s");
		if (c.unresolvable) {
			prompt_box(t, title, c.lines);
			tui_message(t, R_ERROR, "Not merged: %ld conflict%s cannot be settled here; nothing was changed",
			            c.unresolvable, c.unresolvable == 1 ? "" : "s");
		} else {
			snprintf(question, sizeof question,
			         "m keep mine for all  t take theirs for all  Esc merge nothing");
			int k = prompt_box_choice(t, title, c.lines, question, "mt");
			if (k == 'm' || k == 't') {
				prefer = k == 'm' ? SYNC_PREFER_MINE : SYNC_PREFER_THEIRS;
				conflicts_free(&c);
				memset(&stats, 0, sizeof stats);
				rc = sync_merge(t->st, path, prefer, collect, &c, &stats, &err);
			} else {
				tui_message(t, R_MSG, "Not merged: nothing was changed");
			}
		}
		if (prefer == SYNC_PREFER_NONE) {
			conflicts_free(&c);
			free(path);
			return;
		}
	}
	if (rc == STORE_OK) {
		free(err);
		tui_refresh_data(t);
		if (prefer == SYNC_PREFER_NONE)
			tui_message(t, R_MSG, "Merged with %s: %ld change%s received, %ld sent", path,
			            stats.transactions, stats.transactions == 1 ? "" : "s", stats.sent);
		else
			tui_message(t, R_MSG, "Merged with %s: %ld conflict%s settled %s; %ld change%s received, %ld sent",
			            path, stats.conflicts, stats.conflicts == 1 ? "" : "s",
			            prefer == SYNC_PREFER_MINE ? "keeping mine" : "taking theirs", stats.transactions,
			            stats.transactions == 1 ? "" : "s", stats.sent);
	} else {
		tui_store_error(t, "Not merged", rc, err);
	}
	conflicts_free(&c);
	free(path);
}
