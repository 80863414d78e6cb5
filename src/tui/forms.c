/* The forms of the program as data (field tables), and what saving,
 * deleting and a concurrent edit mean for each entity. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/vocab.h>

#include "form.h"

static const struct field_def inst_fields[] = {
	{ .id = "name", .label = "Name", .type = F_TEXT, .required = true },
	{ .id = "country", .label = "Country", .type = F_COUNTRY, .required = true },
	{ .id = "acronym", .label = "Acronym", .type = F_TEXT },
	{ .id = "name_en", .label = "Name in English", .type = F_TEXT },
	{ .id = "city", .label = "City", .type = F_TEXT },
	{ .id = "region", .label = "Region", .type = F_TEXT },
	{ .id = "type", .label = "Type", .type = F_CHOICE, .vocab = VOCAB_INSTITUTION_TYPE },
	{ .id = "parent", .label = "Parent", .type = F_INSTITUTION },
	{ .id = "website", .label = "Website", .type = F_TEXT },
	{ .id = "notes", .label = "Notes", .type = F_TEXT },
};

static const struct field_def agr_fields[] = {
	{ .id = "title", .label = "Title", .type = F_TEXT, .required = true },
	{ .id = "parties", .label = "Parties", .type = F_PARTIES, .required = true },
	{ .id = "kind", .label = "Kind", .type = F_CHOICE, .vocab = VOCAB_AGREEMENT_KIND },
	{ .id = "status", .label = "Status", .type = F_CHOICE, .vocab = VOCAB_STATUS },
	{ .id = "signed", .label = "Signed", .type = F_DATE },
	{ .id = "valid_from", .label = "Valid from", .type = F_DATE },
	{ .id = "valid_until", .label = "Valid until", .type = F_DATE },
	{ .id = "areas", .label = "Areas (a | b)", .type = F_TEXT },
	{ .id = "place", .label = "Place", .type = F_TEXT },
	{ .id = "source", .label = "Source", .type = F_TEXT },
	{ .id = "notes", .label = "Notes", .type = F_TEXT },
};

static const struct field_def filter_fields[] = {
	{ .id = "country", .label = "Country", .type = F_COUNTRY },
	{ .id = "status", .label = "Status", .type = F_CHOICE, .vocab = VOCAB_STATUS },
	{ .id = "area", .label = "Area", .type = F_TEXT },
	{ .id = "year", .label = "Year signed", .type = F_YEAR },
};

#define N(a) (sizeof a / sizeof *a)

static char *country_shown(struct tui *t, const char *code)
{
	char *name = NULL, *err = NULL, *s = NULL;
	store_country_display(t->st, code, t->lang, &name, &err);
	if (asprintf(&s, "%s  %s", code, name ? name : "") < 0)
		s = NULL;
	free(name);
	free(err);
	return s;
}

/* Set a field as the user's input (unlike form_set, not as loaded). */
static void set_input(struct form *f, const char *id, const char *value, const char *shown)
{
	struct field *fl = form_field(f, id);
	char *orig = fl && fl->orig ? strdup(fl->orig) : NULL;
	form_set(f, id, value, shown);
	if (fl) {
		free(fl->orig);
		fl->orig = orig;
	}
}

/* ---- a concurrent edit: field by field, mine or theirs ---- */

struct diff {
	const char *id, *label;
	char *mine, *theirs, *theirs_shown;
	bool take;   /* theirs */
};

struct resolve {
	struct form *f;
	struct diff *d;
	size_t n, cur;
};

static void resolve_draw(void *ud)
{
	struct resolve *r = ud;
	struct tui *t = r->f->t;
	erase();
	tui_box(0, 0, t->rows - 1, t->cols, "Someone else saved this record meanwhile", true);
	tui_text(1, 2, t->cols - 4, "Choose for each field: Left = yours, Right = theirs. m: all yours,"
	         " t: all theirs. Enter: back to the form with these; Esc: back unchanged.", R_DIM);
	int half = (t->cols - 22) / 2;
	tui_text(3, 20, half, "yours", R_TITLE);
	tui_text(3, 21 + half, half, "theirs (saved)", R_TITLE);
	for (size_t i = 0; i < r->n && (int)i < t->rows - 6; i++) {
		int y = 4 + (int)i;
		bool cur = i == r->cur;
		tui_text(y, 2, 17, r->d[i].label, cur ? R_KEY : R_LABEL);
		tui_text(y, 20, half - 1, r->d[i].mine ? r->d[i].mine : "", !r->d[i].take ? R_CURSOR : R_NORMAL);
		tui_text(y, 21 + half, half - 1, r->d[i].theirs_shown ? r->d[i].theirs_shown : "",
		         r->d[i].take ? R_CURSOR : R_NORMAL);
		if (cur)
			tui_text(y, 0, 2, ">", R_KEY);
	}
	tui_fill(t->rows - 1, 0, t->cols, R_STATUS);
	tui_text(t->rows - 1, 1, t->cols - 2, "Up/Down field  Left yours  Right theirs  m all yours  t all theirs"
	         "  Enter apply  Esc back", R_STATUS);
	refresh();
}

