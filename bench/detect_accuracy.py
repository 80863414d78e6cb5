#!/usr/bin/env python3
"""Detection accuracy of accord vs uchardet vs enca on held-out text.

For every language x encoding of detect_samples.PAIRS and every size of
SIZES, COUNT samples are written to a temporary directory and given to the
three tools in the same run; enca is told the true language (-L), or
`none` when it has no such language. A guess counts when decoding the
sample with it gives back exactly the original text.

With --mixed the samples are mixed-language files instead (detect_samples.
MIXES: et+lv+lt, et+de+fr, kk+ru, uk+ru, lines of each language in one
file) at 256, 1024 and 8192 bytes; enca is told the first language.

Usage: detect_accuracy.py [--accord PATH] [--count N] [--langs ru,uk] [--mixed]
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import detect_samples as ds  # noqa: E402

ENCA_LANG = {"ru": "russian", "uk": "ukrainian", "be": "belarusian",
             "et": "estonian", "lv": "latvian", "lt": "lithuanian"}
BATCH = 1000


def run_batches(cmd, files, parse):
    out = {}
    for i in range(0, len(files), BATCH):
        r = subprocess.run(cmd + files[i:i + BATCH], capture_output=True, text=True)
        for line in r.stdout.splitlines():
            k, v = parse(line)
            if k:
                out[k] = v
    return out


def parse_accord(line):
    parts = line.split("\t")
    return (parts[0], parts[1]) if len(parts) == 4 else (None, None)


def parse_colon(line):
    k, sep, v = line.rpartition(": ")
    return (k, v.strip()) if sep else (None, None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--accord", default=os.environ.get("ACCORD", "./accord"))
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--langs", default=",".join(ds.PAIRS))
    ap.add_argument("--keep", help="write the samples here and keep them")
    ap.add_argument("--failures", action="store_true", help="list accord's misses")
    ap.add_argument("--mixed", action="store_true",
                    help="mixed-language samples (--langs then names mixes)")
    args = ap.parse_args()
    if args.mixed:
        if args.langs == ",".join(ds.PAIRS):
            args.langs = ",".join(ds.MIXES)
        pairs = {m: ds.MIXES[m][1] for m in ds.MIXES}
        sizes = ds.MIXED_SIZES

        def gen(label, enc, size, count):
            return ds.mixed_samples(ds.MIXES[label][0], enc, size, count)

        def enca_lang(label):
            return ENCA_LANG.get(ds.MIXES[label][0][0], "none")
    else:
        pairs, sizes = ds.PAIRS, ds.SIZES

        def gen(label, enc, size, count):
            return ds.samples(label, enc, size, count)

        def enca_lang(label):
            return ENCA_LANG.get(label, "none")
    langs = args.langs.split(",")

    tmp = args.keep or tempfile.mkdtemp(prefix="detect-acc-")
    os.makedirs(tmp, exist_ok=True)
    meta = []   # (path, lang, enc, size, bytes)
    for lang in langs:
        for enc in pairs[lang]:
            for size in sizes:
                for i, data in enumerate(gen(lang, enc, size, args.count)):
                    path = os.path.join(tmp, "%s.%s.%d.%03d" % (lang, enc, size, i))
                    with open(path, "wb") as f:
                        f.write(data)
                    meta.append((path, lang, enc, size, data))
    files = [m[0] for m in meta]
    guesses = {
        "accord": run_batches([args.accord, "detect"], files, parse_accord),
        "uchardet": run_batches(["uchardet"], files, parse_colon),
    }
    enca = {}
    for lang in langs:
        lf = [m[0] for m in meta if m[1] == lang]
        enca.update(run_batches(["enca", "-L", enca_lang(lang), "-i"],
                                lf, parse_colon))
    guesses["enca"] = enca
    tools = ["accord", "uchardet", "enca"]

    score = collections.defaultdict(lambda: [0, 0])   # (tool, key) -> [ok, n]
    misses = []
    for path, lang, enc, size, data in meta:
        for t in tools:
            g = guesses[t].get(path)
            ok = ds.correct(data, enc, g)
            for key in (("all", size), (lang, size), (lang, "all"), ("all", "all"),
                        ((lang, enc), size)):
                s = score[(t, key)]
                s[0] += ok
                s[1] += 1
            if t == "accord" and not ok:
                misses.append((lang, enc, size, g, data))

    def pct(t, key):
        ok, n = score[(t, key)]
        return "%6.1f" % (100.0 * ok / n) if n else "     -"

    cols = sizes + ["all"]
    head = "%-22s" % "" + "".join("%21s" % ("%s B" % c if c != "all" else "all") for c in cols)
    print("Accuracy %% (accord / uchardet / enca), %d samples per language x "
          "encoding x size" % args.count)
    print(head)
    for lang in ["all"] + langs:
        row = "%-22s" % lang
        for c in cols:
            row += "   " + " ".join(pct(t, (lang, c)) for t in tools)
        print(row)
    print()
    print("Per language x encoding (accord / uchardet / enca):")
    for lang in langs:
        for enc in pairs[lang]:
            row = "%-22s" % ("%s %s" % (lang, enc))
            for c in sizes:
                row += "   " + " ".join(pct(t, ((lang, enc), c)) for t in tools)
            print(row)
    if args.failures:
        print()
        for lang, enc, size, g, data in misses[:200]:
            txt = ds.decode(data, enc).replace("\n", " | ")
            print("MISS %s %s %d -> %s: %s" % (lang, enc, size, g, txt[:80]))
    if not args.keep:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
