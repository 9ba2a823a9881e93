"""Inputs as arXiv and Hugging Face really answer, and as people really save them: the field
cases of issue 11 (part B), each read to its right value, and other instances of each kind."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from generator import archive
from generator.model import ParseResult
from generator.sources import arxiv_atom, arxiv_snapshot, daily_arxiv, detect, hf_api, hf_dump
from tests.conftest import FIXTURES, ROOT

CASES = FIXTURES / "field-cases" / "real-inputs"
SAMPLES = FIXTURES / "samples"


def content_with(tmp_path: Path, *inputs: Path) -> Path:
    """A content folder with the sample taxonomy and pages, and only these listings."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("listings"))
    listings = content / "listings"
    listings.mkdir()
    for item in inputs:
        if item.is_dir():
            shutil.copytree(item, listings, dirs_exist_ok=True)
        else:
            shutil.copy(item, listings / item.name)
    return content


def parse(name: str, data: bytes) -> ParseResult:
    return detect.parse(f"listings/{name}", data)


# arXiv API error entries ---------------------------------------------------------------------


def test_the_arxiv_api_error_entry_is_reported_and_the_paper_keeps_its_data(
    tmp_path: Path,
) -> None:
    result = archive.load(content_with(tmp_path, CASES / "arxiv-error-entry"))
    [paper] = result.papers
    assert paper.arxiv_id == "2503.04321"
    assert paper.title == "Sparse Lattice Prompting for Small Vision Models"
    assert paper.authors == ("Mira Okonkwo", "Tomas Lindqvist")
    assert [e.kind for e in paper.sightings] == ["hf-api"]  # the error entry merged nowhere
    assert [str(p) for p in result.problems] == [
        "listings/arxiv/id_list-2503.04321.xml:10: arXiv API error, not a paper: "
        "'incorrect id format for https://arxiv.org/abs/2503.04321' (the query was refused; "
        "fix it, e.g. ids without https://arxiv.org/abs/, and fetch again)"
    ]


def test_an_error_entry_beside_papers_is_reported_alone() -> None:
    feed = (SAMPLES / "arxiv-atom" / "arxiv_api_query_all-science_2019-08-10.xml").read_bytes()
    error = (
        b"<entry><id>http://arxiv.org/api/errors#start_must_be_an_integer</id>"
        b"<title>Error</title><summary>start must be an integer</summary>"
        b"<author><name>arXiv api core</name></author></entry></feed>"
    )
    result = arxiv_atom.parse(feed.replace(b"</feed>", error), "q.xml")
    assert len(result.entries) == 10 and all(e.title != "Error" for e in result.entries)
    [problem] = result.problems
    assert "arXiv API error, not a paper: 'start must be an integer'" in problem.reason


# Daily arXiv JSON lines ------------------------------------------------------------------------


def test_daily_arxiv_rows_are_papers_with_names_and_categories(tmp_path: Path) -> None:
    jsonl = CASES / "daily-arxiv-jsonl" / "2025-03-17.jsonl"
    assert detect.parser_for(jsonl.name, jsonl.read_bytes()) is daily_arxiv.parse
    alone = archive.load(content_with(tmp_path / "alone", jsonl))
    assert alone.problems == [] and len(alone.papers) == 2
    first = next(p for p in alone.papers if p.arxiv_id == "2503.04444")
    assert first.authors == ("Ana Silva", "Bo Chen", "Carla Mendes")
    assert first.categories == ("cs.CV", "cs.RO")
    assert (first.date, first.date_precision) == (dt.date(2025, 3, 17), "day")
    assert first.abstract.startswith("Sensor simulation is central to testing driving stacks.")
    assert first.pdf_url == "https://arxiv.org/pdf/2503.04444"
    both = archive.load(content_with(tmp_path / "both", CASES / "daily-arxiv-jsonl"))
    assert both.problems == [] and len(both.papers) == 2 and len(both.merges) == 2
    merged = next(p for p in both.papers if p.arxiv_id == "2503.04444")
    assert merged.authors == ("Ana Silva", "Bo Chen", "Carla Mendes")
    assert "['" not in json.dumps([p.authors for p in both.papers])


