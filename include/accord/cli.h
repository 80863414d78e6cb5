/* cli: subcommands of the accord program. main.c parses the global options
 * and dispatches through one table; each cmd_*.c implements one command. */
#ifndef ACCORD_CLI_H
#define ACCORD_CLI_H

#include <stdio.h>

/* Exit status, as in the contract. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

struct cli_ctx {
	const char *prog;      /* "accord" */
	const char *db_opt;    /* --db FILE, or NULL */
};

/* Each command gets argv[0] = its own name and the rest of the line. */
typedef int (*cli_cmd_fn)(struct cli_ctx *ctx, int argc, char **argv);

int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_export(struct cli_ctx *ctx, int argc, char **argv);
int cmd_check(struct cli_ctx *ctx, int argc, char **argv);
int cmd_detect(struct cli_ctx *ctx, int argc, char **argv);
int cmd_import(struct cli_ctx *ctx, int argc, char **argv);
int cmd_sync(struct cli_ctx *ctx, int argc, char **argv);
int cmd_changes(struct cli_ctx *ctx, int argc, char **argv);
int cmd_apply(struct cli_ctx *ctx, int argc, char **argv);

/* --delimiter: one ASCII character, or "tab"/"comma"/"semicolon". 0 or -1. */
int cli_parse_delimiter(const char *s, char *out);

/* Print "accord: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Usage error: message plus "Try 'accord --help'.", returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct store;
/* Open the database named by --db/$ACCORD_DB/XDG (store_open flags).
 * On failure prints the reason and returns the exit status (1), else 0. */
int cli_open_store(struct cli_ctx *ctx, unsigned flags, struct store **out);

/* Output to -o FILE: written to a temporary file beside it and renamed into
 * place on success, so a failed export never leaves half a file. NULL or
 * "-" means stdout; a device or FIFO (/dev/null) is written directly. */
struct cli_out {
	FILE *f;
	char *path, *tmp;
};
int cli_out_open(struct cli_out *o, const char *path);
/* Close; when ok, move the file into place. Returns 0 or EXIT_DATA. */
int cli_out_close(struct cli_out *o, int ok);

/* Shared by sync, changes and apply (cmd_sync.c). */
enum sync_prefer;
struct sync_conflict;
/* Options --prefer, --since, -o/--output (each only where its pointer is
 * not NULL) and at most one argument. */
int cli_sync_options(int argc, char **argv, const char *cmd, enum sync_prefer *prefer, long long *since,
                     const char **out, const char **arg);
struct cli_conflicts {
	int prefer;      /* enum sync_prefer */
	long n;
};
/* Print one conflict on stdout (a sync_conflict_fn; ud a cli_conflicts). */
void cli_print_conflict(void *ud, const struct sync_conflict *c);
/* "waiting for another user…" once on a terminal while a lock is held. */
void cli_sync_wait_notice(struct store *st);
/* Print err (freed) if rc failed; the exit status. */
int cli_sync_result(int rc, char *err);

#endif
