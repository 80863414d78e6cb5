#include <config.h>

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <accord/paths.h>

static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s", a, b);
	return s;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	if (h && *h)
		return h;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : NULL;
}

/* $VAR/tail if VAR is set to an absolute path (the XDG rule), else
 * ~/fallback/tail. */
static char *xdg(const char *var, const char *fallback, const char *tail, char **err)
{
	const char *v = getenv(var);
	if (v && v[0] == '/')
		return join(v, tail);
	const char *h = home_dir();
	if (!h) {
		*err = strdup("no home directory: give --db FILE or set ACCORD_DB");
		return NULL;
	}
	char *base = join(h, fallback);
	char *r = base ? join(base, tail) : NULL;
	free(base);
	return r;
}

char *paths_db(const char *opt, char **err)
{
	if (opt && *opt)
		return strdup(opt);
	const char *env = getenv("ACCORD_DB");
	if (env && *env)
		return strdup(env);
	return xdg("XDG_DATA_HOME", "/.local/share", "/accord/accord.db", err);
}

char *paths_config(char **err)
{
	return xdg("XDG_CONFIG_HOME", "/.config", "/accord/config", err);
}
