"""WordNet synonyms without WordNet: is "blaze" a kind of "fire", "purchase" another word for "buy"?

Two accounts of one story, often independent translations, say the same thing in other words. This
module answers one question about two words — are they the same or one-step-related concepts? —
from a compact table derived from Princeton WordNet 3.0 (``data/wordnet.tsv.gz``, built by
``bench/build_wordnet_table.py``; licence in ``data/WORDNET_LICENSE.txt``). Stdlib only: no nltk,
no downloads; the table is read lazily on first use, once, under a lock.

* :func:`lemmas` — WordNet base forms of a lower-case word: the word itself, an irregular form's
  base (``grew`` -> ``grow``, ``children`` -> ``child``) and WordNet's morphy detachment rules
  (``countries`` -> ``country``), each kept only if the table has it for that part of speech.
* :func:`synsets` — the synsets (integer ids) of those lemmas.
* :func:`concepts` — those synsets plus the synsets one relation away (hypernym/hyponym,
  similar-to, derivation, verb group, also-see). Hub synsets with more than :data:`HUB_CAP`
  neighbours (``act``, ``person``, ``change``...) are neither expanded from nor reached.
* :func:`related` — ``concepts(x) & synsets(y)`` or ``synsets(x) & concepts(y)``: one hop, not
  two. (``concepts(x) & concepts(y)`` would be a two-hop test, under which co-hyponyms such as
  army~navy or car~train meet at their shared hypernym.) Antonyms (rise~fall, buy~sell) are not
  a kept relation, so they never relate.

Function words (:data:`STOP_WORDS`) have no synsets here; very common light verbs
(:data:`LIGHT_WORDS`: make, take, get, go, say...) keep only their few most frequent senses
(:data:`LIGHT_SENSES`) — "said" is still "stated" — and are never expanded, since their dozens of
senses reach half the dictionary.
"""

from __future__ import annotations

import gzip
import threading
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib import resources

__all__ = ["HUB_CAP", "LIGHT_SENSES", "LIGHT_WORDS", "STOP_WORDS", "concepts", "lemmas", "related", "synsets"]

# A synset with more neighbours than this is a hub (WordNet's 99.5th percentile is about 40):
# "act", "person", "change", "move" have hundreds of hyponyms, and going through them relates
# words that merely share a very general kind.
HUB_CAP = 40

# A light verb keeps only its most frequent senses per part of speech ("go" is "die" only in its
# 10th-odd sense; "take" is "film" in its 30th).
LIGHT_SENSES = 3

_TABLE = ("data", "wordnet.tsv.gz")
_HEADER = "#cyberread-wordnet"

# Grammar words: never a concept of their own (several are also WordNet nouns: "a" the vitamin,
# "it" the game, "us" the country, "will" the testament).
_STOP_TEXT = (
    "a about above across after against all also am among an and any are as at be been before being below "
    "between both but by can cannot could did do does doing done down during each either else even ever "
    "every for from had has have having he her here hers herself him himself his how however i if in into "
    "is it its itself may me might mine more most much must my myself neither no nor not of off on once "
    "only onto or other our ours ourselves out over own per shall she should so some such than that the "
    "their theirs them themselves then there these they this those though through thus to too toward "
    "towards under until up upon us very via was we were what whatever when where whether which while who "
    "whom whose why will with within without would yet you your yours yourself yourselves"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())

# Light verbs with dozens of senses: their LIGHT_SENSES most frequent senses only, and same-synset
# matches only, no hop ("said" ~ "stated" holds; "take" does not reach everything a take can be).
_LIGHT_TEXT = (
    "be have do make get take go come give put set say tell see know let keep hold turn run bring "
    "find show call work look want use seem leave try ask need feel become mean"
)
LIGHT_WORDS = frozenset(_LIGHT_TEXT.split())

