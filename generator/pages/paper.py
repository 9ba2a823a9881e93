"""The page of one paper: title, date, tags, abstract, links and where it was listed."""

from __future__ import annotations

from dataclasses import dataclass

from generator import citations, identity
from generator.links import KINDS
from generator.model import Paper, SourceRef
from generator.pages import doc
from generator.pages.common import (
    MONTH_NAMES,
    date_page,
    date_text,
    day_page,
    long_date,
    month_page,
    plural,
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


@dataclass(frozen=True)
class Context:
    """What a paper page shows of the rest of the archive, computed once per build."""

    cite_key: str = ""
    url: str = ""  # the page's absolute URL, when the site's address is known
    related: tuple[Paper, ...] = ()
    older: Paper | None = None
    newer: Paper | None = None


def breadcrumbs(paper: Paper) -> tuple[doc.Inline, ...]:
    """The trail Home, Papers by date, year, month, day: down to what is known of the date."""
    day, precision = paper.date, paper.date_precision
    parts: list[doc.Inline | str] = [
        doc.Link("Home", "index.md"),
        " › ",
        doc.Link("Papers by date", "dates/index.md"),
        " › ",
        doc.Link(str(day.year), year_page(day.year)),
    ]
    if precision != "year":
        parts += [" › ", doc.Link(MONTH_NAMES[day.month - 1], month_page(day.year, day.month))]
    if precision == "day":
        parts += [" › ", doc.Link(str(day.day), day_page(day))]
    return doc.text(*parts)


def joined(parts: list[tuple[doc.Inline, ...]], separator: str) -> tuple[doc.Inline, ...]:
    out: list[doc.Inline] = []
    for index, part in enumerate(parts):
        if index:
            out.append(doc.Text(separator))
        out += part
    return tuple(out)


def paper_link(paper: Paper) -> doc.Link:
    return doc.Link(paper.title, paper.path, rich=True)


def page(paper: Paper, context: Context = Context()) -> doc.Page:
    """The page of a paper as blocks; input text is only ever `Text` or a link label."""
    blocks: list[doc.Block] = [
        doc.Heading(1, (doc.Text(paper.title, rich=True),)),
        doc.Para(breadcrumbs(paper)),
    ]
    if paper.authors:
        blocks.append(doc.Para(doc.text(doc.Strong("Authors:"), " ", ", ".join(paper.authors))))
    tags = joined([(doc.Link(t.name, tag_page(t.slug)),) for t in paper.tags], ", ")
    blocks.append(
        doc.Para(
            doc.text(
                doc.Strong("Date:"),
                " ",
                doc.Link(
                    date_text(paper.date, paper.date_precision),
                    date_page(paper.date, paper.date_precision),
                ),
                " · ",
                doc.Strong("Tags:"),
                " ",
                *(tags or doc.text("none")),
            )
        )
    )
    facts = identifiers(paper)
    if facts:
        blocks.append(doc.Para(joined(facts, " · ")))
    for label, value in (
        ("AI summary:", paper.summary),
        ("Curator's note:", paper.note),
        ("Keywords:", ", ".join(paper.keywords)),
    ):
        if value:
            blocks.append(doc.Para(doc.text(doc.Strong(label), " ", value)))
    if paper.abstract:
        blocks += [
            doc.Heading(2, doc.text("Abstract")),
            doc.Para((doc.Text(paper.abstract, rich=True),)),
        ]
    if paper.links:
        items = []
        for kind, label in KINDS.items():
            urls = [link.url for link in paper.links if link.kind == kind]
            if urls:
                links = joined([(doc.Link(u, u),) for u in urls], ", ")
                items.append(doc.text(doc.Strong(f"{label}:"), " ", *links))
        blocks += [doc.Heading(2, doc.text("Links")), doc.Bullets(tuple(items))]
    if context.related:
        blocks += [
            doc.Heading(2, doc.text("Related papers")),
            doc.Bullets(tuple((paper_link(other),) for other in context.related)),
        ]
    if context.cite_key:
        blocks += [
            doc.Heading(2, doc.text("Cite")),
            doc.Para(doc.text("BibTeX:")),
            doc.Code(citations.bibtex(paper, context.cite_key, context.url), "BibTeX"),
            doc.Para(doc.text("RIS (EndNote, Zotero, Mendeley):")),
            # Without the abstract, which the page shows above: a page holds it once.
            doc.Code(citations.ris(paper, context.url, abstract=False), "RIS"),
        ]
    given: dict[SourceRef, list[str]] = {}
    for name, ref in paper.sources.items():
        given.setdefault(ref, []).append(FIELD_NAMES.get(name, name))
    sightings = []
    for entry in paper.sightings:
        # Not linked: the day of a later sighting has a page only if some paper is new then.
        day = f"{long_date(entry.listed_on)}: " if entry.listed_on else ""
        fields = given.get(entry.source)
        gave = f" (gave the {', '.join(fields)})" if fields else ""
        sightings.append(
            doc.text(f"{day}{entry.listing}, {entry.source.path} line {entry.source.line}{gave}")
        )
    blocks += [
        doc.Heading(2, doc.text("Listings")),
        doc.Para(
            doc.text(
                f"Seen in {plural(len(paper.sightings), 'listing')}, "
                "each with the fields this page takes from it:"
            )
        ),
        doc.Bullets(tuple(sightings)),
    ]
    steps = []
    if context.older:
        steps.append(doc.text("← Older: ", paper_link(context.older)))
    if context.newer:
        steps.append(doc.text("Newer: ", paper_link(context.newer), " →"))
    if steps:
        blocks.append(doc.Para(joined(steps, " · ")))
    return doc.Page(paper.path, paper.title, tuple(blocks))


def render(paper: Paper, context: Context = Context()) -> str:
    """The Markdown page of a paper."""
    return doc.markdown(page(paper, context))


def identifiers(paper: Paper) -> list[tuple[doc.Inline, ...]]:
    """arXiv id, PDF, DOI, venue and popularity, each a short labelled item."""
    facts: list[tuple[doc.Inline, ...]] = []
    if paper.arxiv_id:
        facts.append(
            doc.text(doc.Strong("arXiv:"), " ", doc.Link(paper.arxiv_id, ARXIV + paper.arxiv_id))
        )
    if paper.pdf_url.startswith(("https://", "http://")):
        facts.append((doc.Link("PDF", paper.pdf_url),))
    if paper.doi:
        link = doc.Link(paper.doi, identity.doi_url(paper.doi))
        facts.append(doc.text(doc.Strong("DOI:"), " ", link))
    if paper.venue:
        facts.append(doc.text(doc.Strong("Venue:"), " ", paper.venue))
    if paper.published and (paper.published, paper.published_precision) != (
        paper.date,
        paper.date_precision,
    ):
        published = date_text(paper.published, paper.published_precision)
        facts.append(doc.text(doc.Strong("Published:"), " ", published))
    if paper.upvotes is not None:
        facts.append(doc.text(doc.Strong("Upvotes:"), " ", str(paper.upvotes)))
    if paper.github_stars is not None:
        facts.append(doc.text(doc.Strong("GitHub stars:"), " ", str(paper.github_stars)))
    return facts
