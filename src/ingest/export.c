/* Export: the registry as CSV in any supported charset, or as JSON. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <accord/csv.h>
#include <accord/fold.h>
#include <accord/ingest.h>
#include <accord/json.h>
#include <accord/store.h>
#include <accord/textconv.h>

#include "ingest_internal.h"

#define MAX_ENCODE_ERRORS 20

struct exporter {
	struct store *st;
	FILE *out;
	const struct export_options *o;
	struct diag *d;
	struct csv_writer w;          /* one record at a time, in UTF-8 */
	struct textconv *tc;          /* NULL when writing UTF-8 */
	struct textconv_buf enc;
	long rows;
	size_t bad;                   /* records the charset cannot hold */
	bool write_failed;
};

static const char *const inst_header[] = {
	"name", "country", "city", "region", "type", "acronym", "parent", "name_en", "website", "notes",
};
static const char *const agr_header[] = {
	"title", "parties", "kind", "status", "signed", "valid_from", "valid_until", "areas",
	"place", "source", "notes",
};

enum rec_kind { REC_HEADER, REC_INSTITUTION, REC_AGREEMENT };

/* How errors name a record: made only when there is an error. */
static void describe(char *buf, size_t size, enum rec_kind kind, const char *name, const char *extra)
{
	if (kind == REC_HEADER)
		snprintf(buf, size, "the header");
	else if (kind == REC_INSTITUTION)
		snprintf(buf, size, "institution '%.*s' (%s)", (int)fold_cut(name, 100), name, extra);
	else
		snprintf(buf, size, "agreement '%.*s'%s%s", (int)fold_cut(name, 100), name, extra ? " signed " : "",
		         extra ? extra : "");
}

/* Write the record in x->w through the charset; kind, name and extra
 * (country; date signed) name it in errors. After a record the charset
 * cannot hold, nothing more is written, but the rest is still checked so
 * that the user sees every such record at once. Returns -1 when the
 * export cannot go on. */
static int flush_record(struct exporter *x, enum rec_kind kind, const char *name, const char *extra)
{
	int rc = TEXTCONV_OK;
	const char *bytes = x->w.buf;
	size_t len = x->w.len;
	if (x->tc) {
		struct diag tmp;
		diag_init(&tmp, 1);
		x->enc.len = 0;
		rc = textconv_feed(x->tc, x->w.buf, x->w.len, &x->enc, NULL, &tmp);
		if (rc == TEXTCONV_EDATA) {
			if (++x->bad <= MAX_ENCODE_ERRORS) {
				char what[160];
				describe(what, sizeof what, kind, name, extra);
				diag_error(x->d, NULL, 0, 0, "%s: %s; %s cannot hold it (use --translit to"
				           " approximate, or another --encoding)", what,
				           tmp.n ? tmp.v[0].msg : "a character", x->o->encoding);
			}
			/* A converter is spent after an error: take a fresh one. */
			textconv_close(x->tc);
			x->tc = textconv_open(x->o->encoding, TEXTCONV_ENCODE, 0);
		}
		diag_free(&tmp);
		bytes = x->enc.data;
		len = x->enc.len;
	}
	if (rc == TEXTCONV_OK && !x->bad && len && fwrite(bytes, 1, len, x->out) != len)
		x->write_failed = true;
	csv_writer_clear(&x->w);
	bool lost = rc == TEXTCONV_EDATA && !x->tc;   /* no fresh converter */
	return x->write_failed || x->w.failed || rc == TEXTCONV_ENOMEM || lost ? -1 : 0;
}

static void field(struct exporter *x, const char *s)
{
	csv_write_field(&x->w, s, s ? strlen(s) : 0);
}

/* A list joined with " | ", as import reads it back. */
static char *join(const char *const *items, size_t n, size_t stride)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)items + i * stride);
		len += (s ? strlen(s) : 0) + 3;
	}
	char *out = malloc(len), *o = out;
	if (!out)
		return NULL;
	*o = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)items + i * stride);
		if (i)
			memcpy(o, " | ", 3), o += 3;
		size_t k = s ? strlen(s) : 0;
		memcpy(o, s ? s : "", k);
		o += k;
	}
	*o = '\0';
	return out;
}

static void json_field(FILE *out, const char *name, const char *v, bool first)
{
	fprintf(out, "%s\"%s\": ", first ? "" : ", ", name);
	json_write_cstr(out, v && *v ? v : NULL);
}

static int institution_row(void *ud, const struct store_institution *r)
{
	struct exporter *x = ud;
	const char *v[] = { r->name, r->country, r->city, r->region, r->type, r->acronym,
	                    r->parent_name, r->name_en, r->website, r->notes };
	if (x->o->format == INGEST_JSON) {
		fputs(x->rows ? ",\n  {" : "[\n  {", x->out);
		for (size_t i = 0; i < sizeof v / sizeof *v; i++)
			json_field(x->out, inst_header[i], v[i], i == 0);
		fputc('}', x->out);
		x->rows++;
		return ferror(x->out) ? 1 : 0;
	}
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		field(x, v[i]);
	csv_end_record(&x->w);
	x->rows++;
	return flush_record(x, REC_INSTITUTION, r->name, r->country) ? 1 : 0;
}

