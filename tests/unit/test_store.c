/* Unit tests: opening, creating and refusing databases (src/store). */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include <accord/store.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/accord-test-store-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *path_in(const char *name)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	return p;
}

/* The whole file, to compare before and after. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		buf = realloc(buf, cap += 65536);
		size_t n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	return buf;
}

static void test_create_0600_and_migrate(void **state)
{
	(void)state;
	const char *p = path_in("sub/dir/new.db");
	struct store *st;
	char *err = NULL;
	assert_int_equal(store_open(p, STORE_CREATE, &st, &err), STORE_OK);
	assert_true(store_was_created(st));
	struct store_summary s;
	assert_int_equal(store_summary(st, &s, &err), STORE_OK);
	assert_int_equal(s.countries, 249);
	assert_int_equal(s.schema_version, STORE_SCHEMA_VERSION);
	assert_int_equal(store_check(st, NULL, NULL, &err), 0);
	store_close(st);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* Opening again creates nothing and changes nothing. */
	size_t l1, l2;
	char *before = slurp(p, &l1);
	assert_int_equal(store_open(p, STORE_CREATE, &st, &err), STORE_OK);
	assert_false(store_was_created(st));
	store_close(st);
	char *after = slurp(p, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(before, after, l1);
	free(before);
	free(after);
}

static void test_missing_without_create(void **state)
{
	(void)state;
	struct store *st;
	char *err = NULL;
	assert_int_equal(store_open(path_in("absent.db"), 0, &st, &err), STORE_NOT_FOUND);
	assert_non_null(strstr(err, "no such database"));
	free(err);
	assert_int_equal(access(path_in("absent.db"), F_OK), -1);
}

static void refuse_unchanged(const char *p, int want_rc, const char *want_msg)
{
	size_t l1, l2;
	char *before = slurp(p, &l1);
	struct store *st = NULL;
	char *err = NULL;
	assert_int_equal(store_open(p, STORE_CREATE, &st, &err), want_rc);
	assert_null(st);
	assert_non_null(err);
	if (!strstr(err, want_msg))
		fail_msg("message '%s' lacks '%s'", err, want_msg);
	free(err);
	char *after = slurp(p, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(before, after, l1);
	free(before);
	free(after);
	char side[300];
	snprintf(side, sizeof side, "%s-wal", p);
	assert_int_equal(access(side, F_OK), -1);
}

static void test_refuse_text_file(void **state)
{
	(void)state;
	const char *p = path_in("notes.txt");
	FILE *f = fopen(p, "w");
	fputs("Not a database at all, just some text.\n", f);
	fclose(f);
	refuse_unchanged(p, STORE_NOT_ACCORD, "not an Accord database");
}

static void test_refuse_other_sqlite(void **state)
{
	(void)state;
	const char *p = path_in("other.db");
	sqlite3 *db;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (1)", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	refuse_unchanged(p, STORE_NOT_ACCORD, "another program");
}

static void test_refuse_newer_schema(void **state)
{
	(void)state;
	const char *p = path_in("newer.db");
	struct store *st;
	char *err = NULL;
	assert_int_equal(store_open(p, STORE_CREATE, &st, &err), STORE_OK);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version=99; PRAGMA journal_mode=DELETE", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	refuse_unchanged(p, STORE_TOO_NEW, "newer Accord");
}

static void test_refuse_dangling_symlink(void **state)
{
	(void)state;
	const char *p = path_in("planted.db");
	assert_int_equal(symlink(path_in("victim"), p), 0);
	struct store *st;
	char *err = NULL;
	assert_int_not_equal(store_open(p, STORE_CREATE, &st, &err), STORE_OK);
	assert_non_null(strstr(err, "symbolic link"));
	free(err);
	assert_int_equal(access(path_in("victim"), F_OK), -1);
}

static void test_group_shared_directory(void **state)
{
	(void)state;
	const char *d = path_in("team");
	assert_int_equal(mkdir(d, 0770), 0);
	assert_int_equal(chmod(d, 02770), 0);
	const char *p = path_in("team/shared.db");
	struct store *st;
	char *err = NULL;
	assert_int_equal(store_open(p, STORE_CREATE, &st, &err), STORE_OK);
	store_close(st);
	struct stat sb;
	assert_int_equal(stat(p, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
}

static void test_directory_refused(void **state)
{
	(void)state;
	struct store *st;
	char *err = NULL;
	assert_int_equal(store_open(dir, STORE_CREATE, &st, &err), STORE_NOT_ACCORD);
	assert_non_null(strstr(err, "directory"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_0600_and_migrate),
		cmocka_unit_test(test_missing_without_create),
		cmocka_unit_test(test_refuse_text_file),
		cmocka_unit_test(test_refuse_other_sqlite),
		cmocka_unit_test(test_refuse_newer_schema),
		cmocka_unit_test(test_refuse_dangling_symlink),
		cmocka_unit_test(test_group_shared_directory),
		cmocka_unit_test(test_directory_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
