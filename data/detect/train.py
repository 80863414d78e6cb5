#!/usr/bin/env python3
"""Build the charset detector's model (src/text/detect_model.h).

Reproducible: run `data/detect/train.py` from the source tree (needs network
access to the Debian mirror through apt, dpkg-deb and glibc's iconv).

Training text comes only from Debian's Firefox ESR language packs
(firefox-esr-l10n-*): `apt-get download` them into a temporary directory,
`dpkg-deb -x`, open the .xpi (a zip) and take the string values of the .ftl
and .properties files.  Strings left untranslated (equal to the en-GB value
of the same key) are dropped, so English does not leak into other languages.
Evaluation text (bench/, tests/fixtures) comes from other sources and must
never be fed in here.

The model, per language, is a letter-pair (bigram) table of costs
-8*log2 P(next symbol | symbol) over a small alphabet: the language's own
letters (case-folded) plus seven classes (space, punctuation, digit, foreign
ASCII letter, foreign letter, symbol, control).  Per encoding the script asks
glibc's iconv what each byte 0x80..0xFF decodes to, so the compiled-in tables
agree with the converter used at run time.

Usage: train.py [--keep DIR] [--cache DIR] [-o src/text/detect_model.h]
"""
import argparse
import collections
import glob
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

# Language code -> Firefox pack suffix.  The first seven are the project's
# own languages; the rest stand for "other Latin-1 text".
LANGS = [
    ("ru", "ru", "cyr"), ("uk", "uk", "cyr"), ("be", "be", "cyr"),
    ("kk", "kk", "cyr"), ("et", "et", "lat"), ("lv", "lv", "lat"),
    ("lt", "lt", "lat"), ("en", "en-gb", "lat"), ("de", "de", "lat"),
    ("fi", "fi", "lat"), ("fr", "fr", "lat"), ("es", "es-es", "lat"),
    ("it", "it", "lat"), ("nl", "nl", "lat"), ("sv", "sv-se", "lat"),
]

# (canonical name reported, name given to iconv_open, script)
ENCODINGS = [
    ("WINDOWS-1251", "WINDOWS-1251", "cyr"),
    ("KOI8-R", "KOI8-R", "cyr"),
    ("KOI8-U", "KOI8-U", "cyr"),
    ("KOI8-RU", "KOI8-RU", "cyr"),
    ("IBM866", "IBM866", "cyr"),
    ("CP1125", "CP1125", "cyr"),
    ("ISO-8859-5", "ISO-8859-5", "cyr"),
    ("MACCYRILLIC", "MACCYRILLIC", "cyr"),
    ("PT154", "PT154", "cyr"),
    ("KZ-1048", "RK1048", "cyr"),   # glibc knows it as RK1048
    ("WINDOWS-1257", "WINDOWS-1257", "lat"),
    ("ISO-8859-13", "ISO-8859-13", "lat"),
    ("ISO-8859-15", "ISO-8859-15", "lat"),
    ("ISO-8859-4", "ISO-8859-4", "lat"),
    ("ISO-8859-1", "ISO-8859-1", "lat"),
    ("WINDOWS-1252", "WINDOWS-1252", "lat"),
]

# Prior cost in bits of a language, and of an encoding given the language
# (the most used encoding for the language is cheapest).  They only decide
# between readings that the text itself cannot tell apart, e.g. KOI8-R and
# KOI8-U on Russian text, or the Latin-1 family on plain Estonian.
LANG_PRIOR = {"ru": 0, "uk": 1, "be": 2, "kk": 2, "et": 1, "en": 0, "lv": 2,
              "lt": 2, "de": 1, "fi": 2, "fr": 2, "es": 2, "it": 2, "nl": 2,
              "sv": 2}
