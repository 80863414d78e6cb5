/* store: the SQLite database. The only module that speaks SQL; every
 * statement uses bound parameters. Functions return STORE_OK (0) or a
 * negative enum store_err and, where they take one, set *err to a message
 * the caller frees. */
#ifndef ACCORD_STORE_H
#define ACCORD_STORE_H

#include <stdbool.h>
#include <stddef.h>

struct store;

enum store_err {
	STORE_OK = 0,
	STORE_ERROR = -1,        /* any other failure (I/O, disk full, …) */
	STORE_NOT_ACCORD = -2,   /* the file is not an Accord database */
	STORE_TOO_NEW = -3,      /* written by a newer Accord */
	STORE_READ_ONLY = -4,    /* cannot write where writing is needed */
	STORE_NOT_FOUND = -5,    /* no such file (and not asked to create) */
	STORE_BUSY = -6,         /* another process holds the lock too long */
};

enum store_open_flags {
	STORE_CREATE = 1 << 0,   /* create and initialise if missing */
	STORE_READONLY = 1 << 1, /* only reads: a read-only file is acceptable */
};

/* The schema version this program writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 1

int store_open(const char *path, unsigned flags, struct store **out, char **err);
void store_close(struct store *st);
/* True when this open created the file. */
bool store_was_created(const struct store *st);
const char *store_path(const struct store *st);

/* Before a large write (an import): a bigger page cache for this
 * connection, within the memory a command may use. */
void store_tune_bulk(struct store *st);
/* Before reading the whole registry (an export): the file is mapped into
 * memory rather than copied page by page. */
void store_tune_scan(struct store *st);

/* Inside a transaction, before a very large import: drop the secondary
 * indexes of the agreement tables that the import itself does not need, to
 * be rebuilt in one sorted pass by store_bulk_end() before the commit
 * (maintaining them row by row costs more than building them anew). A
 * rollback brings them back by itself. */
int store_bulk_begin(struct store *st, char **err);
int store_bulk_end(struct store *st, char **err);

/* One write transaction (BEGIN IMMEDIATE). */
int store_begin(struct store *st, char **err);
int store_commit(struct store *st, char **err);
void store_rollback(struct store *st);

/* ---- countries ---- */
struct store_country {
	const char *code;     /* alpha-2 */
	const char *alpha3;
	const char *numeric;
	const char *name;     /* English short name */
};
struct store_country_name {
	const char *lang;     /* ISO 639-1 */
	const char *kind;     /* name, official, common, alias */
	const char *name;
};
/* Called once per country, names ordered by language then kind. Return
 * non-zero to stop. */
typedef int (*store_country_fn)(void *ud, const struct store_country *c,
                                const struct store_country_name *names, size_t n);
int store_countries_each(struct store *st, store_country_fn fn, void *ud, char **err);

/* Resolve a country written any way (alpha-2, alpha-3, numeric, any name or
 * alias in any language, with or without "Republic of"/"Республика").
 * Returns 1 and fills code[3] when exactly one country matches, 0 when none
 * or several match (then *err, if err is not NULL, says which), <0 on error. */
int store_country_resolve(struct store *st, const char *text, char code[3], char **err);

/* ---- whole database ---- */
struct store_summary {
	long countries, country_names, institutions, agreements, parties, areas;
	int schema_version;
};
int store_summary(struct store *st, struct store_summary *s, char **err);

/* Integrity and consistency check. Calls fn for each problem found;
 * returns the number of problems (>= 0) or < 0 on error. */
typedef void (*store_problem_fn)(void *ud, const char *what);
int store_check(struct store *st, store_problem_fn fn, void *ud, char **err);

/* ---- institutions and agreements ---- */

#define STORE_UUID_SIZE 37

/* What an upsert did. */
enum store_change { STORE_UNCHANGED, STORE_ADDED, STORE_UPDATED };

/* An institution. Strings are owned (malloc'd) and may be NULL when empty;
 * store_institution_clear() frees them. */
