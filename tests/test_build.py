"""Real `mkdocs build --strict` runs: the sample archive, determinism, and hostile input."""

from __future__ import annotations

import gzip
import json
import posixpath
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from generator import archive, maths
from tests.conftest import FIXTURES, ROOT, build_site, copy_project
from tests.htmltext import Page

pytestmark = pytest.mark.build


def read(site: Path, url: str) -> Page:
    path = site / url.lstrip("/")
    if url.endswith("/") or not url:
        path = path / "index.html"
    return Page(path.read_text("utf-8"))


def crawl(site: Path) -> set[str]:
    """Every page reachable by following links from the home page, as site-relative URLs."""
    seen: set[str] = set()
    queue = [""]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        for href in read(site, url).hrefs:
            target, _ = urldefrag(href)
            if not target or urlsplit(target).scheme or target.startswith("/"):
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname("/" + url), target))
            resolved = resolved.lstrip("/") + ("/" if target.endswith("/") else "")
            if resolved.endswith("/") and (site / resolved / "index.html").is_file():
                queue.append(resolved)
    return seen


def test_sample_site_has_449_paper_pages(sample_site: Path) -> None:
    pages = {p.parent.name for p in sample_site.glob("papers/*/index.html")}
    moved = {url.split("/")[1] for url in archive.load(ROOT / "content").redirects}
    assert len(moved) == 4 and moved <= pages  # the title URLs of papers now known by id
    assert len(pages - moved) == 449


def as_shown(text: str) -> str:
    """The text a page shows before scripts run: maths as its TeX, without `$` delimiters."""
    return "".join(segment for segment, _ in maths.split(text))


def test_every_abstract_and_title_is_in_its_page_verbatim(sample_site: Path) -> None:
    with_maths = 0
    for paper in archive.load(ROOT / "content").papers:
        path = paper.path.removesuffix(".md") + "/"
        page = read(sample_site, path)
        assert [t for t, _ in page.elements].count("h1") == 1, paper.title
        assert as_shown(paper.abstract) in page.text, paper.title
        assert page.text.startswith(as_shown(paper.title)), paper.title
        assert page.title == f"{paper.title} - Paper Archive"
        expected = [s for s, is_maths in maths.split(paper.title) if is_maths]
        expected += [s for s, is_maths in maths.split(paper.abstract) if is_maths]
        # Each maths fragment of the title and abstract is an element holding its TeX (related
        # papers' titles on the page may add more).
        assert set(expected) <= set(page.maths), paper.title
        with_maths += len(expected)
    assert with_maths > 20  # the sample has maths: arXiv and BibTeX titles and abstracts


def test_every_tag_date_and_paper_page_is_reachable_from_home(sample_site: Path) -> None:
    reachable = crawl(sample_site)
    redirects = set(archive.load(ROOT / "content").redirects)
    built = {
        p.parent.relative_to(sample_site).as_posix() + "/"
        for p in sample_site.rglob("index.html")
        if p.parent != sample_site and p.parent.name not in ("search", "assets")
    } - redirects
    assert {u for u in built if u.startswith(("tags/", "dates/", "papers/"))} <= reachable
    assert len([u for u in reachable if u.startswith("papers/")]) == 449
    assert {"tags/", "dates/", "dates/2025/", "dates/2025/03/", "dates/2025/03/11/"} <= reachable


def test_paper_pages_link_to_their_date_pages(sample_site: Path) -> None:
    for paper in archive.load(ROOT / "content").papers:
        hrefs = read(sample_site, paper.path.removesuffix(".md") + "/").hrefs
        day = paper.date
        # A paper known by its month or year (from BibTeX) is filed under that, not a day.
        depth = {"year": 1, "month": 2, "day": 3}[paper.date_precision]
        for expected in (
            f"../../dates/{day.year}/",
            f"../../dates/{day:%Y/%m}/",
            f"../../dates/{day:%Y/%m/%d}/",
        )[:depth]:
            assert expected in hrefs
        assert (f"../../dates/{day:%Y/%m/%d}/" in hrefs) == (depth == 3)


