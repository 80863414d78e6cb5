/* accord apply FILE [--prefer mine|theirs]
 * Apply a changes file made by 'accord changes' on another copy of this
 * registry. The file is checked whole before anything is written. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <accord/cli.h>
#include <accord/store.h>

/* Changes files are small; refuse anything absurd before reading it. */
#define MAX_FILE (1024L * 1024 * 1024)

static int slurp(const char *path, unsigned char **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	*buf = NULL;
	*len = 0;
	if (!f) {
		cli_error("%s: cannot read: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	size_t cap = 0;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			unsigned char *nb = cap <= (size_t)MAX_FILE ? realloc(*buf, cap) : NULL;
			if (!nb) {
				cli_error("%s: too large for a changes file", path);
				free(*buf);
				*buf = NULL;
				if (f != stdin)
					fclose(f);
				return EXIT_DATA;
			}
			*buf = nb;
		}
		size_t n = fread(*buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		cli_error("%s: cannot read", path);
		free(*buf);
		*buf = NULL;
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int cmd_apply(struct cli_ctx *ctx, int argc, char **argv)
{
	enum sync_prefer prefer = SYNC_PREFER_NONE;
	const char *file = NULL;
	int rc = cli_sync_options(argc, argv, "apply", &prefer, NULL, NULL, &file);
	if (rc != EXIT_OK)
		return rc;
	if (!file)
		return cli_usage_error("apply: no FILE given");
	unsigned char *buf;
	size_t len;
	if ((rc = slurp(file, &buf, &len)) != EXIT_OK)
		return rc;
	struct store *st;
	if ((rc = cli_open_store(ctx, STORE_CREATE, &st)) != EXIT_OK) {
		free(buf);
		return rc;
	}
	cli_sync_wait_notice(st);
	char *err = NULL;
	struct cli_conflicts cc = { .prefer = prefer };
	struct sync_stats s;
	int src = sync_apply(st, buf, len, prefer, cli_print_conflict, &cc, &s, &err);
	free(buf);
	if (src == STORE_OK)
		printf("%s: applied %s: %ld transaction%s (%ld rows), %ld already here, %ld conflict%s resolved\n",
		       store_path(st), file, s.transactions, s.transactions == 1 ? "" : "s", s.rows, s.known,
		       s.conflicts, s.conflicts == 1 ? "" : "s");
	else if (src == SYNC_BAD_FILE || src == SYNC_FOREIGN) {
		/* Say which file, not which database. */
		fprintf(stderr, "%s: %s; nothing was changed\n", file, err ? err : "not a changes file");
		free(err);
		store_close(st);
		return EXIT_DATA;
	}
	store_close(st);
	return cli_sync_result(src, err);
}