struct store_institution {
	char uuid[STORE_UUID_SIZE];   /* "" for a record not yet saved */
	char country[3];              /* alpha-2 */
	char *name, *name_en, *acronym, *region, *city, *type, *website, *notes;
	char parent[STORE_UUID_SIZE]; /* the parent's uuid, "" if none */
	char *parent_name;            /* filled when read; ignored when written */
	long long version;            /* 0 for a record not yet saved */
	char created[21], updated[21];
	unsigned keep;                /* STORE_KEEP_* fields an upsert leaves as stored */
};
void store_institution_clear(struct store_institution *r);

/* Fields an upsert of an existing record leaves as they are (a column the
 * file does not have must not wipe what the registry knows). */
enum {
	STORE_KEEP_NAME_EN = 1 << 1, STORE_KEEP_ACRONYM = 1 << 2, STORE_KEEP_REGION = 1 << 3,
	STORE_KEEP_CITY = 1 << 4, STORE_KEEP_TYPE = 1 << 5, STORE_KEEP_PARENT = 1 << 6,
	STORE_KEEP_WEBSITE = 1 << 7, STORE_KEEP_NOTES = 1 << 8,
	/* agreements */
	STORE_KEEP_KIND = 1 << 1, STORE_KEEP_STATUS = 1 << 2, STORE_KEEP_VALID_FROM = 1 << 4,
	STORE_KEEP_VALID_UNTIL = 1 << 5, STORE_KEEP_PLACE = 1 << 6, STORE_KEEP_SOURCE = 1 << 7,
	STORE_KEEP_AGR_NOTES = 1 << 8, STORE_KEEP_AREAS = 1 << 9,
};

/* Insert, or update the institution with the same identity (country and
 * folded name). Fills r->uuid and r->version. */
int store_institution_upsert(struct store *st, struct store_institution *r,
                             enum store_change *chg, char **err);
int store_institution_get(struct store *st, const char *uuid,
                          struct store_institution *out, char **err);

/* A short reference to an institution, for lookups and party lists. */
struct store_ref {
	char uuid[STORE_UUID_SIZE];
	char country[3];
	char *name;
	char *acronym;
	char *role;      /* in a party list; else NULL */
	bool shared_name; /* read in party lists: another country's institution
	                     has the same name, so the name alone is ambiguous */
};
void store_refs_free(struct store_ref *v, size_t n);

/* Institutions whose folded name or acronym equals text's, in country
 * (NULL: any). Returns how many matched (may exceed max; at most max are
 * filled, the caller frees them with store_refs_free), or < 0. */
int store_institution_find(struct store *st, const char *text, const char *country,
                           struct store_ref *out, size_t max, char **err);
/* Up to max existing institution names closest to text (edit distance on
 * folded names), best first, for "did you mean". Returns the count. */
int store_institution_suggest(struct store *st, const char *text,
                              char **out, size_t max, char **err);

/* Every institution, ordered by country then name (parents before their
 * branches is not guaranteed). Return non-zero from fn to stop. */
typedef int (*store_institution_fn)(void *ud, const struct store_institution *r);
int store_institutions_each(struct store *st, store_institution_fn fn, void *ud, char **err);

/* An agreement with its parties and areas (owned; see clear). */
struct store_agreement {
	char uuid[STORE_UUID_SIZE];
	char *title, *kind, *status, *signed_on, *valid_from, *valid_until;
	char *place, *source, *notes;
	struct store_ref *parties;    /* uuid is what counts when written */
	size_t n_parties;
	char **areas;
	size_t n_areas;
	long long version;
	char created[21], updated[21];
	unsigned keep;                /* STORE_KEEP_* */
};
void store_agreement_clear(struct store_agreement *r);

/* Insert, or update the agreement with the same identity (folded title and
 * signed date); parties and areas are replaced by the given sets. */
int store_agreement_upsert(struct store *st, struct store_agreement *r,
                           enum store_change *chg, char **err);
int store_agreement_get(struct store *st, const char *uuid,
                        struct store_agreement *out, char **err);
typedef int (*store_agreement_fn)(void *ud, const struct store_agreement *r);
/* Every agreement with parties (names filled) and areas, in the order they
 * were added. */
int store_agreements_each(struct store *st, store_agreement_fn fn, void *ud, char **err);

/* ---- browsing and editing (full-screen program) ---- */

/* A save found the record changed by someone else since it was read. */
enum { STORE_CONFLICT = -7 };

