"""Stage 3, index: passages in, an on-disk generation out; a QueryPlan in, scored hits out.

The one place that uses Whoosh's engine (analysis chain, schema, storage, postings,
queries). Everything else passes dataclasses (`Passage`, `QueryPlan`, `Hit`), so the
engine can be swapped by rewriting this package. (The language stage uses only
`whoosh.lang`'s Snowball and Porter stemmers, as plain word -> stem functions.)
Generation directories (create, switch, verify, delete under reader locks) are `generations`;
the Whoosh files inside one are written and mapped by `storage`, searched by
`engine`: Whoosh reads each term's postings once with its BM25F scores
(`postings`), and a plan is scored over those arrays (`scoring`); typos are looked up in
a symmetric-delete dictionary of the generation's words, saved with it (`spelling`).
"""
from indexer.index.engine import FACET_FIELDS, SPELLING_FIELD, STORED_CACHE, Engine, Hit, RawResult
from indexer.index.postings import POSTING_BUDGET
from indexer.index.storage import open_index, write_json, write_passages

__all__ = ["FACET_FIELDS", "POSTING_BUDGET", "SPELLING_FIELD", "STORED_CACHE", "Engine", "Hit", "RawResult",
           "open_index", "write_json", "write_passages"]
