"""The tag index and one (paginated) page per tag, papers newest first."""

from __future__ import annotations

import json
from collections.abc import Iterator

from generator import mdtext
from generator.i18n import ENGLISH, Labels
from generator.model import Archive, Paper, Tag
from generator.pages import dates, doc
from generator.pages.common import paper_list_pages, tag_page

INDEX = "tags/index.md"


def bibtex_path(slug: str) -> str:
    """Where a tag's BibTeX download finds its entries (see `bibtex_index`)."""
    return f"tags/{slug}/bibtex.json"


BIBTEX_SCRIPT = "assets/paper-archive/bibtex.js"  # makes the download in the browser


def bibtex_index(slug: str, papers: list[Paper], cite_keys: dict[str, str]) -> str:
    """A tag's BibTeX, by reference: the `.bib.gz` files (a month's, or a year's for papers
    known only by year) that hold its papers' entries and the keys to take from each, in the
    tag's order (newest first), as JSON:
    `{"file": "<slug>.bib", "parts": [["../../dates/2025/10/papers.bib.gz", [key, …]], …]}`
    (paths relative to this file; a file comes again if the order leaves it and comes back).
    `bibtex.js` makes the tag's `.bib` from it in the browser, so that each paper's entry is
    written once (in its month's file), not once per tag."""
    here = bibtex_path(slug)
    parts: list[tuple[str, list[str]]] = []
    for paper in papers:
        path = doc.relative(here, dates.bib_path(paper.date, paper.date_precision))
        if not parts or parts[-1][0] != path:
            parts.append((path, []))
        parts[-1][1].append(cite_keys[paper.key])
    return json.dumps({"file": f"{slug}.bib", "parts": parts}, separators=(",", ":")) + "\n"


def feed_path(slug: str) -> str:
    return f"tags/{slug}/feed.xml"


def papers_by_tag(archive: Archive) -> dict[str, list[Paper]]:
    """Each tag's papers, newest first, in one pass over the archive."""
    by_slug: dict[str, list[Paper]] = {tag.slug: [] for tag in archive.tags}
    for paper in archive.papers:
        for tag in paper.tags:
            by_slug[tag.slug].append(paper)
    return by_slug


def render_index(
    archive: Archive,
    by_slug: dict[str, list[Paper]],
    resolve: doc.Resolver = doc.relative,
    labels: Labels = ENGLISH,
) -> str:
    counts = {
        "tags": labels.count("tag", len(archive.tags)),
        "papers": labels.count("paper", len(archive.papers)),
    }
    columns = (labels["tag_column"], labels["papers_column"], labels["description_column"])
    lines = [
        f"# {mdtext.text(labels['tags'])}",
        "",
        mdtext.text(labels.format("tags_intro", **counts)),
        "",
        "| " + " | ".join(mdtext.text(column) for column in columns) + " |",
        "| --- | ---: | --- |",
    ]
    for tag in archive.tags:
        link = mdtext.link(tag.name, resolve(INDEX, tag_page(tag.slug)))
        lines.append(f"| {link} | {len(by_slug[tag.slug])} | {mdtext.text(tag.description)} |")
    return "\n".join(lines) + "\n"


def render_tag(
    tag: Tag, papers: list[Paper], per_page: int, feeds: bool = True, labels: Labels = ENGLISH
) -> Iterator[doc.Page]:
    count = labels.count("paper", len(papers))

    def intro(page: str) -> list[doc.Block]:
        blocks: list[doc.Block] = [doc.Para(doc.text(tag.description))] if tag.description else []
        parts: list[doc.Inline | str] = [
            labels.format("newest_first", papers=count) + " ",
            doc.Link(labels["all_tags"], INDEX),
            " · ",
            doc.Link(labels.format("bibtex_file", papers=count), bibtex_path(tag.slug)),
        ]
        if feeds:
            parts += [" · ", doc.Link(labels["atom_feed"], feed_path(tag.slug))]
        return [*blocks, doc.Para(doc.text(*parts))]

    return paper_list_pages(
        tag_page(tag.slug), f"tags/{tag.slug}/{{}}.md", tag.name, intro, papers, per_page, labels
    )


def pages(
    archive: Archive, per_page: int, feeds: bool = True, labels: Labels = ENGLISH
) -> Iterator[doc.Page]:
    """Every tag's pages, one at a time (the index, a table, is Markdown only: see
    `render_index`)."""
    by_slug = papers_by_tag(archive)
    for tag in archive.tags:
        yield from render_tag(tag, by_slug[tag.slug], per_page, feeds, labels)


def render(archive: Archive, per_page: int, feeds: bool = True) -> dict[str, str]:
    out = {INDEX: render_index(archive, papers_by_tag(archive))}
    out.update({p.path: doc.markdown(p) for p in pages(archive, per_page, feeds)})
    return out
