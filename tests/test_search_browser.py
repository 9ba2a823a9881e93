"""Search in real headless Chromium: same results as lunr.py, fielded queries, filters, URLs."""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from lunr.index import Index
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from generator import archive
from generator.search import index, query
from tests.browser import QuietHandler, Session, browse, chromium, loopback
from tests.conftest import FIXTURES, ROOT, build_site, copy_project
from tests.search_cases import FINDS, TYPED

pytestmark = pytest.mark.browser

QUERIES = [
    "alignment",
    "reward model",
    "title:survey",
    "tag:safety jailbreak",
    "tag:preference-optimization -diffusion",
    "abstract:honest year:2025",
    "multimodal sort:date",
    "alignment sort:date",
    "model",
    "year:..2024 alignment",
    "year:2024-2025",
    "year:2024..2025",
    "year:..2024",
    "year:2024..",
    "year:2025.. -model",
    "Li",
    "He",
    "reward m",
    "surv",
    "preference optimization direct",
]


class PythonSide:
    """The Python side of a site's search: lunr.py over the same index, the same queries."""

    def __init__(self, content: Path) -> None:
        self.docs = index.documents(archive.load(content))
        built = index.build(self.docs)
        self.years: dict[str, list[int]] = {}
        for doc in self.docs:
            self.years.setdefault(doc.year, [doc.ref, doc.ref])[1] = doc.ref
        self.lunr = Index.load(index.to_lunr(built, self.docs))
        self.vocabulary = query.Vocabulary.of(built.terms, built.forms)

    def search(self, parsed: query.ParsedQuery) -> list[dict[str, Any]]:
        return query.search(self.lunr, parsed, self.years, self.vocabulary, self.docs)

    def ranked(self, text: str, typing: bool = True) -> list[list[float]]:
        return [[r["ref"], r["score"]] for r in self.search(query.parse(text, typing))]

    def titles(self, parsed: query.ParsedQuery) -> list[str]:
        return [self.docs[r["ref"]].title for r in self.search(parsed)]


@pytest.fixture(scope="module")
def python_side() -> PythonSide:
    return PythonSide(ROOT / "content")


def wait(driver: webdriver.Chrome) -> WebDriverWait[webdriver.Chrome]:
    return WebDriverWait(driver, 20)


WORKER_QUERY = """
const [message, done] = [arguments[0], arguments[arguments.length - 1]];
const worker = new Worker("../assets/paper-archive/search-worker.js");
worker.onmessage = (event) => {
  if (event.data.type === "pa:ready") worker.postMessage(message);
  else if (event.data.type === "pa:result") { worker.terminate(); done(event.data); }
};
worker.postMessage({type: "pa:setup"});
"""


TOP = 25  # the worker ranks (with lunr) the results of the pages asked for: here two pages


