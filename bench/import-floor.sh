#!/bin/sh
# The floor under any importer of this data model: SQLite's own cost of
# storing the rows of an imported registry in accord's schema (its
# indexes, the browse tables' triggers and full-text indexes), measured
# with sqlite3 .import of the very rows accord stored, against .import of
# the partner's file into bare tables (the baseline of issue 4).
#
#   bench/import-floor.sh [BUILD_DIR] [INSTITUTIONS] [AGREEMENTS]
#
# Run bench/import-export.sh with the same sizes first: it leaves
# bench/out/N-M/accord.db (the registry accord imported) and base.sql.
# Not counted in the floor: parsing, charset conversion, validation,
# lookups of parties, the sync journal and history, the browse sort keys.
set -eu
build=${1:-.}
ni=${2:-100000}
na=${3:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
accord=$(cd "$build" && pwd)/accord
out=$here/out/$ni-$na
[ -s "$out/accord.db" ] && [ -s "$out/base.sql" ] || { echo "run bench/import-export.sh $build $ni $na first" >&2; exit 2; }
tables="institution area agreement agreement_party agreement_area"
for t in $tables; do
	[ -s "$out/floor-$t.csv" ] || sqlite3 -csv "$out/accord.db" "SELECT * FROM $t ORDER BY rowid" >"$out/floor-$t.csv" 2>/dev/null ||
		sqlite3 -csv "$out/accord.db" "SELECT * FROM $t" >"$out/floor-$t.csv"
done
rm -f "$out/floor.db" "$out/bare.db"
"$accord" --db "$out/floor.db" init >/dev/null
{
	echo ".mode csv"
	for t in $tables; do echo ".import $out/floor-$t.csv $t"; done
} >"$out/floor.sql"
measure() {
	name=$1
	shift
	/usr/bin/time -f "%e" -o "$out/time.txt" "$@" >/dev/null 2>"$out/stderr.txt" || { cat "$out/stderr.txt" >&2; exit 1; }
	read -r secs <"$out/time.txt"
	printf '%-40s %8.2f s\n' "$name" "$secs"
	last=$secs
}
# the baseline again, in this run: import-export.sh's script into a new file
measure "sqlite3 .import into bare tables" sh -c "sqlite3 '$out/bare.db' < '$out/base.sql'"
bare=$last
measure "sqlite3 .import into accord's schema" sh -c "sqlite3 '$out/floor.db' < '$out/floor.sql'"
floor=$last
awk -v a="$floor" -v b="$bare" 'BEGIN { printf "floor: %.2fx the bare import (issue 4 target for accord: <= 2.0x)\n", a / b }'
