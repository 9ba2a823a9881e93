"""The paper page's byte budget: a change that makes every paper page larger fails here.

At 100,000 papers each byte of a paper page is 100 KB of the 1 GB GitHub Pages publishes, so
the parts every page repeats (the theme's page around the article, the `<head>` tags) have a
budget, and so has the whole page against the paper's own text. `benchmarks.build` measures
the whole site; these hold what it found on the sample archive (real papers, with authors).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from html import escape
from pathlib import Path
from types import SimpleNamespace
from xml.etree import ElementTree

from generator import archive, chrome, head, icons, maths, site
from generator.model import Paper
from generator.pages import tags
from tests.conftest import ROOT

SITE_URL = "https://example.github.io/paper-archive/"
OPTIONS = site.Options(site_url=SITE_URL)
# Bytes of a paper page that are not the paper's: Material's page around the article (header,
# tabs, navigation, footer, the links to its styles and scripts), as minified: 4,354 today
# (5,141 with the table of contents, the theme's helpers inline and two stylesheets).
SHELL_BUDGET = 4_450
# The `<head>` tags for link previews and reference managers, less the paper's own values
# (title, description, authors, ids, URL), which they must repeat: at most 734 today (1,145
# with JSON-LD), plus the markup of one `citation_author` tag per author and one `article:tag`
# per tag.
HEAD_BUDGET = 760
PER_AUTHOR = 42
PER_TAG = 41
# A whole paper page, on average over the sample: 9,873 bytes today (the same pages were
# 23,700 before the shell was minified and the head and Cite block written leaner, and 12,592
# before issue 16's second round).
PAGE_BUDGET = 10_000


@cache
def papers() -> tuple[Paper, ...]:
    return tuple(archive.load(ROOT / "content").papers)


def page_html(site_dir: Path, record: Paper) -> str:
    return (site_dir / record.path.removesuffix(".md") / "index.html").read_text("utf-8")


def shell_bytes(html: str, record: Paper) -> int:
    """The page less its own parts: the head tags, the article and the title (in `<title>` and
    the header). A paper page has no table of contents: its sidebar is hidden, and empty."""
    tags = site.paper_head(OPTIONS, record)
    assert html.count(tags) == 1
    rest = html.replace(tags, "", 1)
    article = re.search(r"<article[^>]*>(.*)</article>", rest, re.S)
    assert article and "data-md-component=toc" not in rest
    assert re.search(r"md-sidebar--secondary[^>]* hidden><[^<]*<[^<]*</div></div></div>", rest)
    rest = rest.replace(article[1], "", 1)
    return len(rest.replace(escape(record.title, quote=False), "").encode())


def own_bytes(record: Paper) -> int:
    """What the head tags must say of the paper: its title (OpenGraph, Highwire), description
    (twice), URL (canonical, og:url), authors, tags and ids."""
    url = site.page_url(OPTIONS, record)
    values = [record.title] * 2 + [head.excerpt(record.abstract or record.title)] * 2 + [url] * 2
    values += [*record.authors, *(t.name for t in record.tags)]
    values += [record.arxiv_id, record.doi, record.venue]
    return sum(len(escape(v).encode()) for v in values)


def test_paper_pages_keep_to_their_byte_budget(sample_site: Path) -> None:
    sizes, shells, heads = [], [], []
    for record in papers():
        html = page_html(sample_site, record)
        sizes.append(len(html.encode()))
        shells.append(shell_bytes(html, record))
        extra = PER_AUTHOR * len(record.authors) + PER_TAG * len(record.tags)
        heads.append(len(site.paper_head(OPTIONS, record).encode()) - own_bytes(record) - extra)
    assert max(shells) <= SHELL_BUDGET, max(shells)
    assert max(heads) <= HEAD_BUDGET, max(heads)
    assert sum(sizes) / len(sizes) <= PAGE_BUDGET, sum(sizes) / len(sizes)


def test_the_abstract_is_written_once_per_page(sample_site: Path) -> None:
    """The abstract is the page's text, not also its RIS record's."""
    for record in papers()[:50]:
        if len(record.abstract) > 300 and not any(m for _, m in maths.split(record.abstract)):
            html = page_html(sample_site, record)
            assert html.count(escape(record.abstract[:200], quote=False)) == 1, record.title


def test_shared_assets_are_not_repeated_per_tag(sample_site: Path) -> None:
    """Each paper's BibTeX entry is in one file (its month's), the icons in one sprite."""
    assert not list((sample_site / "tags").rglob("*.bib"))
    assert len(list((sample_site / "assets" / "paper-archive").glob("icons.*.svg"))) == 1
    html = page_html(sample_site, papers()[0])
    assert "<path" not in html and "__config" not in html


def test_icons_go_into_one_sprite_and_pages_keep_a_reference() -> None:
    menu = (
        '<svg viewbox="0 0 24 24" xmlns=http://www.w3.org/2000/svg><path d="M3 6h18v2H3z"/></svg>'
    )
    close = '<svg viewbox="0 0 24 24" xmlns=http://www.w3.org/2000/svg><path d="M19 6z"/></svg>'
    page = f"<label class=md-icon>{menu}</label><a>{menu} x</a><button>{close}</button>"
    sprite = icons.sprite(page)
    assert sprite is not None and sprite.path.startswith("assets/paper-archive/icons.")
    symbols = ElementTree.fromstring(sprite.data).findall("{http://www.w3.org/2000/svg}symbol")
    assert [s.get("viewBox") for s in symbols] == ["0 0 24 24", "0 0 24 24"]
    linked = icons.link(page, "../../" + sprite.path)
    assert "<path" not in linked and "xmlns" not in linked
    uses = re.findall(r'<svg viewbox="0 0 24 24"><use xlink:href="([^"]+)"></use></svg>', linked)
    assert len(uses) == 3 and uses[0] == uses[1] != uses[2]
    assert {u.split("#")[1] for u in uses} == {s.get("id") for s in symbols}
    assert icons.sprite("<p>no icons</p>") is None


def test_script_only_controls_move_into_one_script() -> None:
    page = (
        "<header><a>logo</a>"
        f"{chrome.CHROME_START}<form id=palette></form><script>var palette=1</script>"
        f"<label for=__search>s</label>{chrome.CHROME_END}</header><main>text</main>"
        f"{chrome.CONFIG_START}<script id=__config type=application/json>{{}}</script>"
        f"{chrome.CONFIG_END}<script src=bundle.js></script>"
    )
    out, script = chrome.split_out(page, "../../")
    assert script is not None
    path, data = script
    assert out == (
        f'<header><a>logo</a><script src="../../{path}"></script></header><main>text</main>'
        "<script src=bundle.js></script>"
    )
    code = data.decode()
    # In the page's order: the form, the theme's code (as it ran inline), the label.
    assert code.index('"<form id=palette></form>"') < code.index("\nvar palette=1;\n")
    assert code.index("var palette=1") < code.index('"<label for=__search>s</label>"')
    assert 'document.head.insertAdjacentHTML("beforeend","<script id=__config' in code
    # Without the markers, or with a script the browser would fetch, the page keeps them.
    assert chrome.split_out("<p>plain</p>", "") == ("<p>plain</p>", None)
    loaded = page.replace("<script>var palette=1</script>", "<script src=x.js></script>")
    assert chrome.split_out(loaded, "") == (chrome.strip(loaded), None)


def test_the_themes_helpers_move_into_the_script_unless_used_before_it() -> None:
    helpers = '<script>__md_scope=new URL("../..",location),__md_get=e=>1</script>'
    controls = f"{chrome.CHROME_START}<script>var p=__md_get(1)</script>{chrome.CHROME_END}"
    config = f"{chrome.CONFIG_START}<script id=__config>{{}}</script>{chrome.CONFIG_END}"
    page = f"<head>{helpers}<link></head><body><header>{controls}</header>{config}"
    out, script = chrome.split_out(page, "")
    assert script is not None and "__md_scope" not in out
    code = script[1].decode()
    # Defined before the controls' own code runs, as in the page's order.
    assert code.index('__md_scope=new URL("../..",location)') < code.index("var p=__md_get(1)")
    # An announcement bar's script before the header reads them: they stay in the page.
    announce = "<script>__md_get('__announce')</script>"
    out, script = chrome.split_out(page.replace("<body>", "<body>" + announce), "")
    assert script is not None and helpers in out and "__md_scope" not in script[1].decode()


def test_a_tags_bibtex_index_keeps_the_tags_order_across_files() -> None:
    day = dt.date(2025, 10, 3)
    # The middle paper known only by its year: its entry is in the year's file, and the tag's
    # order (newest first) leaves the month's file for it and comes back.
    found = [
        SimpleNamespace(key=key, date=day, date_precision=precision)
        for key, precision in (("a", "day"), ("b", "year"), ("c", "day"))
    ]
    index = json.loads(tags.bibtex_index("t", found, {"a": "ka", "b": "kb", "c": "kc"}))  # type: ignore[arg-type]
    month, year = "../../dates/2025/10/papers.bib.gz", "../../dates/2025/papers.bib.gz"
    assert index == {"file": "t.bib", "parts": [[month, ["ka"]], [year, ["kb"]], [month, ["kc"]]]}
