"""The page of one paper: title, date, tags, abstract, links and where it was listed."""

from __future__ import annotations

from generator import mdtext
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


def breadcrumbs(page: str, paper: Paper) -> str:
    day = paper.date
    return " › ".join(
        [
            f"[All dates]({rel(page, 'dates/index.md')})",
            f"[{day.year}]({rel(page, year_page(day.year))})",
            f"[{MONTH_NAMES[day.month - 1]}]({rel(page, month_page(day.year, day.month))})",
            f"[{day.day}]({rel(page, day_page(day))})",
        ]
    )


def render(paper: Paper) -> str:
    """The Markdown page of a paper. Every input text goes through `mdtext`, so it stays text."""
    page = paper.path
    tags = (
        ", ".join(mdtext.link(tag.name, rel(page, tag_page(tag.slug))) for tag in paper.tags)
        or "none"
    )
    lines = [f"# {mdtext.text(paper.title)}", "", breadcrumbs(page, paper), ""]
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
        lines += ["## Abstract", "", mdtext.text(paper.abstract), ""]
    if paper.links:
        lines += ["## Links", ""]
        for kind, label in KINDS.items():
            urls = [link.url for link in paper.links if link.kind == kind]
            if urls:
                lines.append(f"- **{label}:** " + ", ".join(mdtext.link(u, u) for u in urls))
        lines.append("")
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
