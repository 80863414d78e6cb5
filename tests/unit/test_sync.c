/* Unit tests: the changes file header, conflict listing, merging, history
 * and undo (src/store/history.c, sync*.c). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <accord/store.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/accord-test-sync-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char *path_in(const char *name)
{
	static char p[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
	return p[k];
}

static struct store *open_db(const char *name)
{
	struct store *st;
	char *err = NULL;
	assert_int_equal(store_open(path_in(name), STORE_CREATE, &st, &err), STORE_OK);
	return st;
}

/* Add or update an institution in one transaction; its uuid in uuid. */
static void put(struct store *st, const char *name, const char *city, char uuid[STORE_UUID_SIZE])
{
	struct store_institution r = { .country = "BY" };
	r.name = strdup(name);
	r.city = city ? strdup(city) : NULL;
	enum store_change chg;
	char *err = NULL;
	assert_int_equal(store_begin(st, &err), STORE_OK);
	assert_int_equal(store_institution_upsert(st, &r, &chg, &err), STORE_OK);
	assert_int_equal(store_commit(st, &err), STORE_OK);
	if (uuid)
		memcpy(uuid, r.uuid, STORE_UUID_SIZE);
	store_institution_clear(&r);
}

static char *city_of(struct store *st, const char *uuid)
{
	struct store_institution r;
	char *err = NULL;
	if (store_institution_get(st, uuid, &r, &err) != STORE_OK) {
		free(err);
		return NULL;
	}
	char *c = r.city ? strdup(r.city) : strdup("");
	store_institution_clear(&r);
	return c;
}

/* ---- the changes file ---- */

static void *changes_of(struct store *st, size_t *len, long long since)
{
	void *buf;
	struct sync_header h;
	char *err = NULL;
	assert_int_equal(sync_changes(st, since, &buf, len, &h, &err), STORE_OK);
	return buf;
}

static void test_header(void **state)
{
	(void)state;
	struct store *st = open_db("h.db");
	put(st, "Header clinic", "Минск", NULL);
	size_t len;
	unsigned char *buf = changes_of(st, &len, 0);
	char *reg = NULL, *err = NULL;
	assert_int_equal(sync_registry_id(st, &reg, &err), STORE_OK);
	struct sync_header h;
	assert_int_equal(sync_file_check(buf, len, reg, &h, &err), STORE_OK);
	assert_int_equal(h.version, 1);
	assert_string_equal(h.registry, reg);
	assert_int_equal(h.entries, 1);
	assert_int_equal(h.from, 0);
	assert_true(h.to >= 1);
	assert_int_equal(h.payload + SYNC_HEADER_SIZE, len);

	/* every truncation is refused */
	for (size_t n = 0; n < len; n += n < 200 ? 1 : 97) {
		assert_int_equal(sync_file_check(buf, n, reg, &h, &err), SYNC_BAD_FILE);
		assert_non_null(err);
	}
	assert_non_null(strstr(err, "truncated"));
	/* any flipped byte is refused */
	for (size_t i = 0; i < len; i += i < 100 ? 1 : 13) {
		buf[i] ^= 0x20;
		int rc = sync_file_check(buf, len, reg, &h, &err);
		buf[i] ^= 0x20;
		assert_true(rc == SYNC_BAD_FILE || (rc == SYNC_FOREIGN && i >= 12 && i < 48));
	}
	/* extra bytes, another registry, a newer format */
	unsigned char *longer = malloc(len + 1);
	memcpy(longer, buf, len);
	longer[len] = 0;
	assert_int_equal(sync_file_check(longer, len + 1, reg, &h, &err), SYNC_BAD_FILE);
	free(longer);
	assert_int_equal(sync_file_check(buf, len, "00000000-0000-4000-8000-000000000000", &h, &err), SYNC_FOREIGN);
	assert_non_null(strstr(err, "another registry"));
	buf[9] = 2;
	assert_int_equal(sync_file_check(buf, len, reg, &h, &err), SYNC_BAD_FILE);
	assert_non_null(strstr(err, "newer"));
	assert_int_equal(sync_file_check("hello", 5, reg, &h, &err), SYNC_BAD_FILE);
	assert_non_null(strstr(err, "not an Accord changes file"));
	free(err);
	free(reg);
	free(buf);
	store_close(st);
}

/* ---- conflicts ---- */

struct seen {
	int n;
	char field[8][32], mine[8][64], theirs[8][64], what[8][96];
};

static void collect(void *ud, const struct sync_conflict *c)
{
	struct seen *s = ud;
	if (s->n >= 8)
		return;
	snprintf(s->field[s->n], 32, "%s", c->field ? c->field : "");
	snprintf(s->mine[s->n], 64, "%s", c->mine ? c->mine : "");
	snprintf(s->theirs[s->n], 64, "%s", c->theirs ? c->theirs : "");
	snprintf(s->what[s->n], 96, "%s", c->what);
	s->n++;
}

