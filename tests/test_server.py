"""server.py: what starting the app does beyond the blueprints (config and routes are in test_api)."""
from __future__ import annotations

import json

from indexer.language import morph
from server import waitress_options
from tests.support import make_test_app


def test_a_warm_start_loads_the_analyses_the_last_build_saved(corpus_index, tmp_path):
    """Excerpts analyse every shown word; a start on an existing index must not pay Voikko for each."""
    cache = tmp_path / "cache"
    cache.mkdir()
    made_up = "zqxkokeiluzq"  # a form Voikko does not know: only the saved analysis can answer
    assert morph.analyse_fi(made_up + "a").lemmas == ()
    (cache / f"voikko-v{morph.CACHE_VERSION}.json").write_text(
        json.dumps({made_up: [["kokeilu"], [], False, []]}), encoding="utf-8")
    make_test_app(corpus_index, cache, BUILD_ON_START=False)
    assert morph.analyse_fi(made_up).lemmas == ("kokeilu",)


def test_behind_a_proxy_waitress_trusts_only_the_configured_one():
    assert waitress_options({"THREADS": 8}) == {"threads": 8}
    opts = waitress_options({"THREADS": 4, "TRUSTED_PROXY": "127.0.0.1", "TRUSTED_PROXY_COUNT": 1,
                             "TRUSTED_PROXY_HEADERS": "x-forwarded-for"})
    assert opts["trusted_proxy"] == "127.0.0.1" and opts["clear_untrusted_proxy_headers"] is True
