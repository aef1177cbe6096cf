"""Generates a library of N realistic news articles as files, deterministically (seeded random), and
optionally imports them into a library folder.

Articles run 200 to 3,000 words (most near 700), have titles, outlets and dates across 15 years. One
article in ten belongs to a family of four reporting the same event: each member repeats some of the
event's sentences word for word, rewords others and adds its own. Article i is the same whatever N is,
so a library of 1,000 is the first 1,000 of a library of 100,000.

    .venv/bin/python bench/make_library.py N FOLDER [--import HOME]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEED = 7
FAMILY_SPACING = 40
"""Every 40 articles, the first FAMILY_SIZE form a family reporting one event."""
FAMILY_SIZE = 4
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "is",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "it",
    "was",
    "said",
    "has",
    "be",
    "which",
    "its",
    "will",
    "were",
    "had",
    "after",
    "but",
    "not",
    "they",
    "have",
    "this",
    "their",
    "been",
    "also",
    "more",
    "than",
    "two",
    "who",
    "over",
    "when",
    "would",
    "about",
    "into",
]
SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "ten",
    "sul",
    "mar",
    "vi",
    "do",
    "gel",
    "han",
    "pra",
    "tor",
    "eth",
    "lum",
    "nes",
    "quo",
    "ran",
    "sti",
    "ve",
    "zan",
    "mo",
    "ku",
    "ler",
    "fin",
    "dra",
]
_OUTLETS = (
    "Xinhua",
    "Reuters",
    "Associated Press",
    "Global Times",
    "The Guardian",
    "Al Jazeera",
    "TASS",
    "BBC News",
    "Le Monde",
    "Deutsche Welle",
    "The Hindu",
    "Kyodo",
    "Agence France-Presse",
    "South China Morning Post",
    "The New York Times",
    "Anadolu",
    "Yonhap",
    "ABC News",
    "RIA Novosti",
    "The Times of India",
)
_PLACES = ("BEIJING", "MOSCOW", "LONDON", "WASHINGTON", "GENEVA", "NAIROBI", "BRASILIA", "NEW DELHI", "TOKYO", "PARIS")
_FIRST_DAY = dt.date(2010, 1, 1)
_DAYS = 15 * 365


@dataclass(frozen=True)
class GeneratedArticle:
    index: int
    title: str
    outlet: str
    date: str
    body: str
    family: int | None

    @property
    def filename(self) -> str:
        # 1,000 files a folder: a single folder of 100,000 files is slow to list on some file systems.
        return f"{self.index // 1000:03d}/{self.index:06d}.txt"

    def text(self) -> str:
        title = self.title.replace("\\", "\\\\").replace('"', '\\"')
        return f'+++\ntitle = "{title}"\noutlet = "{self.outlet}"\ndate = {self.date}\n+++\n\n{self.body}\n'


class _Vocabulary:
    """Invented words with a Zipf-like frequency, as words are in real text."""

    def __init__(self, rng: random.Random, size: int = 20000) -> None:
        words: set[str] = set()
        while len(words) < size:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.words = sorted(words)
        rng.shuffle(self.words)
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 10) for rank in range(size)))

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def _sentence(rng: random.Random, vocabulary: _Vocabulary, names: list[str] | None = None) -> str:
    length = rng.randint(8, 28)
    content = vocabulary.draw(rng, length)
    words = [rng.choice(FUNCTION_WORDS) if rng.random() < 0.4 else content[k] for k in range(length)]
    if names:
        for _ in range(rng.randint(1, 2)):
            words[rng.randrange(length)] = rng.choice(names)
    if length > 14:
        words[rng.randint(5, length - 5)] += ","
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _reword(rng: random.Random, sentence: str, vocabulary: _Vocabulary) -> str:
    """The same sentence told another way: a few words swapped for others, a clause moved."""
    words = sentence.rstrip(".").split()
    for _ in range(max(1, len(words) // 5)):
        k = rng.randrange(len(words))
        if not words[k][:1].isupper():
            words[k] = vocabulary.draw(rng, 1)[0]
    if len(words) > 10 and rng.random() < 0.5:
        cut = rng.randint(3, len(words) - 3)
        words = words[cut:] + words[:cut]
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def _length(rng: random.Random) -> int:
    return int(min(3000, max(200, rng.lognormvariate(6.6, 0.6))))


def _event(seed: int, family: int, vocabulary: _Vocabulary) -> tuple[list[str], list[str], str]:
    rng = random.Random(f"{seed}-event-{family}")
    names = [w.capitalize() for w in vocabulary.draw(rng, 3)] + [
        "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() for _ in range(2)
    ]
    sentences = [_sentence(rng, vocabulary, names) for _ in range(rng.randint(10, 18))]
    day = (_FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))).isoformat()
    return names, sentences, day


def iter_articles(n: int, seed: int = SEED) -> Iterator[GeneratedArticle]:
    vocabulary = _Vocabulary(random.Random(seed))
    for index in range(n):
        yield make_article(index, vocabulary, seed)


def make_article(index: int, vocabulary: _Vocabulary, seed: int = SEED) -> GeneratedArticle:
    rng = random.Random(f"{seed}-{index}")
    family = index // FAMILY_SPACING if index % FAMILY_SPACING < FAMILY_SIZE else None
    target = _length(rng)
    paragraphs: list[str] = []
    names: list[str] | None = None
    if family is not None:
        names, event, day = _event(seed, family, vocabulary)
        date = (dt.date.fromisoformat(day) + dt.timedelta(days=rng.randint(0, 2))).isoformat()
        told = [s if rng.random() < 0.6 else _reword(rng, s, vocabulary) for s in event if rng.random() < 0.8]
        title = f"{names[0]} {' '.join(vocabulary.draw(rng, 3))} in {names[1]}"
    else:
        date = (_FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))).isoformat()
        told = []
        title = " ".join(vocabulary.draw(rng, rng.randint(4, 9)))
    title = title[:1].upper() + title[1:]
    words = sum(len(s.split()) for s in told)
    paragraph: list[str] = []
    fresh = iter(lambda: _sentence(rng, vocabulary, names), None)
    # The event's sentences are spread through the article in their order, fresh ones around them.
    queue = list(told)
    while words < target or queue:
        if queue and (rng.random() < 0.4 or words >= target):
            sentence = queue.pop(0)
        else:
            sentence = next(fresh)
            words += len(sentence.split())
        paragraph.append(sentence)
        if len(paragraph) >= rng.randint(2, 5):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    place = rng.choice(_PLACES)
    paragraphs[0] = f"{place}, {dt.date.fromisoformat(date):%B} {int(date[8:])} -- {paragraphs[0]}"
    return GeneratedArticle(index, title, rng.choice(_OUTLETS), date, "\n\n".join(paragraphs), family)


def write_articles(n: int, folder: Path, seed: int = SEED) -> int:
    """Write articles 0..n-1 under `folder`, skipping files already there; returns how many were written."""
    written = 0
    vocabulary = _Vocabulary(random.Random(seed))
    for index in range(n):
        path = folder / f"{index // 1000:03d}" / f"{index:06d}.txt"
        if path.exists():
            continue
        article = make_article(index, vocabulary, seed)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article.text(), encoding="utf-8")
        written += 1
    return written


def import_folder(folder: Path, home: Path) -> None:
    """Import `folder` with the command line, into the library kept in `home` (CYBERREAD_HOME)."""
    import subprocess

    environment = dict(os.environ, CYBERREAD_HOME=str(home))
    subprocess.run([sys.executable, "-m", "cyberread", "add", str(folder)], env=environment, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--import", dest="home", type=Path, metavar="HOME", help="then import into the library in HOME")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    written = write_articles(args.n, args.folder, args.seed)
    print(f"{written} articles written to {args.folder} ({args.n - written} already there)")
    if args.home:
        import_folder(args.folder, args.home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
