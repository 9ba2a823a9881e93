"""Adding the generated pages, which MkDocs does not know of, to the sitemap it writes."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape


def extend(site_dir: Path, site_url: str, urls: Iterable[str]) -> None:
    """Append a `<url>` per page to `sitemap.xml` and rewrite `sitemap.xml.gz` to match."""
    sitemap = site_dir / "sitemap.xml"
    if not site_url or not sitemap.is_file():
        return
    base = site_url.rstrip("/") + "/"
    text = sitemap.read_text("utf-8")
    entries = "".join(
        f"    <url>\n         <loc>{escape(base + url)}</loc>\n    </url>\n" for url in urls
    )
    text = text.replace("</urlset>", entries + "</urlset>", 1)
    sitemap.write_text(text, "utf-8")
    # Like MkDocs: the archive's time is the build's (SOURCE_DATE_EPOCH), so builds repeat.
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    with (
        sitemap.with_suffix(".xml.gz").open("wb") as raw,
        gzip.GzipFile(fileobj=raw, filename="sitemap.xml.gz", mode="wb", mtime=mtime) as gz,
    ):
        gz.write(text.encode("utf-8"))
