"""The theme's script-only controls (palette toggle, search) and configuration, moved out of
each generated page into one cached script that writes them back at the same place."""

from __future__ import annotations

import hashlib
import json
import re

CHROME_START = "\x02paper-archive:chrome\x03"
CHROME_END = "\x02paper-archive:/chrome\x03"
CONFIG_START = "\x02paper-archive:config\x03"
CONFIG_END = "\x02paper-archive:/config\x03"
MARKERS = (CHROME_START, CHROME_END, CONFIG_START, CONFIG_END)
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# Material's helpers in `<head>` (partials/javascripts/base.html): `__md_scope`, `__md_get`, …
HELPERS = re.compile(r"<script>(__md_scope=.*?)</script>", re.S)
FOLDER = "assets/paper-archive/"


def strip(html: str) -> str:
    """`html` without the markers (a page that keeps its controls inline)."""
    for marker in MARKERS:
        html = html.replace(marker, "")
    return html


def split_out(html: str, prefix: str) -> tuple[str, tuple[str, bytes] | None]:
    """The page with its controls (between the `CHROME_*` markers) and configuration (between
    the `CONFIG_*` ones) replaced by `<script src>` of a script that writes them there, and
    that script as (site path, bytes), named by its content's hash; `prefix` leads from the
    page to the site root. None (and the markers removed) when a part is missing or holds a
    script with attributes (one the browser would load rather than run in place).

    Material's page reads the same once the script has run: the script runs where the controls
    were, before the parser goes on (a plain `<script src>` blocks it), so they are in place
    before the page is first shown, as are the theme's own inline scripts among them, which
    run in the same order. Without scripts, the palette toggle and search, which need them,
    are not shown. The theme's bundle finds its configuration (`#__config`) anywhere in the
    document; it is added to `<head>`. The theme's helpers (`__md_get`, … in `<head>`) are
    defined first in the script, unless an inline script before the controls uses them."""
    spans = []
    for start, end in ((CHROME_START, CHROME_END), (CONFIG_START, CONFIG_END)):
        first = html.find(start)
        last = html.find(end, first + 1)
        if first < 0 or last < 0:
            return strip(html), None
        spans.append((first, last + len(end), html[first + len(start) : last]))
    (c_from, c_to, controls), (g_from, g_to, config) = spans
    if "<script " in controls or not config.strip() or c_to > g_from:
        return strip(html), None
    lines = []
    # The theme's helpers go first into the script too (300 bytes a page), when no inline
    # script before the controls uses them (an announcement bar's or analytics' would).
    helpers = HELPERS.search(html, 0, c_from)
    if helpers and "__md_" not in "".join(SCRIPT.findall(html, helpers.end(), c_from)):
        lines.append(helpers[1].strip().rstrip(";") + ";")
        cut = (helpers.start(), helpers.end())
    else:
        cut = (c_from, c_from)
    at = 0
    for match in SCRIPT.finditer(controls):
        lines.append(_insert("document.currentScript", "beforebegin", controls[at : match.start()]))
        lines.append(match[1].strip() + ";")  # the theme's code, run as it would run inline
        at = match.end()
    lines.append(_insert("document.currentScript", "beforebegin", controls[at:]))
    lines.append(_insert("document.head", "beforeend", config.strip()))
    text = (
        "// Written by paper-archive (generator/chrome.py): the theme's palette toggle, search\n"
        "// and configuration, written where the theme puts them. Generated: do not edit.\n"
        + "\n".join(line for line in lines if line)
        + "\n"
    )
    data = text.encode("utf-8")
    path = f"{FOLDER}chrome.{hashlib.sha256(data).hexdigest()[:8]}.js"
    tag = f'<script src="{prefix}{path}"></script>'
    page = html[: cut[0]] + html[cut[1] : c_from] + tag + html[c_to:g_from] + html[g_to:]
    return strip(page), (path, data)


def _insert(target: str, where: str, markup: str) -> str:
    markup = markup.strip()
    if not markup:
        return ""
    return f"{target}.insertAdjacentHTML({json.dumps(where)},{json.dumps(markup)});"
