#!/bin/sh
# Import and export speed against sqlite3 on the same rows, in one run.
#
#   bench/import-export.sh [BUILD_DIR] [INSTITUTIONS] [AGREEMENTS]
#
# Generates (once, into bench/out/) a registry as a Russian Excel saves it
# (WINDOWS-1251, ';', CRLF; bench/gen-large.py), then times:
#   accord import of both files      vs  sqlite3 .import of the same rows
#                                        into bare tables
#   accord export --type agreements  vs  sqlite3 -csv of the same table
#     --encoding WINDOWS-1251
# with peak RSS from /usr/bin/time -v. SKIP_IMPORT=1 reuses the registries
# of an earlier run; EXPORT_RUNS=N repeats the exports (medians compared).
# Use an optimised build without sanitizers (e.g. ./configure CFLAGS=-O2
# in a build directory).
# Needs: python3, sqlite3, GNU time (Debian package "time").
set -eu
build=${1:-.}
ni=${2:-100000}
na=${3:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
accord=$(cd "$build" && pwd)/accord
out=$here/out/$ni-$na
mkdir -p "$out"
[ -x "$accord" ] || { echo "no accord binary in $build" >&2; exit 2; }
if [ ! -s "$out/agreements.csv" ]; then
	echo "generating $ni institutions and $na agreements in $out ..."
	python3 "$here/gen-large.py" "$out" "$ni" "$na"
fi
ls -l "$out"/*.csv

measure() {  # measure NAME CMD... -> prints "NAME seconds rss_kb"
	name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || {
		echo "$name failed:" >&2
		cat "$out/stderr.txt" >&2
		exit 1
	}
	read -r secs rss <"$out/time.txt"
	printf '%-28s %8.2f s %8d KB\n' "$name" "$secs" "$rss"
	last=$secs
}

if [ -z "${SKIP_IMPORT:-}" ] || [ ! -s "$out/accord.db" ] || [ ! -s "$out/base.db" ]; then
	rm -f "$out/base.db" "$out/accord.db" "$out/accord.db-wal" "$out/accord.db-shm"
	cat >"$out/base.sql" <<SQL
CREATE TABLE institutions(name, country, city, region, type, acronym, notes);
CREATE TABLE agreements(title, parties, kind, status, signed, valid_from, valid_until, areas, place, source, notes);
.mode csv
.separator ";" "\r\n"
.import --skip 1 $out/institutions.csv institutions
.import --skip 1 $out/agreements.csv agreements
SQL
	echo
	measure "sqlite3 .import" sh -c "sqlite3 '$out/base.db' < '$out/base.sql'"
	base_import=$last
	"$accord" --db "$out/accord.db" init >/dev/null
	measure "accord import" "$accord" --db "$out/accord.db" import "$out/institutions.csv" "$out/agreements.csv"
	acc_import=$last
else
	base_import=0 acc_import=0   # SKIP_IMPORT=1: the registries of an earlier run
fi
# Exports alternate, EXPORT_RUNS times (default 3); the medians are compared.
# Like sqlite3's, accord's output goes to a redirected stdout; with -o it
# also syncs the file before renaming it into place (timed separately).
runs=${EXPORT_RUNS:-3}
: >"$out/base-export.times"
: >"$out/accord-export.times"
i=0
while [ "$i" -lt "$runs" ]; do
	measure "sqlite3 -csv export" sh -c "sqlite3 -csv '$out/base.db' 'SELECT * FROM agreements' > '$out/base-export.csv'"
	echo "$last" >>"$out/base-export.times"
	measure "accord export (1251)" sh -c "'$accord' --db '$out/accord.db' export --type agreements \
		--encoding WINDOWS-1251 --delimiter ';' > '$out/accord-export.csv'"
	echo "$last" >>"$out/accord-export.times"
	i=$((i + 1))
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
base_export=$(median "$out/base-export.times")
acc_export=$(median "$out/accord-export.times")
measure "accord export (1251) -o" "$accord" --db "$out/accord.db" export --type agreements \
	--encoding WINDOWS-1251 --delimiter ';' -o "$out/accord-export-o.csv"
echo
awk -v a="$acc_import" -v b="$base_import" -v c="$acc_export" -v d="$base_export" 'BEGIN {
	if (b > 0)
		printf "import: accord/sqlite3 = %.2fx (target <= 2.0x)\n", a / b
	printf "export: accord/sqlite3 = %.2fx, medians %.2f s / %.2f s (target <= 1.5x)\n", c / d, c, d
}'
