"""The page of one paper: title, date, tags, abstract, links and where it was listed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from generator import citations, identity
from generator.i18n import ENGLISH, Labels
from generator.links import KINDS
from generator.model import Paper, SourceRef, Tag
from generator.pages import doc
from generator.pages.common import (
    date_page,
    date_text,
    day_page,
    long_date,
    month_page,
    tag_page,
    year_page,
)

ARXIV = "https://arxiv.org/abs/"
SPACE, DOT, ARROW = doc.Text(" "), doc.Text(" · "), doc.Text(" →")


@dataclass(frozen=True)
class Context:
    """What a paper page shows of the rest of the archive, computed once per build."""

    cite_key: str = ""
    url: str = ""  # the page's absolute URL, when the site's address is known
    related: tuple[Paper, ...] = ()
    older: Paper | None = None
    newer: Paper | None = None
    labels: Labels = ENGLISH  # the site's language


def breadcrumbs(paper: Paper, labels: Labels = ENGLISH) -> tuple[doc.Inline, ...]:
    """The trail Home, Papers by date, year, month, day: down to what is known of the date."""
    return _trail(paper.date, paper.date_precision, labels)


# What many pages share is made once, so that those pages hold the same objects (`doc.Run`s,
# which the HTML writer writes once): the parts of a date, its tags, a label. Pages come a day at
# a time (newest first), so the last few hundred days and tag sets are all worth keeping.
@lru_cache(maxsize=256)
def _trail(day: dt.date, precision: str, labels: Labels) -> tuple[doc.Inline, ...]:
    parts: list[doc.Inline | str] = [
        doc.Link(labels["home"], "index.md"),
        " › ",
        doc.Link(labels["papers_by_date"], "dates/index.md"),
        " › ",
        doc.Link(str(day.year), year_page(day.year)),
    ]
    if precision != "year":
        parts += [" › ", doc.Link(labels.month(day.month), month_page(day.year, day.month))]
    if precision == "day":
        parts += [" › ", doc.Link(str(day.day), day_page(day))]
    return doc.Run(doc.text(*parts))


@lru_cache(maxsize=512)
def _filed(day: dt.date, precision: str, tags: tuple[Tag, ...], labels: Labels) -> doc.Run:
    """`Date: 11 March 2025 · Tags: Alignment, Safety`, linked."""
    links = joined([(doc.Link(t.name, tag_page(t.slug)),) for t in tags], ", ")
    return doc.Run(
        doc.text(
            doc.Strong(labels["date"]),
            " ",
            doc.Link(date_text(day, precision, labels), date_page(day, precision)),
            " · ",
            doc.Strong(labels["tags_label"]),
            " ",
            *(links or doc.text(labels["no_tags"])),
        )
    )


@lru_cache(maxsize=256)
def _strong(label: str) -> doc.Strong:
    return doc.Strong(label)


@lru_cache(maxsize=256)
def _heading(label: str) -> doc.Heading:
    return doc.Heading(2, doc.Run((doc.Text(label),)))


@lru_cache(maxsize=256)
def _para(label: str) -> doc.Para:
    return doc.Para(doc.Run((doc.Text(label),)))


@lru_cache(maxsize=256)
def _field(name: str, labels: Labels) -> str:
    """A record field's name as the listings say what an entry gave (`the abstract`)."""
    key = f"field_{name}"
    return labels[key] if key in labels.strings else name


@lru_cache(maxsize=256)
def _gave(fields: str, labels: Labels) -> str:
    return labels.format("gave", fields=fields)


