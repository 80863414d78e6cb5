/* The generic form: a field table (data) drives layout, editing with the
 * line editor, pickers with type-ahead, and inline validation. The entity
 * forms (forms.c) only say which fields and how to save. */
#ifndef ACCORD_TUI_FORM_H
#define ACCORD_TUI_FORM_H

#include "tui_internal.h"

enum ftype {
	F_TEXT,          /* free text, one line */
	F_DATE,          /* any form date_parse knows; shown and saved as ISO */
	F_YEAR,          /* four digits */
	F_CHOICE,        /* one of a vocabulary's codes, by type-ahead */
	F_COUNTRY,       /* a country, by code or any name in any language */
	F_INSTITUTION,   /* one institution (of the form's country) */
	F_PARTIES,       /* several institutions, from any country */
};

struct field_def {
	const char *id;
	const char *label;
	enum ftype type;
	bool required;
	int vocab;       /* F_CHOICE: enum vocab_kind */
};

struct field {
	const struct field_def *def;
	struct lineedit le;       /* the text, or a picker's type-ahead */
	char *value;              /* pickers: code or uuid ("" none) */
	char *shown;              /* pickers: how the value reads */
	struct store_ref *refs;   /* F_PARTIES */
	size_t n_refs;
	char *orig;               /* the value when opened, to tell changes */
	char msg[160];            /* inline: why it is invalid, or the ISO date */
	bool bad;
};

struct pick {
	char *label, *value, *extra;
};

struct form {
	struct tui *t;
	char title[160];
	struct field *f;
	size_t n, cur;
	struct pick *picks;       /* the open picker's matches */
	size_t n_picks, pick_cur;
	char picks_for[256];      /* the query they are for */
	char status[256];         /* a message in the status line */
	enum role status_role;
	/* save: 1 closes the form, 0 keeps it open (input intact) */
	int (*save)(struct form *f, void *ud);
	void *ud;
	bool saved;
};

/* Set up a form of n fields (defs must outlive it). */
int form_init(struct form *f, struct tui *t, const char *title, const struct field_def *defs, size_t n);
void form_free(struct form *f);
struct field *form_field(struct form *f, const char *id);
/* Text of a field (malloc'd; pickers: the value). NULL for empty. */
char *form_get(struct form *f, const char *id);
/* Set a field as loaded (not a change): text, or value and shown. */
void form_set(struct form *f, const char *id, const char *value, const char *shown);
void form_add_party(struct field *fl, const struct store_ref *r);
/* Forget "changed": what is in the form now counts as the original. */
void form_mark_clean(struct form *f);
bool form_changed(struct form *f);
/* Check every field; false (and the cursor on the first bad one) if one
 * is invalid. */
bool form_validate(struct form *f);
/* Run until saved (true) or cancelled (false). */
bool form_run(struct form *f);
void form_message(struct form *f, enum role r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Draw the form (for prompts over it). */
void form_draw(void *form);

#endif