/* Returns true when the user chose (then d[].take says what). */
static bool resolve_run(struct form *f, struct diff *d, size_t n)
{
	struct resolve r = { f, d, n, 0 };
	for (;;) {
		resolve_draw(&r);
		int key = tui_getkey(f->t, -1, resolve_draw, &r);
		switch (key) {
		case 'm': for (size_t i = 0; i < n; i++) d[i].take = false; continue;
		case 't': for (size_t i = 0; i < n; i++) d[i].take = true; continue;
		case '\r': case '\n': return true;
		case 27: return false;
		}
		if (key == (KEY_UP | TUI_FKEY) && r.cur > 0)
			r.cur--;
		else if (key == (KEY_DOWN | TUI_FKEY) && r.cur + 1 < n)
			r.cur++;
		else if (key == (KEY_LEFT | TUI_FKEY))
			d[r.cur].take = false;
		else if (key == (KEY_RIGHT | TUI_FKEY) || key == ' ')
			d[r.cur].take = key == ' ' ? !d[r.cur].take : true;
	}
}

static void diff_add(struct diff *d, size_t *n, struct form *f, const char *id, const char *theirs,
                     const char *shown)
{
	struct field *fl = form_field(f, id);
	char *mine = form_get(f, id);
	const char *th = theirs && *theirs ? theirs : NULL;
	if ((!mine && !th) || (mine && th && strcmp(mine, th) == 0)) {
		free(mine);
		return;
	}
	struct diff *x = &d[(*n)++];
	x->id = id;
	x->label = fl->def->label;
	if (fl->def->type == F_COUNTRY || fl->def->type == F_INSTITUTION) {
		free(mine);
		mine = fl->shown ? strdup(fl->shown) : NULL;
	}
	x->mine = mine;
	x->theirs = th ? strdup(th) : NULL;
	x->theirs_shown = strdup(shown ? shown : th ? th : "");
	x->take = false;
}

static void diffs_free(struct diff *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].mine);
		free(d[i].theirs);
		free(d[i].theirs_shown);
	}
}

/* ---- institutions ---- */

struct inst_ctx {
	struct tui *t;
	char uuid[STORE_UUID_SIZE];
	long long version;
	bool is_new;
};

static void inst_load(struct form *f, struct tui *t, const struct store_institution *r)
{
	form_set(f, "name", r->name, NULL);
	char *cs = r->country[0] ? country_shown(t, r->country) : NULL;
	form_set(f, "country", r->country, cs);
	free(cs);
	form_set(f, "acronym", r->acronym, NULL);
	form_set(f, "name_en", r->name_en, NULL);
	form_set(f, "city", r->city, NULL);
	form_set(f, "region", r->region, NULL);
	form_set(f, "type", r->type, NULL);
	form_set(f, "parent", r->parent, r->parent_name);
	form_set(f, "website", r->website, NULL);
	form_set(f, "notes", r->notes, NULL);
}

static void inst_collect(struct form *f, struct store_institution *r)
{
	r->name = form_get(f, "name");
	char *c = form_get(f, "country"), *p = form_get(f, "parent");
	snprintf(r->country, sizeof r->country, "%s", c ? c : "");
	snprintf(r->parent, sizeof r->parent, "%s", p ? p : "");
	free(c);
	free(p);
	r->acronym = form_get(f, "acronym");
	r->name_en = form_get(f, "name_en");
	r->city = form_get(f, "city");
	r->region = form_get(f, "region");
	r->type = form_get(f, "type");
	r->website = form_get(f, "website");
	r->notes = form_get(f, "notes");
}

