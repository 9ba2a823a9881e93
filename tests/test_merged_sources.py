"""Every format together: one record per paper across sources, and a real strict build of it.

The fixture holds the real samples of every format (but the malformed daily file) and one paper,
Self-Forcing++, seen four ways: the Hugging Face daily API, an arXiv Atom feed, BibTeX and a
Daily Papers text dump. UPDATE_GOLDEN=1 rewrites its golden record.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator import archive, site
from generator.pages import paper as paper_page
from tests.conftest import FIXTURES, build_site, copy_project

CONTENT = FIXTURES / "sources"
GOLDEN = Path(__file__).resolve().parent / "golden" / "merged"
SLUG = "2510.02283"  # a paper with an arXiv id lives at its id
TITLE_SLUG = "self-forcing-towards-minute-scale-high-quality-video-generation"


def test_every_entry_is_a_paper_or_merged_and_the_numbers_reconcile() -> None:
    result = archive.load(CONTENT)
    assert result.problems == []
    assert result.entries_read == 336
    assert len(result.papers) + len(result.merges) == result.entries_read
    assert len(result.papers) == 326


def test_one_paper_from_four_formats_is_one_golden_record() -> None:
    result = archive.load(CONTENT)
    [merged] = [p for p in result.papers if p.arxiv_id == "2510.02283"]
    assert merged.slug == SLUG
    assert sorted(e.kind for e in merged.sightings) == ["arxiv", "bibtex", "hf-api", "hf-dump"]
    page = paper_page.render(merged)
    record = next(r for r in json.loads(site.export(result))["papers"] if r["slug"] == SLUG)
    files = {
        "page.md": page,
        "record.json": json.dumps(record, indent=1, ensure_ascii=False) + "\n",
    }
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (GOLDEN / name).write_text(text, "utf-8")
    for name, text in files.items():
        assert text == (GOLDEN / name).read_text("utf-8"), name


def test_precedence_and_field_choices() -> None:
    [merged] = [p for p in archive.load(CONTENT).papers if p.arxiv_id == "2510.02283"]
    assert merged.date.isoformat() == "2025-10-03"  # the first listing day
    assert merged.published is not None and merged.published.isoformat() == "2025-10-02"  # arXiv's
    assert len(merged.authors) == 9  # the API's full list beats BibTeX's shortened one
    assert merged.pdf_url == "https://arxiv.org/pdf/2510.02283v2" and merged.venue == ""
    assert {link.kind for link in merged.links} == {"code", "project"}
    # Every field says where it came from.
    assert {k: v.path for k, v in merged.sources.items()} == {
        "title": "listings/2025-10-03.json",
        "abstract": "listings/2025-10-03.json",
        "authors": "listings/2025-10-03.json",
        "arxiv_id": "listings/2025-10-03.json",
        "published": "listings/2025-10-03.json",
        "categories": "listings/arxiv-self-forcing.xml",
        "pdf_url": "listings/arxiv-self-forcing.xml",
        "keywords": "listings/2025-10-03.json",
        "summary": "listings/2025-10-03.json",
    }


def test_two_papers_with_one_title_but_different_arxiv_ids_stay_apart(tmp_path: Path) -> None:
    (tmp_path / "listings").mkdir()
    (tmp_path / "taxonomy.yml").write_text("tags:\n  - {name: A, keywords: [a]}\n", "utf-8")
    (tmp_path / "listings" / "a.bib").write_text(
        "@article{a, title={Same Title}, year={2020}, eprint={2001.00001}, archivePrefix={arXiv}}\n"
        "@article{b, title={Same Title}, year={2021}, eprint={2101.00002}, archivePrefix={arXiv}}\n"
        "@article{c, title={Same title}, year={2022}}\n",
        "utf-8",
    )
    result = archive.load(tmp_path)
    assert sorted(p.arxiv_id for p in result.papers) == ["2001.00001", "2101.00002"]
    assert len(result.merges) == 1  # the id-less copy joins the oldest, never both


def test_undated_papers_are_reported_not_filed_under_a_made_up_date(tmp_path: Path) -> None:
    (tmp_path / "listings").mkdir()
    (tmp_path / "taxonomy.yml").write_text("tags:\n  - {name: A, keywords: [a]}\n", "utf-8")
    (tmp_path / "listings" / "a.bib").write_text("@misc{a, title={No Date Here}}\n", "utf-8")
    result = archive.load(tmp_path)
    assert result.papers == []
    assert [str(p) for p in result.problems] == [
        "listings/a.bib:1: 'No Date Here' has no date: no listing day, no publication date and "
        "no year; add a year (BibTeX) or list it in a listing"
    ]


def test_the_site_of_every_format_builds_strict(tmp_path: Path) -> None:
    project = copy_project(tmp_path, CONTENT)
    build_site(project, project / "site")
    page = (project / "site" / "papers" / SLUG / "index.html").read_text("utf-8")
    assert "Justin Cui, Jie Wu" in page and "href=https://arxiv.org/abs/2510.02283>" in page
    assert len(list((project / "site" / "papers").glob("*/index.html"))) == 326 + 1  # a redirect


def test_the_malformed_daily_file_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path, CONTENT)
    bad = FIXTURES / "malformed" / "2024-12-12.json"
    (project / "content" / "listings" / bad.name).write_bytes(bad.read_bytes())
    try:
        build_site(project, project / "site")
    except AssertionError as failure:
        assert "listings/2024-12-12.json:26: not valid JSON" in str(failure)
        assert "Traceback" not in str(failure)
    else:
        raise AssertionError("the build published a site with a broken input")


CURATED = """\
- arxiv: 2510.02283
  title: "Self-Forcing++: Minute-Scale Video Generation"
  note: "Read with the <b>v2</b> revision."
  tags: [+alignment]
