"""The whole generated tree: every page the archive makes, and its JSON export, by path."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator import citations, feeds, gzipped, head, related
from generator.i18n import ENGLISH, Labels
from generator.model import Archive, Paper
from generator.pages import dates, doc, paper, search, tags
from generator.pages.common import day_page, month_page, tag_page, year_page

# The export is published gzip-compressed: a quarter of its bytes (at 100,000 papers 60 MB in
# place of 214 MB of the 1 GB GitHub Pages publishes, issue 16), and what data tools read as
# it is (`pandas.read_json`, DuckDB, `gunzip`). The document inside is unchanged.
EXPORT_PATH = "archive.json.gz"
SCHEMA_PATH = "archive.schema.json"
EXPORT_SCHEMA_VERSION = 2  # 2: venue, categories, pdf_url, keywords, summary, note, counts
FEED_PATH = "feed.xml"
COMPACT = (",", ":")  # JSON separators without spaces
SCHEMA = Path(__file__).with_name("archive.schema.json")


@dataclass(frozen=True)
class Options:
    """How the pages are laid out; the defaults suit most archives."""

    per_page: int = 100  # papers per tag or day page
    newest: int = 20  # papers on the home page
    search: bool = True  # the search page (its index comes from generator.search.files)
    site_url: str = ""  # the site's address; feeds, citations and link previews need it
    site_name: str = "Paper Archive"
    site_description: str = ""
    related_count: int = related.COUNT  # related papers per page; 0 for none
    labels: Labels = ENGLISH  # the words of the pages, in the site's language (generator.i18n)

    @property
    def base(self) -> str:
        """The site's address ending in `/`, or "" when it is not known."""
        return self.site_url.rstrip("/") + "/" if self.site_url else ""


def page_url(options: Options, record: Paper) -> str:
    """A paper page's absolute address, or "" when the site's address is not known."""
    return absolute(options, record.path)


def absolute(options: Options, path: str) -> str:
    """A docs path's absolute address (directory URLs), or "" without the site's address."""
    return options.base + doc.url_of(path) if options.base else ""


def paper_head(options: Options, record: Paper) -> str:
    return head.head(record, page_url(options, record), options.site_name)


Similar = list[list[int]]  # for each paper (archive order), the positions of related ones


def similar_stream(archive: Archive, options: Options) -> Iterator[list[int]]:
    """Each paper's related papers (positions in archive order), a paper at a time."""
    if not options.related_count:
        return iter([[] for _ in archive.papers])
    return related.similar_stream(archive.papers, options.related_count)


def paper_contexts(
    archive: Archive,
    options: Options,
    similar_papers: Iterable[list[int]] | None = None,
    keys: dict[str, str] | None = None,
) -> Iterator[paper.Context]:
    """The context of each paper in archive order; the related papers are taken from
    `similar_papers` one at a time, so pages can be made while the last are still found."""
    keys = keys if keys is not None else citations.keys(archive.papers)
    if similar_papers is None:
        similar_papers = similar_stream(archive, options)
    ordered = archive.papers  # newest first
    for index, (record, others) in enumerate(zip(ordered, similar_papers, strict=True)):
        yield paper.Context(
            cite_key=keys[record.key],
            url=page_url(options, record),
            related=tuple([ordered[other] for other in others]),
            older=ordered[index + 1] if index + 1 < len(ordered) else None,
            newer=ordered[index - 1] if index > 0 else None,
            labels=options.labels,
        )


def pages(archive: Archive, options: Options = Options()) -> Iterator[doc.Page]:
    """Every generated page that is not in the navigation, one at a time (tags, days, then
    papers), each with its `<head>` tags when the site's address is known."""
    yield from listing_pages(archive, options)
    yield from paper_pages(archive, options)


