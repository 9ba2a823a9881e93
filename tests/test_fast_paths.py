"""The shortcuts that make paper pages cheap to write give what the long way gives: links
between pages, HTML of runs many pages share, BibTeX text, head excerpts, maths spans."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator import citations, head, maths
from generator.pages import doc

SEGMENTS = st.sampled_from(["papers", "tags", "dates", "x", "y", "2025", "index", ""])


def reference_href(page: str, target: str) -> str:
    """The link as the segment comparison alone makes it (no shortcut)."""
    if doc.is_url(target):
        return target
    here, there = doc.url_of(page), doc.url_of(target)
    base = here.rstrip("/").split("/") if here else []
    folder = base[0] + "/" if base else ""
    if not folder or not there.startswith(folder):
        return "../" * len(base) + there if there or base else "./"
    parts = there.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "./"


@given(
    st.lists(SEGMENTS, min_size=1, max_size=4),
    st.lists(SEGMENTS, min_size=1, max_size=4),
    st.sampled_from([".md", "/index.md", "index.md", ""]),
    st.sampled_from([".md", "/index.md", "index.md", ""]),
)
def test_links_between_siblings_as_the_segment_comparison_gives(
    page: list[str], target: list[str], page_end: str, target_end: str
) -> None:
    page_path, target_path = "/".join(page) + page_end, "/".join(target) + target_end
    assert doc.href(page_path, target_path) == reference_href(page_path, target_path)


def test_a_shared_run_is_written_per_folder_and_never_with_another_pages_links() -> None:
    trail = doc.Run(doc.text(doc.Link("Home", "index.md"), " › ", doc.Link("Tag", "tags/t.md")))
    sibling = doc.Run((doc.Link("Y <&>", "papers/y.md", rich=True),))
    heading = doc.Run((doc.Text("Related papers"),))
    paths = ["papers/x.md", "papers/y.md", "tags/t.md", "tags/t/2.md", "index.md", "papers/x.md"]
    for path in paths * 2:
        blocks = (doc.Para(trail), doc.Heading(2, heading), doc.Para(sibling))
        shared = doc.Page(path, "T", blocks)
        fresh = doc.Page(path, "T", tuple(_unshared(b) for b in blocks))
        assert doc.html(shared) == doc.html(fresh), path
    # From its own page a link into the folder is "./", from a sibling "../y/".
    assert "href=./>" in doc.html(doc.Page("papers/y.md", "T", (doc.Para(sibling),))).content
    assert "href=../y/>" in doc.html(doc.Page("papers/x.md", "T", (doc.Para(sibling),))).content


def _unshared(block: doc.Block) -> doc.Block:
    if isinstance(block, doc.Para):
        return doc.Para(tuple(block.parts))
    if isinstance(block, doc.Heading):
        return doc.Heading(block.level, tuple(block.parts))
    return block


def reference_bibtex_text(value: str) -> str:
    parts = []
    for part in maths.segments(" ".join(citations.CONTROL.sub(" ", value).split())):
        segment = part.text
        if part.is_maths and part.display and citations._balanced(part.source):
            parts.append(part.source)
        elif part.is_maths and citations._balanced(segment):
            parts.append(f"${segment}$")
        else:
            escaped = citations.SPECIAL.sub(lambda m: citations.BIBTEX_SPECIAL[m.group()], segment)
            parts.append(citations.LIGATURE.sub(lambda m: m.group(1) + "{}", escaped))
    return "".join(parts)


BIBTEX_ALPHABET = "Az09.,:;/?!()+=@*<>|[]\"'`- _\\{}$%&#~^\t\n\u00a0é"


@given(st.text(alphabet=BIBTEX_ALPHABET, max_size=40) | st.text(max_size=40))
def test_bibtex_text_returned_as_is_only_where_nothing_changes(value: str) -> None:
    assert citations.bibtex_text(value) == reference_bibtex_text(value)


def reference_excerpt(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


WORDY = st.lists(
    st.sampled_from(["a", "word", "x" * 30, " ", "   ", "\n", "\t\t", ",", ".", "é", "\u2003"]),
    max_size=120,
).map("".join)


@given(WORDY | st.text(max_size=300), st.integers(min_value=1, max_value=60))
def test_excerpt_from_the_start_of_the_text_as_from_all_of_it(text: str, limit: int) -> None:
    assert head.excerpt(text, limit) == reference_excerpt(text, limit)


MATHS_TEXT = st.text(alphabet="$\\()[]x y\n1{}", max_size=40)


@given(MATHS_TEXT, st.integers(min_value=0, max_value=40))
def test_maths_searches_begun_at_the_first_dollar_find_the_same_match(text: str, pos: int) -> None:
    for name, pattern in (("dollar", maths.DOLLAR), ("display", maths.DISPLAY_DOLLAR)):
        found = maths._search(pattern, text, pos, maths.STARTS[name])
        expected = pattern.search(text, pos)
        assert _span(found) == _span(expected), (name, text, pos)


def _span(match: re.Match[str] | None) -> tuple[int, int, str] | None:
    return None if match is None else (match.start(), match.end(), match.group(1))
