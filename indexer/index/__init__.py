"""The one place that talks to Whoosh: storage, writing, executing plans.

Everything else passes dataclasses (`Passage`, `QueryPlan`, `Hit`), so the
engine can be swapped by rewriting this package. Generation directories
(create, switch, verify, delete under reader locks) are `indexer.index.generations`;
the Whoosh files inside one are written and mapped by `storage`, searched by
`engine`: Whoosh reads each term's postings once with its BM25F scores
(`postings`), and a plan is scored over those arrays (`scoring`).
"""
from indexer.index.engine import FACET_FIELDS, STORED_CACHE, Engine, Hit, RawResult
from indexer.index.postings import POSTING_BUDGET
from indexer.index.storage import open_index, write_json, write_passages

__all__ = ["FACET_FIELDS", "POSTING_BUDGET", "STORED_CACHE", "Engine", "Hit", "RawResult", "open_index",
           "write_json", "write_passages"]