def browser_results(driver: webdriver.Chrome, text: str) -> tuple[int, list[list[float]]]:
    message = {"type": "pa:query", "id": 1, "query": text, "size": TOP // 2, "page": 2}
    data: dict[str, Any] = driver.execute_async_script(WORKER_QUERY, message)
    assert "error" not in data, data
    return data["total"], [[int(ref), float(score)] for ref, score in data["refs"]]


@pytest.mark.parametrize("text", QUERIES)
def test_browser_and_lunr_py_give_the_same_ranked_results(
    sample_browser: Session, python_side: PythonSide, text: str
) -> None:
    driver, base = sample_browser
    if not driver.current_url.startswith(base + "search/"):
        driver.get(base + "search/")
    expected = python_side.ranked(text)
    total, ranked = browser_results(driver, text)
    assert (total, ranked) == (len(expected), expected[: TOP // 2 * 2])
    assert expected


PAGE_BOX = "#pa-search input[name=query]"  # Material's header box is named `query` too


def result_titles(driver: webdriver.Chrome) -> list[str]:
    """The titles listed, read in one go (the list is replaced as results arrive)."""
    titles: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('.pa-search-result__title')].map(e => e.innerText)"
    )
    return titles


def test_a_fielded_query_and_a_tag_filter_on_the_search_page(
    sample_browser: Session, python_side: PythonSide
) -> None:
    driver, base = sample_browser
    driver.get(base + "search/")
    box = driver.find_element(By.CSS_SELECTOR, PAGE_BOX)
    box.send_keys("title:alignment")
    Select(driver.find_element(By.NAME, "tag")).select_by_visible_text("Surveys")
    parsed = query.parse("title:alignment", True)
    parsed.clauses.append(query.Clause("surveys", ("tag",), required=True))
    expected = python_side.titles(parsed)
    assert 1 < len(expected) < 10
    wait(driver).until(lambda d: result_titles(d) == expected)
    assert all("align" in t.lower() for t in expected)  # alignment, aligning: one stem
    status = driver.find_element(By.ID, "pa-search-status").text
    assert status == f"{len(expected)} papers"
    params = parse_qs(urlsplit(driver.current_url).query)
    assert params == {"query": ["title:alignment"], "tag": ["surveys"]}


def test_a_shared_link_restores_query_filters_and_sort(
    sample_browser: Session, python_side: PythonSide
) -> None:
    driver, base = sample_browser
    driver.get(base + "search/?query=reward&tag=safety&from=2025&to=2025&sort=date")
    assert driver.find_element(By.CSS_SELECTOR, PAGE_BOX).get_attribute("value") == "reward"
    assert Select(driver.find_element(By.NAME, "tag")).first_selected_option.text == "Safety"
    assert Select(driver.find_element(By.NAME, "sort")).first_selected_option.text == "Newest first"
    parsed = query.parse("reward", True)  # as the page reads its box: `reward` being typed
    parsed.year_from, parsed.year_to, parsed.sort = 2025, 2025, "date"
    parsed.clauses.append(query.Clause("safety", ("tag",), required=True))
    expected = python_side.titles(parsed)
    wait(driver).until(lambda d: result_titles(d) == expected[:20])
    dates = [e.text[:10] for e in driver.find_elements(By.CSS_SELECTOR, ".pa-search-result__meta")]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("link", ["?from=2024&to=2025", "?query=year%3A2024..2025"])
def test_a_year_range_alone_lists_its_papers_on_the_search_page(
    sample_browser: Session, python_side: PythonSide, link: str
) -> None:
    driver, base = sample_browser
    driver.get(base + "search/" + link)
    expected = python_side.titles(query.parse("year:2024..2025", True))
    assert len(expected) > 100
    wait(driver).until(lambda d: result_titles(d) == expected[:20])
    status = driver.find_element(By.ID, "pa-search-status").text
    assert status.startswith(f"{len(expected)} papers")


def test_results_page_and_keyboard(sample_browser: Session) -> None:
    driver, base = sample_browser
    driver.get(base + "search/?query=alignment")
    wait(driver).until(lambda d: len(result_titles(d)) == 20)
    assert "page 1 of" in driver.find_element(By.ID, "pa-search-status").text
    first_page = result_titles(driver)
    driver.find_element(By.XPATH, "//button[normalize-space()='Next →']").click()
    wait(driver).until(lambda d: result_titles(d) and result_titles(d) != first_page)
    assert parse_qs(urlsplit(driver.current_url).query)["page"] == ["2"]

    box = driver.find_element(By.CSS_SELECTOR, PAGE_BOX)
    box.send_keys(Keys.ARROW_DOWN)
    first = driver.switch_to.active_element
    assert "pa-search-result" in (first.get_attribute("class") or "")
    target = first.get_attribute("href")
    first.send_keys(Keys.ARROW_DOWN)
    assert driver.switch_to.active_element.get_attribute("href") != target
    driver.switch_to.active_element.send_keys(Keys.ARROW_UP, Keys.ENTER)
    wait(driver).until(ec.url_to_be(target))


def test_header_search_highlights_and_links_to_all_results(
    sample_browser: Session,
    python_side: PythonSide,
) -> None:
    total = len(python_side.ranked("alignment"))
    assert total > 20
    driver, base = sample_browser
    driver.get(base + "about/")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys("alignment")
    items = wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item") or None
    )
    assert len(items) == 10  # the nine best, then the link to all of them
    marks = driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item mark")
    assert marks and all(m.text.lower().startswith("align") for m in marks)
    last = items[-1].find_element(By.TAG_NAME, "a")
    assert last.text.startswith(f"All {total} results")
    last.click()
    wait(driver).until(ec.url_contains("/search/?query=alignment"))
    wait(driver).until(
        lambda d: f"{total} papers" in d.find_element(By.ID, "pa-search-status").text
    )