ENC_PRIOR = {
    "ru": ["WINDOWS-1251", "KOI8-R", "IBM866", "ISO-8859-5", "MACCYRILLIC",
           "KOI8-U", "KOI8-RU", "CP1125", "PT154", "KZ-1048"],
    "uk": ["WINDOWS-1251", "KOI8-U", "CP1125", "KOI8-RU", "ISO-8859-5",
           "MACCYRILLIC", "IBM866", "KOI8-R", "PT154", "KZ-1048"],
    "be": ["WINDOWS-1251", "KOI8-RU", "ISO-8859-5", "MACCYRILLIC", "IBM866",
           "KOI8-U", "CP1125", "KOI8-R", "PT154", "KZ-1048"],
    "kk": ["PT154", "KZ-1048", "WINDOWS-1251", "KOI8-R", "IBM866",
           "ISO-8859-5", "MACCYRILLIC", "KOI8-U", "KOI8-RU", "CP1125"],
    "et": ["WINDOWS-1257", "ISO-8859-15", "WINDOWS-1252", "ISO-8859-13",
           "ISO-8859-4", "ISO-8859-1"],
    "lv": ["WINDOWS-1257", "ISO-8859-13", "ISO-8859-4", "WINDOWS-1252",
           "ISO-8859-15", "ISO-8859-1"],
    "lt": ["WINDOWS-1257", "ISO-8859-13", "ISO-8859-4", "WINDOWS-1252",
           "ISO-8859-15", "ISO-8859-1"],
}
# Other Western languages: only the Western code pages. Their text in a
# Baltic one reads the same unless it holds Baltic letters, and then the
# Baltic languages' own hypotheses are there to claim it.
LATIN1_ORDER = ["WINDOWS-1252", "ISO-8859-1", "ISO-8859-15"]

# Symbol classes shared by every language; letters follow.
CLASSES = ["space", "punct", "digit", "fascii", "foreign", "symbol", "control"]
SP, PU, DG, FA, FO, SY, CT = range(7)
# A character outside the language's letters costs its class's bigram cost
# plus -log2 P(character | class), P pooled over every training corpus and
# smoothed as if the class had this many members: so "ô" (common in
# Western text) is a cheaper foreign letter than "ō", and languages with
# alphabets of different sizes still score the same bytes comparably.
CLASS_FANOUT = [4, 40, 10, 26, 300, 300, 64]
COVERAGE = 0.995     # a (language, encoding) pair is a candidate above this
SCALE = 8            # costs are stored in 1/8 bit
MAXCOST = 255

EXTRA_PUNCT = set("№§°")
# Symbols common in documents though rare in a browser's strings.
TEXT_SYMBOLS = "©®°±€£§µ½¼¾²³™"
# Letters of the alphabet that are too rare in the packs to pass the
# frequency threshold but must not count as foreign.
REQUIRED = {"uk": "ґ", "kk": "һәғқңөұүі", "be": "ўі", "et": "šžõäöü"}


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def fetch(cache, work):
    """Download and unpack the language packs; return {lang: [xpi paths]}."""
    debs = os.path.join(cache or work, "debs")
    os.makedirs(debs, exist_ok=True)
    want = ["firefox-esr-l10n-" + ff for _, ff, _ in LANGS]
    missing = [p for p in want if not glob.glob(os.path.join(debs, p + "_*.deb"))]
    if missing:
        sh(["apt-get", "download", "-q"] + missing, cwd=debs)
    out = {}
    for code, ff, _ in LANGS:
        deb = sorted(glob.glob(os.path.join(debs, "firefox-esr-l10n-%s_*.deb" % ff)))[-1]
        dest = os.path.join(work, "x", ff)
        os.makedirs(dest, exist_ok=True)
        sh(["dpkg-deb", "-x", deb, dest])
        out[code] = glob.glob(os.path.join(dest, "**", "*.xpi"), recursive=True)
    return out


FTL_ENTRY = re.compile(r"^(-?[A-Za-z][\w-]*)\s*=\s?(.*)$")
FTL_ATTR = re.compile(r"^\s+\.([\w-]+)\s*=\s?(.*)$")
PROP_ENTRY = re.compile(r"^\s*([^#!\s][^=:]*?)\s*[=:]\s?(.*)$")


