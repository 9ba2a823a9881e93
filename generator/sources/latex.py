"""LaTeX text to Unicode through pylatexenc; maths is kept exactly as written (pages render it)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

from pylatexenc import latexwalker, macrospec
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec
from pylatexenc.latex2text import get_default_latex_context_db as text_context_db

# Deeper nesting than this is no title or abstract; pylatexenc recurses once per brace.
MAX_DEPTH = 64
# Nothing here needs pylatexenc: most titles and abstracts take the fast path.
TEX = re.compile(r"[\\{}~%]|--|``|''|[!?]`")
PROSE_TEX = re.compile(r"[\\{}]")
# Maths and stray maths delimiters are set aside before pylatexenc sees the text (it would
# recurse once per unclosed `\\(`), each replaced by PLACEHOLDER and its number, and put back
# as written afterwards.
PLACEHOLDER = "\ue000"
PLACEHOLDERS = re.compile(PLACEHOLDER + "([\U000f0000-\U000ffffd]{2})")
# Maths environments are kept whole too (`\\begin{equation} a=b \\end{equation}`).
ENVIRONMENT = r"\\begin\{(?:equation|align|gather|multline|eqnarray|displaymath|math)\*?\}"
DELIMITER = re.compile(ENVIRONMENT + r"|\\[()\[\]]|\\.|\$\$?|" + PLACEHOLDER, re.S)
BRACES = re.compile(r"\\.|[{}]", re.S)
BRACES_OR_SPACE = re.compile(r"\\.|[{}]|\s+", re.S)
PLANE = 0xF0000
BASE = 0xFFFE
# `%` starts a comment in LaTeX, but in a BibTeX field or an abstract it is a per cent sign.
PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")
SUPERSCRIPT = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ", strict=True))
SUBSCRIPT = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))
# Text commands that wrap their argument (Better BibTeX, biblatex, and common LaTeX ones
# pylatexenc's walker does not know take one); any other `\text…` or `\mkbib…` does too.
TEXT_COMMANDS = (
    "NoCaseChange", "mkbibemph", "mkbibitalic", "mkbibbold", "mkbibquote", "enquote",
    "textsubscript", "textsuperscript", "url", "nolinkurl", "doi", "acronym", "acrshort",
)  # fmt: skip
# Font switches, `{\\it …}`: the group's text is the text.
SWITCHES = (
    "it", "em", "bf", "sc", "sl", "rm", "sf", "tt", "itshape", "bfseries", "scshape",
    "upshape", "slshape", "normalfont", "mdseries", "rmfamily", "sffamily", "ttfamily",
)  # fmt: skip
# Characters as text-mode commands (textcomp, LaTeX's own, textgreek; Better BibTeX writes
# `<`, `>` and `|` as `\\textless{}`, `\\textgreater{}`, `\\textbar{}`) that pylatexenc's
# table lacks or gets wrong (its `\\textperiodcentered` is a dot above, TS1's is a middle dot).
CHARACTERS = {
    "textless": "<", "textgreater": ">", "textbar": "|", "textquotedbl": '"',
    "textbraceleft": "{", "textbraceright": "}", "textunderscore": "_",
    "textperiodcentered": "·", "textasciiacute": "´", "textasciidieresis": "¨",
    "textasciimacron": "¯", "textasciicaron": "ˇ", "textasciibreve": "˘",
    "textdagger": "†", "textdaggerdbl": "‡", "textlbrackdbl": "⟦", "textrbrackdbl": "⟧",
    "textminus": "−", "textpm": "±", "texttimes": "×", "textdiv": "÷",
    "textonehalf": "½", "textonequarter": "¼", "textthreequarters": "¾",
    "S": "§", "P": "¶", "copyright": "©", "pounds": "£", "dots": "…",
    "textellipsis": "…", "textquotesingle": "'", "textapprox": "≈",
}  # fmt: skip
GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "chi",
    "psi",
    "omega",
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
    "Epsilon",
    "Zeta",
    "Eta",
    "Theta",
    "Iota",
    "Kappa",
    "Lambda",
    "Mu",
    "Nu",
    "Xi",
    "Omicron",
    "Pi",
    "Rho",
    "Sigma",
    "Tau",
    "Upsilon",
    "Phi",
    "Chi",
    "Psi",
    "Omega",
]
# An accent over nothing (`\\~{}`, `\\^{}`) is the accent's own character.
ACCENTS_ALONE = {
    "~": "~", "^": "^", "'": "´", "`": "`", '"': "¨", "=": "¯", ".": "˙", "u": "˘",
    "v": "ˇ", "H": "˝", "c": "¸", "k": "˛", "r": "˚",
}  # fmt: skip
# Boxes and the like whose argument is their text; commands that print nothing.
BOXES = ("mbox", "hbox", "fbox", "makebox", "framebox", "text", "textnormal", "ensuremath")
NOTHING = ("relax", "protect", "null", "leavevmode", "nobreak", "unskip", "xspace")
# Letters typed as commands inside a word: `\\o re` is "øre", not "ø re", even in prose.
LETTERS = frozenset(
    [
        "o",
        "O",
        "ss",
        "ae",
        "AE",
        "oe",
        "OE",
        "l",
        "L",
        "i",
        "j",
        "aa",
        "AA",
        "dh",
        "DH",
        "th",
        "TH",
        "ng",
        "NG",
    ]
)
CITE_COMMANDS = ("cite", "citet", "citep", "citealt", "citealp", "citeauthor", "citeyear")
UNKNOWN = MacroTextSpec("", discard=False)


class LatexError(ValueError):
    """Text that cannot be read as LaTeX within the bounds (see MAX_DEPTH)."""


def _scripted(table: dict[str, str]) -> Any:
    def repl(node: Any, l2tobj: LatexNodes2Text) -> str:
        text = l2tobj.node_arg_to_text(node, 0)
        return "".join(table[c] for c in text) if text and all(c in table for c in text) else text

    return repl


def _verbatim(node: Any, l2tobj: LatexNodes2Text) -> str:
    return str(node.latex_verbatim())


def _greek(name: str) -> str:
    """`\\textalpha` is the letter pylatexenc gives `\\alpha`."""
    return str(LatexNodes2Text().latex_to_text("\\" + name))


@cache
def _walker_context(prose: bool) -> macrospec.LatexContextDb:
    """pylatexenc's parsing rules; in prose, `~`, `--` and quotes are plain characters."""
    db = latexwalker.get_default_latex_context_db()
    if prose:
        db = db.filter_context(exclude_categories=["nonascii-specials"])
    db.add_context_category(
        "paper-archive",
        macros=[
            *(macrospec.std_macro(name, False, 1) for name in TEXT_COMMANDS),
            *(macrospec.std_macro(name, False, 1) for name in BOXES),
            macrospec.std_macro("href", False, 2),
        ],
        prepend=True,
    )
    return db


