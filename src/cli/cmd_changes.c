/* accord changes [--since MARK] -o FILE
 * The edits made here since the last exchange (or since MARK), as a changes
 * file for 'accord apply' on another copy. Written to a temporary file and
 * renamed, and only then remembered as exchanged. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accord/cli.h>
#include <accord/store.h>

int cmd_changes(struct cli_ctx *ctx, int argc, char **argv)
{
	long long since = -1;
	const char *out = NULL;
	int rc = cli_sync_options(argc, argv, "changes", NULL, &since, &out, NULL);
	if (rc != EXIT_OK)
		return rc;
	if (!out)
		return cli_usage_error("changes: no output file given (-o FILE)");
	if (strcmp(out, "-") == 0 && isatty(STDOUT_FILENO))
		return cli_usage_error("changes: the changes file is binary; give -o FILE");
	struct store *st;
	if ((rc = cli_open_store(ctx, STORE_CREATE, &st)) != EXIT_OK)
		return rc;
	cli_sync_wait_notice(st);
	char *err = NULL;
	void *buf = NULL;
	size_t len = 0;
	struct sync_header h;
	int src = sync_changes(st, since, &buf, &len, &h, &err);
	if (src != STORE_OK) {
		store_close(st);
		return cli_sync_result(src, err);
	}
	struct cli_out o;
	if ((rc = cli_out_open(&o, out)) != EXIT_OK) {
		free(buf);
		store_close(st);
		return rc;
	}
	fwrite(buf, 1, len, o.f);
	free(buf);
	if ((rc = cli_out_close(&o, 1)) != EXIT_OK) {
		store_close(st);
		return rc;
	}
	src = sync_changes_done(st, h.to, &err);
	if (src == STORE_OK)
		fprintf(stderr, "%s: %lu journal entr%s after mark %lld, up to mark %lld (%zu bytes);"
		        " the next 'accord changes' starts there\n", strcmp(out, "-") ? out : "stdout", h.entries,
		        h.entries == 1 ? "y" : "ies", h.from, h.to, len);
	store_close(st);
	return cli_sync_result(src, err);
}