static int agreement_row(void *ud, const struct store_agreement *r)
{
	struct exporter *x = ud;
	if (x->o->format == INGEST_JSON) {
		FILE *out = x->out;
		fputs(x->rows ? ",\n  {" : "[\n  {", out);
		json_field(out, "title", r->title, true);
		fputs(", \"parties\": [", out);
		for (size_t i = 0; i < r->n_parties; i++) {
			if (i)
				fputs(", ", out);
			json_write_cstr(out, r->parties[i].name);
		}
		fputc(']', out);
		json_field(out, "kind", r->kind, false);
		json_field(out, "status", r->status, false);
		json_field(out, "signed", r->signed_on, false);
		json_field(out, "valid_from", r->valid_from, false);
		json_field(out, "valid_until", r->valid_until, false);
		fputs(", \"areas\": [", out);
		for (size_t i = 0; i < r->n_areas; i++) {
			if (i)
				fputs(", ", out);
			json_write_cstr(out, r->areas[i]);
		}
		fputc(']', out);
		json_field(out, "place", r->place, false);
		json_field(out, "source", r->source, false);
		json_field(out, "notes", r->notes, false);
		fputc('}', out);
		x->rows++;
		return ferror(out) ? 1 : 0;
	}
	/* A name that institutions of several countries share is written
	 * "Name [CC]", which import reads back to the same institution. */
	char **names = calloc(r->n_parties + 1, sizeof *names);
	for (size_t i = 0; names && i < r->n_parties; i++) {
		const struct store_ref *p = &r->parties[i];
		if (p->shared_name && p->name && (names[i] = malloc(strlen(p->name) + 6)))
			sprintf(names[i], "%s [%s]", p->name, p->country);
		else
			names[i] = p->name ? strdup(p->name) : NULL;
	}
	char *parties = names && r->n_parties ? join((const char *const *)names, r->n_parties, sizeof *names)
	                                      : NULL;
	for (size_t i = 0; names && i < r->n_parties; i++)
		free(names[i]);
	free(names);
	char *areas = join((const char *const *)r->areas, r->n_areas, sizeof *r->areas);
	const char *v[] = { r->title, parties, r->kind, r->status, r->signed_on, r->valid_from,
	                    r->valid_until, areas, r->place, r->source, r->notes };
	for (size_t i = 0; i < sizeof v / sizeof *v; i++)
		field(x, v[i]);
	csv_end_record(&x->w);
	free(parties);
	free(areas);
	x->rows++;
	return flush_record(x, REC_AGREEMENT, r->title, r->signed_on) ? 1 : 0;
}

int ingest_export(struct store *st, FILE *out, const struct export_options *o, long *rows,
                  struct diag *d)
{
	struct exporter x = { .st = st, .out = out, .o = o, .d = d };
	*rows = 0;
	bool utf8 = !o->encoding || strcmp(o->encoding, "UTF-8") == 0;
	if (o->format == INGEST_CSV && !utf8) {
		x.tc = textconv_open(o->encoding, TEXTCONV_ENCODE, o->translit ? TEXTCONV_TRANSLIT : 0);
		if (!x.tc) {
			diag_error(d, NULL, 0, 0, "cannot convert to %s", o->encoding);
			return -1;
		}
		/* Excel recognises "Unicode text" by its byte order mark. */
		if (strcmp(o->encoding, "UTF-16LE") == 0)
			fputs("\xff\xfe", out);
		else if (strcmp(o->encoding, "UTF-16BE") == 0)
			fputs("\xfe\xff", out);
	}
	csv_writer_init_buf(&x.w, o->delimiter ? o->delimiter : ',');
	char *err = NULL;
	int rc;
	if (o->format == INGEST_CSV) {
		bool inst = o->type == INGEST_INSTITUTIONS;
		csv_write_record(&x.w, inst ? inst_header : agr_header,
		                 inst ? sizeof inst_header / sizeof *inst_header : sizeof agr_header / sizeof *agr_header);
		flush_record(&x, REC_HEADER, NULL, NULL);
	}
	if (o->type == INGEST_INSTITUTIONS)
		rc = store_institutions_each(st, institution_row, &x, &err);
	else
		rc = store_agreements_each(st, agreement_row, &x, &err);
	if (rc != STORE_OK)
		diag_error(d, NULL, 0, 0, "%s", err ? err : "cannot read the registry");
	free(err);
	if (o->format == INGEST_JSON && rc == STORE_OK)
		fputs(x.rows ? "\n]\n" : "[]\n", out);
	if (x.bad > MAX_ENCODE_ERRORS)
		diag_error(d, NULL, 0, 0, "... %zu records in all cannot be written in %s", x.bad, o->encoding);
	if (x.w.failed || x.write_failed || ferror(out))
		diag_error(d, NULL, 0, 0, "cannot write the output");
	csv_writer_free(&x.w);
	textconv_buf_free(&x.enc);
	textconv_close(x.tc);
	*rows = x.rows;
	return d->errors ? -1 : 0;
}
