/* Unit tests: the full-screen program's configuration file (src/tui/settings.c):
 * defaults, values, and every kind of parse error with its line. */
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

#include "../../src/tui/settings.h"

static char errors[2048];

static void collect(void *ud, const char *msg)
{
	(void)ud;
	strncat(errors, msg, sizeof errors - strlen(errors) - 2);
	strcat(errors, "\n");
}

static int parse(struct tui_config *c, const char *text)
{
	errors[0] = '\0';
	return tui_config_parse(c, "config", text, strlen(text), collect, NULL);
}

static void test_defaults(void **state)
{
	(void)state;
	struct tui_config c;
	tui_config_defaults(&c);
	assert_string_equal(c.language, "en");
	assert_true(c.color);
}

static void test_values(void **state)
{
	(void)state;
	struct tui_config c;
	tui_config_defaults(&c);
	assert_int_equal(parse(&c, "# comment\n\n  language=ru   # trailing comment\r\ncolor = off\n"), 0);
	assert_string_equal(c.language, "ru");
	assert_false(c.color);
	assert_int_equal(parse(&c, "language = \"et\"\ncolour = yes"), 0);   /* no final newline */
	assert_string_equal(c.language, "et");
	assert_true(c.color);
}

static void test_errors(void **state)
{
	(void)state;
	struct tui_config c;
	tui_config_defaults(&c);
	int n = parse(&c, "language = uk\njust words\n= ru\nlanguage = xx\ncolor = maybe\nfont = big\n");
	assert_int_equal(n, 5);
	assert_string_equal(c.language, "uk");   /* the good line still counts */
	assert_non_null(strstr(errors, "config:2: expected \"key = value\""));
	assert_non_null(strstr(errors, "config:3: a value without a key"));
	assert_non_null(strstr(errors, "config:4: language: \"xx\" is not one of en, ru, uk, et"));
	assert_non_null(strstr(errors, "config:5: color: \"maybe\" is not on or off"));
	assert_non_null(strstr(errors, "config:6: unknown setting \"font\""));
	char big[1200];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(parse(&c, big), 1);
	assert_non_null(strstr(errors, "config:1: line too long"));
	const char nul[] = "language = ru\0x\n";
	errors[0] = '\0';
	assert_int_equal(tui_config_parse(&c, "config", nul, sizeof nul - 1, collect, NULL), 1);
	assert_non_null(strstr(errors, "NUL"));
}

static void test_set_keeps_other_lines(void **state)
{
	(void)state;
	char dir[] = "/tmp/accord-test-config-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/sub/config", dir);
	assert_int_equal(tui_config_set(path, "language", "ru"), 0);   /* creates sub/ */
	FILE *f = fopen(path, "a");
	fputs("# mine\ncolor = off\n", f);
	fclose(f);
	assert_int_equal(tui_config_set(path, "language", "uk"), 0);
	struct tui_config c;
	tui_config_defaults(&c);
	errors[0] = '\0';
	assert_int_equal(tui_config_load(&c, path, collect, NULL), 0);
	assert_string_equal(c.language, "uk");
	assert_false(c.color);
	f = fopen(path, "r");
	char text[256] = "";
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_string_equal(text, "language = uk\n# mine\ncolor = off\n");
	/* a missing file is not an error */
	assert_int_equal(tui_config_load(&c, "/nonexistent/accord/config", collect, NULL), 0);
	char cmd[160];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_set_keeps_other_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
