"""TeX in the HF API's JSON and in arXiv Atom author names is decoded as in every other source."""

from __future__ import annotations

import json

import pytest

from generator import identity
from generator.sources import detect, latex
from tests.conftest import FIXTURES

ATOM = FIXTURES / "field-cases" / "real-inputs" / "atom-tex-accents" / "query.xml"


def hf_day(title: str, summary: str) -> bytes:
    paper = {
        "id": "2104.05678",
        "title": title,
        "summary": summary,
        "authors": [{"name": "Nils Berg"}],
        "publishedAt": "2021-04-12T17:00:00.000Z",
    }
    return json.dumps([{"paper": paper, "title": title, "summary": summary}]).encode()


def test_hf_api_title_with_tex_accents_is_decoded_and_merges_with_arxiv() -> None:
    title = "$L^2$ estimates on K\\\"{a}hler manifolds with L\\'evy-type noise"
    hf = detect.parse("listings/2021-04-13.json", hf_day(title, 'On K\\"{a}hler manifolds.'))
    assert hf.problems == ()
    (entry,) = hf.entries
    assert entry.title == "$L^2$ estimates on Kähler manifolds with Lévy-type noise"
    assert entry.abstract == "On Kähler manifolds."
    arxiv = detect.parse("listings/arxiv/query.xml", ATOM.read_bytes())
    (paper,), _ = identity.merge([*arxiv.entries, entry])
    assert paper.title == "$L^2$ estimates on Kähler manifolds with Lévy-type noise"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # The seeds' prose: backslashes that are no accent stay exactly as written.
        ("\\ourMethod reaches 33.25\\% on MMLU", "\\ourMethod reaches 33.25\\% on MMLU"),
        ("a path C:\\new\\table and \\n", "a path C:\\new\\table and \\n"),
        ("maths $\\\"a + \\hat{x}$ and \\(\\'e\\)", "maths $\\\"a + \\hat{x}$ and \\(\\'e\\)"),
        ('{\\"o}zg{\\"u}r, Erd\\H{o}s, \\c{c}a, \\v{S}koda', "özgür, Erdős, ça, Škoda"),
        ('Schr\\"odinger and \\emph{very} good', "Schrödinger and very good"),
        ("no TeX at all", "no TeX at all"),
    ],
)
def test_only_clear_tex_is_decoded_in_hf_text(raw: str, text: str) -> None:
    assert latex.clear_tex_to_text(raw) == text
    (entry,) = detect.parse("listings/2021-04-13.json", hf_day("T " + raw, raw)).entries
    assert entry.abstract == text


def test_arxiv_atom_author_names_are_decoded() -> None:
    xml = ATOM.read_text().replace(
        "Nils Berg", 'J\\"org M\\"uller</name></author><author><name>C. Bal\\\'azs'
    )
    result = detect.parse("listings/arxiv/query.xml", xml.encode())
    (entry,) = result.entries
    assert entry.authors == ("Jörg Müller", "C. Balázs")
