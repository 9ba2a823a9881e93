"""Broken and hostile inputs found by a fresh tester after issue 12: malformed URLs, slow
taxonomy patterns, files linked from outside content/, YAML 1.1 typing, arXiv ids from JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import archive, links, safe_regex, site, taxonomy
from tests.conftest import ROOT
from tests.test_hostile import TAXONOMY, check, content

BAD_URLS = [
    "https://[::1",
    "http://[x]y",
    "https://ex\u2100mple.org/",
    "https://a\uff1ab@c/",
    "https://x.org:99999999/",
]


def hf_paper(**fields: object) -> str:
    paper = {
        "id": "2501.00001",
        "title": "A paper",
        "summary": "An abstract.",
        "authors": [{"name": "A"}],
        "publishedAt": "2025-01-01T00:00:00.000Z",
        **fields,
    }
    return json.dumps([{"paper": paper}])


# URLs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_url_is_never_a_link_and_never_raises(url: str) -> None:
    assert links.canonical(url) is None
    assert links.normalise(url) == ""
    assert links.extract(f"Code at {url} here.") == ()


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_url_in_an_abstract_stays_text_and_the_file_is_read(
    tmp_path: Path, url: str
) -> None:
    folder = content(tmp_path, {"2025-01-01.json": hf_paper(summary=f"Code at {url} here.")})
    result = archive.load(folder)
    [paper] = result.papers
    assert paper.links == ()
    assert url in paper.abstract
    done = check(folder)
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_malformed_code_url_is_dropped_with_a_problem_naming_the_file(
    tmp_path: Path, url: str
) -> None:
    folder = content(tmp_path, {"2025-01-01.json": hf_paper(githubRepo=url, projectPage=url)})
    result = archive.load(folder)
    [paper] = result.papers
    assert paper.links == ()
    reasons = [str(p) for p in result.problems]
    assert len(reasons) == 2
    assert all(r.startswith("listings/2025-01-01.json:1") for r in reasons)
    assert "is no valid URL" in reasons[0]
    done = check(folder)
    assert done.returncode != 0 and "Traceback" not in done.stderr


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_link_extraction_never_raises_and_gives_only_parsable_urls(text: str) -> None:
    for link in links.extract("see https://" + text):
        assert links.canonical(link.url) == link.url
        assert link.url.startswith(("http://", "https://"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("[]:@/%\u202e ")))
def test_canonical_never_raises(text: str) -> None:
    for url in (text, "https://" + text, "http://[" + text):
        result = links.canonical(url)
        assert result is None or result.lower().startswith(("http://", "https://"))


def test_archive_json_urls_are_canonical_and_junk_urls_are_refused(tmp_path: Path) -> None:
    bib = (
        "@article{a, title={Upper Scheme}, year={2020}, pdf={HTTP://EXAMPLE.ORG/Upper}}\n"
        "@article{b, title={Spaced Host}, year={2020}, pdf={https://exa mple.org}}\n"
        "@article{c, title={Broken Host}, year={2020}, pdf={https://[::1}}\n"
        "@article{d, title={Bidi Host}, year={2020}, pdf={http://\u202eevil.org}}\n"
    )
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2501.00002v1</id>'
        "<title>Newline In Link</title><summary>S.</summary><published>2025-01-02T00:00:00Z"
        "</published><author><name>A</name></author>"
        '<link title="pdf" href="https://example.org/x&#10;https://evil"/></entry></feed>'
    )
    result = archive.load(content(tmp_path, {"a.bib": bib, "feed.xml": atom}))
    export = json.loads(site.export(result))
    assert {p["title"]: p["pdf_url"] for p in export["papers"]} == {
        "Upper Scheme": "http://EXAMPLE.ORG/Upper",
        "Spaced Host": None,
        "Broken Host": None,
        "Bidi Host": None,
        "Newline In Link": None,
    }
    schema = json.loads((ROOT / "generator" / "archive.schema.json").read_text("utf-8"))
    jsonschema.validate(export, schema)
    refused = [str(p) for p in result.problems if "is no valid URL" in str(p)]
    assert len(refused) == 4  # every junk http(s) URL is said, with its file and line
    assert all("\u202e" not in r for r in refused)  # quoted escaped, never raw


# Taxonomy patterns ------------------------------------------------------------------------------

TAGGED = "tags:\n  - name: Greedy\n    patterns: ['{pattern}']\n"


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(.*e){6}#", "a repeat inside a repeated group"),
        ("(.*a){6}#", "a repeat inside a repeated group"),
        (r"^(\w+\s?)*$", "a repeat inside a repeated group"),
        (r"(a+)+b", "a repeat inside a repeated group"),
        (r"\w+\w*x", "two unbounded repeats in a row"),
        (r".*.*=", "two unbounded repeats in a row"),
        (r"(\w)\1", "a backreference"),
        (r"(?=\w+x)y", "a lookaround holding a repeat"),
    ],
)
def test_a_pattern_that_can_backtrack_is_refused_with_its_line(
    tmp_path: Path, pattern: str, reason: str
) -> None:
    folder = content(tmp_path, {"2025-01-01.json": hf_paper()}, TAGGED.format(pattern=pattern))
    done = check(folder)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: taxonomy.yml:2: tag 'Greedy': pattern {pattern!r}")
    assert reason in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bdirect preference",
        r"foo.*bar",
        r"\bllm\w*",
        r"\b(gpt|llama)-?\d+",
        r"\d+\.\d+",
        r"(?:re)?train\w*",
        r"\s+\S+",
        r"(\d{1,3}\.){3}\d{1,3}",
        r"\bRL(HF|AIF)?\b",
    ],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert safe_regex.backtracking_risk(pattern) is None


def test_the_sample_taxonomy_patterns_are_accepted() -> None:
    assert taxonomy.load(TAXONOMY, "taxonomy.yml")


def test_a_pattern_has_a_total_budget_per_build_that_ends_in_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safe_regex, "BUDGET", 0.0)  # any search spends it
    days = {f"2025-01-0{i}.json": hf_paper(id=f"2501.0000{i}", title=f"Paper {i}") for i in (1, 2)}
    folder = content(tmp_path, days, TAGGED.format(pattern="paper"))
    result = archive.load(folder)
    [problem] = result.problems  # once, however many papers: the pattern is then dropped
    assert str(problem).startswith(
        "taxonomy.yml:2: pattern 'paper' took more than 0.0 s over all papers and was dropped"
    )


# Nothing from outside content/ -----------------------------------------------------------------


def test_a_taxonomy_linked_from_outside_is_refused_unread(tmp_path: Path) -> None:
    secret = tmp_path / "tax.yml"
    secret.write_text(
        "tags:\n  - name: SECRET-PASSWORD-hunter2\n    description: SECRET\n    patterns: ['(']\n",
        "utf-8",
    )
    folder = content(tmp_path / "content", {"2025-01-01.json": hf_paper()})
    (folder / "taxonomy.yml").unlink()
    (folder / "taxonomy.yml").symlink_to(secret)
    done = check(folder)
    assert done.returncode == 1
    assert done.stderr.startswith(
        "Error: taxonomy.yml:1: a symbolic link to a file outside the content folder: refused"
    )
    assert "SECRET" not in done.stdout + done.stderr


def test_check_lists_every_hand_written_file_linked_from_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "pages").mkdir(parents=True)
    (outside / "x.md").write_text("PRIVATE", "utf-8")
    (outside / "pages" / "y.md").write_text("PRIVATE", "utf-8")
    folder = content(tmp_path / "content", {"2025-01-01.json": hf_paper()})
    (folder / "private.md").symlink_to(outside / "x.md")
    (folder / "passwd.css").symlink_to(outside / "x.md")
    (folder / "more").symlink_to(outside / "pages")
    (folder / "inside.md").symlink_to(folder / "listings" / "2025-01-01.json")  # inside: fine
    done = check(folder)
    assert done.returncode == 1
    refused = [line for line in done.stderr.splitlines() if "outside the content folder" in line]
    assert [line.split(":")[1].strip() for line in refused] == ["more", "passwd.css", "private.md"]
    assert "a symbolic link to a folder outside" in refused[0]
    assert "PRIVATE" not in done.stdout + done.stderr


# Curator YAML: text as written ------------------------------------------------------------------


def test_an_unquoted_arxiv_id_ending_in_zero_names_its_own_paper(tmp_path: Path) -> None:
    days = {
        "2025-01-01.json": hf_paper(id="2501.00010", title="Ten"),
        "2025-01-02.json": hf_paper(id="2501.0001", title="One"),  # not a post-2015 id: refused
        "2025-01-03.json": hf_paper(id="2501.00020", title="Twenty"),
        "notes.yml": "- arxiv: 2501.00010\n  note: X\n- arxiv: 2501.00020\n  note: Y\n",
    }
    result = archive.load(content(tmp_path, days))
    notes = {p.title: p.note for p in result.papers}
    assert notes["Ten"] == "X" and notes["Twenty"] == "Y"
    assert "One" not in notes


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ("yes", "yes"),
        (".inf", ".inf"),
        ("12345", "12345"),
        ("1e3", "1e3"),
        ("0x10", "0x10"),
        ("'quoted: yes'", "quoted: yes"),
    ],
)
def test_a_curator_title_is_the_text_as_written(tmp_path: Path, written: str, title: str) -> None:
    files = {"extra.yml": f"- title: {written}\n  date: 2025-01-05\n"}
    result = archive.load(content(tmp_path, files))
    assert [p.title for p in result.papers] == [title]
    assert result.problems == []


def test_a_field_given_twice_in_a_curator_record_is_a_problem(tmp_path: Path) -> None:
    files = {"extra.yml": "- title: A\n  date: 2025-01-05\n  title: B\n"}
    result = archive.load(content(tmp_path, files))
    assert [str(p) for p in result.problems] == [
        "listings/extra.yml:1: title: given twice (lines 1 and 3); only one can be kept: "
        "remove the other"
    ]


# arXiv ids from Hugging Face JSON ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2501.0000\ud800", "is no arXiv id (such as 2501.00001)"),
        ("2501.0001", "is no arXiv id: 5 digits follow the dot in ids of 2025"),
        ("hello world", "is no arXiv id (such as 2501.00001)"),
        ("../../x", "is no arXiv id (such as 2501.00001)"),
        ("2513.00001", "is no arXiv id: 2513 is no month"),
    ],
)
def test_an_hf_id_that_is_no_arxiv_id_is_refused_with_file_and_item(
    tmp_path: Path, value: str, reason: str
) -> None:
    days = {"2025-01-01.json": hf_paper(id=value), "2025-01-02.json": hf_paper(id="2501.00002")}
    result = archive.load(content(tmp_path, days))
    assert [p.arxiv_id for p in result.papers] == ["2501.00002"]
    [problem] = result.problems
    assert str(problem).startswith("listings/2025-01-01.json:1: item 0: paper.id '")
    assert reason in str(problem)


@pytest.mark.parametrize("value", ["2501.00001", "2501.00001v3", "1412.1234", "hep-th/9901001"])
def test_real_arxiv_ids_are_accepted(value: str) -> None:
    from generator.sources import common

    assert common.arxiv_id_problem(value) == ""


# Reasons ----------------------------------------------------------------------------------------


def atom_entry(published: str) -> str:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2501.00003v1'
        f"</id><title>T</title><summary>S.</summary><published>{published}</published>"
        "<author><name>A</name></author></entry></feed>"
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "feed.xml",
            atom_entry("2025-02-30T00:00:00Z"),
            "published: '2025-02-30T00:00:00Z' is no day",
        ),
        (
            "feed.xml",
            atom_entry("99999-01-01T00:00:00Z"),
            "published: '99999-01-01T00:00:00Z' is no",
        ),
        (
            "a.bib",
            "@article{a, title={T}, year={99999}}\n",
            "year '99999' is not a year (four digits",
        ),
        (
            "a.bib",
            "@article{a, title={T}, year={0000}}\n",
            "year '0000' is no year of the calendar",
        ),
        (
            "a.bib",
            "@article{a, title={T}, year={" + "9" * 10_000 + "}}\n",
            "is not a year (four digits",
        ),
    ],
)
def test_an_invalid_date_is_said_to_be_invalid(
    tmp_path: Path, name: str, data: str, reason: str
) -> None:
    result = archive.load(content(tmp_path, {name: data, **GOOD_DAY}))
    [problem] = result.problems
    assert str(problem).startswith(f"listings/{name}:1: ")
    assert reason in str(problem) and "has no date" not in str(problem)


GOOD_DAY = {"2025-01-02.json": hf_paper(id="2501.00002")}


def test_a_listings_folder_of_hidden_files_says_what_was_skipped(tmp_path: Path) -> None:
    folder = content(tmp_path, {".2025-01-01.json": hf_paper(), ".drafts/x.bib": "@misc{x}"})
    done = check(folder)
    assert done.returncode == 1
    assert "no listing file in" in done.stderr
    assert "skipped: listings/.2025-01-01.json: a hidden file" in done.stderr
    assert "skipped: listings/.drafts: a hidden folder" in done.stderr


def test_a_key_given_twice_in_hf_json_is_said(tmp_path: Path) -> None:
    day = hf_paper().replace('"title": "A paper"', '"title": "A", "title": "B"')
    result = archive.load(content(tmp_path, {"2025-01-01.json": day}))
    assert [p.title for p in result.papers] == ["B"]
    assert [str(n) for n in result.notes] == [
        "listings/2025-01-01.json:1: 1 key(s) given twice in one object ('title'): the last one "
        "is read"
    ]


def test_taxonomy_scalars_are_the_text_written(tmp_path: Path) -> None:
    text = (
        "tags:\n  - name: yes\n    description: 1.10\n    keywords: [on, off, 2025, .inf]\n"
        "  - name: 'Quoted'\n    keywords: [x]\n    slug: ~\n"
    )
    rules = taxonomy.load(text, "taxonomy.yml")
    assert [(r.tag.name, r.tag.description, r.tag.slug) for r in rules] == [
        ("yes", "1.10", "yes"),
        ("Quoted", "", "quoted"),
    ]