@cache
def _text_context() -> macrospec.LatexContextDb:
    """pylatexenc's text for each macro, with what titles need on top."""
    db = text_context_db()
    db.add_context_category(
        "paper-archive",
        macros=[
            *(MacroTextSpec(name, discard=False) for name in TEXT_COMMANDS),
            *(MacroTextSpec(name, discard=True) for name in SWITCHES),
            # The characters themselves, as the BibTeX the pages write means them.
            *(MacroTextSpec(name, char) for name, char in CHARACTERS.items()),
            *(MacroTextSpec("text" + name, _greek(name)) for name in GREEK),
            MacroTextSpec("textepsilon", "ε"),
            MacroTextSpec("textphi", "φ"),
            *(MacroTextSpec(name, "%s") for name in BOXES),
            *(MacroTextSpec(name, "") for name in NOTHING),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textbackslash", "\\"),
            MacroTextSpec("LaTeX", "LaTeX"),
            MacroTextSpec("LaTeXe", "LaTeX2e"),
            MacroTextSpec("TeX", "TeX"),
            MacroTextSpec("BibTeX", "BibTeX"),
            MacroTextSpec("textsuperscript", _scripted(SUPERSCRIPT)),
            MacroTextSpec("textsubscript", _scripted(SUBSCRIPT)),
            MacroTextSpec("enquote", "“%s”"),
            MacroTextSpec("mkbibquote", "“%s”"),
            MacroTextSpec("url", "%s"),
            MacroTextSpec("nolinkurl", "%s"),
            MacroTextSpec("href", "%(2)s"),
            *(MacroTextSpec(name, _verbatim) for name in CITE_COMMANDS),
        ],
        specials=[SpecialsTextSpec("&", "&")],  # an ampersand, not a table column
        prepend=True,
    )
    db.set_unknown_macro_spec(UNKNOWN)
    return db


