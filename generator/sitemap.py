"""The site's sitemap as a sitemap index: MkDocs' pages and the generated ones, in files of at
most 50,000 URLs, so that nothing a reader's browser fetches holds the archive's URL list.

MkDocs writes `sitemap.xml` (a `<urlset>` of the pages it knows). Material's scripts fetch
`sitemap.xml` on page load (beside each `<link rel="alternate">`, such as the Atom feed: they
look for other languages' pages there; and for instant navigation and version switching), which
at 20,000 papers was 500 KB gzipped on every reader's first page. Here `sitemap.xml` becomes a
sitemap index (https://www.sitemaps.org/protocol.html#index) naming `sitemap-1.xml.gz`,
`sitemap-2.xml.gz`, …, each a gzip-compressed `<urlset>` of at most `PER_FILE` URLs (the
protocol allows gzip, which search engines read; a tenth of the bytes a site stores): search
engines read the index and its files, and Material finds no `<url>` in it (its instant
navigation, when enabled, then loads pages in full; with the whole list it would have cost the
500 KB first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from generator import gzipped

PER_FILE = 50_000  # the protocol's limit of URLs per sitemap file (and 50 MB, far off here)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
URL_ENTRY = re.compile(r"<url>.*?</url>", re.DOTALL)
OUR_FILE = re.compile(r"sitemap-\d+\.xml(?:\.gz)?")
LASTMOD = re.compile(r"\s*<lastmod>[^<]*</lastmod>")


def files(
    base: str, entries: list[str], per_file: int = PER_FILE, index: bool = True
) -> dict[str, str]:
    """File name to text: `sitemap.xml`, the index, and the `<urlset>` files it names (named
    `.xml.gz`: `extend` writes them compressed).
    `entries` are `<url>…</url>` elements; `base` is the site's URL, ending in `/`. Without
    `index`, `sitemap.xml` is one `<urlset>` while the entries fit in one file: Material's
    instant navigation loads a page in place only if its URL is in that list."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NAMESPACE}">\n'
    if not index and len(entries) <= per_file:
        return {"sitemap.xml": head + "".join(f"    {e}\n" for e in entries) + "</urlset>\n"}
    out: dict[str, str] = {}
    for number, start in enumerate(range(0, max(len(entries), 1), per_file), 1):
        chunk = entries[start : start + per_file]
        text = head + "".join(f"    {e}\n" for e in chunk) + "</urlset>\n"
        out[f"sitemap-{number}.xml.gz"] = text
    listed = "".join(
        f"    <sitemap>\n         <loc>{escape(base + name)}</loc>\n    </sitemap>\n"
        for name in out
    )
    out["sitemap.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NAMESPACE}">\n'
        + listed
        + "</sitemapindex>\n"
    )
    return out


def extend(site_dir: Path, site_url: str, urls: Iterable[str], index: bool = True) -> None:
    """Turn MkDocs' `sitemap.xml` into a sitemap index of its pages and `urls` (site-relative
    paths of the generated pages), or without `index` one list of them all (see `files`), and
    rewrite `sitemap.xml.gz` to match."""
    sitemap = site_dir / "sitemap.xml"
    if not site_url or not sitemap.is_file():
        return
    base = site_url.rstrip("/") + "/"
    # MkDocs stamps each of its pages with the build's day as `<lastmod>` (`SOURCE_DATE_EPOCH`,
    # or today): no page's own date, and a build on another day would differ. None is given.
    entries = [LASTMOD.sub("", e) for e in URL_ENTRY.findall(sitemap.read_text("utf-8"))]
    entries += [f"<url>\n         <loc>{escape(base + url)}</loc>\n    </url>" for url in urls]
    for old in site_dir.glob("sitemap-*"):
        if OUR_FILE.fullmatch(old.name):
            old.unlink()  # a smaller archive than the last build's, in the same folder
    for name, text in files(base, entries, index=index).items():
        if name.endswith(".gz"):
            gzipped.write(site_dir / name, text.encode("utf-8"))
        else:
            (site_dir / name).write_text(text, "utf-8")
    # No time in the header (MkDocs puts the build's there): builds on any day repeat.
    gzipped.write(sitemap.with_suffix(".xml.gz"), sitemap.read_bytes())
