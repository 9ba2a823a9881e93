"""Hugging Face Daily Papers cards, 2026 (closing) layout: where a wrapped title ends and the
abstract starts (fresh-11 item 10), decided by what each line can be, and reported when the
lines cannot tell."""

from __future__ import annotations

import pytest

from generator.model import ParseResult
from generator.sources.detect import parse
from tests.conftest import FIXTURES

CASE = FIXTURES / "field-cases" / "real-inputs" / "hf-daily-papers-2026-10-06.txt"
HEADER = CASE.read_text("utf-8").split("Submitted by", 1)[0]
NAME = "hf-daily-papers-2026-10-06.txt"


def card(*body: str, meta: str = "1 author\n· Published on Oct 5, 2026") -> str:
    return "Submitted by\nmokonkwo\n" + "\n".join(body) + f"\n{meta}\nUpvote\n3\n\n"


def page(*cards: str) -> ParseResult:
    return parse(NAME, (HEADER + "".join(cards)).encode())


def test_a_wrapped_title_ending_in_a_question_mark_stays_whole() -> None:
    result = page(
        card(
            "Do Small Vision Models Dream of",
            "Electric Sheep?",
            "We ask whether small vision models hallucinate sheep. They do, on three benchmarks.",
        )
    )
    assert result.problems == ()
    (entry,) = result.entries
    assert entry.title == "Do Small Vision Models Dream of Electric Sheep?"
    assert entry.abstract == (
        "We ask whether small vision models hallucinate sheep. They do, on three benchmarks."
    )


def test_a_short_first_abstract_line_is_not_glued_to_the_title() -> None:
    result = page(
        card(
            "Third Card With Hard-Wrapped Abstract",
            "We present a method",
            "that wraps its abstract at a narrow width, as a curator's editor might.",
        )
    )
    assert result.problems == ()
    (entry,) = result.entries
    assert entry.title == "Third Card With Hard-Wrapped Abstract"
    assert entry.abstract == (
        "We present a method that wraps its abstract at a narrow width, as a curator's editor"
        " might."
    )


LONG = (
    "We study how small vision models can be prompted with sparse lattices of learned tokens, "
    "and what it costs them."
)


@pytest.mark.parametrize(
    ("lines", "title", "abstract_start"),
    [
        # A title's rest in title case, ending in `!`, `?`, or nothing.
        (
            ("Stop Guessing Where", "Titles End!", "We read cards."),
            "Stop Guessing Where Titles End!",
            "We",
        ),
        (
            ("Reward Drift in Long", "Conversations", LONG),
            "Reward Drift in Long Conversations",
            "We",
        ),
        (("Is Attention", "All You Need?", LONG, "More."), "Is Attention All You Need?", "We"),
        # A title in sentence case carries on in lower case.
        (
            ("Scaling laws for small", "models of language", LONG),
            "Scaling laws for small models of language",
            "We",
        ),
        # A title on one line: a full abstract line, two sentences, or a short first sentence.
        (("One Line Title", LONG, "Second line."), "One Line Title", "We study"),
        (("One Line Title", "It works. We show it.", "Twice."), "One Line Title", "It works."),
        (("One Line Title", "Reward models drift.", "We fix it."), "One Line Title", "Reward"),
        (("One Line Title", "We count lanes."), "One Line Title", "We count"),
        (("One Line Title", "We present a method", "that wraps."), "One Line Title", "We present"),
    ],
)
def test_where_the_title_ends(lines: tuple[str, ...], title: str, abstract_start: str) -> None:
    result = page(card(*lines))
    assert result.problems == ()
    (entry,) = result.entries
    assert entry.title == title
    assert entry.abstract.startswith(abstract_start)
    assert entry.title + " " + entry.abstract == " ".join(lines)


@pytest.mark.parametrize(
    "lines",
    [
        ("Lane Counting", "We present a method", "For detecting lanes we use a small model."),
        ("Lane Counting", "With a Small model", "We count lanes."),
    ],
)
def test_an_ambiguous_split_is_reported_with_its_line(lines: tuple[str, ...]) -> None:
    good = card("A Readable Card", LONG)
    result = page(good, card(*lines), good.replace("A Readable", "Another Readable"))
    assert [e.title for e in result.entries] == ["A Readable Card", "Another Readable Card"]
    (problem,) = result.problems
    line = (HEADER + good).count("\n") + 4  # the card's second body line
    assert problem.source.path == NAME and problem.source.line == line
    assert problem.reason.startswith(f"cannot tell whether {lines[1]!r} ends the title")


def test_the_field_case_still_reads_both_papers() -> None:
    result = parse(NAME, CASE.read_bytes())
    assert result.problems == ()
    assert [e.title for e in result.entries] == [
        "Sparse Lattice Prompting for Small Vision Models",
        "Reward Drift in Long Conversations",
    ]
