"""Text hygiene at the door: what a reader made of a file, made safe for every page it reaches.

Every entry passes here before merging, whatever its reader. Characters that HTML and XML 1.0
forbid (C0 and C1 controls but tab, line feed and carriage return; noncharacters) are dropped;
line and paragraph separators become spaces; explicit bidirectional embeddings, overrides and
isolates are balanced within each field (a stray closer is dropped, an unclosed opener closed at
the field's end, as Unicode's Bidirectional Algorithm UAX #9 pairs them), so that no field can
reorder the text after it. An entry is refused, with its file and line, when a field holds a
lone UTF-16 surrogate (a broken `\\ud83d` escape: not a character, no page can be encoded with
it) or when its title has nothing visible. URL fields keep only http(s) URLs that parse, with
the scheme in lower case, and are never edited: one with whitespace, a control or bidi character,
or that does not parse (`https://[::1`) is dropped, and `url_problems` says so.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from generator import links
from generator.model import Entry, Problem

SURROGATE = re.compile("[\ud800-\udfff]")
# Forbidden in HTML's text and XML 1.0 (feeds): controls and noncharacters.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff"
    "\U0005fffe\U0005ffff\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff"
    "\U0009fffe\U0009ffff\U000afffe\U000affff\U000bfffe\U000bffff\U000cfffe\U000cffff"
    "\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff\U0010fffe\U0010ffff]"
)
SEPARATORS = re.compile("[\u2028\u2029]")
EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO: closed by PDF
ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI: closed by PDI
PDF, PDI = "\u202c", "\u2069"
BIDI_CONTROLS = re.compile(f"[{EMBEDDINGS}{ISOLATES}{PDF}{PDI}]")
NEEDS_WORK = re.compile(f"{FORBIDDEN.pattern[:-1]}\u2028\u2029{EMBEDDINGS}{ISOLATES}{PDF}{PDI}]")
# Characters that draw nothing although Unicode gives them a letter's or symbol's category.
BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u17b4\u17b5")
INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"})
URL_FIELDS = ("pdf_url", "code_url", "project_url")
HTTP_START = re.compile(r"\s*https?:", re.IGNORECASE)


def balance_bidi(text: str) -> str:
    """The text with its explicit bidirectional controls paired: a closer without its opener is
    dropped, an opener left open is closed at the end (UAX #9, rules X1-X8)."""
    out: list[str] = []
    stack: list[str] = []  # "e" for an embedding or override, "i" for an isolate
    for char in text:
        if char in EMBEDDINGS:
            stack.append("e")
        elif char in ISOLATES:
            stack.append("i")
        elif char == PDF:
            if not stack or stack[-1] != "e":
                continue  # matches nothing open: it would close what follows the field
            stack.pop()
        elif char == PDI:
            if "i" not in stack:
                continue
            while stack.pop() != "i":  # a PDI closes the embeddings opened inside its isolate
                out.append(PDF)
        out.append(char)
    out.extend(PDF if kind == "e" else PDI for kind in reversed(stack))
    return "".join(out)


def clean_text(text: str) -> str:
    """Text without forbidden characters and with its bidirectional controls balanced; most
    text has neither and is returned as it is."""
    if NEEDS_WORK.search(text) is None:
        return text
    text = SEPARATORS.sub(" ", FORBIDDEN.sub("", text))
    return balance_bidi(text) if BIDI_CONTROLS.search(text) else text


def visible(text: str) -> bool:
    """Whether some character of the text draws something (not spaces, format characters,
    combining marks alone, or blank letters such as U+3164 HANGUL FILLER)."""
    return any(
        c not in BLANK_GLYPHS and unicodedata.category(c) not in INVISIBLE_CATEGORIES for c in text
    )


TEXT_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.type == "str")
LIST_FIELDS = tuple(f.name for f in dataclasses.fields(Entry) if f.type == "tuple[str, ...]")
PLAINLY_VISIBLE = re.compile(r"[A-Za-z0-9]")


def url_problems(entry: Entry) -> list[Problem]:
    """A problem for each URL field holding an http(s) URL that `links.canonical` refuses (it
    does not parse, or holds whitespace, controls or bidi characters): `clean` drops it. Other
    schemes (a Zotero `file:` path, `javascript:`) are dropped without a word, as is common."""
    problems = []
    for name in URL_FIELDS:
        url = getattr(entry, name)
        if url and links.canonical(url) is None and HTTP_START.match(url):
            problems.append(
                Problem(
                    entry.source,
                    f"{name}: {url[:80]!r} is no valid URL (it does not parse, or holds "
                    "whitespace, control or bidi characters): dropped, no link to it",
                )
            )
    return problems


def clean(entry: Entry) -> Entry | Problem:
    """The entry with every text field cleaned (see the module's docstring), or the problem
    that refuses it: a lone surrogate in a field, or a title with nothing visible."""
    changes: dict[str, object] = {}
    texts = [getattr(entry, name) for name in TEXT_FIELDS if name not in URL_FIELDS]
    for name in LIST_FIELDS:
        texts += getattr(entry, name)
    # Most entries have nothing to clean, and `isprintable` (no control, format, separator but
    # the space, surrogate or unassigned character) says so for all their text at C speed.
    if not " ".join(texts).isprintable():
        for name in TEXT_FIELDS + LIST_FIELDS:
            if name in URL_FIELDS:
                continue  # checked whole below: a URL is kept as written or dropped
            value = getattr(entry, name)
            values: tuple[str, ...] = (value,) if isinstance(value, str) else value
            for text in values:
                found = SURROGATE.search(text)
                if found:
                    code = f"U+{ord(found.group()):04X}"
                    return Problem(
                        entry.source,
                        f"{name}: a lone UTF-16 surrogate ({code}) is not a character "
                        "(a broken \\u escape, half of an emoji's pair?)",
                    )
            cleaned = tuple(clean_text(t) for t in values)
            if cleaned != values:
                changes[name] = cleaned[0] if isinstance(value, str) else cleaned
    for name in URL_FIELDS:
        # From the field as read, never as cleaned: hygiene must not edit a URL.
        url = getattr(entry, name)
        if not url:
            continue
        checked = links.canonical(url)
        if checked != url:
            changes[name] = checked or ""  # a local file, `javascript:` or `data:`: no link
    title = str(changes.get("title", entry.title))
    if entry.title and not PLAINLY_VISIBLE.search(title) and not visible(title):
        shown = "".join(f"U+{ord(c):04X} " for c in entry.title[:8]).strip()
        return Problem(entry.source, f"the title has nothing visible (only {shown})")
    return dataclasses.replace(entry, **changes) if changes else entry  # type: ignore[arg-type]
