"""lunr.js 2.3.9's Porter stemmer, ported line for line.

The index is built here and queried in the browser by lunr.js, so both must stem alike. lunr.py's
own stemmer follows the original Porter paper, lunr.js a revised step 1c (`surveys` is `survei`
in one and `survey` in the other); a test runs both over a whole vocabulary to keep them equal.
"""

from __future__ import annotations

import re

STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}

c = "[^aeiou]"  # consonant
v = "[aeiouy]"  # vowel
C = c + "[^aeiouy]*"  # consonant sequence
V = v + "[aeiou]*"  # vowel sequence

MGR0 = re.compile("^(" + C + ")?" + V + C)  # [C]VC... is m>0
MEQ1 = re.compile("^(" + C + ")?" + V + C + "(" + V + ")?$")  # [C]VC[V] is m=1
MGR1 = re.compile("^(" + C + ")?" + V + C + V + C)  # [C]VCVC... is m>1
S_V = re.compile("^(" + C + ")?" + v)  # vowel in stem

RE_1A = re.compile(r"^(.+?)(ss|i)es$")
RE2_1A = re.compile(r"^(.+?)([^s])s$")
RE_1B = re.compile(r"^(.+?)eed$")
RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
RE_LAST = re.compile(r".$")
RE2_1B_2 = re.compile(r"(at|bl|iz)$")
RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
RE4_1B_2 = re.compile("^" + C + v + "[^aeiouwxy]$")
RE_1C = re.compile(r"^(.+?[^aeiou])y$")
RE_2 = re.compile("^(.+?)(" + "|".join(STEP2) + ")$")
RE_3 = re.compile("^(.+?)(" + "|".join(STEP3) + ")$")
RE_4 = re.compile(
    r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$"
)
RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
RE_5 = re.compile(r"^(.+?)e$")
RE_5_1 = re.compile(r"ll$")
RE3_5 = re.compile("^" + C + v + "[^aeiouwxy]$")


def js_length(word: str) -> int:
    """A string's length as JavaScript counts it, in UTF-16 code units."""
    return len(word.encode("utf-16-le")) // 2


def stem(w: str) -> str:
    """Stem one lower-case word; kept as the JS reads, step by step, so that the two compare."""
    if js_length(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]

    # Step 1a
    if RE_1A.search(w):
        w = RE_1A.sub(r"\1\2", w, count=1)
    elif RE2_1A.search(w):
        w = RE2_1A.sub(r"\1\2", w, count=1)

    # Step 1b
    if fp := RE_1B.search(w):
        if MGR0.search(fp[1]):
            w = RE_LAST.sub("", w, count=1)
    elif fp := RE2_1B.search(w):
        stem_ = fp[1]
        if S_V.search(stem_):
            w = stem_
            if RE2_1B_2.search(w):
                w = w + "e"
            elif RE3_1B_2.search(w):
                w = RE_LAST.sub("", w, count=1)
            elif RE4_1B_2.search(w):
                w = w + "e"

    # Step 1c: a final y after a consonant becomes i
    if fp := RE_1C.search(w):
        w = fp[1] + "i"

    # Step 2
    if (fp := RE_2.search(w)) and MGR0.search(fp[1]):
        w = fp[1] + STEP2[fp[2]]

    # Step 3
    if (fp := RE_3.search(w)) and MGR0.search(fp[1]):
        w = fp[1] + STEP3[fp[2]]

    # Step 4
    if fp := RE_4.search(w):
        if MGR1.search(fp[1]):
            w = fp[1]
    elif fp := RE2_4.search(w):
        stem_ = fp[1] + fp[2]
        if MGR1.search(stem_):
            w = stem_

    # Step 5
    if fp := RE_5.search(w):
        stem_ = fp[1]
        if MGR1.search(stem_) or (MEQ1.search(stem_) and not RE3_5.search(stem_)):
            w = stem_
    if RE_5_1.search(w) and MGR1.search(w):
        w = RE_LAST.sub("", w, count=1)

    # and turn initial Y back to y
    if firstch == "y":
        w = "y" + w[1:]
    return w
