#!/bin/sh
# The fuzz targets in the test suite: build them with clang (bench/fuzz.sh)
# and run each for FUZZ_CHECK_SECONDS (default 12). The committed corpus,
# regression inputs of past findings included, replays first. Without
# clang and libFuzzer this fails and says what to install: a fuzz test that
# silently skips would hide regressions.
set -u
: "${ACCORD:?run through make check}"
secs=${FUZZ_CHECK_SECONDS:-12}
builddir=$(dirname "$ACCORD")
FUZZ_BUILD="$builddir/tests/fuzz/build" ACCORD_BUILD="$builddir" \
	sh "$SRCDIR/bench/fuzz.sh" "$secs"
rc=$?
case $rc in
0) echo "fuzz: no findings" ;;
1) echo "FAIL: fuzz findings (see above; inputs under $builddir/tests/fuzz/build/findings)" ;;
*) echo "FAIL: cannot build the fuzz targets: install clang libclang-rt-14-dev (./bootstrap --deps)" ;;
esac
exit $rc
