"""The benchmarks' synthetic archives are valid archives of the size asked for."""

from __future__ import annotations

from pathlib import Path

from benchmarks import synthetic
from benchmarks.search import kind
from generator import archive


def test_synthetic_archive_has_the_papers_asked_for(tmp_path: Path) -> None:
    synthetic.generate(260, tmp_path / "content")
    result = archive.load(tmp_path / "content")
    assert (len(result.papers), result.problems) == (260, [])
    assert len(list((tmp_path / "content" / "listings").glob("*.txt"))) == 11  # 25 a day
    # Each synthetic abstract mixes sentences of unrelated sample papers, so the evidence for
    # any one tag is thin: about half get a tag (the tag pages are still exercised).
    assert sum(1 for paper in result.papers if paper.tags) > len(result.papers) // 3


def test_synthetic_archive_is_the_same_every_time(tmp_path: Path) -> None:
    synthetic.generate(60, tmp_path / "a")
    synthetic.generate(60, tmp_path / "b")
    for path in sorted((tmp_path / "a" / "listings").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / "listings" / path.name).read_bytes()


def test_the_search_benchmark_counts_each_request_as_its_kind() -> None:
    assert kind("/") == kind("/papers/2510.02283/") == kind("/about/index.html") == "page"
    assert kind("/assets/javascripts/bundle.a5f9d56c.min.js") == "theme"
    assert kind("/assets/katex/katex.min.js") == kind("/assets/paper-archive/site.css") == "theme"
    assert kind("/search/search_index.json") == kind("/search/shards/12.json.gz") == "search"
    assert kind("/assets/paper-archive/search-worker.js") == "search"
    assert kind("/search/doc/3.json.gz") == "search"
    assert kind("/assets/javascripts/workers/search.a7633da7.min.js") == "search"
    assert kind("/sitemap.xml") == kind("/feed.xml") == "other"
