"""The MkDocs adapter: the archive's pages in a build, with no temporary files and no
Python-Markdown or template work per generated page."""

from __future__ import annotations

import contextlib
import itertools
import logging
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from generator import (
    archive,
    background,
    citations,
    i18n,
    memory,
    mkdocs_links,
    mkdocs_shell,
    progress,
    redirects,
    site,
    sitemap,
    writer,
)
from generator.model import Archive
from generator.pages import dates, doc, home, tags
from generator.search import files as search_files
from generator.taxonomy import TaxonomyError

MKDOCS_LOG = logging.getLogger("mkdocs")

log = logging.getLogger("mkdocs.plugins.paper-archive")
MATERIAL_TOGGLES = re.compile(
    r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
    r'id="__(?:drawer|search)") autocomplete="off">'
)


class PaperArchiveConfig(base.Config):
    listings = c.Type(str, default="listings")
    """Folder of listing files, inside the docs folder."""
    taxonomy = c.Type(str, default="taxonomy.yml")
    """The tag taxonomy file, inside the docs folder."""
    tag_labels = c.Type(str, default="labels")
    """Folder of labels files (papers tagged by hand, JSON Lines), inside the docs folder."""
    per_page = c.Type(int, default=100)
    """Papers per tag or day page."""
    newest = c.Type(int, default=20)
    """Papers listed by `<!-- paper-archive:newest -->` on hand-written pages."""
    search = c.Type(bool, default=True)
    """Prebuilt, sharded search behind the header search box, and a search page."""
    search_shard_bytes = c.Type(int, default=16_000)
    """About how large (uncompressed) each search index shard is."""
    related = c.Type(int, default=5)
    """Related papers on each paper page; 0 for none."""
    labels = c.Type(dict, default={})
    """The pages' words, by label (see generator/i18n/en.yml), over those of `theme.language`."""