static void inst_conflict(struct form *f, struct inst_ctx *c, struct store_institution *cur)
{
	struct diff d[N(inst_fields)];
	size_t n = 0;
	char *cs = country_shown(c->t, cur->country);
	diff_add(d, &n, f, "name", cur->name, NULL);
	diff_add(d, &n, f, "country", cur->country, cs);
	diff_add(d, &n, f, "acronym", cur->acronym, NULL);
	diff_add(d, &n, f, "name_en", cur->name_en, NULL);
	diff_add(d, &n, f, "city", cur->city, NULL);
	diff_add(d, &n, f, "region", cur->region, NULL);
	diff_add(d, &n, f, "type", cur->type, NULL);
	diff_add(d, &n, f, "parent", cur->parent, cur->parent_name);
	diff_add(d, &n, f, "website", cur->website, NULL);
	diff_add(d, &n, f, "notes", cur->notes, NULL);
	free(cs);
	c->version = cur->version;   /* from now on, edit on top of theirs */
	if (n == 0) {
		form_message(f, R_MSG, "Someone saved the same values meanwhile; F2 saves yours");
		return;
	}
	if (resolve_run(f, d, n))
		for (size_t i = 0; i < n; i++)
			if (d[i].take)
				set_input(f, d[i].id, d[i].theirs, d[i].theirs_shown);
	form_message(f, R_MSG, "Merged with the saved version: check and press F2 to save");
	diffs_free(d, n);
}

static int inst_save(struct form *f, void *ud)
{
	struct inst_ctx *c = ud;
	struct tui *t = c->t;
	struct store_institution r = { 0 }, cur = { 0 };
	inst_collect(f, &r);
	snprintf(r.uuid, sizeof r.uuid, "%s", c->uuid);
	char *err = NULL, *similar = NULL;
	if (!*c->uuid && store_institution_similar(t->st, r.country, r.name, NULL, &similar, &err) == 1) {
		char *q = NULL;
		if (asprintf(&q, "A similar institution exists in %s: \xc2\xab%s\xc2\xbb. Save anyway? [y/N]",
		             r.country, similar) < 0)
			q = NULL;
		free(similar);
		int answer = q ? prompt_key_over(t, q, "yN", form_draw, f) : 'n';
		free(q);
		if (answer != 'y') {
			store_institution_clear(&r);
			free(err);
			return 0;
		}
	}
	free(err);
	err = NULL;
	int rc = store_institution_save(t->st, &r, c->version, &cur, &err);
	int done = 0;
	switch (rc) {
	case STORE_OK:
		snprintf(c->uuid, sizeof c->uuid, "%s", r.uuid);
		c->version = r.version;
		tui_message(t, R_MSG, "Saved \xc2\xab%s\xc2\xbb", r.name);
		done = 1;
		break;
	case STORE_CONFLICT:
		inst_conflict(f, c, &cur);
		store_institution_clear(&cur);
		break;
	case STORE_NOT_FOUND:
		if (prompt_key_over(t, "Someone deleted it meanwhile. Save it as a new institution? [y/N]", "yN",
		                    form_draw, f) == 'y') {
			c->uuid[0] = '\0';
			c->version = 0;
			done = inst_save(f, ud);
		}
		break;
	case STORE_BUSY:
		form_message(f, R_ERROR, "Another user is writing: not saved, your input is kept. F2 tries again");
		break;
	default:
		form_message(f, R_ERROR, "Not saved: %s", err ? err : "failed");
		break;
	}
	free(err);
	store_institution_clear(&r);
	return done;
}

