/* accord: entry point. Global options, then one subcommand from the table. */
#include <config.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/cli.h>
#include <accord/store.h>
#include <accord/tui.h>

static const struct command {
	const char *name;
	cli_cmd_fn fn;
} commands[] = {
	{ "init", cmd_init },
	{ "import", cmd_import },
	{ "export", cmd_export },
	{ "detect", cmd_detect },
	{ "check", cmd_check },
	{ "sync", cmd_sync },
	{ "changes", cmd_changes },
	{ "apply", cmd_apply },
};

static const char usage_text[] =
	"Usage: accord [--db FILE]                 the full-screen program\n"
	"   or: accord [--db FILE] COMMAND [OPTION]... [ARG]...\n"
	"A registry of international healthcare cooperation: countries,\n"
	"institutions and the agreements between them.\n"
	"\n"
	"Commands:\n"
	"  init [--sample]          create the database (--sample: load the sample registry)\n"
	"  import [--type T] [--encoding ENC] [--delimiter C] [--dry-run] FILE...\n"
	"                           import institutions or agreements from CSV files\n"
	"  export --type T [--format csv|json] [--encoding ENC] [-o FILE]\n"
	"                           write countries, institutions or agreements\n"
	"  detect FILE...           print each file's charset, language and confidence\n"
	"  check                    integrity and consistency report, with a summary\n"
	"  sync OTHER.db [--prefer mine|theirs]   merge two copies both ways\n"
	"  changes [--since MARK] -o FILE         edits made here, as a changeset file\n"
	"  apply FILE [--prefer mine|theirs]      apply such a file\n"
	"\n"
	"Options:\n"
	"      --db FILE            the database (default: $ACCORD_DB, else\n"
	"                           $XDG_DATA_HOME/accord/accord.db)\n"
	"  -h, --help               show this help and exit\n"
	"  -V, --version            show the version and exit\n"
	"\n"
	"Import options:\n"
	"      --type T             institutions or agreements (default: from the header)\n"
	"      --encoding ENC       the files' charset (default: detected), e.g. WINDOWS-1251\n"
	"      --delimiter C        , ; or tab (default: from the header line)\n"
	"      --dry-run            check and report, write nothing\n"
	"\n"
	"Export options:\n"
	"      --type T             countries, institutions or agreements\n"
	"      --format F           csv (default) or json\n"
	"      --encoding ENC       the CSV's charset (default UTF-8), e.g. WINDOWS-1251\n"
	"      --delimiter C        the CSV's delimiter (default ,)\n"
	"      --translit           approximate what the charset cannot hold\n"
	"  -o, --output FILE        write to FILE instead of standard output\n"
	"\n"
	"Exit status: 0 success, 1 data error (nothing written), 2 usage error.\n"
	"See accord(1) for everything else.\n"
	"\n"
	"Without a command: the full-screen program on the database. Its keys:\n"
	"\n";

static int version(void)
{
	printf("accord %s\n"
	       "Copyright (C) 2026 the Accord developers.\n"
	       "This is free software; there is NO warranty.\n", PACKAGE_VERSION);
	return EXIT_OK;
}

/* Take "--db FILE" / "--db=FILE" from anywhere before "--", so that both
 * "accord --db x init" and "accord init --db x" work. */
static int take_db_option(int *argc, char **argv, const char **db)
{
	int o = 1;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < *argc)
				argv[o++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= *argc)
				return cli_usage_error("option '--db' requires a FILE");
			*db = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--db=", 5) == 0) {
			*db = argv[i] + 5;
			continue;
		}
		argv[o++] = argv[i];
	}
	*argc = o;
	argv[o] = NULL;
	if (*db && !**db)
		return cli_usage_error("option '--db' requires a FILE");
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	struct cli_ctx ctx = { .prog = "accord" };
	int rc = take_db_option(&argc, argv, &ctx.db_opt);
	if (rc != EXIT_OK)
		return rc;
	if (argc >= 2 && argv[1][0] == '-' && argv[1][1]) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			fputs(usage_text, stdout);
			if (tui_print_keys(stdout) != 0)
				return cli_usage_error("out of memory");
			return fflush(stdout) == 0 ? EXIT_OK : EXIT_DATA;
		}
		if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
			return version();
		return cli_usage_error("unknown option '%s'", argv[1]);
	}
	if (argc < 2) {
		struct store *st;
		if ((rc = cli_open_store(&ctx, STORE_CREATE, &st)) != EXIT_OK)
			return rc;
		char *err = NULL, *path = strdup(store_path(st));
		rc = tui_run(st, path ? path : "", &err);
		store_close(st);
		free(path);
		if (rc != 0) {
			cli_error("%s", err ? err : "cannot run the full-screen program");
			free(err);
			return EXIT_DATA;
		}
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(&ctx, argc - 1, argv + 1);
	return cli_usage_error("unknown command '%s'", argv[1]);
}
