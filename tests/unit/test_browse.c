/* Unit tests: the store's browsing and editing API (src/store/browse*.c,
 * edit.c): people's order, keyset paging both ways, filters, search,
 * saves with version checks, deletes, and writes by another program. */
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

#include <sqlite3.h>

#include <accord/collate.h>
#include <accord/store.h>

static char dir[64], path[128];

static int setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/accord-test-browse-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/b.db", dir);
	struct store *st;
	if (store_open(path, STORE_CREATE, &st, NULL) != STORE_OK)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void add_inst(struct store *st, const char *country, const char *name, const char *city,
                     const char *parent, char uuid[STORE_UUID_SIZE])
{
	struct store_institution r = { 0 };
	snprintf(r.country, sizeof r.country, "%s", country);
	r.name = strdup(name);
	r.city = city ? strdup(city) : NULL;
	if (parent)
		snprintf(r.parent, sizeof r.parent, "%s", parent);
	char *err = NULL;
	int rc = store_institution_save(st, &r, 0, NULL, &err);
	if (rc != STORE_OK)
		fail_msg("save %s: %s", name, err);
	if (uuid)
		memcpy(uuid, r.uuid, STORE_UUID_SIZE);
	store_institution_clear(&r);
}

static void add_agr(struct store *st, const char *title, const char *signed_on, const char *status,
                    const char *const *parties, size_t np, char uuid[STORE_UUID_SIZE])
{
	struct store_agreement r = { 0 };
	r.title = strdup(title);
	r.signed_on = signed_on ? strdup(signed_on) : NULL;
	r.status = status ? strdup(status) : NULL;
	r.parties = calloc(np, sizeof *r.parties);
	r.n_parties = np;
	for (size_t i = 0; i < np; i++)
		snprintf(r.parties[i].uuid, sizeof r.parties[i].uuid, "%s", parties[i]);
	char *err = NULL;
	int rc = store_agreement_save(st, &r, 0, NULL, &err);
	if (rc != STORE_OK)
		fail_msg("save %s: %s", title, err);
	if (uuid)
		memcpy(uuid, r.uuid, STORE_UUID_SIZE);
	store_agreement_clear(&r);
}

static int cmp_names(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return collate_compare(x, strlen(x), y, strlen(y));
}

/* Names in the order collate_compare gives are listed in that order. */
static void test_people_order(void **state)
{
	struct store *st = *state;
	const char *names[] = {
		"Ёлочка", "Елена", "Жук", "Ґанок", "Гора", "Дім", "Єва", "Іван", "Їжак", "Ира", "Йод",
		"Zoo", "Šokk", "Sõber", "Tartu", "Õun", "Ärk", "Ülikool", "Öö", "Ülo", "Abc", "Abd",
		"№ 10 больница", "№ 9 больница", "Tartu Ülikool", "Tartuülikool", "«Мать и дитя»",
		"Минск", "Минский", "Мінськ",
	};
	size_t n = sizeof names / sizeof *names;
	for (size_t i = 0; i < n; i++)
		add_inst(st, "EE", names[i], NULL, NULL, NULL);
	const char **want = malloc(n * sizeof *want);
	memcpy(want, names, n * sizeof *want);
	qsort(want, n, sizeof *want, cmp_names);
	struct store_query q = { .list = STORE_LIST_INSTITUTIONS, .country = "EE" };
	struct store_row rows[64];
	char *err = NULL;
	int got = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err);
	assert_int_equal(got, (int)n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(rows[i].col[0], want[i]);
	store_rows_free(rows, (size_t)got);
	free(want);
}

