"""Parsers of every format, on the real samples, and every rejection path, with file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model import ParseResult
from generator.sources import arxiv_atom, arxiv_snapshot, bibtex, detect, hf_api, latex
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "samples"


def parse(path: Path) -> ParseResult:
    return detect.parse(f"listings/{path.name}", path.read_bytes())


@pytest.mark.parametrize(
    ("name", "parser", "entries"),
    [
        ("hf-daily-papers-api/2024-05-27.json", hf_api.parse_daily, 13),
        ("hf-daily-papers-api/2024-06-13.json", hf_api.parse_daily, 21),
        ("hf-daily-papers-api/2024-12-11.json", hf_api.parse_daily, 26),  # Python-repr entries
        ("hf-daily-papers-api/2025-03-17.json", hf_api.parse_daily, 12),
        ("hf-daily-papers-api/2025-10-03.json", hf_api.parse_daily, 39),
        ("hf-paper-api/2605.13301.json", hf_api.parse_paper, 1),
        ("arxiv-atom/arxiv_api_query_all-science_2019-08-10.xml", arxiv_atom.parse, 10),
        (
            "arxiv-metadata-snapshot/arxiv-metadata-oai-snapshot.sample.jsonl",
            arxiv_snapshot.parse,
            200,
        ),
        ("bibtex/pmlr_v202_icml23.excerpt.bib", bibtex.parse, 6),
        ("bibtex/srush_do-we-need-attention_anthology.bib", bibtex.parse, 47),
        ("bibtex/srush_do-we-need-attention_ssm.bib", bibtex.parse, 17),
    ],
)
def test_every_sample_is_detected_and_read_whole(name: str, parser: object, entries: int) -> None:
    path = SAMPLES / name
    assert detect.parser_for(path.name, path.read_bytes()) is parser
    result = parse(path)
    assert (len(result.entries), result.problems) == (entries, ())
    assert all(e.title and "\n" not in e.title + e.abstract for e in result.entries)


def test_hf_daily_api_in_every_schema_era() -> None:
    old = parse(SAMPLES / "hf-daily-papers-api/2024-05-27.json").entries[0]
    new = parse(SAMPLES / "hf-daily-papers-api/2025-10-03.json").entries[0]
    assert old.listed_on == dt.date(2024, 5, 27) and old.arxiv_id and old.authors
    assert old.code_url == "" and old.keywords == ()  # fields of later eras are optional
    assert new.title == "Self-Forcing++: Towards Minute-Scale High-Quality Video Generation"
    assert new.arxiv_id == "2510.02283" and new.published == dt.date(2025, 10, 2)
    assert new.authors[:2] == ("Justin Cui", "Jie Wu") and new.upvotes == 43
    assert new.code_url == "https://github.com/justincui03/Self-Forcing-Plus-Plus"
    assert "diffusion models" in new.keywords
    assert new.abstract.startswith(
        "Diffusion models have revolutionized image and video generation, achieving unprecedented"
    )


@pytest.mark.parametrize(
    "name", ["2025-03-11.json", "redos-title-2025-03-11.json", "hf_daily_2025-03-11_saved.json"]
)
def test_a_daily_file_is_dated_by_the_day_anywhere_in_its_name(name: str) -> None:
    data = b'[{"paper": {"id": "2503.00061", "title": "T", "summary": "An abstract."}}]'
    result = hf_api.parse_daily(data, f"listings/{name}")
    assert not result.problems
    assert [e.listed_on for e in result.entries] == [dt.date(2025, 3, 11)]


def test_the_malformed_daily_file_is_one_clear_error() -> None:
    result = parse(FIXTURES / "malformed" / "2024-12-12.json")
    assert result.entries == ()
    assert [str(p) for p in result.problems] == [
        "listings/2024-12-12.json:26: not valid JSON: Expecting ',' delimiter: "
        "line 26 column 3 (char 700)"
    ]


def test_a_day_saved_as_python_repr_strings_is_read_with_a_note() -> None:
    result = parse(SAMPLES / "hf-daily-papers-api/2024-12-11.json")
    assert result.problems == () and len(result.entries) == 26
    assert [str(n) for n in result.notes] == [
        "listings/2024-12-11.json:1: read 26 of 26 papers from Python-repr entries "
        "(a JSON list of Python dict strings, not of JSON objects)"
    ]
    first = result.entries[0]
    assert first.title == "STIV: Scalable Text and Image Conditioned Video Generation"
    assert first.arxiv_id == "2412.07730" and first.listed_on == dt.date(2024, 12, 11)
    assert first.authors[:4] == ("Zongyu Lin", "Wei Liu", "Chen Chen", "Jiasen Lu")
    assert first.source.line == 2 and result.entries[1].source.line == 3


def test_arxiv_atom_joins_wrapped_text_and_reads_ids_links_categories() -> None:
    entries = parse(SAMPLES / "arxiv-atom/arxiv_api_query_all-science_2019-08-10.xml").entries
    first, second = entries[0], entries[1]
    assert (first.arxiv_id, first.title, first.published) == (
        "1501.05039",
        "Defining Data Science",
        dt.date(2015, 1, 21),
    )
    assert first.authors == ("Yangyong Zhu", "Yun Xiong")
    assert (
        first.categories == ("cs.DB", "cs.CY")
        and first.pdf_url == "https://arxiv.org/pdf/1501.05039v1"
    )
    assert second.title.startswith(
        "Report on a Boston University Conference December 7-8, 2012 on 'How Can the History"
    )
    assert first.abstract.startswith(
        "Data science is gaining more and more and widespread attention, but no consensus"
    )
    assert all(e.source.line > 1 for e in entries)
    assert sorted(e.source.line for e in entries) == [e.source.line for e in entries]


def test_arxiv_snapshot_names_ids_and_dois() -> None:
    first = parse(
        SAMPLES / "arxiv-metadata-snapshot/arxiv-metadata-oai-snapshot.sample.jsonl"
    ).entries[0]
    assert first.arxiv_id == "0704.0001" and first.doi == "10.1103/PhysRevD.76.013009"
    assert (
        first.title
        == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert first.authors[0] == "C. Balázs" and first.published == dt.date(2007, 4, 2)
    assert first.source.line == 1


def test_snapshot_streams_line_by_line() -> None:
    lines = iter([b'{"id": "0704.0001", "title": "A"}\n', b"not json\n", b'{"title": "no id"}\n'])
    out = list(arxiv_snapshot.parse_lines(lines, "s.jsonl"))
    assert [type(o).__name__ for o in out] == ["Entry", "Problem", "Problem"]
    assert [str(o) for o in out[1:]][
        1
    ] == "s.jsonl:3: expected an arXiv metadata record with an id and a title"


def test_bibtex_authors_accents_case_maths_and_arxiv_ids() -> None:
    pmlr = parse(SAMPLES / "bibtex/pmlr_v202_icml23.excerpt.bib").entries
    assert pmlr[1].title == "ClusterFuG: Clustering Fully connected Graphs by Multicut"
    assert pmlr[0].authors[:3] == ("Anders Aamand", "Alexandr Andoni", "Justin Y. Chen")
    assert "$k$ distributions $v_1, \\ldots, v_k$" in pmlr[0].abstract
    anthology = parse(SAMPLES / "bibtex/srush_do-we-need-attention_anthology.bib").entries
    s4 = next(e for e in anthology if e.title.startswith("Efficiently Modeling Long Sequences"))
    assert s4.arxiv_id == "2111.00396" and "Christopher Ré" in s4.authors


@pytest.mark.parametrize(
    ("source", "text"),
    [
        (r"{\"u}ber M\"{u}ller", "über Müller"),
        (r"C. Bal\'azs and \v{S}koda, Fran\c{c}ois", "C. Balázs and Škoda, François"),
        (r"Erd\H{o}s \'\i{} Stra\ss e {\o}", "Erdős í Straße ø"),  # a space ends \ss
        (r"{B}ayes {C}luster{F}u{G} 50\% \& $a_{i}^{2}$", "Bayes ClusterFuG 50% & $a_{i}^{2}$"),
    ],
)
def test_latex_to_unicode(source: str, text: str) -> None:
    assert latex.to_text(source) == text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("2025-01-01.json", b"[{", "listings/2025-01-01.json:1: not valid JSON"),
        ("notes.json", b"[]", "listings/notes.json:1: a daily papers file is named by its day"),
        (
            "2025-01-01.json",
            b'[{"paper": {"id": "1"}}]',
            "listings/2025-01-01.json:1: item 0: no paper.title, paper.summary",
        ),
        (
            "p.json",
            b'{"id": "2501.00001", "summary": "x"}',
            "listings/p.json:1: expected a Hugging Face paper object, missing paper.title",
        ),
        ("q.xml", b"<feed><entry>", "listings/q.xml:1: not valid XML"),
        ("q.xml", b"<html></html>", "listings/q.xml:1: expected an Atom <feed>"),
        (
            "r.bib",
            b"@article{k, title = {A}, author = {B",
            "listings/r.bib:1: @article entry: not closed before the end of the file",
        ),
        ("r.bib", b"@article{k, author = {B}}", "listings/r.bib:1: @article entry: has no title"),
        (
            "r.bib",
            b"@article{k title = {A}}",
            "listings/r.bib:1: @article entry: entry key not followed by a comma",
        ),
        (
            "x.docx",
            b"PK\x03\x04",
            "listings/x.docx:1: unknown listing format: expected a Hugging Face",
        ),
        ("x.csv", b"", "listings/x.csv:1: empty file"),
    ],
)
def test_bad_input_is_one_clear_problem(name: str, data: bytes, message: str) -> None:
    result = detect.parse(f"listings/{name}", data)
    assert result.entries == ()
    assert [str(p)[: len(message)] for p in result.problems] == [message]


def test_one_bad_bibtex_entry_does_not_lose_the_next() -> None:
    data = b"@article{a, title = {One}\n@article{b, title = {Two}}\n"
    result = bibtex.parse(data, "x.bib")
    assert [e.title for e in result.entries] == ["Two"]
    assert [p.source.line for p in result.problems] == [1]


MESSY = FIXTURES / "messy" / "hf-daily-papers-cards-2025-10-04.txt"


def test_card_pages_are_read_card_by_card() -> None:
    result = parse(MESSY)
    got = [(e.source.line, e.title, e.upvotes, e.published) for e in result.entries]
    assert got == [
        (
            17,
            "Self-Forcing++: Towards Minute-Scale High-Quality Video Generation",
            43,
            dt.date(2025, 10, 2),
        ),
        (28, "Alignment for Honesty", 12, dt.date(2023, 12, 12)),
        (38, "A Card With Only A Summary", 7, dt.date(2025, 10, 3)),
        (45, "Alignment for Honesty", 12, dt.date(2023, 12, 12)),  # a repeated card
    ]
    first, _, summary_only, _ = result.entries
    assert (
        first.summary
        == "Self-Forcing++ extends autoregressive video diffusion to minutes of video."
    )
    assert first.abstract.startswith(
        "Diffusion models have revolutionized image and video generation, achieving unprecedented"
    )
    assert (summary_only.summary, summary_only.abstract) == (
        "A one-line summary where the abstract would be.",
        "",
    )
    assert all(e.listed_on == dt.date(2025, 10, 4) for e in result.entries)


def test_card_pages_report_what_cannot_be_read_safely() -> None:
    reasons = [str(p) for p in parse(MESSY).problems]
    assert reasons == [
        "listings/hf-daily-papers-cards-2025-10-04.txt:53: two papers in one card (no 'Upvote' "
        "or 'Submitted by' line between them): not read; "
        "copy the page again with each paper's card",
        "listings/hf-daily-papers-cards-2025-10-04.txt:67: cannot tell where this card's title "
        "starts: 0 lines before its author line (a title has one or two)",
    ]
    # The abstract of the paper pasted without a card is nobody's abstract.
    assert not any("never be joined" in e.abstract for e in parse(MESSY).entries)


def test_snapshot_files_are_read_line_by_line_from_disk(tmp_path: Path) -> None:
    sample = SAMPLES / "arxiv-metadata-snapshot" / "arxiv-metadata-oai-snapshot.sample.jsonl"
    big = tmp_path / "snapshot.jsonl"
    big.write_bytes(sample.read_bytes() * 3)  # larger than the 64 KB a format is told by
    streamed = detect.parse_path(big, "listings/snapshot.jsonl")
    whole = detect.parse("listings/snapshot.jsonl", big.read_bytes())
    assert streamed == whole and len(streamed.entries) == 600


def test_large_files_of_other_formats_are_detected_past_the_sniffed_head(tmp_path: Path) -> None:
    daily = SAMPLES / "hf-daily-papers-api" / "2025-10-03.json"  # 239 KB, one JSON document
    copy = tmp_path / daily.name
    copy.write_bytes(daily.read_bytes())
    assert detect.parse_path(copy, f"listings/{daily.name}") == parse(daily)
