/* accord sync OTHER.db [--prefer mine|theirs]
 * Merge this copy and OTHER both ways; when OTHER does not exist yet, make
 * it a copy of this one (for a laptop). Conflicts are listed and nothing is
 * changed (exit 1) unless a preference settles them. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accord/cli.h>
#include <accord/diag.h>
#include <accord/store.h>

/* ---- shared by sync, changes and apply ---- */

static int parse_prefer(const char *cmd, const char *s, enum sync_prefer *out)
{
	if (strcmp(s, "mine") == 0)
		*out = SYNC_PREFER_MINE;
	else if (strcmp(s, "theirs") == 0)
		*out = SYNC_PREFER_THEIRS;
	else
		return cli_usage_error("%s: --prefer takes mine or theirs, not '%s'", cmd, s);
	return EXIT_OK;
}

int cli_sync_options(int argc, char **argv, const char *cmd, enum sync_prefer *prefer, long long *since,
                     const char **out, const char **arg)
{
	static const struct option opts[] = {
		{ "prefer", required_argument, NULL, 'p' },
		{ "since", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, out ? "o:" : "", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (!prefer)
				return cli_usage_error("%s: unknown option '--prefer'", cmd);
			if ((rc = parse_prefer(cmd, optarg, prefer)) != EXIT_OK)
				return rc;
			break;
		case 's': {
			char *end;
			errno = 0;
			long long v = since ? strtoll(optarg, &end, 10) : -1;
			if (!since)
				return cli_usage_error("%s: unknown option '--since'", cmd);
			if (errno || end == optarg || *end || v < 0)
				return cli_usage_error("%s: --since takes a mark (a number printed by 'accord changes')", cmd);
			*since = v;
			break;
		}
		case 'o':
			if (!out)
				return cli_usage_error("%s: unknown option '-o'", cmd);
			*out = optarg;
			break;
		default:
			return cli_usage_error("%s: unknown or incomplete option '%s'", cmd, argv[optind - 1]);
		}
	}
	if (optind < argc) {
		if (!arg)
			return cli_usage_error("%s: unexpected argument '%s'", cmd, argv[optind]);
		*arg = argv[optind++];
	}
	if (optind < argc)
		return cli_usage_error("%s: unexpected argument '%s'", cmd, argv[optind]);
	return EXIT_OK;
}

/* Data may hold anything: never send a control character to the terminal. */
static void put_value(FILE *f, const char *s)
{
	if (!s) {
		fputs("(none)", f);
		return;
	}
	fputc('"', f);
	diag_put_safe(f, s);
	fputc('"', f);
}

void cli_print_conflict(void *ud, const struct sync_conflict *c)
{
	struct cli_conflicts *cc = ud;
	cc->n++;
	bool resolved = cc->prefer != SYNC_PREFER_NONE && c->resolvable;
	printf("%s: %s ", resolved ? (cc->prefer == SYNC_PREFER_MINE ? "resolved (mine)" : "resolved (theirs)")
	                            : "conflict", c->table);
	put_value(stdout, c->label ? c->label : c->record);
	printf(" [%s]", c->record ? c->record : "?");
	if (c->field)
		printf(" %s", c->field);
	printf(": %s: mine ", c->what);
	put_value(stdout, c->mine);
	fputs(", theirs ", stdout);
	put_value(stdout, c->theirs);
	fputc('\n', stdout);
}

/* Tell a person at a terminal why nothing seems to happen. */
static int wait_notice(void *ud, int waited_ms)
{
	bool *shown = ud;
	if (!*shown && isatty(STDERR_FILENO)) {
		fputs("accord: waiting for another user\u2026\n", stderr);
		*shown = true;
	}
	return waited_ms < 5000;
}

void cli_sync_wait_notice(struct store *st)
{
	static bool shown;
	store_set_busy_handler(st, wait_notice, &shown);
}

int cli_sync_result(int rc, char *err)
{
	if (rc != STORE_OK)
		fprintf(stderr, "%s\n", err ? err : "accord: failed; nothing was changed");
	free(err);
	return rc == STORE_OK ? EXIT_OK : EXIT_DATA;
}

int cmd_sync(struct cli_ctx *ctx, int argc, char **argv)
{
	enum sync_prefer prefer = SYNC_PREFER_NONE;
	const char *other = NULL;
	int rc = cli_sync_options(argc, argv, "sync", &prefer, NULL, NULL, &other);
	if (rc != EXIT_OK)
		return rc;
	if (!other)
		return cli_usage_error("sync: no OTHER database given");
	struct store *st;
	if ((rc = cli_open_store(ctx, STORE_CREATE, &st)) != EXIT_OK)
		return rc;
	cli_sync_wait_notice(st);
	char *err = NULL;
	struct stat sb;
	if (lstat(other, &sb) != 0 && errno == ENOENT) {
		int src = sync_copy(st, other, &err);
		if (src == STORE_OK)
			printf("%s: created as a copy of %s; merge it back later with 'accord --db %s sync %s'\n", other,
			       store_path(st), store_path(st), other);
		store_close(st);
		return cli_sync_result(src, err);
	}
	struct cli_conflicts cc = { .prefer = prefer };
	struct sync_stats s;
	int src = sync_merge(st, other, prefer, cli_print_conflict, &cc, &s, &err);
	if (src == STORE_OK)
		printf("%s: merged with %s: %ld transaction%s received (%ld rows), %ld sent (%ld rows),"
		       " %ld conflict%s resolved\n", store_path(st), other, s.transactions, s.transactions == 1 ? "" : "s",
		       s.rows, s.sent, s.sent_rows, s.conflicts, s.conflicts == 1 ? "" : "s");
	store_close(st);
	return cli_sync_result(src, err);
}
