"""Stage 1, sources: corpus files in, a `Corpus` of documents, sections, passages and posters out.

`load.load_corpus` is the entry point: `corpus` reads the files and manifest.yaml, `clean`
and `htmldoc` normalise their text, `pdfdoc` (with `pdflines`, `pdflayout` and `ocr`) and
`docxdoc` read PDF and Word reports into the same markdown-shaped text with their pages
(`pagemap`), `parse` (with `toc`, `tables` and `chunk`) cuts sections
and 40–250-word passages, `posters` (with `posterhead`) turns the appendix's poster table
into one passage per cell plus a card, and `municipalities` reads the municipality table.
Nothing here knows about Whoosh or about queries.
"""
