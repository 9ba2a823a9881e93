"""Generated pages as a few kinds of blocks, written out as Markdown or straight to HTML.

One description of each page, two writers: Markdown for MkDocs and any other builder, and
HTML for the fast path, where the plugin skips Python-Markdown for the pages it generates.
Both writers treat input text as text: Markdown through `mdtext`, HTML through `html.escape`.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from generator import maths, mdtext


@dataclass(frozen=True)
class Text:
    """Text as written; `rich` text shows its `$…$` maths as maths."""

    value: str
    rich: bool = False


@dataclass(frozen=True)
class Strong:
    value: str


@dataclass(frozen=True)
class Link:
    """A link to a page or file of the site (a docs path such as `papers/x.md`) or a URL."""

    label: str
    target: str
    rich: bool = False


Inline = Text | Strong | Link


class Run(tuple[Inline, ...]):
    """Inline parts that many pages hold as this same object (a date's trail, a section's
    heading): the HTML writer writes it once for all the pages of a folder."""

    __slots__ = ()


@dataclass(frozen=True)
class Heading:
    level: int
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Para:
    parts: tuple[Inline, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Code:
    """Preformatted text with a copy button (Material's), e.g. a citation."""

    text: str
    label: str


Block = Heading | Para | Bullets | Code


@dataclass(frozen=True)
class Page:
    path: str  # the Markdown path, relative to the docs folder
    title: str  # plain text, for <title> and the header
    blocks: tuple[Block, ...]
    head: str = ""  # extra tags for <head> on the HTML path (link previews)
    meta: tuple[str, ...] = field(default=())  # front matter lines for the Markdown writer
    # Whether the theme shows a table of contents of the second-level headings. A paper's page
    # has the same few short sections on every page, and a sidebar listing them cost each page
    # 800 bytes (issue 16): its sidebar is hidden, as Material's `hide: [toc]` does.
    toc: bool = True
    # Whether headings have permalinks (`¶`), as the site's `toc` extension gives them. Without,
    # the sections are written as HTML, with their ids and no `¶` link; and the HTML writer gives
    # the title no id either (a link to the top of the page: with the sections', 480 bytes of a
    # paper's page, most of it the title's slug, twice). The Markdown writer keeps the title a
    # Markdown heading, which is where MkDocs (and another builder) takes the page's title from.
    permalinks: bool = True


HIDE_TOC = ("hide:", "  - toc")  # Material's front matter for a page without its sidebar


def text(*parts: Inline | str) -> tuple[Inline, ...]:
    """Inline parts, with plain strings as (our own) text."""
    return tuple([Text(p) if isinstance(p, str) else p for p in parts])


# Markdown ------------------------------------------------------------------------------------

Resolver = Callable[[str, str], str]


def relative(page: str, target: str) -> str:
    """A relative link between docs paths (`.md` files), as MkDocs resolves them."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


URL_SCHEMES = ("https://", "http://", "mailto:")


def is_url(target: str) -> bool:
    return target.startswith(URL_SCHEMES)


def _md_inline(part: Inline, page: str, resolve: Resolver) -> str:
    if isinstance(part, Text):
        markup = mdtext.rich(part.value) if part.rich else mdtext.text(part.value, inline=True)
        return mdtext.isolated(part.value, markup)
    if isinstance(part, Strong):
        return f"**{mdtext.isolated(part.value, mdtext.text(part.value, inline=True))}**"
    label = mdtext.rich(part.label) if part.rich else mdtext.text(part.label, inline=True)
    label = mdtext.isolated(part.label, label)
    target = part.target if is_url(part.target) else resolve(page, part.target)
    return f"[{label}]({mdtext.url(target)})"


def _md_parts(parts: Sequence[Inline], page: str, resolve: Resolver) -> str:
    line = "".join(_md_inline(p, page, resolve) for p in parts)
    # The first text of a line must not start a block: `mdtext.text` guards it, so re-guard
    # the joined line's first character the same way.
    return mdtext.guard_line_start(line)


def markdown(page: Page, resolve: Resolver = relative) -> str:
    """The page as Markdown; `resolve` turns a docs path into a link from this page."""
    out: list[str] = []
    meta = page.meta if page.toc else (*page.meta, *HIDE_TOC)
    if meta:
        out += ["---", *meta, "---", ""]
    link, scope, ids = linker(page.path), _scope(page.path), set[str]()
    for block in page.blocks:
        if isinstance(block, Heading) and block.level > 1 and not page.permalinks:
            out.append(_html_heading(block, link, scope, ids, permalink=False)[0])
        elif isinstance(block, Heading):
            if not page.permalinks:
                _unique(slugify(_plain(block.parts)) or "_", ids)  # the id `toc` gives the title
            out.append("#" * block.level + " " + _md_parts(block.parts, page.path, resolve))
        elif isinstance(block, Para):
            out.append(_md_parts(block.parts, page.path, resolve))
        elif isinstance(block, Bullets):
            out += ["- " + _md_parts(item, page.path, resolve) for item in block.items]
        else:
            out.append(_md_code(block))
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _md_code(block: Code) -> str:
    # A raw HTML block: it must not contain a blank line, which would end it.
    lines = block.text.rstrip("\n").replace("\n\n", "\n")
    body = "".join(mdtext.ref(c) if c in mdtext.INLINE_SPECIAL else c for c in lines)
    return (
        f'<pre class="pa-cite" data-format="{block.label}"><code tabindex="0">{body}</code></pre>'
    )


# HTML ----------------------------------------------------------------------------------------


def url_of(path: str) -> str:
    """The site URL of a docs path with directory URLs: `a/b.md` → `a/b/`, `a/index.md` → `a/`."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    if path.endswith(".md"):
        return path[: -len(".md")] + "/"
    return path


def href(page: str, target: str) -> str:
    """A link from one page to a docs path, relative between their URLs (directory URLs)."""
    return linker(page)(target)


def _scope(page: str) -> tuple[str, str]:
    """The page's top folder (`papers/`) and its way up to the root (`../../`)."""
    here = url_of(page)
    base = here.rstrip("/").split("/") if here else []
    return (base[0] + "/" if base else "", "../" * len(base))


def linker(page: str) -> Callable[[str], str]:
    """`href` from one page: what depends on the page alone is worked out once."""
    here = url_of(page)
    # On path segments rather than with posixpath.relpath (which is slow). Most links go from
    # one top-level folder to another (a paper to a tag), which needs no comparison at all.
    base = here.rstrip("/").split("/") if here else []
    up = "../" * len(base)
    folder = base[0] + "/" if base else ""
    # A page two folders down (`papers/x/`) links a sibling (`papers/y/`) as `../y/`.
    siblings = len(base) == 2

    def link(target: str) -> str:
        if target.startswith(URL_SCHEMES):
            return target
        there = url_of(target)
        if not folder or not there.startswith(folder):
            return up + there if there or base else "./"
        if siblings and there.endswith("/"):
            name = there[len(folder) : -1]
            if name and name != base[1] and "/" not in name:
                return "../" + name + "/"  # what the comparison below gives, without it
        parts = there.split("/")
        common = 0
        while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
            common += 1
        return "/".join([".."] * (len(base) - common) + parts[common:]) or "./"

    return link


def _escape(value: str) -> str:
    # html.escape(value, quote=False), without its work for the many strings that need none.
    if "&" in value or "<" in value or ">" in value:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def _html_text(value: str, rich: bool = False) -> str:
    """Text as HTML: escaped, its maths (if `rich`) in spans, in a <bdi> as `mdtext.isolated`
    puts it. Written out in one function: a page has some forty pieces of text."""
    if rich and maths.maybe(value):
        markup = "".join(
            (mdtext.DISPLAY_SPAN if s.display else HTML_SPAN) + _escape(s.text) + "</span>"
            if s.is_maths
            else _escape(s.text)
            for s in maths.segments(value)
        )
    elif "&" in value or "<" in value or ">" in value:
        markup = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    else:
        markup = value
    # Right-to-left letters and bidirectional controls are never ASCII: most text needs no search.
    if value.isascii() or not mdtext.BIDI.search(value):
        return markup
    return f"<bdi>{markup}</bdi>"


def _html_parts(parts: Sequence[Inline], link: Callable[[str], str]) -> str:
    """A run of inline parts as one string of HTML."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            out.append(_html_text(part.value, part.rich))
        elif isinstance(part, Strong):
            out += ("<strong>", _html_text(part.value), "</strong>")
        else:
            # URLs percent-encoded as in the Markdown writer, so both give the same address.
            url = link(part.target)
            if not mdtext.PLAIN_URL.fullmatch(url):  # a plain URL needs no encoding or escaping
                url = mdtext.url(url)
            out += ("<a href=", _attribute(url), ">", _html_text(part.label, part.rich), "</a>")
    return "".join(out)


# The HTML of each `Run` written, by (id, top folder, `../` to the root) and with the run, which
# keeps its id from being reused. A link out of the page's top folder goes up to the root and
# down, the same from each page of that folder and depth: only links into it are the page's
# own (`../y/` from `papers/x/`), so only runs without them are kept. Cleared when full.
_RUNS: dict[tuple[int, str, str], tuple[Run, str]] = {}
RUNS_KEPT = 512


def _html_run(parts: Sequence[Inline], link: Callable[[str], str], scope: tuple[str, str]) -> str:
    """`_html_parts`, from `_RUNS` for a `Run` written before for a page of the same scope
    (top folder, way up to the root)."""
    if type(parts) is not Run:
        return _html_parts(parts, link)
    key = (id(parts), *scope)
    known = _RUNS.get(key)
    if known is not None:
        return known[1]
    markup = _html_parts(parts, link)
    folder = scope[0]
    if not folder or not any(
        isinstance(p, Link) and not is_url(p.target) and url_of(p.target).startswith(folder)
        for p in parts
    ):
        if len(_RUNS) >= RUNS_KEPT:
            _RUNS.clear()
        _RUNS[key] = (parts, markup)
    return markup


def _plain(parts: Sequence[Inline]) -> str:
    return "".join(p.value if isinstance(p, Text | Strong) else p.label for p in parts)


NOT_WORD = re.compile(r"[^\w\s-]")
SPACES = re.compile(r"[-\s]+")


@lru_cache(maxsize=256)  # the same few section headings on every page
def slugify(value: str) -> str:
    """A heading's id as Python-Markdown's `toc` extension makes it (the default slugify): ASCII
    letters, digits, `_` and `-`, which an attribute needs no quotes for."""
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return SPACES.sub("-", NOT_WORD.sub("", value).strip().lower())


@dataclass(frozen=True)
class Html:
    content: str
    toc: tuple[tuple[str, str], ...]  # (id, text) of each second-level heading


# The article is written as minify-html writes the theme's page around it (see
# `mkdocs_shell.compact`): the document Python-Markdown would make (a test parses both and
# compares them), in fewer bytes (some 130 of a paper's page): no line breaks between blocks,
# no optional end tags (`</p>` and `</li>`: each is followed by a block, a list item or the
# end of its list or article), and attribute values without quotes where they need none.
BARE = re.compile(r"[^\s\"'=<>`&]+")  # an attribute value that needs no quotes
HTML_SPAN = "<span class=pa-math>"  # mdtext.SPAN, bare (its display twin needs its quotes)


def _attribute(value: str) -> str:
    """`value` as an attribute's value: bare when it can be, else quoted (and escaped)."""
    return value if BARE.fullmatch(value) else '"' + escape(value) + '"'


def html(page: Page) -> Html:
    """The page's article as HTML, the way MkDocs with this site's extensions would render it
    (minified: see `BARE`)."""
    out: list[str] = []
    link = linker(page.path)
    scope = _scope(page.path)
    ids: set[str] = set()
    toc: list[tuple[str, str]] = []
    for block in page.blocks:
        if isinstance(block, Para):
            out += ("<p>", _html_run(block.parts, link, scope))
        elif isinstance(block, Heading):
            heading, anchor = _html_heading(block, link, scope, ids, page.permalinks)
            out.append(heading)
            if block.level == 2 and page.toc:
                toc.append((anchor, _plain(block.parts)))
        elif isinstance(block, Bullets):
            out.append("<ul>")
            out += ["<li>" + _html_parts(item, link) for item in block.items]
            out.append("</ul>")
        else:
            body = escape(block.text.rstrip("\n"), quote=False)
            out += ("<pre class=pa-cite data-format=", _attribute(block.label), ">")
            out += ("<code tabindex=0>", body, "</code></pre>")
    return Html("".join(out) or "\n", tuple(toc))


def _html_heading(
    block: Heading,
    link: Callable[[str], str],
    scope: tuple[str, str],
    ids: set[str],
    permalink: bool,
) -> tuple[str, str]:
    """A heading as HTML, and its id: the one Python-Markdown's `toc` gives it (unique in the
    page), with `toc`'s `¶` link to it when `permalink`. Without, the title (`<h1>`) is written
    with no id, but its id is still taken, as the Markdown writer's title heading takes it, so
    that a section named as the page is (`Cite`) gets the same id (`cite_1`) from both writers."""
    inner = _html_run(block.parts, link, scope)
    anchor = _unique(slugify(_plain(block.parts)) or "_", ids)
    level = block.level
    if permalink:
        link_to = f'<a class=headerlink href=#{anchor} title="Permanent link">¶</a>'
        return f"<h{level} id={anchor}>{inner}{link_to}</h{level}>", anchor
    if level == 1:
        return f"<h1>{inner}</h1>", anchor
    return f"<h{level} id={anchor}>{inner}</h{level}>", anchor


def _unique(anchor: str, ids: set[str]) -> str:
    candidate, number = anchor, 0
    while candidate in ids:
        number += 1
        candidate = f"{anchor}_{number}"
    ids.add(candidate)
    return candidate