/* Paging forwards and backwards gives the same list as one read. */
static void test_paging(void **state)
{
	struct store *st = *state;
	char name[64];
	for (int i = 0; i < 97; i++) {
		snprintf(name, sizeof name, "Больница № %d", i);
		add_inst(st, "BY", name, i % 3 ? "Минск" : "Гомель", NULL, NULL);
	}
	struct store_query q = { .list = STORE_LIST_INSTITUTIONS, .country = "BY" };
	struct store_row all[128], page[7];
	char *err = NULL;
	int n = store_list_rows(st, &q, STORE_FIRST, 0, all, 128, &err);
	assert_int_equal(n, 97);
	assert_string_equal(all[0].col[0], "Больница № 0");
	assert_string_equal(all[96].col[0], "Больница № 96");
	/* forwards */
	int k = 0;
	int got = store_list_rows(st, &q, STORE_FIRST, 0, page, 7, &err);
	while (got > 0) {
		for (int i = 0; i < got; i++, k++)
			assert_int_equal(page[i].sid, all[k].sid);
		long long last = page[got - 1].sid;
		store_rows_free(page, (size_t)got);
		got = store_list_rows(st, &q, STORE_AFTER, last, page, 7, &err);
	}
	assert_int_equal(k, 97);
	/* backwards */
	got = store_list_rows(st, &q, STORE_LAST, 0, page, 7, &err);
	k = 97;
	while (got > 0) {
		for (int i = got - 1; i >= 0; i--)
			assert_int_equal(page[i].sid, all[--k].sid);
		long long first = page[0].sid;
		store_rows_free(page, (size_t)got);
		got = store_list_rows(st, &q, STORE_BEFORE, first, page, 7, &err);
	}
	assert_int_equal(k, 0);
	/* at */
	got = store_list_rows(st, &q, STORE_AT, all[50].sid, page, 3, &err);
	assert_int_equal(got, 3);
	assert_int_equal(page[0].sid, all[50].sid);
	store_rows_free(page, 3);
	/* filter: folded substring of the city */
	q.text = "гомЕль";
	got = store_list_rows(st, &q, STORE_FIRST, 0, all + 100, 28, &err);
	assert_int_equal(got, 28);  /* 97 / 3 rounded up = 33, page of 28 */
	store_rows_free(all + 100, 28);
	store_rows_free(all, 97);
	/* a gone anchor */
	assert_int_equal(store_list_rows(st, &q, STORE_AFTER, 999999, page, 7, &err), STORE_NOT_FOUND);
	free(err);
}

static void test_branches_and_search(void **state)
{
	struct store *st = *state;
	char parent[STORE_UUID_SIZE], b1[STORE_UUID_SIZE];
	add_inst(st, "UZ", "Республиканский центр здоровья матери и ребёнка", "Ташкент", NULL, parent);
	add_inst(st, "UZ", "Бухарский филиал центра", "Бухара", parent, b1);
	add_inst(st, "UZ", "Андижанский институт", "Андижан", NULL, NULL);
	add_inst(st, "UZ", "Яшнабадская поликлиника", "Ташкент", NULL, NULL);
	struct store_query q = { .list = STORE_LIST_INSTITUTIONS, .country = "UZ" };
	struct store_row rows[8];
	char *err = NULL;
	int n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 8, &err);
	assert_int_equal(n, 4);
	assert_string_equal(rows[0].col[0], "Андижанский институт");
	assert_string_equal(rows[1].col[0], "Республиканский центр здоровья матери и ребёнка");
	assert_string_equal(rows[2].col[0], "Бухарский филиал центра");
	assert_int_equal(rows[2].depth, 1);
	store_rows_free(rows, 4);
	/* е finds ё */
	q.text = "ребенка";
	assert_int_equal(store_list_rows(st, &q, STORE_FIRST, 0, rows, 8, &err), 1);
	store_rows_free(rows, 1);
	/* global search, short (scan) and long (full-text index) */
	struct store_hit hits[20];
	n = store_search(st, "ТАШ", hits, 10, &err);
	assert_int_equal(n, 2);
	store_hits_free(hits, 2);
	n = store_search(st, "ф", hits, 10, &err);
	assert_true(n >= 1);
	store_hits_free(hits, (size_t)n);
	struct store_ref refs[8];
	n = store_institution_search(st, "бухар", "UZ", refs, 8, &err);
	assert_int_equal(n, 1);
	assert_string_equal(refs[0].uuid, b1);
	store_refs_free(refs, 1);
	struct store_ref *br;
	size_t nb;
	assert_int_equal(store_institution_branches(st, parent, &br, &nb, &err), STORE_OK);
	assert_int_equal(nb, 1);
	store_refs_free(br, nb);
	free(br);
	char *sim = NULL;
	assert_int_equal(store_institution_similar(st, "UZ", "Андижанский институт", NULL, &sim, &err), 1);
	assert_string_equal(sim, "Андижанский институт");
	free(sim);
	assert_int_equal(store_institution_similar(st, "UZ", "Самаркандский университет", NULL, &sim, &err), 0);
}

