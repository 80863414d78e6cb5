#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <accord/collate.h>

#include "store_internal.h"
#include "sync_internal.h"

int store_fail(char **err, int code, const char *fmt, ...)
{
	if (!err)
		return code;
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	free(*err);
	*err = s;
	return code;
}

int store_sqlfail(struct store *st, char **err, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db);
	int code = STORE_ERROR;
	switch (rc & 0xff) {
	case SQLITE_BUSY: case SQLITE_LOCKED: code = STORE_BUSY; break;
	case SQLITE_READONLY: case SQLITE_CANTOPEN: case SQLITE_PERM:
		code = (rc & 0xff) == SQLITE_CANTOPEN ? STORE_ERROR : STORE_READ_ONLY;
		break;
	case SQLITE_NOTADB: code = STORE_NOT_ACCORD; break;
	default: break;
	}
	if (code == STORE_BUSY)
		return store_fail(err, code, "%s: %s: the database is busy (another user is writing); try again",
		                  st->path, what);
	if ((rc & 0xff) == SQLITE_FULL)
		return store_fail(err, code, "%s: %s: the disk is full; nothing was changed", st->path, what);
	return store_fail(err, code, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

int store_exec(struct store *st, const char *sql, char **err)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_sqlfail(st, err, "cannot update the database");
	return STORE_OK;
}

int store_prepare(struct store *st, const char *sql, sqlite3_stmt **stmt, char **err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
		return store_sqlfail(st, err, "cannot prepare a query");
	return STORE_OK;
}

void store_now(char buf[21])
{
	/* Called for every row of an import: format once per second. */
	static time_t last = (time_t)-1;
	static char text[21];
	time_t t = time(NULL);
	if (t != last) {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
		last = t;
	}
	memcpy(buf, text, sizeof text);
}

int store_uuid(struct store *st, char buf[37])
{
	/* One getrandom call per 256 uuids, not per uuid. */
	if (st->pool_left < 16) {
		size_t got = 0;
		while (got < sizeof st->pool) {
			ssize_t n = getrandom(st->pool + got, sizeof st->pool - got, 0);
			if (n < 0) {
				if (errno == EINTR)
					continue;
				return STORE_ERROR;
			}
			got += (size_t)n;
		}
		st->pool_left = sizeof st->pool;
	}
	unsigned char *b = st->pool + sizeof st->pool - st->pool_left;
	st->pool_left -= 16;
	/* Version 7 (RFC 9562): the first 48 bits are the time in ms, so new
	 * rows go to the end of the uuid indexes instead of anywhere in them,
	 * which keeps a large import's writes local. */
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	/* Increasing within a connection (RFC 9562, 6.2 method 1: a 12-bit
	 * counter in rand_a, started at a random value below 2048 each new
	 * millisecond): uuid order is then the order of adding, which export
	 * relies on. */
	if (ms <= st->uuid_ms && st->uuid_ms - ms < 10000) {
		ms = st->uuid_ms;
		if (++st->uuid_seq > 0xfff) {
			ms = ++st->uuid_ms;
			st->uuid_seq = ((unsigned)b[6] << 8 | b[7]) & 0x7ff;
		}
	} else {
		st->uuid_ms = ms;
		st->uuid_seq = ((unsigned)b[6] << 8 | b[7]) & 0x7ff;
	}
	for (int i = 0; i < 6; i++)
		b[i] = (unsigned char)(ms >> (8 * (5 - i)));
	b[6] = (unsigned char)(0x70 | st->uuid_seq >> 8);
	b[7] = (unsigned char)(st->uuid_seq & 0xff);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	static const char hex[] = "0123456789abcdef";
	char *o = buf;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[b[i] >> 4];
		*o++ = hex[b[i] & 15];
	}
	*o = '\0';
	return STORE_OK;
}

sqlite3_stmt *store_slot(struct store *st, enum store_slot slot, const char *sql, char **err)
{
	sqlite3_stmt *s = st->slots[slot];
	sync_txn_tick(st);
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		return s;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_sqlfail(st, err, "cannot prepare a query");
		return NULL;
	}
	return st->slots[slot] = s;
}

void store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

