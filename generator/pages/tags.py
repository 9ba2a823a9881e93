"""The tag index and one (paginated) page per tag, papers newest first."""

from __future__ import annotations

from collections.abc import Iterator

from generator import mdtext
from generator.i18n import ENGLISH, Labels
from generator.model import Archive, Paper, Tag
from generator.pages import doc
from generator.pages.common import paper_list_pages, tag_page

INDEX = "tags/index.md"


def bib_path(slug: str) -> str:
    return f"tags/{slug}/papers.bib"


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
            doc.Link(labels.format("bibtex_file", papers=count), bib_path(tag.slug)),
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