class PaperArchivePlugin(BasePlugin[PaperArchiveConfig]):
    """Adds the archive to a build: navigation pages as virtual Markdown files, every other
    generated page straight as HTML in the theme's shell (see `mkdocs_shell`)."""

    archive: Archive | None = None

    def __init__(self) -> None:
        super().__init__()
        self.options = site.Options()
        self.nav: Navigation | None = None
        self.env: jinja2.Environment | None = None
        self.job: background.Job | None = None
        self.labels = i18n.ENGLISH
        self.sources: tempfile.TemporaryDirectory[str] | None = None
        self.generated: set[str] = set()  # docs paths of the pages written as HTML
        self.page: Page | None = None  # the Markdown page being rendered
        self.redirects: dict[str, str] = {}  # mkdocs-redirects' entries to generated pages
        self.written: list[tuple[Path, int]] = []  # each generated page and its size
        self.navigation_count = 0  # generated pages MkDocs builds (tag and date indexes, search)
        self.tracker = progress.Tracker(lambda line: log.info("paper-archive: %s", line))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        refuse_plugins(config, self.config.search)
        # `mkdocs serve` keeps this plugin between rebuilds: each build's own steps and
        # redirects, not the sum of all builds so far.
        self.tracker = progress.Tracker(lambda line: log.info("paper-archive: %s", line))
        self.redirects = {}
        if not config.use_directory_urls:
            raise PluginError("paper-archive: needs use_directory_urls: true (the default)")
        # Links from hand-written pages to generated ones (`papers/x.md`), before MkDocs
        # looks for them among its files (see `links.GeneratedLinks`).
        config.markdown_extensions.append(mkdocs_links.GeneratedLinks(self.link_to))
        # The language is Material's `theme.language`: the pages' words follow the theme's.
        language = str(config.theme.get("language") or i18n.DEFAULT)
        try:
            self.labels, warning = i18n.load(language, self.config.labels)
        except i18n.LabelError as error:
            raise PluginError(f"paper-archive: {error}") from error
        if warning:
            log.warning("paper-archive: %s", warning)
        if config.strict:
            QUIET.count_warnings()
        return config

    def on_shutdown(self) -> None:
        QUIET.restore()

    @staticmethod
    def resolve(page: str, target: str) -> str:
        """A link from a Markdown page: to a docs file as MkDocs links them, to a generated
        page (no file: it is written as HTML) as a relative URL."""
        if not target.startswith(GENERATED_FOLDERS) or target in NAV_PAGES:
            return doc.relative(page, target)
        link = doc.href(page, target)
        UNCHECKED.expected.add((page, link))
        return link

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        layout = archive.Layout(
            listings=self.config.listings,
            taxonomy=self.config.taxonomy,
            labels=self.config.tag_labels,
        )
        docs_dir = Path(config.docs_dir)
        try:
            stamp = archive.fingerprint(docs_dir, layout)
            # `mkdocs serve` rebuilds with a new plugin each time; when no input changed (a
            # hand-written page did), the archive and its related papers are the last build's.
            if LAST.stamp != stamp:
                with self.tracker.step("reading the archive"):
                    loaded = archive.load(docs_dir, layout)
                LAST.stamp, LAST.archive, LAST.similar = stamp, loaded, None
            self.archive = LAST.archive
        except (TaxonomyError, archive.ContentError, OSError) as error:
            raise PluginError(f"paper-archive: {error}") from error
        except background.BackgroundError as error:  # the tagging worker failed
            log.debug("paper-archive: %s", error)  # with its traceback, for a bug report
            raise PluginError(f"paper-archive: tagging failed: {error.summary}") from None
        assert self.archive is not None
        for skipped in self.archive.skipped:
            log.info("paper-archive: skipped %s", skipped)
        for problem in self.archive.problems:
            # With --strict an error (shown even with --quiet), and the build stops here: no
            # site is written with entries missing. Without, a warning.
            log.log(
                logging.ERROR if config.strict else logging.WARNING, "paper-archive: %s", problem
            )
        for note in self.archive.notes:
            log.info("paper-archive: %s", note)
        if config.strict and self.archive.problems:
            raise PluginError(
                f"paper-archive: {len(self.archive.problems)} rejected (listed above): --strict "
                "publishes no site with entries missing (`paper-archive check` lists them too)"
            )
        for file in [f for f in files if layout.is_input(f.src_uri)]:
            files.remove(file)
        inside = docs_dir.resolve()
        outside = []
        for file in files:
            # Nothing from outside the docs folder is published: MkDocs copies a linked file.
            source = Path(file.abs_src_path) if file.abs_src_path else None
            if (
                source is not None
                and source.is_relative_to(docs_dir)  # not the theme's files
                and inside not in source.resolve().parents
            ):
                outside.append(file.src_uri)
        if outside:  # all of them at once, as `paper-archive check` lists them
            raise PluginError(
                f"paper-archive: symbolic links to files outside {docs_dir}, refused (copy the "
                f"files in instead): {', '.join(sorted(outside))}"
            )
        if not config.site_url:
            # A warning: `--strict` stops, since feeds and citations need absolute URLs.
            log.warning("paper-archive: set site_url: feeds, citations and previews need it")
        self.options = site.Options(
            per_page=self.config.per_page,
            newest=self.config.newest,
            search=self.config.search,
            site_url=config.site_url or "",
            site_name=config.site_name,
            site_description=config.site_description or "",
            related_count=self.config.related,
            labels=self.labels,
        )
        for file in files:
            if file.src_uri.startswith(GENERATED_FOLDERS) and file.src_uri not in NAV_PAGES:
                raise PluginError(f"paper-archive: {file.src_uri} is generated; remove it")
        navigation = site.navigation_pages(self.archive, self.options, self.resolve)
        self.navigation_count = len(navigation)
        # Written to files, not given as strings: other plugins (mkdocs-rss-plugin,
        # mkdocs-static-i18n, git dates) read a page's `abs_src_path`, as for any docs file.
        self.sources = tempfile.TemporaryDirectory(prefix="paper-archive-")
        for path, content in navigation.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"paper-archive: {path} is generated; remove it from the docs")
            source = Path(self.sources.name, path)
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(content, encoding="utf-8")
            files.append(File.generated(config, path, abs_src_path=str(source)))
        self.generated = site.page_paths(self.archive, self.options)
        self.take_redirects(config)
        log.debug("paper-archive: archive read in %.1f s", time.perf_counter() - started)
        log.debug("paper-archive: of which tagging in %.1f s", self.archive.tagging_seconds)
        # Related papers, redirects and the search index need neither pages nor theme: they
        # are made on the other core while MkDocs, the pages and data files take this one.
        known = LAST.similar if LAST.related == self.options.related_count else None
        self.job = background.Job(
            write_index,
            self.archive,
            self.options,
            self.config.search_shard_bytes if self.config.search else 0,
            Path(config.site_dir),
            known,
        )
        log.info(
            "paper-archive: %d papers from %d entries (%d merged, %d rejected)",
            len(self.archive.papers),
            self.archive.entries_read,
            len(self.archive.merges),
            len(self.archive.problems),
        )
        return files

    def link_to(self, path: str) -> str:
        """The URL from the page being rendered to a generated page its Markdown links as
        a docs path (`papers/x.md`, `../tags/safety.md`); "" for any other link."""
        if self.page is None:
            return ""
        target = mkdocs_links.target(self.page.file.src_uri, path)
        if target not in self.generated:
            return ""
        url = get_relative_url(doc.url_of(target), self.page.url)
        url = url if url.endswith("/") else url + "/"
        UNCHECKED.expected.add((self.page.file.src_uri, url))
        return url

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        self.nav = nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        self.env = env

    def take_redirects(self, config: MkDocsConfig) -> None:
        """mkdocs-redirects' entries that involve generated pages: one from a generated page
        would replace it (an error); one to a generated page, which that plugin cannot see,
        this plugin writes (and takes out of that plugin's map)."""
        plugin = config.plugins.get("redirects")
        maps = plugin.config.get("redirect_maps") if plugin is not None else None
        if not isinstance(maps, dict):
            return
        for old, new in list(maps.items()):
            old_path = str(old).lstrip("/")
            if old_path in self.generated or old_path.startswith(GENERATED_FOLDERS):
                raise PluginError(
                    f"paper-archive: redirects plugin: '{old}' is a page of the archive (papers/, "
                    "tags/ and dates/ are its folders), and a redirect from it would replace "
                    "it; remove it from redirect_maps"
                )
            path = str(new).partition("#")[0].lstrip("/")  # (a redirect drops the anchor)
            if path in self.generated:
                self.redirects[doc.url_of(old_path)] = doc.url_of(path)
                del maps[old]

    @event_priority(100)  # first: the later plugins' files are checked against these pages
    def _write_site(self, *, config: MkDocsConfig) -> None:
        if self.archive is None or self.nav is None or self.env is None:
            return
        site_dir = Path(config.site_dir)
        try:
            self.write_pages(config, site_dir)
            for old, new in self.redirects.items():
                write_text(site_dir / old / "index.html", [redirects.page(old, new)])
            if self.job is not None:
                with self.tracker.step("waiting for the search index"):
                    self.job.wait()
        except background.BackgroundError as error:
            raise PluginError(f"paper-archive: related papers or search failed: {error}") from None
        self.job = None
        counts = {
            "papers": len(self.archive.papers),
            "entries": self.archive.entries_read,
            "merged": len(self.archive.merges),
            "rejected": len(self.archive.problems),
            "tags": len(self.archive.tags),
            "pages written": len(self.written) + self.navigation_count,
        }
        for line in self.tracker.summary(counts):
            log.info("paper-archive: %s", line)

    @event_priority(-100)  # last: after every other plugin has written its files
    def _check_site(self, *, config: MkDocsConfig) -> None:
        """No other plugin may silently replace a generated page (a redirect, a feed)."""
        for path, size in self.written:
            try:
                same = path.stat().st_size == size
            except OSError:
                same = False
            if not same:
                page = path.relative_to(config.site_dir).as_posix()
                raise PluginError(
                    f"paper-archive: {page} was replaced or removed by another plugin after "
                    "this one wrote it; that plugin's settings must leave papers/, tags/ and "
                    "dates/ to the archive"
                )
        self.written = []

    on_post_build = CombinedEvent(_write_site, _check_site)

    def on_build_error(self, *, error: Exception) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job = None

    def write_pages(self, config: MkDocsConfig, site_dir: Path) -> None:
        """Each generated page: its blocks as HTML, in the theme's shell for its depth; and
        the data files, while the other process finds the related papers."""
        assert self.archive is not None and self.nav is not None and self.env is not None
        nav, env, files = self.nav, self.env, Files([])
        shells: dict[tuple[int, bool], mkdocs_shell.Shell] = {}
        urls: list[str] = []

        def write(pages: Iterable[doc.Page], step: progress.Step) -> None:
            number = 0
            for number, page in enumerate(pages, 1):
                if number % 100 == 0:
                    step.advance(100)
                body = doc.html(page)
                key = (mkdocs_shell.depth(page.path), bool(body.toc))
                if key not in shells:
                    shell = shells[key] = mkdocs_shell.render(*key, config, nav, files, env)
                    for path, data in shell.assets:
                        out.write(site_dir / path, data)
                output = shells[key].fill(
                    page.title, page.head, body.content, mkdocs_shell.toc_items(body.toc)
                )
                url = doc.url_of(page.path)
                data = output.encode("utf-8", errors="xmlcharrefreplace")
                target = site_dir / (url + "index.html")  # a page's URL ends with `/`
                out.write(target, data)
                self.written.append((target, len(data)))
                urls.append(url)
            step.advance(number % 100)

        papers = len(self.archive.papers)
        keys = citations.keys(self.archive.papers)  # for the data files and the pages, made once
        steps = self.tracker
        with writer.Writer() as out:
            with steps.step("tag and date pages", len(self.generated) - papers) as step:
                write(site.listing_pages(self.archive, self.options), step)
            with steps.step("data files"):
                write_data(self.archive, self.options, site_dir, out, keys)
            memory.release()
            with steps.step("paper pages", papers) as step:
                similar = self.related_papers()
                write(site.paper_pages(self.archive, self.options, similar, keys), step)

        # Material's instant navigation needs the whole list in sitemap.xml (it reads no index):
        # with it enabled, the list is kept whole, at its cost on each reader's first page.
        instant = "navigation.instant" in config.theme.get("features", [])
        sitemap.extend(site_dir, self.options.site_url, urls, index=not instant)

    def related_papers(self) -> Iterator[list[int]]:
        """Each paper's related papers, in archive order, as the other process sends them (in
        chunks, so that the first pages need not wait for the last paper's); kept for the
        next `mkdocs serve` rebuild."""
        assert self.archive is not None
        if self.job is None:
            yield from site.similar_stream(self.archive, self.options)
            return
        found: site.Similar = []
        while len(found) < len(self.archive.papers):
            chunk = self.job.receive()
            found += chunk
            yield from chunk
        LAST.similar, LAST.related = found, self.options.related_count

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # Material puts autocomplete="off" on its two checkbox toggles, which HTML allows only on
        # text-like inputs: the one error the Nu HTML Checker finds in its pages.
        return MATERIAL_TOGGLES.sub(r"\1>", output, count=2)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        # The same for the theme's pages that are templates, not pages: its 404.html.
        return MATERIAL_TOGGLES.sub(r"\1>", output_content, count=2)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        self.page = page  # for `link_to`, while Python-Markdown renders it
        if self.archive is None or "paper-archive:" not in markdown:
            return markdown
        try:
            return home.expand(
                page.file.src_uri,
                markdown,
                self.archive,
                self.config.newest,
                self.resolve,
                self.labels,
            )
        except ValueError as error:
            raise PluginError(f"paper-archive: {error}") from error


