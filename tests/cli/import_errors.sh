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

printf 'Список учреждений\n\nбез таблицы\n' > notable.csv
expect_error "title lines and no header" notable.csv "notable.csv: no header: no line has two or more columns"

# A title (and blank rows) above the header, as Excel sheets have: passed
# over with a warning, in a ';' file where the title has no delimiter or
# only trailing ones.
printf 'Реестр учреждений здравоохранения\r\n\r\nНазвание;Страна;Город\r\nТитульная клиника;BY;Минск\r\n' |
	iconv -f UTF-8 -t WINDOWS-1251 > title1.csv
expect_rc 0 "title line above a ';' header (WINDOWS-1251)" "$ACCORD" --db r.db import title1.csv
err_has "title1.csv:1: warning: a line above the header (a title?) was skipped" "title line: warned with its line"
[ "$(sqlite3 r.db "SELECT city FROM institution WHERE name = 'Титульная клиника'")" = "Минск" ] &&
	pass "title line: the rows under the header imported" || fail "title line: row missing"
printf 'Реестр соглашений, 2023;;;\nНазвание;Стороны;Дата подписания\nТитульное соглашение;Титульная клиника;2023-05-01\n' > title2.csv
expect_rc 0 "Excel title row with trailing delimiters" "$ACCORD" --db r.db import title2.csv
[ "$(sqlite3 r.db "SELECT signed FROM agreement WHERE title = 'Титульное соглашение'")" = "2023-05-01" ] &&
	pass "title row: the agreement imported" || fail "title row: agreement missing"

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
# Without --encoding too: a UTF-8 file with one CP1251 line is read as UTF-8
# and the bad line named, never stored as mojibake.
{ printf 'name,country,notes\n'; i=0; while [ $i -lt 30 ]; do printf 'Минская больница %d,BY,Примечание\n' $i; i=$((i + 1)); done; printf '\xcc\xe8\xed\xf1\xea,BY,\n'; } > mixed2.csv
expect_error "mixed encodings, detected" mixed2.csv "mixed2.csv:32:1: byte 0xCC is not valid UTF-8"

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

# Institutions of two countries with one name: parties as "Name [CC]", and
# the export writes that form so that it imports back.
printf 'name,country,acronym\nМинистерство здравоохранения,BY,МЗ РБ\nМинистерство здравоохранения,KG,\nTartu Ülikool,EE,TÜ\n' > same.csv
printf 'title,parties,signed,areas\nДоговор,Министерство здравоохранения [KG] | TÜ | Tartu Ülikool,2020,Oncology | oncology | e-health\n' > sameagr.csv
expect_rc 0 "parties named with their country" "$ACCORD" --db s.db import same.csv sameagr.csv
"$ACCORD" --db s.db export --type agreements > agr.csv
if grep -q 'Tartu Ülikool | Министерство здравоохранения \[KG\]' agr.csv; then pass "export writes Name [CC] for a shared name"; else fail "export of shared name: $(cat agr.csv)"; fi
printf 'title,parties\nX,Министерство здравоохранения\n' > amb.csv
run "$ACCORD" --db s.db import amb.csv
[ "$rc" = 1 ] && pass "ambiguous party refused" || fail "ambiguous party: exit $rc"
err_has "add the country, e.g. 'Министерство здравоохранения [BY]'" "says how to disambiguate"
# Re-import of the same rows (repeated party, areas in two cases) is a no-op.
expect_rc 0 "re-import with repeats" "$ACCORD" --db s.db import sameagr.csv
out_has "0 added, 0 updated, 1 unchanged" "repeats do not make a change"
"$ACCORD" --db s.db export --type institutions -o i1.csv
"$ACCORD" --db s2.db import i1.csv agr.csv >/dev/null 2>&1 && "$ACCORD" --db s2.db export --type agreements > agr2.csv
same_file agr.csv agr2.csv "shared-name parties round-trip"

# A loop of parents is refused.
printf 'name,country,parent\nA loop,EE,\nB loop,EE,A loop\n' > loop1.csv
"$ACCORD" --db r.db import loop1.csv >/dev/null 2>&1
printf 'name,country,parent\nA loop,EE,B loop\n' > loop2.csv
expect_error "parent loop" loop2.csv "cannot be its own parent"

# Partial dates: valid until 2023 is not before valid from 2023-07.
printf 'title,parties,valid_from,valid_until\nPartial,ВГМУ,2023-07,2023\n' > partial.csv
expect_rc 0 "partial validity dates" "$ACCORD" --db r.db import partial.csv
printf 'title,parties,valid_from,valid_until\nBackwards,ВГМУ,2023-07,2022\n' > back.csv
expect_error "validity ends before it starts" back.csv "valid until 2022 is before valid from 2023-07"

# A flood of warnings does not hide the error.
{ printf 'name,country,type\n'; i=0; while [ $i -lt 300 ]; do printf 'Flood %d,EE,космодром\n' $i; i=$((i + 1)); done; printf 'Atlantis one,Atlantis,hospital\n'; } > flood.csv
expect_error "error among warnings" flood.csv "unknown country 'Atlantis'"

# Data planted with sqlite3 never reaches the terminal raw through check.
sqlite3 r.db "UPDATE institution SET parent = uuid WHERE name = 'A loop'; UPDATE institution SET name = 'Evil' || char(27) || ']0;x' || char(7) WHERE name = 'A loop'"
run "$ACCORD" --db r.db check
if grep -q "$(printf '\033')" "$T/out" "$T/err"; then fail "check printed a raw ESC"; else pass "check escapes control characters"; fi

# Standard input.
printf 'name,country\nFrom Stdin,LV\n' | "$ACCORD" --db r.db import - >"$T/out" 2>"$T/err"
[ $? = 0 ] && pass "import from standard input" || fail "stdin import"
no_sanitizer_report
finish
