# Shared helpers for the end-to-end CLI tests (sourced by tests/cli/*.sh).
# Each test runs the real binary ($ACCORD) in a fresh temporary directory.
set -u
: "${ACCORD:?run through make check, or set ACCORD=path/to/accord}"
T=$(mktemp -d "${TMPDIR:-/tmp}/accord-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
unset ACCORD_DB XDG_DATA_HOME XDG_CONFIG_HOME
export HOME="$T/home"
mkdir -p "$HOME"
failures=0
checks=0

fail() {
	failures=$((failures + 1))
	printf 'FAIL: %s\n' "$*"
	if [ -s "$T/out" ]; then echo '--- stdout:'; head -c 3000 "$T/out"; fi
	if [ -s "$T/err" ]; then echo '--- stderr:'; head -c 3000 "$T/err"; fi
}
pass() { checks=$((checks + 1)); printf 'ok: %s\n' "$*"; }

# run CMD...: run with stdout in $T/out, stderr in $T/err, status in $rc
run() {
	"$@" >"$T/out" 2>"$T/err" </dev/null
	rc=$?
}

# expect_rc N DESCRIPTION CMD...
expect_rc() {
	want=$1 desc=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then pass "$desc (exit $rc)"; else fail "$desc: exit $rc, want $want"; fi
}

# out_has / err_has TEXT DESCRIPTION: fixed-string search in the last output
out_has() { if grep -qF -- "$1" "$T/out"; then pass "$2"; else fail "$2: stdout lacks '$1'"; fi; }
err_has() { if grep -qF -- "$1" "$T/err"; then pass "$2"; else fail "$2: stderr lacks '$1'"; fi; }
# ASan/UBSan reports go to stderr: a test must not pass with one.
no_sanitizer_report() {
	if grep -q -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/err"; then
		fail "sanitizer report"
	fi
}

same_file() {
	if cmp -s "$1" "$2"; then pass "$3"; else fail "$3: $1 and $2 differ"; fi
}

finish() {
	printf '%d checks, %d failed\n' "$((checks + failures))" "$failures"
	[ "$failures" -eq 0 ]
	exit $?
}
