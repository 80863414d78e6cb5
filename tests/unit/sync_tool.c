/* A test helper for the sync tests: writes through the store's own write
 * paths (store_begin/store_commit, so they are journaled like any edit of
 * the program), and reads what the CLI does not show.
 *
 *   sync_tool DB sql SQL...          run SQL in one store transaction
 *   sync_tool DB del-inst NAME       delete an institution (store_institution_delete, force)
 *   sync_tool DB del-agr TITLE       delete an agreement (store_agreement_delete)
 *   sync_tool DB history NAME        print the history of an institution or agreement
 *   sync_tool DB writer TAG N        N transactions, each adding institution "TAG i";
 *                                    prints "ok TAG i" after each commit
 *   sync_tool DB edit-undo NAME CITY set an institution's city, then undo it (one session)
 *   sync_tool changes-header FILE    print a changes file's header fields
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/store.h>

#include "store_internal.h"

static int die(const char *what, char *err)
{
	fprintf(stderr, "sync_tool: %s: %s\n", what, err ? err : "failed");
	free(err);
	return 1;
}

static int uuid_of(struct store *st, const char *sql, const char *name, char out[STORE_UUID_SIZE])
{
	sqlite3_stmt *s;
	if (store_prepare(st, sql, &s, NULL) != STORE_OK)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		snprintf(out, STORE_UUID_SIZE, "%s", (const char *)sqlite3_column_text(s, 0));
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int print_history(void *ud, const struct store_history *h)
{
	(void)ud;
	printf("%lld %s %s %s %s %s %s -> %s%s\n", h->seq, h->user, h->origin, h->table, h->op,
	       h->field ? h->field : "-", h->old_value ? h->old_value : "-", h->new_value ? h->new_value : "-",
	       h->undone ? " (undone)" : "");
	return 0;
}

static int header(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return die(path, NULL);
	static unsigned char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	struct sync_header h;
	char *err = NULL;
	int rc = sync_file_check(buf, n, NULL, &h, &err);
	printf("rc %d version %u registry %s from %lld to %lld entries %lu\n", rc, h.version, h.registry, h.from,
	       h.to, h.entries);
	if (err)
		printf("err %s\n", err);
	free(err);
	return rc == STORE_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "changes-header") == 0)
		return header(argv[2]);
	if (argc < 3) {
		fputs("usage: sync_tool DB COMMAND ARG...\n", stderr);
		return 2;
	}
	struct store *st;
	char *err = NULL;
	if (store_open(argv[1], 0, &st, &err) != STORE_OK)
		return die(argv[1], err);
	const char *cmd = argv[2];
	int rc = 0;
	char uuid[STORE_UUID_SIZE];
	if (strcmp(cmd, "sql") == 0) {
		if (store_begin(st, &err) != STORE_OK)
			rc = die("begin", err);
		for (int i = 3; !rc && i < argc; i++)
			if (store_exec(st, argv[i], &err) != STORE_OK) {
				store_rollback(st);
				rc = die(argv[i], err);
			}
		if (!rc && store_commit(st, &err) != STORE_OK)
			rc = die("commit", err);
	} else if (strcmp(cmd, "del-inst") == 0 && argc == 4) {
		if (uuid_of(st, "SELECT uuid FROM institution WHERE name = ?1", argv[3], uuid) != 0)
			rc = die(argv[3], strdup("no such institution"));
		else if (store_institution_delete(st, uuid, true, &err) != STORE_OK)
			rc = die("delete", err);
	} else if (strcmp(cmd, "del-agr") == 0 && argc == 4) {
		if (uuid_of(st, "SELECT uuid FROM agreement WHERE title = ?1", argv[3], uuid) != 0)
			rc = die(argv[3], strdup("no such agreement"));
		else if (store_agreement_delete(st, uuid, &err) != STORE_OK)
			rc = die("delete", err);
	} else if (strcmp(cmd, "history") == 0 && argc == 4) {
		if (uuid_of(st, "SELECT uuid FROM institution WHERE name = ?1"
		                " UNION ALL SELECT uuid FROM agreement WHERE title = ?1", argv[3], uuid) != 0)
			rc = die(argv[3], strdup("no such record"));
		else if (store_history_each(st, uuid, 0, print_history, NULL, &err) != STORE_OK)
			rc = die("history", err);
	} else if (strcmp(cmd, "writer") == 0 && argc == 5) {
		long n = atol(argv[4]);
		for (long i = 0; !rc && i < n; i++) {
			struct store_institution r = { .country = "BY" };
			char name[128];
			snprintf(name, sizeof name, "%s %ld", argv[3], i);
			r.name = strdup(name);
			r.city = strdup("Минск");
			enum store_change chg;
			if (store_begin(st, &err) != STORE_OK)
				rc = die("begin", err);
			else if (store_institution_upsert(st, &r, &chg, &err) != STORE_OK) {
				store_rollback(st);
				rc = die("upsert", err);
			} else if (store_commit(st, &err) != STORE_OK)
				rc = die("commit", err);
			else {
				printf("ok %s\n", name);
				fflush(stdout);
			}
			store_institution_clear(&r);
		}
	} else if (strcmp(cmd, "edit-undo") == 0 && argc == 5) {
		struct store_undo u;
		if (uuid_of(st, "SELECT uuid FROM institution WHERE name = ?1", argv[3], uuid) != 0)
			rc = die(argv[3], strdup("no such institution"));
		else if (store_begin(st, &err) != STORE_OK)
			rc = die("begin", err);
		else {
			sqlite3_stmt *s;
			store_prepare(st, "UPDATE institution SET city = ?1, version = version + 1 WHERE uuid = ?2", &s, NULL);
			sqlite3_bind_text(s, 1, argv[4], -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, uuid, -1, SQLITE_STATIC);
			sqlite3_step(s);
			sqlite3_finalize(s);
			if (store_commit(st, &err) != STORE_OK)
				rc = die("commit", err);
			else if (store_history_undo_last(st, store_session_id(st), &u, &err) != STORE_OK)
				rc = die("undo", err);
			else
				printf("undone %lld by %lld\n", u.seq, u.undo_seq);
		}
	} else {
		fprintf(stderr, "sync_tool: unknown command '%s'\n", cmd);
		rc = 2;
	}
	store_close(st);
	return rc;
}