def test_result_text_from_inputs_is_never_markup(tmp_path_factory: pytest.TempPathFactory) -> None:
    project = copy_project(tmp_path_factory.mktemp("hostile"), FIXTURES / "small")
    build_site(project, project / "site")
    with browse(project / "site") as (driver, base):
        driver.get(base + "search/?query=ourmethod")
        wait(driver).until(lambda d: result_titles(d))
        [title] = result_titles(driver)
        assert title.startswith("</title><script>alert('t')</script>")
        results = driver.find_element(By.ID, "pa-search-results")
        assert results.find_elements(By.TAG_NAME, "script") == []
        assert results.find_elements(By.TAG_NAME, "img") == []
        snippet = driver.find_element(By.CSS_SELECTOR, ".pa-search-result__snippet").text
        assert "<img src=x onerror=alert(1)>" in snippet
        driver.get(base)
        box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
        box.click()
        box.send_keys("ourmethod")
        item = wait(driver).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item") or None
        )[0]
        assert "<script>alert('t')</script>" in item.text
        assert item.find_elements(By.TAG_NAME, "script") == []
        assert (
            json.loads(driver.execute_script("return JSON.stringify(window.__pwned || null)"))
            is None
        )


@pytest.fixture(scope="module")
def cases_browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """The archive of what readers type (tests/fixtures/search), built and browsed."""
    project = copy_project(tmp_path_factory.mktemp("cases"), FIXTURES / "search")
    build_site(project, project / "site")
    with browse(project / "site") as session:
        yield session


@pytest.fixture(scope="module")
def cases_side() -> PythonSide:
    return PythonSide(FIXTURES / "search")


@pytest.mark.parametrize(("text", "title"), FINDS)
def test_what_readers_type_finds_the_same_papers_in_chromium(
    cases_browser: Session, cases_side: PythonSide, text: str, title: str
) -> None:
    driver, base = cases_browser
    if not driver.current_url.startswith(base + "search/"):
        driver.get(base + "search/")
    typed = text if text in TYPED else text + " "  # a space after a word: typed in full
    expected = cases_side.ranked(typed)
    total, ranked = browser_results(driver, typed)
    assert (total, ranked) == (len(expected), expected[: TOP // 2 * 2])
    titles = [unicodedata.normalize("NFC", cases_side.docs[int(r)].title) for r, _ in ranked]
    assert title in titles


HEADER_BOX = "input.md-search__input"
HEADER_LINKS = """
return [...document.querySelectorAll('.md-search-result__item > a')]
  .map(a => {
    const u = new URL(a.href);
    u.searchParams.delete('h');  // search.highlight's words, tested on their own
    return u.pathname + (u.pathname.endsWith('/search/') ? u.search : '');
  });
"""


def header_expected(python_side: PythonSide, base: str, text: str) -> list[str]:
    """The links Material's list shows for a query: the nine best, then the link to all."""
    ranked = python_side.ranked(text)
    root = urlsplit(base).path
    links = [root + python_side.docs[int(ref)].url for ref, _ in ranked[:9]]
    if len(ranked) > 9:
        links.append(root + "search/?" + urlencode({"query": text}))  # as URLSearchParams writes
    return links


def test_typing_letter_by_letter_never_loses_the_results(
    sample_browser: Session, python_side: PythonSide
) -> None:
    driver, base = sample_browser
    driver.get(base + "about/")
    box = driver.find_element(By.CSS_SELECTOR, HEADER_BOX)
    box.click()
    for word in ("reinforcement", "alignment"):
        box.clear()
        for end in range(1, len(word) + 1):
            box.send_keys(word[end - 1])
            if end < 3:
                continue
            expected = header_expected(python_side, base, word[:end])
            assert expected, word[:end]
            try:
                wait(driver).until(lambda d, e=expected: d.execute_script(HEADER_LINKS) == e)
            except TimeoutException:
                shown = driver.execute_script(HEADER_LINKS)
                raise AssertionError((word[:end], expected, shown)) from None


def header_search(driver: Any, base: str, python_side: PythonSide, text: str) -> list[str]:
    """Type `text` in the header's box on a hand-written page; wait for the links lunr.py's
    ranking gives, and return them."""
    driver.get(base + "about/")
    box = driver.find_element(By.CSS_SELECTOR, HEADER_BOX)
    box.click()
    box.send_keys(text)
    expected = header_expected(python_side, base, text)
    wait(driver).until(lambda d: d.execute_script(HEADER_LINKS) == expected)
    return expected


def test_the_all_results_link_and_the_search_page_find_the_same_papers(
    sample_browser: Session, python_side: PythonSide
) -> None:
    driver, base = sample_browser
    header_search(driver, base, python_side, "reinforcem")
    titles = [python_side.docs[int(ref)].title for ref, _ in python_side.ranked("reinforcem")]
    whole = {python_side.docs[int(ref)].title for ref, _ in python_side.ranked("reinforcement ")}
    assert len(titles) > 9 and set(titles) >= whole
    link = driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")[-1]
    assert link.text.startswith(f"All {len(titles)} results")
    link.click()
    wait(driver).until(ec.url_contains("/search/?query=reinforcem"))
    wait(driver).until(
        lambda d: d.find_element(By.ID, "pa-search-status").text.startswith(f"{len(titles)} papers")
    )
    wait(driver).until(lambda d: result_titles(d) == titles[:20])

    driver.get(base + "search/")  # the page's own box: the word being typed is a prefix
    driver.find_element(By.CSS_SELECTOR, PAGE_BOX).send_keys("reinforcem")
    wait(driver).until(lambda d: result_titles(d) == titles[:20])


def test_a_result_opens_with_the_query_highlighted_and_search_still_works(
    sample_browser: Session, python_side: PythonSide
) -> None:
    driver, base = sample_browser
    expected = header_search(driver, base, python_side, "alignment")
    driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")[0].click()
    wait(driver).until(ec.url_contains(expected[0]))
    assert "h=" in driver.current_url
    marks = wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "article mark[data-md-highlight]") or None
    )
    assert all(m.text.lower().startswith("align") for m in marks)
    box = driver.find_element(By.CSS_SELECTOR, HEADER_BOX)
    box.click()
    box.send_keys("reward")
    again = header_expected(python_side, base, "reward")
    wait(driver).until(lambda d: d.execute_script(HEADER_LINKS) == again)