# Irregular forms -> base forms (WordNet's *.exc lists are not in the source files; these are the
# common ones). Regular -ed/-s forms are left to the detachment rules.
_IRREGULAR_VERBS = """
arise arose arisen|awake awoke awoken|be was were been am is are|bear bore borne born|beat beat beaten|
become became become|begin began begun|bend bent|bet bet|bid bid|bind bound|bite bit bitten|bleed bled|
blow blew blown|break broke broken|breed bred|bring brought|broadcast broadcast|build built|burn burnt|
burst burst|buy bought|cast cast|catch caught|choose chose chosen|cling clung|come came come|cost cost|
creep crept|cut cut|deal dealt|dig dug|dive dove|do did done does|draw drew drawn|dream dreamt|
drink drank drunk|drive drove driven|dwell dwelt|eat ate eaten|fall fell fallen|feed fed|feel felt|
fight fought|find found|flee fled|fling flung|fly flew flown flies|forbid forbade forbidden|
forecast forecast|foresee foresaw foreseen|foretell foretold|forget forgot forgotten|
forgive forgave forgiven|forsake forsook forsaken|freeze froze frozen|get got gotten|give gave given|
go went gone goes|grind ground|grow grew grown|hang hung|have had has|hear heard|hide hid hidden|
hit hit|hold held|hurt hurt|keep kept|kneel knelt|know knew known|lay laid|lead led|lean leant|
leap leapt|learn learnt|leave left|lend lent|let let|lie lay lain|light lit|lose lost|make made|
mean meant|meet met|mislead misled|mistake mistook mistaken|misunderstand misunderstood|
overcome overcame overcome|overhear overheard|override overrode overridden|overrun overran overrun|
oversee oversaw overseen|overtake overtook overtaken|overthrow overthrew overthrown|pay paid|
prove proven|put put|quit quit|read read|rebuild rebuilt|redo redid redone|rid rid|ride rode ridden|
ring rang rung|rise rose risen|run ran run|saw sawn|say said says|see saw seen|seek sought|sell sold|
send sent|set set|sew sewn|shake shook shaken|shed shed|shine shone|shoot shot|show shown|
shrink shrank shrunk|shut shut|sing sang sung|sink sank sunk|sit sat|slay slew slain|sleep slept|
slide slid|sling slung|slit slit|smell smelt|speak spoke spoken|speed sped|spend spent|spill spilt|
spin spun|spit spat|split split|spoil spoilt|spread spread|spring sprang sprung|stand stood|
steal stole stolen|stick stuck|sting stung|stink stank stunk|stride strode stridden|strike struck stricken|
string strung|strive strove striven|swear swore sworn|sweep swept|swell swollen|swim swam swum|
swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|throw threw thrown|
thrust thrust|tread trod trodden|undergo underwent undergone|understand understood|
undertake undertook undertaken|undo undid undone|upset upset|uphold upheld|wake woke woken|
wear wore worn|weave wove woven|weep wept|win won|wind wound|withdraw withdrew withdrawn|
withhold withheld|withstand withstood|wring wrung|write wrote written|
can could|may might|shall should|will would|die dying|lie lying|tie tying|
"""

_IRREGULAR_NOUNS = """
child children|person people persons|man men|woman women|mouse mice|louse lice|foot feet|tooth teeth|
goose geese|ox oxen|life lives|wife wives|knife knives|wolf wolves|leaf leaves|half halves|self selves|
shelf shelves|thief thieves|loaf loaves|calf calves|elf elves|sheaf sheaves|crisis crises|
analysis analyses|thesis theses|hypothesis hypotheses|basis bases|diagnosis diagnoses|
oasis oases|axis axes|parenthesis parentheses|synopsis synopses|emphasis emphases|
criterion criteria|phenomenon phenomena|medium media|datum data|bacterium bacteria|
curriculum curricula|memorandum memoranda|referendum referenda|stratum strata|
millennium millennia|alumnus alumni|fungus fungi|nucleus nuclei|radius radii|stimulus stimuli|
cactus cacti|syllabus syllabi|focus foci|index indices|appendix appendices|matrix matrices|
vertex vertices|formula formulae|antenna antennae|larva larvae|vertebra vertebrae|
genus genera|corpus corpora|die dice|penny pence|chairman chairmen|spokesman spokesmen|
policeman policemen|fireman firemen|fisherman fishermen|businessman businessmen|
congressman congressmen|gunman gunmen|serviceman servicemen|countryman countrymen|
spokeswoman spokeswomen|businesswoman businesswomen|congresswoman congresswomen|
policewoman policewomen
"""

_IRREGULAR_ADJECTIVES = """
good better best|bad worse worst|far farther further farthest furthest|little less least|
many more most|much more most|ill worse worst|well better best|old elder eldest
"""


def _parse_irregular(text: str) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for group in text.replace("\n", "").split("|"):
        forms = group.split()
        if not forms:
            continue
        base = forms[0]
        for form in forms[1:]:
            if form != base:
                table.setdefault(form, [])
                if base not in table[form]:
                    table[form].append(base)
    return {form: tuple(bases) for form, bases in table.items()}


