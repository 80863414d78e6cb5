#!/bin/sh
# Disk and permission faults (issue 7): a full disk during an import, a
# database on a read-only file system, and a database directory that is
# removed while an import runs. Each: a clear message, exit 1, nothing
# corrupted (PRAGMA integrity_check), no partial import.
. "$SRCDIR/tests/lib/common.sh"

# count DB: institutions in the database
count() { sqlite3 "$1" 'select count(*) from institution'; }
intact() {   # intact DB WHAT
	if [ "$(sqlite3 "$1" 'pragma integrity_check')" = ok ]; then pass "$2: integrity_check ok"; else fail "$2: integrity_check"; fi
}
# rows N: an institutions CSV of N rows with long notes (fills a disk fast)
rows() {
	awk -v n="$1" 'BEGIN { print "name,country,city,notes"; for (i = 0; i < n; i++) {
		s = ""; for (k = 0; k < 20; k++) s = s "notes " i " " k " ";
		printf "Fault clinic %d,BY,Minsk,%s\n", i, s } }'
}
rows 3000 > big.csv

# ---- a full disk: a small tmpfs (root), else a file size limit ----
mnt="$T/small"
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8m tmpfs "$mnt" 2>/dev/null; then
	trap 'umount "$mnt" 2>/dev/null; rm -rf "$T"' EXIT
	db="$mnt/full.db"
	expect_rc 0 "init on an 8 MB file system" "$ACCORD" --db "$db" init --sample
	before=$(count "$db")
	"$ACCORD" --db "$db" export --type institutions > before.csv
	# Leave little room: the import needs more than is left.
	dd if=/dev/zero of="$mnt/filler" bs=64k 2>/dev/null
	rm -f "$mnt/filler"
	dd if=/dev/zero of="$mnt/filler" bs=1k count=$(($(df -k "$mnt" | awk 'NR==2 { print $4 }') - 160)) 2>/dev/null
	expect_rc 1 "import on a full disk" "$ACCORD" --db "$db" import big.csv
	err_has "disk is full" "says the disk is full"
	err_has "nothing was imported" "says nothing was imported"
	no_sanitizer_report
	rm -f "$mnt/filler"
	intact "$db" "after a full disk"
	[ "$(count "$db")" = "$before" ] && pass "no partial import" || fail "partial import: $(count "$db") rows, had $before"
	"$ACCORD" --db "$db" export --type institutions > after.csv
	same_file before.csv after.csv "the registry is as it was"
	expect_rc 0 "with room again the import works" "$ACCORD" --db "$db" import big.csv
	[ "$(count "$db")" = $((before + 3000)) ] && pass "all rows in" || fail "rows: $(count "$db")"

	# ---- read-only file system ----
	mount -o remount,ro "$mnt"
	expect_rc 1 "import on a read-only file system" "$ACCORD" --db "$db" import big.csv
	err_has "read-only" "says read-only"
	expect_rc 0 "check still reads it" "$ACCORD" --db "$db" check
	expect_rc 0 "export still reads it" "$ACCORD" --db "$db" export --type countries -o /dev/null
	expect_rc 1 "a new database on a read-only file system" "$ACCORD" --db "$mnt/new.db" init
	err_has "new.db" "names the file"
	no_sanitizer_report
	mount -o remount,rw "$mnt"
	intact "$db" "after read-only"
	umount "$mnt"
	trap 'rm -rf "$T"' EXIT
else
	# Without root: a file size limit. SQLite then fails its writes with
	# EFBIG, which must end the same way.
	db="$T/full.db"
	"$ACCORD" --db "$db" init --sample >/dev/null
	before=$(count "$db")
	size=$(($(wc -c < "$db") / 1024 + 64))
	(ulimit -f "$size"; trap '' XFSZ; "$ACCORD" --db "$db" import big.csv) >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" = 1 ] && pass "import over the file size limit (exit 1)" || fail "file size limit: exit $rc"
	err_has "nothing was imported" "says nothing was imported"
	intact "$db" "after the file size limit"
	[ "$(count "$db")" = "$before" ] && pass "no partial import" || fail "partial import"
	pass "read-only file system case needs root (mount): skipped"
fi

# ---- the database directory removed while an import runs ----
# The import reads standard input from a FIFO: it has the database open and
# its transaction begun, and waits for data; then the directory goes.
mkdir "$T/gone"
db="$T/gone/reg.db"
"$ACCORD" --db "$db" init >/dev/null
mkfifo "$T/fifo"
"$ACCORD" --db "$db" import --type institutions - <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 3>"$T/fifo"
printf "name,country,city,notes\n" >&3
# Wait until it has read the header (it is blocked reading the FIFO).
i=0
while [ $i -lt 100 ] && ! grep -q pipe "/proc/$pid/wchan" 2>/dev/null && [ ! -e "$db-wal" ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
rm -rf "$T/gone"
rows 50 | tail -n +2 >&3
exec 3>&-
wait $pid
rc=$?
[ "$rc" = 1 ] && pass "directory removed mid-run: exit 1" || fail "directory removed mid-run: exit $rc"
err_has "removed" "says the database was removed"
no_sanitizer_report
[ ! -e "$T/gone" ] && pass "nothing recreated in its place" || fail "the directory came back"

finish
