/* accord init [--sample]: create and initialise the database; with
 * --sample, load the sample registry through the real importer. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/cli.h>
#include <accord/diag.h>
#include <accord/ingest.h>
#include <accord/sample.h>
#include <accord/store.h>

static int load_sample(struct store *st)
{
	static const struct { const char *name; const char *text; enum ingest_type type; } files[] = {
		{ "sample/institutions.csv", accord_sample_institutions_csv, INGEST_INSTITUTIONS },
		{ "sample/agreements.csv", accord_sample_agreements_csv, INGEST_AGREEMENTS },
	};
	char *err = NULL;
	if (store_begin(st, &err) != STORE_OK) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return EXIT_DATA;
	}
	struct diag d;
	diag_init(&d, 50);
	struct ingest_stats total = { 0 };
	for (size_t i = 0; i < sizeof files / sizeof *files && !d.errors; i++) {
		FILE *f = fmemopen((void *)files[i].text, strlen(files[i].text), "r");
		if (!f) {
			diag_error(&d, files[i].name, 0, 0, "cannot read the compiled-in sample");
			break;
		}
		struct ingest_options o = { .type = files[i].type, .encoding = "UTF-8" };
		ingest_import_stream(st, files[i].name, f, &o, &total, NULL, &d);
		fclose(f);
	}
	int rc = EXIT_OK;
	/* The sample is ours: a warning about it is a bug worth showing. */
	diag_print(&d, stderr);
	/* Sort keys and search text for the full-screen program, now rather
	 * than at its first start. */
	if (d.errors || store_browse_update(st, NULL, NULL, &err) != STORE_OK ||
	    store_commit(st, &err) != STORE_OK) {
		store_rollback(st);
		if (err)
			fprintf(stderr, "%s\n", err);
		fprintf(stderr, "accord: the sample registry was not loaded\n");
		rc = EXIT_DATA;
	} else
		printf("%s: sample registry: %ld added, %ld updated, %ld unchanged\n", store_path(st),
		       total.added, total.updated, total.unchanged);
	free(err);
	diag_free(&d);
	return rc;
}

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
	else if (!sample)
		printf("%s: already initialised (%ld countries, %ld institutions, %ld agreements); nothing changed\n",
		       store_path(st), sum.countries, sum.institutions, sum.agreements);
	if (sample)
		rc = load_sample(st);
	store_close(st);
	return rc;
}