char *store_column_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? strdup((const char *)t) : NULL;
}

/* mkdir -p for the directories above a new database (0700: the registry
 * holds people's names). */
static int make_parents(const char *path, char **err)
{
	char *dir = strdup(path);
	if (!dir)
		return store_fail(err, STORE_ERROR, "out of memory");
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			int e = errno;
			store_fail(err, STORE_ERROR, "%s: cannot create directory: %s", dir, strerror(e));
			free(dir);
			return STORE_ERROR;
		}
		*p = '/';
	}
	free(dir);
	return STORE_OK;
}

/* Mode for a new database: 0600, or 0660 in a group-shared (setgid,
 * group-writable) directory so that a team can share one registry. */
static mode_t new_file_mode(const char *path)
{
	char *dir = strdup(path);
	mode_t mode = 0600;
	if (!dir)
		return mode;
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	struct stat sb;
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_ISGID) && (sb.st_mode & S_IWGRP))
		mode = 0660;
	free(dir);
	return mode;
}

/* Decide whether the file exists, and create it safely when asked: never
 * through a planted symlink, never with wider permissions than 0600/0660. */
static int prepare_file(const char *path, unsigned flags, bool *created, char **err)
{
	struct stat sb;
	*created = false;
	if (lstat(path, &sb) == 0) {
		if (S_ISLNK(sb.st_mode)) {
			/* In a sticky world-writable directory (/tmp), anyone may
			 * plant a link to a file of yours and read what you write
			 * through it, or make you overwrite your own file: follow
			 * only your own links there (as the kernel's
			 * protected_symlinks does, which is not always on). */
			struct stat db;
			char *dir = strdup(path);
			if (!dir)
				return store_fail(err, STORE_ERROR, "out of memory");
			char *slash = strrchr(dir, '/');
			if (slash == dir)
				slash[1] = '\0';
			else if (slash)
				*slash = '\0';
			else
				strcpy(dir, ".");
			bool shared = stat(dir, &db) == 0 && (db.st_mode & S_ISVTX) && (db.st_mode & S_IWOTH);
			free(dir);
			if (shared && sb.st_uid != geteuid() && sb.st_uid != db.st_uid)
				return store_fail(err, STORE_ERROR,
				                  "%s: is a symbolic link of another user in a shared directory; refusing to"
				                  " open a database through it", path);
			if (stat(path, &sb) != 0)
				return store_fail(err, STORE_ERROR,
				                  "%s: is a symbolic link to a missing file; refusing to create a database through it",
				                  path);
		}
		if (S_ISDIR(sb.st_mode))
			return store_fail(err, STORE_NOT_ACCORD, "%s: is a directory, not a database", path);
		if (!S_ISREG(sb.st_mode))
			return store_fail(err, STORE_NOT_ACCORD, "%s: is not a regular file", path);
		return STORE_OK;
	}
	if (errno != ENOENT)
		return store_fail(err, STORE_ERROR, "%s: %s", path, strerror(errno));
	if (!(flags & STORE_CREATE))
		return store_fail(err, STORE_NOT_FOUND, "%s: no such database (run 'accord init' to create one)", path);
	if (make_parents(path, err) != STORE_OK)
		return STORE_ERROR;
	mode_t mode = new_file_mode(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd < 0)
		return store_fail(err, errno == EACCES || errno == EROFS ? STORE_READ_ONLY : STORE_ERROR,
		                  "%s: cannot create the database: %s", path, strerror(errno));
	fchmod(fd, mode);  /* the umask must not narrow a group-shared file */
	close(fd);
	*created = true;
	return STORE_OK;
}

/* Look at the file before anything writes to it: a foreign or newer file
 * must stay byte-identical. Returns the schema version found (0: empty). */
