"""Redirect pages: an old URL that sends readers (and search engines) on to the new one."""

from __future__ import annotations

import html
import json
import posixpath

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<link rel="canonical" href="{href}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<script>location.replace({js} + location.search + location.hash)</script>
</head>
<body><p>This paper has moved to <a href="{href}">{href}</a>.</p></body>
</html>
"""


def page(old: str, new: str) -> str:
    """The HTML of a redirect from the directory URL `old` to `new` (both site-relative)."""
    target = posixpath.relpath(new, old) + "/"
    href = html.escape(target, quote=True)
    # Slugs hold only [a-z0-9.-], so the JSON string cannot close the script element.
    return TEMPLATE.format(href=href, js=json.dumps(target))


def files(redirects: dict[str, str]) -> dict[str, str]:
    """Site-relative file paths to redirect pages."""
    return {old + "index.html": page(old, new) for old, new in redirects.items()}
