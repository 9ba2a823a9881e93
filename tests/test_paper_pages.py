"""Paper pages worth linking to, in the built sample: previews, citations, related papers,
navigation, feeds, the JSON export, maths, and valid HTML."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import jsonschema
import pytest
import rnc2rng  # type: ignore[import-untyped]
from lxml import etree

from generator import archive, citations, feeds, gzipped, head, maths, related, site
from generator.model import ET_AL, Archive, Paper
from generator.sources import bibtex
from tests.conftest import FIXTURES, ROOT, build_site, copy_project
from tests.htmltext import Page

SITE_URL = "https://example.github.io/paper-archive/"
ATOM = "{http://www.w3.org/2005/Atom}"


@cache
def sample() -> Archive:
    return archive.load(ROOT / "content")


def paper(arxiv_id: str) -> Paper:
    return next(p for p in sample().papers if p.arxiv_id == arxiv_id)


def page_of(site: Path, record: Paper) -> tuple[Page, str]:
    html = (site / record.path.removesuffix(".md") / "index.html").read_text("utf-8")
    return Page(html), html


def metas(page: Page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag, attrs in page.elements:
        key = attrs.get("property") or attrs.get("name")
        if tag == "meta" and key:
            found.setdefault(key, []).append(attrs.get("content") or "")
    return found


def test_link_previews_and_citation_tags(sample_site: Path) -> None:
    record = paper("2510.02283")
    page, html = page_of(sample_site, record)
    meta = metas(page)
    url = SITE_URL + "papers/2510.02283/"
    assert meta["og:title"] == meta["citation_title"] == [record.title]
    # X (Twitter) reads the OpenGraph title and description: no copies of them under its name.
    assert "twitter:title" not in meta and "twitter:description" not in meta
    assert meta["og:url"] == [url] and meta["og:type"] == ["article"]
    assert meta["og:site_name"] == ["Paper Archive"]
    assert meta["og:description"] == meta["description"] == [head.excerpt(record.abstract)]
    assert (
        meta["og:description"][0].endswith("…")
        and len(meta["og:description"][0]) <= head.DESCRIPTION_LENGTH == 160
    )
    assert meta["twitter:card"] == ["summary"]
    assert meta["citation_author"] == list(record.authors) and len(record.authors) == 9
    assert meta["citation_publication_date"] == ["2025/10/02"]
    assert meta["citation_arxiv_id"] == ["2510.02283"]
    assert meta["citation_pdf_url"] == ["https://arxiv.org/pdf/2510.02283"]
    assert [a["href"] for t, a in page.elements if t == "link" and a.get("rel") == "canonical"] == [
        url
    ]
    # No schema.org JSON-LD: no link preview, Zotero nor Google Scholar reads it (issue 16).
    assert not [s for s in page.data_text if "schema.org" in s]
    assert "ld+json" not in html


def test_every_paper_page_has_one_description_and_canonical(sample_site: Path) -> None:
    for record in sample().papers:
        page, _ = page_of(sample_site, record)
        meta = metas(page)
        assert len(meta["description"]) == 1 and meta["citation_title"] == [record.title]
        canonical = [a for t, a in page.elements if t == "link" and a.get("rel") == "canonical"]
        assert len(canonical) == 1


def test_head_values_cannot_become_markup(tmp_path: Path) -> None:
    """The hostile fixture's titles and abstracts stay attribute and JSON text."""
    project = copy_project(tmp_path, FIXTURES / "small")
    site = tmp_path / "site"
    build_site(project, site)
    hostile = next(p for p in archive.load(project / "content").papers if "<script>" in p.title)
    page, html = page_of(site, hostile)
    head_html = html[: html.index("<body")]
    assert "<script>alert" not in head_html and "</title><script>" not in head_html
    assert metas(page)["og:title"] == metas(page)["citation_title"] == [hostile.title]


