#!/bin/sh
# accord detect FILE...: one line per file, FILE<TAB>CHARSET<TAB>LANG<TAB>CONF;
# "-" is standard input; binary input is refused on stderr with exit 1 while
# the other files are still reported; a missing operand is a usage error.
. "$SRCDIR/tests/lib/common.sh"
D="$FIXTURES/detect"

cp "$D/seed002.ru.KOI8-R.txt" koi.txt
cp "$D/seed001.uk.CP1125.txt" cp1125.txt
cp "$D/seed000.et.WINDOWS-1257.txt" et.txt
cp "$D/seed001.uk.UTF-8.txt" utf8.txt
printf '\357\273\277name;city\n' > bom.txt
printf 'plain ascii\n' > ascii.txt
printf '\377\376M\000i\000n\000s\000k\000' > u16.txt
head -c 2048 /dev/urandom > random.bin
printf '\177ELF\002\001\001\000\000\000' > elf.bin

expect_rc 0 "several files" "$ACCORD" detect koi.txt cp1125.txt et.txt utf8.txt bom.txt ascii.txt u16.txt
no_sanitizer_report
lines=$(wc -l < "$T/out")
[ "$lines" -eq 7 ] && pass "one line per file" || fail "want 7 lines, got $lines"
out_has "koi.txt	KOI8-R	ru	" "KOI8-R Russian"
out_has "cp1125.txt	CP1125	uk	" "CP1125 Ukrainian (not IBM866)"
out_has "utf8.txt	UTF-8	uk	" "UTF-8 Ukrainian"
out_has "bom.txt	UTF-8	" "UTF-8 with BOM"
out_has "ascii.txt	US-ASCII	" "ASCII"
out_has "u16.txt	UTF-16LE	" "UTF-16LE with BOM"
if grep -q '^et.txt	WINDOWS-1257	et	' "$T/out" || grep -q '^et.txt	ISO-8859-1[35]	et	' "$T/out"; then
	pass "Estonian 8-bit"
else
	fail "Estonian 8-bit"
fi
if awk -F '\t' 'NF != 4 || $4 !~ /^[01]\.[0-9][0-9]$/ { bad = 1 } END { exit bad }' "$T/out"; then
	pass "four tab-separated fields, confidence with two decimals"
else
	fail "line format"
fi

"$ACCORD" detect - < koi.txt > "$T/out" 2>"$T/err"
[ $? -eq 0 ] && pass "stdin as - (exit 0)" || fail "stdin as -: exit status"
out_has "-	KOI8-R	ru	" "stdin as - read and judged"

expect_rc 1 "binary among text files" "$ACCORD" detect koi.txt random.bin elf.bin ascii.txt
err_has "random.bin: not a text file" "random bytes refused"
err_has "elf.bin: not a text file" "ELF header refused"
out_has "koi.txt	KOI8-R" "text before a binary file still reported"
out_has "ascii.txt	US-ASCII" "text after a binary file still reported"

expect_rc 1 "missing file" "$ACCORD" detect no-such-file.txt
err_has "no-such-file.txt" "names the missing file"
expect_rc 2 "no operand" "$ACCORD" detect
expect_rc 2 "unknown option" "$ACCORD" detect --frobnicate koi.txt
finish
