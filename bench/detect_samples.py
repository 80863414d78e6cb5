#!/usr/bin/env python3
"""Held-out samples for the charset detector, and the judge of a guess.

Text comes from the gettext catalogues installed under /usr/share/locale
(coreutils, glib, gtk, iso-codes, systemd, ...): never from the Firefox
language packs the model is trained on (data/detect/train.py).

A guess is right when decoding the sample with it gives back exactly the
original text (so KOI8-R is right for Russian text in KOI8-U, which decodes
the same).  Decoding uses tables read from glibc's iconv, byte by byte.
"""
import glob
import os
import random
import re
import struct
import subprocess
import unicodedata

PAIRS = {
    "ru": ["WINDOWS-1251", "KOI8-R", "KOI8-U", "KOI8-RU", "IBM866", "CP1125",
           "ISO-8859-5", "MACCYRILLIC", "PT154", "KZ-1048"],
    "uk": ["WINDOWS-1251", "KOI8-U", "KOI8-RU", "CP1125", "ISO-8859-5",
           "MACCYRILLIC"],
    "be": ["WINDOWS-1251", "KOI8-RU", "ISO-8859-5", "MACCYRILLIC"],
    "kk": ["PT154", "KZ-1048"],
    "et": ["WINDOWS-1257", "ISO-8859-13", "ISO-8859-15", "ISO-8859-4",
           "ISO-8859-1", "WINDOWS-1252"],
    "lv": ["WINDOWS-1257", "ISO-8859-13", "ISO-8859-4"],
    "lt": ["WINDOWS-1257", "ISO-8859-13", "ISO-8859-4"],
    "en": ["WINDOWS-1252"],
    "de": ["ISO-8859-1", "ISO-8859-15", "WINDOWS-1252"],
    "fi": ["ISO-8859-1", "ISO-8859-15", "WINDOWS-1252"],
}
SIZES = [24, 64, 256, 1024, 8192]
CYRILLIC = {"ru", "uk", "be", "kk"}

# Mixed-language files, as registries hold them: an Estonian office's
# export with Latvian and Lithuanian (or German and French) names, a Kazakh
# file with Russian rows, a Ukrainian one with Russian names.  The first
# language is the file's own and gives half of the lines; the others share
# the rest.  Each mix is written in the encodings such a file comes in.
MIXES = {
    "et+lv+lt": (["et", "lv", "lt"], ["WINDOWS-1257", "ISO-8859-13", "ISO-8859-4"]),
    "et+de+fr": (["et", "de", "fr"], ["ISO-8859-15", "WINDOWS-1252", "ISO-8859-1"]),
    "kk+ru": (["kk", "ru"], ["PT154", "KZ-1048"]),
    "uk+ru": (["uk", "ru"], ["KOI8-U", "CP1125", "WINDOWS-1251"]),
}
MIXED_SIZES = [256, 1024, 8192]

# Names other tools print -> the name glibc's iconv knows.
ALIASES = {
    "KZ-1048": "RK1048", "MAC-CYRILLIC": "MACCYRILLIC", "ASCII": "US-ASCII",
    "CP1251": "WINDOWS-1251", "CP1252": "WINDOWS-1252", "CP1257": "WINDOWS-1257",
    "CP1250": "WINDOWS-1250", "MACCYR": "MACCYRILLIC", "X-MAC-CYRILLIC": "MACCYRILLIC",
    "IBM855": "IBM855", "ISO-8859-5": "ISO-8859-5",
}

_tables = {}


def iconv_name(name):
    n = name.upper()
    return ALIASES.get(n, n)


def table(name):
    """byte -> character for a single-byte charset, from glibc iconv."""
    n = iconv_name(name)
    if n in _tables:
        return _tables[n]
    data = bytes(range(256))
    t = [None] * 256
    # One iconv run per byte would be slow: convert every byte in one
    # UTF-32 run when all are valid, else fall back to byte by byte.
    r = subprocess.run(["iconv", "-f", n, "-t", "UTF-32LE"], input=data,
                       capture_output=True)
    if r.returncode == 0 and len(r.stdout) == 1024:
        for b in range(256):
            t[b] = chr(struct.unpack_from("<I", r.stdout, 4 * b)[0])
    else:
        probe = subprocess.run(["iconv", "-f", n, "-t", "UTF-32LE"], input=b"a",
                               capture_output=True)
        if probe.returncode != 0 or len(probe.stdout) != 4:
            _tables[n] = None       # unknown or multibyte: see decode()
            return None
        for b in range(256):
            rr = subprocess.run(["iconv", "-f", n, "-t", "UTF-32LE"],
                                input=bytes([b]), capture_output=True)
            if rr.returncode == 0 and len(rr.stdout) == 4:
                t[b] = chr(struct.unpack_from("<I", rr.stdout)[0])
    _tables[n] = t
    return t


def decode(data, name):
    """Text of data in charset name, or None when it is not valid there."""
    n = iconv_name(name)
    if n in ("UTF-8", "UTF-16LE", "UTF-16BE", "US-ASCII"):
        try:
            return data.decode({"US-ASCII": "ascii"}.get(n, n.lower()))
        except (UnicodeDecodeError, LookupError):
            return None
    t = table(n)
    if t is None:
        r = subprocess.run(["iconv", "-f", n, "-t", "UTF-8"], input=data,
                           capture_output=True)
        return r.stdout.decode() if r.returncode == 0 else None
    out = []
    for b in data:
        c = t[b]
        if c is None:
            return None
        out.append(c)
    return "".join(out)