def test_cite_block_bibtex_reads_back_and_ris_is_well_formed(sample_site: Path) -> None:
    keys = citations.keys(sample().papers)
    assert len(set(keys.values())) == len(sample().papers)  # unique keys
    for record in sample().papers:
        _, html = page_of(sample_site, record)
        blocks = re.findall(r"<pre class=pa-cite data-format=(\w+)><code tabindex=0>", html)
        assert blocks == ["BibTeX", "RIS"], record.title
        entry = citations.bibtex(record, keys[record.key], SITE_URL + record.slug + "/")
        # Our own BibTeX reader gets the title and authors back as they were.
        (parsed,) = bibtex.parse(entry.encode(), "cite.bib").entries
        assert parsed.title == record.title, record.title
        assert parsed.authors == record.authors
        assert parsed.arxiv_id == record.arxiv_id
        ris = citations.ris(record, "u").splitlines()
        types = {f"TY  - {t}" for t in (*citations.RIS_TYPES.values(), "UNPB")}
        assert ris[0] in types and ris[-1] == "ER  - "
        assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in ris)
        named = [a for a in record.authors if a != ET_AL]  # RIS has no "and others"
        assert [line[6:] for line in ris if line.startswith("AU")] == named


def tag_bibtex(site: Path, slug: str) -> tuple[str, str]:
    """A tag's BibTeX as bibtex.js makes it: the entries its `bibtex.json` names, taken from
    the month files, in its order; and the file name it offers."""
    index_path = site / "tags" / slug / "bibtex.json"
    index = json.loads(index_path.read_text("utf-8"))
    out = []
    for path, keys in index["parts"]:
        text = gzip.decompress((index_path.parent / path).resolve().read_bytes()).decode()
        found = {}
        for entry in re.split(r"\n(?=@)", text):
            match = re.match(r"@\w+\{([^,\s]+),", entry.lstrip())
            if match:
                found[match[1]] = entry.strip() + "\n"
        out += [found[key] for key in keys]
    return index["file"], "\n".join(out)


def test_bib_downloads_per_tag_and_month(sample_site: Path) -> None:
    result = sample()
    keys = citations.keys(result.papers)
    bibs = list((sample_site / "tags").rglob("*.bib"))
    assert bibs == []  # each entry is written once, in its month's file
    for tag in result.tags:
        name, text = tag_bibtex(sample_site, tag.slug)
        tagged = [p for p in result.papers if tag in p.tags]
        assert name == f"{tag.slug}.bib"
        # What the per-tag file held, byte for byte.
        assert text == citations.bibliography(tagged, keys, SITE_URL)
        parsed = bibtex.parse(text.encode(), f"tags/{tag.slug}.bib")
        assert parsed.problems == ()
        assert [e.title for e in parsed.entries] == [p.title for p in tagged]
        assert "bibtex.json" in " ".join(Page(tag_html(sample_site, tag.slug)).hrefs)
    october_gz = (sample_site / "dates/2025/10/papers.bib.gz").read_bytes()
    october = bibtex.parse(gzip.decompress(october_gz), "m.bib")
    assert len(october.entries) == sum(p.date.isoformat()[:7] == "2025-10" for p in result.papers)


def tag_html(site: Path, slug: str) -> str:
    return (site / "tags" / slug / "index.html").read_text("utf-8")


def test_related_papers_are_five_others_and_similar(sample_site: Path) -> None:
    result = sample()
    similar = related.related(result.papers)
    assert similar == related.related(list(result.papers))  # stable
    for record in result.papers:
        others = similar[record.key]
        assert len(others) == 5 and record not in others
        page, _ = page_of(sample_site, record)
        for other in others:
            assert f"../{other.slug}/" in page.hrefs
    # Similar means sharing distinctive words: the survey's neighbours are on its subject.
    vectors = dict(zip([p.key for p in result.papers], related.vectors(result.papers), strict=True))
    for record in result.papers[:50]:
        mine = {t for t, _ in vectors[record.key]}
        assert all(mine & {t for t, _ in vectors[o.key]} for o in similar[record.key])


