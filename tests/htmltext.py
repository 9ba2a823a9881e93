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
        self.script_text: list[str] = []
        self._in_title = self._in_script = False
        self._article_depth = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"] or "")
        self._in_title |= tag == "title"
        self._in_script |= tag == "script"
        if tag == "article" or self._article_depth:
            self._article_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_script = False
        if self._article_depth:
            self._article_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_script:
            self.script_text.append(data)
        if self._article_depth:
            self.article_text.append(data)

    @property
    def text(self) -> str:
        """The article's text with runs of white space folded, as a reader sees it."""
        return " ".join("".join(self.article_text).split())