def test_daily_arxiv_rows_of_the_ai_enhanced_files_and_their_refusals() -> None:
    rows = [
        {
            "id": "2503.00001",
            "title": "A",
            "authors": ["X Y"],
            "categories": ["cs.CL"],
            "summary": "S.",
            "AI": {"tldr": "One line.", "method": "…"},
        },
        {"id": "2503.00002", "title": "B", "authors": "X Y, Z W", "summary": "S."},
        {"id": "2503.00003", "title": "C", "authors": [["X", "Y"]], "summary": "S."},
        ["not", "an", "object"],
    ]
    data = "\n".join(json.dumps(r) for r in rows).encode()
    result = daily_arxiv.parse(data, "listings/2025-03-17_AI_enhanced_English.jsonl")
    assert [(e.title, e.summary, e.listed_on) for e in result.entries] == [
        ("A", "One line.", dt.date(2025, 3, 17))
    ]
    assert [(p.source.line, p.reason) for p in result.problems] == [
        (2, "not a daily arXiv row: authors is a string, expected a list of strings"),
        (3, "not a daily arXiv row: authors is a list of lists, expected a list of strings"),
        (4, "expected a daily arXiv row (an object), found a list of strings"),
    ]
    undated = daily_arxiv.parse(data, "listings/digest.jsonl")
    assert [str(p) for p in undated.problems] == [
        "listings/digest.jsonl:1: a daily arXiv file is named by its day, e.g. 2025-03-17.jsonl"
    ]


# JSON of the wrong types, in every JSON reader -------------------------------------------------


def hf_day(paper: dict[str, object]) -> bytes:
    return json.dumps([{"paper": paper}], indent=1).encode()


PAPER = {"id": "2503.04444", "title": "T", "summary": "S"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "2025-03-17.json",
            hf_day({**PAPER, "authors": ["Ana Silva", "Bo Chen"]}),
            "listings/2025-03-17.json:3: item 0: paper.authors is a list of strings, "
            "expected a list of objects",
        ),
        (
            "2025-03-17.json",
            hf_day({**PAPER, "id": 2503.04444}),
            "listings/2025-03-17.json:3: item 0: paper.id is a number, expected a string",
        ),
        (
            "2025-03-17.json",
            hf_day({**PAPER, "upvotes": "12", "authors": [{"name": ["A", "B"]}]}),
            "listings/2025-03-17.json:3: item 0: paper.upvotes is a string, expected an integer; "
            "paper.authors[0].name is a list of strings",
        ),
        (
            "2605.13301.json",
            json.dumps({**PAPER, "ai_keywords": "video, diffusion"}).encode(),
            "listings/2605.13301.json:1: not a Hugging Face paper object: paper.ai_keywords is a "
            "string, expected a list of strings",
        ),
        (
            "snapshot.jsonl",
            b'{"id": "2503.04444", "title": "T", "abstract": "A", "authors": ["Ana Silva"]}\n'
            b'{"id": "2503.04445", "title": "T", "abstract": "A", "categories": ["cs.CL"]}\n',
            "listings/snapshot.jsonl:1: not an arXiv metadata record: authors is a list of "
            "strings, expected a string",
        ),
    ],
)
def test_fields_of_the_wrong_type_are_refused_with_file_and_line(
    name: str, data: bytes, message: str
) -> None:
    result = parse(name, data)
    assert str(result.problems[0]) == message
    assert not any("['" in str(e) for e in result.entries)


def test_a_snapshot_row_with_list_fields_is_refused_not_stringified() -> None:
    data = b'{"id": "2503.04444", "title": "T", "abstract": "A", "categories": ["cs.CL"]}\n'
    assert detect.parser_for("s.jsonl", data) is arxiv_snapshot.parse
    result = parse("s.jsonl", data)
    assert result.entries == ()
    assert result.problems[0].reason == (
        "not an arXiv metadata record: categories is a list of strings, expected a string"
    )


# Python-repr days and wrappers of the day list -------------------------------------------------


