"""Dates known to a year or a month: every output says exactly what is known, never 1 January."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import jsonschema

from generator import archive, citations, feeds, head, precision, site
from generator.model import Archive, Paper
from generator.pages import home
from generator.pages import paper as paper_page
from tests.conftest import FIXTURES, ROOT, build_site, copy_project
from tests.htmltext import Page

CURATOR = """\
- title: A Paper Known By Its Year
  date: 2021
  authors: [Ada Lovelace]
  abstract: Only the year of this paper is known.
- title: A Paper Known By Its Month
  date: 2021-02
  authors: [Alan Turing]
  abstract: Only the month of this paper is known.
- title: A Paper Known By Its Day
  date: 2021-02-03
  authors: [Grace Hopper]
  abstract: The day of this paper is known.
- title: An Older Paper Known By Its Year
  date: "2019"
  abstract: Only the year, given as text.
"""
SITE_URL = "https://example.github.io/paper-archive/"
OPTIONS = site.Options(site_url=SITE_URL)


def taxonomy() -> str:
    return (ROOT / "content" / "taxonomy.yml").read_text("utf-8")


def build(listings: dict[str, bytes]) -> Archive:
    return archive.build(listings, taxonomy(), "taxonomy.yml")


def papers_by_title(result: Archive) -> dict[str, Paper]:
    return {p.title: p for p in result.papers}


def test_precision_periods_and_the_date_a_paper_is_filed_under() -> None:
    year, day = (dt.date(2019, 1, 1), "year"), (dt.date(2019, 5, 3), "day")
    assert precision.best([year, day]) == day  # 2019 and 3 May 2019 are one date
    assert precision.best([(dt.date(2018, 1, 1), "year"), day]) == (dt.date(2018, 1, 1), "year")
    month = (dt.date(2019, 5, 1), "month")
    assert precision.best([month, year]) == month and precision.best([day, month]) == day
    assert precision.start(dt.date(2020, 2, 29), "month") == dt.date(2020, 2, 1)
    assert [precision.iso(dt.date(2019, 5, 3), p) for p in precision.PRECISIONS] == [
        "2019",
        "2019-05",
        "2019-05-03",
    ]
    assert precision.slashed(dt.date(2019, 5, 3), "month") == "2019/05"


def test_curator_dates_carry_their_precision_and_sort_deterministically() -> None:
    one = build({"listings/curator.yml": CURATOR.encode()})
    # The same records split over files in another order give the same archive.
    records = CURATOR.split("- title:")[1:]
    shuffled = {
        f"listings/{name}.yml": ("- title:" + text).encode()
        for name, text in zip("dcba", records, strict=True)
    }
    other = build(shuffled)
    assert (
        [p.title for p in one.papers]
        == [p.title for p in other.papers]
        == [
            "A Paper Known By Its Day",
            "A Paper Known By Its Month",
            "A Paper Known By Its Year",
            "An Older Paper Known By Its Year",
        ]
    )
    got = [(p.date, p.date_precision, p.published_precision) for p in one.papers]
    assert got == [
        (dt.date(2021, 2, 3), "day", "day"),
        (dt.date(2021, 2, 1), "month", "month"),
        (dt.date(2021, 1, 1), "year", "year"),
        (dt.date(2019, 1, 1), "year", "year"),
    ]
    bad = build({"listings/c.yml": b"- title: X\n  date: 2021-13\n"})
    assert next(p.reason for p in bad.problems) == (
        "date: '2021-13' is not a date like 2025-03-11, 2025-03 or 2025"
    )


def test_date_pages_file_papers_under_what_is_known() -> None:
    result = build({"listings/curator.yml": CURATOR.encode()})
    tree = site.render(result, OPTIONS)
    dated = sorted(path for path in tree if path.startswith("dates/"))
    assert dated == [
        "dates/2019/index.md",
        "dates/2021/02/03.md",
        "dates/2021/02/index.md",
        "dates/2021/index.md",
        "dates/index.md",
    ]  # no 1 January, no 1 February
    year = tree["dates/2021/index.md"]
    assert "## Dated only to 2021" in year and "A Paper Known By Its Year" in year
    assert "3 papers" in year and "[February 2021](02/index.md)&#58; 2 papers" in year
    month = tree["dates/2021/02/index.md"]
    assert "## Dated only to February 2021" in month and "A Paper Known By Its Month" in month
    assert "A Paper Known By Its Day" not in month  # it is on its day's page
    assert "[Dated only to 2019](2019/index.md): 1 paper" in tree["dates/index.md"]
    by_title = papers_by_title(result)
    page = tree[by_title["A Paper Known By Its Year"].path]
    assert "**Date&#58;** [2021](../dates/2021/index.md) · **Tags" in page
    assert "› [2021](../dates/2021/index.md)\n" in page  # the trail stops at the year
    month_page = tree[by_title["A Paper Known By Its Month"].path]
    assert "**Date&#58;** [February 2021](../dates/2021/02/index.md)" in month_page
    assert "(../../papers/a-paper-known-by-its-year.md) · 2021\n" in year  # what is known
    bibs = {
        path: gzip.decompress(data).decode()
        for path, data in site.data_files(result, OPTIONS)
        if isinstance(data, bytes)
    }
    assert "A Paper Known By Its Year" in bibs["dates/2021/papers.bib.gz"]
    assert "Known By Its Year" not in bibs["dates/2021/02/papers.bib.gz"]


def test_year_pages_of_many_year_only_papers_are_paginated() -> None:
    records = "".join(f"- title: Paper {n:03d}\n  date: 2020\n" for n in range(5))
    result = build({"listings/c.yml": records.encode()})
    tree = site.render(result, site.Options(per_page=2))
    assert {p for p in tree if p.startswith("dates/2020/")} == {
        "dates/2020/index.md",
        "dates/2020/page/2.md",
        "dates/2020/page/3.md",
    }
    assert "Page 1 of 3" in tree["dates/2020/index.md"]


def test_citations_head_json_and_feeds_say_only_what_is_known() -> None:
    result = build({"listings/curator.yml": CURATOR.encode()})
    by_title = papers_by_title(result)
    year, month = by_title["A Paper Known By Its Year"], by_title["A Paper Known By Its Month"]
    day = by_title["A Paper Known By Its Day"]
    for record, highwire, iso, month_field, da in (
        (year, "2021", "2021", None, None),
        (month, "2021/02", "2021-02", "feb", "2021/02//"),
        (day, "2021/02/03", "2021-02-03", "feb", "2021/02/03"),
    ):
        tags = head.head(record, "https://x/", "Archive")
        assert f'name="citation_publication_date" content="{highwire}"' in tags
        assert f'name="citation_online_date" content="{highwire}"' in tags
        assert f'property="article:published_time" content="{iso}"' in tags
        entry = citations.bibtex(record, "key", "")
        assert "year = {2021}" in entry
        assert (re.search(r"month = (\w+)", entry) or [None, None])[1] == month_field
        ris = citations.ris(record, "")
        assert "PY  - 2021\n" in ris
        assert (re.search(r"DA  - (.*)\n", ris) or [None, None])[1] == da
    data = json.loads(site.export(result))
    schema = json.loads(site.SCHEMA.read_text("utf-8"))
    jsonschema.validate(data, schema)
    assert data["schema_version"] == 2
    got = {
        r["title"]: (r["date"], r["date_precision"], r["published_precision"])
        for r in data["papers"]
    }
    assert got["A Paper Known By Its Year"] == ("2021-01-01", "year", "year")
    assert got["A Paper Known By Its Month"] == ("2021-02-01", "month", "month")
    feed = feedparser.parse(
        feeds.feed(result.papers, title="A", site_name="A", site_url=SITE_URL, path="f", page="")
    )
    published = {e.title: e.get("published") for e in feed.entries}
    assert published["A Paper Known By Its Day"] == "2021-02-03T00:00:00Z"
    assert published["A Paper Known By Its Year"] is None  # not a made-up 1 January
    assert published["A Paper Known By Its Month"] is None
    assert paper_page.identifiers(year) == []  # its publication date is its date: said once


def test_the_home_page_says_what_is_known_of_the_span() -> None:
    result = build({"listings/curator.yml": CURATOR.encode()})
    text = home.totals(result)
    assert "dated from 2019 to 3 February 2021" in text
    assert "1 January" not in text and "first listed between" not in text


def test_a_strict_build_of_mixed_precision_and_the_new_inputs(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("listings"))
    listings = content / "listings"
    listings.mkdir()
    (listings / "curator.yml").write_text(CURATOR, "utf-8")
    cases = FIXTURES / "field-cases" / "real-inputs"
    shutil.copytree(cases / "daily-arxiv-jsonl", listings / "daily")
    shutil.copy(cases / "hf-daily-papers-2026-10-06.txt", listings)
    target = tmp_path / "project"
    target.mkdir()
    copy_project(target, content)
    built = target / "site"
    build_site(target, built)
    year_html = (built / "dates" / "2021" / "index.html").read_text("utf-8")
    assert "A Paper Known By Its Year" in year_html
    assert not (built / "dates" / "2021" / "01").exists()
    record = papers_by_title(build({"listings/curator.yml": CURATOR.encode()}))[
        "A Paper Known By Its Year"
    ]
    page = Page((built / record.path.removesuffix(".md") / "index.html").read_text("utf-8"))
    assert "Date: 2021 · Tags:" in " ".join(" ".join(page.article_text).split())
    splat = (built / "papers" / "2503.04444" / "index.html").read_text("utf-8")
    assert "Ana Silva, Bo Chen, Carla Mendes" in splat and "[&#x27;" not in splat
    assert '<meta name="citation_author" content="Ana Silva">' in splat
    cards = (built / "dates" / "2026" / "10" / "06" / "index.html").read_text("utf-8")
    assert "Sparse Lattice Prompting for Small Vision Models" in cards
    assert "Reward Drift in Long Conversations" in cards
    home_html = (built / "index.html").read_text("utf-8")
    assert "first listed between" not in home_html
