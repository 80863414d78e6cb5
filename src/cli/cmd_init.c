/* accord init [--sample]: create and initialise the database. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <accord/cli.h>
#include <accord/store.h>

int cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "sample", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int sample = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's')
			sample = 1;
		else
			return cli_usage_error("init: unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error("init: unexpected argument '%s'", argv[optind]);
	if (sample)
		return cli_usage_error("init --sample is not yet available in this version");

	struct store *st;
	int rc = cli_open_store(ctx, STORE_CREATE, &st);
	if (rc != EXIT_OK)
		return rc;
	struct store_summary sum;
	char *err = NULL;
	if (store_summary(st, &sum, &err) != STORE_OK) {
		fprintf(stderr, "%s\n", err);
		free(err);
		store_close(st);
		return EXIT_DATA;
	}
	if (store_was_created(st))
		printf("%s: created, %ld countries with %ld names\n", store_path(st),
		       sum.countries, sum.country_names);
	else
		printf("%s: already initialised (%ld countries, %ld institutions, %ld agreements); nothing changed\n",
		       store_path(st), sum.countries, sum.institutions, sum.agreements);
	store_close(st);
	return EXIT_OK;
}