@pytest.mark.parametrize("text", ["Li", "He", "year:2024-2025", "year:..2024"])
def test_the_header_finds_short_names_and_year_ranges_as_typed(
    sample_browser: Session, python_side: PythonSide, text: str
) -> None:
    """No space after the query: `Li` is a whole word being typed, a year range a filter."""
    driver, base = sample_browser
    driver.get(base + "about/")
    box = driver.find_element(By.CSS_SELECTOR, HEADER_BOX)
    box.click()
    box.send_keys(text)
    expected = header_expected(python_side, base, text)
    assert len(expected) == 10  # nine papers and the link to all of them
    try:
        wait(driver).until(lambda d: d.execute_script(HEADER_LINKS) == expected)
    except TimeoutException:
        raise AssertionError((expected, driver.execute_script(HEADER_LINKS))) from None


def test_a_result_found_without_accents_opens_with_the_accented_name_marked(
    cases_browser: Session, cases_side: PythonSide
) -> None:
    driver, base = cases_browser
    driver.get(base + "about/")
    box = driver.find_element(By.CSS_SELECTOR, HEADER_BOX)
    box.click()
    box.send_keys("Muller ")
    expected = header_expected(cases_side, base, "Muller ")
    wait(driver).until(lambda d: d.execute_script(HEADER_LINKS) == expected)
    first = cases_side.docs[int(cases_side.ranked("Muller ")[0][0])]
    assert "Müller" in unicodedata.normalize("NFC", " ".join(first.authors))  # decomposed ü
    driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")[0].click()
    wait(driver).until(ec.url_contains(expected[0]))
    marks = wait(driver).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "article mark[data-md-highlight]") or None
    )
    marked = {unicodedata.normalize("NFC", m.text) for m in marks}
    # (`muller` also begins the citation key, which Material marks as the query's own word.)
    assert "Müller" in marked and {m.lower() for m in marked} <= {"müller", "muller"}, marked


