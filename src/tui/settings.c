/* A small "key = value" configuration file (tig's tigrc, in miniature). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"

/* The defaults, as a user would write them. */
static const char defaults[] =
	"# display language of country names: en, ru, uk or et\n"
	"language = en\n"
	"# colours (off: monochrome; NO_COLOR in the environment does the same)\n"
	"color = on\n";

bool tui_config_language_ok(const char *lang)
{
	static const char *const ok[] = { "en", "ru", "uk", "et" };
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (strcmp(lang, ok[i]) == 0)
			return true;
	return false;
}

static void report(tui_config_error_fn fn, void *ud, const char *name, int line, const char *fmt,
                   const char *arg)
{
	if (!fn)
		return;
	char msg[256], what[160];
	snprintf(what, sizeof what, fmt, arg);
	snprintf(msg, sizeof msg, "%s:%d: %s", name, line, what);
	fn(ud, msg);
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" }, *const no[] = { "off", "no", "false", "0" };
	for (int i = 0; i < 4; i++) {
		if (strcmp(v, yes[i]) == 0 || strcmp(v, no[i]) == 0) {
			*out = strcmp(v, yes[i]) == 0;
			return true;
		}
	}
	return false;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int tui_config_parse(struct tui_config *cfg, const char *name, const char *text, size_t len,
                     tui_config_error_fn fn, void *ud)
{
	int problems = 0, lineno = 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && text[j] != '\n')
			j++;
		lineno++;
		char buf[512];
		size_t n = j - i;
		if (n >= sizeof buf) {
			report(fn, ud, name, lineno, "line too long%s", "");
			problems++;
			i = j + 1;
			continue;
		}
		memcpy(buf, text + i, n);
		buf[n] = '\0';
		i = j + 1;
		if (memchr(buf, '\0', n)) {
			report(fn, ud, name, lineno, "a NUL byte in the line%s", "");
			problems++;
			continue;
		}
		char *line = trim(buf);
		if (!*line || *line == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			report(fn, ud, name, lineno, "expected \"key = value\", got \"%s\"", line);
			problems++;
			continue;
		}
		*eq = '\0';
		char *key = trim(line), *value = trim(eq + 1);
		/* a value may be quoted, to keep blanks or a # */
		size_t vl = strlen(value);
		if (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') {
			value[vl - 1] = '\0';
			value++;
		} else {
			char *hash = strchr(value, '#');
			if (hash) {
				*hash = '\0';
				value = trim(value);
			}
		}
		if (!*key) {
			report(fn, ud, name, lineno, "a value without a key%s", "");
			problems++;
		} else if (strcmp(key, "language") == 0) {
			if (tui_config_language_ok(value))
				snprintf(cfg->language, sizeof cfg->language, "%s", value);
			else {
				report(fn, ud, name, lineno, "language: \"%s\" is not one of en, ru, uk, et", value);
				problems++;
			}
		} else if (strcmp(key, "color") == 0 || strcmp(key, "colour") == 0) {
			if (!parse_bool(value, &cfg->color)) {
				report(fn, ud, name, lineno, "color: \"%s\" is not on or off", value);
				problems++;
			}
		} else {
			report(fn, ud, name, lineno, "unknown setting \"%s\"", key);
			problems++;
		}
	}
	return problems;
}

void tui_config_defaults(struct tui_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	tui_config_parse(cfg, "(defaults)", defaults, sizeof defaults - 1, NULL, NULL);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (cap - *len < 4096) {
			char *b = realloc(buf, cap += 8192);
			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		size_t n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0 || *len > (1 << 20))
			break;
	}
	fclose(f);
	return buf;
}

int tui_config_load(struct tui_config *cfg, const char *path, tui_config_error_fn fn, void *ud)
{
	size_t len;
	char *text = slurp(path, &len);
	if (!text)
		return 0;
	int n = tui_config_parse(cfg, path, text, len, fn, ud);
	free(text);
	return n;
}

static int mkdirs(const char *path)
{
	char *dir = strdup(path);
	if (!dir)
		return -1;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

int tui_config_set(const char *path, const char *key, const char *value)
{
	size_t len = 0;
	char *old = slurp(path, &len);
	if (mkdirs(path) != 0) {
		free(old);
		return -1;
	}
	size_t tl = strlen(path) + 8;
	char *tmp = malloc(tl);
	if (!tmp) {
		free(old);
		return -1;
	}
	snprintf(tmp, tl, "%s.new", path);
	FILE *f = fopen(tmp, "w");
	if (!f) {
		free(old);
		free(tmp);
		return -1;
	}
	bool done = false;
	size_t i = 0, kl = strlen(key);
	while (old && i < len) {
		size_t j = i;
		while (j < len && old[j] != '\n')
			j++;
		/* the line that sets key: replaced; every other line kept */
		const char *l = old + i;
		size_t n = j - i;
		while (n && (*l == ' ' || *l == '\t'))
			l++, n--;
		bool ours = n > kl && memcmp(l, key, kl) == 0 && (l[kl] == ' ' || l[kl] == '\t' || l[kl] == '=');
		if (ours && !done) {
			fprintf(f, "%s = %s\n", key, value);
			done = true;
		} else if (!ours) {
			fwrite(old + i, 1, j - i, f);
			fputc('\n', f);
		}
		i = j + 1;
	}
	if (!done)
		fprintf(f, "%s = %s\n", key, value);
	free(old);
	int rc = fclose(f) == 0 ? rename(tmp, path) : -1;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
