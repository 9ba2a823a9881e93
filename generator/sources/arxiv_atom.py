"""Parser for arXiv API (`/api/query`) Atom responses."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.model import Entry, ParseResult, Problem, SourceRef
from generator.sources import common, latex

LISTING = "arXiv API"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ENTRY_TAG = re.compile(rb"<entry[\s>]")


def _text(element: ET.Element, tag: str) -> str:
    found = element.find(tag)
    return common.unwrap(found.text or "") if found is not None else ""


def _tex(element: ET.Element, tag: str) -> str:
    """A title or abstract: arXiv's are TeX-flavoured prose (`K\\"{a}hler`, `$L^2$`)."""
    return latex.to_text(_text(element, tag), prose=True)


def api_error(element: ET.Element) -> str | None:
    """The message of an arXiv API error entry, or None for a paper. The API answers a bad
    query (a malformed `id_list`, say) with one entry whose id is `…/api/errors#…`, titled
    "Error", by "arXiv api core": its id names the paper it failed on, but it is no paper.
    (https://info.arxiv.org/help/api/user-manual.html#errors)"""
    identifier = _text(element, f"{ATOM}id")
    if "arxiv.org/api/errors" not in identifier:
        return None
    reason = _text(element, f"{ATOM}summary") or identifier.partition("#")[2]
    return (
        f"arXiv API error, not a paper: {reason!r} "
        "(the query was refused; fix it, e.g. ids without https://arxiv.org/abs/, and fetch again)"
    )


def _name(text: str) -> str:
    """An author's name, its TeX decoded (`J\\"org M\\"uller`), as the snapshot reader does;
    a name that cannot be read as LaTeX is kept as written."""
    try:
        return latex.to_text(common.unwrap(text), prose=True)
    except latex.LatexError:
        return common.unwrap(text)


def parse(data: bytes, path: str) -> ParseResult:
    """Every `<entry>` of a feed; hard-wrapped titles and summaries are joined back into lines.
    (Python's expat refuses entity-expansion bombs and resolves no external entities.)"""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line = error.position[0] if hasattr(error, "position") else 1
        return ParseResult((), (Problem(SourceRef(path, line), f"not valid XML: {error}"),))
    if root.tag != f"{ATOM}feed":
        return ParseResult((), (Problem(SourceRef(path, 1), "expected an Atom <feed>"),))
    lines, last, line = [], 0, 1
    for match in ENTRY_TAG.finditer(data):  # newlines are single bytes in UTF-8
        line += data.count(b"\n", last, match.start())
        last = match.start()
        lines.append(line)
    entries, problems = [], []
    for number, element in enumerate(root.findall(f"{ATOM}entry")):
        ref = SourceRef(path, lines[number] if number < len(lines) else 1)
        refusal = api_error(element)
        if refusal is not None:
            problems.append(Problem(ref, refusal))
            continue
        identifier = common.arxiv_id(_text(element, f"{ATOM}id"))
        try:
            title = _tex(element, f"{ATOM}title")
            abstract = _tex(element, f"{ATOM}summary")
        except latex.LatexError as error:
            problems.append(Problem(ref, f"entry's title or abstract: {error}"))
            continue
        if not identifier or not title:
            problems.append(Problem(ref, "entry without an arXiv id or a title"))
            continue
        published = _text(element, f"{ATOM}published")
        if published.strip() and common.date(published) is None:
            # Said as it is, not as "has no date" later on.
            problems.append(
                Problem(ref, f"published: {published[:40]!r} is no day of the calendar")
            )
            continue
        pdf = ""
        linked: list[str] = []
        for link in element.findall(f"{ATOM}link"):
            if link.get("title") == "pdf":
                pdf = link.get("href", "")
            elif link.get("title") == "doi":
                linked += common.dois(link.get("href", ""))
        # `arxiv:doi` may hold several DOIs (space separated): all are the paper's, the
        # linked one first.
        found = common.dois(" ".join(linked + common.dois(_text(element, f"{ARXIV}doi"))))
        primary = element.find(f"{ARXIV}primary_category")
        categories = [primary.get("term", "")] if primary is not None else []
        categories += [c.get("term", "") for c in element.findall(f"{ATOM}category")]
        entries.append(
            Entry(
                title=title,
                abstract=abstract,
                listed_on=None,
                listing=LISTING,
                source=ref,
                kind="arxiv",
                arxiv_id=identifier,
                doi=found[0] if found else "",
                other_dois=tuple(found[1:]),
                authors=tuple(
                    _name(name.text or "") for name in element.findall(f"{ATOM}author/{ATOM}name")
                ),
                published=common.date(_text(element, f"{ATOM}published")),
                updated=common.date(_text(element, f"{ATOM}updated")),
                categories=tuple(dict.fromkeys(c for c in categories if c)),
                pdf_url=pdf.replace("http://", "https://", 1),
                venue=_text(element, f"{ARXIV}journal_ref"),
            )
        )
    return ParseResult(tuple(entries), tuple(problems))