/* Bring the browse indexes (sort keys, folded search text) up to date with
 * every change made since the last call, by this program or any other
 * writer. Cheap when nothing changed; after a large import it works in
 * chunks of one transaction each and calls fn (may be NULL) between them.
 * Does nothing on a read-only database. */
typedef void (*store_progress_fn)(void *ud, long done, long total);
int store_browse_update(struct store *st, store_progress_fn fn, void *ud, char **err);

/* Settings for a long interactive session: a page cache that holds the
 * hot parts of the indexes (a few MB), so that moving through a large
 * registry reads memory, not the file. */
void store_browse_tune(struct store *st);

/* Changes when another connection commits (PRAGMA data_version); <0 on error. */
long long store_data_version(struct store *st);

/* While another process holds the write lock, fn(ud, waited_ms) is called
 * about every 100 ms; it returns non-zero to keep waiting, 0 to give up
 * (the operation then fails with STORE_BUSY). fn NULL restores the plain
 * timeout. One handler per process. */
typedef int (*store_busy_fn)(void *ud, int waited_ms);
void store_set_busy_handler(struct store *st, store_busy_fn fn, void *ud);

/* A country in the display language lang (en, ru, uk, et, ...): its 'name'
 * in that language, else the English one. */
struct store_country_row {
	char code[3];
	char *name;
	char *matched;      /* store_country_search: the name that matched */
	long institutions;
};
void store_country_rows_free(struct store_country_row *v, size_t n);
/* Every country (all) or those with institutions, ordered by display name
 * in people's order. *out is malloc'd; free with store_country_rows_free
 * and free(). */
int store_country_rows(struct store *st, const char *lang, bool all,
                       struct store_country_row **out, size_t *n, char **err);
/* Countries whose code, alpha-3 code or any name in any language contains
 * text (folded): "бел", "val", "bel", "BY". Code and prefix matches first.
 * Fills at most max rows; returns how many, or < 0. */
int store_country_search(struct store *st, const char *text, const char *lang,
                         struct store_country_row *out, size_t max, char **err);
/* The display name of one country (malloc'd into *out). */
int store_country_display(struct store *st, const char *code, const char *lang,
                          char **out, char **err);

/* The lists of the program, read a page at a time (keyset pagination:
 * nothing is loaded whole, so 1M agreements page as fast as 100). */
enum store_list {
	STORE_LIST_INSTITUTIONS,    /* of country; branches under their parent */
	STORE_LIST_INST_AGREEMENTS, /* of institution; newest first */
	STORE_LIST_AGREEMENTS,      /* all, sorted and filtered */
};
enum store_sort { STORE_SORT_DATE, STORE_SORT_TITLE, STORE_SORT_STATUS, STORE_SORT_PAIR };
struct store_query {
	enum store_list list;
	const char *country;      /* INSTITUTIONS: whose; AGREEMENTS: a party's */
	const char *institution;  /* INST_AGREEMENTS: whose (uuid) */
	const char *text;         /* folded substring of name/acronym/city, or title */
	enum store_sort sort;     /* AGREEMENTS */
	bool desc;
	const char *status;       /* AGREEMENTS filters; NULL/0: any */
	const char *area;
	int year;
	/* A filter that matches few rows may have to read the whole table to
	 * fill a page: with max_ms > 0 the read stops after that long, returns
	 * what it found and sets *stopped (when not NULL). */
	int max_ms;
	bool *stopped;
};
/* One row of a list. Institutions: col = name, acronym, city, type; depth
 * 1 for a branch under its parent. Agreements: col = signed, title,
 * status, countries (the other parties' for INST_AGREEMENTS, all for
 * AGREEMENTS). sid identifies the row within its list kind. */
struct store_row {
	long long sid;
	char uuid[STORE_UUID_SIZE];
	char country[3];
	int depth;
	char *col[4];
};
void store_rows_free(struct store_row *v, size_t n);
enum store_dir {
	STORE_FIRST,   /* the first max rows */
	STORE_LAST,    /* the last max rows */
	STORE_AFTER,   /* rows after the row sid */
	STORE_BEFORE,  /* rows before the row sid */
	STORE_AT,      /* the row sid (or where it would be) and those after */
};
/* Up to max rows, always in list order. Returns the count, or < 0:
 * STORE_NOT_FOUND when the row sid no longer exists. */
