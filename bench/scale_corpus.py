"""Synthetic reports for bench/scale.py: the seed corpus's real text, recombined.

A report follows the seed's structure (numbered chapters with the headings of
seed sections, a results chapter with the result-poster questions "Tavoite",
"Mitä opittiin?" ...), and each paragraph is a run of sentences of one seed
passage with sentences of other passages (other documents, other pilots of the
same operating model) mixed in. Municipality names are swapped for others in
the same grammatical case (Voikko tells the case; a name only becomes one whose
form in that case occurs in the seed) and two- and three-digit figures are
perturbed, so term statistics look like new reports, not copies of old ones.
Report i is the same at every scale (its own seeded random), so the 10x corpus
is a prefix of the 100x one.
"""
from __future__ import annotations

import math
import random
import re
import shutil
from collections import defaultdict
from pathlib import Path

from indexer.model import CARD_FIELD, POSTER_FIELDS
from indexer.sources.chunk import split_sentences
from indexer.sources.clean import slugify
from indexer.sources.load import load_corpus

SV_SHARE = 0.05  # share of Swedish reports (the seed's Swedish text is ~3%)
_NAME = re.compile(r"\b[A-ZÄÖÅ][a-zäöå]+(?:-[A-ZÄÖÅ][a-zäöå]+)?\b")
_FIGURE = re.compile(r"(?<![\d,.])(?<!\d )\d{2,3}(?!\d)(?![,.]\d)(?! \d{3})")


class Pools:
    """Sentences of the seed passages by language and poster cell, and municipality forms."""

    def __init__(self, seed: Path):
        import pyvoikko

        corpus = load_corpus(seed)
        self.text: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)  # lang -> (heading, sentences)
        self.cells: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)  # field -> (model, sentences)
        for p in corpus.passages:
            sents = [s for s in split_sentences(p.text) if s != p.heading]
            if p.kind == "poster" and p.poster_field != CARD_FIELD and sents:
                self.cells[p.poster_field].append((p.model, sents))
            elif p.kind == "text" and p.lang in ("fi", "sv") and len(sents) > 1 and p.heading:
                self.text[p.lang].append((p.heading, sents))
        self.models = sorted({m for cells in self.cells.values() for m, _ in cells if m})
        self.names = [m.name for m in corpus.municipalities]
        self.sv = {m.sv_name: m.name for m in corpus.municipalities if m.sv_name}
        self.seed_bytes = sum(p.stat().st_size for p in seed.iterdir() if p.suffix == ".txt")
        wanted = {n.lower(): n for n in self.names}
        self.forms: dict[tuple[str, tuple], str] = {}  # (name, (case, number)) -> surface form
        self.mentions: dict[str, tuple[str, tuple]] = {}  # surface form -> (name, (case, number))
        for word in sorted({w for p in corpus.passages for w in _NAME.findall(p.text)}):
            for a in pyvoikko.analyse(word.lower()):
                base = a.BASEFORM.replace("=", "").lower()
                if a.CLASS == "paikannimi" and base in wanted:
                    key = (wanted[base], (a.SIJAMUOTO, a.NUMBER))
                    self.forms.setdefault(key, word)
                    self.mentions[word] = key
                    break


