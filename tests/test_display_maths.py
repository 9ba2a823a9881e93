"""Displayed maths (`$$…$$`, `\\[…\\]`, environments) is maths everywhere, like inline maths."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import citations, identity, maths, mdtext
from generator.model import Entry, SourceRef
from generator.sources import bibtex, latex

TITLE = "Display $$E=mc^2$$ and \\[ \\int f \\] in a title"


def test_display_maths_segments() -> None:
    assert maths.segments(TITLE) == [
        maths.Segment("Display ", False),
        maths.Segment("E=mc^2", True, True, "$$E=mc^2$$"),
        maths.Segment(" and ", False),
        maths.Segment("\\int f", True, True, "\\[ \\int f \\]"),
        maths.Segment(" in a title", False),
    ]
    env = "\\begin{equation} a=b \\end{equation} end."
    assert maths.segments(env)[0] == maths.Segment(
        "\\begin{equation} a=b \\end{equation}", True, True, "\\begin{equation} a=b \\end{equation}"
    )
    # Inline maths is unchanged, and prices are prose.
    assert maths.split("a $x$ b \\(y\\) c $5 and $6") == [
        ("a ", False),
        ("x", True),
        (" b ", False),
        ("y", True),
        (" c $5 and $6", False),
    ]


@pytest.mark.parametrize(
    "text", ["unclosed \\[ x", "unclosed $$ x", "\\begin{equation} open", "\\[ x \n \\]"]
)
def test_unclosed_display_delimiters_are_text(text: str) -> None:
    assert maths.split(text) == [(text, False)]


def test_display_maths_is_marked_for_katex() -> None:
    md = mdtext.rich(TITLE)
    assert '<span class="pa-math pa-math--display">E&#61;mc&#94;2</span>' in md
    assert '<span class="pa-math pa-math--display">&#92;int f</span>' in md


def test_decoder_keeps_environments_whole() -> None:
    text = 'Before \\begin{equation} a=b \\end{equation} end, K\\"{a}hler.'
    expected = "Before \\begin{equation} a=b \\end{equation} end, Kähler."
    assert latex.to_text(text) == expected
    assert latex.to_text(text, prose=True) == expected


def test_cite_block_writes_display_maths_as_maths_and_reads_back() -> None:
    entry = Entry(
        title=TITLE,
        abstract="We show \\begin{equation} a=b \\end{equation} end.",
        listed_on=None,
        listing="BibTeX",
        source=SourceRef("x.bib", 1),
        kind="bibtex",
        authors=("Ana Silva",),
        published=dt.date(2024, 1, 1),
        published_precision="year",
    )
    (paper,), _ = identity.merge([entry])
    written = citations.bibtex(paper, "k", "")
    assert "title = {{Display $$E=mc^2$$ and \\[ \\int f \\] in a title}}" in written
    assert "\\$" not in written and "textasciicircum" not in written
    (back,) = bibtex.parse(written.encode(), "c.bib").entries
    assert back.title == TITLE
