/* libFuzzer target: a whole import (src/ingest/import.c and everything
 * under it: detection, conversion, CSV, dates, vocabularies, countries,
 * institution lookups, upserts) into a real database.
 *
 * The database is created once per process, with the sample registry in
 * it so that agreements find their parties; each input is imported inside
 * a transaction that is rolled back, so inputs do not affect each other.
 *
 * Input: the file as it is; or, when it starts with 0x01, a second byte
 * of options (type, encoding, delimiter) and then the file. */
#include <config.h>

#include <accord/detect.h>
#include <accord/ingest.h>
#include <accord/sample.h>
#include <accord/store.h>

#include "fuzz_common.h"

static struct store *st;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void load(const char *name, const char *text, enum ingest_type type)
{
	struct diag d;
	diag_init(&d, 10);
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	struct ingest_options o = { .type = type, .encoding = "UTF-8" };
	struct ingest_stats s = { 0 };
	if (!f || ingest_import_stream(st, name, f, &o, &s, NULL, &d) != 0) {
		diag_print(&d, stderr);
		abort();
	}
	fclose(f);
	diag_free(&d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char path[4200];
	snprintf(path, sizeof path, "%s/import.db", fuzz_make_tmpdir());
	char *err = NULL;
	if (store_open(path, STORE_CREATE, &st, &err) != STORE_OK || store_begin(st, &err) != STORE_OK) {
		fprintf(stderr, "fuzz_import: %s\n", err ? err : "cannot open");
		abort();
	}
	load("sample/institutions.csv", accord_sample_institutions_csv, INGEST_INSTITUTIONS);
	load("sample/agreements.csv", accord_sample_agreements_csv, INGEST_AGREEMENTS);
	if (store_commit(st, &err) != STORE_OK) {
		fprintf(stderr, "fuzz_import: %s\n", err);
		abort();
	}
	return 0;
}

static size_t n_charsets(void)
{
	static size_t n;
	if (!n)
		while (detect_charsets[n])
			n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_options o = { .type = INGEST_GUESS };
	if (size >= 2 && data[0] == 0x01) {
		unsigned opt = data[1];
		static const enum ingest_type types[] = { INGEST_GUESS, INGEST_INSTITUTIONS, INGEST_AGREEMENTS,
		                                          INGEST_GUESS };
		static const char delims[] = { 0, ',', ';', '\t' };
		o.type = types[opt & 3];
		o.delimiter = delims[(opt >> 2) & 3];
		if (opt & 0x10)
			o.encoding = detect_charsets[(opt >> 5) % n_charsets()];
		data += 2, size -= 2;
	}
	/* fmemopen of 0 bytes fails (EINVAL): an empty file is /dev/null. */
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	FILE *f = size ? fmemopen(copy, size, "r") : fopen("/dev/null", "r");
	if (!f) {
		free(copy);
		return 0;
	}
	char *err = NULL;
	FUZZ_ASSERT(store_begin(st, &err) == STORE_OK);
	struct diag d;
	diag_init(&d, 50);
	struct ingest_stats s = { 0 };
	enum ingest_type type;
	int rc = ingest_import_stream(st, "fuzz.csv", f, &o, &s, &type, &d);
	/* Success exactly when no error was reported, and every error names
	 * the file. */
	FUZZ_ASSERT((rc == 0) == (d.errors == 0));
	for (size_t i = 0; i < d.n; i++)
		FUZZ_ASSERT(d.v[i].file && strcmp(d.v[i].file, "fuzz.csv") == 0 && d.v[i].msg);
	if (rc == 0)
		FUZZ_ASSERT(s.rows == s.added + s.updated + s.unchanged);
	store_rollback(st);
	diag_free(&d);
	fclose(f);
	free(copy);
	return 0;
}