static void test_countries(void **state)
{
	struct store *st = *state;
	add_inst(st, "BY", "Минздрав", NULL, NULL, NULL);
	add_inst(st, "EE", "Sotsiaalministeerium", NULL, NULL, NULL);
	struct store_country_row *rows;
	size_t n;
	char *err = NULL;
	assert_int_equal(store_country_rows(st, "ru", false, &rows, &n, &err), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].code, "BY");
	assert_string_equal(rows[0].name, "Беларусь");
	assert_string_equal(rows[1].name, "Эстония");
	assert_int_equal(rows[0].institutions, 1);
	store_country_rows_free(rows, n);
	free(rows);
	/* Estonian has no name for some countries: English stands in. */
	assert_int_equal(store_country_rows(st, "et", true, &rows, &n, &err), STORE_OK);
	assert_true(n > 240);
	store_country_rows_free(rows, n);
	free(rows);
	const char *asks[] = { "бел", "val", "bel", "BY", "Белоруссия", "blr" };
	for (size_t i = 0; i < sizeof asks / sizeof *asks; i++) {
		struct store_country_row hits[10];
		int k = store_country_search(st, asks[i], "en", hits, 10, &err);
		assert_true(k >= 1);
		bool found = false;
		for (int j = 0; j < k; j++)
			found = found || strcmp(hits[j].code, "BY") == 0;
		if (!found)
			fail_msg("%s does not find Belarus", asks[i]);
		store_country_rows_free(hits, (size_t)k);
	}
	char *name;
	assert_int_equal(store_country_display(st, "UA", "uk", &name, &err), STORE_OK);
	assert_string_equal(name, "Україна");
	free(name);
}

static void test_save_conflict_delete(void **state)
{
	struct store *st = *state;
	char u[STORE_UUID_SIZE];
	add_inst(st, "KG", "Национальный центр", "Бишкек", NULL, u);
	struct store_institution a, b, cur = { 0 };
	char *err = NULL;
	assert_int_equal(store_institution_get(st, u, &a, &err), STORE_OK);
	assert_int_equal(store_institution_get(st, u, &b, &err), STORE_OK);
	long long base = a.version;
	free(a.city);
	a.city = strdup("Ош");
	assert_int_equal(store_institution_save(st, &a, base, &cur, &err), STORE_OK);
	/* b was opened at the same version: a conflict, with a's city */
	free(b.notes);
	b.notes = strdup("mine");
	assert_int_equal(store_institution_save(st, &b, base, &cur, &err), STORE_CONFLICT);
	assert_string_equal(cur.city, "Ош");
	long long v = cur.version;
	store_institution_clear(&cur);
	assert_int_equal(store_institution_save(st, &b, v, &cur, &err), STORE_OK);
	/* same name twice in a country is refused */
	struct store_institution c = { .country = "KG" };
	c.name = strdup("национальный   ЦЕНТР");
	assert_int_equal(store_institution_save(st, &c, 0, &cur, &err), STORE_ERROR);
	assert_non_null(strstr(err, "already exists"));
	assert_string_equal(c.uuid, "");
	store_institution_clear(&c);
	/* a party to an agreement: delete needs force */
	const char *parties[] = { u };
	char ag[STORE_UUID_SIZE];
	add_agr(st, "Соглашение", "2020-05", "signed", parties, 1, ag);
	struct store_usage us;
	assert_int_equal(store_institution_usage(st, u, &us, &err), STORE_OK);
	assert_int_equal(us.agreements, 1);
	assert_int_equal(us.sole, 1);
	assert_int_equal(store_institution_delete(st, u, false, &err), STORE_ERROR);
	assert_int_equal(store_institution_delete(st, u, true, &err), STORE_OK);
	struct store_agreement g;
	assert_int_equal(store_agreement_get(st, ag, &g, &err), STORE_NOT_FOUND);
	/* saving what was deleted meanwhile */
	assert_int_equal(store_institution_save(st, &a, a.version, &cur, &err), STORE_NOT_FOUND);
	store_institution_clear(&a);
	store_institution_clear(&b);
	free(err);
}

