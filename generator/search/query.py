"""The search query language, parsed and run in Python exactly as the browser's worker runs it.

`title:`, `abstract:`, `author:`, `tag:`, `year:` and `id:` restrict a word to a field (any case,
with or without a space after the colon); `-word` excludes; `year:2020..2024` or `year:2020-2024`
(or the filter controls) keeps a range of years; `sort:date` sorts newest first; `"…"` is a
phrase. An arXiv id, an arXiv or Hugging Face paper URL, or a DOI finds that paper. Every other
word must match (AND); the last word also matches as the start of a word while it is typed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lunr.index import Index
from lunr.query import Query, QueryPresence

from generator.search import analysis
from generator.search.index import FIELD_NAMES, PREFIX_MIN, TEXT_FIELDS, SearchDoc

# A query's parts: an optionally excluded, optionally fielded phrase in quotes, or a word.
PART = re.compile(r'(-?)(?:([A-Za-z]+):)?"([^"]*)"|(\S+)')
FIELD_WORD = re.compile(r"^(?P<field>[A-Za-z]+):(?P<value>.*)$")
YEAR_RANGE = re.compile(r"^(?P<start>\d{4})?(?:\.\.|[-\u2010-\u2015])(?P<end>\d{4})?$")
FILTERS = {"tag", "year"}  # fields whose words filter rather than search
QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})

# Identifiers (lower-cased): arXiv ids new (2510.02283) and old (hep-th/9901001), with or without
# `arXiv:` and a version; arXiv (abs, pdf, html) and Hugging Face paper URLs; DOIs, bare, `doi:`
# or as a doi.org URL (an arXiv DOI, 10.48550/arXiv.<id>, names the arXiv id).
ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?"
IDENTIFIER = re.compile(
    r"^(?:arxiv:"
    r"|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/"
    r"|(?:https?://)?(?:www\.)?(?:huggingface|hf)\.co/papers/"
    r"|(?:https?://)?(?:dx\.)?doi\.org/10\.48550/arxiv\."
    r"|(?:doi:)?10\.48550/arxiv\.)?" + ARXIV_ID + r"(?:\.pdf)?/?(?:[?#].*)?$"
)
DOI = re.compile(r"^(?:doi:|(?:https?://)?(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$")


@dataclass(frozen=True)
class Clause:
    term: str
    fields: tuple[str, ...]
    required: bool  # false: prohibited, unless optional
    prefix: bool = False
    optional: bool = False  # a stop word, which may be a name: *He He*, *Will*


@dataclass
class ParsedQuery:
    clauses: list[Clause] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    # Phrases: each a run of stemmed words that must follow each other in one of the fields.
    phrases: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)


def identifier(word: str) -> str:
    """The arXiv id (no version) or DOI a query word names, lower case; "" if none."""
    word = word.lower()
    if match := IDENTIFIER.match(word):
        return match[1]
    if match := DOI.match(word):
        return match[1].rstrip(".,;")
    return ""


def parts(text: str) -> list[tuple[bool, str, str, bool]]:
    """The query's parts: (excluded, field or "", value, quoted), a `field:` followed by a space
    joined to the word after it."""
    out: list[tuple[bool, str, str, bool]] = []
    for match in PART.finditer(text.translate(QUOTES)):
        if match[4] is None:
            negate, name = match[1] == "-", (match[2] or "").lower()
            if not name and out and out[-1][1] and not out[-1][2] and not out[-1][3]:
                negate, name = out.pop()[:2]  # `title: "…"`
            out.append((negate, name, match[3], True))
            continue
        word = match[4]
        negate = word.startswith("-") and len(word) > 1
        word = word[1:] if negate else word
        name = ""
        fielded = FIELD_WORD.match(word)
        if fielded and fielded["field"].lower() in (*FIELD_NAMES, "sort"):
            name, word = fielded["field"].lower(), fielded["value"]
        if name and not word and match.end() < len(text):
            out.append((negate, name, "", False))  # completed by the next word, below
            continue
        if out and out[-1][1] and not out[-1][2] and not out[-1][3]:
            negate, name = out[-1][0], out[-1][1]
            out.pop()
        out.append((negate, name, word, False))
    return out


def parse(text: str, typing: bool = True) -> ParsedQuery:
    """Parse a query; with `typing`, a last word not followed by a space matches as a prefix."""
    parsed = ParsedQuery()
    found = parts(text)
    typing = typing and not text[-1:].isspace()
    for position, (negate, name, word, quoted) in enumerate(found):
        last_word = typing and position == len(found) - 1 and not quoted
        fields: tuple[str, ...] = (name,) if name in FIELD_NAMES else FIELD_NAMES
        if name == "sort":
            parsed.sort = "date" if word.lower() == "date" else "relevance"
            continue
        if name == "year" and (span := YEAR_RANGE.match(word)) and (span["start"] or span["end"]):
            parsed.year_from = int(span["start"]) if span["start"] else None
            parsed.year_to = int(span["end"]) if span["end"] else None
            continue
        known = identifier(word) if not quoted and name in ("", "id") else ""
        if known:
            prefix = last_word and not negate
            parsed.clauses.append(Clause(known, ("id",), not negate, prefix))
            continue
        values = [word.lower()] if name in ("tag", "year", "id") else analysis.tokens(word)
        if quoted and not negate and len(values) > 1:
            sequence = tuple(analysis.stem(v) for v in values)
            parsed.phrases.append((sequence, fields if name else TEXT_FIELDS))
        for i, value in enumerate(values):
            if not value:
                continue
            if value in analysis.STOP_WORDS and name != "author":
                if not name and not negate:
                    # Never required (`the model`), but names may be stop words (*He He*,
                    # *Will*), also while the word is being typed.
                    parsed.clauses.append(Clause(value, ("author",), False, optional=True))
                continue
            typed = last_word and i == len(values) - 1 and name not in ("tag", "year")
            if typed and len(value) < PREFIX_MIN and not analysis.CJK.search(value):
                # `Li`, `He`: too short to stand for every word it begins, so it is looked for
                # as a whole word. Alone (or after filters: `tag:nlp Li`) it is required; after
                # other words it only ranks (`reward m` keeps `reward`'s results until `m` is
                # finished).
                if not negate:  # (`-x` being typed excludes nothing yet)
                    alone = not any(c.required and set(c.fields) - FILTERS for c in parsed.clauses)
                    parsed.clauses.append(Clause(value, fields, alone, optional=not alone))
                continue
            prefix = typed and not negate
            parsed.clauses.append(Clause(value, fields, not negate, prefix))
    return parsed


@dataclass
class Vocabulary:
    """What a query's prefixes expand over: the index's terms and forms, sorted for bisection."""

    terms: list[str]
    forms: list[tuple[str, str]]
    present: frozenset[str] = frozenset()

    @classmethod
    def of(cls, terms: Iterable[str], forms: dict[str, str]) -> Vocabulary:
        ordered = sorted(terms)
        return cls(ordered, sorted(forms.items()), frozenset(ordered))

    def expand(self, clause: Clause) -> list[str]:
        """The terms a clause's word stands for: its stem, and for a prefix every term that
        begins with it and the term of every form that does; only terms of the index, sorted."""
        present = self.present
        stemmed = analysis.stem(clause.term)
        found = {stemmed} if stemmed in present else set()
        if clause.prefix:
            p = clause.term
            found.update(starting(self.terms, p))
            at = bisect_left(self.forms, (p, ""))
            while at < len(self.forms) and self.forms[at][0].startswith(p):
                if self.forms[at][1] in present:
                    found.add(self.forms[at][1])
                at += 1
        return sorted(found, key=lambda t: t.encode("utf-16-be"))


def starting(terms: Sequence[str], prefix: str) -> list[str]:
    at = bisect_left(terms, prefix)
    out = []
    while at < len(terms) and terms[at].startswith(prefix):
        out.append(terms[at])
        at += 1
    return out


def build_query(index: Index, parsed: ParsedQuery, vocabulary: Vocabulary) -> Query:
    query = index.create_query()
    for clause in parsed.clauses:
        fields = list(clause.fields)
        if clause.prefix:
            # The word being typed: every term it may be the start of, optional for lunr;
            # `matched` then keeps only results that matched one, so the word is required.
            for term in vocabulary.expand(clause):
                query.term(term, fields=fields, use_pipeline=False)
        else:
            # Stemmed here, with lunr.js's stemmer, not by lunr.py's pipeline: see stemmer.py.
            presence = (
                QueryPresence.REQUIRED
                if clause.required
                else QueryPresence.OPTIONAL
                if clause.optional
                else QueryPresence.PROHIBITED
            )
            query.term(
                analysis.stem(clause.term), fields=fields, presence=presence, use_pipeline=False
            )
    return query


def matched(terms: list[str], clause: Clause, metadata: dict[str, dict[str, Any]]) -> bool:
    """Whether a result matched one of a typed word's terms (in one of its fields)."""
    return any(term in metadata and set(metadata[term]) & set(clause.fields) for term in terms)


