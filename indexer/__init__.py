"""Kokeiluhaku indexer: corpus files in, a live Whoosh index generation out.

The pipeline, one module per stage, passing plain dataclasses (`indexer.model`):

    corpus.py   read corpus/ files + manifest.yaml          -> Document, raw text
    clean.py    artifacts: HTML cells, "Mainos", hyphenation  (text -> text)
    parse.py    sections, TOC page map, passages             -> Section, Passage
    posters.py  appendix-1 posters, municipality table       -> Poster, Municipality
    analysis.py Whoosh filters: Voikko lemmas, compound parts, Snowball, folding
    schema.py   fields and Passage -> index document
    build.py    new generation, validate, atomic switch      (python -m indexer build)
    generations.py  gen-* dirs, CURRENT, reader locks, safe deletion, integrity
    query.py    what the user typed -> QueryPlan (plan.py): forms, glossary, typos
    index/      the only Whoosh caller: storage (mapped segments), postings (term
                impacts read once), scoring (a plan over them), engine
    matchset.py filters and facet counts as set algebra over cached posting sets
    rank.py     coverage re-ranking, highlighted excerpts
    search.py   a Snapshot: search and poster look-ups for the API
    library.py  the live generation: follows CURRENT, refcounted snapshots

Word-level morphology shared by indexing and querying lives in morph.py.
"""