def test_related_compares_each_paper_with_a_bounded_number_of_others() -> None:
    base = sample().papers[0]
    # 300 papers, half of them sharing a word: uncapped, each would meet 150 others through it.
    papers = [
        Paper(
            key=f"k{i}",
            title=f"Shared half{i % 2} topic{i % 30} unique{i}",
            abstract=f"common theme{i % 7} detail{i % 11}",
            sightings=base.sightings,
        )
        for i in range(300)
    ]
    vecs = related.vectors(papers)
    assert all(len(v) <= related.TERMS for v in vecs)
    shared = [t for t in related.postings(vecs) if sum(t in dict(v) for v in vecs) > 100]
    assert shared  # terms in far more papers than the cap
    assert all(len(entries) <= related.POSTINGS for entries in related.postings(vecs).values())
    similar = related.related(papers)
    assert all(len(others) == 5 for others in similar.values())
    # Papers of one topic find each other first.
    assert all(int(o.key[1:]) % 30 == 0 for o in similar["k0"][:3])


def test_previous_and_next_walk_the_whole_archive_by_date(sample_site: Path) -> None:
    papers = sample().papers
    url = papers[-1].slug  # the oldest
    seen = []
    while url:
        seen.append(url)
        page = Page((sample_site / "papers" / url / "index.html").read_text("utf-8"))
        newer = [h for h in page.hrefs if h.startswith("../")]
        text = page.text
        url = newer[-1].strip("./").removeprefix("papers/") if "Newer:" in text else ""
        url = url.rstrip("/")
    assert seen == [p.slug for p in reversed(papers)]


def test_breadcrumbs_lead_home_and_to_the_date_pages(sample_site: Path) -> None:
    record = paper("2510.02283")
    page, _ = page_of(sample_site, record)
    # Right under the title, which has no permalink (`¶`): a link to the page's own top.
    after = page.text.split(record.title, 1)[1].lstrip()
    assert after.startswith("Home › Papers by date › 2025 › October › 3") and "¶" not in page.text
    for href in ("../../", "../../dates/", "../../dates/2025/10/03/"):
        assert href in page.hrefs


@cache
def atom_schema() -> etree.RelaxNG:
    grammar = rnc2rng.dumps(rnc2rng.load(str(FIXTURES / "atom.rnc")))
    # rnc2rng declares the empty `local` prefix, which XML forbids; nothing needs it.
    return etree.RelaxNG(etree.fromstring(grammar.replace('xmlns:local=""', "").encode()))


def check_feed(path: Path) -> etree._ElementTree:
    """Valid per RFC 4287: its RELAX NG grammar, its Schematron rules, unique entry ids."""
    tree = etree.parse(str(path))
    schema = atom_schema()
    assert schema.validate(tree), schema.error_log
    root = tree.getroot()
    entries = root.findall(ATOM + "entry")
    assert root.find(ATOM + "author") is not None or all(
        e.find(ATOM + "author") is not None for e in entries
    )
    for entry in entries:
        assert entry.find(ATOM + "link[@rel='alternate']") is not None
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert len(ids) == len(set(ids))
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(entries)
    return tree


def test_feeds_are_valid_atom_with_stable_ids(sample_site: Path) -> None:
    result = sample()
    tree = check_feed(sample_site / "feed.xml")
    entries = tree.getroot().findall(ATOM + "entry")
    assert len(entries) == feeds.SIZE
    assert [e.findtext(ATOM + "title") for e in entries] == [
        p.title for p in result.papers[: feeds.SIZE]
    ]
    assert [e.findtext(ATOM + "id") for e in entries] == [
        SITE_URL + p.path.removesuffix(".md") + "/" for p in result.papers[: feeds.SIZE]
    ]
    for tag in result.tags:
        check_feed(sample_site / "tags" / tag.slug / "feed.xml")
    home = Page((sample_site / "index.html").read_text("utf-8"))
    assert any(
        t == "link" and a.get("type") == "application/atom+xml" and a.get("href") == "feed.xml"
        for t, a in home.elements
    )


def test_feed_text_is_escaped_and_control_characters_dropped() -> None:
    record = sample().papers[0]
    hostile = Paper(
        key="k",
        title='</title><script>alert("x")</script> & \x0b',
        abstract="a < b ]]> c",
        sightings=record.sightings,
    )
    text = feeds.feed(
        [hostile], title="T", site_name="S", site_url="https://e.org/", path="f.xml", page=""
    )
    tree = etree.fromstring(text.encode())
    entry = tree.find(ATOM + "entry")
    assert entry is not None
    assert entry.findtext(ATOM + "title") == '</title><script>alert("x")</script> & '
    assert entry.findtext(ATOM + "summary") == "a < b ]]> c"