class _Decoder(LatexNodes2Text):  # type: ignore[misc]
    """pylatexenc's converter; a macro it does not know stays as written, its braced argument
    too (`\\ourMethod{}`), so nothing is glued or lost; maths stays as written."""

    def _unknown(self, node: Any) -> bool:
        return (
            node is not None
            and node.isNodeType(latexwalker.LatexMacroNode)
            and self.latex_context.get_macro_spec(node.macroname) is UNKNOWN
        )

    def macro_node_to_text(self, node: Any) -> str:
        arguments = [a for a in (node.nodeargd.argnlist if node.nodeargd else []) if a]
        if (
            node.macroname in ACCENTS_ALONE
            and len(arguments) == 1
            and not self._groupnodecontents_to_text(arguments[0]).strip()
        ):
            return ACCENTS_ALONE[node.macroname]  # `x\\^{}2` is "x^2", `\\~{}user` "~user"
        if not self._unknown(node):
            return str(super().macro_node_to_text(node))
        texts = [self._groupnodecontents_to_text(a) for a in arguments]
        if arguments and node.macroname.startswith(("text", "mkbib")) and "".join(texts):
            return "".join(texts)  # a text command: its argument is the text
        braced = "".join("{" + t + "}" for t in texts)
        return "\\" + str(node.macroname) + (braced or str(node.macro_post_space))

    prose = False

    def nodelist_to_text(self, nodelist: Sequence[Any]) -> str:
        parts: list[str] = []
        previous: Any = None
        for node in nodelist:
            group = node is not None and node.isNodeType(latexwalker.LatexGroupNode)
            if group and self._unknown(previous) and not previous.macro_post_space:
                inner = self._groupnodecontents_to_text(node)
                if previous.macroname.startswith(("text", "mkbib")) and inner:
                    parts[-1] = inner  # an unknown text command: its argument is the text
                else:
                    parts.append("{" + inner + "}")
            elif (
                group
                and self.prose
                and previous is not None
                and previous.isNodeType(latexwalker.LatexCharsNode)
                and parts[-1].endswith(("_", "^"))
            ):
                # Prose writes maths without `$`: `S_{BH}`, `G_{k,1}` keep their braces.
                parts.append("{" + self._groupnodecontents_to_text(node) + "}")
            else:
                if (
                    self.prose
                    and node is not None
                    and node.isNodeType(latexwalker.LatexCharsNode)
                    and previous is not None
                    and previous.isNodeType(latexwalker.LatexMacroNode)
                    and not (previous.nodeargd and previous.nodeargd.argnlist)
                    and previous.macroname not in LETTERS
                ):
                    # Prose means the space it typed after `\\mu`: "x^μ (with μ = 0".
                    parts.append(str(previous.macro_post_space))
                parts.append(self.node_to_text(node))
            previous = node
        return "".join(parts)