def has_phrase(doc: SearchDoc, phrase: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    """Whether the words of a phrase follow each other, stemmed, in one of its fields."""
    sequence, fields = phrase
    texts = {"title": doc.title, "abstract": doc.abstract, "author": " ".join(doc.authors)}
    for name in fields:
        if name not in texts:
            continue
        stems = [analysis.stem(w) for w in analysis.tokens(texts[name])]
        n = len(sequence)
        if any(tuple(stems[i : i + n]) == sequence for i in range(len(stems) - n + 1)):
            return True
    return False


def search(
    index: Index,
    parsed: ParsedQuery,
    years: dict[str, list[int]],
    vocabulary: Vocabulary | None = None,
    docs: Sequence[SearchDoc] = (),
) -> list[dict[str, Any]]:
    """Ranked results as the browser ranks them: `ref` and `score`, best first. `vocabulary`
    defaults to the index's terms without forms; phrases need the documents, `docs`."""
    ranged = parsed.year_from is not None or parsed.year_to is not None
    if not any(c.required or c.optional for c in parsed.clauses):
        if not ranged:
            return []  # nothing to look for: an empty query, or only exclusions
        return in_range(index, parsed, years)
    if vocabulary is None:
        vocabulary = Vocabulary.of(index.inverted_index, {})
    low, high = year_span(parsed, years)
    prefixes = [(c, vocabulary.expand(c)) for c in parsed.clauses if c.prefix]
    kept = [
        {"ref": int(r["ref"]), "score": round(r["score"], 6)}
        for r in index.query(build_query(index, parsed, vocabulary))
        if low <= int(r["ref"]) <= high
        and all(matched(terms, c, r["match_data"].metadata) for c, terms in prefixes)
        and all(has_phrase(docs[int(r["ref"])], p) for p in parsed.phrases)
    ]
    if parsed.sort == "date":
        kept.sort(key=lambda r: -r["ref"])
    else:
        kept.sort(key=lambda r: (-r["score"], -r["ref"]))
    return kept


def in_range(
    index: Index, parsed: ParsedQuery, years: dict[str, list[int]]
) -> list[dict[str, Any]]:
    """A query of filters only (`year:2024..2025`, `year:..2024 -survey`): every paper of the
    year range but the excluded ones, newest first, each with a score of 0."""
    low, high = year_span(parsed, years)
    excluded: set[int] = set()
    for clause in parsed.clauses:  # only exclusions are left
        posting = index.inverted_index.get(analysis.stem(clause.term), {})
        for name in clause.fields:
            excluded.update(int(ref) for ref in posting.get(name, {}))
    return [{"ref": ref, "score": 0.0} for ref in range(high, low - 1, -1) if ref not in excluded]


def year_span(parsed: ParsedQuery, years: dict[str, list[int]]) -> tuple[int, int]:
    """The refs of the year range: refs run oldest first, so a range of years is a range of refs."""
    inside = [
        span
        for year, span in years.items()
        if (parsed.year_from is None or int(year) >= parsed.year_from)
        and (parsed.year_to is None or int(year) <= parsed.year_to)
    ]
    if not inside:
        return (1, 0)
    return (min(s[0] for s in inside), max(s[1] for s in inside))
