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

URL = re.compile(r"https?://[^\s<>\"'`\\]+")
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


def normalise(url: str) -> str:
    """A canonical form for a code URL: no `.git` suffix, no trailing slash."""
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
    """Every distinct http(s) link in a text, in order of first appearance."""
    seen: dict[str, Link] = {}
    for match in URL.finditer(text):
        url = normalise(trim(match.group()))
        if urlsplit(url).netloc and url not in seen:
            seen[url] = Link(classify(url), url)
    return tuple(seen.values())
