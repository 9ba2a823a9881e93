"""Links from hand-written Markdown pages to generated ones, which MkDocs cannot know.

The archive's paper, tag and date pages are written as HTML after MkDocs has checked the
links of its own pages, so a page linking `papers/2510.02283.md` would get MkDocs' "not
found" warning and a dead `.md` link. This Python-Markdown treeprocessor runs just before
MkDocs' own (`relpath`) and turns such a link into the generated page's URL.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import unquote, urlsplit, urlunsplit
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# A docs path (`papers/x.md`) to the URL of the page linking it, or "" if not generated.
LinkTo = Callable[[str], str]


class GeneratedLinks(Extension):
    """Registers the treeprocessor; `link_to(target)` gives a relative URL from the page
    being rendered to a generated docs path, or "" when the path is not generated."""

    def __init__(self, link_to: LinkTo) -> None:
        super().__init__()
        self.link_to = link_to

    def extendMarkdown(self, md: Markdown) -> None:
        # MkDocs registers `relpath` at 0 per page; a higher priority runs before it.
        md.treeprocessors.register(_Links(md, self.link_to), "paper_archive_links", 0.5)


class _Links(Treeprocessor):
    def __init__(self, md: Markdown, link_to: LinkTo) -> None:
        super().__init__(md)
        self.link_to = link_to

    def run(self, root: Element) -> None:
        for element in root.iter("a"):
            href = element.get("href", "")
            scheme, netloc, path, query, anchor = urlsplit(href)
            if scheme or netloc or not path.endswith(".md") or path.startswith("/"):
                continue
            url = self.link_to(unquote(path))
            if url:
                element.set("href", urlunsplit(("", "", url, query, anchor)))


def target(page_src: str, path: str) -> str:
    """The docs path a relative link in `page_src` points at, as MkDocs resolves it."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path)).lstrip("/")
