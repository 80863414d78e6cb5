/* accord export --type T [--format csv|json] [-o FILE] */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/cli.h>
#include <accord/diag.h>
#include <accord/ingest.h>
#include <accord/json.h>
#include <accord/store.h>
#include <accord/textconv.h>

enum format { FMT_CSV, FMT_JSON };

struct export_state {
	FILE *out;
	enum format fmt;
	long rows;
};

/* RFC 4180: quote a field that holds the delimiter, a quote or a line end. */
static void csv_put(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* The languages of the CSV name columns, in order. */
static const char *const csv_langs[] = { "ru", "uk", "be", "et", "kk", "ky", "uz", "lv", "lt" };
#define N_CSV_LANGS (sizeof csv_langs / sizeof *csv_langs)

static int country_row(void *ud, const struct store_country *c,
                       const struct store_country_name *names, size_t n)
{
	struct export_state *x = ud;
	FILE *out = x->out;
	if (x->fmt == FMT_JSON) {
		fputs(x->rows ? ",\n" : "[\n", out);
		fputs("  {\"code\": ", out);
		json_write_cstr(out, c->code);
		fputs(", \"alpha3\": ", out);
		json_write_cstr(out, c->alpha3);
		fputs(", \"numeric\": ", out);
		json_write_cstr(out, c->numeric);
		fputs(", \"name\": ", out);
		json_write_cstr(out, c->name);
		fputs(", \"names\": {", out);
		for (size_t i = 0; i < n; i++) {
			bool first_of_lang = i == 0 || strcmp(names[i].lang, names[i - 1].lang) != 0;
			if (first_of_lang) {
				if (i)
					fputs("], ", out);
				json_write_cstr(out, names[i].lang);
				fputs(": [", out);
			} else
				fputs(", ", out);
			json_write_cstr(out, names[i].name);
		}
		fputs(n ? "]}}" : "}}", out);
	} else {
		if (x->rows == 0) {
			fputs("code,alpha3,numeric,name", out);
			for (size_t l = 0; l < N_CSV_LANGS; l++)
				fprintf(out, ",name_%s", csv_langs[l]);
			fputs("\r\n", out);
		}
		fprintf(out, "%s,%s,%s,", c->code, c->alpha3, c->numeric);
		csv_put(out, c->name);
		/* The first (short) name in each language. */
		for (size_t l = 0; l < N_CSV_LANGS; l++) {
			fputc(',', out);
			for (size_t i = 0; i < n; i++)
				if (strcmp(names[i].lang, csv_langs[l]) == 0) {
					csv_put(out, names[i].name);
					break;
				}
		}
		fputs("\r\n", out);
	}
	x->rows++;
	return 0;
}

static void usage_types(void)
{
	fputs("types: countries, institutions, agreements\n", stderr);
}

int cmd_export(struct cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "delimiter", required_argument, NULL, 'd' },
		{ "translit", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 },
	};
	const char *type = NULL, *format = "csv", *output = NULL;
	struct export_options eo = { .format = INGEST_CSV, .delimiter = ',' };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'T': eo.translit = true; break;
		case 'e':
			if (!(eo.encoding = textconv_canonical(optarg)))
				return cli_usage_error("export: unknown encoding '%s' (e.g. UTF-8, WINDOWS-1251,"
				                       " KOI8-R, UTF-16LE, WINDOWS-1257)", optarg);
			break;
		case 'd':
			if (cli_parse_delimiter(optarg, &eo.delimiter) != 0)
				return cli_usage_error("export: bad delimiter '%s' (one character, or tab)", optarg);
			break;
		default:
			return cli_usage_error("export: unknown or incomplete option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("export: unexpected argument '%s'", argv[optind]);
	if (!type) {
		usage_types();
		return cli_usage_error("export: --type is required");
	}
	struct export_state x = { 0 };
	if (strcmp(format, "csv") == 0)
		x.fmt = FMT_CSV;
	else if (strcmp(format, "json") == 0)
		x.fmt = FMT_JSON;
	else
		return cli_usage_error("export: unknown format '%s' (csv or json)", format);
	bool countries = strcmp(type, "countries") == 0;
	eo.type = ingest_type_parse(type);
	if (!countries && eo.type == INGEST_GUESS) {
		usage_types();
		return cli_usage_error("export: unknown type '%s'", type);
	}
	if (eo.encoding && strcmp(eo.encoding, "UTF-8") != 0 && (x.fmt == FMT_JSON || countries))
		return cli_usage_error("export: --encoding applies to CSV of institutions and agreements;"
		                       " JSON and countries are always UTF-8");

	struct store *st;
	int rc = cli_open_store(ctx, STORE_CREATE | STORE_READONLY, &st);
	if (rc != EXIT_OK)
		return rc;
	struct cli_out out;
	if ((rc = cli_out_open(&out, output)) != EXIT_OK) {
		store_close(st);
		return rc;
	}
	x.out = out.f;
	store_tune_scan(st);
	bool ok;
	if (countries) {
		char *err = NULL;
		ok = store_countries_each(st, country_row, &x, &err) == STORE_OK;
		if (ok && x.fmt == FMT_JSON)
			fputs(x.rows ? "\n]\n" : "[]\n", x.out);
		if (!ok)
			fprintf(stderr, "%s\n", err ? err : "accord: export failed");
		free(err);
	} else {
		struct diag d;
		diag_init(&d, 50);
		long rows;
		eo.format = x.fmt == FMT_JSON ? INGEST_JSON : INGEST_CSV;
		ok = ingest_export(st, x.out, &eo, &rows, &d) == 0;
		diag_print(&d, stderr);
		diag_free(&d);
		if (!ok && output)
			fprintf(stderr, "accord: %s was not written\n", output);
	}
	store_close(st);
	rc = cli_out_close(&out, ok);
	return ok ? rc : EXIT_DATA;
}