static int probe(struct store *st, int *version, char **err)
{
	sqlite3_stmt *s = NULL;
	long objects = -1, appid = -1, uv = -1;
	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT count(*) FROM sqlite_schema),"
	                       " (SELECT application_id FROM pragma_application_id),"
	                       " (SELECT user_version FROM pragma_user_version)",
	                       -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW) {
		objects = sqlite3_column_int64(s, 0);
		appid = sqlite3_column_int64(s, 1);
		uv = sqlite3_column_int64(s, 2);
	}
	int rc = sqlite3_errcode(st->db) & 0xff;
	sqlite3_finalize(s);
	if (objects < 0) {
		if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
			return store_fail(err, STORE_NOT_ACCORD,
			                  "%s: not an Accord database (not an SQLite file); give another --db", st->path);
		return store_sqlfail(st, err, "cannot read the database");
	}
	if (appid == STORE_APPLICATION_ID) {
		if (uv > STORE_SCHEMA_VERSION)
			return store_fail(err, STORE_TOO_NEW,
			                  "%s: written by a newer Accord (schema %ld, this program knows %d); upgrade accord",
			                  st->path, uv, STORE_SCHEMA_VERSION);
		*version = (int)uv;
		return STORE_OK;
	}
	if (appid == 0 && objects == 0 && uv == 0) {
		*version = 0;
		return STORE_OK;
	}
	return store_fail(err, STORE_NOT_ACCORD,
	                  "%s: not an Accord database (an SQLite file of another program); left unchanged",
	                  st->path);
}

static int open_immutable(struct store *st, char **err)
{
	size_t n = strlen(st->path);
	char *uri = malloc(n * 3 + 32);
	if (!uri)
		return store_fail(err, STORE_ERROR, "out of memory");
	sprintf(uri, "%s-wal", st->path);
	if (access(uri, F_OK) == 0) {
		free(uri);
		return store_fail(err, STORE_READ_ONLY,
		                  "%s: cannot read: the database is in use in a directory you cannot write", st->path);
	}
	/* URI form: percent-encode everything but unreserved characters. */
	char *o = uri + sprintf(uri, "file:");
	for (const unsigned char *p = (const unsigned char *)st->path; *p; p++)
		o += (isalnum(*p) || strchr("/-._~", *p)) ? sprintf(o, "%c", *p) : sprintf(o, "%%%02X", *p);
	strcpy(o, "?immutable=1");
	int rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK)
		return store_sqlfail(st, err, "cannot open");
	sqlite3_extended_result_codes(st->db, 1);
	return STORE_OK;
}

int store_open(const char *path, unsigned flags, struct store **out, char **err)
{
	*out = NULL;
	if (!path || !*path)
		return store_fail(err, STORE_ERROR, "no database file given");
	bool created;
	int rc = prepare_file(path, flags, &created, err);
	if (rc != STORE_OK)
		return rc;
	struct store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		return store_fail(err, STORE_ERROR, "out of memory");
	}
	st->created = created;
	if (created)
		flags &= ~(unsigned)STORE_READONLY;  /* a new file must be initialised */
	/* Always ask for read-write: SQLite falls back to read-only by itself
	 * when the file is not writable, and a read-only connection to a WAL
	 * database would leave -wal/-shm files behind. */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		rc = store_sqlfail(st, err, "cannot open");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	int version = 0;
	rc = probe(st, &version, err);
	int primary = sqlite3_errcode(st->db) & 0xff;
	if (rc != STORE_OK && (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN) && !created) {
		/* A WAL database in a directory we cannot write: a reader cannot
		 * create the -shm file. Without a -wal file there is nothing
		 * uncommitted, so read the file as it stands. */
		sqlite3_close_v2(st->db);
		st->db = NULL;
		if (err) {
			free(*err);
			*err = NULL;
		}
		if ((rc = open_immutable(st, err)) == STORE_OK)
			rc = probe(st, &version, err);
	}
	if (rc != STORE_OK)
		goto fail;
	/* People's order for names (ORDER BY ... COLLATE accord). */
	sqlite3_create_collation_v2(st->db, "accord", SQLITE_UTF8, NULL, collate_sqlite, NULL);
	st->readonly = sqlite3_db_readonly(st->db, "main") == 1;
	if (st->readonly && !(flags & STORE_READONLY)) {
		rc = store_fail(err, STORE_READ_ONLY, "%s: the database is read-only (check its permissions); nothing was changed",
		                path);
		goto fail;
	}
	if (st->readonly && version < STORE_SCHEMA_VERSION) {
		rc = store_fail(err, STORE_READ_ONLY, "%s: the database needs an upgrade, but is opened read-only", path);
		goto fail;
	}
	if (!st->readonly) {
		/* Only now is it safe to touch the file: it is ours or empty. */
		if ((rc = store_exec(st, "PRAGMA journal_mode=WAL", err)) != STORE_OK)
			goto fail;
		if ((rc = store_exec(st, "PRAGMA synchronous=NORMAL", err)) != STORE_OK)
			goto fail;
	}
	if ((rc = store_exec(st, "PRAGMA foreign_keys=ON", err)) != STORE_OK)
		goto fail;
	if (version < STORE_SCHEMA_VERSION && (rc = store_migrate(st, version, err)) != STORE_OK)
		goto fail;
	if ((rc = sync_attach(st, err)) != STORE_OK)
		goto fail;
	*out = st;
	return STORE_OK;
