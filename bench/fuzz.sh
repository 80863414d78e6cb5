#!/bin/sh
# Build the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang and run each
# for a given time; print executions and findings per target.
#
#   bench/fuzz.sh SECONDS [TARGET...]      e.g. bench/fuzz.sh 600 csv import
#
# Targets: csv detect textconv date country import apply (default: all).
# The main build uses the configured compiler; libFuzzer needs clang, so the
# library sources are compiled here again with
# -fsanitize=fuzzer-no-link,address,undefined (incrementally).
#
# Environment:
#   FUZZ_BUILD     build and work directory (default: $TMPDIR/accord-fuzz-$USER);
#                  the corpus grows in FUZZ_BUILD/corpus/TARGET, findings land
#                  in FUZZ_BUILD/findings/TARGET
#   ACCORD_BUILD   a configured build directory (its config.h and generated
#                  src/data/*.c are used); default: configure one in FUZZ_BUILD
#   FUZZ_JOBS      parallel compiles (default 2)
#   FUZZ_FLAGS     more libFuzzer flags for every run
#   CLANG          the compiler (default clang)
# Long campaigns at low priority: nice -n 19 bench/fuzz.sh 3600
# Exit status: 0 no findings, 1 findings, 2 cannot build.
set -eu
secs=${1:?usage: bench/fuzz.sh SECONDS [TARGET...]}
shift
all="csv detect textconv date country import apply"
targets=${*:-$all}
src=$(cd "$(dirname "$0")/.." && pwd)
CLANG=${CLANG:-clang}
B=${FUZZ_BUILD:-${TMPDIR:-/tmp}/accord-fuzz-$(id -un)}
mkdir -p "$B/obj" "$B/bin" "$B/corpus" "$B/findings" "$B/logs"
B=$(cd "$B" && pwd)

need() {
	echo "bench/fuzz.sh: $1" >&2
	echo "bench/fuzz.sh: install clang and its libFuzzer runtime: apt-get install clang libclang-rt-14-dev" >&2
	echo "bench/fuzz.sh: (or run ./bootstrap --deps)" >&2
	exit 2
}
command -v "$CLANG" >/dev/null 2>&1 || need "$CLANG not found"
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	>"$B/probe.c"
"$CLANG" -fsanitize=fuzzer,address,undefined "$B/probe.c" -o "$B/probe" >"$B/probe.log" 2>&1 ||
	need "$CLANG cannot link -fsanitize=fuzzer: $(head -c 300 "$B/probe.log")"

# config.h and the generated data sources.
if [ -n "${ACCORD_BUILD:-}" ] && [ -f "$ACCORD_BUILD/config.h" ]; then
	cfg=$ACCORD_BUILD
else
	cfg=$B/config
	if [ ! -f "$cfg/config.h" ]; then
		[ -x "$src/configure" ] || { echo "bench/fuzz.sh: run ./bootstrap first" >&2; exit 2; }
		mkdir -p "$cfg"
		(cd "$cfg" && "$src/configure" -q >/dev/null) || { echo "bench/fuzz.sh: configure failed" >&2; exit 2; }
	fi
fi
mkdir -p "$B/gen"
if [ ! -f "$B/gen/countries_data.c" ] || [ "$src/data/countries.tsv" -nt "$B/gen/countries_data.c" ]; then
	sh "$src/data/tsv2c.sh" "$src/data/countries.tsv" accord_countries_tsv \
		"$src/data/country-aliases.tsv" accord_country_aliases_tsv >"$B/gen/countries_data.c"
fi
if [ ! -f "$B/gen/sample_data.c" ] || [ "$src/data/sample/institutions.csv" -nt "$B/gen/sample_data.c" ] ||
	[ "$src/data/sample/agreements.csv" -nt "$B/gen/sample_data.c" ]; then
	sh "$src/data/tsv2c.sh" -k -i accord/sample.h "$src/data/sample/institutions.csv" accord_sample_institutions_csv \
		"$src/data/sample/agreements.csv" accord_sample_agreements_csv >"$B/gen/sample_data.c"
fi

CFLAGS="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
 -I$src/include -I$cfg -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK -D_XOPEN_SOURCE_EXTENDED
 -DACCORD_DATADIR=\"/usr/share/accord\" -DFUZZ_APPLY_BASE=\"$src/tests/fuzz/apply-base.acd\""
LIBS="-lsqlite3 -lunistring -lm"