void form_institution(struct tui *t, const char *uuid, const char *country)
{
	char keep_country[3] = "", keep_type[32] = "";
	if (country)
		snprintf(keep_country, sizeof keep_country, "%s", country);
	for (;;) {
		struct form f;
		struct inst_ctx c = { .t = t, .is_new = !uuid };
		char title[200];
		struct store_institution r = { 0 };
		if (uuid) {
			char *err = NULL;
			int rc = store_institution_get(t->st, uuid, &r, &err);
			if (rc != STORE_OK) {
				tui_store_error(t, "cannot open the institution", rc, err);
				return;
			}
			free(err);
			snprintf(c.uuid, sizeof c.uuid, "%s", r.uuid);
			c.version = r.version;
			snprintf(title, sizeof title, "Edit institution");
		} else {
			snprintf(r.country, sizeof r.country, "%s", keep_country);
			r.type = keep_type[0] ? strdup(keep_type) : NULL;
			snprintf(title, sizeof title, "New institution");
		}
		if (form_init(&f, t, title, inst_fields, N(inst_fields)) != 0) {
			form_free(&f);
			store_institution_clear(&r);
			return;
		}
		f.save = inst_save;
		f.ud = &c;
		inst_load(&f, t, &r);
		store_institution_clear(&r);
		bool saved = form_run(&f);
		char *ty = form_get(&f, "type"), *co = form_get(&f, "country");
		snprintf(keep_type, sizeof keep_type, "%s", ty ? ty : "");
		snprintf(keep_country, sizeof keep_country, "%s", co ? co : "");
		free(ty);
		free(co);
		if (saved) {
			tui_refresh_data(t);
			if (t->view == V_BROWSE)
				browse_goto_institution(t, keep_country, c.uuid);
		}
		bool again = saved && c.is_new && !t->quit
		             && prompt_key_over(t, "Saved. Add another (same country and type)? [y/N]", "yN",
		                                form_draw, &f) == 'y';
		form_free(&f);
		if (!again)
			return;
		uuid = NULL;
	}
}

void form_delete_institution(struct tui *t, const char *uuid)
{
	struct store_institution r;
	struct store_usage u;
	char *err = NULL;
	int rc = store_institution_get(t->st, uuid, &r, &err);
	if (rc == STORE_OK)
		rc = store_institution_usage(t->st, uuid, &u, &err);
	if (rc != STORE_OK) {
		tui_store_error(t, "cannot delete", rc, err);
		if (rc == STORE_OK)
			store_institution_clear(&r);
		return;
	}
	free(err);
	err = NULL;
	char *q = NULL, branches[128] = "";
	if (u.branches)
		snprintf(branches, sizeof branches, "; its %ld branch%s will have no parent", u.branches,
		         u.branches == 1 ? "" : "es");
	bool go = false;
	if (u.agreements) {
		/* a party to agreements: only when confirmed explicitly */
		if (asprintf(&q, "\xc2\xab%s\xc2\xbb is a party to %ld agreement%s (removed from them; %ld with"
		             " no other party deleted too)%s. Type yes to delete: ", r.name, u.agreements,
		             u.agreements == 1 ? "" : "s", u.sole, branches) >= 0) {
			char *a = prompt_line(t, q, "");
			go = a && strcmp(a, "yes") == 0;
			free(a);
		}
	} else if (asprintf(&q, "Delete \xc2\xab%s\xc2\xbb%s? [y/N]", r.name, branches) >= 0) {
		go = prompt_key(t, q, "yN") == 'y';
	} else {
		q = NULL;
	}
	free(q);
	if (!go) {
		tui_message(t, R_MSG, "Not deleted");
		store_institution_clear(&r);
		return;
	}
	rc = store_institution_delete(t->st, uuid, u.agreements > 0, &err);
	if (rc == STORE_OK)
		tui_message(t, R_MSG, "Deleted \xc2\xab%s\xc2\xbb", r.name);
	else
		tui_store_error(t, "not deleted", rc, err), err = NULL;
	free(err);
	store_institution_clear(&r);
	tui_refresh_data(t);
}

/* ---- agreements ---- */

struct agr_ctx {
	struct tui *t;
	char uuid[STORE_UUID_SIZE];
	long long version;
};

static char *join_areas(const struct store_agreement *r)
{
	size_t cap = 1;
	for (size_t i = 0; i < r->n_areas; i++)
		cap += strlen(r->areas[i]) + 3;
	char *s = malloc(cap), *o = s;
	if (!s)
		return NULL;
	*o = '\0';
	for (size_t i = 0; i < r->n_areas; i++)
		o += sprintf(o, "%s%s", i ? " | " : "", r->areas[i]);
	return s;
}

static void agr_load(struct form *f, const struct store_agreement *r)
{
	form_set(f, "title", r->title, NULL);
	form_set(f, "kind", r->kind, NULL);
	form_set(f, "status", r->status, NULL);
	form_set(f, "signed", r->signed_on, NULL);
	form_set(f, "valid_from", r->valid_from, NULL);
	form_set(f, "valid_until", r->valid_until, NULL);
	char *areas = join_areas(r);
	form_set(f, "areas", areas, NULL);
	free(areas);
	form_set(f, "place", r->place, NULL);
	form_set(f, "source", r->source, NULL);
	form_set(f, "notes", r->notes, NULL);
	struct field *p = form_field(f, "parties");
	for (size_t i = 0; i < r->n_parties; i++)
		form_add_party(p, &r->parties[i]);
}

