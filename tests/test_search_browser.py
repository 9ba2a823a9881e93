"""Search in real headless Chromium: same results as lunr.py, fielded queries, filters, URLs."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from lunr.index import Index
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from generator import archive
from generator.search import index, query
from tests.browser import Session, browse
from tests.conftest import FIXTURES, ROOT, build_site, copy_project

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
    "surv",
    "preference optimization direct",
]


@pytest.fixture(scope="module")
def python_side() -> tuple[Index, dict[str, Any], list[index.SearchDoc]]:
    sample = archive.load(ROOT / "content")
    docs = index.documents(sample)
    years: dict[str, list[int]] = {}
    for doc in docs:
        years.setdefault(doc.year, [doc.ref, doc.ref])[1] = doc.ref
    return Index.load(index.to_lunr(index.build(docs), docs)), years, docs


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
    sample_browser: Session, python_side: tuple[Any, Any, Any], text: str
) -> None:
    driver, base = sample_browser
    if not driver.current_url.startswith(base + "search/"):
        driver.get(base + "search/")
    lunr_index, years, _ = python_side
    expected = [
        [r["ref"], r["score"]] for r in query.search(lunr_index, query.parse(text, False), years)
    ]
    total, ranked = browser_results(driver, text)
    assert (total, ranked) == (len(expected), expected[: TOP // 2 * 2])
    assert expected or text.startswith(("year:..2024", "surv"))


PAGE_BOX = "#pa-search input[name=query]"  # Material's header box is named `query` too


def result_titles(driver: webdriver.Chrome) -> list[str]:
    """The titles listed, read in one go (the list is replaced as results arrive)."""
    titles: list[str] = driver.execute_script(
        "return [...document.querySelectorAll('.pa-search-result__title')].map(e => e.innerText)"
    )
    return titles


def test_a_fielded_query_and_a_tag_filter_on_the_search_page(
    sample_browser: Session, python_side: tuple[Any, Any, Any]
) -> None:
    driver, base = sample_browser
    driver.get(base + "search/")
    box = driver.find_element(By.CSS_SELECTOR, PAGE_BOX)
    box.send_keys("title:alignment")
    Select(driver.find_element(By.NAME, "tag")).select_by_visible_text("Surveys")
    lunr_index, years, docs = python_side
    parsed = query.parse("title:alignment", False)
    parsed.clauses.append(query.Clause("surveys", ("tag",), required=True))
    expected = [docs[r["ref"]].title for r in query.search(lunr_index, parsed, years)]
    assert 1 < len(expected) < 10
    wait(driver).until(lambda d: result_titles(d) == expected)
    assert all("align" in t.lower() for t in expected)  # alignment, aligning: one stem
    status = driver.find_element(By.ID, "pa-search-status").text
    assert status == f"{len(expected)} papers"
    params = parse_qs(urlsplit(driver.current_url).query)
    assert params == {"query": ["title:alignment"], "tag": ["surveys"]}


def test_a_shared_link_restores_query_filters_and_sort(
    sample_browser: Session, python_side: tuple[Any, Any, Any]
) -> None:
    driver, base = sample_browser
    driver.get(base + "search/?query=reward&tag=safety&from=2025&to=2025&sort=date")
    assert driver.find_element(By.CSS_SELECTOR, PAGE_BOX).get_attribute("value") == "reward"
    assert Select(driver.find_element(By.NAME, "tag")).first_selected_option.text == "Safety"
    assert Select(driver.find_element(By.NAME, "sort")).first_selected_option.text == "Newest first"
    lunr_index, years, docs = python_side
    parsed = query.parse("reward sort:date year:2025..2025", False)
    parsed.clauses.append(query.Clause("safety", ("tag",), required=True))
    expected = [docs[r["ref"]].title for r in query.search(lunr_index, parsed, years)]
    wait(driver).until(lambda d: result_titles(d) == expected[:20])
    dates = [e.text[:10] for e in driver.find_elements(By.CSS_SELECTOR, ".pa-search-result__meta")]
    assert dates == sorted(dates, reverse=True)


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
    python_side: tuple[Index, dict[str, Any], list[index.SearchDoc]],
) -> None:
    lunr_index, years, _ = python_side
    total = len(query.search(lunr_index, query.parse("alignment", True), years))
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
