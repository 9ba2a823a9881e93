"""The Daily Papers text-dump parser: the real seeds, forgiving whitespace, and every rejection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.sources import common, hf_dump
from tests.conftest import ROOT

NAME = "listings/hf-daily-papers-alignment-2025-03-11.txt"
HEADER = [
    "new",
    "",
    "Get trending papers in your email inbox!",
    "",
    "Subscribe",
    "",
    "byAK and the research community",
    "",
    "Mar 11",
    "",
]
ABSTRACT_A = (
    "We study alignment. Our method, \\ourMethod, improves win rate by 33.25\\% on D^2O "
    "benchmarks with *stars*, _underscores_ and `ticks` [see 1]. " + "More words here. " * 20
).strip()
ABSTRACT_B = ("A second abstract about preference optimization. It has two sentences. " * 8).strip()


def dump(*body: str, header: list[str] = HEADER, eol: str = "\n") -> bytes:
    return eol.join([*header, *body]).encode("utf-8")


def parse(data: bytes, name: str = NAME) -> hf_dump.ParseResult:
    return hf_dump.parse(data, name)


def test_the_seed_dumps_parse_completely() -> None:
    counts = {}
    for path in sorted((ROOT / "content" / "listings").glob("hf-daily-papers-alignment-*.txt")):
        result = parse(path.read_bytes(), f"listings/{path.name}")
        assert result.problems == ()
        counts[path.name] = len(result.entries)
        assert {e.listed_on for e in result.entries} == {common.day_in_name(path.name)}
    assert counts == {
        "hf-daily-papers-alignment-2025-03-11.txt": 61,
        "hf-daily-papers-alignment-2025-10-01.txt": 56,
    }


def test_pairs_titles_with_abstracts_and_records_lines() -> None:
    result = parse(dump("First Title", "", ABSTRACT_A, "", "Second Title", "", ABSTRACT_B))
    assert result.problems == ()
    assert [(e.title, e.abstract, e.source.line) for e in result.entries] == [
        ("First Title", ABSTRACT_A, 11),
        ("Second Title", ABSTRACT_B, 15),
    ]
    assert result.entries[0].listed_on == dt.date(2025, 3, 11)


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda d: d.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda d: d.replace(b"\n", b"\r"), id="old-mac-cr"),
        pytest.param(lambda d: b"\xef\xbb\xbf" + d, id="utf8-bom"),
        pytest.param(lambda d: d.replace(b"\n", b"   \t\n"), id="trailing-spaces"),
        pytest.param(lambda d: d.replace(b"\n\n", b"\n\n\n\n \n"), id="runs-of-blank-lines"),
        pytest.param(lambda d: d + b"\n\n\n", id="final-newlines"),
        pytest.param(lambda d: d, id="no-final-newline"),
    ],
)
def test_survives_whitespace_variants(variant: object) -> None:
    original = dump("First Title", "", ABSTRACT_A, "", "Second Title", "", ABSTRACT_B)
    result = parse(variant(original))  # type: ignore[operator]
    assert result.problems == ()
    assert [(e.title, e.abstract) for e in result.entries] == [
        ("First Title", ABSTRACT_A),
        ("Second Title", ABSTRACT_B),
    ]


def reasons(result: hf_dump.ParseResult) -> list[tuple[int, str]]:
    return [(p.source.line, p.reason) for p in result.problems]


def test_title_with_no_abstract_is_reported_and_never_paired_wrongly() -> None:
    result = parse(dump("Lonely Title", "", "Second Title", "", ABSTRACT_B, "", "Last Title"))
    assert [(e.title, e.abstract) for e in result.entries] == [("Second Title", ABSTRACT_B)]
    assert reasons(result) == [
        (11, "title 'Lonely Title' has no abstract after it"),
        (17, "title 'Last Title' has no abstract after it"),
    ]


def test_abstract_with_no_title_is_reported() -> None:
    result = parse(dump(ABSTRACT_A, "", "Title", "", ABSTRACT_B))
    assert [e.title for e in result.entries] == ["Title"]
    assert reasons(result) == [(11, "abstract with no title line before it")]


def test_unknown_header_line_is_reported() -> None:
    result = parse(dump("Title", "", ABSTRACT_A, header=["new", "", "Sign in", "", "Mar 11", ""]))
    assert result.entries == ()
    assert reasons(result) == [
        (
            3,
            "unknown header line 'Sign in': expected the page header and a date line such as "
            "'Mar 11' before the first title; nothing below it was read",
        )
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(1, "empty file: no listing in it")]),
        (b"\n \r\n\t\n", [(1, "empty file: no listing in it")]),
        (dump(), [(9, "no papers found after the header")]),
        (dump(header=HEADER[:-2]), [(7, "no date line such as 'Mar 11' found")]),
        (b"new\n\n\xff\xfe bad", [(3, "not UTF-8 text (invalid start byte)")]),
    ],
    ids=["empty", "blank", "header-only", "no-date-line", "not-utf8"],
)
def test_files_with_nothing_to_read_are_reported(data: bytes, expected: list[object]) -> None:
    result = parse(data)
    assert result.entries == ()
    assert reasons(result) == expected


def test_the_year_comes_from_the_file_name_never_the_clock() -> None:
    result = parse(dump("Title", "", ABSTRACT_A), name="listings/alignment.txt")
    assert result.entries == ()
    [(line, reason)] = reasons(result)
    assert line == 9
    assert "has no year" in reason and "name the file with the day it was captured" in reason


def test_a_date_line_after_the_capture_date_belongs_to_the_year_before() -> None:
    header = [*HEADER[:-2], "Dec 31", ""]
    result = parse(dump("Title", "", ABSTRACT_A, header=header), name="listings/x-2026-01-01.txt")
    assert [e.listed_on for e in result.entries] == [dt.date(2025, 12, 31)]


def test_a_second_date_section_dates_the_entries_below_it() -> None:
    result = parse(dump("Title", "", ABSTRACT_A, "", "Mar 10", "", "Older", "", ABSTRACT_B))
    assert [(e.title, e.listed_on) for e in result.entries] == [
        ("Title", dt.date(2025, 3, 11)),
        ("Older", dt.date(2025, 3, 10)),
    ]


def test_an_impossible_date_is_reported() -> None:
    result = parse(dump("Title", "", ABSTRACT_A, header=[*HEADER[:-2], "Feb 30", ""]))
    assert result.entries == ()
    assert reasons(result) == [(9, "'Feb 30' is not a calendar date")]


@pytest.mark.parametrize(
    ("line", "is_abstract"),
    [
        ("M2R2: Mixture of Multi-Rate Residuals for Efficient Transformer Inference", False),
        ("A" * 299, False),
        ("A" * 300, True),
        (
            "We propose a method. It works well on many benchmarks and tasks of all kinds here.",
            False,
        ),
        (
            "We propose a method for alignment. It works well on many benchmarks, many tasks, "
            "and many models, as our experiments on three datasets show.",
            True,
        ),
    ],
)
def test_tells_abstracts_from_titles(line: str, is_abstract: bool) -> None:
    assert hf_dump.looks_like_abstract(line) is is_abstract


def test_the_day_in_a_name_is_the_last_date_in_it() -> None:
    assert common.day_in_name("a/2020-01-01/x-2025-10-01.txt") == dt.date(2025, 10, 1)
    assert common.day_in_name("x-2025-13-01.txt") is None
    assert common.day_in_name(str(Path("x.txt"))) is None
