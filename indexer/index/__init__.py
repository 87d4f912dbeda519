"""The one place that talks to Whoosh: storage, writing, executing plans.

Everything else passes dataclasses (`Passage`, `QueryPlan`, `Hit`), so the
engine can be swapped by rewriting this package. Generation directories
(create, switch, verify, delete under reader locks) are `indexer.generations`;
the Whoosh files inside one are written and mapped by `storage`, searched by
`engine`, whose queries `queries` builds from a plan.
"""
from indexer.index.engine import DOCSET_BUDGET, FACET_FIELDS, STORED_CACHE, Engine, Hit, RawResult
from indexer.index.queries import to_whoosh
from indexer.index.storage import open_index, write_json, write_passages

__all__ = ["DOCSET_BUDGET", "FACET_FIELDS", "STORED_CACHE", "Engine", "Hit", "RawResult", "open_index",
           "to_whoosh", "write_json", "write_passages"]