@pytest.mark.parametrize(
    "text",
    [
        "year:2025-2025 model ",
        "YEAR:2024..2025 model ",
        'title:"reward shaping"',
        '"reward model"',
        "He He ",
        "the reward ",
        "sort: date model ",
        "Gro\u0308bner ",
    ],
)
def test_forgiving_queries_rank_as_in_python_in_chromium(
    cases_browser: Session, cases_side: PythonSide, text: str
) -> None:
    driver, base = cases_browser
    if not driver.current_url.startswith(base + "search/"):
        driver.get(base + "search/")
    expected = cases_side.ranked(text)
    assert expected
    assert browser_results(driver, text) == (len(expected), expected[: TOP // 2 * 2])


def test_a_first_page_never_downloads_the_list_of_urls(sample_browser: Session) -> None:
    """Material fetches sitemap.xml beside the feed's link: it is an index of a few lines."""
    driver, base = sample_browser
    driver.get(base)
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
    fetched = wait(driver).until(
        lambda d: (
            d.execute_script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                ".filter(n => n.endsWith('sitemap.xml'))"
            )
            or None
        )
    )
    assert fetched == [base + "sitemap.xml"]
    text = driver.execute_async_script(
        "fetch(arguments[0]).then((r) => r.text()).then(arguments[1]);", fetched[0]
    )
    assert "<sitemapindex" in text and "<url>" not in text and len(text) < 1000


class StoredGzipHandler(QuietHandler):
    """Sends the search's `.json.gz` files as a host that serves precompressed files does: their
    bytes as they are, with `Content-Encoding: gzip` (the browser decompresses them before a
    script sees them), or, `broken`, a gzip header and then bytes that are no deflate stream."""

    sent: list[str]
    broken: bool = False

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))  # (without the `?v=` query)
        if not path.name.endswith(".json.gz") or not path.is_file():
            super().do_GET()
            return
        body = (
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffnot deflate"
            if self.broken
            else path.read_bytes()
        )
        self.send_response(200)
        self.send_header(
            "Content-Type", "application/octet-stream" if self.broken else "application/json"
        )
        if not self.broken:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.sent.append(path.relative_to(Path(self.directory)).as_posix())


@contextmanager
def stored_gzip_browser(site: Path, broken: bool = False) -> Iterator[tuple[Session, list[str]]]:
    sent: list[str] = []
    handler = type("Handler", (StoredGzipHandler,), {"sent": sent, "broken": broken})
    with loopback(functools.partial(handler, directory=str(site))) as root, chromium() as driver:
        yield (driver, root + "/"), sent


def test_search_works_when_the_host_sends_the_files_gzip_encoded(
    sample_site: Path, python_side: PythonSide
) -> None:
    """The files stored gzipped and sent with `Content-Encoding: gzip`: the worker gets their
    JSON, already decompressed, and reads it as it is; results as lunr.py's."""
    with stored_gzip_browser(sample_site) as ((driver, base), sent):
        driver.get(base + "search/")
        for text in ("reward model", "alignment sort:date", "tag:safety jailbreak", "surv"):
            expected = python_side.ranked(text)
            assert expected and browser_results(driver, text) == (
                len(expected),
                expected[: TOP // 2 * 2],
            )
        header_search(driver, base, python_side, "alignment")
        assert {p.split("/")[1] for p in sent} == {"shards", "doc"}
        # What a script is given of such a file: the JSON, not gzip.
        first, encoding = driver.execute_async_script(
            "fetch(arguments[0]).then((r) => r.arrayBuffer().then((b) =>"
            " arguments[1]([new Uint8Array(b)[0], r.headers.get('content-encoding')])));",
            base + sent[0],
        )
        assert (chr(first), encoding) == ("[", "gzip")


def test_a_search_file_that_cannot_be_read_is_said_on_the_search_page(sample_site: Path) -> None:
    with stored_gzip_browser(sample_site, broken=True) as ((driver, base), sent):
        driver.get(base + "search/?query=alignment")
        status = wait(driver).until(
            lambda d: (
                d.find_element(By.ID, "pa-search-status").text.startswith("Search failed")
                and d.find_element(By.ID, "pa-search-status").text
            )
        )
        assert status.startswith("Search failed: Error: shards/"), status
        assert ".json.gz" in status and sent