@cache
def _decoder(prose: bool) -> _Decoder:
    decoder = _Decoder(
        latex_context=_text_context(), math_mode="verbatim", strict_latex_spaces=True
    )
    decoder.prose = prose
    return decoder


def _depth(value: str) -> int:
    if "{" not in value:
        return 0
    depth = deepest = 0
    for match in BRACES.finditer(value):
        if match.group() == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif match.group() == "}":
            depth = max(depth - 1, 0)
    return deepest


# A chunk that ends in a command (or a lone backslash) takes the next word: `\\ss e`, `\\c c`.
ENDS_IN_COMMAND = re.compile(r"\\(?:[A-Za-z]+|[^A-Za-z\s])?$")


def _chunks(source: str) -> list[str]:
    """The text cut at white space outside braces, each command kept with what follows it."""
    if "{" not in source:
        words = source.split()
    else:
        words, depth, start = [], 0, 0
        for match in BRACES_OR_SPACE.finditer(source):
            token = match.group()
            if token == "{":
                depth += 1
            elif token == "}":
                depth = max(depth - 1, 0)
            elif token[0].isspace() and depth == 0:
                if match.start() > start:
                    words.append(source[start : match.start()])
                start = match.end()
        if start < len(source):
            words.append(source[start:])
    chunks: list[list[str]] = []
    for word in words:
        if chunks and ENDS_IN_COMMAND.search(chunks[-1][-1][-64:]):
            chunks[-1].append(word)
        else:
            chunks.append([word])
    return [" ".join(chunk) for chunk in chunks]


def _decode(chunk: str, prose: bool) -> str:
    source = PERCENT.sub(r"\1\\%", chunk)
    try:
        walker = latexwalker.LatexWalker(
            source, latex_context=_walker_context(prose), tolerant_parsing=True
        )
        nodes = walker.get_latex_nodes()[0]
        return str(_decoder(prose).nodelist_to_text(nodes))
    except (latexwalker.LatexWalkerError, IndexError, RecursionError) as error:
        raise LatexError(f"cannot read the LaTeX: {error}") from error


def maths_spans(value: str) -> list[tuple[int, int]]:
    """Where the maths is (`$…$`, `$$…$$`, `\\(…\\)`, `\\[…\\]`, an escaped `\\$` is no
    delimiter), and every delimiter left unclosed, as (start, end) pairs in order. One pass: a
    closer searched for and not found is never searched for again."""
    spans: list[tuple[int, int]] = []
    missing: set[str] = set()

    def closing(closer: str, start: int) -> int:
        if closer in missing:
            return -1
        j = value.find(closer, start)
        while j > 0 and value[j - 1] == "\\" and closer[0] == "$":
            j = value.find(closer, j + 1)
        if j < 0:
            missing.add(closer)
        return j

    i = 0
    while (match := DELIMITER.search(value, i)) is not None:
        token, i = match.group(), match.end()
        if token in ("\\(", "\\[", "$", "$$") or token.startswith("\\begin{"):
            closer = {"\\(": "\\)", "\\[": "\\]"}.get(token, token)
            if token.startswith("\\begin{"):
                closer = "\\end" + token[len("\\begin") :]
            j = closing(closer, i)
            if j >= 0:
                i = j + len(closer)
            spans.append((match.start(), i))
        elif token in ("\\)", "\\]", PLACEHOLDER):  # unopened, or the input's own
            spans.append((match.start(), i))
    return spans


# TeX that is clearly an accent or a text command, in text that is otherwise not TeX (the HF
# API's titles and abstracts, where `\\ourMethod` and `33.25\\%` are the authors' own prose):
# `\\"{a}`, `\\'e`, `{\\"o}`, `\\c{c}`, `\\v{s}`, `\\emph{…}`, `\\textit{…}`.
CLEAR_TEX = re.compile(
    r"\{\\[\"'`^~=.][A-Za-z]\}"
    r"|\{\\[\"'`^~=.uvHckr]\s*\{[A-Za-z]\}\}"
    r"|\\[\"'`^~=.]\{[A-Za-z]\}|\\[\"'`^~=.][A-Za-z]"
    r"|\\[uvHckr]\{[A-Za-z]\}"
    r"|\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|textup)\{[^{}\\$]{0,200}\}"
)


