#!/bin/sh
# Import: every data error is reported as FILE:LINE[:COLUMN] with exit 1 and
# the database left byte-identical; warnings do not stop an import;
# re-imports update instead of duplicating.
. "$SRCDIR/tests/lib/common.sh"

"$ACCORD" --db r.db import "$FIXTURES/import/ru-institutions.csv" >/dev/null || fail "setup import"
snapshot() { cp r.db snap.db; }
unchanged() { if cmp -s snap.db r.db; then pass "$1: database unchanged"; else fail "$1: database changed"; fi; }

# expect_error DESC FILE TEXT: import FILE, want exit 1, TEXT on stderr, no change.
expect_error() {
	snapshot
	expect_rc 1 "$1" "$ACCORD" --db r.db import "$2"
	err_has "$3" "$1: says '$3'"
	err_has "nothing was imported" "$1: says nothing was imported"
	unchanged "$1"
}

printf 'name,country,city\nGood,BY,Minsk\nBad,Narnia,X\n' > country.csv
expect_error "unknown country" country.csv "country.csv:3:2: unknown country 'Narnia'"

printf 'title,parties,signed\nX,ВГМУ,31.02.2019\n' > date.csv
expect_error "impossible date" date.csv "date.csv:2:3: signed '31.02.2019'"
printf 'title,parties,signed\nX,ВГМУ,00.00.0000\n' > date0.csv
expect_error "zero date" date0.csv "date0.csv:2:3:"

printf 'title,parties\nX,Витебский государственный медицинский универ\n' > party.csv
expect_error "unknown party" party.csv "party.csv:2:2: unknown party"
err_has "did you mean 'Витебский государственный медицинский университет'" "suggests the closest name"

printf 'foo,bar\n1,2\n' > nohead.csv
expect_error "no recognisable header" nohead.csv "nohead.csv:1: no recognisable header"

printf 'name,city\nX,Minsk\n' > nocountry.csv
expect_error "no country column" nocountry.csv "no 'country' column"

: > empty.csv
expect_error "empty file" empty.csv "empty.csv: the file is empty"

printf 'name,country\nA,BY\nB,EE,extra\n' > ragged.csv
expect_error "ragged row" ragged.csv "ragged.csv:3:3: this row has 3 cells but the header only 2"

printf 'name,country\n"Open quote,BY\nC,EE\n' > quote.csv
expect_error "unterminated quote" quote.csv "quote.csv:2:1: quoted field not closed"

printf 'name,country\nA\033]0;x\007B,BY\n' > ctl.csv
expect_error "control characters" ctl.csv "ctl.csv:2:"
# In a larger file, one control character is a cell error with its column.
{ printf "name,country,city\n"; i=0; while [ $i -lt 200 ]; do printf "Institution number %d,EE,Tallinn\n" $i; i=$((i + 1)); done; printf "Bad\033[31mRed,EE,Tartu\n"; } > ctl2.csv
expect_error "a control character in a cell" ctl2.csv "ctl2.csv:202:1: name: control character at position 4"
if grep -q "$(printf '\033')" "$T/err"; then fail "ESC reached stderr"; else pass "no raw ESC on stderr"; fi

head -c 2000 /dev/urandom > bin.csv
printf '\0\0\0' >> bin.csv
expect_error "binary file" bin.csv "not a text file"

printf 'name,country\n\xcc\xe8\xed\xf1\xea,BY\n' > cp.csv
printf 'name,country\nМинск,BY\n' > utf.csv
cat utf.csv cp.csv > mixed.csv
snapshot
run "$ACCORD" --db r.db import --encoding UTF-8 mixed.csv
[ "$rc" = 1 ] && pass "mixed encodings with --encoding UTF-8: exit 1" || fail "mixed: exit $rc"
err_has "mixed.csv:4:" "mixed encodings: the first invalid line is named"
unchanged "mixed encodings"

# Several files, one bad: none is imported.
printf 'name,country\nNew One,EE\n' > good.csv
expect_error "one bad file of two" country.csv "unknown country"
snapshot
expect_rc 1 "good and bad together" "$ACCORD" --db r.db import good.csv country.csv
unchanged "good and bad together"

# Dry run: checks, writes nothing.
snapshot
expect_rc 0 "dry run" "$ACCORD" --db r.db import --dry-run good.csv
out_has "dry run: nothing was written" "dry run says so"
unchanged "dry run"

# Warnings: an unknown type word is kept; an unknown column ignored.
printf 'name,country,type,colour\nSpaceport,EE,космодром,red\n' > warn.csv
expect_rc 0 "unknown words are warnings" "$ACCORD" --db r.db import warn.csv
err_has "warn.csv:2:3: warning: type 'космодром' is not a known word" "warns about the type"
err_has "warn.csv:1:4: warning: unknown column 'colour'" "warns about the column"

# Re-import: unchanged; a changed city updates; a missing column keeps data.
expect_rc 0 "re-import" "$ACCORD" --db r.db import "$FIXTURES/import/ru-institutions.csv"
out_has "0 added, 0 updated, 8 unchanged" "re-import changes nothing"
printf 'Наименование;Страна;Город\nВитебский государственный медицинский университет;BY;Vitebsk\n' > city.csv
expect_rc 0 "update one city" "$ACCORD" --db r.db import city.csv
out_has "0 added, 1 updated, 0 unchanged" "one row updated"
"$ACCORD" --db r.db export --type institutions --format json > inst.json
/usr/bin/python3 - inst.json <<'PY' && pass "update kept the fields the file lacks" || fail "fields lost on update"
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))}
r = rows["Витебский государственный медицинский университет"]
assert r["city"] == "Vitebsk" and r["acronym"] == "ВГМУ" and r["region"] == "Витебская область", r
PY

# A branch listed before its parent is linked once the parent is in.
printf 'name,country,parent\nФилиал Б,BY,Головной центр А\nГоловной центр А,BY,\n' > branch.csv
expect_rc 0 "branch before parent" "$ACCORD" --db r.db import branch.csv
"$ACCORD" --db r.db export --type institutions --format json > inst.json
/usr/bin/python3 - inst.json <<'PY' && pass "parent linked" || fail "parent not linked"
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))}
assert rows["Филиал Б"]["parent"] == "Головной центр А", rows["Филиал Б"]
PY
printf 'name,country,parent\nСирота,BY,Нет такого\n' > orphan.csv
expect_error "unknown parent" orphan.csv "orphan.csv:2:3: unknown parent 'Нет такого'"

# Standard input.
printf 'name,country\nFrom Stdin,LV\n' | "$ACCORD" --db r.db import - >"$T/out" 2>"$T/err"
[ $? = 0 ] && pass "import from standard input" || fail "stdin import"
no_sanitizer_report
finish
