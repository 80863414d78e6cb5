/* libFuzzer target: the country resolver and search (src/store/country.c)
 * on a real database, created once per process in a temporary directory.
 * Any text must resolve to one well-formed code, or to none with a
 * message; never an SQL error. */
#include <config.h>

#include <ctype.h>

#include <unistr.h>

#include <accord/store.h>

#include "fuzz_common.h"

static struct store *st;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char path[4200];
	snprintf(path, sizeof path, "%s/country.db", fuzz_make_tmpdir());
	char *err = NULL;
	if (store_open(path, STORE_CREATE, &st, &err) != STORE_OK) {
		fprintf(stderr, "fuzz_country: %s\n", err ? err : "cannot open");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char code[3] = "";
	char *err = NULL;
	/* The API takes UTF-8 text (the importer decodes first); anything else
	 * may be refused, but only with an error, never a crash. */
	bool utf8 = u8_check((const uint8_t *)text, strlen(text)) == NULL;
	int rc = store_country_resolve(st, text, code, &err);
	FUZZ_ASSERT(rc == 0 || rc == 1 || (rc < 0 && !utf8));
	if (rc == 1) {
		FUZZ_ASSERT(isupper((unsigned char)code[0]) && isupper((unsigned char)code[1]) && !code[2]);
	}
	free(err);

	struct store_country_row rows[8];
	err = NULL;
	int n = store_country_search(st, text, (size & 1) ? "ru" : "en", rows, 8, &err);
	FUZZ_ASSERT(n <= 8 && (n >= 0 || !utf8));
	if (n > 0)
		store_country_rows_free(rows, (size_t)n);
	free(err);
	free(text);
	return 0;
}
