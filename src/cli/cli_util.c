#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <accord/cli.h>
#include <accord/paths.h>
#include <accord/store.h>

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("accord: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("accord: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\nTry 'accord --help' for more information.\n", stderr);
	va_end(ap);
	return EXIT_USAGE;
}

int cli_open_store(struct cli_ctx *ctx, unsigned flags, struct store **out)
{
	char *err = NULL;
	char *path = paths_db(ctx->db_opt, &err);
	if (!path) {
		cli_error("%s", err ? err : "out of memory");
		free(err);
		return EXIT_DATA;
	}
	int rc = store_open(path, flags, out, &err);
	free(path);
	if (rc != STORE_OK) {
		fprintf(stderr, "%s\n", err ? err : "accord: cannot open the database");
		free(err);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

#define OUT_BUFFER (64 * 1024)

int cli_out_open(struct cli_out *o, const char *path)
{
	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		/* Before any output: 64 KB writes instead of 4 KB ones. */
		if (!isatty(STDOUT_FILENO))
			setvbuf(stdout, NULL, _IOFBF, OUT_BUFFER);
		return EXIT_OK;
	}
	/* /dev/null, a FIFO, a terminal: written directly, never replaced. */
	struct stat sb;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if (S_ISDIR(sb.st_mode)) {
			cli_error("%s: is a directory; give a file name", path);
			return EXIT_DATA;
		}
		if (!(o->f = fopen(path, "w"))) {
			cli_error("%s: cannot write: %s", path, strerror(errno));
			return EXIT_DATA;
		}
		if (!(o->path = strdup(path))) {
			fclose(o->f);
			cli_error("out of memory");
			return EXIT_DATA;
		}
		return EXIT_OK;
	}
	size_t n = strlen(path) + 16;
	o->path = strdup(path);
	o->tmp = malloc(n);
	if (!o->path || !o->tmp) {
		free(o->path);
		free(o->tmp);
		cli_error("out of memory");
		return EXIT_DATA;
	}
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		cli_error("%s: cannot write: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->path);
		free(o->tmp);
		return EXIT_DATA;
	}
	setvbuf(o->f, NULL, _IOFBF, OUT_BUFFER);
	/* mkstemp makes 0600; an export is an ordinary file of the user's. */
	mode_t um = umask(0);
	umask(um);
	fchmod(fd, 0666 & ~um);
	return EXIT_OK;
}

int cli_out_close(struct cli_out *o, int ok)
{
	int rc = EXIT_OK;
	if (o->f == stdout) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			cli_error("cannot write the output: %s", strerror(errno));
			rc = EXIT_DATA;
		}
		return rc;
	}
	if (!o->tmp) {
		int bad = fflush(o->f) != 0 || ferror(o->f);
		if (fclose(o->f) != 0)
			bad = 1;
		if (ok && bad)
			cli_error("%s: cannot write: %s", o->path, strerror(errno));
		free(o->path);
		return ok && !bad ? EXIT_OK : EXIT_DATA;
	}
	/* The file is ours until renamed: flush and sync before it replaces
	 * anything, so a full disk shows up here and not as a short file. */
	int bad = fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) != 0;
	int e = errno;
	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (ok && bad)
		cli_error("%s: cannot write: %s; the file was not changed", o->path, strerror(e));
	if (ok && !bad && rename(o->tmp, o->path) != 0) {
		cli_error("%s: cannot write: %s", o->path, strerror(errno));
		bad = 1;
	}
	if (!ok || bad) {
		unlink(o->tmp);
		rc = EXIT_DATA;
	}
	free(o->path);
	free(o->tmp);
	return rc;
}
