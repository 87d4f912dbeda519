"""Stage 2, language: words in, their forms out: lemmas, compound parts, stems, folds, translations.

`words` splits text into word tokens and knows the stopwords; `morph` is Voikko's Finnish
morphology (memoised, cached on disk) and the Snowball/Porter stemmers; `lang` detects a
text's language; `glossary` maps Swedish and Finnish domain terms to each other, and
`dictionary` (FreeDict) translates the general words the glossary does not know. Indexing
(`indexer.index.analysis`), querying (`indexer.search.query`) and the assistant share these
functions, so a word is treated the same way on both sides of the index.
"""
