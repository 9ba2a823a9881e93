"""The tag index and one (paginated) page per tag, papers newest first."""

from __future__ import annotations

from generator import mdtext
from generator.model import Archive, Paper, Tag
from generator.pages.common import paper_list_pages, plural, rel, tag_page

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


def render_index(archive: Archive, by_slug: dict[str, list[Paper]]) -> str:
    lines = [
        "# Tags",
        "",
        f"{plural(len(archive.tags), 'tag')} over {plural(len(archive.papers), 'paper')}. "
        "A paper can carry several tags.",
        "",
        "| Tag | Papers | Description |",
        "| --- | ---: | --- |",
    ]
    for tag in archive.tags:
        link = mdtext.link(tag.name, rel(INDEX, tag_page(tag.slug)))
        lines.append(f"| {link} | {len(by_slug[tag.slug])} | {mdtext.text(tag.description)} |")
    return "\n".join(lines) + "\n"


def render_tag(tag: Tag, papers: list[Paper], per_page: int, feeds: bool = True) -> dict[str, str]:
    def intro(page: str) -> str:
        description = f"{mdtext.text(tag.description)}\n\n" if tag.description else ""
        feed = f" · [Atom feed]({rel(page, feed_path(tag.slug))})" if feeds else ""
        return (
            f"{description}{plural(len(papers), 'paper')}, newest first. "
            f"[All tags]({rel(page, INDEX)}) · "
            f"[BibTeX ({plural(len(papers), 'paper')})]({rel(page, bib_path(tag.slug))})"
            f"{feed}"
        )

    return paper_list_pages(
        tag_page(tag.slug), f"tags/{tag.slug}/{{}}.md", tag.name, intro, papers, per_page
    )


def render(archive: Archive, per_page: int, feeds: bool = True) -> dict[str, str]:
    by_slug = papers_by_tag(archive)
    pages = {INDEX: render_index(archive, by_slug)}
    for tag in archive.tags:
        pages.update(render_tag(tag, by_slug[tag.slug], per_page, feeds))
    return pages
