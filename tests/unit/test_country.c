/* Unit tests: the country resolver on every seed country in every language. */
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

static char dbpath[64];

static int setup(void **state)
{
	snprintf(dbpath, sizeof dbpath, "/tmp/accord-test-country-%d.db", (int)getpid());
	unlink(dbpath);
	struct store *st;
	char *err = NULL;
	if (store_open(dbpath, STORE_CREATE, &st, &err) != STORE_OK) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	char side[80];
	unlink(dbpath);
	snprintf(side, sizeof side, "%s-wal", dbpath);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", dbpath);
	unlink(side);
	return 0;
}

struct want { const char *code; const char *names[24]; };

/* Every country the seed articles name, written every way people do. */
static const struct want seeds[] = {
	{ "BY", { "BY", "by", "BLR", "112", "Belarus", "Republic of Belarus", "Беларусь", "Белоруссия",
	          "Республика Беларусь", "Республики Беларусь", "Білорусь", "Республіка Білорусь",
	          "Рэспубліка Беларусь", "Valgevene", "Valgevene Vabariik", "Baltkrievija",
	          "Baltarusija", "беларусь", "  BELARUS  ", NULL } },
	{ "EE", { "EE", "EST", "Estonia", "Republic of Estonia", "Эстония", "Естонія", "Eesti",
	          "Eesti Vabariik", "Эстонская Республика", "Igaunija", "Estija", NULL } },
	{ "KG", { "KG", "KGZ", "Kyrgyzstan", "Kyrgyz Republic", "Кыргызстан", "Киргизия",
	          "Киргизская Республика", "Кыргызская Республика", "Республика Кыргызстан",
	          "Киргизстан", "Kõrgõzstan", "Қырғызстан", NULL } },
	{ "RU", { "RU", "RUS", "Russia", "Russian Federation", "Россия", "Российская Федерация", "РФ",
	          "Росія", "Venemaa", "Krievija", "Rusija", NULL } },
	{ "UZ", { "UZ", "UZB", "Uzbekistan", "Republic of Uzbekistan", "Узбекистан",
	          "Республика Узбекистан", "Usbekistan", "Oʻzbekiston", "O'zbekiston", "O’zbekiston",
	          "Ўзбекистон", NULL } },
	{ "KZ", { "KZ", "KAZ", "Kazakhstan", "Republic of Kazakhstan", "Казахстан",
	          "Республика Казахстан", "Қазақстан", "Kasahstan", NULL } },
	{ "UA", { "UA", "UKR", "Ukraine", "Украина", "Україна", "Ukraina", "Украіна", NULL } },
	{ "PL", { "Poland", "Польша", "Польща", "Poola", NULL } },
	{ "LT", { "Lithuania", "Литва", "Leedu", "Lietuva", NULL } },
	{ "LV", { "Latvia", "Латвия", "Латвія", "Läti", "Latvija", NULL } },
	{ "MD", { "Moldova", "Republic of Moldova", "Молдова", "Молдавия", "Moldova Vabariik", NULL } },
	{ "MK", { "North Macedonia", "Північна Македонія", "Северная Македония", NULL } },
	{ "FR", { "France", "Франция", "Франція", "Prantsusmaa", NULL } },
	{ "AT", { "Austria", "Австрия", "Австрія", "Austria", NULL } },
	{ "DK", { "Denmark", "Дания", "Данія", "Taani", NULL } },
	{ "IE", { "Ireland", "Ирландия", "Ірландія", "Iirimaa", NULL } },
	{ "SE", { "Sweden", "Швеция", "Швеція", "Rootsi", NULL } },
	{ "ES", { "Spain", "Испания", "Іспанія", "Hispaania", NULL } },
	{ "CA", { "Canada", "Канада", "Kanada", NULL } },
	{ "IL", { "Israel", "Израиль", "Ізраїль", "Iisrael", NULL } },
	{ "NL", { "Netherlands", "Нидерланды", "Нідерланди", "Holland", "Madalmaad", NULL } },
};

static void test_seed_countries(void **state)
{
	struct store *st = *state;
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++)
		for (size_t j = 0; seeds[i].names[j]; j++) {
			char code[3] = "";
			char *err = NULL;
			int rc = store_country_resolve(st, seeds[i].names[j], code, &err);
			if (rc != 1)
				fail_msg("'%s': %s", seeds[i].names[j], err ? err : "?");
			if (strcmp(code, seeds[i].code) != 0)
				fail_msg("'%s' resolved to %s, want %s", seeds[i].names[j], code, seeds[i].code);
			free(err);
		}
}

static void test_unknown_and_ambiguous(void **state)
{
	struct store *st = *state;
	char code[3];
	char *err = NULL;
	assert_int_equal(store_country_resolve(st, "Narnia", code, &err), 0);
	assert_non_null(strstr(err, "unknown country 'Narnia'"));
	free(err);
	err = NULL;
	assert_int_equal(store_country_resolve(st, "", code, &err), 0);
	free(err);
	err = NULL;
	assert_int_equal(store_country_resolve(st, "XX", code, &err), 0);
	free(err);
	err = NULL;
	/* Invalid UTF-8 is not a name. */
	assert_int_equal(store_country_resolve(st, "\xcc\xee", code, &err), 0);
	free(err);
}

static int count_cb(void *ud, const struct store_country *c,
                    const struct store_country_name *names, size_t n)
{
	long *count = ud;
	(void)c;
	assert_true(n > 0);
	assert_string_equal(names[0].lang, "en");
	count[0]++;
	count[1] += (long)n;
	return 0;
}

static void test_all_249(void **state)
{
	long count[2] = { 0, 0 };
	char *err = NULL;
	assert_int_equal(store_countries_each(*state, count_cb, count, &err), STORE_OK);
	assert_int_equal(count[0], 249);
	assert_true(count[1] > 3500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_countries),
		cmocka_unit_test(test_unknown_and_ambiguous),
		cmocka_unit_test(test_all_249),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