static void agr_collect(struct form *f, struct store_agreement *r)
{
	r->title = form_get(f, "title");
	r->kind = form_get(f, "kind");
	r->status = form_get(f, "status");
	r->signed_on = form_get(f, "signed");
	r->valid_from = form_get(f, "valid_from");
	r->valid_until = form_get(f, "valid_until");
	r->place = form_get(f, "place");
	r->source = form_get(f, "source");
	r->notes = form_get(f, "notes");
	struct field *p = form_field(f, "parties");
	r->parties = calloc(p->n_refs + 1, sizeof *r->parties);
	for (size_t i = 0; r->parties && i < p->n_refs; i++) {
		r->parties[i] = p->refs[i];
		r->parties[i].name = p->refs[i].name ? strdup(p->refs[i].name) : NULL;
		r->parties[i].acronym = NULL;
		r->parties[i].role = p->refs[i].role ? strdup(p->refs[i].role) : NULL;
		r->n_parties++;
	}
	char *areas = form_get(f, "areas");
	for (char *save = NULL, *a = areas ? strtok_r(areas, "|", &save) : NULL; a; a = strtok_r(NULL, "|", &save)) {
		while (*a == ' ')
			a++;
		char *e = a + strlen(a);
		while (e > a && e[-1] == ' ')
			*--e = '\0';
		if (!*a)
			continue;
		char **v = realloc(r->areas, (r->n_areas + 1) * sizeof *v);
		if (!v)
			break;
		r->areas = v;
		r->areas[r->n_areas++] = strdup(a);
	}
	free(areas);
}

static void agr_conflict(struct form *f, struct agr_ctx *c, struct store_agreement *cur)
{
	struct diff d[N(agr_fields)];
	size_t n = 0;
	diff_add(d, &n, f, "title", cur->title, NULL);
	diff_add(d, &n, f, "kind", cur->kind, NULL);
	diff_add(d, &n, f, "status", cur->status, NULL);
	diff_add(d, &n, f, "signed", cur->signed_on, NULL);
	diff_add(d, &n, f, "valid_from", cur->valid_from, NULL);
	diff_add(d, &n, f, "valid_until", cur->valid_until, NULL);
	char *areas = join_areas(cur);
	diff_add(d, &n, f, "areas", areas, NULL);
	free(areas);
	diff_add(d, &n, f, "place", cur->place, NULL);
	diff_add(d, &n, f, "source", cur->source, NULL);
	diff_add(d, &n, f, "notes", cur->notes, NULL);
	c->version = cur->version;
	bool chose = n && resolve_run(f, d, n);
	for (size_t i = 0; chose && i < n; i++)
		if (d[i].take)
			set_input(f, d[i].id, d[i].theirs, d[i].theirs_shown);
	diffs_free(d, n);
	form_message(f, R_MSG, "Merged with the saved version (parties stay as in your form): F2 saves");
}

static int agr_save(struct form *f, void *ud)
{
	struct agr_ctx *c = ud;
	struct tui *t = c->t;
	struct store_agreement r = { 0 }, cur = { 0 };
	agr_collect(f, &r);
	snprintf(r.uuid, sizeof r.uuid, "%s", c->uuid);
	char *err = NULL;
	int rc = store_agreement_save(t->st, &r, c->version, &cur, &err), done = 0;
	switch (rc) {
	case STORE_OK:
		snprintf(c->uuid, sizeof c->uuid, "%s", r.uuid);
		c->version = r.version;
		tui_message(t, R_MSG, "Saved \xc2\xab%s\xc2\xbb", r.title);
		done = 1;
		break;
	case STORE_CONFLICT:
		agr_conflict(f, c, &cur);
		store_agreement_clear(&cur);
		break;
	case STORE_NOT_FOUND:
		if (prompt_key_over(t, "Someone deleted it meanwhile. Save it as a new agreement? [y/N]", "yN",
		                    form_draw, f) == 'y') {
			c->uuid[0] = '\0';
			c->version = 0;
			done = agr_save(f, ud);
		}
		break;
	case STORE_BUSY:
		form_message(f, R_ERROR, "Another user is writing: not saved, your input is kept. F2 tries again");
		break;
	default:
		form_message(f, R_ERROR, "Not saved: %s", err ? err : "failed");
		break;
	}
	free(err);
	store_agreement_clear(&r);
	return done;
}