# The library without the terminal parts: text, store, ingest, data.
sources=$(ls "$src"/src/text/*.c "$src"/src/store/*.c "$src"/src/ingest/*.c "$B"/gen/*.c)
# Objects are rebuilt when their source or any header is newer.
newest_h=$(ls -t "$src"/include/accord/*.h "$src"/src/*/*.h "$cfg/config.h" | head -n 1)
objs=
tobuild=
for s in $sources; do
	o="$B/obj/$(echo "${s#"$src"/}" | tr / _ | sed 's/\.c$/.o/')"
	objs="$objs $o"
	if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ "$newest_h" -nt "$o" ]; then
		tobuild="$tobuild $s:$o"
	fi
done
if [ -n "$tobuild" ]; then
	echo "bench/fuzz.sh: compiling $(echo $tobuild | wc -w) library sources with $CLANG" >&2
	FZ_CC=$CLANG FZ_CFLAGS="$CFLAGS -fsanitize=fuzzer-no-link"
	export FZ_CC FZ_CFLAGS
	# shellcheck disable=SC2016,SC2086
	echo $tobuild | tr ' ' '\n' | xargs -P "${FUZZ_JOBS:-2}" -n 1 sh -c \
		's=${1%%:*}; o=${1#*:}; $FZ_CC $FZ_CFLAGS -c "$s" -o "$o.tmp" && mv "$o.tmp" "$o"' _ ||
		{ echo "bench/fuzz.sh: compiling the library failed" >&2; exit 2; }
fi
for t in $targets; do
	[ -f "$src/tests/fuzz/fuzz_$t.c" ] || { echo "bench/fuzz.sh: no target $t" >&2; exit 2; }
	bin="$B/bin/fuzz_$t"
	if [ ! -x "$bin" ] || [ "$src/tests/fuzz/fuzz_$t.c" -nt "$bin" ] || [ "$src/tests/fuzz/fuzz_common.h" -nt "$bin" ] ||
		[ -n "$tobuild" ]; then
		# shellcheck disable=SC2086
		"$CLANG" $CFLAGS -fsanitize=fuzzer "$src/tests/fuzz/fuzz_$t.c" $objs $LIBS -o "$bin.tmp" &&
			mv "$bin.tmp" "$bin" || { echo "bench/fuzz.sh: cannot build fuzz_$t" >&2; exit 2; }
	fi
done

# Seeds: the committed corpus of each target, and the test fixtures.
seeds() {
	case $1 in
	csv) echo "$src/tests/fixtures/csv-spectrum/csvs $src/tests/fixtures/import $src/data/sample" ;;
	detect | textconv) echo "$src/tests/fixtures/detect" ;;
	import) echo "$src/tests/fixtures/import $src/data/sample" ;;
	*) ;;
	esac
}

total_findings=0
printf '%-9s %12s %9s %7s %8s\n' target execs exec/s corpus findings
for t in $targets; do
	mkdir -p "$B/corpus/$t" "$B/findings/$t"
	before=$(ls "$B/findings/$t" | wc -l)
	dirs="$B/corpus/$t"
	[ -d "$src/tests/fuzz/corpus/$t" ] && dirs="$dirs $src/tests/fuzz/corpus/$t"
	for d in $(seeds "$t"); do dirs="$dirs $d"; done
	log="$B/logs/$t.log"
	# Timeouts and memory: an input that takes 10 s or 1.5 GB is a finding.
	# shellcheck disable=SC2086
	(cd "$B" && TMPDIR="$B" "$B/bin/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1536 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$B/findings/$t/" ${FUZZ_FLAGS:-} $dirs) \
		>"$log" 2>&1 || true
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	found=$(($(ls "$B/findings/$t" | wc -l) - before))
	# A crash while loading the seeds ends the run before the stats.
	if [ -z "$execs" ] && [ "$found" -eq 0 ]; then
		found=1
		echo "bench/fuzz.sh: fuzz_$t stopped without statistics; see $log" >&2
	fi
	size=$(ls "$B/corpus/$t" | wc -l)
	printf '%-9s %12s %9s %7s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "$size" "$found"
	if [ "$found" -gt 0 ]; then
		grep -E 'ERROR: |invariant failed|SUMMARY|Test unit written' "$log" | head -n 8 | sed 's/^/    /'
		total_findings=$((total_findings + found))
	fi
done
if [ "$total_findings" -gt 0 ]; then
	echo "bench/fuzz.sh: $total_findings finding(s); inputs in $B/findings/ (replay: $B/bin/fuzz_TARGET FILE)"
	exit 1
fi
exit 0
