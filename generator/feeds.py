"""Atom feeds (RFC 4287) of the newest papers: the whole archive's and one per tag."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from generator.model import ET_AL, Paper

SIZE = 50  # entries per feed
# Characters XML 1.0 does not allow at all, even escaped: dropped from input text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return escape(NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(NOT_XML.sub("", value))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def updated(paper: Paper) -> dt.date:
    """When the paper last changed for the archive: its latest listing, else its date."""
    return max([e.listed_on for e in paper.sightings if e.listed_on] + [paper.date])


def entry(paper: Paper, url: str) -> str:
    lines = [
        "  <entry>",
        f'    <title type="text">{_text(paper.title)}</title>',
        # The page's permanent URL is the entry's id: the same in every build.
        f"    <id>{_text(url)}</id>",
        f'    <link rel="alternate" type="text/html" href={_attr(url)}/>',
    ]
    if paper.date_precision == "day":
        # RFC 4287 has no date without a day; `published` is optional, so a paper known only
        # by its year or month has none rather than a made-up 1 January.
        lines.append(f"    <published>{_stamp(paper.date)}</published>")
    lines.append(f"    <updated>{_stamp(updated(paper))}</updated>")
    lines += [f"    <author><name>{_text(a)}</name></author>" for a in paper.authors if a != ET_AL]
    lines += [f"    <category term={_attr(t.slug)} label={_attr(t.name)}/>" for t in paper.tags]
    if paper.abstract:
        lines.append(f'    <summary type="text">{_text(paper.abstract)}</summary>')
    lines.append("  </entry>")
    return "\n".join(lines)


def feed(
    papers: Sequence[Paper], *, title: str, site_name: str, site_url: str, path: str, page: str
) -> str:
    """A feed of the newest `SIZE` papers (given newest first) at `path`, about `page`."""
    newest = list(papers[:SIZE])
    # The feed changes when an entry does; with no entries, it is as old as the epoch.
    stamp = max((updated(p) for p in newest), default=dt.date(1970, 1, 1))
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f'  <title type="text">{_text(title)}</title>',
        f"  <id>{_text(site_url + path)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={_attr(site_url + path)}/>',
        f'  <link rel="alternate" type="text/html" href={_attr(site_url + page)}/>',
        f"  <updated>{_stamp(stamp)}</updated>",
        # Required when an entry has no author of its own (some sources list none).
        f"  <author><name>{_text(site_name)}</name></author>",
        "  <generator>Paper Archive</generator>",
    ]
    entries = [entry(p, site_url + p.path.removesuffix(".md") + "/") for p in newest]
    return "\n".join(head + entries + ["</feed>"]) + "\n"