def clear_tex_to_text(value: str) -> str:
    """Text where only what is clearly TeX is decoded: accents (`K\\"{a}hler`, `L\\'evy`) and
    text commands with a plain argument (`\\emph{word}`); everything else, backslashes too
    (`\\ourMethod`, `33.25\\%`), stays as written, and maths (`$…$`, `\\(…\\)`) is not
    touched. For sources whose text is mostly not TeX (the HF API). Linear in the length."""
    if "\\" not in value:
        return value
    spans = maths_spans(value) if "$" in value or "\\(" in value or "\\[" in value else []
    parts: list[str] = []
    last = 0
    span = 0
    for match in CLEAR_TEX.finditer(value):
        while span < len(spans) and spans[span][1] <= match.start():
            span += 1
        if span < len(spans) and spans[span][0] < match.end():
            continue  # inside maths
        try:
            decoded = to_text(match.group())
        except LatexError:
            continue
        if "\\" in decoded or not decoded:
            continue
        parts += [value[last : match.start()], decoded]
        last = match.end()
    parts.append(value[last:])
    return unicodedata.normalize("NFC", "".join(parts))


def to_text(value: str, *, prose: bool = False) -> str:
    """Unicode text (NFC, white space runs as one space) from LaTeX-flavoured text, decoded by
    pylatexenc: accents (`K\\"{a}hler`, `{\\'e}`, `\\c{c}`), letters (`\\ss`, `\\o`), escapes
    (`\\%`, `\\&`, `\\_`), text commands (`\\emph{…}`, `{\\it …}`) and case-protecting braces.
    Maths (`$…$`, `\\(…\\)`, `$$…$$`, `\\[…\\]`) is kept whole, as written, for KaTeX; a command
    pylatexenc does not know (`\\ourMethod`) is kept as written too; `%` is a per cent sign.
    `prose` is for text that is mostly plain (arXiv's titles and abstracts): there `~`, `--`
    and quote ligatures are left as typed. Work is linear in the text's length. Raises
    LatexError beyond MAX_DEPTH nested braces."""
    tex = PROSE_TEX if prose else TEX
    if not tex.search(value):
        return unicodedata.normalize("NFC", " ".join(value.split()))
    spans = maths_spans(value) if "$" in value or "\\" in value or PLACEHOLDER in value else []
    if len(spans) >= BASE * BASE:
        raise LatexError("too many maths spans")
    parts, kept, last = [], [], 0
    for number, (start, end) in enumerate(spans):
        parts.append(value[last:start])
        parts.append(PLACEHOLDER + chr(PLANE + number // BASE) + chr(PLANE + number % BASE))
        kept.append(value[start:end])
        last = end
    parts.append(value[last:])
    source = "".join(parts)
    if spans and not tex.search(source):  # its only TeX is maths: nothing to decode
        return unicodedata.normalize("NFC", " ".join(value.split()))
    if _depth(source) > MAX_DEPTH:
        raise LatexError(f"braces nested more than {MAX_DEPTH} deep")
    # pylatexenc takes microseconds a character: only the words with TeX in them go to it.
    text = " ".join(
        _decode(chunk, prose) if tex.search(chunk) else chunk for chunk in _chunks(source)
    )

    def restore(match: re.Match[str]) -> str:
        high, low = (ord(c) - PLANE for c in match.group(1))
        return kept[high * BASE + low]

    text = PLACEHOLDERS.sub(restore, text)
    return unicodedata.normalize("NFC", " ".join(text.split()))
