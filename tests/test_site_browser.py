"""The site in a real browser: headless Chromium loads its pages at phone and desktop widths.

Needs Debian's `chromium` and `chromium-driver` (apt-get install chromium chromium-driver),
the `selenium` package (the `test` extra) and axe-core (`npm install --prefix tests/browser`);
each test that lacks one of them skips and names it. Deselect them all with `-m "not browser"`.

Screenshots of each kind of page at each width are kept as test artefacts, in
`test-artifacts/browser/` (or the folder `PREDICTLEDGER_ARTIFACTS` names).
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from predictledger import load, scorecard
from predictledger._report import render
from predictledger._site import links
from tests.site_helpers import AS_OF, REPO, build_bundled

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
HERE = Path(__file__).resolve().parent
AXE = HERE / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("PREDICTLEDGER_ARTIFACTS", REPO / "test-artifacts")) / "browser"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _chromedriver() -> str | None:
    found = shutil.which("chromedriver")
    if found:
        return found
    candidate = Path("/usr/lib/chromium/chromedriver")
    return str(candidate) if candidate.is_file() else None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, driver_path = _chromium(), _chromedriver()
    if chromium is None:
        pytest.skip("needs Debian's chromium: apt-get install chromium")
    if driver_path is None:
        pytest.skip("needs Debian's chromium-driver: apt-get install chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("needs selenium: pip install -e '.[test]'")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        "--lang=en-US",
    ):
        options.add_argument(argument)
    # With both the browser and its driver given, Selenium needs nothing from the network.
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_bundled(out, title="Pundits on the record")
    # The one-page scorecard, of the same template set, checked beside the site's pages.
    card = scorecard(load(REPO), as_of=AS_OF)
    (out / "scorecard-page.html").write_text(render(card, "html"), "utf-8")
    return out


def _kinds() -> dict[str, str]:
    ledger = load(REPO)
    resolved = next(p for p in ledger.predictions if ledger.outcome(p.id) is not None)
    biggest = max(ledger.sources, key=lambda s: len(ledger.by_source(s.id)))
    return {
        "leaderboard": "index.html",
        "author": links.author("zixi-eth"),
        "claim": links.claim(resolved.id),
        "source": links.source(biggest.id),
        "sector": links.sector(resolved.sector),
        "horizon": links.horizon("1-3y"),
        "sectors": "sectors.html",
        "horizons": "horizons.html",
        "sources": "sources.html",
        "about": "about.html",
        "one-page scorecard": "scorecard-page.html",
    }


KINDS = _kinds()


def _open(driver: Any, site: Path, page: str, width: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get((site / page).as_uri())


def _screenshot(driver: Any, name: str, width: int) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 3000)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.save_screenshot(str(ARTIFACTS / f"{name.replace(' ', '-')}-{width}.png"))


# JavaScript run in the page: the elements that stick out past the viewport's right edge
# (outside any box that scrolls on its own), and how wide the document is.
_OVERFLOW = """
const width = document.documentElement.clientWidth;
function scrolls(el) {
  for (let up = el.parentElement; up; up = up.parentElement) {
    const style = getComputedStyle(up);
    if (style.overflowX === 'auto' || style.overflowX === 'scroll') return true;
  }
  return false;
}
const wide = [];
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if (box.width && box.right > width + 1 && !scrolls(el)
      && !el.classList.contains('visually-hidden') && !el.classList.contains('skip')) {
    wide.push(el.tagName + '.' + el.className + ' right=' + Math.round(box.right));
  }
}
return [document.documentElement.scrollWidth, width, wide.slice(0, 5)];
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(KINDS))
def test_nothing_is_wider_than_the_viewport(
    browser: Any, site: Path, kind: str, width: int
) -> None:
    _open(browser, site, KINDS[kind], width)
    scroll_width, viewport, wide = browser.execute_script(_OVERFLOW)
    _screenshot(browser, kind, width)
    assert scroll_width <= viewport, f"{kind} at {width}px: {scroll_width}px wide; {wide}"
    assert wide == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_leaderboards_figures_are_in_view(browser: Any, site: Path, width: int) -> None:
    _open(browser, site, "index.html", width)
    cells = browser.execute_script(
        """
        const width = document.documentElement.clientWidth;
        const heads = [...document.querySelectorAll('table.leaderboard thead th')]
          .map(th => th.textContent.trim());
        return [...document.querySelectorAll('table.leaderboard tbody tr')].map(row =>
          [...row.cells].map((cell, i) => {
            const box = cell.getBoundingClientRect();
            return [heads[i], cell.textContent.trim(), box.left >= 0 && box.right <= width + 1];
          }));
        """
    )
    assert cells
    for row in cells:
        shown = {head: (text, visible) for head, text, visible in row}
        for head in ("Author", "Hit rate", "95% interval", "Brier", "Skill"):
            assert shown[head][1], f"{head} of {shown['Author'][0]} is off-screen at {width}px"