int store_list_rows(struct store *st, const struct store_query *q, enum store_dir dir,
                    long long sid, struct store_row *out, size_t max, char **err);
/* The sid of an institution (agreement false) or agreement in the lists;
 * 0 if there is none. */
long long store_row_id(struct store *st, const char *uuid, bool agreement);

/* Global search across institutions and agreements by folded substring. */
struct store_hit {
	bool agreement;
	long long sid;
	char uuid[STORE_UUID_SIZE];
	char country[3];    /* institution's country */
	char *label;        /* name or title */
	char *extra;        /* acronym and city, or date and countries */
};
void store_hits_free(struct store_hit *v, size_t n);
/* At most max_each institutions, then at most max_each agreements, each
 * group in people's order. out must hold 2 * max_each. */
int store_search(struct store *st, const char *text, struct store_hit *out, size_t max_each,
                 char **err);
/* Institutions for a picker: by folded substring of name, acronym or city
 * (empty text: the first ones), in country (NULL: any). Returns the count
 * filled (at most max), or < 0. */
int store_institution_search(struct store *st, const char *text, const char *country,
                             struct store_ref *out, size_t max, char **err);
/* The branches of an institution (*out malloc'd; store_refs_free + free). */
int store_institution_branches(struct store *st, const char *uuid, struct store_ref **out,
                               size_t *n, char **err);
/* What deleting an institution takes with it: agreements it is a party
 * to, of which sole have no other party, and its branches. */
struct store_usage { long agreements, sole, branches; };
int store_institution_usage(struct store *st, const char *uuid, struct store_usage *u, char **err);
/* The name of an institution of country whose folded name equals name's
 * or is within a small edit distance of it, other than except (a uuid or
 * NULL): for "a similar institution exists". 1 and *out set, 0, or < 0. */
int store_institution_similar(struct store *st, const char *country, const char *name,
                              const char *except, char **out, char **err);

/* Save from a form, in one transaction. A record with uuid "" is added
 * (its uuid and version filled). Otherwise it is updated only if the
 * stored version is still base_version: else STORE_CONFLICT and *current
 * holds the stored record (caller clears it), or STORE_NOT_FOUND when it
 * was deleted meanwhile (clear r->uuid to save it as new). */
int store_institution_save(struct store *st, struct store_institution *r, long long base_version,
                           struct store_institution *current, char **err);
int store_agreement_save(struct store *st, struct store_agreement *r, long long base_version,
                         struct store_agreement *current, char **err);
/* Delete an institution. If it is a party to agreements, only with force:
 * it is then removed from them, and agreements left without parties are
 * deleted too. Its branches lose their parent. */
int store_institution_delete(struct store *st, const char *uuid, bool force, char **err);
int store_agreement_delete(struct store *st, const char *uuid, char **err);

/* ---- history and merging copies ---- */

/* Every write transaction (store_begin .. store_commit) is journaled: its
 * effect on institutions, agreements and their links is kept as an SQLite
 * changeset with who and when, and field by field in a history. Copies of
 * one registry (same meta 'registry' id) exchange the transactions they
 * lack: sync_merge for two files at hand, sync_changes/sync_apply through a
 * file. See src/store/sync.c for the design. */

/* This connection's session id (made at open): what undo goes by. */
const char *store_session_id(const struct store *st);
/* The Unix user the history records for this connection. */
const char *store_user(const struct store *st);

/* One entry of a record's history. Strings are valid during the callback. */
struct store_history {
	long long seq;        /* journal sequence: one transaction, one seq */
	const char *at;       /* ISO 8601 UTC */
	const char *user;
	const char *origin;   /* edit, apply, sync, undo */
	const char *table;    /* institution, agreement, agreement_party, agreement_area, area */
	const char *op;       /* added, changed, deleted */
	const char *field;    /* NULL: the record as a whole (or the link) */
	const char *old_value, *new_value;  /* NULL: none */
	bool undone;          /* reverted by a later undo */
};
typedef int (*store_history_fn)(void *ud, const struct store_history *h);
/* The history of the record uuid (links listed under their agreement),
 * newest first, at most max entries (0: all). */
