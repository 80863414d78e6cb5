/* accord import [--type T] [--encoding ENC] [--delimiter C] [--dry-run] FILE...
 * One transaction for the whole run: any data error rejects everything. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <accord/cli.h>
#include <accord/diag.h>
#include <accord/ingest.h>
#include <accord/store.h>
#include <accord/textconv.h>

/* Errors listed at most; the rest are counted. */
#define MAX_DIAGS 200


struct progress {
	const char *file;
	struct timespec start;
	bool shown;
};

static double since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A progress line on a terminal, once the file takes more than a second. */
static void show_progress(void *ud, long rows, double fraction)
{
	struct progress *p = ud;
	double s = since(&p->start);
	if (s < 1.0)
		return;
	fputc('\r', stderr);
	diag_put_safe(stderr, p->file);
	fprintf(stderr, ": %ld rows, %.0f rows/s, %3.0f%%", rows, (double)rows / s,
	        fraction * 100);
	p->shown = true;
}

/* Parse --delimiter: one character, or a name for the awkward ones. */
static int parse_delim(const char *s, char *out)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
		*out = '\t';
	else if (strcmp(s, "comma") == 0)
		*out = ',';
	else if (strcmp(s, "semicolon") == 0)
		*out = ';';
	else if (strlen(s) == 1 && s[0] != '"' && s[0] != '\r' && s[0] != '\n' && (unsigned char)s[0] < 0x80)
		*out = s[0];
	else
		return -1;
	return 0;
}

int cli_parse_delimiter(const char *s, char *out)
{
	return parse_delim(s, out);
}

/* From this size on, indexes are rebuilt after the import rather than
 * kept up row by row. */
#define BULK_BYTES (16L * 1024 * 1024)

static long total_size(int n, char **files)
{
	long total = 0;
	for (int i = 0; i < n; i++) {
		struct stat sb;
		if (strcmp(files[i], "-") != 0 && stat(files[i], &sb) == 0)
			total += (long)sb.st_size;
	}
	return total;
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct ingest_options o = { .type = INGEST_GUESS };
	bool dry = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o.type = ingest_type_parse(optarg);
			if (o.type == INGEST_GUESS)
				return cli_usage_error("import: unknown type '%s' (institutions or agreements)", optarg);
			break;
		case 'e':
			if (!(o.encoding = textconv_canonical(optarg)))
				return cli_usage_error("import: unknown encoding '%s' (e.g. UTF-8, WINDOWS-1251,"
				                       " KOI8-R, IBM866, UTF-16LE, WINDOWS-1257)", optarg);
			break;
		case 'd':
			if (parse_delim(optarg, &o.delimiter) != 0)
				return cli_usage_error("import: bad delimiter '%s' (one character, or tab)", optarg);
			break;
		case 'n':
			dry = true;
			break;
		default:
			return cli_usage_error("import: unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import: no FILE given");
	for (int i = optind; i < argc; i++)
		if (strcmp(argv[i], "-") != 0 && access(argv[i], R_OK) != 0) {
			diag_put_safe(stderr, argv[i]);
			fputs(": cannot read: no such file or no permission\n", stderr);
			return EXIT_DATA;
		}

	struct store *st;
	int rc = cli_open_store(ctx, STORE_CREATE, &st);
	if (rc != EXIT_OK)
		return rc;
	char *err = NULL;
	store_tune_bulk(st);
	bool bulk = total_size(argc - optind, argv + optind) >= BULK_BYTES;
	if (store_begin(st, &err) != STORE_OK || (bulk && store_bulk_begin(st, &err) != STORE_OK)) {
		fprintf(stderr, "%s\n", err ? err : "accord: cannot start the import");
		free(err);
		store_rollback(st);
		store_close(st);
		return EXIT_DATA;
	}
	struct diag d;
	diag_init(&d, MAX_DIAGS);
	struct ingest_stats total = { 0 };
	bool tty = isatty(STDERR_FILENO);
	/* Per-file summaries wait for the outcome: a file that "added 3" means
	 * nothing if another file's error rolls the whole run back. */
	char *summary = NULL;
	size_t summary_len = 0;
	FILE *sum = open_memstream(&summary, &summary_len);
	if (!sum) {
		cli_error("out of memory");
		store_rollback(st);
		diag_free(&d);
		store_close(st);
		return EXIT_DATA;
	}
	for (int i = optind; i < argc; i++) {
		struct ingest_stats s = { 0 };
		struct progress p = { .file = argv[i] };
		clock_gettime(CLOCK_MONOTONIC, &p.start);
		o.progress = tty ? show_progress : NULL;
		o.progress_ud = &p;
		enum ingest_type type;
		ingest_import(st, argv[i], &o, &s, &type, &d);
		if (p.shown)
			fputs("\r\033[K", stderr);
		diag_put_safe(sum, argv[i]);
		fprintf(sum, ": %ld rows of %s: %ld added, %ld updated, %ld unchanged\n", s.rows,
		        ingest_type_name(type), s.added, s.updated, s.unchanged);
		total.rows += s.rows;
		total.added += s.added;
		total.updated += s.updated;
		total.unchanged += s.unchanged;
	}
	diag_print(&d, stderr);
	fclose(sum);
	if (d.errors) {
		store_rollback(st);
		fprintf(stderr, "accord: %zu error%s: nothing was imported; the database is unchanged\n",
		        d.errors, d.errors == 1 ? "" : "s");
		rc = EXIT_DATA;
	} else if (dry) {
		store_rollback(st);
		fputs(summary ? summary : "", stdout);
		printf("dry run: nothing was written\n");
	} else if ((bulk && store_bulk_end(st, &err) != STORE_OK) ||
	           /* The full-screen program's sort keys and search text: filled
	            * now for a partner's file, so that it opens at once; after a
	            * huge import it fills them at its next start, with progress. */
	           (!bulk && store_browse_update(st, NULL, NULL, &err) != STORE_OK) ||
	           store_commit(st, &err) != STORE_OK) {
		store_rollback(st);
		fprintf(stderr, "%s\n", err ? err : "accord: cannot commit the import");
		fprintf(stderr, "accord: nothing was imported; the database is unchanged\n");
		rc = EXIT_DATA;
	} else {
		fputs(summary ? summary : "", stdout);
		if (argc - optind > 1)
			printf("total: %ld rows: %ld added, %ld updated, %ld unchanged\n", total.rows, total.added,
			       total.updated, total.unchanged);
	}
	free(summary);
	free(err);
	diag_free(&d);
	store_close(st);
	return rc;
}
