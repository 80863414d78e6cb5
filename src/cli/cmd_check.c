/* accord check: integrity and consistency report, with what the database
 * holds. Exit 1 when a problem is found. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include <accord/cli.h>
#include <accord/diag.h>
#include <accord/store.h>

static void print_problem(void *ud, const char *what)
{
	const char *path = ud;
	diag_put_safe(stdout, path);
	fputs(": problem: ", stdout);
	diag_put_safe(stdout, what);
	fputc('\n', stdout);
}

int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("check: unexpected argument '%s'", argv[1]);
	struct store *st;
	int rc = cli_open_store(ctx, STORE_CREATE | STORE_READONLY, &st);
	if (rc != EXIT_OK)
		return rc;
	struct store_summary s;
	char *err = NULL;
	if (store_summary(st, &s, &err) != STORE_OK)
		goto fail;
	printf("%s: Accord registry, schema %d\n", store_path(st), s.schema_version);
	printf("  countries     %7ld  (%ld names)\n", s.countries, s.country_names);
	printf("  institutions  %7ld\n", s.institutions);
	printf("  agreements    %7ld  (%ld parties, %ld areas)\n", s.agreements, s.parties, s.areas);
	int problems = store_check(st, print_problem, (void *)store_path(st), &err);
	if (problems < 0)
		goto fail;
	if (problems == 0)
		printf("integrity: ok\n");
	else
		printf("integrity: %d problem%s\n", problems, problems == 1 ? "" : "s");
	store_close(st);
	return problems ? EXIT_DATA : EXIT_OK;
fail:
	fprintf(stderr, "%s\n", err ? err : "accord: check failed");
	free(err);
	store_close(st);
	return EXIT_DATA;
}