int store_history_each(struct store *st, const char *uuid, size_t max, store_history_fn fn,
                       void *ud, char **err);

struct store_undo {
	long long seq;        /* the transaction undone */
	long long undo_seq;   /* the transaction that undid it */
	long records;         /* rows it changed back */
};
/* Undo the last transaction made by session_id that is not undone yet, as
 * a new transaction (so the undo merges to copies too). STORE_NOT_FOUND
 * when there is nothing to undo; SYNC_CONFLICTS (nothing changed) when a
 * record it touched was changed since by someone else. */
int store_history_undo_last(struct store *st, const char *session_id, struct store_undo *out,
                            char **err);

/* Results of sync functions besides enum store_err. */
enum {
	SYNC_CONFLICTS = -20,  /* conflicts listed; nothing was changed */
	SYNC_BAD_FILE = -21,   /* not a changes file, truncated or corrupt */
	SYNC_FOREIGN = -22,    /* from another registry */
};

enum sync_prefer { SYNC_PREFER_NONE, SYNC_PREFER_MINE, SYNC_PREFER_THEIRS };

/* One conflict. "mine" is the database the function was called on. */
struct sync_conflict {
	const char *table;    /* as in store_history */
	const char *record;   /* the record's uuid (or area name) */
	const char *label;    /* its name or title, for people; may be NULL */
	const char *field;    /* NULL: the record as a whole */
	const char *what;     /* e.g. "changed on both", "deleted here, changed there" */
	const char *mine, *theirs;  /* values; NULL: none or deleted */
	bool resolvable;      /* --prefer can decide it */
};
typedef void (*sync_conflict_fn)(void *ud, const struct sync_conflict *c);

struct sync_stats {
	long transactions;    /* applied (received and not known before) */
	long known;           /* skipped: already here */
	long rows;            /* rows changed here */
	long conflicts;       /* found (resolved when a preference was given) */
	long long mark;       /* the journal mark after the operation */
	long sent;            /* sync: transactions the other copy received */
	long sent_rows;       /* sync: rows changed there */
};

/* A changes file's header, as read by sync_file_check. */
struct sync_header {
	unsigned version;
	char registry[STORE_UUID_SIZE];
	long long from, to;   /* marks: the file holds journal rows from < seq <= to */
	unsigned long entries;
	unsigned long long payload;
};
#define SYNC_HEADER_SIZE 96

/* Validate a whole changes file in memory (header, length, checksum, and
 * every changeset in it). registry NULL: do not compare. Returns STORE_OK,
 * SYNC_BAD_FILE or SYNC_FOREIGN with *err saying why. */
int sync_file_check(const void *buf, size_t len, const char *registry, struct sync_header *h,
                    char **err);

/* This registry's id (meta 'registry'), malloc'd. */
int sync_registry_id(struct store *st, char **out, char **err);

/* The journal rows after since (since < 0: after the last exchange) as a
 * changes file, malloc'd in *buf. *to gets the mark to pass to
 * sync_changes_done once the file is safely written. */
int sync_changes(struct store *st, long long since, void **buf, size_t *len,
                 struct sync_header *h, char **err);
/* Remember mark as the last exchange. */
int sync_changes_done(struct store *st, long long mark, char **err);

/* Apply a changes file. Transactions already here are skipped. Conflicts
 * are listed through fn; with SYNC_PREFER_NONE (or any that no preference
 * can settle) nothing is changed and SYNC_CONFLICTS returned. */
int sync_apply(struct store *st, const void *buf, size_t len, enum sync_prefer prefer,
               sync_conflict_fn fn, void *ud, struct sync_stats *stats, char **err);

/* Merge st and the copy at other_path both ways, so that both end with the
 * same content; or list the conflicts and change nothing (SYNC_CONFLICTS). */
int sync_merge(struct store *st, const char *other_path, enum sync_prefer prefer,
               sync_conflict_fn fn, void *ud, struct sync_stats *stats, char **err);

/* A consistent copy of st at path (which must not exist), for a laptop:
 * same registry, same journal, so the two merge back later. */
int sync_copy(struct store *st, const char *path, char **err);

#endif
