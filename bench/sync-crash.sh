#!/bin/sh
# Long kill -9 campaign: 200 random kills of an import (tests/cli/sync_crash.sh
# runs 20 in make check). Usage, from a build directory:
#   bench/sync-crash.sh [TRIALS [ROWS]]     (default 200 trials of 3000 rows)
# Needs ACCORD (default ./accord) and SRCDIR (default: this script's tree).
here=$(cd "$(dirname "$0")/.." && pwd)
: "${SRCDIR:=$here}"
: "${ACCORD:=$(pwd)/accord}"
TRIALS=${1:-200}
ROWS=${2:-3000}
export SRCDIR ACCORD TRIALS ROWS
exec sh "$SRCDIR/tests/cli/sync_crash.sh"
