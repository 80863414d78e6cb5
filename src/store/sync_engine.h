/* The apply engine shared by sync.c (conflict handling) and
 * sync_merge.c (changes, apply, sync). */
#ifndef ACCORD_SYNC_ENGINE_H
#define ACCORD_SYNC_ENGINE_H

#include "sync_internal.h"

#define SYNC_MAX_PK 2

enum cf_kind { CF_BOTH, CF_DELETED_THERE, CF_DELETED_HERE, CF_ADDED_BOTH, CF_DUPLICATE, CF_REFERENCE };

/* A conflict as found; values as text. */
struct sync_cf {
	int t;                      /* index in sync_tables */
	char *record, *label, *field, *mine, *theirs;
	const char *what, *what_swapped;
	enum cf_kind kind;
	bool resolvable, constraint, cancelled;
	sqlite3_value *pk[SYNC_MAX_PK];
	int npk;
};
struct sync_clist {
	struct sync_cf *v;
	size_t n, cap;
};
struct sync_cf *sync_clist_add(struct sync_clist *l, int t, const char *record, const char *field);
void sync_clist_free(struct sync_clist *l);
/* Report through fn; swap: the list was made on the other copy. */
void sync_clist_report(const struct sync_clist *l, bool swap, sync_conflict_fn fn, void *ud);
/* Conflicts still open; *unresolvable set when one needs a person. */
size_t sync_clist_count(const struct sync_clist *l, bool *unresolvable);

/* A column to set after a changeset (a field kept as mine, bookkeeping). */
struct sync_fix {
	int t, col, npk, pkcol[SYNC_MAX_PK];
	sqlite3_value *pk[SYNC_MAX_PK], *v;
	bool is_int;
	long long ival;
};
/* A record to restore (theirs changed what was deleted here) or whose
 * links to keep (mine changed what they deleted). */
struct sync_req {
	int t, npk;
	sqlite3_value *pk[SYNC_MAX_PK];
};
void sync_reqs_clear(struct sync_req *v, size_t *n);

struct apply_ctx {
	struct store *st;
	enum sync_prefer prefer;    /* as seen from st */
	bool probe;                 /* only find the conflicts */
	bool oom;
	long found;
	struct sync_clist *conflicts;
	struct sync_fix *fix;
	size_t nfix, capfix;
	struct sync_req *restore, *protect;
	size_t nrestore, caprestore, nprotect, capprotect;
	/* told of every institution/agreement merged from both sides */
	void (*touched)(void *ud, int t, sqlite3_value *uuid);
	void *touched_ud;
};

/* Apply one changeset with the conflict handler, then its fixes,
 * protections and restorations. A transaction must be open. */
int sync_apply_changeset(struct apply_ctx *x, const void *cs, size_t n, char **err);
void sync_ctx_free(struct apply_ctx *x);
/* Broken references once all is applied: a conflict each (unresolvable). */
int sync_check_references(struct apply_ctx *x, char **err);

#endif