def test_every_link_of_the_site_leads_to_a_page(browser: Any, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    checked = 0
    for page in pages:
        browser.get(page.as_uri())
        targets = browser.execute_script(
            "return [...document.querySelectorAll('a[href]')].map(a => a.href)"
        )
        for target in targets:
            url = urlsplit(target)
            if url.scheme in ("http", "https"):
                continue
            assert url.scheme == "file", target
            file = Path(unquote(url.path))
            assert file.is_file(), f"{page.relative_to(site)} links to a missing {target}"
            if url.fragment:
                assert f'id="{url.fragment}"' in file.read_text("utf-8"), target
            checked += 1
    assert checked > 500
    print(f"{checked} links of {len(pages)} pages checked")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u2019\u2018\u02bc\u2032\u00b4]", "'", text)
    return " ".join(text.split())


def test_each_highlight_points_at_the_claim_whose_quote_it_covers(browser: Any, site: Path) -> None:
    quotes: dict[str, str] = {}
    checked = 0
    for page in sorted((site / "sources").glob("*.html")):
        browser.get(page.as_uri())
        marks = browser.execute_script(
            """
            return [...document.querySelectorAll('.article a.hl')].map(a => [
              a.href, a.classList.contains('hl-also'),
              [...a.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
                .map(n => n.textContent).join('')]);
            """
        )
        article = _fold(
            browser.execute_script("return document.querySelector('.article').innerText")
        )
        assert marks, page
        for href, also, text in marks:
            if href not in quotes:
                browser.get(href)
                quotes[href] = _fold(
                    browser.execute_script(
                        "return document.querySelector('blockquote').textContent"
                    )
                )
            quote = quotes[href]
            if also:
                assert quote in article, href
            else:
                assert _fold(text), href
                assert _fold(text) in quote, f"{_fold(text)!r} is not in {href}"
            checked += 1
        browser.get(page.as_uri())
    assert checked > 40


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(KINDS))
def test_axe_finds_no_serious_violation(browser: Any, site: Path, kind: str, width: int) -> None:
    if not AXE.is_file():
        pytest.skip("needs axe-core: npm install --prefix tests/browser")
    _open(browser, site, KINDS[kind], width)
    browser.execute_script(AXE.read_text("utf-8"))
    result = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => [v.id, v.impact, v.help, v.nodes.length,
                v.nodes.slice(0, 3).map(n => n.target.join(' '))])))
          .catch(e => done([['axe-error', 'critical', String(e), 0, []]]));
        """
    )
    serious = [v for v in result if v[1] in ("serious", "critical")]
    assert serious == [], f"{kind} at {width}px: {serious}"


def test_the_keyboard_reaches_the_content_first(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(browser, site, "index.html", 1280)
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement.className") == "skip"
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    assert browser.execute_script("return location.hash") == "#main"


def test_the_leaderboard_sorts_by_a_column_from_the_keyboard(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html", 1280)
    button = browser.find_element("css selector", "table.leaderboard thead th:nth-child(8) button")
    names = "return [...document.querySelectorAll('table.leaderboard tbody th')].map(t => t.textContent)"
    made = "return [...document.querySelectorAll('table.leaderboard tbody tr td:nth-child(8)')].map(t => +t.textContent)"
    button.send_keys("\n")
    ascending = browser.execute_script(made)
    assert ascending == sorted(ascending)
    button.send_keys("\n")
    assert browser.execute_script(made) == sorted(ascending, reverse=True)
    assert len(browser.execute_script(names)) == len(ascending)