def listing_pages(archive: Archive, options: Options = Options()) -> Iterator[doc.Page]:
    """The pages of each tag and each year, month and day (not their indexes)."""
    for page in itertools.chain(
        tags.pages(archive, options.per_page, feeds=bool(options.base), labels=options.labels),
        dates.pages(archive, options.per_page, options.labels),
    ):
        extra = ""
        if options.base:
            extra = head.basic(absolute(options, page.path), options.site_description)
        if page.path.startswith("tags/") or dates.links_bibtex(page):
            # Only tag pages and the date pages with a `.bib.gz` load the script that makes the
            # BibTeX downloads.
            prefix = "../" * doc.url_of(page.path).count("/")
            extra += f'<script defer src="{prefix}{tags.BIBTEX_SCRIPT}"></script>'
        if extra:
            page = replace(page, head=extra)
        yield page


def paper_pages(
    archive: Archive,
    options: Options = Options(),
    similar_papers: Iterable[list[int]] | None = None,
    keys: dict[str, str] | None = None,
) -> Iterator[doc.Page]:
    """The page of each paper; `similar_papers`, if given, are the related papers of each in
    archive order (read one at a time, as each page is made); `keys`, if given, the papers'
    `citations.keys` (made once for the pages and the data files)."""
    for record, context in zip(
        archive.papers, paper_contexts(archive, options, similar_papers, keys), strict=True
    ):
        page = paper.page(record, context)
        if options.base:
            head_tags = paper_head(options, record)  # not dataclasses.replace: 10 µs a page
            page = doc.Page(
                page.path, page.title, page.blocks, head_tags, page.meta, page.toc, page.permalinks
            )
        yield page