def test_json_export_follows_its_published_schema(sample_site: Path) -> None:
    data = json.loads(gzip.decompress((sample_site / "archive.json.gz").read_bytes()))
    schema = json.loads((sample_site / "archive.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema)
    assert data["schema_version"] == schema["properties"]["schema_version"]["const"] == 2
    assert len(data["papers"]) == len(sample().papers)
    broken = {**data, "papers": [{**data["papers"][0], "date": "3 Oct"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_export_streamed_a_paper_a_line_is_one_document(count: int) -> None:
    # The build writes the export a paper at a time; it must be one JSON document, each paper
    # on a line of its own.
    part = dataclasses.replace(sample(), papers=sample().papers[:count])
    text = site.export(part)
    data = json.loads(text)
    assert [p["slug"] for p in data["papers"]] == [p.slug for p in part.papers]
    assert data["tags"][0]["slug"] == part.tags[0].slug
    lines = text.splitlines()
    for record in data["papers"]:
        line = next(line for line in lines if f'"slug":{json.dumps(record["slug"])},' in line)
        assert json.loads(line.strip().rstrip(",")) == record


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A lone $ stays, as does 33.25\\%.", []),
        ("Prices $5 and $10 are prose.", []),
        ("Escaped \\$x\\$ is prose.", []),
        ("Let $x^2$ and $\\alpha_1$ be maths.", ["x^2", "\\alpha_1"]),
        ("Inline \\(\\mathcal{O}(n)\\) maths.", ["\\mathcal{O}(n)"]),
        ("No $ spaced maths $ here.", []),
        ("$a$-stable and $3.5$", ["a", "3.5"]),
        ("\\ourMethod beats 12.5\\% of $n$ runs", ["n"]),
    ],
)
def test_what_counts_as_maths(text: str, expected: list[str]) -> None:
    segments = maths.split(text)
    assert "".join(s for s, is_maths in segments if not is_maths) + "".join(expected) != ""
    assert [s for s, is_maths in segments if is_maths] == expected


def vnu() -> list[str]:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker; scripts/setup.sh installs it"
    assert jar.is_file(), "run npm ci (scripts/setup.sh does)"
    return [java, "-jar", str(jar)]


def test_pages_have_no_html_validator_errors(sample_site: Path) -> None:
    pages = [
        "index.html",
        "papers/2510.02283/index.html",
        "papers/0704.0005/index.html",  # maths in its title
        "tags/index.html",
        "tags/safety/index.html",
        "dates/index.html",
        "dates/2025/10/index.html",
        "dates/2025/10/03/index.html",
        "search/index.html",
        "about/index.html",
        "404.html",  # the theme's template page
    ]
    result = subprocess.run(
        [*vnu(), "--errors-only", "--format", "json", *[str(sample_site / p) for p in pages]],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert messages == [], messages
    # The checker does find errors: it is not silently passing everything.
    bad = sample_site.parent / "bad.html"
    bad.write_text("<!doctype html><title>x</title><p><div></p>", "utf-8")
    found = subprocess.run(
        [*vnu(), "--errors-only", "--format", "json", str(bad)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert json.loads(found.stderr or found.stdout)["messages"]


def test_a_site_without_its_address_is_refused_by_strict_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url:.*$", "", config), "utf-8")
    with pytest.raises(AssertionError) as failure:
        build_site(project, project / "site")
    assert "paper-archive: set site_url: feeds, citations and previews need it" in str(
        failure.value
    )


def test_the_export_is_the_document_gzipped_the_same_each_time() -> None:
    result = sample()
    first = b"".join(site.export_gzip(result))
    assert gzip.decompress(first).decode("utf-8") == site.export(result)
    assert b"".join(site.export_gzip(result)) == first
    # Written a few hundred KB at a time, not held whole.
    assert len(list(gzipped.stream([b"x" * (gzipped.CHUNK + 1)], level=0))) > 1
