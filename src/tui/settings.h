/* The user's settings, ~/.config/accord/config: "key = value" lines,
 * "#" comments. Defaults are compiled in as the same text and read by the
 * same parser. No curses here, so the unit tests can use it. */
#ifndef ACCORD_TUI_SETTINGS_H
#define ACCORD_TUI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

struct tui_config {
	char language[4];   /* en, ru, uk, et */
	bool color;         /* false: monochrome even on a colour terminal */
};

/* Parse text into cfg (keeping what it does not set). Each problem is
 * reported as "NAME:LINE: message" through fn (may be NULL); returns the
 * number of problems. Unknown keys and bad values are problems, the rest
 * of the file still counts. */
typedef void (*tui_config_error_fn)(void *ud, const char *msg);
int tui_config_parse(struct tui_config *cfg, const char *name, const char *text, size_t len,
                     tui_config_error_fn fn, void *ud);
/* The compiled-in defaults. */
void tui_config_defaults(struct tui_config *cfg);
/* Read path over the defaults; a missing file is not a problem. */
int tui_config_load(struct tui_config *cfg, const char *path, tui_config_error_fn fn, void *ud);
/* Set key to value in the file at path, keeping its other lines and
 * comments (creating the file and its directory if needed). 0 or -1 with
 * errno set. */
int tui_config_set(const char *path, const char *key, const char *value);
/* True for a display language the program has names for. */
bool tui_config_language_ok(const char *lang);

#endif