- match: Defining Data Science
  hidden: true
- title: A Paper No Source Has
  abstract: Added by hand.
  date: 2025-11-01
  authors: [Ada Lovelace]
- doi: 10.1234/none
- {title: Bad, colour: red}
- {arxiv: not-an-id}
- {doi: 10.1/x}
- {match: Data Structures for Density Estimation, tags: [+nonexistent, -alignment]}
"""


def test_curator_records_win_over_every_source(tmp_path: Path) -> None:
    content = tmp_path / "content"
    copy_project(tmp_path, CONTENT)
    (content / "listings" / "curated.yml").write_text(CURATED, "utf-8")
    result = archive.load(content)
    [merged] = [p for p in result.papers if p.arxiv_id == "2510.02283"]
    assert merged.title == "Self-Forcing++: Minute-Scale Video Generation"
    assert merged.note == "Read with the <b>v2</b> revision."
    assert [t.slug for t in merged.tags] == ["alignment"]
    assert "Read with the &#60;b&#62;v2&#60;/b&#62; revision." in paper_page.render(merged)
    assert [p.title for p in result.hidden] == ["Defining Data Science"]
    assert not any(p.title == "Defining Data Science" for p in result.papers)
    [added] = [p for p in result.papers if p.title == "A Paper No Source Has"]
    assert (added.date.isoformat(), added.authors) == ("2025-11-01", ("Ada Lovelace",))
    assert [str(p) for p in result.problems] == [
        "listings/curated.yml:11: this curator record matches no paper of the sources; "
        "to add a paper, give it a title and a date",
        "listings/curated.yml:12: unknown field(s) colour (known: abstract, arxiv, authors, "
        "date, doi, hidden, match, note, tags, title)",
        "listings/curated.yml:13: arxiv: 'not-an-id' is not an arXiv id",
        "listings/curated.yml:14: doi: '10.1/x' is not a DOI (10.NNNN/…)",
        "listings/curated.yml:15: tags: no tag 'nonexistent' in the taxonomy",
    ]
    read = result.entries_read
    assert read == len(result.papers) + len(result.merges) + len(result.hidden)


def test_the_title_url_of_a_paper_known_by_its_id_redirects(tmp_path: Path) -> None:
    result = archive.load(CONTENT)
    assert result.redirects[f"papers/{TITLE_SLUG}/"] == f"papers/{SLUG}/"
    # Only papers also seen without their id (which may have had a title URL) get one.
    assert len(result.redirects) == 1
    project = copy_project(tmp_path, CONTENT)
    build_site(project, project / "site")
    old = (project / "site" / "papers" / TITLE_SLUG / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../2510.02283/">' in old
    assert '<link rel="canonical" href="../2510.02283/">' in old
