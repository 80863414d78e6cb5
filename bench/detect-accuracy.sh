#!/bin/sh
# Detection accuracy: accord vs uchardet vs enca -L <language> on held-out
# samples (gettext catalogues under /usr/share/locale, not the training
# text) cut to 24, 64, 256, 1024 and 8192 bytes, in one run. --mixed: files
# mixing languages (et+lv+lt, et+de+fr, kk+ru, uk+ru) at 256..8192 bytes.
#   bench/detect-accuracy.sh [--count N] [--langs ru,uk,...] [--mixed] [--failures]
# ACCORD names the binary (default: ./accord in the current directory).
set -e
here=$(dirname "$0")
: "${ACCORD:=./accord}"
for t in uchardet enca iconv python3; do
  command -v "$t" >/dev/null || { echo "detect-accuracy: $t is needed (apt-get install $t)" >&2; exit 2; }
done
exec python3 "$here/detect_accuracy.py" --accord "$ACCORD" "$@"
