"""Stage 4, search: a user's query in, ranked immutable results and poster look-ups out.

`syntax` splits what was typed (words, phrases, exclusions); `query` plans it into a
`QueryPlan` (forms, glossary, `translate`'s dictionary and compounds, typos, prefixes);
the index stage scores it; `rank` re-ranks by coverage and cuts highlighted excerpts
(each passage word analysed once per generation, `wordforms`);
`results` holds the frozen `Result`, `Group` and `Response` values handed out;
`catalog` is a generation's documents, posters and municipalities (`places` reads
municipality names); `suggest` completes a half-typed word; `snapshot` serves one open
generation and `library` follows the live one; `cache` holds what is derived from one
generation for exactly as long.
"""
