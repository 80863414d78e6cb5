/* Unit tests: search keys and NFC (src/text/fold.c). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <accord/fold.h>

static void key_is(const char *in, const char *want)
{
	char *k = fold_key(in, strlen(in));
	assert_non_null(k);
	assert_string_equal(k, want);
	free(k);
}

static void test_case_folding_every_script(void **state)
{
	(void)state;
	key_is("Минск", "минск");
	key_is("МИНСК", "минск");
	key_is("KÕRGKOOL", "kõrgkool");
	key_is("Tervishoiu Kõrgkool", "tervishoiu kõrgkool");
	key_is("ЛЬВІВ", "львів");
	key_is("ҚАЗАҚСТАН", "қазақстан");
	key_is("Ґудзик", "ґудзик");
	key_is("ŠIAULIAI", "šiauliai");
}

/* The fast path (simple lower case) must agree with full case folding on
 * every code point it takes. */
static void test_fast_path_agrees(void **state)
{
	(void)state;
	key_is("ÀÉÎÕÜŠŽĀĒĪŪĶĻŅČĄĘĖĮŲ", "àéîõüšžāēīūķļņčąęėįų");
	key_is("ЁЙЇЄҐҚҢӘӨҰҮҺІЎ", "ейїєґқңәөұүһіў");
	key_is("№ 5 — «ТЕСТ»", "№ 5 - тест");
	/* Outside the fast path: full folding. */
	key_is("STRASSE Straße", "strasse strasse");
	key_is("µ", "μ");
	key_is("ΣΊΣΥΦΟΣ", "σίσυφοσ");
	char *a = fold_nfc("Ёлка", strlen("Ёлка"));
	assert_true(fold_is_nfc_quick("Ёлка", strlen("Ёлка")));
	assert_false(fold_is_nfc_quick("e\xcc\x81", 3));
	assert_string_equal(a, "Ёлка");
	free(a);
}

static void test_yo_and_apostrophes(void **state)
{
	(void)state;
	key_is("Ёлка", "елка");
	key_is("партнёрство", "партнерство");
	key_is("здоров’я", "здоров'я");
	key_is("здоровʼя", "здоров'я");
	key_is("здоров`я", "здоров'я");
	key_is("здоров'я", "здоров'я");
}

static void test_spaces_quotes_dashes(void **state)
{
	(void)state;
	key_is("  РНПЦ  «Мать и дитя» ", "рнпц мать и дитя");
	key_is("РНПЦ \"Мать и дитя\"", "рнпц мать и дитя");
	key_is("ГУ „Мать“", "гу мать");
	key_is("Усть\u2013Каменогорск", "усть-каменогорск");
	key_is("a\u00a0b\tc", "a b c");
	key_is("", "");
	key_is("   ", "");
}

static void test_nfc(void **state)
{
	(void)state;
	/* е + combining diaeresis is ё; й decomposed is й. */
	char *s = fold_nfc("\xd0\xb5\xcc\x88", 4);
	assert_non_null(s);
	assert_string_equal(s, "ё");
	free(s);
	key_is("\xd0\x95\xcc\x88", "е");
	s = fold_nfc("", 0);
	assert_string_equal(s, "");
	free(s);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	assert_null(fold_key("\xcc\xee\xf1\xea\xe2\xe0", 6));   /* CP1251 Москва */
	assert_null(fold_nfc("\xc0\x80", 2));                     /* overlong NUL */
	assert_null(fold_key("\xed\xa0\x80", 3));                 /* surrogate */
	assert_false(fold_valid_utf8("\xff", 1));
	assert_true(fold_valid_utf8("Минск", strlen("Минск")));
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(fold_width("Минск", strlen("Минск")), 5);
	assert_int_equal(fold_width("漢字", strlen("漢字")), 4);
	assert_int_equal(fold_width("e\xcc\x81", 3), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_case_folding_every_script),
		cmocka_unit_test(test_yo_and_apostrophes),
		cmocka_unit_test(test_fast_path_agrees),
		cmocka_unit_test(test_spaces_quotes_dashes),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
