"""The sitemap: an index of files of at most 50,000 URLs, so no page load fetches the URL list."""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.etree import ElementTree

from generator import sitemap

NS = {"s": sitemap.NAMESPACE}


def locs(text: str, tag: str) -> list[str]:
    root = ElementTree.fromstring(text)
    return [e.text or "" for e in root.findall(f"s:{tag}/s:loc", NS)]


def test_urls_are_split_into_files_named_by_the_index() -> None:
    base = "https://example.org/archive/"
    entries = [f"<url><loc>{base}papers/{n}/</loc></url>" for n in range(5)]
    out = sitemap.files(base, entries, per_file=2)
    assert sorted(out) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    assert ElementTree.fromstring(out["sitemap.xml"]).tag == f"{{{sitemap.NAMESPACE}}}sitemapindex"
    assert locs(out["sitemap.xml"], "sitemap") == [base + f"sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [loc for n in (1, 2, 3) for loc in locs(out[f"sitemap-{n}.xml"], "url")]
    assert listed == [f"{base}papers/{n}/" for n in range(5)]


def test_the_built_sitemap_is_a_small_index_of_every_page(sample_site: Path) -> None:
    index = (sample_site / "sitemap.xml").read_text("utf-8")
    assert len(index) < 1000 and "<url>" not in index
    assert gzip.decompress((sample_site / "sitemap.xml.gz").read_bytes()).decode() == index
    names = [loc.rsplit("/", 1)[1] for loc in locs(index, "sitemap")]
    assert names == ["sitemap-1.xml"]
    urls = locs((sample_site / names[0]).read_text("utf-8"), "url")
    assert len(urls) == len(set(urls)) <= sitemap.PER_FILE
    pages = {
        p.parent.relative_to(sample_site).as_posix()
        for p in sample_site.rglob("index.html")
        if p.parent.parts[-2:-1] == ("papers",)
        and 'http-equiv="refresh"' not in p.read_text("utf-8")  # a redirect is no page to list
    }
    assert len(pages) > 400
    base = "https://example.github.io/paper-archive/"
    assert {base + page + "/" for page in pages} <= set(urls)
    assert base in urls and base + "about/" in urls  # MkDocs' own pages stay
