"""Regenerate indexer/language/data/freedict_{fi_sv,sv_fi}.tsv from Debian's FreeDict packages.

The general Finnish<->Swedish dictionary behind `indexer.language.dictionary` is
FreeDict's WikDict edition (Karl Bartel, built from Wiktionary via DBnary; CC BY-SA 3.0).
Debian packages it as dict-freedict-fin-swe and dict-freedict-swe-fin (dictd format:
an .index of base64 offsets and a gzip-compatible .dict.dz). This script keeps what a
query expander needs, one line per headword:

    headword <TAB> translation|translation|... [<TAB> key|key|...]

The optional third column (Finnish file only) holds the headword's normalised forms,
`morph.fi_lemmas(headword)`, when they do not include the headword ("aakkoset" ->
"aakkonen"): Voikko needs ~10 s for 15k words, too slow for a server start, so the
lookup keys are computed here once and checked against morph by the tests.

Kept: one-word headwords, in their case (a capital marks a proper noun: "Lahti" is the
town, Lahtis, "lahti" a bay; the query tokenizer never yields a phrase or a hyphen), all
senses' translations in order, with parenthesised remarks and sense-number debris
removed, de-duplicated; translations of up to three words. Dropped: definitions (they
are in the source language), pronunciation, part of speech, affix entries.

    cd /tmp && apt-get download dict-freedict-fin-swe dict-freedict-swe-fin
    for f in dict-freedict-*.deb; do dpkg-deb -x "$f" freedict; done
    python tools/freedict_convert.py /tmp/freedict
"""
from __future__ import annotations

import argparse
import gzip
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "indexer" / "language" / "data"
PAIRS = {"fin-swe": "freedict_fi_sv.tsv", "swe-fin": "freedict_sv_fi.tsv"}
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
SKIP_POS = {"suffix", "prefix", "affix"}
MAX_WORDS = 3  # longest translation kept (longer ones are explanations, not equivalents)
HEADWORD = re.compile(r"^\w+$")
SENSE = re.compile(r"^(\d+)\. (.*)$")
PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
HEADER = """\
# FreeDict {title}, edition {edition}: headword<TAB>translations separated by |
# [<TAB>lookup keys separated by |, the headword's lemmas by indexer.language.morph.fi_lemmas]
# Maintainer and publisher: Karl Bartel (WikDict, https://www.wikdict.com/), for the FreeDict
# project (https://freedict.org/). Base data from Wiktionary (https://www.wiktionary.org/)
# via DBnary. Licence: Creative Commons Attribution-ShareAlike 3.0 Unported (CC BY-SA 3.0),
# https://creativecommons.org/licenses/by-sa/3.0/. This file is an adaptation under the same
# licence: definitions, pronunciations and multiword headwords removed, remarks in parentheses
# stripped; regenerate with tools/freedict_convert.py from Debian's dict-freedict-{pair}.
"""


def _decode(s: str) -> int:
    n = 0
    for ch in s:
        n = n * 64 + B64.index(ch)
    return n


def read_dictd(folder: Path, pair: str) -> tuple[str, list[str]]:
    """(database info text, every entry's text) of one dictd dictionary."""
    base = folder / "usr" / "share" / "dictd" / f"freedict-{pair}"
    data = gzip.decompress(base.with_suffix(".dict.dz").read_bytes())
    info, entries = "", []
    for line in base.with_suffix(".index").read_text(encoding="utf-8").splitlines():
        word, offset, length = line.split("\t")
        text = data[_decode(offset):_decode(offset) + _decode(length)].decode("utf-8")
        if word == "00databaseinfo":
            info = text
        elif not word.startswith("00"):
            entries.append(text)
    return info, entries


def _split(line: str) -> list[str]:
    """Translations of one sense line: remarks and trailing sense numbers removed."""
    line = PARENS.sub(" ", line)
    line = re.sub(r"\s+\d+\.\s*$", "", line)
    out = []
    for part in re.split(r"[,;]", line):
        part = " ".join(part.split()).strip(" .:!?")
        if part and len(part.split()) <= MAX_WORDS and not part[0].isdigit():
            out.append(part)
    return out


def parse_entry(text: str) -> tuple[str, list[str]] | None:
    """(headword, translations) of one entry, or None when it is not worth keeping.

    An entry is a head line ("word /ipa/ <pos>"), then either one translation line and
    its definition, or numbered senses "1. a, b" each followed by definition lines.
    """
    lines = text.rstrip("\n").split("\n")
    head = lines[0]
    pos = re.search(r"<([^>]*)>\s*$", head)
    if pos and pos.group(1) in SKIP_POS:
        return None
    word = re.sub(r"\s*(/[^/]*/)?\s*(<[^>]*>)?\s*$", "", head).strip()  # case kept: "Lahti" is not "lahti"
    if not HEADWORD.match(word) or len(lines) < 2:
        return None
    body = lines[1:]
    if not SENSE.match(body[0]):
        return word, _split(body[0])
    found, expect = [], 1
    for line in body:
        m = SENSE.match(line)
        if m and int(m.group(1)) == expect:
            found.extend(_split(m.group(2)))
            expect += 1
    return word, found


def convert(folder: Path, pair: str) -> str:
    info, entries = read_dictd(folder, pair)
    table: dict[str, list[str]] = {}
    for text in entries:
        parsed = parse_entry(text)
        if parsed is None:
            continue
        word, found = parsed
        kept = table.setdefault(word, [])
        kept.extend(t for t in found if t.lower() != word.lower() and t not in kept and "|" not in t)
    edition = re.search(r"Edition:\s*(\S+)", info)
    title = re.search(r"^(\S.*dictionary)\s*$", info, re.M)
    lines = [HEADER.format(title=title.group(1) if title else pair, edition=edition.group(1) if edition else "?",
                           pair=pair)]
    for word, found in sorted(table.items()):
        if found:
            keys = _fi_keys(word.lower()) if pair == "fin-swe" else []
            lines.append("\t".join([word, "|".join(found)] + (["|".join(keys)] if keys else [])) + "\n")
    return "".join(lines)


def _fi_keys(word: str) -> list[str]:
    """What an inflected query word reaches this Finnish headword by, besides the headword.

    Only when morphology does not give the headword back as its own lemma: plurals
    ("aakkoset" -> "aakkonen") and words Voikko does not know (Snowball stems). A
    headword that is its own lemma keeps no others: "tee" (tea) also reads as a form
    of "tehdä", and "tekivät" must not reach tea.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from indexer.language import morph

    lemmas = morph.fi_lemmas(word)
    return [] if word in lemmas else [k for k in lemmas if "|" not in k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path, help="where the two .deb files were extracted (dpkg-deb -x)")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    for pair, name in PAIRS.items():
        text = convert(args.folder, pair)
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"{pair}: {text.count(chr(10)) - HEADER.count(chr(10))} headwords -> {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