@lru_cache(maxsize=256)
def _seen_in(count: int, labels: Labels) -> doc.Para:
    return _para(labels.format("seen_in", listings=labels.count("listing", count)))


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
    labels = context.labels
    day, precision = paper.date, paper.date_precision
    blocks: list[doc.Block] = [
        doc.Heading(1, (doc.Text(paper.title, rich=True),)),
        doc.Para(_trail(day, precision, labels)),
    ]
    if paper.authors:
        authors = ", ".join(paper.authors)
        blocks.append(doc.Para((_strong(labels["authors"]), SPACE, doc.Text(authors))))
    blocks.append(doc.Para(_filed(day, precision, paper.tags, labels)))
    facts = identifiers(paper, labels)
    if facts:
        blocks.append(doc.Para(joined(facts, " · ")))
    for label, value in (
        (labels["summary"], paper.summary),
        (labels["note"], paper.note),
        (labels["keywords"], ", ".join(paper.keywords)),
    ):
        if value:
            blocks.append(doc.Para((_strong(label), SPACE, doc.Text(value))))
    if paper.abstract:
        blocks += [_heading(labels["abstract"]), doc.Para((doc.Text(paper.abstract, rich=True),))]
    if paper.links:
        by_kind: dict[str, list[str]] = {}
        for link in paper.links:
            by_kind.setdefault(link.kind, []).append(link.url)
        items = []
        for kind in KINDS:
            urls = by_kind.get(kind)
            if urls:
                links = joined([(doc.Link(u, u),) for u in urls], ", ")
                items.append((_strong(f"{labels['link_' + kind]}:"), SPACE, *links))
        blocks += [_heading(labels["links"]), doc.Bullets(tuple(items))]
    if context.related:
        blocks += [
            _heading(labels["related"]),
            doc.Bullets(tuple([(paper_link(other),) for other in context.related])),
        ]
    if context.cite_key:
        blocks += [
            _heading(labels["cite"]),
            _para(labels["bibtex"]),
            doc.Code(citations.bibtex(paper, context.cite_key, context.url), "BibTeX"),
            _para(labels["ris"]),
            # Without the abstract, which the page shows above: a page holds it once.
            doc.Code(citations.ris(paper, context.url, abstract=False), "RIS"),
        ]
    given: dict[SourceRef, list[str]] = {}
    for name, ref in paper.sources.items():
        given.setdefault(ref, []).append(_field(name, labels))
    sightings = []
    for entry in paper.sightings:
        # Not linked: the day of a later sighting has a page only if some paper is new then.
        listed = f"{long_date(entry.listed_on, labels)}: " if entry.listed_on else ""
        fields = given.get(entry.source)
        gave = _gave(", ".join(fields), labels) if fields else ""
        where = labels.format(
            "sighting", listing=entry.listing, file=entry.source.path, line=entry.source.line
        )
        sightings.append((doc.Text(f"{listed}{where}{gave}"),))
    blocks += [
        _heading(labels["listings"]),
        _seen_in(len(paper.sightings), labels),
        doc.Bullets(tuple(sightings)),
    ]
    steps: list[tuple[doc.Inline, ...]] = []
    if context.older:
        steps.append((doc.Text(labels["older_paper"] + " "), paper_link(context.older)))
    if context.newer:
        steps.append((doc.Text(labels["newer_paper"] + " "), paper_link(context.newer), ARROW))
    if steps:
        blocks.append(doc.Para(joined(steps, " · ")))
    return doc.Page(paper.path, paper.title, tuple(blocks), toc=False, permalinks=False)


def render(paper: Paper, context: Context = Context()) -> str:
    """The Markdown page of a paper."""
    return doc.markdown(page(paper, context))


def identifiers(paper: Paper, labels: Labels = ENGLISH) -> list[tuple[doc.Inline, ...]]:
    """arXiv id, PDF, DOI, venue and popularity, each a short labelled item."""
    facts: list[tuple[doc.Inline, ...]] = []
    if paper.arxiv_id:
        arxiv = doc.Link(paper.arxiv_id, ARXIV + paper.arxiv_id)
        facts.append(doc.text(doc.Strong(labels["arxiv"]), " ", arxiv))
    if paper.pdf_url.startswith(("https://", "http://")):
        facts.append((doc.Link(labels["pdf"], paper.pdf_url),))
    if paper.doi:
        link = doc.Link(paper.doi, identity.doi_url(paper.doi))
        facts.append(doc.text(doc.Strong(labels["doi"]), " ", link))
    if paper.venue:
        facts.append(doc.text(doc.Strong(labels["venue"]), " ", paper.venue))
    if paper.published and (paper.published, paper.published_precision) != (
        paper.date,
        paper.date_precision,
    ):
        published = date_text(paper.published, paper.published_precision, labels)
        facts.append(doc.text(doc.Strong(labels["published"]), " ", published))
    if paper.upvotes is not None:
        facts.append(doc.text(doc.Strong(labels["upvotes"]), " ", str(paper.upvotes)))
    if paper.github_stars is not None:
        stars = str(paper.github_stars)
        facts.append(doc.text(doc.Strong(labels["github_stars"]), " ", stars))
    return facts
