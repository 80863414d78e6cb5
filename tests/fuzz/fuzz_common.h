/* Helpers shared by the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Each target is one translation unit built by bench/fuzz.sh with clang and
 * -fsanitize=fuzzer,address,undefined against the library sources. A
 * finding is a crash, a sanitizer report, or an invariant the target
 * checks with FUZZ_ASSERT (abort, so libFuzzer saves the input). */
#ifndef ACCORD_FUZZ_COMMON_H
#define ACCORD_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_ASSERT(cond)                                                            \
	do {                                                                             \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                 \
		}                                                                            \
	} while (0)

/* A small deterministic generator (splitmix64): chunk sizes and other
 * choices come from the input, so every finding replays exactly. */
struct fuzz_rng {
	uint64_t s;
};

static inline uint64_t fuzz_next(struct fuzz_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline void fuzz_seed(struct fuzz_rng *r, const uint8_t *data, size_t size)
{
	r->s = size;
	for (size_t i = 0; i < size && i < 16; i++)
		r->s = r->s * 131 + data[i];
}

/* Chunk length for the next feed: mostly tiny (1..8 bytes, to cut
 * characters, CRLF pairs and quotes), sometimes larger. */
static inline size_t fuzz_chunk(struct fuzz_rng *r, size_t left)
{
	uint64_t x = fuzz_next(r);
	size_t n = (x & 3) ? (size_t)(x >> 8) % 8 + 1 : (size_t)(x >> 8) % 4096 + 1;
	return n < left ? n : left;
}

/* A temporary directory removed at exit (databases of the store targets). */
static char fuzz_tmpdir[4096];

static inline void fuzz_rm_tmpdir(void)
{
	if (!fuzz_tmpdir[0])
		return;
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz_tmpdir);
}

static inline const char *fuzz_make_tmpdir(void)
{
	if (fuzz_tmpdir[0])
		return fuzz_tmpdir;
	const char *base = getenv("TMPDIR");
	snprintf(fuzz_tmpdir, sizeof fuzz_tmpdir, "%s/accord-fuzz.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(fuzz_tmpdir)) {
		perror("fuzz: mkdtemp");
		abort();
	}
	atexit(fuzz_rm_tmpdir);
	return fuzz_tmpdir;
}

#endif
