"""Paper pages in real headless Chromium: tags in the head, the copy button, related papers,
feeds, maths, accessibility (axe-core), and screenshots in light and dark mode."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from generator import archive, citations, maths
from tests.browser import Session
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Where the README's screenshots come from: PAPER_ARCHIVE_SCREENSHOTS=.github/readme pytest …
SCREENSHOTS = os.environ.get("PAPER_ARCHIVE_SCREENSHOTS", "")


def wait(driver: webdriver.Chrome) -> WebDriverWait[webdriver.Chrome]:
    return WebDriverWait(driver, 20)


def paper(arxiv_id: str) -> archive.Paper:
    return next(p for p in archive.load(ROOT / "content").papers if p.arxiv_id == arxiv_id)


def test_head_tags_as_a_browser_sees_them(sample_browser: Session) -> None:
    driver, base = sample_browser
    record = paper("2510.02283")
    driver.get(base + "papers/2510.02283/")

    def meta(name: str) -> list[str]:
        found: list[str] = driver.execute_script(
            "return [...document.querySelectorAll(`meta[name='${arguments[0]}'],"
            " meta[property='${arguments[0]}']`)].map(m => m.content)",
            name,
        )
        return found

    assert meta("og:title") == meta("citation_title") == [record.title]
    assert meta("citation_author") == list(record.authors)
    assert meta("citation_arxiv_id") == ["2510.02283"]
    assert driver.title == f"{record.title} - Paper Archive"
    assert [url.rsplit("/", 3)[1:] for url in meta("og:url")] == [["papers", "2510.02283", ""]]
    # No JSON-LD: nothing the page is for reads it (generator/head.py).
    assert driver.execute_script("return document.querySelector('script[type*=json]').id") == (
        "__config"
    )


def test_copy_button_copies_the_bibtex(sample_browser: Session) -> None:
    driver, base = sample_browser
    record = paper("2510.02283")
    driver.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": base.rstrip("/"),
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    driver.get(base + "papers/2510.02283/")
    button = wait(driver).until(
        ec.element_to_be_clickable(
            (By.CSS_SELECTOR, "pre.pa-cite[data-format=BibTeX] button.md-code__button")
        )
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    copied = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, (e) => done('error: ' + e));"
    )
    key = citations.keys(archive.load(ROOT / "content").papers)[record.key]
    expected = citations.bibtex(
        record, key, "https://example.github.io/paper-archive/papers/2510.02283/"
    )
    assert copied.strip() == expected.strip()


HEADER_SHAPE = """return [...document.querySelectorAll('header *')]
  .filter((e) => (!e.closest('svg') || e.tagName === 'svg') && e.tagName !== 'SCRIPT')
  .map((e) => [e.tagName, e.className.baseVal ?? e.className, e.id,
               e.getAttribute('data-md-component'), e.getAttribute('for'), e.hidden])"""


def test_paper_page_header_is_materials_once_its_script_ran(sample_browser: Session) -> None:
    """The palette toggle, search and configuration, written by the cached script, make the
    same header as on a page MkDocs rendered whole; the toggle and search work from it."""
    driver, base = sample_browser
    config = "const c = JSON.parse(__config.textContent); delete c.base; delete c.search; return c"
    boxes = (
        "return [...document.querySelectorAll('header svg')]"
        ".map((s) => [s.getBBox().width, s.getBBox().height].map(Math.round))"
    )
    driver.get(base + "about/")
    about, about_config = driver.execute_script(HEADER_SHAPE), driver.execute_script(config)
    about_boxes = driver.execute_script(boxes)
    driver.get(base + "papers/2510.02283/")
    assert driver.execute_script(HEADER_SHAPE) == about
    assert driver.execute_script(config) == about_config
    assert len(driver.find_elements(By.ID, "__config")) == 1
    # The icons, drawn from the sprite, take the shapes the inline ones have.
    assert any(width for width, _ in about_boxes)
    wait(driver).until(lambda d: d.execute_script(boxes) == about_boxes)
    body = driver.find_element(By.TAG_NAME, "body")
    before = body.get_attribute("data-md-color-scheme")
    driver.find_element(
        By.CSS_SELECTOR, "form[data-md-component=palette] label:not([hidden])"
    ).click()
    after = body.get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}
    driver.get(base + "papers/2510.02283/")  # the choice is kept, as on Material's pages
    assert driver.find_element(By.TAG_NAME, "body").get_attribute("data-md-color-scheme") == after
    driver.find_element(
        By.CSS_SELECTOR, "form[data-md-component=palette] label:not([hidden])"
    ).click()
    query = driver.find_element(By.CSS_SELECTOR, "header .md-search__input")
    query.click()
    query.send_keys("honesty")
    wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".md-search-result__item")))


def offered_file(driver: webdriver.Chrome, link: tuple[str, str]) -> tuple[str, str]:
    """Click the link and return the name and text of the file the page offers (a Blob it
    makes), kept instead of saved."""
    driver.execute_script(
        "window.offered = [];"
        "const make = URL.createObjectURL;"
        "URL.createObjectURL = (blob) => { window.offered.push(blob); return make(blob); };"
        "HTMLAnchorElement.prototype.click = function () {"
        "  if (this.download) window.offered.push(this.download); };"
    )
    driver.find_element(*link).click()
    wait(driver).until(lambda d: d.execute_script("return window.offered.length") == 2)
    name, text = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const [blob, name] = window.offered;"
        "blob.text().then((text) => done([name, text]));"
    )
    return name, text


def test_tag_bibtex_download_is_made_in_the_browser(sample_browser: Session) -> None:
    """A tag's BibTeX, assembled by bibtex.js from the month files, is what the per-tag file
    held: every paper of the tag, newest first, each entry as its page cites it."""
    driver, base = sample_browser
    driver.get(base + "tags/safety/")
    # Keep the file the page offers (a Blob) instead of saving it.
    name, text = offered_file(driver, (By.PARTIAL_LINK_TEXT, "BibTeX ("))
    papers = archive.load(ROOT / "content").papers
    tagged = [p for p in papers if "safety" in {t.slug for t in p.tags}]
    keys = citations.keys(papers)
    assert name == "safety.bib" and driver.current_url == base + "tags/safety/"
    assert text == citations.bibliography(tagged, keys, "https://example.github.io/paper-archive/")
    assert len(tagged) > 10


def test_month_bibtex_download_is_the_unpacked_file(sample_browser: Session) -> None:
    """A month's entries are stored gzip-compressed; its page's link offers them as a `.bib`."""
    driver, base = sample_browser
    driver.get(base + "dates/2025/10/")
    name, text = offered_file(driver, (By.XPATH, "//article//a[contains(@href, 'papers.bib.gz')]"))
    papers = archive.load(ROOT / "content").papers
    october = [p for p in papers if p.date.isoformat()[:7] == "2025-10"]
    keys = citations.keys(papers)
    assert name == "2025-10.bib" and driver.current_url == base + "dates/2025/10/"
    assert text == citations.bibliography(october, keys, "https://example.github.io/paper-archive/")
    assert len(october) > 10


def test_related_papers_are_listed_and_lead_to_their_pages(sample_browser: Session) -> None:
    driver, base = sample_browser
    driver.get(base + "papers/2510.02283/")
    links = driver.find_elements(
        By.XPATH, "//h2[@id='related-papers']/following-sibling::ul[1]/li/a"
    )
    assert len(links) == 5
    title = links[0].text
    links[0].click()
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, "article h1").text == title)
    # Older and newer lead on by date.
    assert (
        driver.find_elements(By.PARTIAL_LINK_TEXT, "")
        and "Older:" in driver.find_element(By.CSS_SELECTOR, "article").text
    )


def test_feeds_parse_in_the_browser(sample_browser: Session) -> None:
    driver, base = sample_browser
    driver.get(base)
    href = driver.execute_script(
        "return document.querySelector('link[type=\"application/atom+xml\"]').href"
    )
    assert href == base + "feed.xml"
    for feed in ("feed.xml", "tags/safety/feed.xml"):
        result: dict[str, Any] = driver.execute_async_script(
            "const [url, done] = arguments;"
            "fetch(url).then(r => r.text()).then(text => {"
            "  const doc = new DOMParser().parseFromString(text, 'application/xml');"
            "  done({error: doc.querySelector('parsererror') !== null,"
            "        root: doc.documentElement.namespaceURI,"
            "        entries: doc.getElementsByTagName('entry').length});"
            "});",
            base + feed,
        )
        assert result["error"] is False and result["root"] == "http://www.w3.org/2005/Atom"
        assert 0 < result["entries"] <= 50


def test_maths_renders_as_maths_and_prose_stays_text(sample_browser: Session) -> None:
    driver, base = sample_browser
    record = paper("0704.0005")  # From dyadic $\Lambda_{\alpha}$ to $\Lambda_{\alpha}$
    driver.get(base + "papers/0704.0005/")
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "article h1 .pa-math--rendered .katex")
    )
    tex = driver.execute_script(
        "return [...document.querySelectorAll('article h1 .pa-math annotation')]"
        ".map(a => a.textContent)"
    )
    assert tex == [s for s, is_maths in maths.split(record.title) if is_maths]
    # Displayed maths (`\\[ … \\]` in this abstract) renders in KaTeX's display mode.
    driver.get(base + "papers/0704.0079/")
    wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".pa-math--display.pa-math--rendered .katex")
    )
    shown = driver.execute_script(
        "return [...document.querySelectorAll('.pa-math--display annotation')]"
        ".map(a => a.textContent)"
    )
    assert shown == ["L_{e_i}L_{f_j} = \\sum_{k,l} u_{i,j,k,l} L_{f_l}L_{e_k}"]
    assert driver.find_elements(By.CSS_SELECTOR, ".pa-math--display .katex-display")
    # A page of prose with `\%` and `\ourMethod` has no maths at all and loads no KaTeX.
    prose = next(
        p
        for p in archive.load(ROOT / "content").papers
        if "\\%" in p.abstract and not maths.has_maths(p.abstract + p.title)
    )
    driver.get(base + prose.path.removesuffix(".md") + "/")
    assert driver.find_elements(By.CSS_SELECTOR, ".pa-math, .katex") == []
    assert not driver.execute_script("return typeof window.katex !== 'undefined'")
    assert "\\%" in driver.find_element(By.CSS_SELECTOR, "article").text


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize(
    "path",
    [
        "",
        "papers/2510.02283/",
        "papers/0704.0005/",
        "tags/",
        "tags/safety/",
        "dates/2025/10/03/",
        "search/?query=alignment",
    ],
)
def test_no_serious_accessibility_violations(
    sample_browser: Session, path: str, scheme: str
) -> None:
    driver, base = sample_browser
    driver.get(base + path)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
    # Light or dark, as the palette toggle sets it; then let colour transitions finish.
    driver.execute_script(
        "document.body.setAttribute('data-md-color-scheme', arguments[0])", scheme
    )
    wait(driver).until(lambda d: d.execute_script("return document.getAnimations().length") == 0)
    driver.execute_script(AXE.read_text("utf-8"))
    found: list[dict[str, Any]] = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then("
        "  r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        "    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));"
    )
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_screenshots_in_light_and_dark_mode(sample_browser: Session, tmp_path: Path) -> None:
    driver, base = sample_browser
    driver.get(base + "papers/2510.02283/")
    shots = {}
    for scheme in ("default", "slate"):
        driver.execute_script(
            "document.body.setAttribute('data-md-color-scheme', arguments[0])", scheme
        )
        wait(driver).until(
            lambda d: d.execute_script("return document.getAnimations().length") == 0
        )
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        shots[scheme] = (background, driver.get_screenshot_as_png())
    (light_bg, light), (dark_bg, dark) = shots["default"], shots["slate"]
    assert light_bg != dark_bg and light != dark
    assert light.startswith(b"\x89PNG") and dark.startswith(b"\x89PNG")
    target = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    (target / "paper-light.png").write_bytes(light)
    (target / "paper-dark.png").write_bytes(dark)
    driver.get(base)
    (target / "home.png").write_bytes(driver.get_screenshot_as_png())


def test_readme_shows_the_paper_page_in_both_modes() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in ("home.png", "paper-light.png", "paper-dark.png"):
        assert f"(.github/readme/{name})" in readme
        assert (ROOT / ".github" / "readme" / name).read_bytes().startswith(b"\x89PNG")
