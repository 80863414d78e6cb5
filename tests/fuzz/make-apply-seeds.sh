#!/bin/sh
# Make the fixtures of the apply fuzz target: a base changes file (the
# sample registry as one copy journaled it) and small changes files made on
# that copy afterwards (additions, updates, deletions, an undo), which apply
# on top of the base. Run by hand when the changes format changes:
#   tests/fuzz/make-apply-seeds.sh BUILDDIR
# (BUILDDIR holds the accord binary and tests/unit/sync_tool.)
set -eu
B=${1:?usage: make-apply-seeds.sh BUILDDIR}
here=$(cd "$(dirname "$0")" && pwd)
A="$B/accord"
TOOL="$B/tests/unit/sync_tool"
out="$here/corpus/apply"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"
rm -f "$out"/[0-9]*.acd
db="$tmp/a.db"
"$A" --db "$db" init --sample >/dev/null
"$A" --db "$db" changes -o "$here/apply-base.acd" >/dev/null
n=0
step() {   # step NAME: write the changes since the last step as a seed
	n=$((n + 1))
	"$A" --db "$db" changes -o "$out/$n-$1.acd" >/dev/null
}
printf 'name,country,city,type\nФузз-центр,BY,Минск,hospital\nTest clinic,EE,Tartu,clinic\n' > "$tmp/i.csv"
"$A" --db "$db" import "$tmp/i.csv" >/dev/null
step add-institutions
printf 'name,country,city\nФузз-центр,BY,Гродно\n' > "$tmp/u.csv"
"$A" --db "$db" import "$tmp/u.csv" >/dev/null
step update-city
printf 'title,parties,signed,areas\nFuzz agreement,Фузз-центр | Test clinic,2020-02-03,oncology | e-health\n' > "$tmp/a.csv"
"$A" --db "$db" import "$tmp/a.csv" >/dev/null
step add-agreement
"$TOOL" "$db" edit-undo "Test clinic" Pärnu >/dev/null
step edit-undo
"$TOOL" "$db" del-agr "Fuzz agreement" >/dev/null
step del-agreement
"$TOOL" "$db" del-inst "Test clinic" >/dev/null
step del-institution
ls -l "$here/apply-base.acd" "$out"
