"""Links found in abstracts: extraction, trailing-punctuation trimming and classification."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.model import Link

# In display order, with the heading a paper page gives them.
KINDS = {
    "code": "Code",
    "project": "Project page",
    "model": "Models",
    "dataset": "Datasets",
    "space": "Demos",
    "other": "Other links",
}

URL = re.compile(r"(?i:https?)://[^\s<>\"'`\\]+")
TRAILING = ".,;:!?*_~"
CLOSERS = {")": "(", "]": "[", "}": "{"}
CODE_HOSTS = {
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "anonymous.4open.science",
}


def trim(url: str) -> str:
    """Strip what a sentence put after a URL: final punctuation and unbalanced closing brackets.
    In time linear in the URL's length (each bracket is counted once, not once per character
    stripped: a URL followed by many `)` made this quadratic)."""
    counts = {c: url.count(c) for c in (*CLOSERS, *CLOSERS.values())}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in TRAILING:
            end -= 1
        elif last in CLOSERS and counts[last] > counts[CLOSERS[last]]:
            counts[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def canonical(url: str) -> str | None:
    """The http(s) URL with its scheme lower-cased (RFC 3986 section 3.1: schemes are
    case-insensitive, and lower case is canonical), or None when it is no URL a link may hold:
    another scheme, no host, whitespace, a control or format character (a bidi override would
    make the shown address lie), or what `urllib.parse.urlsplit` cannot read (`https://[::1`,
    `http://[x]y`, a host that NFKC normalisation changes). Never raises."""
    if not url.isprintable() or " " in url:  # controls, format chars, separators, surrogates
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not host:
        return None
    return scheme + url[len(parts.scheme) :]


def normalise(url: str) -> str:
    """A canonical form for a code URL: no `.git` suffix, no trailing slash; "" for a URL that
    `canonical` refuses."""
    checked = canonical(url)
    if checked is None:
        return ""
    url = checked
    host = urlsplit(url).netloc.lower()
    if host in CODE_HOSTS and url.endswith(".git"):
        url = url[: -len(".git")]
    return url.rstrip("/") if urlsplit(url).path not in ("", "/") else url


def classify(url: str) -> str:
    """Say what a URL points to: code, a Hugging Face model/dataset/space, a project page."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in CODE_HOSTS:
        return "code" if len(segments) >= 2 or host == "anonymous.4open.science" else "other"
    if host in ("huggingface.co", "hf.co"):
        if segments[:1] == ["spaces"] and len(segments) >= 3:
            return "space"
        if segments[:1] == ["datasets"] and len(segments) >= 3:
            return "dataset"
        if len(segments) == 2 and segments[0] not in ("papers", "blog", "docs", "spaces"):
            return "model"
        return "other"
    if host in ("arxiv.org", "doi.org", "dx.doi.org"):
        return "other"
    return "project"


def extract(text: str) -> tuple[Link, ...]:
    """Every distinct http(s) link in a text, in order of first appearance. A URL that does not
    parse (see `canonical`) is no link: it stays plain text in the abstract. Never raises."""
    seen: dict[str, Link] = {}
    for match in URL.finditer(text):
        url = normalise(trim(match.group()))
        if url and url not in seen:
            seen[url] = Link(classify(url), url)
    return tuple(seen.values())
