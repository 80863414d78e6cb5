#!/bin/sh
# Speed of `accord detect` against uchardet on one ~280 MB WINDOWS-1251 file
# (Russian catalogue text from /usr/share/locale, repeated), measured in the
# same run with hyperfine (or /usr/bin/time when hyperfine is missing).
#   bench/detect-speed.sh [SIZE-MB]        ACCORD=path/to/accord (default ./accord)
set -e
here=$(cd "$(dirname "$0")" && pwd)
: "${ACCORD:=./accord}"
mb=${1:-280}
dir=$(mktemp -d "${TMPDIR:-/tmp}/detect-speed.XXXXXX")
trap 'rm -rf "$dir"' EXIT
f="$dir/big-cp1251.csv"
python3 - "$f" "$mb" "$here" <<'PY'
import sys
sys.path.insert(0, sys.argv[3])
import detect_samples as ds
path, mb = sys.argv[1], int(sys.argv[2])
text = "\n".join(t for t in (ds.fit(s, "WINDOWS-1251") for s in ds.texts("ru")) if t)
block = ds.encode(text, "WINDOWS-1251")
want = mb * 1000 * 1000
with open(path, "wb") as out:
    done = 0
    while done < want:
        chunk = block[: want - done]
        out.write(chunk)
        done += len(chunk)
PY
ls -l "$f"
echo "accord:   $("$ACCORD" detect "$f")"
echo "uchardet: $(uchardet "$f")"
cat "$f" > /dev/null   # both runs start from the page cache
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 1 --runs 5 --export-markdown "$dir/speed.md" \
    -n accord "$ACCORD detect $f" -n uchardet "uchardet $f"
  cat "$dir/speed.md"
else
  /usr/bin/time -f 'accord %e s' "$ACCORD" detect "$f"
  /usr/bin/time -f 'uchardet %e s' uchardet "$f"
fi
