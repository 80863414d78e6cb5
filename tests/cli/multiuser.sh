#!/bin/sh
# Multi-user host safety (issue 7): a database is never opened or created
# through a symbolic link another user planted in a shared directory, an
# existing file's permissions are never widened, and another Unix user
# without group access can neither read nor write a new database.
# Another user is nobody (65534), through setpriv; this needs root.
. "$SRCDIR/tests/lib/common.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
	echo "multiuser.sh: needs root and setpriv (util-linux) to act as another user"
	pass "skipped: not root"
	finish
fi
as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
# nobody may not reach the build tree: a copy of the binary it can run.
chmod 755 "$T"
cp "$ACCORD" "$T/accord-copy"
chmod 755 "$T/accord-copy"
NOBODY_ACCORD="$T/accord-copy"
mode() { stat -c %a "$1"; }

# ---- a shared sticky directory, like /tmp ----
shared="$T/shared"
mkdir -m 1777 "$shared"

# A link to a file of ours, planted by another user: refused, file untouched.
"$ACCORD" --db "$T/mine.db" init --sample >/dev/null
cp "$T/mine.db" "$T/mine.orig"
$as_nobody ln -s "$T/mine.db" "$shared/accord.db"
expect_rc 1 "a link of another user to an existing file" "$ACCORD" --db "$shared/accord.db" check
err_has "another user" "says whose link it is"
expect_rc 1 "... import through it" "$ACCORD" --db "$shared/accord.db" import "$FIXTURES/import/ru-institutions.csv"
same_file "$T/mine.orig" "$T/mine.db" "the target is byte-identical"

# A dangling link of another user: nothing is created at its target.
$as_nobody ln -s "$T/victim.db" "$shared/new.db"
expect_rc 1 "a dangling link of another user" "$ACCORD" --db "$shared/new.db" init
[ -e "$T/victim.db" ] && fail "created a file through the link" || pass "nothing created through the link"

# One's own link in the shared directory is one's own business.
ln -s "$T/mine.db" "$shared/own.db"
expect_rc 0 "one's own link in a shared directory" "$ACCORD" --db "$shared/own.db" check

# Outside a shared directory a link to an existing database is followed.
mkdir "$T/private"
ln -s "$T/mine.db" "$T/private/link.db"
expect_rc 0 "a link in one's own directory" "$ACCORD" --db "$T/private/link.db" check

# ---- permissions ----
# A new database is 0600 whatever the umask; its directories 0700.
(umask 000; "$ACCORD" --db "$T/fresh/sub/new.db" init >/dev/null)
[ "$(mode "$T/fresh/sub/new.db")" = 600 ] && pass "new database is 0600 under umask 000" ||
	fail "new database mode $(mode "$T/fresh/sub/new.db")"
[ "$(mode "$T/fresh/sub")" = 700 ] && pass "its new directory is 0700" || fail "directory mode $(mode "$T/fresh/sub")"

# An existing file keeps its mode, and the -wal/-shm files are no wider.
"$ACCORD" --db "$T/kept.db" init >/dev/null
chmod 640 "$T/kept.db"
(umask 000; "$ACCORD" --db "$T/kept.db" import "$FIXTURES/import/ru-institutions.csv" >/dev/null)
[ "$(mode "$T/kept.db")" = 640 ] && pass "existing 0640 file stays 0640" || fail "mode became $(mode "$T/kept.db")"
sqlite3 "$T/kept.db" 'pragma journal_mode' >/dev/null
for side in "$T/kept.db-wal" "$T/kept.db-shm"; do
	if [ -e "$side" ]; then
		m=$(mode "$side")
		[ $((0$m & 037)) -le $((0640 & 037)) ] && pass "$(basename "$side") no wider than the database ($m)" ||
			fail "$(basename "$side") mode $m"
	fi
done

# ---- another user without group access ----
(umask 000; "$ACCORD" --db "$T/team/reg.db" init --sample >/dev/null)
chmod 755 "$T/team"   # even where the directory can be listed
cp "$T/team/reg.db" "$T/reg.orig"
expect_rc 1 "another user cannot read it (check)" $as_nobody "$NOBODY_ACCORD" --db "$T/team/reg.db" check
expect_rc 1 "... nor export it" $as_nobody "$NOBODY_ACCORD" --db "$T/team/reg.db" export --type institutions
printf 'name,country\nIntruder,BY\n' > "$T/intruder.csv"
chmod 644 "$T/intruder.csv"
expect_rc 1 "... nor import into it" $as_nobody "$NOBODY_ACCORD" --db "$T/team/reg.db" import "$T/intruder.csv"
if $as_nobody cat "$T/team/reg.db" >/dev/null 2>&1; then fail "nobody can read the file"; else pass "nobody cannot read the file"; fi
if $as_nobody sh -c "echo x >> '$T/team/reg.db'" 2>/dev/null; then fail "nobody can write the file"; else pass "nobody cannot write the file"; fi
same_file "$T/reg.orig" "$T/team/reg.db" "the database is unchanged"
no_sanitizer_report
finish
