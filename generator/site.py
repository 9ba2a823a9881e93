"""The whole generated tree: every page the archive makes, and its JSON export, by path."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.model import Archive
from generator.pages import dates, paper, search, tags

EXPORT_PATH = "archive.json"
EXPORT_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Options:
    """How the pages are laid out; the defaults suit most archives."""

    per_page: int = 100  # papers per tag or day page
    newest: int = 20  # papers on the home page
    search: bool = True  # the search page (its index comes from generator.search.files)


def render(archive: Archive, options: Options = Options()) -> dict[str, str]:
    """Markdown pages by path relative to the docs folder, in a stable order."""
    pages: dict[str, str] = {}
    for record in archive.papers:
        pages[record.path] = paper.render(record)
    pages.update(tags.render(archive, options.per_page))
    pages.update(dates.render(archive, options.per_page))
    if options.search:
        pages[search.PATH] = search.render(archive)
    return dict(sorted(pages.items()))


def export(archive: Archive) -> str:
    """The archive as JSON: one object per paper, newest first, in a versioned schema."""
    records = [
        {
            "slug": p.slug,
            "url": p.path.removesuffix(".md") + "/",
            "title": p.title,
            "abstract": p.abstract,
            "date": p.date.isoformat(),
            "tags": [t.slug for t in p.tags],
            "links": [{"kind": link.kind, "url": link.url} for link in p.links],
            "authors": list(p.authors),
            "arxiv_id": p.arxiv_id or None,
            "doi": p.doi or None,
            "published": p.published.isoformat() if p.published else None,
            "sources": {name: str(ref) for name, ref in p.sources.items()},
            "listings": [
                {
                    "listing": e.listing,
                    "date": e.listed_on.isoformat() if e.listed_on else None,
                    "file": e.source.path,
                    "line": e.source.line,
                }
                for e in p.sightings
            ],
        }
        for p in archive.papers
    ]
    tag_list = [
        {"slug": t.slug, "name": t.name, "description": t.description} for t in archive.tags
    ]
    document = {"schema_version": EXPORT_SCHEMA_VERSION, "tags": tag_list, "papers": records}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write files (paths relative to `root`) as they are, making folders as needed."""
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
