"""The theme's inline SVG icons moved into one cached sprite file, each page keeping a `<use>`."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# Material prints each icon inline as the file in its `.icons/` folder: an `<svg>` with a
# viewBox and one or more paths, no text, no nested `<svg>` (minified, so attributes unquoted
# where they may be).
SVG = re.compile(r"<svg\b([^>]*)>(.*?)</svg>", re.S)
VIEWBOX = re.compile(r"""\bviewbox=(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
XMLNS = re.compile(r"""\s+xmlns=(?:"[^"]*"|'[^']*'|[^\s>]+)""")
FOLDER = "assets/paper-archive/"


@dataclass(frozen=True)
class Sprite:
    """Icons as `<symbol>`s of one SVG file: its path in the site and its bytes."""

    path: str
    data: bytes


def _id(markup: str) -> str:
    return "i" + hashlib.sha256(markup.encode()).hexdigest()[:8]


def sprite(html: str) -> Sprite | None:
    """The sprite holding every inline icon of `html`, named by the hash of its content (so
    browsers may cache it for good); None when `html` has none."""
    symbols: dict[str, str] = {}
    for match in SVG.finditer(html):
        box = VIEWBOX.search(match[1])
        view = next(v for v in box.groups() if v is not None) if box else "0 0 24 24"
        key = _id(match[0])
        symbols[key] = f'<symbol id="{key}" viewBox="{view}">{match[2]}</symbol>'
    if not symbols:
        return None
    body = "".join(symbols[key] for key in sorted(symbols))
    data = f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>\n'.encode()
    name = f"icons.{hashlib.sha256(data).hexdigest()[:8]}.svg"
    return Sprite(FOLDER + name, data)


def link(html: str, sprite_url: str) -> str:
    """`html` with each inline icon replaced by a reference into the sprite at `sprite_url`
    (relative to the page): `<svg viewBox=…><use xlink:href=…#id></use></svg>`. The outer `<svg>`
    keeps its attributes, so the theme's CSS sizes and colours it as before (the symbol's paths
    have no fill of their own and inherit `currentcolor`)."""

    def use(match: re.Match[str]) -> str:
        # `xmlns` is implied for `<svg>` in HTML; the sprite file, XML, declares its own.
        attributes = XMLNS.sub("", match[1])
        # `xlink:href`, not `href`: Material's instant navigation sets `href` on every element
        # that has one, which a `<use>` does not allow (a TypeError that stops the page change).
        return f'<svg{attributes}><use xlink:href="{sprite_url}#{_id(match[0])}"></use></svg>'

    return SVG.sub(use, html)
