"""The MkDocs adapter: adds the generated pages to a build as virtual files, no temporary files."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from generator import archive, redirects, site
from generator.model import Archive
from generator.pages import home
from generator.search import files as search_files
from generator.taxonomy import TaxonomyError

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
    per_page = c.Type(int, default=100)
    """Papers per tag or day page."""
    newest = c.Type(int, default=20)
    """Papers listed by `<!-- paper-archive:newest -->` on hand-written pages."""
    search = c.Type(bool, default=True)
    """Prebuilt, sharded search behind the header search box, and a search page."""
    search_shard_bytes = c.Type(int, default=48_000)
    """About how large (uncompressed) each search index shard is."""
    related = c.Type(int, default=5)
    """Related papers on each paper page; 0 for none."""


class PaperArchivePlugin(BasePlugin[PaperArchiveConfig]):
    archive: Archive | None = None

    def __init__(self) -> None:
        super().__init__()
        self.heads: dict[str, str] = {}
        self.titles: dict[str, str] = {}

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        layout = archive.Layout(listings=self.config.listings, taxonomy=self.config.taxonomy)
        try:
            self.archive = archive.load(Path(config.docs_dir), layout)
        except (TaxonomyError, OSError) as error:
            raise PluginError(f"paper-archive: {error}") from error
        for problem in self.archive.problems:
            # A warning, so that `mkdocs build --strict` refuses to publish with entries missing.
            log.warning("paper-archive: %s", problem)
        for file in [f for f in files if layout.is_input(f.src_uri)]:
            files.remove(file)
        if not config.site_url:
            # A warning: `--strict` stops, since feeds and citations need absolute URLs.
            log.warning("paper-archive: set site_url: feeds, citations and previews need it")
        options = site.Options(
            per_page=self.config.per_page,
            newest=self.config.newest,
            search=self.config.search,
            site_url=config.site_url or "",
            site_name=config.site_name,
            related_count=self.config.related,
        )
        generated = site.render(self.archive, options)
        generated.update(site.data_files(self.archive, options))
        self.heads = site.heads(self.archive, options)
        self.titles = {paper.path: paper.title for paper in self.archive.papers}
        for path, content in generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"paper-archive: {path} is generated; remove it from the docs")
            files.append(File.generated(config, path, content=content))
        log.info(
            "paper-archive: %d papers from %d entries (%d merged, %d rejected)",
            len(self.archive.papers),
            self.archive.entries_read,
            len(self.archive.merges),
            len(self.archive.problems),
        )
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Written straight to the site: data files and redirects need no page processing.
        if self.archive is None:
            return
        site_dir = Path(config.site_dir)
        site.write(site_dir, redirects.files(self.archive.redirects))
        if self.config.search:
            site.write(site_dir, search_files.build(self.archive, self.config.search_shard_bytes))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # Material puts autocomplete="off" on its two checkbox toggles, which HTML allows only on
        # text-like inputs: the one error the Nu HTML Checker finds in its pages.
        return MATERIAL_TOGGLES.sub(r"\1>", output, count=2)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        # overrides/main.html puts these tags in the paper page's <head>.
        context["paper_archive_head"] = self.heads.get(page.file.src_uri, "")  # type: ignore[typeddict-unknown-key]
        # The title as written, maths delimiters and all, for <title> (escaped there). Not
        # page.meta["title"]: Material prints that unescaped in the header.
        context["paper_archive_title"] = self.titles.get(page.file.src_uri, "")  # type: ignore[typeddict-unknown-key]
        return context

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.archive is None or "paper-archive:" not in markdown:
            return markdown
        try:
            return home.expand(page.file.src_uri, markdown, self.archive, self.config.newest)
        except ValueError as error:
            raise PluginError(f"paper-archive: {error}") from error