def test_check_says_how_many_papers_it_recovered_from_python_repr_days(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    content = content_with(tmp_path, SAMPLES / "hf-daily-papers-api" / "2024-12-11.json")
    result = CliRunner().invoke(main, ["check", "-v", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert "listings/2024-12-11.json: 26 entries, 0 rejected" in result.output
    assert (
        "note: listings/2024-12-11.json:1: read 26 of 26 papers from Python-repr entries"
        in result.output
    )


def test_python_repr_entries_are_literals_only_and_bounded() -> None:
    good = repr({"paper": {**PAPER, "authors": [{"name": "Ana Silva", "hidden": False}]}})
    hostile = "__import__('os').system('echo owned')"
    huge = repr({"paper": {**PAPER, "summary": "x" * (hf_api.MAX_REPR_CHARS + 1)}})
    data = json.dumps([good, hostile, huge, repr([1, 2])], indent=1).encode()
    result = hf_api.parse_daily(data, "listings/2025-03-17.json")
    assert [e.authors for e in result.entries] == [("Ana Silva",)]
    reasons = [(p.source.line, p.reason[:40]) for p in result.problems]
    assert reasons == [
        (3, "item 1: not a Python literal: malformed "),
        (4, "item 2: not a Python literal: 200061 cha"),
        (5, "item 3: not a daily paper object"),
    ]
    assert "read 1 of 4 papers from Python-repr entries" in str(result.notes[0])


def test_a_wrapped_day_list_is_read_once_or_refused_in_one_message() -> None:
    day = json.loads((SAMPLES / "hf-daily-papers-api" / "2025-03-17.json").read_bytes())
    wrapped = {"status": "ok", "date": "2025-03-17", "count": len(day), "data": day}
    data = json.dumps(wrapped, indent=2).encode()
    assert detect.parser_for("2025-03-17.json", data) is hf_api.parse_daily
    result = parse("2025-03-17.json", data)
    assert len(result.entries) == 12 and result.problems == ()
    assert [n.reason for n in result.notes] == ["read the day's list from its 'data' key"]
    other_day = json.dumps({**wrapped, "date": "2025-03-18"}, indent=2).encode()
    assert [str(p) for p in parse("2025-03-17.json", other_day).problems] == [
        "listings/2025-03-17.json:1: the wrapper's date '2025-03-18' is not the file's day "
        "2025-03-17"
    ]
    numbers = json.dumps({"status": "ok", "data": [1, 2, 3]}, indent=2).encode()
    [problem] = parse("2025-03-17.json", numbers).problems
    assert "found a list of integers" in problem.reason
    unknown = json.dumps({"status": "ok", "count": 16, "result": {"x": 1}}, indent=2).encode()
    [problem] = parse("2025-03-17.json", unknown).problems  # one message, not one per line
    assert problem.reason.startswith(
        "a JSON object with keys count, result, status is none of the known formats"
    )


# Daily Papers cards, 2026 layout, and the seeds' pairing --------------------------------------


def test_the_2026_card_layout_reads_both_papers() -> None:
    path = CASES / "hf-daily-papers-2026-10-06.txt"
    result = parse(path.name, path.read_bytes())
    assert result.problems == ()
    got = [
        (e.source.line, e.title, e.published, e.upvotes, e.github_stars, e.listed_on)
        for e in result.entries
    ]
    assert got == [
        (
            15,
            "Sparse Lattice Prompting for Small Vision Models",
            dt.date(2026, 10, 4),
            117,
            131,
            dt.date(2026, 10, 6),
        ),
        (
            27,
            "Reward Drift in Long Conversations",
            dt.date(2026, 10, 3),
            25,
            None,
            dt.date(2026, 10, 6),
        ),
    ]
    first, second = result.entries
    assert first.abstract.startswith(
        "We study how small vision models"
    ) and first.abstract.endswith("We release code and checkpoints.")
    assert second.abstract == (
        "Reward models drift over long conversations; a per-turn recalibration removes most "
        "of the drift on two new benchmarks."
    )


def test_a_2026_card_without_submitter_and_a_stray_line_are_handled() -> None:
    path = CASES / "hf-daily-papers-2026-10-06.txt"
    text = path.read_text("utf-8") + (
        "\nA Third Paper Without Submitter\nIts abstract, one line long.\n"
        "3 authors\n· Published on Oct 5, 2026\nUpvote\n4\nProject Page\n\n"
        "Submitted by\nsomeone\nA Title With No Card End\n"
    )
    result = parse(path.name, text.encode())
    assert [e.title for e in result.entries][-1] == "A Third Paper Without Submitter"
    assert [p.reason for p in result.problems] == [
        "lines with no paper card (no 'Upvote' after them): not read"
    ]


SHORT = "We count lanes with a small model."
ONE_SENTENCE_120 = (
    "We show that a recalibrated reward model keeps its ranking of answers stable over "
    "conversations of more than fifty turns"
)


def test_seeds_pair_by_alternation_so_short_abstracts_are_abstracts() -> None:
    assert len(ONE_SENTENCE_120) >= 120 and not hf_dump.looks_like_abstract(SHORT)
    lines = ["Daily Papers", "", "Mar 11", "", "Counting Lanes with Small Models", SHORT]
    lines += ["Reward Drift", ONE_SENTENCE_120, "Lonely Title", "Next Title", SHORT]
    result = hf_dump.parse("\n".join(lines).encode(), "listings/hf-daily-papers-2025-03-11.txt")
    assert [(e.title, e.abstract) for e in result.entries] == [
        ("Counting Lanes with Small Models", SHORT),
        ("Reward Drift", ONE_SENTENCE_120),
        ("Next Title", SHORT),
    ]
    assert [(p.source.line, p.reason) for p in result.problems] == [
        (9, "title 'Lonely Title' has no abstract after it")
    ]
