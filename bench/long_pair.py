"""Long pairs of news-like text for the speed benches, made deterministically from the real copy in
the repository (the seeds and tests/eval): an order-2 word chain over their sentences keeps their
typography (curly quotes, "U.S.", "Mr.", datelines, numbers), sentence lengths and word frequencies;
names and numbers are redrawn so that a long text has the long tail of names real copy has.

    .venv/bin/python bench/long_pair.py WORDS_A WORDS_B FOLDER   # writes FOLDER/a.txt, FOLDER/b.txt

Side b reports the same story as side a: it copies 35% of a's sentences verbatim, rewords 30%
(a word in eight swapped for another the chain allows there, a word in ten dropped), leaves the
rest out, adds fresh sentences until it has its length, and shuffles sentences within windows of
eight.
"""

from __future__ import annotations

import random
import re
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from cyberread.engine.ingest.articles import load_article

REPO = Path(__file__).resolve().parents[1]
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|$)")
_END = re.compile(r"[.!?][\"”’)]*$")
_SYLLABLES = "ka lo mi ra ve tan bel dor fen gri hal jun kor lis mar nov pel quin ros sul ter vin wal zor".split()

Chain = dict[tuple[str, str], list[str]]


@lru_cache(maxsize=1)
def _sources() -> tuple[list[list[str]], Chain]:
    paths = sorted((REPO / "seeds").glob("*.txt")) + sorted((REPO / "tests" / "eval").glob("*.txt"))
    sentences: list[list[str]] = []
    for path in paths:
        # The cleaned body: no comment headings or furniture that would end an article early.
        for line in load_article(path).body.splitlines():
            words = line.split()
            if len(words) < 6:
                continue  # headlines, bylines, furniture
            sentence: list[str] = []
            for word in words:
                sentence.append(word)
                if _END.search(word) and len(sentence) >= 4 and word.rstrip('."”’)') not in ("Mr", "Mrs", "Dr", "U.S"):
                    sentences.append(sentence)
                    sentence = []
            if len(sentence) >= 4:
                sentences.append(sentence)
    chain: Chain = defaultdict(list)
    for sentence in sentences:
        padded = ["", "", *sentence, ""]
        for k in range(2, len(padded)):
            chain[padded[k - 2], padded[k - 1]].append(padded[k])
    return sentences, dict(chain)


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: list[str] = []
        self.sentences, self.chain = _sources()

    def _name(self) -> str:
        # New names keep arriving (a long text meets new people), old ones recur Zipf-like.
        if not self.names or self.rng.random() < 0.15:
            self.names.append("".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3))).title())
        rank = min(len(self.names) - 1, int(self.rng.paretovariate(1.0)) - 1)
        return self.names[-1 - rank] if self.rng.random() < 0.5 else self.names[rank]

    def _dress(self, word: str, first: bool) -> str:
        core = word.strip('.,;:"“”’‘()')
        if not first and core[:1].isupper() and core.isalpha() and len(core) > 3 and self.rng.random() < 0.5:
            return word.replace(core, self._name(), 1)
        if any(c.isdigit() for c in core) and self.rng.random() < 0.7:
            return re.sub(r"\d+", lambda m: str(self.rng.randint(2, 99 if len(m.group()) < 3 else 9999)), word)
        return word

    def sentence(self) -> list[str]:
        words: list[str] = []
        state = ("", "")
        while len(words) < 70:
            following = self.chain.get(state)
            if not following:
                break
            word = self.rng.choice(following)
            if not word:
                break
            words.append(word)
            state = (state[1], word)
        if len(words) < 4:
            return self.sentence()
        return [self._dress(w, k == 0) for k, w in enumerate(words)]

    def reword(self, words: list[str]) -> list[str]:
        out: list[str] = []
        for k, word in enumerate(words):
            if k and self.rng.random() < 0.1:
                continue
            if k >= 2 and self.rng.random() < 0.125:
                options = self.chain.get((words[k - 2], words[k - 1]))
                if options:
                    word = self.rng.choice(options) or word
            out.append(word)
        return out


def render(sentences: list[list[str]], rng: random.Random) -> str:
    paragraphs, current = [], []
    for words in sentences:
        current.append(" ".join(words))
        if len(current) >= rng.randint(1, 5):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs) + "\n"


def generate_pair(words_a: int, words_b: int | None = None, seed: int = 11) -> tuple[str, str]:
    """Two bodies of about `words_a` and `words_b` words (b defaults to a's length)."""
    words_b = words_a if words_b is None else words_b
    writer = _Writer(seed)
    a_sentences: list[list[str]] = []
    count = 0
    while count < words_a:
        a_sentences.append(writer.sentence())
        count += len(a_sentences[-1])
    b_sentences: list[list[str]] = []
    count = 0
    for words in a_sentences:
        if count >= words_b:
            break
        roll = writer.rng.random()
        if roll < 0.35:
            b_sentences.append(list(words))
        elif roll < 0.65:
            b_sentences.append(writer.reword(words))
        else:
            continue
        count += len(b_sentences[-1])
    while count < words_b:
        fresh = writer.sentence()
        b_sentences.insert(writer.rng.randrange(len(b_sentences) + 1), fresh)
        count += len(fresh)
    for start in range(0, len(b_sentences), 8):
        window = b_sentences[start : start + 8]
        writer.rng.shuffle(window)
        b_sentences[start : start + 8] = window
    return render(a_sentences, writer.rng), render(b_sentences, writer.rng)


def write_pair(folder: Path, words_a: int, words_b: int | None = None) -> str:
    """`generate_pair` written to a.txt and b.txt in `folder`; says how many words each holds."""
    folder.mkdir(parents=True, exist_ok=True)
    a, b = generate_pair(words_a, words_b)
    (folder / "a.txt").write_text(a, encoding="utf-8")
    (folder / "b.txt").write_text(b, encoding="utf-8")
    return f"pair: {len(a.split()):,} + {len(b.split()):,} words (bench/long_pair.py)"


def main(argv: list[str]) -> int:
    folder = Path(argv[2])
    print(folder, write_pair(folder, int(argv[0]), int(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