def strip_markup(v):
    # Placeables nest: remove the innermost { ... } until none is left.
    prev = None
    while prev != v:
        prev = v
        v = re.sub(r"\{[^{}]*\}", " ", v)
    v = re.sub(r"<[^>]*>", " ", v)
    v = re.sub(r"&[#\w]+;", " ", v)
    v = re.sub(r"%(\d+\$)?[SsDdUuFf]", " ", v)
    v = re.sub(r"#\d", " ", v)
    v = re.sub(r"\$\w+", " ", v)
    v = v.replace("\\n", " ").replace("\\t", " ")
    v = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), v)
    v = v.replace("\\", "")
    return v.strip()


def parse_ftl(text):
    out = {}
    key = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            key = None if not line.strip() else key
            continue
        m = FTL_ENTRY.match(line)
        if m:
            key = m.group(1)
            out[key] = m.group(2)
            continue
        m = FTL_ATTR.match(line)
        if m and key:
            base = key.split(".")[0]
            key = base + "." + m.group(1)
            out[key] = m.group(2)
            continue
        if key and line[:1].isspace():
            s = line.strip()
            if s.startswith(("[", "*[", "}")):
                s = re.sub(r"^\*?\[[^\]]*\]\s*", "", s)
                if s == "}":
                    continue
            out[key] += " " + s
    return out


