"""The fast path's MkDocs side: the theme's page, rendered once per folder depth, as a shell.

A generated page (a paper, a tag, a day) differs from its neighbours only in its title, its
`<head>` tags, its article and its table of contents: it is in no navigation, so the theme's
header, tabs, sidebars and footer are the same for every page at the same folder depth (links
are relative). So the theme renders one page per depth with markers in those four places, and
each generated page is that shell with the markers filled in: no Python-Markdown, no template,
no per-page work that grows with the archive.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

import jinja2
import minify_html
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator import chrome, icons
from generator.pages import doc

TITLE = "\x02paper-archive:title\x03"
HEAD = "\x02paper-archive:head\x03"
CONTENT = "\x02paper-archive:content\x03"
TOC = "\x02paper-archive:toc\x03"
H1 = "<h1 data-paper-archive-shell>"
SHELL_NAME = "paper-archive-shell"
MARKERS = (TITLE, HEAD, CONTENT, TOC)


@dataclass(frozen=True)
class Shell:
    """The theme's page split at its markers: text, marker, text, marker, …, text."""

    parts: tuple[str, ...]
    # Files its pages load, as (site path, bytes): the icons' sprite, the controls' script.
    assets: tuple[tuple[str, bytes], ...] = ()

    def fill(self, title: str, head: str, content: str, toc: str) -> str:
        # Filled from the parts split once, not by replacing markers in turn: a value is never
        # searched for markers, so input text that looks like one stays text.
        values = {TITLE: html.escape(title, quote=False), HEAD: head, CONTENT: content, TOC: toc}
        out = list(self.parts)
        for index in range(1, len(out), 2):
            out[index] = values[out[index]]
        return "".join(out)


def _split(output: str) -> tuple[str, ...]:
    parts: list[str] = []
    rest = output
    while True:
        found = [(rest.find(m), m) for m in MARKERS if m in rest]
        if not found:
            parts.append(rest)
            return tuple(parts)
        at, marker = min(found)
        parts += [rest[:at], marker]
        rest = rest[at + len(marker) :]


def render(
    depth: int,
    with_toc: bool,
    config: MkDocsConfig,
    nav: Navigation,
    files: Files,
    env: jinja2.Environment,
) -> Shell:
    """The theme's `main.html` for a page `depth` folders down, with markers to fill; with a
    table of contents (its entries a marker) or, for pages with no sections, none."""
    path = "/".join(["pa"] * (depth - 1) + [f"{SHELL_NAME}.md"])
    page = Page(None, File.generated(config, path, content=""), config)
    page.markdown = ""
    # A page without a table of contents hides its (empty) sidebar, as `hide: [toc]` does.
    page.meta = {"title": TITLE} if with_toc else {"title": TITLE, "hide": ["toc"]}
    # Material adds a heading with the page title to content with no `<h1`; ours has one.
    page.content = CONTENT + H1
    context = get_context(nav, files, config, page)
    # Read by overrides/main.html and overrides/partials/toc.html.
    context["paper_archive_title"] = TITLE  # type: ignore[typeddict-unknown-key]
    context["paper_archive_head"] = HEAD  # type: ignore[typeddict-unknown-key]
    context["paper_archive_toc"] = TOC if with_toc else ""  # type: ignore[typeddict-unknown-key]
    # Read by overrides/partials/header.html and overrides/main.html (see generator/chrome.py).
    for name, marker in (
        ("chrome_start", chrome.CHROME_START),
        ("chrome_end", chrome.CHROME_END),
        ("config_start", chrome.CONFIG_START),
        ("config_end", chrome.CONFIG_END),
    ):
        context["paper_archive_" + name] = marker  # type: ignore[literal-required]
    output = env.get_template("main.html").render(context)
    output = config.plugins.on_post_page(output, page=page, config=config)
    output = output.replace(CONTENT + H1, CONTENT, 1)
    if SHELL_NAME in output or H1 in output:
        # The theme printed the page's own URL: a shell would give every page that URL.
        raise PluginError("paper-archive: the theme prints a page's own URL; pages cannot share it")
    output = compact(output)
    assets: list[tuple[str, bytes]] = []
    prefix = "../" * depth
    sprite = icons.sprite(output)
    if sprite is not None:
        output = icons.link(output, prefix + sprite.path)
        assets.append((sprite.path, sprite.data))
    if "navigation.instant" in config.theme.get("features", []):
        # Instant loading swaps the header in from the next page's HTML without running its
        # scripts: the controls stay inline.
        output = chrome.strip(output)
    else:
        output, script = chrome.split_out(output, prefix)
        if script is not None:
            assets.append(script)
    parts = _split(output)
    missing = {TITLE, HEAD, CONTENT, *([TOC] if with_toc else [])} - set(parts[1::2])
    if missing:
        raise PluginError(
            "paper-archive: overrides/main.html and partials/toc.html must print "
            f"paper_archive_title, _head and _toc (missing: {sorted(missing)})"
        )
    return Shell(parts, tuple(assets))


def compact(output: str) -> str:
    """The theme's page minified by minify-html (white space between tags, optional closing
    tags and quotes), once per shell: a page is the same document with fewer bytes, and its
    parsed DOM, so its look and behaviour, are those of the theme's page. Scripts and styles
    are left as the theme wrote them (Material ships them minified)."""
    return minify_html.minify(output)


def depth(path: str) -> int:
    """Folders below the site root of a docs path's URL: `papers/x.md` (`papers/x/`) is 2."""
    return doc.url_of(path).count("/")


@lru_cache(maxsize=64)  # most pages of a kind have the same sections
def toc_items(entries: tuple[tuple[str, str], ...]) -> str:
    """The entries of the secondary sidebar's table of contents, in Material's markup."""
    # Minified as the shell is (anchors are `slugify`'s: letters, digits, `-` and `_`, which
    # need no quotes).
    return "".join(
        f'<li class=md-nav__item><a href="#{anchor}" class=md-nav__link>'
        f"<span class=md-ellipsis>{html.escape(text, quote=False)}</span></a>"
        for anchor, text in entries
    )