def test_tag_index_lists_counts_and_tag_pages_list_newest_first(sample_site: Path) -> None:
    result = archive.load(ROOT / "content")
    index = read(sample_site, "tags/").text
    for tag in result.tags:
        papers = [p for p in result.papers if tag in p.tags]
        assert f"{tag.name} {len(papers)} {tag.description}" in index
        page = read(sample_site, f"tags/{tag.slug}/").text
        positions = [page.index(as_shown(p.title)) for p in papers[:100]]
        assert positions == sorted(positions)


def test_home_page_shows_totals_and_newest(sample_site: Path) -> None:
    home = read(sample_site, "")
    assert "449 papers from 14 listings" in home.text
    newest = archive.load(ROOT / "content").papers[0]
    assert newest.title in home.text
    # Paper pages are not in the navigation: the nav would grow with the archive on every page.
    assert not [h for h in read(sample_site, "about/").hrefs if "papers/" in h]


def test_export_json_holds_every_paper(sample_site: Path) -> None:
    raw = (sample_site / "archive.json.gz").read_bytes()
    # gzip, with no time or name in its header: the same archive gives the same bytes.
    assert raw[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    assert not (sample_site / "archive.json").exists()
    data = json.loads(gzip.decompress(raw))
    assert data["schema_version"] == 2
    assert len(data["papers"]) == 449
    assert all((sample_site / p["url"] / "index.html").is_file() for p in data["papers"])


def test_listing_inputs_are_not_published(sample_site: Path) -> None:
    assert not (sample_site / "listings").exists()
    assert not (sample_site / "taxonomy.yml").exists()
    assert not (sample_site / "labels").exists()  # the tagger's examples are inputs too


def test_two_builds_are_byte_identical(sample_site: Path, tmp_path: Path) -> None:
    second = copy_project(tmp_path) / "site"
    build_site(second.parent, second)

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    first_files, second_files = files(sample_site), files(second)
    assert sorted(first_files) == sorted(second_files)
    assert [p for p in first_files if first_files[p] != second_files[p]] == []


def test_hostile_input_stays_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "small")
    site = project / "site"
    build_site(project, site)
    [page_path] = site.glob("papers/title-script*/index.html")
    page = Page(page_path.read_text("utf-8"))
    title = "</title><script>alert('t')</script> {{ config.site_name }} *Not* `Code` [x](y)"
    assert page.title == f"{title} - Paper Archive"
    assert page.text.startswith(title)
    assert "<script>alert('a')</script>, <img src=x onerror=alert(1)> & {% raw %}" in page.text
    assert not any("alert" in s for s in page.script_text)
    # In the head it is attribute text (link previews and citation tags), never markup.
    names = {a.get("property") or a.get("name"): a.get("content") for t, a in page.elements}
    titles = [names["og:title"], names["citation_title"]]
    assert titles == [title, title]  # og:title, citation_title
    assert not any(tag == "img" and "onerror" in attrs for tag, attrs in page.elements)
    assert not any((attrs.get("href") or "").startswith("javascript") for _, attrs in page.elements)
    # No inline markup the input could have made (the page's own labels are <strong>, its own
    # <code> holds the two citations).
    made = {"em", "del", "ins", "mark", "sup", "sub", "h2"} & {t for t, _ in page.elements}
    assert made == {"h2"}
    cites = [a for t, a in page.elements if t == "pre" and a.get("class") == "pa-cite"]
    assert len(cites) == 2 == len([t for t, _ in page.elements if t == "code"])
    # The hostile tag description is text on the tag index too.
    assert "<b>values</b> & *intent*" in read(site, "tags/").text


def test_broken_input_fails_the_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "broken")
    with pytest.raises(AssertionError) as failure:
        build_site(project, project / "site")
    log = str(failure.value)
    assert "listings/hf-daily-papers-alignment-2025-03-11.txt:11: title 'Orphan Title'" in log
    # Strict: the rejections are errors and the build stops before it writes any page.
    assert "paper-archive: 4 rejected (listed above): --strict publishes no site" in log
    assert not (project / "site" / "papers").exists()
    assert "Traceback" not in log
