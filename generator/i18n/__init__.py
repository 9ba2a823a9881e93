"""The labels the archive writes, in the site's language: one YAML file per language, dates,
months and numbers by Babel (CLDR data)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

FOLDER = Path(__file__).parent
DEFAULT = "en"
PLACEHOLDER = re.compile(r"\{(\w+)\}")

Label = str | Mapping[str, str]  # a text, or a count's text per CLDR plural category


class LabelError(ValueError):
    """A label override that names no label or has the wrong shape."""


@dataclass(eq=False)
class Labels:
    """Every label of one language. `labels["abstract"]` is a plain label; `count("paper", 3)`
    a count in the language's plural form; `long_date`, `month_year` and `month` write dates
    as CLDR does for the locale (`11. März 2025`, `2025年3月11日`)."""

    language: str  # as asked for, e.g. "de" or "pt-BR"
    locale: Locale
    strings: Mapping[str, Label]
    _dates: dict[dt.date, str] = field(default_factory=dict, repr=False)
    _months: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)

    def __getitem__(self, key: str) -> str:
        value = self.strings[key]
        if not isinstance(value, str):
            raise KeyError(f"{key} is a count; use count()")
        return value

    def format(self, key: str, **values: object) -> str:
        """A label with its `{name}` placeholders filled in."""
        return "".join(str(part) for part in self.parts(key, **values))

    def parts(self, key: str, **values: object) -> list[object]:
        """A label split at its placeholders: its literal text at even positions (perhaps
        empty), the values filled in at odd ones, so a caller can escape the text and keep
        values (links, markup) as they are. An unknown placeholder stays literal text."""
        out: list[object] = [""]
        for index, piece in enumerate(PLACEHOLDER.split(self[key])):
            if index % 2 and piece in values:
                out += [values[piece], ""]
            else:
                out[-1] = f"{out[-1]}{{{piece}}}" if index % 2 else f"{out[-1]}{piece}"
        return out

    @property
    def bcp47(self) -> str:
        """The locale as a BCP 47 tag for browsers' `toLocaleString`: `de`, `zh-Hans-CN`."""
        return str(self.locale).replace("_", "-")

    def count(self, key: str, n: int) -> str:
        """`3 papers`, `3 Paper`, `3 篇论文`: the form CLDR's plural rules pick for `n`."""
        forms = self.strings[key]
        if isinstance(forms, str):
            return forms.replace("{n}", self.number(n))
        form = forms.get(self.locale.plural_form(n)) or forms["other"]
        return form.replace("{n}", self.number(n))

    def number(self, n: int) -> str:
        """`20,000` in English, `20.000` in German."""
        return str(n) if -1000 < n < 1000 else format_decimal(n, locale=self.locale)

    def long_date(self, day: dt.date) -> str:
        """A day in words, CLDR's long date: `11 March 2025`, `11 mars 2025`, `2025年3月11日`."""
        text = self._dates.get(day)
        if text is None:
            text = self._dates[day] = format_date(day, "long", locale=self.locale)
        return text

    def month_year(self, year: int, month: int) -> str:
        """`March 2025`, `März 2025`, `2025年3月`."""
        text = self._months.get((year, month))
        if text is None:
            day = dt.date(year, month, 1)
            text = self._months[year, month] = format_skeleton("yMMMM", day, locale=self.locale)
        return text

    def month(self, month: int) -> str:
        """A month's name: `March`, `März`, `3月` (CLDR's format form: Babel 2.18's
        stand-alone forms change with the order locales are loaded in)."""
        text = self._months.get((0, month))
        if text is None:
            day = dt.date(2000, month, 1)
            text = self._months[0, month] = format_date(day, "MMMM", locale=self.locale)
        return text


def available() -> list[str]:
    """The languages with a labels file, e.g. `["de", "en", …]`."""
    return sorted(path.stem for path in FOLDER.glob("*.yml"))


def _read(language: str) -> dict[str, Label]:
    data = yaml.safe_load((FOLDER / f"{language}.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def load(
    language: str = DEFAULT, overrides: Mapping[str, object] | None = None
) -> tuple[Labels, str]:
    """The labels for a language code as Material for MkDocs spells it (`de`, `zh`, `pt-BR`),
    with a curator's overrides on top; and a warning ("" if none) when there is no file for
    the language, which then falls back to English.

    An override must name a label (LabelError otherwise, listing them) and have its shape:
    text for a label, a mapping of plural categories (`one`, `other`, …) for a count.
    """
    english = _read(DEFAULT)
    warning = ""
    code = (language or DEFAULT).replace("_", "-")
    names = available()
    chosen = next((c for c in (code, code.split("-")[0]) if c in names), None)
    if chosen is None:
        warning = (
            f"no labels for language {language!r}: pages are in English "
            f"(available: {', '.join(names)}; override any label with the `labels` option)"
        )
        chosen = DEFAULT
    strings = dict(english)
    strings.update(_read(chosen))
    for key, value in (overrides or {}).items():
        if key == "locale" or key not in english:
            known = ", ".join(sorted(k for k in english if k != "locale"))
            raise LabelError(f"labels: {key!r} is not a label (labels: {known})")
        if isinstance(english[key], str) != isinstance(value, str) or not (
            isinstance(value, str)
            or (
                isinstance(value, Mapping)
                and "other" in value
                and all(isinstance(v, str) for v in value.values())
            )
        ):
            shape = "text" if isinstance(english[key], str) else "a mapping with `one` and `other`"
            raise LabelError(f"labels: {key!r} must be {shape}")
        strings[key] = value
    # A more specific code than the file's (`de-CH`, `zh-Hant`, `en-US`) writes dates its way.
    file_locale = str(strings.pop("locale"))
    locale = None
    for candidate in ([code] if code != chosen and not warning else []) + [file_locale]:
        try:
            locale = Locale.parse(candidate.replace("-", "_"))
            break
        except (UnknownLocaleError, ValueError):
            continue
    return Labels(DEFAULT if warning else code, locale or Locale.parse("en_GB"), strings), warning


ENGLISH, _ = load(DEFAULT)
