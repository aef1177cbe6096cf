"""Generates a library of N realistic news articles as files, deterministically (seeded random), and
optionally imports them into a library folder.

Articles run 200 to 3,000 words (most near 700), have titles, outlets and dates across 15 years. One
article in ten belongs to a family of four reporting the same event: each member repeats some of the
event's sentences word for word, rewords others and adds its own. Article i is the same whatever N is,
so a library of 1,000 is the first 1,000 of a library of 100,000.

The text is set as web pages set it (`--ascii` leaves it plain): curly quotes and apostrophes, en and
em dashes, non-breaking spaces, accented names, the odd replacement character where a page lost one,
and in about one article in 200 a paragraph (one in 1,000: the whole article) of mojibake, UTF-8 read as
Windows-1252 or Latin-1 and saved again. A sentence is set the same way wherever it appears, so the
sentences a family shares stay word for word the same.

    .venv/bin/python bench/make_library.py N FOLDER [--import HOME] [--ascii]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import itertools
import os
import random
import sys
import zlib
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
    damage: str | None = None
    """How the file is damaged, as pages are: "replacement character", "mojibake paragraph" or
    "mojibake" (the whole article); None for none."""

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


def _event(seed: int, family: int, vocabulary: _Vocabulary, typeset: bool = True) -> tuple[list[str], list[str], str]:
    rng = random.Random(f"{seed}-event-{family}")
    names = [w.capitalize() for w in vocabulary.draw(rng, 3)] + [
        "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() for _ in range(2)
    ]
    if typeset:
        names = [accented(name) for name in names]
    sentences = [_sentence(rng, vocabulary, names) for _ in range(rng.randint(10, 18))]
    day = (_FIRST_DAY + dt.timedelta(days=rng.randrange(_DAYS))).isoformat()
    return names, sentences, day


def iter_articles(n: int, seed: int = SEED, typeset: bool = True) -> Iterator[GeneratedArticle]:
    vocabulary = _Vocabulary(random.Random(seed))
    for index in range(n):
        yield make_article(index, vocabulary, seed, typeset)


def make_article(
    index: int, vocabulary: _Vocabulary, seed: int = SEED, typeset: bool = True, damaged: bool = True
) -> GeneratedArticle:
    """Article `index`; with `typeset`, set as a web page sets it (with `damaged`, damaged as some are)."""
    rng = random.Random(f"{seed}-{index}")
    family = index // FAMILY_SPACING if index % FAMILY_SPACING < FAMILY_SIZE else None
    target = _length(rng)
    paragraphs: list[str] = []
    names: list[str] | None = None
    if family is not None:
        names, event, day = _event(seed, family, vocabulary, typeset)
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
    # Typesetting draws from random generators of its own: the words, families and dates are the same
    # with it and without.
    style = (lambda sentence: typeset_sentence(sentence, seed)) if typeset else (lambda sentence: sentence)
    while words < target or queue:
        if queue and (rng.random() < 0.4 or words >= target):
            sentence = queue.pop(0)
        else:
            sentence = next(fresh)
            words += len(sentence.split())
        paragraph.append(sentence)
        if len(paragraph) >= rng.randint(2, 5):
            paragraphs.append(" ".join(map(style, paragraph)))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(map(style, paragraph)))
    place = rng.choice(_PLACES)
    outlet = rng.choice(_OUTLETS)
    page = random.Random(f"{seed}-{index}-page")
    dash = page.choice(_DATELINE_DASHES) if typeset else " -- "
    paragraphs[0] = f"{place}, {dt.date.fromisoformat(date):%B} {int(date[8:])}{dash}{paragraphs[0]}"
    article = GeneratedArticle(index, title, outlet, date, "\n\n".join(paragraphs), family)
    return _damage(article, page) if typeset and damaged else article


# How pages set typography. Everything here is decided by a random generator seeded with the sentence
# (or the article), so it is the same on every run and for every N.
_DATELINE_DASHES = (" — ", " — ", " — ", "\u00a0— ", " – ", " -- ")
_DASHES = (" — ", " — ", "—", "\u00a0— ", " – ")
_CONTRACTIONS = {"was": "wasn’t", "were": "weren’t", "has": "hasn’t", "have": "haven’t", "is": "isn’t", "will": "won’t"}
_SPEAKERS = (
    "José Ramírez",
    "Zoë Laurent",
    "François Dubois",
    "Łukasz Nowak",
    "Søren Møller",
    "Ömer Çelik",
    "Anaïs Lefèvre",
    "Jürgen Groß",
    "Siobhán O’Neill",
    "Zdeněk Šťastný",
    "Ayşe Yılmaz",
    "Đorđe Petrović",
    "Mária Kovács",
    "Raúl Núñez",
    "Björn Ångström",
    "Chloé Bernard",
    "Tomasz Wójcik",
    "Nguyễn Thị Hương",
    "Ana Luísa Conceição",
    "Dário Gonçalves",
    "John Smith",
    "Mary Brown",
    "Wang Yi",
    "Amara Okafor",
    "Priya Natarajan",
    "David Cohen",
    "Olena Harmash",
    "Kenji Watanabe",
    "Fatima Al-Sayed",
    "Thomas Keller",
)
_ROLES = ("an official", "a spokeswoman for the ministry", "a spokesman", "the agency", "one resident", "a diplomat")
_ACCENTS = {
    "a": "áàâäã",
    "e": "éèêë",
    "i": "íîï",
    "o": "óôöøõ",
    "u": "úûü",
    "n": "ñň",
    "c": "çčć",
    "s": "šşś",
    "z": "žźż",
    "l": "ł",
    "r": "ř",
    "g": "ğ",
}


def accented(name: str) -> str:
    """`name` as its own language might spell it: one name in three carries a mark on one letter (never
    the first), the same wherever the name appears."""
    key = zlib.crc32(name.casefold().encode())
    places = [k for k, char in enumerate(name) if k and char in _ACCENTS]
    if key % 3 or not places:
        return name
    k = places[(key >> 4) % len(places)]
    marks = _ACCENTS[name[k]]
    return name[:k] + marks[(key >> 8) % len(marks)] + name[k + 1 :]


def typeset_sentence(sentence: str, seed: int = SEED) -> str:
    """A plain generated sentence as a web page sets it: contractions and possessives with curly
    apostrophes, an aside between dashes, a figure with a range or a unit, a quotation in curly
    quotes with who said it."""
    rng = random.Random(f"{seed}-typeset-{sentence}")
    words = sentence.removesuffix(".").split()
    for k in range(len(words) - 1):
        if words[k] in _CONTRACTIONS and words[k + 1] == "not" and rng.random() < 0.7:
            words[k : k + 2] = [_CONTRACTIONS[words[k]], ""]
        elif words[k] == "it" and words[k + 1] in ("is", "has") and rng.random() < 0.5:
            words[k : k + 2] = ["it’s", ""]
    words = [word for word in words if word]
    names = [k for k, word in enumerate(words) if k and word[:1].isupper() and word.isalpha()]
    speaker = words[names[0]] if names else rng.choice(_SPEAKERS + _ROLES)
    if names and rng.random() < 0.3:
        words[rng.choice(names)] += "’s"
    elif len(words) > 6 and rng.random() < 0.12:
        k = rng.randrange(2, len(words) - 1)
        if words[k].isalpha() and words[k] not in FUNCTION_WORDS:
            words[k] += "’s"
    commas = [k for k, word in enumerate(words[:-1]) if word.endswith(",")]
    if commas and rng.random() < 0.3:
        k = rng.choice(commas)
        dash = rng.choice(_DASHES)
        words[k : k + 2] = [words[k][:-1] + dash + words[k + 1]]
    elif commas and rng.random() < 0.03:
        k = rng.choice(commas)
        words[k] = words[k][:-1] + "…"
    if rng.random() < 0.12:
        words += _figure(rng).split(" ")
    if len(words) > 8 and rng.random() < 0.12:
        # A few words quoted inside the sentence.
        start = rng.randrange(1, len(words) - 4)
        end = min(len(words), start + rng.randint(2, 6))
        quote = "‘{}’" if rng.random() < 0.1 else "“{}”"
        words[start:end] = [quote.format(" ".join(words[start:end]).rstrip(","))]
    text = " ".join(words)
    if rng.random() < 0.15:
        # The whole sentence is what someone said.
        return f"“{text.rstrip(',')},” said {speaker}."
    return text + "."


def _figure(rng: random.Random) -> str:
    year = rng.randint(2008, 2024)
    number = rng.randint(2, 980)
    return rng.choice(
        (
            f"in {year}–{(year + 1) % 100:02d}",
            f"by {number}\u00a0per cent",
            f"over {number}–{number + rng.randint(2, 40)} km",
            f"at {number}\u00a0km",
            f"worth €{number}\u00a0million",
            f"worth £{number}m",
            f"at {rng.randint(-10, 42)}°C",
            f"of {number},{rng.randint(0, 999):03d} people",
        )
    )


# What Windows-1252 makes of bytes 0x80-0x9f; its five unassigned ones pass through as C1 controls, as
# browsers and most converters let them.
_CP1252 = {byte: char for byte in range(0x80, 0xA0) if (char := bytes([byte]).decode("cp1252", errors="ignore"))}


def mojibake(text: str, kind: str = "windows-1252") -> str:
    """`text` after one trip through software that took its UTF-8 for Windows-1252 (`’` becomes `â€™`),
    for Latin-1 (C1 controls in it), or for Windows-1252 losing the unassigned bytes (`”` becomes
    `â€�`)."""
    data = text.encode("utf-8").decode("latin-1")
    if kind == "latin-1":
        return data
    misread = data.translate(_CP1252)
    if kind == "lossy":
        return "".join("\ufffd" if 0x80 <= ord(char) < 0xA0 else char for char in misread)
    return misread


def _damage(article: GeneratedArticle, page: random.Random) -> GeneratedArticle:
    """Some pages come damaged: a character lost to a replacement character, a paragraph or the whole
    text read in the wrong encoding before it was saved again."""
    roll = page.random()
    kind = page.choice(("windows-1252", "windows-1252", "windows-1252", "latin-1", "lossy"))
    if roll < 0.001:
        return dataclasses.replace(
            article, title=mojibake(article.title, kind), body=mojibake(article.body, kind), damage="mojibake"
        )
    if roll < 0.005:
        paragraphs = article.body.split("\n\n")
        k = page.randrange(len(paragraphs))
        paragraphs[k] = mojibake(paragraphs[k], kind)
        return dataclasses.replace(article, body="\n\n".join(paragraphs), damage="mojibake paragraph")
    if roll < 0.03:
        spots = [k for k, char in enumerate(article.body) if char in "’”é"] or [article.body.find(" ")]
        k = page.choice(spots)
        body = article.body[:k] + "\ufffd" + article.body[k + 1 :]
        return dataclasses.replace(article, body=body, damage="replacement character")
    return article


def write_articles(n: int, folder: Path, seed: int = SEED, typeset: bool = True) -> int:
    """Write articles 0..n-1 under `folder`, skipping files already there; returns how many were written."""
    written = 0
    vocabulary = _Vocabulary(random.Random(seed))
    for index in range(n):
        path = folder / f"{index // 1000:03d}" / f"{index:06d}.txt"
        if path.exists():
            continue
        article = make_article(index, vocabulary, seed, typeset)
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
    parser.add_argument("--ascii", action="store_true", help="plain ASCII text, as the generator wrote before")
    args = parser.parse_args()
    written = write_articles(args.n, args.folder, args.seed, typeset=not args.ascii)
    print(f"{written} articles written to {args.folder} ({args.n - written} already there)")
    if args.home:
        import_folder(args.folder, args.home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
