/* accord detect FILE...: charset, language and confidence of each file,
 * one line each: FILE<TAB>CHARSET<TAB>LANG<TAB>CONFIDENCE. "-" reads
 * standard input. A file that is not text (or cannot be read) is reported
 * on stderr and makes the exit status 1; the other files are still done. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accord/cli.h>
#include <accord/diag.h>
#include <accord/detect.h>

#define CHUNK (1 << 20)

static int detect_fd(int fd, const char *name, unsigned char *buf)
{
	struct detect_ctx *dc = detect_new();
	if (!dc) {
		cli_error("out of memory");
		return EXIT_DATA;
	}
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_put_safe(stderr, name);
			fprintf(stderr, ": %s\n", strerror(errno));
			detect_free(dc);
			return EXIT_DATA;
		}
		if (n == 0)
			break;
		detect_feed(dc, buf, (size_t)n);
	}
	struct detect_result r;
	detect_finish(dc, &r);
	detect_free(dc);
	if (r.binary) {
		fflush(stdout);
		diag_put_safe(stderr, name);
		fputs(": not a text file\n", stderr);
		return EXIT_DATA;
	}
	diag_put_safe(stdout, name);
	printf("\t%s\t%s\t%.2f\n", r.charset, r.lang, r.confidence);
	return EXIT_OK;
}

int cmd_detect(struct cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	int first = 1;
	if (argc > 1 && strcmp(argv[1], "--") == 0)
		first = 2;
	else
		for (int i = 1; i < argc; i++)
			if (argv[i][0] == '-' && argv[i][1] != '\0')
				return cli_usage_error("detect: unknown option '%s'", argv[i]);
	if (first >= argc)
		return cli_usage_error("detect: no file given");

	unsigned char *buf = malloc(CHUNK);
	if (!buf) {
		cli_error("out of memory");
		return EXIT_DATA;
	}
	int status = EXIT_OK;
	for (int i = first; i < argc; i++) {
		const char *name = argv[i];
		int fd = strcmp(name, "-") == 0 ? STDIN_FILENO : open(name, O_RDONLY);
		if (fd < 0) {
			diag_put_safe(stderr, name);
			fprintf(stderr, ": %s\n", strerror(errno));
			status = EXIT_DATA;
			continue;
		}
		if (detect_fd(fd, name, buf) != EXIT_OK)
			status = EXIT_DATA;
		if (fd != STDIN_FILENO)
			close(fd);
	}
	free(buf);
	if (fflush(stdout) != 0) {
		cli_error("write error: %s", strerror(errno));
		status = EXIT_DATA;
	}
	return status;
}
