"""Stage 5, build: a corpus directory in, a validated live index generation out.

`run` parses the corpus (sources), writes passages through the index stage into a new
generation, validates it and switches `CURRENT` atomically, under one build lock; its
fingerprint covers only the code and data that shape the index. `child` runs the same
build in a child process (`python -m indexer build --json`) and owns that protocol.
"""
from indexer.builder.child import EXIT_BUSY, command, ensure_index_in_child
from indexer.builder.run import (
                               DEFAULT_CACHE,
                               DEFAULT_CORPUS,
                               DEFAULT_INDEX,
                               DEFAULT_VAR,
                               ROOT,
                               BuildBusy,
                               BuildReport,
                               build_lock,
                               clean_leftovers,
                               ensure_index,
                               fingerprint,
                               is_current,
                               read_meta,
                               text_progress,
)

__all__ = ["DEFAULT_CACHE", "DEFAULT_CORPUS", "DEFAULT_INDEX", "DEFAULT_VAR", "EXIT_BUSY", "ROOT", "BuildBusy",
           "BuildReport", "build_lock", "clean_leftovers", "command", "ensure_index", "ensure_index_in_child",
           "fingerprint", "is_current", "read_meta", "text_progress"]
