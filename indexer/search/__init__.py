"""Stage 4, search: a user's query in, ranked immutable results and poster look-ups out.

`query` plans what was typed (forms, glossary, typos) into a `QueryPlan`; the index stage
scores it; `rank` re-ranks by coverage and cuts highlighted excerpts; `places` reads
municipality names; `snapshot` serves one open generation; `library` follows the live one;
`cache` holds what is derived from one generation for exactly as long.
"""