class Report:
    """One synthetic report: markdown text grown chapter by chapter to a drawn size."""

    def __init__(self, pools: Pools, i: int):
        self.pools, self.i = pools, i
        self.rng = random.Random(f"kokeiluhaku-scale-{i}")
        self.lang = "sv" if self.rng.random() < SV_SHARE else "fi"
        self.size = min(150_000, max(3_000, int(self.rng.lognormvariate(math.log(12_000), 0.9))))
        self.prefs = self.rng.sample(pools.names, len(pools.names))  # this report's municipalities
        self.model = self.rng.choice(pools.models)
        self.lines: list[str] = []

    def render(self) -> tuple[str, str]:
        """(file name, text): a .md or .txt file of headings and paragraphs."""
        place = self.prefs[0]
        if self.lang == "fi":
            title = f"{place}: {self.model} – kuntakokeilun loppuraportti"
        else:
            sv_place = next((s for s, f in self.pools.sv.items() if f == place), place)
            title = f"Kommunförsöket i {sv_place}: slutrapport"
        self.lines = []
        chapter = 1
        while sum(len(x) + 1 for x in self.lines) < self.size:
            if self.lang == "fi" and self.rng.random() < 0.4:
                self.results_chapter(chapter)
            else:
                self.text_chapter(chapter)
            chapter += 1
        text = _FIGURE.sub(self.figure, self.swap_names("\n".join(self.lines)))
        slug = slugify(f"{place} {self.model if self.lang == 'fi' else 'slutrapport'}", 60)
        return f"{1000 + self.i:05d}_{slug}-{self.i}.{'txt' if self.i % 3 == 0 else 'md'}", f"# {title}\n\n{text}\n"

    def paragraph(self, base: list[str], others: list[list[str]]) -> str:
        """A run of 2-5 sentences of one passage with 1-2 sentences of others mixed in."""
        k = self.rng.randint(2, 5)
        start = self.rng.randrange(max(1, len(base) - k + 1))
        sents = base[start:start + k]
        for _ in range(self.rng.randint(1, 2)):
            sents.insert(self.rng.randint(0, len(sents)), self.rng.choice(self.rng.choice(others)))
        return " ".join(sents)

    def text_chapter(self, n: int) -> None:
        pool = self.pools.text[self.lang]
        others = [s for _, s in pool]
        for j in range(self.rng.randint(1, 3)):
            heading, base = self.rng.choice(pool)
            self.lines += [f"{'##' if j == 0 else '###'} {n}{f'.{j}' if j else ''} {heading}", ""]
            for _ in range(self.rng.randint(1, 3)):
                self.lines += [self.paragraph(base, others), ""]
                base = self.rng.choice(others)

    def results_chapter(self, n: int) -> None:
        """The poster questions as sections, answered from cells of pilots of this model."""
        self.lines += [f"## {n} Kokeilun tulokset", ""]
        fields = [f for f in POSTER_FIELDS if self.pools.cells[f] and self.rng.random() < 0.7]
        for j, key in enumerate(fields, 1):
            cells = self.pools.cells[key]
            own = [s for m, s in cells if m == self.model] or [s for _, s in cells]
            self.lines += [f"### {n}.{j} {POSTER_FIELDS[key]['fi']}", ""]
            for _ in range(self.rng.randint(1, 2)):
                self.lines += [self.paragraph(self.rng.choice(own), [s for _, s in cells]), ""]

    def swap_names(self, text: str) -> str:
        """Municipality names -> this report's, in the same case (Swedish: by name)."""
        pools, names = self.pools, self.pools.names
        by_case: dict[tuple, list[str]] = {}

        def fi(m: re.Match) -> str:
            hit = pools.mentions.get(m.group())
            if hit is None:
                return m.group()
            name, case = hit
            options = by_case.setdefault(case, [n for n in self.prefs if (n, case) in pools.forms])
            return pools.forms[(options[names.index(name) % len(options)], case)]

        text = _NAME.sub(fi, text)
        if self.lang != "sv":
            return text
        sv_of = {f: s for s, f in pools.sv.items()}
        swap = {s: sv_of.get(self.prefs[names.index(f)], s) for s, f in pools.sv.items()}
        alts = "|".join(re.escape(s) for s in sorted(swap, key=len, reverse=True))
        return re.sub(rf"\b({alts})\b", lambda m: swap[m.group(1)], text)

    def figure(self, m: re.Match) -> str:
        """Half of the two- and three-digit figures, changed by up to 40%: new reports, new numbers."""
        if self.rng.random() < 0.5:
            return m.group()
        return str(max(10, round(int(m.group()) * self.rng.uniform(0.6, 1.4))))


def make_corpus(pools: Pools, seed: Path, dest: Path, scale: int) -> int:
    """The seed files plus synthetic reports up to (scale - 1) x the seed's size; returns how many."""
    dest.mkdir(parents=True)
    for p in seed.iterdir():
        if p.is_file():
            shutil.copyfile(p, dest / p.name)
    written, n = 0, 0
    while written < pools.seed_bytes * (scale - 1):
        name, text = Report(pools, n).render()
        (dest / name).write_text(text, encoding="utf-8")
        written, n = written + len(text.encode()), n + 1
    return n