def refuse_plugins(config: MkDocsConfig, search: bool = True) -> None:
    """Stops a build with a plugin the archive cannot work with, naming it and why."""
    plugins = config.plugins
    for name in ("search", "material/search"):
        plugin = plugins.get(name)
        if search and plugin is not None and plugin.config.get("enabled", True):
            raise PluginError(
                f"paper-archive: the theme's search plugin ({name}) writes "
                "search/search_index.json, which the archive's own search writes too (its "
                "index covers every paper; the theme's sees only hand-written pages). Remove "
                "search from plugins, or set the paper-archive plugin's search: false to keep "
                "the theme's."
            )
    for name in ("offline", "material/offline"):
        plugin = plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            raise PluginError(
                f"paper-archive: Material's offline plugin ({name}) is not supported: it needs "
                "use_directory_urls: false, and the archive's pages use directory URLs (their "
                "addresses are permanent). Remove it from plugins, or set enabled: false."
            )
    if "i18n" in plugins:
        raise PluginError(
            "paper-archive: mkdocs-static-i18n (i18n) is not supported: it builds each "
            "language from the docs folder's files, and the archive's pages are generated. "
            "Build one site per language with theme.language instead (README: Languages)."
        )


class QuietStrict:
    """Makes `--strict` count warnings under `--quiet` too. MkDocs' quiet mode raises its
    logger's level to ERROR, so warnings never reach the handler strict mode counts them with,
    and a build with warnings passed; here the logger lets warnings through again and only its
    console handlers hide them (quiet still prints only errors)."""

    def __init__(self) -> None:
        self.saved: list[tuple[logging.Logger | logging.Handler, int]] = []

    def count_warnings(self) -> None:
        if self.saved or MKDOCS_LOG.getEffectiveLevel() <= logging.WARNING:
            return
        self.saved.append((MKDOCS_LOG, MKDOCS_LOG.level))
        for handler in MKDOCS_LOG.handlers:
            if isinstance(handler, logging.StreamHandler) and handler.level < logging.ERROR:
                self.saved.append((handler, handler.level))
                handler.setLevel(logging.ERROR)
        MKDOCS_LOG.setLevel(logging.WARNING)

    def restore(self) -> None:
        for item, level in reversed(self.saved):
            item.setLevel(level)
        self.saved.clear()


