"""Input text stays text: generated Markdown parses back to exactly the input, in two parsers."""

from __future__ import annotations

import html
import re

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator import archive, maths, mdtext
from generator.pages import paper as paper_page
from tests.conftest import ROOT

HOSTILE = [
    "\\ourMethod improves 33.25\\% over D^2O",
    "*bold* _em_ **strong** __strong__ ~~del~~ ==mark== ^sup^ ~sub~ ++ins++",
    "`code` ``more code`` [link](https://x.org) ![img](x.png) [ref][1] [^1]",
    "<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; &lt; &#60;",
    "{{ config.site_name }} {% raw %} {# c #} ${x} $x^2$ \\(y\\) :smile: {: .cls }",
    "# not a heading",
    "- not a list",
    "1986. not a list",
    "> not a quote",
    "--- not a rule",
    "=== | a | b |",
    "    not code",
    "https://github.com/naver-ai/CLIP4DM. and <https://x.org> and www.x.org",
    "Ünïcödé — “quotes” ‘single’ … 中文 😀",
    "trailing backslash \\",
    "a\u00a0non-breaking space",
]
COMMONMARK = MarkdownIt("commonmark")


def inline_text(md: str) -> str:
    """The text a CommonMark parser reads from one paragraph of Markdown, or fails."""
    tokens = COMMONMARK.parse(md)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], md
    children = tokens[1].children or []
    assert all(child.type == "text" for child in children), [c.type for c in children]
    return "".join(child.content for child in children)


def python_markdown_text(md: str) -> str:
    """The text MkDocs' Python-Markdown (with this site's extensions) makes of it."""
    out = markdown.markdown(md, extensions=["tables", "toc", "admonition", "attr_list"])
    assert out.startswith("<p>") and out.endswith("</p>"), out
    inner = out[3:-4]
    assert "<" not in inner.replace("&lt;", ""), out  # no element of any kind
    return html.unescape(inner)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_parses_back_exactly(value: str) -> None:
    md = mdtext.text(value)
    assert inline_text(md) == value
    assert python_markdown_text(md) == value


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1))
def test_any_text_parses_back_exactly(value: str) -> None:
    value = value.strip()
    if value:
        assert inline_text(mdtext.text(value)) == value
        assert python_markdown_text(mdtext.text(value)) == value


def test_every_sample_abstract_and_title_parses_back_exactly() -> None:
    result = archive.load(ROOT / "content")
    assert len(result.papers) == 449
    for paper in result.papers:
        if paper.abstract:  # some BibTeX entries have none
            assert inline_text(mdtext.text(paper.abstract)) == paper.abstract
        assert inline_text(mdtext.text(paper.title)) == paper.title


def test_a_paper_page_keeps_its_abstract_as_one_text_paragraph() -> None:
    result = archive.load(ROOT / "content")
    paper = result.papers[0]
    tokens = COMMONMARK.parse(paper_page.render(paper))
    # Section headings are HTML blocks (no permalinks, see doc.Page.permalinks).
    blocks = [i for i, t in enumerate(tokens) if t.type == "html_block"]
    abstract_at = next(i for i in blocks if tokens[i].content.strip().endswith(">Abstract</h2>"))
    assert tokens[abstract_at + 1].type == "paragraph_open"
    paragraph = tokens[abstract_at + 2]
    assert paragraph.type == "inline"
    assert "".join(c.content for c in paragraph.children or []) == paper.abstract


def test_link_destinations_cannot_break_out() -> None:
    md = mdtext.link("x", 'https://a.org/p?q=(1)<b>"c" d')
    assert re.fullmatch(r"\[x\]\(https://a\.org/p\?q=%281%29%3Cb%3E%22c%22%20d\)", md)


SPAN_OPEN, SPAN_CLOSE = '<span class="pa-math">', "</span>"
DISPLAY_OPEN = '<span class="pa-math pa-math--display">'


def rich_parts(md: str) -> list[tuple[str, bool]]:
    """What CommonMark reads from `mdtext.rich`: text runs and maths spans, nothing else."""
    tokens = COMMONMARK.parse(md)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"], md
    parts: list[tuple[str, bool]] = []
    in_maths = False
    for child in tokens[1].children or []:
        if child.type == "html_inline":
            assert child.content in (SPAN_OPEN, DISPLAY_OPEN, SPAN_CLOSE), child.content
            in_maths = child.content != SPAN_CLOSE
            parts.append(("", in_maths))
        else:
            assert child.type == "text", child.type
            if not parts or parts[-1][1] != in_maths:
                parts.append(("", in_maths))
            parts[-1] = (parts[-1][0] + child.content, in_maths)
    return [p for p in parts if p[0]]


@pytest.mark.parametrize("value", [*HOSTILE, "Let $x^2$ and \\(\\alpha_{1}\\) be $<b>$ or $*a*$"])
def test_rich_text_is_text_and_maths_only(value: str) -> None:
    assert rich_parts(mdtext.rich(value)) == [p for p in maths.split(value) if p[0]]


@given(st.text(alphabet=st.sampled_from("ab $\\()*_<>&{}#-\n`[]"), min_size=1))
def test_any_rich_text_is_text_and_maths_only(value: str) -> None:
    value = " ".join(value.split())
    if value:
        expected = [(s, m) for s, m in maths.split(value) if s]
        assert rich_parts(mdtext.rich(value)) == expected