def page_paths(archive: Archive, options: Options = Options()) -> set[str]:
    """The docs path of every page `pages()` makes (`papers/x.md`, `tags/safety.md`,
    `tags/safety/2.md`, `dates/2025/index.md`, `dates/2025/page/2.md`, …), without making
    them."""
    paths = {record.path for record in archive.papers}
    per_page = max(options.per_page, 1)

    def paginated(first: str, later: str, count: int) -> None:
        paths.add(first)
        paths.update(later.format(number) for number in range(2, -(-count // per_page) + 1))

    for slug, papers in tags.papers_by_tag(archive).items():
        paginated(tag_page(slug), f"tags/{slug}/{{}}.md", len(papers))
    tree = dates.date_tree(archive)
    for year in tree.months_of:
        first = year_page(year)
        later = first.removesuffix("index.md") + "page/{}.md"
        paginated(first, later, len(tree.year_only.get(year, [])))
    for year, month in tree.by_month:
        first = month_page(year, month)
        later = first.removesuffix("index.md") + "page/{}.md"
        paginated(first, later, len(tree.month_only.get((year, month), [])))
    for day, papers in tree.by_day.items():
        first = day_page(day)
        paginated(first, first.removesuffix(".md") + "/{}.md", len(papers))
    return paths


def navigation_pages(
    archive: Archive, options: Options = Options(), resolve: doc.Resolver = doc.relative
) -> dict[str, str]:
    """The generated pages the navigation links (tag and date indexes, search), as Markdown;
    `resolve` writes their links to the other generated pages."""
    labels = options.labels
    by_tag = tags.papers_by_tag(archive)
    out = {tags.INDEX: tags.render_index(archive, by_tag, resolve, labels)}
    out[dates.INDEX] = dates.render_index(archive, resolve, labels)
    if options.search:
        out[search.PATH] = search.render(archive, labels)
    return out


def render(archive: Archive, options: Options = Options()) -> dict[str, str]:
    """Every generated page as Markdown, by path relative to the docs folder, in a stable order."""
    out = navigation_pages(archive, options)
    out.update((page.path, doc.markdown(page)) for page in pages(archive, options))
    return dict(sorted(out.items()))


def heads(archive: Archive, options: Options) -> dict[str, str]:
    """The `<head>` tags of each paper page, by page path; none without the site's address."""
    if not options.base:
        return {}
    return {p.path: paper_head(options, p) for p in archive.papers}


def data_files(
    archive: Archive, options: Options, keys: dict[str, str] | None = None
) -> Iterator[tuple[str, str | bytes]]:
    """Files beside the pages, one at a time, as text or (compressed) bytes: the JSON export's
    schema (the export itself is `export_gzip`), a `.bib.gz` per month (gzip, see
    `dates.BIB_NAME`) and the index of each tag's entries in them (see
    `tags.bibtex_index`), and (with the site's address) Atom feeds of the archive and of
    each tag."""
    yield SCHEMA_PATH, SCHEMA.read_text("utf-8")
    keys = keys if keys is not None else citations.keys(archive.papers)
    base = options.base
    entries: dict[str, str] = {}  # each paper's BibTeX, made once for all the files it is in
    by_tag = tags.papers_by_tag(archive)
    by_period: dict[str, list[Paper]] = {}  # a month's papers; a year's known only by year
    for record in archive.papers:
        by_period.setdefault(dates.bib_path(record.date, record.date_precision), []).append(record)
    for tag in archive.tags:
        yield tags.bibtex_path(tag.slug), tags.bibtex_index(tag.slug, by_tag[tag.slug], keys)
    for path, papers in by_period.items():
        text = citations.bibliography(papers, keys, base, entries)
        yield path, gzipped.compress(text.encode("utf-8"))
    if base:
        name = options.site_name
        yield (
            FEED_PATH,
            feeds.feed(
                archive.papers, title=name, site_name=name, site_url=base, path=FEED_PATH, page=""
            ),
        )
        for tag in archive.tags:
            yield (
                tags.feed_path(tag.slug),
                feeds.feed(
                    by_tag[tag.slug],
                    title=f"{name}: {tag.name}",
                    site_name=name,
                    site_url=base,
                    path=tags.feed_path(tag.slug),
                    page=f"tags/{tag.slug}/",
                ),
            )


def export(archive: Archive) -> str:
    """The archive as JSON: one object per paper, newest first, in a versioned schema."""
    return "".join(export_chunks(archive))


def export_gzip(archive: Archive) -> Iterator[bytes]:
    """`export()` as the bytes of a gzip file (`gzipped.stream`: the same archive always gives
    the same bytes), a few hundred KB at a time."""
    return gzipped.stream(chunk.encode("utf-8") for chunk in export_chunks(archive))


def export_chunks(archive: Archive) -> Iterator[str]:
    """`export()` a paper at a time: at 20,000 papers the whole document as Python objects
    takes 200 MB, one record a few KB. Each paper is one line (diffs show which papers
    changed), written by json's C encoder (an indented dump goes through its Python one),
    with no space after `,` and `:` (a tenth of the file's structure)."""
    tag_list = [
        {"slug": t.slug, "name": t.name, "description": t.description} for t in archive.tags
    ]
    document = {
        "$schema": SCHEMA_PATH,
        "schema_version": EXPORT_SCHEMA_VERSION,
        "tags": tag_list,
        "papers": [],
    }
    empty = json.dumps(document, ensure_ascii=False, indent=1)
    if not archive.papers:
        yield empty + "\n"
        return
    yield empty.removesuffix("[]\n}") + "[\n"
    separator = ""
    for record in archive.papers:
        record_json = json.dumps(_export_record(record), ensure_ascii=False, separators=COMPACT)
        yield separator + "  " + record_json
        separator = ",\n"
    yield "\n ]\n}\n"


def _export_record(p: Paper) -> dict[str, object]:
    return {
        "slug": p.slug,
        "url": p.path.removesuffix(".md") + "/",
        "title": p.title,
        "abstract": p.abstract,
        "date": p.date.isoformat(),
        "date_precision": p.date_precision,
        "tags": [t.slug for t in p.tags],
        "links": [{"kind": link.kind, "url": link.url} for link in p.links],
        "authors": list(p.authors),
        "arxiv_id": p.arxiv_id or None,
        "doi": p.doi or None,
        "published": p.published.isoformat() if p.published else None,
        "published_precision": p.published_precision if p.published else None,
        "venue": p.venue or None,
        "categories": list(p.categories),
        "pdf_url": p.pdf_url or None,
        "keywords": list(p.keywords),
        "summary": p.summary or None,
        "note": p.note or None,
        "upvotes": p.upvotes,
        "github_stars": p.github_stars,
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


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write files (paths relative to `root`) as they are, making folders as needed."""
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
