/* paths: where Accord keeps its files (XDG base directories). */
#ifndef ACCORD_PATHS_H
#define ACCORD_PATHS_H

/* The database: opt (--db) if given, else $ACCORD_DB, else
 * $XDG_DATA_HOME/accord/accord.db, else ~/.local/share/accord/accord.db.
 * Returns a malloc'd path, or NULL with *err set (caller frees both). */
char *paths_db(const char *opt, char **err);

/* The user's configuration file: $XDG_CONFIG_HOME/accord/config, else
 * ~/.config/accord/config. NULL with *err set when no home is known. */
char *paths_config(char **err);

#endif
