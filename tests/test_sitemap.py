"""The sitemap: an index of files of at most 50,000 URLs, so no page load fetches the URL list."""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.etree import ElementTree

from generator import sitemap
from tests.conftest import FIXTURES, build_site, copy_project

NS = {"s": sitemap.NAMESPACE}


def locs(text: str, tag: str) -> list[str]:
    root = ElementTree.fromstring(text)
    return [e.text or "" for e in root.findall(f"s:{tag}/s:loc", NS)]


def test_urls_are_split_into_files_named_by_the_index() -> None:
    base = "https://example.org/archive/"
    entries = [f"<url><loc>{base}papers/{n}/</loc></url>" for n in range(5)]
    out = sitemap.files(base, entries, per_file=2)
    names = ["sitemap-1.xml.gz", "sitemap-2.xml.gz", "sitemap-3.xml.gz", "sitemap.xml"]
    assert sorted(out) == names
    assert ElementTree.fromstring(out["sitemap.xml"]).tag == f"{{{sitemap.NAMESPACE}}}sitemapindex"
    assert locs(out["sitemap.xml"], "sitemap") == [base + f"sitemap-{n}.xml.gz" for n in (1, 2, 3)]
    listed = [loc for n in (1, 2, 3) for loc in locs(out[f"sitemap-{n}.xml.gz"], "url")]
    assert listed == [f"{base}papers/{n}/" for n in range(5)]


def test_the_built_sitemap_is_a_small_index_of_every_page(sample_site: Path) -> None:
    index = (sample_site / "sitemap.xml").read_text("utf-8")
    assert len(index) < 1000 and "<url>" not in index
    assert gzip.decompress((sample_site / "sitemap.xml.gz").read_bytes()).decode() == index
    names = [loc.rsplit("/", 1)[1] for loc in locs(index, "sitemap")]
    assert names == ["sitemap-1.xml.gz"]
    # Compressed, as the protocol allows: search engines read it as it is.
    urls = locs(gzip.decompress((sample_site / names[0]).read_bytes()).decode(), "url")
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


def test_builds_on_different_days_are_byte_identical(tmp_path: Path) -> None:
    """MkDocs stamps its pages in the sitemap with the build's day (`SOURCE_DATE_EPOCH`, else
    today), and sitemap.xml.gz with its time: two clocks a year apart must give the same site."""
    sites = []
    for epoch in ("1700000000", "1732000000"):  # 2023-11-14 and 2024-11-19
        (tmp_path / epoch).mkdir()
        project = copy_project(tmp_path / epoch, FIXTURES / "small")
        build_site(project, project / "site", env={"SOURCE_DATE_EPOCH": epoch})
        sites.append(
            {
                p.relative_to(project / "site").as_posix(): p.read_bytes()
                for p in (project / "site").rglob("*")
                if p.is_file()
            }
        )
    assert "sitemap-1.xml.gz" in sites[0] and sorted(sites[0]) == sorted(sites[1])
    assert [name for name in sites[0] if sites[0][name] != sites[1][name]] == []
    listed = gzip.decompress(sites[0]["sitemap-1.xml.gz"])
    assert b"<lastmod>" not in listed and b"<loc>" in listed


def test_mkdocs_lastmod_is_dropped_from_its_entries(tmp_path: Path) -> None:
    base = "https://example.org/a/"
    (tmp_path / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{sitemap.NAMESPACE}">\n'
        f"    <url>\n         <loc>{base}</loc>\n         <lastmod>2026-11-29</lastmod>\n"
        "    </url>\n</urlset>\n",
        "utf-8",
    )
    sitemap.extend(tmp_path, base, ["papers/x/"])
    listed = gzip.decompress((tmp_path / "sitemap-1.xml.gz").read_bytes()).decode()
    assert (tmp_path / "sitemap-1.xml.gz").read_bytes()[4:8] == bytes(4)
    assert "lastmod" not in listed and locs(listed, "url") == [base, base + "papers/x/"]
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes())[:5] == b"<?xml"
    assert (tmp_path / "sitemap.xml.gz").read_bytes()[4:8] == bytes(4)  # no time in the header


def test_files_of_a_larger_earlier_build_are_removed(tmp_path: Path) -> None:
    base = "https://example.org/a/"
    (tmp_path / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{sitemap.NAMESPACE}">\n'
        f"    <url>\n         <loc>{base}</loc>\n    </url>\n</urlset>\n",
        "utf-8",
    )
    for old in ("sitemap-2.xml.gz", "sitemap-3.xml", "sitemap-notes.txt"):
        (tmp_path / old).write_text("old", "utf-8")
    sitemap.extend(tmp_path, base, ["papers/x/"])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["sitemap-1.xml.gz", "sitemap-notes.txt", "sitemap.xml", "sitemap.xml.gz"]
