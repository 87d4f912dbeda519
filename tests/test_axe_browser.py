"""axe-core in Chromium on the main page states, Finnish and Swedish, wide and at 320 px: no finding
of any impact (the bar was critical and serious; the pages meet the stricter one). axe-core is
pinned (version and SHA-256 of axe.min.js) and fetched once with `npm pack` into var/ (gitignored);
without npm or the registry the module is skipped."""
from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import pytest

from tests.support import CHROMIUM, ROOT

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (/usr/bin/chromium)", allow_module_level=True)

AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_FILE = ROOT / "var" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
# (path, width): the states people meet first; the phone ones with the filters or contents opened
STATES = [("/", 1280), ("/?q=kotihoito&lang=sv", 1280), ("/?q=zzzqqxx", 320),
          ("/?q=kokeilu&municipality=Kouvola", 320), ("/kunnat?lang=sv", 320), ("/kunnat/Kouvola", 1280),
          ("/posterit/kouvola-ennaltaehkaiseva-tyoote-ohjaamossa?lang=sv", 320),
          ("/asiakirjat/vm-loppuraportti-2017?luku=14", 320), ("/keskustelu?q=Mit%C3%A4+Kouvola+kokeili%3F", 1280),
          ("/embed?q=kotihoito", 1280)]
OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"
RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) }));
}"""


def fetch_axe() -> str:
    """axe.min.js of the pinned version: from var/, else `npm pack`ed once and checked against its hash."""
    if not AXE_FILE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: axe-core cannot be fetched")
        with tempfile.TemporaryDirectory() as tmp:
            done = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination", tmp, "--silent"],
                                  capture_output=True, timeout=120, check=False)
            packed = list(Path(tmp).glob("axe-core-*.tgz"))
            if done.returncode or not packed:
                pytest.skip(f"npm pack axe-core@{AXE_VERSION} failed: {done.stderr.decode()[:200]}")
            with tarfile.open(packed[0]) as tar:
                body = tar.extractfile("package/axe.min.js").read()
        AXE_FILE.parent.mkdir(parents=True, exist_ok=True)
        AXE_FILE.write_bytes(body)
    body = AXE_FILE.read_bytes()
    assert hashlib.sha256(body).hexdigest() == AXE_SHA256, f"{AXE_FILE} is not axe-core {AXE_VERSION}"
    return io.TextIOWrapper(io.BytesIO(body), encoding="utf-8").read()


@pytest.fixture(scope="module")
def axe_source() -> str:
    return fetch_axe()


def test_main_page_states_have_no_axe_findings(browser, live_server, axe_source):
    found = {}
    for width in sorted({w for _, w in STATES}):
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 400)
        pg = context.new_page()
        for path, w in STATES:
            if w != width:
                continue
            pg.goto(live_server.url + path)
            pg.evaluate(OPEN_ALL)  # what is folded is checked too
            pg.evaluate(axe_source)  # evaluated, not a <script>: the app's CSP allows no inline script
            bad = pg.evaluate(RUN_AXE)
            if bad:
                found[f"{path} @ {width}px"] = bad
        context.close()
    assert not found, found


RUN_AXE_ON_WIDGET = """async () => {
  const result = await axe.run({ include: [['[data-kokeiluhaku]']] }, { resultTypes: ['violations'] });
  return result.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')) }));
}"""


def test_the_widget_on_a_host_page_has_no_axe_findings(browser, widget_setup, axe_source):
    """The embedded widget with results shown, wide and at 320 px: axe descends into its open shadow root."""
    from playwright.sync_api import expect

    _, allowed, _ = widget_setup
    found = {}
    for width in (1280, 320):
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 400)
        pg = context.new_page()
        pg.goto(allowed.origin + "/intranet.html")
        widget = pg.locator("[data-kokeiluhaku]")
        widget.get_by_role("searchbox").press_sequentially("ohjaamo", delay=20)
        expect(widget.locator("ol.results li a.t").first).to_be_visible()
        pg.evaluate(axe_source)  # the host page has no CSP: evaluated all the same, as on the app's pages
        bad = pg.evaluate(RUN_AXE_ON_WIDGET)
        if bad:
            found[f"widget @ {width}px"] = bad
        context.close()
    assert not found, found
