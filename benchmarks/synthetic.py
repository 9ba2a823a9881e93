"""Realistic synthetic archives: Daily Papers dumps made from the sample archive's own text.

Titles recombine sample titles with words from the abstracts; abstracts are 6 to 10 sentences
drawn from the sample abstracts; papers are spread over consecutive days, about 25 a day, one
dump file per day, as a curator who saves the page daily would have them. Seeded: the same size
always gives the same archive.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path

from generator import archive

ROOT = Path(__file__).resolve().parent.parent
HEADER = "\n\n".join(
    [
        "new",
        "Get trending papers in your email inbox!",
        "Subscribe",
        "byAK and the research community",
        "",
    ]
)
PER_DAY = 25
START = dt.date(2023, 1, 2)


def sample_text() -> tuple[list[str], list[str], list[str]]:
    """Titles, sentences and words of the sample archive."""
    papers = archive.load(ROOT / "content").papers
    titles = [p.title for p in papers]
    sentences = [s for p in papers for s in re.split(r"(?<=[.!?])\s+", p.abstract) if len(s) > 40]
    words = sorted({w for p in papers for w in re.findall(r"[A-Za-z]{5,}", p.abstract)})
    return titles, sentences, words


def generate(count: int, content: Path, seed: int = 20_000) -> None:
    """Write a content folder with `count` papers: listings, the sample taxonomy and pages."""
    titles, sentences, words = sample_text()
    rng = random.Random(seed)
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("listings"))
    listings = content / "listings"
    listings.mkdir()
    seen: set[str] = set()
    day = START
    for first in range(0, count, PER_DAY):
        entries = []
        for _ in range(min(PER_DAY, count - first)):
            title = ""
            while not title or title.lower() in seen:
                title = (
                    f"{rng.choice(words).capitalize()} {rng.choice(words)}: {rng.choice(titles)}"
                )
            seen.add(title.lower())
            abstract = " ".join(rng.sample(sentences, rng.randint(6, 10)))
            entries.append(f"{title}\n\n{abstract}")
        date_line = day.strftime("%b ") + str(day.day)
        text = HEADER + date_line + "\n\n" + "\n\n".join(entries)
        (listings / f"hf-daily-papers-{day.isoformat()}.txt").write_text(text, "utf-8")
        day += dt.timedelta(days=1)


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