# form -> (part of speech, bases); "saw" is both see's past and a noun/verb of its own.
_IRREGULAR: dict[str, tuple[tuple[str, str], ...]] = {}
for _pos, _text in (("v", _IRREGULAR_VERBS), ("n", _IRREGULAR_NOUNS), ("a", _IRREGULAR_ADJECTIVES)):
    for _form, _bases in _parse_irregular(_text).items():
        _IRREGULAR[_form] = _IRREGULAR.get(_form, ()) + tuple((_pos, b) for b in _bases)

# WordNet morphy's detachment rules, per part of speech (suffix, replacement).
_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
}
_POS = ("n", "v", "a", "r")
_DOUBLING = frozenset({"ed", "ing", "er", "est"})
# The last letters of the detachment rules' suffixes: a word ending otherwise ("blinken99347") has no
# rule to try, and trying the 20 rules on each of 60,000 such words took 0.15 s.
_SUFFIX_ENDS = frozenset(suffix[-1] for rules in _RULES.values() for suffix, _ in rules)


class _Lemmas(Mapping[str, str]):
    """The table's lemma lines (`lemma<TAB>ids`, sorted by lemma) as a mapping lemma -> raw synset ids.

    A comparison asks for a few hundred lemmas (442 for a pair of 14,000 and 87,000 words); making a dict
    of all 83,000 cost 17 ms of the 40 ms the table costs every process that compares. A lemma is looked
    for by bisecting the sorted lines in the text itself, as look(1) does in a sorted file (6 µs); past
    BISECTED lookups (a text of made-up words asks for tens of thousands) the dict is made after all."""

    BISECTED = 2000

    def __init__(self, rows: str) -> None:
        self._rows = rows  # every line ends with a line feed
        self._lookups = 0
        self._all: dict[str, str] | None = None

    def get(self, lemma: str, default: str | None = None) -> str | None:  # type: ignore[override]
        if self._all is None:
            self._lookups += 1
            if self._lookups <= self.BISECTED:
                found = self._bisected(lemma)
                return default if found is None else found
        return self._every().get(lemma, default)

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and self.get(lemma) is not None

    def __getitem__(self, lemma: str) -> str:
        found = self.get(lemma)
        if found is None:
            raise KeyError(lemma)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._every())

    def __len__(self) -> int:
        return len(self._every())

    def _bisected(self, lemma: str) -> str | None:
        rows = self._rows
        low, high = 0, len(rows)  # the line sought, if there, starts in [low, high); low starts a line
        while low < high:
            newline = rows.rfind("\n", low, (low + high) // 2)
            start = low if newline < 0 else newline + 1  # of the line holding the middle
            tab = rows.find("\t", start)
            end = rows.find("\n", tab) + 1
            name = rows[start:tab]
            if name == lemma:
                return rows[tab + 1 : end - 1]
            if name < lemma:
                low = end
            else:
                high = start
        return None

    def _every(self) -> dict[str, str]:
        if self._all is None:
            fields = self._rows[:-1].replace("\n", "\t").split("\t") if self._rows else []
            self._all = dict(zip(fields[::2], fields[1::2], strict=True))
        return self._all


class _Table:
    """The parsed table: lemma -> raw synset ids, synset -> raw neighbour ids, part-of-speech bounds."""

    def __init__(self, text: str) -> None:
        head = text[: text.find("\n")].split("\t")
        if head[0] != _HEADER or head[1] != "1":
            raise ValueError(f"not a cyberread WordNet table (version 1): {text[:60]!r}")
        count = int(head[2])
        starts = dict(part.split(":") for part in head[3].split(","))
        self.starts: list[int] = [int(starts[pos]) for pos in _POS]
        # The header, a line a synset, then the lemma lines in one piece, looked up where they are.
        lines = text.split("\n", count + 1)
        self.near: list[str] = lines[1 : count + 1]
        rows = lines[count + 1].rstrip("\n") if len(lines) > count + 1 else ""
        if rows.count("\t") != (rows.count("\n") + 1 if rows else 0):
            raise ValueError("not a cyberread WordNet table: a lemma line is not one lemma and its ids")
        self.lemma: Mapping[str, str] = _Lemmas(rows + "\n" if rows else "")

    def degree(self, synset: int) -> int:
        """The synset's number of neighbours (read where a word's concepts are: a list of every synset's
        took 5 ms)."""
        raw = self.near[synset]
        return raw.count(",") + 1 if raw else 0

    def pos_of(self, synset: int) -> str:
        return _POS[bisect_right(self.starts, synset) - 1]

    def ids(self, lemma: str) -> tuple[int, ...]:
        raw = self.lemma.get(lemma)
        return tuple(map(int, raw.split(","))) if raw else ()

    def has(self, lemma: str, pos: str) -> bool:
        return any(self.pos_of(s) == pos for s in self.ids(lemma))

    def neighbours(self, synset: int) -> tuple[int, ...]:
        raw = self.near[synset]
        return tuple(map(int, raw.split(","))) if raw else ()


_lock = threading.Lock()
_table: _Table | None = None


def _load() -> _Table:
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                resource = resources.files("cyberread.engine.text").joinpath(*_TABLE)
                _table = _Table(gzip.decompress(resource.read_bytes()).decode("utf-8"))
    return _table


@lru_cache(maxsize=65536)
def lemmas(word: str) -> tuple[str, ...]:
    """WordNet base forms of a lower-case word that the table knows, the word itself first if known."""
    table = _load()
    found: list[str] = []
    if word in table.lemma:
        found.append(word)
    for pos, base in _IRREGULAR.get(word, ()):
        if base not in found and table.has(base, pos):
            found.append(base)
    if word[-1:] not in _SUFFIX_ENDS:
        return tuple(found)
    for pos, rules in _RULES.items():
        for suffix, replacement in rules:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                stem = word[: len(word) - len(suffix)]
                bases = [stem + replacement]
                # A doubled final consonant: "stopped", "running", "bigger" (morphy needs *.exc).
                if not replacement and suffix in _DOUBLING and len(stem) > 2 and stem[-1] == stem[-2]:
                    bases.append(stem[:-1])
                for base in bases:
                    if base not in found and table.has(base, pos):
                        found.append(base)
    return tuple(found)


def may_have_synsets(word: str) -> bool:
    """False only for a word whose `synsets` (and so `concepts`) are empty for certain: one the table
    lacks, with no irregular base, not ending as a suffix does ("blinken99347"). Asked of a text's
    100,000 codes before the lookups themselves, which cost ten times as much."""
    return word in _load().lemma or word in _IRREGULAR or word[-1:] in _SUFFIX_ENDS


@lru_cache(maxsize=65536)
def synsets(word: str) -> frozenset[int]:
    """The synset ids of the word's lemmas; empty for stop words and words WordNet lacks."""
    if word in STOP_WORDS:
        return frozenset()
    table = _load()
    out: set[int] = set()
    for lemma in lemmas(word):
        ids = table.ids(lemma)
        if lemma in LIGHT_WORDS:
            ids = _first_senses(table, ids, LIGHT_SENSES)
        out.update(ids)
    return frozenset(out)


def _first_senses(table: _Table, ids: tuple[int, ...], keep: int) -> tuple[int, ...]:
    """The first `keep` senses per part of speech (ids are stored in sense-frequency order)."""
    seen: dict[str, int] = {}
    out: list[int] = []
    for synset in ids:
        pos = table.pos_of(synset)
        seen[pos] = seen.get(pos, 0) + 1
        if seen[pos] <= keep:
            out.append(synset)
    return tuple(out)


@lru_cache(maxsize=65536)
def concepts(word: str) -> frozenset[int]:
    """The word's synsets and, unless it is a light verb, the non-hub synsets one relation away."""
    own = synsets(word)
    if not own or word in LIGHT_WORDS or any(lemma in LIGHT_WORDS for lemma in lemmas(word)):
        return own
    table = _load()
    out = set(own)
    for synset in own:
        if table.degree(synset) <= HUB_CAP:
            out.update(t for t in table.neighbours(synset) if table.degree(t) <= HUB_CAP)
    return frozenset(out)


def related(x: str, y: str) -> bool:
    """True if two lower-case words share a synset or one of them is one (non-hub) relation from the other."""
    if x == y:
        return bool(synsets(x))
    sx, sy = synsets(x), synsets(y)
    if not sx or not sy:
        return False
    return not sx.isdisjoint(sy) or not concepts(x).isdisjoint(sy) or not sx.isdisjoint(concepts(y))
