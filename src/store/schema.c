/* Schema migrations, keyed on PRAGMA user_version. Migration N brings a
 * database from version N-1 to N; never edit one that has shipped, add the
 * next. */
#include <config.h>

#include <stdio.h>

#include "store_internal.h"

static const char schema_v1[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	/* Reference data, the same in every copy: loaded from iso-codes. */
	"CREATE TABLE country("
	"  code TEXT PRIMARY KEY CHECK (length(code) = 2),"
	"  alpha3 TEXT NOT NULL UNIQUE,"
	"  numeric TEXT NOT NULL,"
	"  name TEXT NOT NULL);"
	"CREATE TABLE country_name("
	"  code TEXT NOT NULL REFERENCES country(code),"
	"  lang TEXT NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('name', 'official', 'common', 'alias')),"
	"  name TEXT NOT NULL,"
	"  key TEXT NOT NULL,"     /* fold_key(name) */
	"  skey TEXT NOT NULL,"    /* key without 'republic of' and punctuation */
	"  PRIMARY KEY (code, lang, name));"
	"CREATE INDEX country_name_key ON country_name(key);"
	"CREATE INDEX country_name_skey ON country_name(skey);"
	/* Editable rows are identified by uuid, stable across copies, so that
	 * offline copies merge without colliding local ids. */
	"CREATE TABLE institution("
	"  uuid TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  name_en TEXT, acronym TEXT,"
	"  country TEXT NOT NULL REFERENCES country(code),"
	"  region TEXT, city TEXT, type TEXT,"
	"  parent TEXT REFERENCES institution(uuid) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED,"
	"  website TEXT, notes TEXT,"
	"  key TEXT NOT NULL,"     /* fold_key(name): identity with country */
	"  akey TEXT,"             /* fold_key(acronym) */
	"  created TEXT NOT NULL, updated TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE UNIQUE INDEX institution_identity ON institution(country, key);"
	"CREATE INDEX institution_key ON institution(key);"
	"CREATE INDEX institution_akey ON institution(akey) WHERE akey IS NOT NULL;"
	"CREATE INDEX institution_parent ON institution(parent);"
	"CREATE TABLE agreement("
	"  uuid TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL CHECK (title <> ''),"
	"  kind TEXT, status TEXT, signed TEXT, valid_from TEXT, valid_until TEXT,"
	"  place TEXT, source TEXT, notes TEXT,"
	"  key TEXT NOT NULL,"     /* fold_key(title): identity with signed */
	"  created TEXT NOT NULL, updated TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE UNIQUE INDEX agreement_identity ON agreement(key, ifnull(signed, ''));"
	"CREATE INDEX agreement_signed ON agreement(signed);"
	"CREATE TABLE agreement_party("
	"  agreement TEXT NOT NULL REFERENCES agreement(uuid) ON DELETE CASCADE,"
	"  institution TEXT NOT NULL REFERENCES institution(uuid),"
	"  role TEXT,"
	"  PRIMARY KEY (agreement, institution)) WITHOUT ROWID;"
	"CREATE INDEX agreement_party_institution ON agreement_party(institution, agreement);"
	"CREATE TABLE area("
	"  name TEXT PRIMARY KEY,"
	"  key TEXT NOT NULL UNIQUE);"
	"CREATE TABLE agreement_area("
	"  agreement TEXT NOT NULL REFERENCES agreement(uuid) ON DELETE CASCADE,"
	"  area TEXT NOT NULL REFERENCES area(name) ON UPDATE CASCADE,"
	"  pos INTEGER NOT NULL DEFAULT 0,"   /* the order they were written in */
	"  PRIMARY KEY (agreement, area)) WITHOUT ROWID;"
	"CREATE INDEX agreement_area_area ON agreement_area(area);";

static int migrate_v1(struct store *st, char **err)
{
	int rc = store_exec(st, schema_v1, err);
	if (rc != STORE_OK)
		return rc;
	char uuid[37], now[21];
	if (store_uuid(st, uuid) != STORE_OK)
		return store_fail(err, STORE_ERROR, "cannot make a registry id: no random source");
	store_now(now);
	sqlite3_stmt *s;
	if ((rc = store_prepare(st, "INSERT INTO meta(key, value) VALUES ('registry', ?1), ('created', ?2)",
	                        &s, err)) != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? STORE_OK : store_sqlfail(st, err, "cannot initialise");
	sqlite3_finalize(s);
	if (rc != STORE_OK)
		return rc;
	return store_country_load(st, err);
}

static int (*const migrations[])(struct store *, char **) = {
	migrate_v1,
};

_Static_assert(sizeof migrations / sizeof *migrations == STORE_SCHEMA_VERSION,
               "one migration per schema version");

int store_migrate(struct store *st, int from, char **err)
{
	int rc = store_begin(st, err);
	if (rc != STORE_OK)
		return rc;
	/* Another process may have migrated between our probe and the lock. */
	sqlite3_stmt *s;
	if ((rc = store_prepare(st, "PRAGMA user_version", &s, err)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		from = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	for (int v = from; v < STORE_SCHEMA_VERSION; v++) {
		if ((rc = migrations[v](st, err)) != STORE_OK) {
			store_rollback(st);
			return rc;
		}
	}
	char sql[96];
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
	         STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
	if ((rc = store_exec(st, sql, err)) != STORE_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}
