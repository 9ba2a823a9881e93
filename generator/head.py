"""The `<head>` of a paper page: link previews (OpenGraph, Twitter card) and reference-manager
tags (Highwire Press `citation_*`).

These are what link previews, Zotero's connector and Google Scholar read. schema.org JSON-LD
is not written: none of those three reads it (Zotero's embedded-metadata translator reads
Highwire, Dublin Core and OpenGraph tags, zotero/translators#917; Scholar asks for Highwire
tags), and it said the title, URL, date and authors a fourth time on every page (issue 16).

Every value is escaped for the attribute it sits in, so no input text can end the tag: titles
such as `"><script>` stay text.
"""

from __future__ import annotations

from html import escape

from generator import citations, precision
from generator.model import ET_AL, Paper

# What link previews and search results show of the abstract: Google cuts descriptions at about
# 155 characters, X and LinkedIn theirs at a little more; every character is in each page twice.
DESCRIPTION_LENGTH = 160


def excerpt(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The first `limit` characters of a text, cut at a word, with `…` when cut."""
    # Spaces closed up in a prefix give a prefix of the text's: when that is longer than the
    # limit, it is all the cut reads (an abstract is some 1,300 characters).
    start = " ".join(text[: 2 * limit].split())
    text = start if len(start) > limit else " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{escape(content, quote=True)}">'


def head(paper: Paper, url: str, site_name: str) -> str:
    """The tags a paper page adds to its `<head>`; `url` is its absolute, canonical address."""
    description = excerpt(paper.abstract or paper.title)
    published = citations.publication_date(paper)
    filed = (paper.date, paper.date_precision)
    lines = [
        _meta("name", "description", description),
        f'<link rel="canonical" href="{escape(url, quote=True)}">',
        # Link previews: OpenGraph (Facebook, LinkedIn, Slack, Mastodon…) and Twitter cards.
        _meta("property", "og:type", "article"),
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:title", paper.title),
        _meta("property", "og:description", description),
        _meta("property", "og:url", url),
        _meta("property", "article:published_time", precision.iso(*filed)),
    ]
    lines += [_meta("property", "article:tag", t.name) for t in paper.tags]
    lines += [
        # X (Twitter) reads og:title and og:description when its own tags are absent.
        _meta("name", "twitter:card", "summary"),
        # Highwire Press tags, read by Google Scholar and Zotero's connector.
        _meta("name", "citation_title", paper.title),
    ]
    lines += [_meta("name", "citation_author", a) for a in paper.authors if a != ET_AL]
    # Highwire allows `2019` and `2019/05`: a date says no more than its source knows.
    lines.append(_meta("name", "citation_publication_date", precision.slashed(*published)))
    lines.append(_meta("name", "citation_online_date", precision.slashed(*filed)))
    if paper.arxiv_id:
        lines.append(_meta("name", "citation_arxiv_id", paper.arxiv_id))
    if paper.doi:
        lines.append(_meta("name", "citation_doi", paper.doi))
    if paper.venue:
        lines.append(_meta("name", "citation_journal_title", paper.venue))
    pdf = citations.pdf_url(paper)
    if pdf:
        lines.append(_meta("name", "citation_pdf_url", pdf))
    return "".join(lines)


def basic(url: str, description: str) -> str:
    """The `<head>` tags of any other generated page: its description and canonical URL."""
    lines = [_meta("name", "description", description)] if description else []
    lines.append(f'<link rel="canonical" href="{escape(url, quote=True)}">')
    return "".join(lines)
