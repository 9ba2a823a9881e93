"""Text to search terms, as lunr's default pipeline makes them, with lunr.js's stemmer, cached."""

from __future__ import annotations

import re
from functools import lru_cache

from lunr.stop_word_filter import WORDS
from lunr.tokenizer import SEPARATOR_CHARS

from generator.search import stemmer

STOP_WORDS: frozenset[str] = frozenset(WORDS)
SEPARATOR = re.compile("[" + re.escape(SEPARATOR_CHARS) + "]+")
# lunr's own trimmer leaves a token alone when it has punctuation inside (`d^2o,` stays as it is);
# this one strips leading and trailing non-word characters only, as lunr.js's trimmer does, but
# Unicode-aware so that `über` keeps its `ü`. The browser applies the same rule to query terms.
TRIM = re.compile(r"^\W+|\W+$")


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """lunr.js's Porter stemmer, memoised: an archive has far fewer distinct words than words."""
    return stemmer.stem(word)


def trim(token: str) -> str:
    return TRIM.sub("", token)


def tokens(text: str) -> list[str]:
    """Lower-case words split on white space and hyphens, as lunr's tokenizer splits them."""
    return [t for t in SEPARATOR.split(text.lower()) if t]


def terms(text: str) -> list[str]:
    """The indexed terms of a text: tokenised, trimmed, stop words dropped, stemmed."""
    return [term for term in map(token_term, tokens(text)) if term]


@lru_cache(maxsize=1 << 18)
def token_term(token: str) -> str:
    """A token's term, or "" for none (a stop word, punctuation): a word recurs thousands of
    times in an archive, and trimming, filtering and stemming it once is enough."""
    word = trim(token)
    return stem(word) if word and word not in STOP_WORDS else ""


def keyword_terms(values: list[str]) -> list[str]:
    """Terms of a list field (tags, year): each value is one token, as lunr treats lists."""
    out = []
    for value in values:
        word = trim(value.lower())
        if word and word not in STOP_WORDS:
            out.append(stem(word))
    return out
