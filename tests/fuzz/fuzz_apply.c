/* libFuzzer target: applying a changes file (sync_file_check, sync_apply:
 * src/store/sync_file.c, sync_merge.c, sync.c). A file from another copy
 * is untrusted input.
 *
 * The database is made once per process: a new registry with the sample
 * registry applied from tests/fuzz/apply-base.acd (so the seeds, made on
 * that copy by make-apply-seeds.sh, refer to records that exist here) and
 * saved as a template. An apply that commits is undone by reopening a
 * fresh copy of the template.
 *
 * Checksums and the registry id would stop nearly every mutation at the
 * header; so unless byte 80 of the header (reserved, zero) is set, the
 * target writes this registry's id, the payload length and both CRCs into
 * the input before applying it, and the fuzzer reaches the entries and
 * changesets. With byte 80 set, the file is taken as it is. */
#include <config.h>

#include <accord/store.h>

#include "fuzz_common.h"

#ifndef FUZZ_APPLY_BASE
#error "build with -DFUZZ_APPLY_BASE='\"path/to/apply-base.acd\"'"
#endif

/* From src/store/sync_file.c (internal, not in store.h). */
uint32_t sync_crc32(const void *buf, size_t len);

static struct store *st;
static char *registry;
static char db_path[4200], template_path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, char *err)
{
	fprintf(stderr, "fuzz_apply: %s: %s\n", what, err ? err : "failed");
	abort();
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (24 - 8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (56 - 8 * i));
}

/* Make the header of buf valid for this registry (see the top). */
static void fix_header(unsigned char *buf, size_t len)
{
	static const unsigned char magic[8] = { 0x89, 'A', 'C', 'D', 0x0d, 0x0a, 0x1a, 0x0a };
	if (len < SYNC_HEADER_SIZE || memcmp(buf, magic, 8) != 0 || buf[80] != 0)
		return;
	memcpy(buf + 12, registry, 36);
	put64(buf + 68, len - SYNC_HEADER_SIZE);
	put32(buf + 76, sync_crc32(buf + SYNC_HEADER_SIZE, len - SYNC_HEADER_SIZE));
	put32(buf + 92, sync_crc32(buf, 92));
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die(path, NULL);
	unsigned char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len == cap && !(buf = realloc(buf, cap = cap ? cap * 2 : 65536)))
			die("out of memory", NULL);
		size_t n = fread(buf + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	unsigned char *buf = slurp(from, &len);
	FILE *f = fopen(to, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		die(to, NULL);
	free(buf);
}

static void open_db(void)
{
	char *err = NULL;
	if (store_open(db_path, 0, &st, &err) != STORE_OK)
		die(db_path, err);
}

/* Back to the template: an apply committed something. */
static void reset_db(void)
{
	store_close(st);
	char side[4300];
	snprintf(side, sizeof side, "%s-wal", db_path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", db_path);
	unlink(side);
	copy_file(template_path, db_path);
	open_db();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *dir = fuzz_make_tmpdir();
	snprintf(db_path, sizeof db_path, "%s/apply.db", dir);
	snprintf(template_path, sizeof template_path, "%s/template.db", dir);
	char *err = NULL;
	if (store_open(db_path, STORE_CREATE, &st, &err) != STORE_OK)
		die(db_path, err);
	if (sync_registry_id(st, &registry, &err) != STORE_OK || strlen(registry) != 36)
		die("registry id", err);
	size_t len;
	unsigned char *base = slurp(FUZZ_APPLY_BASE, &len);
	fix_header(base, len);
	struct sync_stats s;
	if (sync_apply(st, base, len, SYNC_PREFER_THEIRS, NULL, NULL, &s, &err) != STORE_OK)
		die(FUZZ_APPLY_BASE, err);
	free(base);
	/* Closing checkpoints the WAL into the file: the template is whole. */
	store_close(st);
	copy_file(db_path, template_path);
	open_db();
	return 0;
}

static void on_conflict(void *ud, const struct sync_conflict *c)
{
	(void)ud;
	FUZZ_ASSERT(c->table && c->record && c->what);
}

static void on_problem(void *ud, const char *what)
{
	(void)ud;
	/* What an apply must never leave behind, whatever the file says. */
	FUZZ_ASSERT(strncmp(what, "integrity", 9) != 0);
	FUZZ_ASSERT(strncmp(what, "foreign key", 11) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	fix_header(buf, size);
	struct sync_header h;
	char *err = NULL;
	int crc = sync_file_check(buf, size, registry, &h, &err);
	FUZZ_ASSERT(crc == STORE_OK || crc == SYNC_BAD_FILE || crc == SYNC_FOREIGN);
	FUZZ_ASSERT(crc == STORE_OK || err);
	free(err);
	err = NULL;
	enum sync_prefer prefer = size > 81 ? (enum sync_prefer)(buf[81] % 3) : SYNC_PREFER_NONE;
	struct sync_stats s;
	int rc = sync_apply(st, buf, size, prefer, on_conflict, NULL, &s, &err);
	/* The check and the apply agree on what a bad file is. */
	FUZZ_ASSERT((crc == STORE_OK) == (rc != SYNC_BAD_FILE && rc != SYNC_FOREIGN));
	free(err);
	if (rc == STORE_OK) {
		err = NULL;
		FUZZ_ASSERT(store_check(st, on_problem, NULL, &err) >= 0);
		free(err);
	}
	if (rc == STORE_OK && s.transactions > 0)
		reset_db();
	free(buf);
	return 0;
}
