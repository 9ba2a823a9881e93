"""Text to search terms: normalised and folded as readers type, split, trimmed, stemmed (cached).

The browser's worker (search-core.js) applies the same rules to queries, character for character;
a test runs both over the same texts. The steps, in order:

1. lower case;
2. TeX accents a source left in a text (`Koll\\'ar`, `K\\"{a}hler`, `{\\o}`) become their letter;
3. Unicode compatibility decomposition (NFKD: ligatures from PDFs, full-width forms), Latin
   diacritics dropped (`müller` is `muller`, typed either way), letters with no decomposition
   folded (`ß` `ss`, `ø` `o`, `ł` `l`…), and the rest recomposed (NFC);
4. possessive `'s` dropped (`google's` is `google`);
5. split on white space, every Unicode dash and hyphen (`GPT-4o` written with U+2011,
   `long-context` with U+2013), slashes (`HumanEval/MBPP`), apostrophes and other
   punctuation; `.` and `_` stay inside a word
   (`2510.02283`, `4.5`);
6. each token trimmed of leading and trailing non-word characters;
7. runs of Chinese and Japanese characters, written without spaces, become overlapping
   character bigrams (a lone character stays one term);
8. stop words dropped (never in author names) and the rest stemmed with lunr.js's Porter stemmer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lunr.stop_word_filter import WORDS

from generator.search import stemmer

STOP_WORDS: frozenset[str] = frozenset(WORDS)

# TeX accent commands (after lower-casing): `\'a`, `\"{o}`, `\v s`, `\c{c}`, `{\'\i}`.
TEX_ACCENT = re.compile(
    r"\\(?:[`'\"^~=.]|[uvhckrbdt](?=[\s{]))\s*\{?\s*(\\[ij](?![a-z])|[a-z])\s*\}?"
)
# TeX letters with no accent to drop: `\ss`, `\o`, `\l`, `\ae`, `\oe`, `\aa`, dotless `\i`, `\j`.
TEX_LETTER = re.compile(r"\\(ss|ae|oe|aa|o|l|i|j)(?![a-z])(?:\{\})?")
BRACES = re.compile(r"[{}]")
# Combining diacritical marks of Latin, Greek and Cyrillic letters (not, say, Japanese voicing
# marks, which make other letters, nor Indic vowel signs).
DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters NFKD leaves whole that readers type without their stroke or as two letters.
FOLD = {
    "ß": "ss",
    "ø": "o",
    "ł": "l",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
    "ı": "i",
}
FOLDED = re.compile("[" + "".join(FOLD) + "]")
POSSESSIVE = re.compile(r"['\u2019]s(?!\w)")
# Written with regular-expression escapes, which Python and JavaScript read alike: Material's
# highlighter is given the same class (see shards.py).
SEPARATOR_CHARS = (
    r" \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # spaces
    r"\-\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63"  # hyphens, dashes, minus
    r"/\\|!\"#$%&()*+,:;<=>?@\[\]^`~'\u2018\u2019\u201c\u201d"  # punctuation, quotes
    r"\u3001-\u3003\u3008-\u3011\u3014-\u301f"  # CJK punctuation and brackets
)
SEPARATOR = re.compile("[" + SEPARATOR_CHARS + "]+")
# lunr's own trimmer leaves a token alone when it has punctuation inside (`d^2o,` stays as it is);
# this one strips leading and trailing non-word characters only, as lunr.js's trimmer does, but
# Unicode-aware so that `über` keeps its `ü`. The browser applies the same rule to query terms.
TRIM = re.compile(r"^\W+|\W+$")
# Scripts written without spaces between words: Han, Hiragana, Katakana (and their extensions).
CJK = re.compile("([\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)")


def normalise(text: str) -> str:
    """Steps 1 to 4: lower case, TeX accents, Unicode folding, possessives. str -> str."""
    text = text.lower()
    if "\\" in text:
        text = TEX_LETTER.sub(r"\1", TEX_ACCENT.sub(r"\1", text)).replace("\\", " ")
    if "{" in text or "}" in text:
        text = BRACES.sub("", text)
    if not text.isascii():
        text = DIACRITICS.sub("", unicodedata.normalize("NFKD", text))
        text = unicodedata.normalize("NFC", FOLDED.sub(lambda m: FOLD[m[0]], text))
    return POSSESSIVE.sub("", text)


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """lunr.js's Porter stemmer, memoised: an archive has far fewer distinct words than words."""
    return stemmer.stem(word)


def trim(token: str) -> str:
    return TRIM.sub("", token)


def split_cjk(word: str) -> list[str]:
    """A trimmed word with Chinese or Japanese characters in it: the other parts whole, and each
    run of those characters as its overlapping bigrams (`语言模型`: `语言`, `言模`, `模型`)."""
    out = []
    for i, part in enumerate(CJK.split(word)):
        if i % 2 == 0:
            part = trim(part)
            if part:
                out.append(part)
        elif len(part) == 1:
            out.append(part)
        else:
            out.extend(part[k : k + 2] for k in range(len(part) - 1))
    return out


def tokens(text: str) -> list[str]:
    """The words of a text, normalised, split, trimmed: steps 1 to 7. str -> list of str."""
    return [word for token in split(text) for word in words(token)]


def split(text: str) -> list[str]:
    """Steps 1 to 5: the text normalised and split, each token not yet trimmed (maybe empty);
    `words` makes a token's words. str -> list of str."""
    return SEPARATOR.split(normalise(text))


@lru_cache(maxsize=1 << 18)
def words(token: str) -> tuple[str, ...]:
    """A token's words: trimmed, and Chinese or Japanese runs in bigrams (steps 6 and 7)."""
    word = trim(token)
    if not word:
        return ()
    if word.isascii() or not CJK.search(word):
        return (word,)
    return tuple(split_cjk(word))


def terms(text: str, stop_words: bool = True) -> list[str]:
    """The indexed terms of a text; `stop_words=False` keeps them (names: *He*, *Will*, *An*)."""
    return [term for term in (token_term(t, stop_words) for t in tokens(text)) if term]


@lru_cache(maxsize=1 << 18)
def token_term(word: str, stop_words: bool = True) -> str:
    """A word's term, or "" for a stop word: a word recurs thousands of times in an archive, and
    filtering and stemming it once is enough."""
    return "" if stop_words and word in STOP_WORDS else stem(word)


def keyword_terms(values: list[str]) -> list[str]:
    """Terms of a list field (tags, year, identifiers): each value is one token, as lunr treats
    lists, lower-cased and trimmed, never dropped as a stop word (a tag may be named `it`)."""
    out = []
    for value in values:
        word = trim(value.lower())
        if word:
            out.append(stem(word))
    return out


def needs_form(word: str, term: str) -> bool:
    """Whether a typed prefix of `word` may miss `word`'s term: the prefixes longer than what the
    word and its term have in common (`reinforcem` of `reinforcement`, term `reinforc`), other
    than the whole word (which the query stems). Such words are kept as forms of their term."""
    common = 0
    for a, b in zip(word, term, strict=False):
        if a != b:
            break
        common += 1
    return len(word) - common >= 2
