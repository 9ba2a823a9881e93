"""Reading built HTML in tests: the text of an element, links, and the elements a page has."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Collects a page's hrefs, its tags with attributes, its <title>, and its article's text."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.article_text: list[str] = []
        self.script_text: list[str] = []  # what scripts the browser runs hold
        self.data_text: list[str] = []  # what JSON data blocks hold (JSON-LD, config)
        self.maths: list[str] = []  # the TeX of each `.pa-math` element
        self._maths_depth = 0
        self._in_title = False
        self._in_script = ""
        self._article_depth = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"] or "")
        self._in_title |= tag == "title"
        if tag == "script":
            kind = (dict(attrs).get("type") or "").lower()
            self._in_script = "data" if kind.endswith("json") else "code"
        if tag == "article" or self._article_depth:
            self._article_depth += 1
        if self._maths_depth:
            self._maths_depth += 1
        elif tag == "span" and "pa-math" in (dict(attrs).get("class") or "").split():
            self._maths_depth = 1
            self.maths.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_script = ""
        if self._article_depth:
            self._article_depth -= 1
        if self._maths_depth:
            self._maths_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_script == "code":
            self.script_text.append(data)
        elif self._in_script == "data":
            self.data_text.append(data)
        if self._article_depth:
            self.article_text.append(data)
        if self._maths_depth:
            self.maths[-1] += data

    @property
    def text(self) -> str:
        """The article's text with runs of white space folded, as a reader sees it."""
        return " ".join("".join(self.article_text).split())