def encode(text, name):
    t = table(name)
    rev = {c: b for b, c in enumerate(t) if c is not None}
    try:
        return bytes(rev[c] for c in text)
    except KeyError:
        return None


def correct(data, true_enc, guess):
    if not guess:
        return False
    want = decode(data, true_enc)
    got = decode(data, guess)
    return got is not None and got == want


def read_mo(path):
    """Translated strings of a .mo catalogue. Entries whose translation is
    the original itself (place names kept as they are, untranslated
    messages) are not text in the catalogue's language: left out."""
    with open(path, "rb") as f:
        d = f.read()
    if len(d) < 28:
        return []
    magic = struct.unpack_from("<I", d)[0]
    e = "<" if magic == 0x950412de else ">"
    _, _, n, ooff, toff = struct.unpack_from(e + "5I", d, 0)
    out = []
    for i in range(n):
        oln, oo = struct.unpack_from(e + "2I", d, ooff + 8 * i)
        ln, off = struct.unpack_from(e + "2I", d, toff + 8 * i)
        orig = set(d[oo:oo + oln].split(b"\0"))
        for part in d[off:off + ln].split(b"\0"):
            if part in orig:
                continue
            try:
                out.append(part.decode("utf-8"))
            except UnicodeDecodeError:
                pass
    return out


PUNCT = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'",
         "’": "'", "‚": "'", "–": "-", "—": "-", "…": "...", "\u00a0": " ",
         "‐": "-", "‑": "-", "′": "'", "″": '"', "·": ".", "•": "*"}


def clean(s):
    s = re.sub(r"%(\d+\$)?[-+ #0]*\d*(\.\d+)?(l|ll|z|h|j)?[sdiuxXcfgpeE]", " ", s)
    s = re.sub(r"\{[^{}]*\}|<[^>]*>|&\w+;", " ", s)
    s = re.sub(r"[ \t]+", " ", s).strip()
    return unicodedata.normalize("NFC", s)


def texts(lang):
    """Cleaned catalogue strings of a language, in a fixed order."""
    out = []
    # English catalogues proper are the en_GB ones (en holds place names).
    d = {"en": "en_GB"}.get(lang, lang)
    for mo in sorted(glob.glob("/usr/share/locale/%s/LC_MESSAGES/*.mo" % d)):
        for s in read_mo(mo):
            if s.startswith(("Project-Id-Version", "Content-Type")):
                continue
            s = clean(s)
            if len(s) < 3:
                continue
            if lang in CYRILLIC and not re.search("[\u0400-\u04ff]", s):
                continue
            out.append(s)
    return out


def fit(s, enc):
    """s made encodable in enc (typographic punctuation to ASCII), or None."""
    t = table(enc)
    chars = set(c for c in t if c is not None)
    res = []
    for c in s:
        if c in chars:
            res.append(c)
        elif c in PUNCT:
            res.append(PUNCT[c])
        else:
            return None
    return "".join(res)


def samples(lang, enc, size, count, seed=1):
    """count samples of exactly size bytes with at least one non-ASCII byte."""
    rng = random.Random("%s/%s/%d/%d" % (lang, enc, size, seed))
    pool = [f for f in (fit(s, enc) for s in texts_cached(lang)) if f]
    if not pool:
        return []
    out = []
    tries = 0
    while len(out) < count and tries < count * 50:
        tries += 1
        i = rng.randrange(len(pool))
        buf = []
        n = 0
        while n < size and i < len(pool) + 10000:
            s = pool[i % len(pool)]
            buf.append(s)
            n += len(s) + 1
            i += 1
        text = "\n".join(buf)[:size]
        data = encode(text, enc)
        if data is None or len(data) != size or max(data) < 0x80:
            continue
        out.append(data)
    return out


def mixed_samples(langs, enc, size, count, seed=1):
    """count samples of exactly size bytes whose lines come from langs
    (the first language half of them), every language present at least
    once and at least one non-ASCII byte in the sample."""
    rng = random.Random("%s/%s/%d/%d" % ("+".join(langs), enc, size, seed))
    pools = []
    for lang in langs:
        pool = [f for f in (fit(s, enc) for s in texts_cached(lang)) if f]
        if not pool:
            return []
        pools.append(pool)
    weights = [1.0] + [1.0 / (len(langs) - 1)] * (len(langs) - 1)
    out = []
    tries = 0
    while len(out) < count and tries < count * 50:
        tries += 1
        buf, used, n = [], set(), 0
        while n < size:
            k = rng.choices(range(len(langs)), weights)[0]
            s = rng.choice(pools[k])
            # The cut at size must not drop a language entirely.
            if n + len(s) + 1 <= size or len(used) == len(langs):
                used.add(k)
            buf.append(s)
            n += len(s) + 1
        if len(used) < len(langs):
            continue
        text = "\n".join(buf)[:size]
        data = encode(text, enc)
        if data is None or len(data) != size or max(data) < 0x80:
            continue
        out.append(data)
    return out


_texts = {}


def texts_cached(lang):
    if lang not in _texts:
        _texts[lang] = texts(lang)
    return _texts[lang]


if __name__ == "__main__":
    import sys
    lang, enc, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for s in samples(lang, enc, size, 3):
        print(decode(s, enc).replace("\n", " | "))