fail:
	sqlite3_close_v2(st->db);
	st->db = NULL;
	if (created) {
		/* Leave no half-made file behind. */
		unlink(path);
		char side[4096];
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	store_close(st);
	return rc;
}

static void bulk_forget(struct store *st);

void store_close(struct store *st)
{
	if (!st)
		return;
	store_area_cache_clear(st);
	bulk_forget(st);  /* a failed large import never reached store_bulk_end */
	sync_detach(st);
	for (int i = 0; i < SLOT_COUNT; i++)
		sqlite3_finalize(st->slots[i]);
	if (st->db)
		sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

bool store_was_created(const struct store *st) { return st->created; }
const char *store_path(const struct store *st) { return st->path; }

void store_tune_bulk(struct store *st)
{
	/* 12 MB of pages: the hot part of a large import's working set, with room for
	 * the journal's pieces and index rebuilds (their sorts spill to temporary
	 * files), so the command stays under 64 MB resident. */
	sqlite3_exec(st->db, "PRAGMA cache_size=-12000", NULL, NULL, NULL);
}

static void bulk_forget(struct store *st)
{
	for (size_t i = 0; i < st->n_bulk; i++)
		free(st->bulk_sql[i]);
	free(st->bulk_sql);
	st->bulk_sql = NULL;
	st->n_bulk = 0;
}

void store_tune_scan(struct store *st)
{
	sqlite3_exec(st->db, "PRAGMA cache_size=-16000; PRAGMA mmap_size=134217728", NULL, NULL, NULL);
}

int store_bulk_begin(struct store *st, char **err)
{
	bulk_forget(st);
	sqlite3_stmt *s;
	/* Unique indexes stay: they are constraints, and lookups need them. */
	int rc = store_prepare(st, "SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
	                       " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
	                       " AND tbl_name IN ('agreement', 'agreement_party', 'agreement_area', 'agr_idx')",
	                       &s, err);
	if (rc != STORE_OK)
		return rc;
	char *names[64];
	size_t n = 0;
	while (n < 64 && sqlite3_step(s) == SQLITE_ROW) {
		char **v = realloc(st->bulk_sql, (st->n_bulk + 1) * sizeof *v);
		if (!v)
			break;
		st->bulk_sql = v;
		char *sql = store_column_dup(s, 1), *name = store_column_dup(s, 0);
		if (!sql || !name) {
			free(sql);
			free(name);
			break;
		}
		st->bulk_sql[st->n_bulk++] = sql;
		names[n++] = name;
	}
	sqlite3_finalize(s);
	rc = STORE_OK;
	for (size_t i = 0; i < n; i++) {
		char *drop = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);
		if (rc == STORE_OK && (!drop || sqlite3_exec(st->db, drop, NULL, NULL, NULL) != SQLITE_OK))
			rc = store_sqlfail(st, err, "cannot prepare a large import");
		sqlite3_free(drop);
		free(names[i]);
	}
	return rc;
}

int store_bulk_end(struct store *st, char **err)
{
	int rc = STORE_OK;
	/* One statement each (prepare, not exec): the text came from the
	 * schema, and must not smuggle in a second statement. */
	for (size_t i = 0; i < st->n_bulk && rc == STORE_OK; i++) {
		sqlite3_stmt *s;
		const char *tail = NULL;
		if (sqlite3_prepare_v2(st->db, st->bulk_sql[i], -1, &s, &tail) != SQLITE_OK ||
		    (tail && *tail) || sqlite3_step(s) != SQLITE_DONE)
			rc = store_sqlfail(st, err, "cannot rebuild an index");
		sqlite3_finalize(s);
	}
	bulk_forget(st);
	return rc;
}