void form_agreement(struct tui *t, const char *uuid, const char *party)
{
	struct form f;
	struct agr_ctx c = { .t = t };
	struct store_agreement r = { 0 };
	char *err = NULL;
	if (uuid) {
		int rc = store_agreement_get(t->st, uuid, &r, &err);
		if (rc != STORE_OK) {
			tui_store_error(t, "cannot open the agreement", rc, err);
			return;
		}
		snprintf(c.uuid, sizeof c.uuid, "%s", r.uuid);
		c.version = r.version;
	}
	free(err);
	if (form_init(&f, t, uuid ? "Edit agreement" : "New agreement", agr_fields, N(agr_fields)) != 0) {
		form_free(&f);
		store_agreement_clear(&r);
		return;
	}
	f.save = agr_save;
	f.ud = &c;
	agr_load(&f, &r);
	if (!uuid && party) {
		/* a new agreement starts with the selected institution */
		struct store_institution i;
		err = NULL;
		if (store_institution_get(t->st, party, &i, &err) == STORE_OK) {
			struct store_ref ref = { .name = i.name };
			snprintf(ref.uuid, sizeof ref.uuid, "%s", i.uuid);
			snprintf(ref.country, sizeof ref.country, "%s", i.country);
			form_add_party(form_field(&f, "parties"), &ref);
			store_institution_clear(&i);
		}
		free(err);
		form_mark_clean(&f);
	}
	store_agreement_clear(&r);
	if (form_run(&f)) {
		tui_refresh_data(t);
		long long sid = store_row_id(t->st, c.uuid, true);
		struct pane *p = t->view == V_BROWSE ? &t->agrs : &t->all;
		pane_reload(t, p, sid);
	}
	form_free(&f);
}

void form_delete_agreement(struct tui *t, const char *uuid)
{
	struct store_agreement r;
	char *err = NULL;
	int rc = store_agreement_get(t->st, uuid, &r, &err);
	if (rc != STORE_OK) {
		tui_store_error(t, "cannot delete", rc, err);
		return;
	}
	free(err);
	err = NULL;
	char *q = NULL;
	if (asprintf(&q, "Delete the agreement \xc2\xab%s\xc2\xbb (with its %zu part%s and %zu area link%s)? [y/N]",
	             r.title, r.n_parties, r.n_parties == 1 ? "y" : "ies", r.n_areas, r.n_areas == 1 ? "" : "s") < 0)
		q = NULL;
	int answer = q ? prompt_key(t, q, "yN") : 'n';
	free(q);
	if (answer == 'y') {
		rc = store_agreement_delete(t->st, uuid, &err);
		if (rc == STORE_OK)
			tui_message(t, R_MSG, "Deleted \xc2\xab%s\xc2\xbb", r.title);
		else
			tui_store_error(t, "not deleted", rc, err), err = NULL;
		tui_refresh_data(t);
	} else {
		tui_message(t, R_MSG, "Not deleted");
	}
	free(err);
	store_agreement_clear(&r);
}

/* ---- filters of the All agreements view ---- */

static int filters_apply(struct form *f, void *ud)
{
	struct tui *t = ud;
	char *c = form_get(f, "country"), *s = form_get(f, "status"), *a = form_get(f, "area"),
	     *y = form_get(f, "year");
	snprintf(t->f_country, sizeof t->f_country, "%s", c ? c : "");
	snprintf(t->f_status, sizeof t->f_status, "%s", s ? s : "");
	snprintf(t->f_area, sizeof t->f_area, "%s", a ? a : "");
	t->f_year = y ? atoi(y) : 0;
	free(c);
	free(s);
	free(a);
	free(y);
	return 1;
}

void form_filters(struct tui *t)
{
	struct form f;
	if (form_init(&f, t, "Filter agreements (empty: any; F2 applies)", filter_fields, N(filter_fields)) == 0) {
		f.save = filters_apply;
		f.ud = t;
		char *cs = t->f_country[0] ? country_shown(t, t->f_country) : NULL;
		form_set(&f, "country", t->f_country, cs);
		free(cs);
		form_set(&f, "status", t->f_status, NULL);
		form_set(&f, "area", t->f_area, NULL);
		char year[8] = "";
		if (t->f_year)
			snprintf(year, sizeof year, "%d", t->f_year);
		form_set(&f, "year", year, NULL);
		form_run(&f);
	}
	form_free(&f);
}
