"""Smaller kinds from the fresh-11 report: organisations, DOI case, repr messages and counts."""

from __future__ import annotations

import json

import pytest

from generator import citations, head, identity
from generator.sources import bibtex, common, detect


def test_an_organisation_stays_one_author_in_citations() -> None:
    entries = bibtex.parse(
        b"@article{osc, title = {Estimating the reproducibility of psychological science},"
        b" author = {{Open Science Collaboration} and Nosek, Brian}, year = 2015,"
        b" journal = {Science}}",
        "x.bib",
    ).entries
    (paper,), _ = identity.merge(list(entries))
    entry = citations.bibtex(paper, "osc2015", "https://example.org/p/")
    # Braced, so that BibTeX does not read "Collaboration, Open Science".
    assert "author = {{Open Science Collaboration} and Brian Nosek}" in entry
    tags = head.head(paper, "https://example.org/p/", "Archive")
    assert 'name="citation_author" content="Open Science Collaboration"' in tags


@pytest.mark.parametrize(
    ("value", "doi"),
    [
        ("10.1000/URLFORM", "10.1000/URLFORM"),
        ("https://doi.org/10.1000/AbC%23x", "10.1000/AbC#x"),
        ("(10.1000/abc)", "10.1000/abc"),
        ("see (doi 10.1000/abc).", "10.1000/abc"),
        ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O", None),
    ],
)
def test_dois_keep_their_case_and_lose_prose_brackets(value: str, doi: str | None) -> None:
    assert common.doi(value) == (doi or value)


def test_dois_in_other_cases_are_one_paper_shown_as_given() -> None:
    result = bibtex.parse(
        b"@article{a, title = {Alpha}, doi = {10.1000/ABC}, year = 2020}\n"
        b"@article{b, title = {Beta}, doi = {10.1000/abc 10.1000/Abc}, year = 2020}\n",
        "x.bib",
    )
    a, b = result.entries
    assert (a.doi, b.doi, b.other_dois) == ("10.1000/ABC", "10.1000/abc", ())
    papers, _ = identity.merge(list(result.entries))
    assert len(papers) == 1 and papers[0].doi in ("10.1000/ABC", "10.1000/abc")


def test_repr_messages_have_no_addresses_and_the_count_is_of_papers() -> None:
    items = [
        "{'paper': {'id': '2401.00001', 'title': 'A', 'summary': 'S'},"
        " 'publishedAt': datetime.datetime(2024, 1, 1)}",
        "{'paper': {'id': 2401.00002, 'title': 'B', 'summary': 'S'}}",
        "{'paper': {'id': '2401.00003', 'title': 'C', 'summary': 'S'}}",
    ]
    result = detect.parse("listings/2024-01-02.json", json.dumps(items).encode())
    assert [e.title for e in result.entries] == ["C"]
    messages = [str(p) for p in result.problems]
    assert messages[0] == (
        "listings/2024-01-02.json:1: item 0: not a Python literal: malformed node or string"
        " on line 1: a call (not a literal)"
    )
    assert all("0x" not in m for m in messages)
    assert [str(n) for n in result.notes] == [
        "listings/2024-01-02.json:1: read 1 of 3 papers from Python-repr entries (a JSON list"
        " of Python dict strings, not of JSON objects)"
    ]