static void test_conflicts_listed_then_resolved(void **state)
{
	(void)state;
	struct store *a = open_db("a.db");
	char u1[STORE_UUID_SIZE], u2[STORE_UUID_SIZE];
	put(a, "Clinic one", "Минск", u1);
	put(a, "Clinic two", "Гомель", u2);
	char *err = NULL;
	assert_int_equal(sync_copy(a, path_in("b.db"), &err), STORE_OK);
	struct store *b = open_db("b.db");
	put(a, "Clinic one", "Брест", NULL);    /* both: a conflict */
	put(b, "Clinic one", "Гродно", NULL);
	put(b, "Clinic two", "Могилёв", NULL);  /* one side only */
	put(b, "Clinic three", "Орша", NULL);
	store_close(b);

	struct seen s = { 0 };
	struct sync_stats st;
	assert_int_equal(sync_merge(a, path_in("b.db"), SYNC_PREFER_NONE, collect, &s, &st, &err), SYNC_CONFLICTS);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.field[0], "city");
	assert_string_equal(s.mine[0], "Брест");
	assert_string_equal(s.theirs[0], "Гродно");
	assert_string_equal(s.what[0], "changed on both copies");
	char *c = city_of(a, u2);
	assert_string_equal(c, "Гомель");   /* nothing applied */
	free(c);

	memset(&s, 0, sizeof s);
	assert_int_equal(sync_merge(a, path_in("b.db"), SYNC_PREFER_THEIRS, collect, &s, &st, &err), STORE_OK);
	assert_int_equal(st.conflicts, 1);
	assert_true(st.transactions >= 3);
	c = city_of(a, u1);
	assert_string_equal(c, "Гродно");
	free(c);
	c = city_of(a, u2);
	assert_string_equal(c, "Могилёв");
	free(c);
	b = open_db("b.db");
	c = city_of(b, u1);
	assert_string_equal(c, "Гродно");
	free(c);
	store_close(b);

	/* nothing left to do, either way */
	assert_int_equal(sync_merge(a, path_in("b.db"), SYNC_PREFER_NONE, NULL, NULL, &st, &err), STORE_OK);
	assert_int_equal(st.transactions + st.sent, 0);
	free(err);
	store_close(a);
}

static void test_apply_twice_and_mine(void **state)
{
	(void)state;
	struct store *a = open_db("c.db");
	char u1[STORE_UUID_SIZE];
	put(a, "Clinic four", "Пинск", u1);
	char *err = NULL;
	assert_int_equal(sync_copy(a, path_in("d.db"), &err), STORE_OK);
	struct store *d = open_db("d.db");
	put(d, "Clinic four", "Лида", NULL);
	put(a, "Clinic four", "Слоним", NULL);
	size_t len;
	void *buf = changes_of(d, &len, -1);
	struct seen s = { 0 };
	struct sync_stats st;
	assert_int_equal(sync_apply(a, buf, len, SYNC_PREFER_NONE, collect, &s, &st, &err), SYNC_CONFLICTS);
	assert_int_equal(s.n, 1);
	assert_int_equal(sync_apply(a, buf, len, SYNC_PREFER_MINE, NULL, NULL, &st, &err), STORE_OK);
	char *c = city_of(a, u1);
	assert_string_equal(c, "Слоним");
	free(c);
	assert_int_equal(sync_apply(a, buf, len, SYNC_PREFER_NONE, NULL, NULL, &st, &err), STORE_OK);
	assert_int_equal(st.transactions, 0);
	assert_true(st.known >= 1);
	free(buf);
	free(err);
	store_close(d);
	store_close(a);
}

/* ---- history and undo ---- */

struct hist {
	int n, changed;
	char user[64];
};

static int on_history(void *ud, const struct store_history *h)
{
	struct hist *x = ud;
	x->n++;
	if (strcmp(h->op, "changed") == 0 && h->field && strcmp(h->field, "city") == 0)
		x->changed++;
	snprintf(x->user, sizeof x->user, "%s", h->user);
	return 0;
}

static void test_history_and_undo(void **state)
{
	(void)state;
	struct store *a = open_db("e.db");
	char u[STORE_UUID_SIZE];
	put(a, "Clinic five", "Кобрин", u);
	put(a, "Clinic five", "Барановичи", NULL);
	struct hist h = { 0 };
	char *err = NULL;
	assert_int_equal(store_history_each(a, u, 0, on_history, &h, &err), STORE_OK);
	assert_int_equal(h.n, 2);         /* added, then city changed */
	assert_int_equal(h.changed, 1);
	assert_string_equal(h.user, store_user(a));

	struct store_undo un;
	assert_int_equal(store_history_undo_last(a, store_session_id(a), &un, &err), STORE_OK);
	char *c = city_of(a, u);
	assert_string_equal(c, "Кобрин");
	free(c);
	struct store_institution r;
	assert_int_equal(store_institution_get(a, u, &r, &err), STORE_OK);
	assert_true(r.version > 2);        /* forward, not back */
	store_institution_clear(&r);
	/* undo again: the add itself */
	assert_int_equal(store_history_undo_last(a, store_session_id(a), &un, &err), STORE_OK);
	assert_int_equal(store_institution_get(a, u, &r, &err), STORE_NOT_FOUND);
	assert_int_equal(store_history_undo_last(a, store_session_id(a), &un, &err), STORE_NOT_FOUND);
	/* another session's edit is not ours to undo */
	assert_int_equal(store_history_undo_last(a, "not-a-session", &un, &err), STORE_NOT_FOUND);
	free(err);
	store_close(a);
}

static void test_undo_refused_after_other_edit(void **state)
{
	(void)state;
	struct store *a = open_db("f.db");
	char u[STORE_UUID_SIZE];
	put(a, "Clinic six", "Жодино", u);
	put(a, "Clinic six", "Борисов", NULL);
	struct store *other = open_db("f.db");
	put(other, "Clinic six", "Солигорск", NULL);
	store_close(other);
	struct store_undo un;
	char *err = NULL;
	assert_int_equal(store_history_undo_last(a, store_session_id(a), &un, &err), SYNC_CONFLICTS);
	assert_non_null(strstr(err, "cannot undo"));
	char *c = city_of(a, u);
	assert_string_equal(c, "Солигорск");
	free(c);
	free(err);
	store_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_conflicts_listed_then_resolved),
		cmocka_unit_test(test_apply_twice_and_mine),
		cmocka_unit_test(test_history_and_undo),
		cmocka_unit_test(test_undo_refused_after_other_edit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