static void test_agreements(void **state)
{
	struct store *st = *state;
	char by[STORE_UUID_SIZE], uz[STORE_UUID_SIZE], ee[STORE_UUID_SIZE];
	add_inst(st, "BY", "Минздрав Беларуси", NULL, NULL, by);
	add_inst(st, "UZ", "Минздрав Узбекистана", NULL, NULL, uz);
	add_inst(st, "EE", "Sotsiaalministeerium", NULL, NULL, ee);
	char title[64];
	for (int i = 0; i < 40; i++) {
		snprintf(title, sizeof title, "Соглашение %02d", i);
		char date[16];
		snprintf(date, sizeof date, "%d-%02d", 2000 + i / 4, 1 + i % 12);
		const char *p2[] = { by, i % 2 ? uz : ee };
		add_agr(st, title, date, i % 5 ? "signed" : "in_force", p2, 2, NULL);
	}
	char *err = NULL;
	struct store_row rows[64];
	struct store_query q = { .list = STORE_LIST_INST_AGREEMENTS, .institution = uz };
	int n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err);
	assert_int_equal(n, 20);
	assert_string_equal(rows[0].col[1], "Соглашение 39");   /* newest first */
	assert_string_equal(rows[0].col[3], "BY");              /* the other side */
	store_rows_free(rows, (size_t)n);
	q = (struct store_query){ .list = STORE_LIST_AGREEMENTS, .sort = STORE_SORT_DATE };
	n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err);
	assert_int_equal(n, 40);
	assert_string_equal(rows[0].col[1], "Соглашение 00");
	assert_string_equal(rows[0].col[3], "BY EE");
	store_rows_free(rows, (size_t)n);
	q.desc = true;
	q.sort = STORE_SORT_TITLE;
	n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 3, &err);
	assert_string_equal(rows[0].col[1], "Соглашение 39");
	long long mid = rows[2].sid;
	store_rows_free(rows, (size_t)n);
	n = store_list_rows(st, &q, STORE_AFTER, mid, rows, 2, &err);
	assert_string_equal(rows[0].col[1], "Соглашение 36");
	store_rows_free(rows, (size_t)n);
	/* filters, alone and together */
	q = (struct store_query){ .list = STORE_LIST_AGREEMENTS, .status = "in_force" };
	assert_int_equal((n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err)), 8);
	store_rows_free(rows, (size_t)n);
	q = (struct store_query){ .list = STORE_LIST_AGREEMENTS, .year = 2003 };
	assert_int_equal((n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err)), 4);
	store_rows_free(rows, (size_t)n);
	q = (struct store_query){ .list = STORE_LIST_AGREEMENTS, .country = "EE", .sort = STORE_SORT_PAIR };
	assert_int_equal((n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err)), 20);
	store_rows_free(rows, (size_t)n);
	q = (struct store_query){ .list = STORE_LIST_AGREEMENTS, .text = "ГЛАШЕНИЕ 1", .country = "UZ",
	                          .sort = STORE_SORT_STATUS };
	assert_int_equal((n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err)), 5);
	store_rows_free(rows, (size_t)n);
	q.text = "1";   /* odd numbers (UZ) with a 1: 01 11 13 15 17 19 21 31 */
	assert_int_equal((n = store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err)), 8);
	store_rows_free(rows, (size_t)n);
	q = (struct store_query){ .list = STORE_LIST_AGREEMENTS, .area = "no such area" };
	assert_int_equal(store_list_rows(st, &q, STORE_FIRST, 0, rows, 64, &err), 0);
}

/* Another program writes with the sqlite3 library directly. */
static void test_external_writer(void **state)
{
	struct store *st = *state;
	add_inst(st, "LV", "Bbb", NULL, NULL, NULL);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO institution(uuid, name, country, key, created, updated)"
		" VALUES ('x-1', 'Aaa', 'LV', 'aaa', '', '');"
		"UPDATE institution SET name = 'Ccc' WHERE name = 'Bbb';", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_true(store_data_version(st) >= 0);
	char *err = NULL;
	assert_int_equal(store_browse_update(st, NULL, NULL, &err), STORE_OK);
	struct store_query q = { .list = STORE_LIST_INSTITUTIONS, .country = "LV" };
	struct store_row rows[4];
	assert_int_equal(store_list_rows(st, &q, STORE_FIRST, 0, rows, 4, &err), 2);
	assert_string_equal(rows[0].col[0], "Aaa");
	assert_string_equal(rows[1].col[0], "Ccc");
	store_rows_free(rows, 2);
	q.text = "ccc";
	assert_int_equal(store_list_rows(st, &q, STORE_FIRST, 0, rows, 4, &err), 1);
	store_rows_free(rows, 1);
	struct store_country_row *c;
	size_t n;
	assert_int_equal(store_country_rows(st, "en", false, &c, &n, &err), STORE_OK);
	assert_int_equal(c[0].institutions, 2);
	store_country_rows_free(c, n);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_people_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_branches_and_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_countries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_conflict_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreements, setup, teardown),
		cmocka_unit_test_setup_teardown(test_external_writer, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
