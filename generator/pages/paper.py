"""The page of one paper: title, date, tags, abstract, links and where it was listed."""

from __future__ import annotations

from dataclasses import dataclass

from generator import citations, mdtext
from generator.links import KINDS
from generator.model import Paper, SourceRef
from generator.pages.common import (
    MONTH_NAMES,
    day_page,
    long_date,
    month_page,
    plural,
    rel,
    tag_page,
    year_page,
)

# How the page names each field it takes from one source (see `identity.FIELDS`).
FIELD_NAMES = {
    "title": "title",
    "abstract": "abstract",
    "authors": "authors",
    "arxiv_id": "arXiv id",
    "doi": "DOI",
    "published": "publication date",
    "categories": "categories",
    "pdf_url": "PDF link",
    "venue": "venue",
    "keywords": "keywords",
    "summary": "AI summary",
    "note": "note",
}

ARXIV = "https://arxiv.org/abs/"
DOI = "https://doi.org/"


@dataclass(frozen=True)
class Context:
    """What a paper page shows of the rest of the archive, computed once per build."""

    cite_key: str = ""
    url: str = ""  # the page's absolute URL, when the site's address is known
    related: tuple[Paper, ...] = ()
    older: Paper | None = None
    newer: Paper | None = None


def breadcrumbs(page: str, paper: Paper) -> str:
    day = paper.date
    return " › ".join(
        [
            f"[Home]({rel(page, 'index.md')})",
            f"[Papers by date]({rel(page, 'dates/index.md')})",
            f"[{day.year}]({rel(page, year_page(day.year))})",
            f"[{MONTH_NAMES[day.month - 1]}]({rel(page, month_page(day.year, day.month))})",
            f"[{day.day}]({rel(page, day_page(day))})",
        ]
    )


def code_block(text: str, label: str) -> str:
    """Text shown as written in a `<pre>` (Material gives it a copy button), escaped, and
    with no blank line, which would end the HTML block in Markdown."""
    # Every character HTML, a Markdown extension or a template could act on (`<`, `&`, `{{`,
    # `$`) is a character reference; the browser shows and copies the text as it is.
    lines = text.rstrip("\n").replace("\n\n", "\n")
    body = "".join(mdtext.ref(c) if c in mdtext.INLINE_SPECIAL else c for c in lines)
    # tabindex: a scrollable region must be reachable by keyboard.
    return f'<pre class="pa-cite" data-format="{label}"><code tabindex="0">{body}</code></pre>'


def paper_link(page: str, paper: Paper) -> str:
    return f"[{mdtext.rich(paper.title)}]({rel(page, paper.path)})"


def render(paper: Paper, context: Context = Context()) -> str:
    """The Markdown page of a paper. Every input text goes through `mdtext`, so it stays text."""
    page = paper.path
    tags = (
        ", ".join(mdtext.link(tag.name, rel(page, tag_page(tag.slug))) for tag in paper.tags)
        or "none"
    )
    lines = [f"# {mdtext.rich(paper.title)}", "", breadcrumbs(page, paper), ""]
    if paper.authors:
        lines += [f"**Authors:** {mdtext.text(', '.join(paper.authors))}", ""]
    lines += [
        f"**Date:** [{long_date(paper.date)}]({rel(page, day_page(paper.date))}) · "
        f"**Tags:** {tags}",
        "",
    ]
    facts = identifiers(paper)
    if facts:
        lines += [" · ".join(facts), ""]
    if paper.summary:
        lines += [f"**AI summary:** {mdtext.text(paper.summary)}", ""]
    if paper.note:
        lines += [f"**Curator's note:** {mdtext.text(paper.note)}", ""]
    if paper.keywords:
        lines += [f"**Keywords:** {mdtext.text(', '.join(paper.keywords))}", ""]
    if paper.abstract:
        lines += ["## Abstract", "", mdtext.rich(paper.abstract), ""]
    if paper.links:
        lines += ["## Links", ""]
        for kind, label in KINDS.items():
            urls = [link.url for link in paper.links if link.kind == kind]
            if urls:
                lines.append(f"- **{label}:** " + ", ".join(mdtext.link(u, u) for u in urls))
        lines.append("")
    if context.related:
        lines += ["## Related papers", ""]
        lines += [f"- {paper_link(page, other)}" for other in context.related]
        lines.append("")
    if context.cite_key:
        lines += [
            "## Cite",
            "",
            "BibTeX:",
            "",
            code_block(citations.bibtex(paper, context.cite_key, context.url), "BibTeX"),
            "",
            "RIS (EndNote, Zotero, Mendeley):",
            "",
            code_block(citations.ris(paper, context.url), "RIS"),
            "",
        ]
    lines += [
        "## Listings",
        "",
        f"Seen in {plural(len(paper.sightings), 'listing')}, "
        "each with the fields this page takes from it:",
        "",
    ]
    given: dict[SourceRef, list[str]] = {}
    for field, ref in paper.sources.items():
        given.setdefault(ref, []).append(FIELD_NAMES.get(field, field))
    for entry in paper.sightings:
        # Not linked: the day of a later sighting has a page only if some paper is new then.
        day = f"{long_date(entry.listed_on)}: " if entry.listed_on else ""
        fields = given.get(entry.source)
        gave = f" (gave the {', '.join(fields)})" if fields else ""
        lines.append(
            f"- {day}{mdtext.text(entry.listing)}, "
            f"{mdtext.text(entry.source.path)} line {entry.source.line}{gave}"
        )
    if context.older or context.newer:
        steps = []
        if context.older:
            steps.append(f"← Older: {paper_link(page, context.older)}")
        if context.newer:
            steps.append(f"Newer: {paper_link(page, context.newer)} →")
        lines += ["", " · ".join(steps)]
    return "\n".join(lines) + "\n"


def identifiers(paper: Paper) -> list[str]:
    """arXiv id, PDF, DOI, venue and popularity, each a short labelled item."""
    facts = []
    if paper.arxiv_id:
        facts.append(f"**arXiv:** {mdtext.link(paper.arxiv_id, ARXIV + paper.arxiv_id)}")
    if paper.pdf_url.startswith(("https://", "http://")):
        facts.append(mdtext.link("PDF", paper.pdf_url))
    if paper.doi:
        facts.append(f"**DOI:** {mdtext.link(paper.doi, DOI + paper.doi)}")
    if paper.venue:
        facts.append(f"**Venue:** {mdtext.text(paper.venue)}")
    if paper.published and paper.published != paper.date:
        facts.append(f"**Published:** {long_date(paper.published)}")
    if paper.upvotes is not None:
        facts.append(f"**Upvotes:** {paper.upvotes}")
    if paper.github_stars is not None:
        facts.append(f"**GitHub stars:** {paper.github_stars}")
    return facts
