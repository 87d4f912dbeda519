"""Kokeiluhaku indexer: corpus files in, a live Whoosh index generation out, queries answered.

The pipeline, one subpackage per stage, passing plain dataclasses (`indexer.model`,
`indexer.plan`) between them; each package's `__init__` says what goes in and comes out:

    sources/   files + manifest.yaml -> Document, Section, Passage, Poster, Municipality
               (corpus, clean, htmldoc, pdfdoc/pdflines/pdflayout/ocr, docxdoc, pagemap,
               parse, toc, tables, chunk, posters, municipalities;
               `sources.load.load_corpus` is the entry point)
    language/  words -> forms: tokens and stopwords, Voikko lemmas and compound parts,
               Snowball stems, folding, language detection, the sv<->fi glossary
    index/     the Whoosh engine: analysis filters and schema, generation directories
               (CURRENT, reader locks), storage, postings read once as BM25F impacts,
               scoring a QueryPlan over them, filters and facets as set algebra
    builder/   a corpus directory -> a validated new generation, switched atomically
               (`python -m indexer build`; the server runs it as a child process)
    search/    what the user typed -> QueryPlan (query) -> engine -> re-ranked results
               with highlighted excerpts (rank); Snapshot serves one generation,
               Library follows the live one

`model.py` (the dataclasses) and `plan.py` (the QueryPlan written by search.query and
executed by index) sit below every stage; `__main__.py` is the command line.
"""