void store_area_cache_clear(struct store *st)
{
	for (size_t i = 0; i < st->n_areas; i++) {
		free(st->areas[i].key);
		free(st->areas[i].name);
	}
	st->n_areas = 0;
}

int store_begin(struct store *st, char **err)
{
	store_area_cache_clear(st);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return store_sqlfail(st, err, "cannot start a transaction");
	int rc = sync_txn_begin(st, err);
	if (rc != STORE_OK)
		store_rollback(st);
	return rc;
}

int store_commit(struct store *st, char **err)
{
	/* A database file removed (or renamed) while in use would take the
	 * commit into an unlinked file: report success for data nobody can
	 * ever read again. Refuse instead, and keep nothing. */
	int moved = 0;
	if (sqlite3_file_control(st->db, "main", SQLITE_FCNTL_HAS_MOVED, &moved) == SQLITE_OK && moved) {
		store_rollback(st);
		return store_fail(err, STORE_ERROR,
		                  "%s: the database file was removed or moved while in use; nothing was changed",
		                  st->path);
	}
	/* The journal and history rows go in the same transaction. */
	int rc = sync_txn_commit(st, err);
	if (rc != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = store_sqlfail(st, err, "cannot commit");
		store_rollback(st);
		return rc;
	}
	sync_txn_end(st);
	return STORE_OK;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sync_txn_end(st);
}

static long count_of(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	long n = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int store_summary(struct store *st, struct store_summary *s, char **err)
{
	s->countries = count_of(st, "SELECT count(*) FROM country");
	s->country_names = count_of(st, "SELECT count(*) FROM country_name");
	s->institutions = count_of(st, "SELECT count(*) FROM institution");
	s->agreements = count_of(st, "SELECT count(*) FROM agreement");
	s->parties = count_of(st, "SELECT count(*) FROM agreement_party");
	s->areas = count_of(st, "SELECT count(*) FROM area");
	s->schema_version = (int)count_of(st, "PRAGMA user_version");
	if (s->countries < 0 || s->institutions < 0 || s->agreements < 0)
		return store_sqlfail(st, err, "cannot count records");
	return STORE_OK;
}

/* Each query lists problems, one text per row. */
static const char *const check_queries[] = {
	"SELECT 'integrity: ' || integrity_check FROM pragma_integrity_check"
	" WHERE integrity_check <> 'ok'",
	"SELECT 'foreign key: ' || \"table\" || ' row ' || rowid || ' refers to a missing ' || parent"
	" FROM pragma_foreign_key_check",
	"SELECT 'institution \"' || name || '\": parent is itself' FROM institution WHERE parent = uuid",
	"SELECT 'agreement \"' || title || '\": has no parties' FROM agreement a"
	" WHERE NOT EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement = a.uuid)",
	"SELECT 'agreement \"' || title || '\": valid until ' || valid_until || ' is before valid from ' || valid_from"
	" FROM agreement WHERE valid_from IS NOT NULL AND valid_until IS NOT NULL"
	" AND substr(valid_until, 1, min(length(valid_until), length(valid_from)))"
	"   < substr(valid_from, 1, min(length(valid_until), length(valid_from)))",
	"SELECT 'country ' || code || ': has no names' FROM country c"
	" WHERE NOT EXISTS (SELECT 1 FROM country_name n WHERE n.code = c.code)",
};

int store_check(struct store *st, store_problem_fn fn, void *ud, char **err)
{
	int problems = 0;
	for (size_t i = 0; i < sizeof check_queries / sizeof *check_queries; i++) {
		sqlite3_stmt *s;
		if (store_prepare(st, check_queries[i], &s, err) != STORE_OK)
			return STORE_ERROR;
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			problems++;
			if (fn)
				fn(ud, (const char *)sqlite3_column_text(s, 0));
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_sqlfail(st, err, "cannot check the database");
	}
	return problems;
}
