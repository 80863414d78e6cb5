#!/bin/sh
# Long kill -9 campaign of the full-screen program during form saves:
# 200 random kills (tests/tui/save_kill.py runs 20 in make check).
# Usage, from a build directory:  bench/tui-save-kill.sh [TRIALS]
# Needs ACCORD (default ./accord) and python3-pyte.
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SRCDIR:=$here}"
: "${ACCORD:=$(pwd)/accord}"
TRIALS=${1:-200}
PYTHONPATH=$SRCDIR/tests/lib
export SRCDIR ACCORD TRIALS PYTHONPATH
exec /usr/bin/python3 "$SRCDIR/tests/tui/save_kill.py"