QUIET = QuietStrict()


@dataclass
class Last:
    """The last build's archive and related papers, for the next build in the same process."""

    stamp: tuple[object, ...] = ()
    archive: Archive | None = None
    similar: site.Similar | None = None
    related: int = -1


LAST = Last()


class Unchecked(logging.Filter):
    """Drops MkDocs' notice for a link to a generated page, which it cannot know (those pages
    are written after it validates links): the links this plugin made, and only those."""

    NOTICE = re.compile(r"Doc file '(.+)' contains an unrecognized relative link '(.+)', it was")

    def __init__(self) -> None:
        super().__init__()
        self.expected: set[tuple[str, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        match = self.NOTICE.match(record.getMessage())
        return not (match and (match[1], re.split(r"[?#]", match[2])[0]) in self.expected)


UNCHECKED = Unchecked()
logging.getLogger("mkdocs.structure.pages").addFilter(UNCHECKED)


def write_data(
    archive: Archive,
    options: site.Options,
    site_dir: Path,
    out: writer.Writer,
    keys: dict[str, str],
) -> None:
    """Feeds, `.bib` files, the JSON export and its schema."""
    with (site_dir / site.EXPORT_PATH).open("wb") as export:
        export.writelines(site.export_gzip(archive))
    for path, data in site.data_files(archive, options, keys):
        out.write(site_dir / path, data if isinstance(data, bytes) else data.encode("utf-8"))


def write_index(
    archive: Archive,
    options: site.Options,
    shard_bytes: int,
    site_dir: Path,
    known: site.Similar | None,
    send: background.Send,
) -> None:
    """Related papers (sent back for the paper pages, unless `known`), then redirects and
    (with shards) the search index: the work of the other process."""
    with timed("related papers"):
        if known is not None:
            send(known)
        else:
            stream = site.similar_stream(archive, options)
            while chunk := list(itertools.islice(stream, RELATED_CHUNK)):
                send(chunk)
    memory.release()
    with writer.Writer() as out:
        for path, text in redirects.files(archive.redirects).items():
            out.write(site_dir / path, text.encode("utf-8"))
        if shard_bytes:
            with timed("search index"):
                for path, content in search_files.generate(archive, shard_bytes):
                    out.write(site_dir / path, content)


def write_text(path: Path, chunks: Iterable[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(chunks)


@contextlib.contextmanager
def timed(what: str) -> Iterator[None]:
    """Logs (with `mkdocs build -v`) how long a step took: where a build's time goes."""
    started = time.perf_counter()
    yield
    log.debug("paper-archive: %s in %.1f s", what, time.perf_counter() - started)


RELATED_CHUNK = 1000  # papers' related papers per message to the pages' process
GENERATED_FOLDERS = ("papers/", "tags/", "dates/")
NAV_PAGES = {tags.INDEX, dates.INDEX}  # generated, but Markdown pages MkDocs builds