def parse_properties(text):
    out = {}
    for line in text.splitlines():
        m = PROP_ENTRY.match(line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def read_pack(xpis):
    strings = {}
    for xpi in xpis:
        with zipfile.ZipFile(xpi) as z:
            for name in sorted(z.namelist()):
                if name.endswith(".ftl"):
                    parse = parse_ftl
                elif name.endswith(".properties"):
                    parse = parse_properties
                else:
                    continue
                text = z.read(name).decode("utf-8", "replace")
                for k, v in parse(text).items():
                    # Pack paths differ only in the locale segment.
                    path = re.sub(r"/[a-z]{2,3}(-[A-Za-z]{2,4})?/", "/L/", name)
                    strings[path + "#" + k] = v
    return strings


def corpus(packs):
    english = read_pack(packs["en"])
    texts = {}
    for code, _, script in LANGS:
        strings = english if code == "en" else read_pack(packs[code])
        lines = []
        for k, v in sorted(strings.items()):
            if code != "en" and english.get(k) == v:
                continue
            v = unicodedata.normalize("NFC", strip_markup(v))
            if len(v) < 2:
                continue
            if script == "cyr" and not re.search("[\u0400-\u04ff]", v):
                continue
            lines.append(v)
        texts[code] = lines
        print("%s: %d strings, %d chars" % (code, len(lines),
              sum(map(len, lines))), file=sys.stderr)
    return texts


def charclass(ch):
    """Class of a character that is not one of the language's letters."""
    if ch in " \t\n\r\f\v" or unicodedata.category(ch) == "Zs":
        return SP
    cat = unicodedata.category(ch)
    # ASCII symbols ($ + < = > ^ ` | ~) read the same in every candidate
    # encoding: they go with punctuation, and "symbol" keeps to the
    # non-ASCII ones (© ¤ ‡ box drawing) that tell encodings apart.
    if cat[0] == "P" or ch in EXTRA_PUNCT or (ch.isascii() and cat[0] == "S"):
        return PU
    if cat == "Nd":
        return DG
    if cat[0] == "L":
        return FA if ch.isascii() else FO
    if cat[0] == "C":
        return CT
    return SY


def fold(ch):
    low = ch.lower()
    return low if len(low) == 1 else ch


def build_alphabet(code, lines, script):
    cnt = collections.Counter()
    for s in lines:
        for ch in s:
            if unicodedata.category(ch)[0] == "L":
                cnt[fold(ch)] += 1
    total = sum(cnt.values())
    letters = set()
    for ch, n in cnt.items():
        if n < 3 or n < total * 2e-5:
            continue
        if script == "cyr" and not ("\u0400" <= ch <= "\u04ff"):
            continue   # Latin words in Cyrillic text: class "fascii"
        if script == "lat" and not ch.isascii() and unicodedata.name(ch, "").find("LATIN") < 0:
            continue
        letters.add(ch)
    if script == "lat":
        letters |= set("abcdefghijklmnopqrstuvwxyz")
    letters |= set(REQUIRED.get(code, ""))
    return sorted(letters, key=lambda c: (-cnt[c], c)), cnt


def symbol_of(ch, index):
    f = fold(ch)
    if f in index:
        return index[f]
    return charclass(ch)


def case_of(ch):
    if unicodedata.category(ch)[0] != "L":
        return 0
    if ch != ch.lower():
        return 2
    return 1


def train_lang(lines, letters):
    index = {c: 7 + i for i, c in enumerate(letters)}
    n = 7 + len(letters)
    big = [[0] * n for _ in range(n)]
    case = [[0] * 3 for _ in range(3)]
    uni = [0] * n
    for s in lines:
        prev, pcase = SP, 0
        for ch in s + " ":
            sym = symbol_of(ch, index)
            cs = case_of(ch)
            big[prev][sym] += 1
            case[pcase][cs] += 1
            uni[sym] += 1
            prev, pcase = sym, cs
    # Back-off distribution: smoothed unigrams with a floor per class so
    # that no symbol is impossible; control characters stay very unlikely.
    tot = sum(uni)
    back = []
    for s in range(n):
        p = (uni[s] + 0.5) / (tot + 0.5 * n)
        if s == CT:
            p = 1e-9
        elif s in (FO, SY):
            p = max(p, 2e-5)
        back.append(p)
    # A foreign letter is rare but behaves like a letter: inside a word it
    # is far likelier than a symbol (a Kazakh "ү" read as "‡"), and what
    # follows it is what follows letters in general.
    letters = range(7, n)
    after_letter = [sum(big[a][b] for a in letters) for b in range(n)]
    cost = []
    for a in range(n):
        row = list(big[a])
        if a == FO:
            row = [row[b] + 20.0 * after_letter[b] / max(1, sum(after_letter))
                   for b in range(n)]
        bk = list(back)
        if a >= 7 or a == FO:
            bk[SY] = min(bk[SY], 1e-5)
        elif a == SY:
            # Symbols stand apart from words ("© 2024", "→ Next"), so a
            # letter glued to one (a "¨" read where "š" was) is suspect.
            for b in range(7, n):
                bk[b] *= 0.02
            bk[FO] *= 0.02
        z = sum(bk)
        bk = [p / z for p in bk]
        ra = sum(row)
        # Witten-Bell: a context seen before many different symbols leaves
        # more room for one it has not been seen before.
        alpha = max(1.0, sum(1 for x in big[a] if x > 0))
        # Whatever the corpus says, keep a floor for a foreign letter
        # where a letter may stand (word-initial or inside a word).
        fo_floor = 5e-4 if (a >= 7 or a in (FO, SP, PU)) else 0.0
        for b in range(n):
            p = (row[b] + alpha * bk[b]) / (ra + alpha)
            if b == FO:
                p = max(p, fo_floor)
            bits = -math.log2(p)
            cost.append(min(MAXCOST, int(round(bits * SCALE))))
    ccost = []
    for a in range(3):
        ra = sum(case[a])
        for b in range(3):
            p = (case[a][b] + 1) / (ra + 3)
            ccost.append(min(MAXCOST, int(round(-math.log2(p) * SCALE))))
    return n, cost, ccost, index


def class_emission(texts):
    """Cost (1/SCALE bit) of each character given its class (for symbols
    that are classes), from pooled corpora. Returns f(ch, cls) -> cost.

    Foreign letters are pooled separately by script: Latin ones from the
    Western corpora only (the foreign words in our languages' texts are
    mostly French, Spanish, German or Scandinavian names, as the packs
    themselves show), Cyrillic ones from the Cyrillic corpora; the two
    halves weigh the same."""
    western = {c for c, _, s in LANGS if s == "lat" and c not in ("et", "lv", "lt")}
    pooled = collections.Counter()
    foreign = {"lat": collections.Counter(), "cyr": collections.Counter()}
    for code, lines in texts.items():
        script = dict((c, s) for c, _, s in LANGS)[code]
        for s in lines:
            for ch in s:
                f = fold(ch)
                pooled[f] += 1
                if unicodedata.category(ch)[0] == "L" and not ch.isascii():
                    if script == "cyr" and "\u0400" <= f <= "\u04ff":
                        foreign["cyr"][f] += 1
                    elif script == "lat" and code in western and "LATIN" in unicodedata.name(f, ""):
                        foreign["lat"][f] += 1
    by_class = collections.defaultdict(collections.Counter)
    for ch, n in pooled.items():
        by_class[charclass(ch)][ch] += n
    # The packs' symbols are user-interface arrows; documents have these.
    for ch in TEXT_SYMBOLS:
        by_class[SY][ch] += 30
    ftot = {k: sum(v.values()) for k, v in foreign.items()}

    def cost(ch, cls):
        f = fold(ch)
        if cls == CT:
            p = 1.0 / CLASS_FANOUT[cls]
        elif cls == FO:
            k = "cyr" if "\u0400" <= f <= "\u04ff" else "lat"
            p = 0.5 * (foreign[k].get(f, 0) + 0.5) / (ftot[k] + 0.5 * CLASS_FANOUT[cls])
        else:
            c = by_class[cls]
            tot = sum(c.values())
            p = (c.get(f, 0) + 0.5) / (tot + 0.5 * CLASS_FANOUT[cls])
        return min(MAXCOST, int(round(-math.log2(min(p, 1.0)) * SCALE)))
    return cost


def iconv_table(iconv_name):
    """Unicode code point of each byte 0x80..0xFF in glibc's iconv, or None."""
    table = []
    for b in range(0x80, 0x100):
        r = subprocess.run(["iconv", "-f", iconv_name, "-t", "UTF-32LE"],
                           input=bytes([b]), capture_output=True)
        if r.returncode != 0 or len(r.stdout) != 4:
            table.append(None)
        else:
            table.append(int.from_bytes(r.stdout, "little"))
    return table


def coverage(cnt, table):
    chars = set(chr(c) for c in table if c is not None)
    ok = bad = 0
    for ch, n in cnt.items():
        if ch.isascii():
            continue
        if ch in chars or ch.upper() in chars:
            ok += n
        else:
            bad += n
    return 1.0 if ok + bad == 0 else ok / (ok + bad)


def c_bytes(values, per_line=24):
    out = []
    for i in range(0, len(values), per_line):
        out.append("\t" + ",".join(str(v) for v in values[i:i + per_line]) + ",")
    return "\n".join(out)


def write_model(path, langs, encs, hyps):
    o = []
    o.append("/* Generated by data/detect/train.py from Debian's firefox-esr-l10n-*")
    o.append(" * language packs. Do not edit: rerun the script. */")
    o.append("")
    o.append("#define DETECT_MODEL_NLANG %d" % len(langs))
    o.append("#define DETECT_MODEL_NENC %d" % len(encs))
    o.append("#define DETECT_MODEL_NHYP %d" % len(hyps))
    o.append("#define DETECT_MODEL_SCALE %d" % SCALE)
    o.append("")
    o.append("/* Flat cost of a character within each class, for decoded text. */")
    o.append("static const unsigned char model_class_cost[7] = { %s };" % ", ".join(
        str(int(round(math.log2(f) * SCALE))) for f in CLASS_FANOUT))
    o.append("")
    for code, lang in langs.items():
        o.append("static const unsigned char model_cost_%s[%d] = {" % (code, lang["n"] ** 2))
        o.append(c_bytes(lang["cost"]))
        o.append("};")
    o.append("")
    o.append("/* Letters of each language (lower case) in symbol order from 7. */")
    for code, lang in langs.items():
        letters = sorted(lang["index"], key=lambda c: lang["index"][c])
        o.append("static const unsigned short model_letters_%s[%d] = {" % (code, len(letters)))
        o.append(c_bytes([ord(c) for c in letters], 16))
        o.append("};")
    o.append("static const struct model_lang model_langs[DETECT_MODEL_NLANG] = {")
    for code, lang in langs.items():
        o.append("\t{ \"%s\", %d, %d, model_cost_%s, model_letters_%s, { %s } }," % (
            code, lang["n"], 1 if lang["script"] == "cyr" else 0, code, code,
            ", ".join(map(str, lang["ccost"]))))
    o.append("};")
    o.append("")
    o.append("/* Code point of bytes 0x80..0xFF; 0xFFFF: undefined in iconv. */")
    o.append("static const struct model_enc model_encs[DETECT_MODEL_NENC] = {")
    for name, iname, script, table in encs:
        o.append("\t{ \"%s\", \"%s\", %d, {" % (name, iname, 1 if script == "cyr" else 0))
        o.append(c_bytes([0xFFFF if c is None else c for c in table], 16))
        o.append("\t} },")
    o.append("};")
    o.append("")
    o.append("/* Per hypothesis: language, encoding, prior (1/%d bit), and the" % SCALE)
    o.append(" * symbol of each byte (255: byte undefined) and the cost of the byte's")
    o.append(" * character within its class when the symbol is a class. */")
    for i, h in enumerate(hyps):
        o.append("static const unsigned char model_sym_%d[256] = {" % i)
        o.append(c_bytes(h["sym"]))
        o.append("};")
        o.append("static const unsigned char model_emit_%d[256] = {" % i)
        o.append(c_bytes(h["emit"]))
        o.append("};")
    o.append("static const unsigned char model_case[DETECT_MODEL_NENC][256] = {")
    for name, iname, script, table in encs:
        cs = []
        for b in range(256):
            ch = chr(b) if b < 0x80 else (None if table[b - 0x80] is None else chr(table[b - 0x80]))
            cs.append(0 if ch is None else case_of(ch))
        o.append("\t{")
        o.append(c_bytes(cs, 32))
        o.append("\t},")
    o.append("};")
    o.append("static const struct model_hyp model_hyps[DETECT_MODEL_NHYP] = {")
    for i, h in enumerate(hyps):
        o.append("\t{ %d, %d, %d, model_sym_%d, model_emit_%d }," % (
            h["lang"], h["enc"], h["prior"], i, i))
    o.append("};")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                               "src", "text", "detect_model.h"))
    ap.add_argument("--cache", help="keep downloaded .deb files here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        packs = fetch(args.cache, work)
        texts = corpus(packs)
    encs = []
    for name, iname, script in ENCODINGS:
        encs.append((name, iname, script, iconv_table(iname)))
    langs = {}
    for code, _, script in LANGS:
        letters, cnt = build_alphabet(code, texts[code], script)
        n, cost, ccost, index = train_lang(texts[code], letters)
        langs[code] = dict(n=n, cost=cost, ccost=ccost, index=index,
                           script=script, cnt=cnt)
        print("%s: %d letters: %s" % (code, len(letters), "".join(letters)),
              file=sys.stderr)
    emission = class_emission(texts)
    hyps = []
    codes = list(langs)
    for li, code in enumerate(codes):
        lang = langs[code]
        order = ENC_PRIOR.get(code, LATIN1_ORDER)
        for ei, (name, iname, script, table) in enumerate(encs):
            if script != lang["script"] or name not in order:
                continue
            cov = coverage(lang["cnt"], table)
            if cov < COVERAGE:
                print("  skip %s/%s coverage %.4f" % (code, name, cov), file=sys.stderr)
                continue
            sym = []
            emit = []
            for b in range(256):
                ch = chr(b) if b < 0x80 else (None if table[b - 0x80] is None
                                              else chr(table[b - 0x80]))
                if ch is None:
                    sym.append(255)
                    emit.append(0)
                    continue
                y = symbol_of(ch, lang["index"])
                sym.append(y)
                emit.append(emission(ch, y) if y < 7 else 0)
            prior = LANG_PRIOR[code] + 0.5 * order.index(name)
            hyps.append(dict(lang=li, enc=ei, sym=sym, emit=emit,
                             prior=int(round(prior * SCALE))))
    write_model(args.o, langs, encs, hyps)
    print("wrote %s: %d languages, %d encodings, %d hypotheses" %
          (args.o, len(langs), len(encs), len(hyps)), file=sys.stderr)


if __name__ == "__main__":
    main()
