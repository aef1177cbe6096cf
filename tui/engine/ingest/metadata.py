"""Metadata a page states about its story: title, outlet credits, dates and the dateline. A value the text
does not state is None, never guessed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .clean import is_prose, word_count

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO_DATE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})\b", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE)

# "Updated: 2011-09-30 11:52", "Published on July 25, 2023", "date 2023-07-25 BEIJING ..."
_STAMP_LABEL = r"(?:last\s+)?(?:updated|published|posted|modified|date|dated|released|time)"
_STAMP_LINE = re.compile(rf"^{_STAMP_LABEL}\s*(?:on|at)?\s*[:\-–]?\s*(?P<rest>.{{0,80}})$", re.IGNORECASE)
_STAMP_PREFIX = re.compile(
    rf"^{_STAMP_LABEL}\s*[:\-–]?\s*(?P<date>\d{{4}}-\d{{2}}-\d{{2}}(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)\s+",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(?:source|from|via|credit)\s*:\s*(?P<outlet>[^|]{2,80}?)\s*(?:\|\s*(?P<rest>.*))?$", re.IGNORECASE
)
_CREDIT_LINE = re.compile(r"^[(\[](?P<credit>[^()\[\]]{2,120})[)\]]$")
# A dateline opens a story: an upper-case place, maybe a date and a credit, then a dash or the credit.
# Its letters are any script's ("BOGOTÁ", "GALAȚI"): take_dateline checks they are capitals.
_DATELINE = re.compile(
    r"^(?P<place>[^\W\d_][\w.'’\-]*(?:\s+[^\W\d_][\w.'’\-]*){0,3})"
    rf"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?))??"
    rf"(?:,\s*(?P<when>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}))?"
    r"\s*(?:\((?P<credit>[^()]{2,120})\))?"
    r"\s*(?P<dash>--|—|–|-|:)?\s+"
)
# "(Reporting by Olena Harmash; Editing by Tom Balmforth)": the wire's credit for its staff, not story text.
_STAFF_CREDIT = re.compile(
    r"^[(\[]?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|translated|written)\s+by\s+"
    r"(?P<names>[^;()\[\]]{2,120}?)\s*(?:;[^()\[\]]{0,200})?[)\]]?\.?$",
    re.IGNORECASE,
)
_PERSON = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|da|di|la|le)){0,4}"
_BYLINE = re.compile(rf"^(?i:by)\s+(?P<names>{_PERSON}(?:(?:\s*,\s*|\s+and\s+|\s*&\s*){_PERSON}){{0,4}})\.?$")
# The parts of a Markdown or print byline: "*The Kyiv Independent* · March 14, 2024 · By Jane Doe".
_BYLINE_SEPARATORS = re.compile(r"\s+[·•|—–]\s+|\s+-\s+")
_EMPHASIS = re.compile(r"^([*_]{1,3})(?P<inner>[^*_].*?)\1$")
_NAME_WORD = re.compile(r"^(?:[A-Z0-9][\w.'’&-]*|of|the|and|de|la|du|for|news|&)$")
_HEADLINE_END = re.compile(r"[.!?…;,][\"'”’)\]]*$")


@dataclass
class Metadata:
    """What the text says about itself; each field None until something states it."""

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    dateline: str | None = None
    author: str | None = None

    def fill(self, **values: str | None) -> None:
        """Set the fields still unknown; the first statement found wins."""
        for name, value in values.items():
            if value and getattr(self, name) is None:
                setattr(self, name, value)


def parse_date(text: str) -> str | None:
    """The first real calendar date in `text` as ISO YYYY-MM-DD."""
    candidates: list[tuple[int, int, int, int]] = []
    for match in _ISO_DATE.finditer(text):
        candidates.append((match.start(), int(match[1]), int(match[2]), int(match[3])))
    for match in _DAY_MONTH_YEAR.finditer(text):
        candidates.append((match.start(), int(match[3]), _month(match[2]), int(match[1])))
    for match in _MONTH_DAY_YEAR.finditer(text):
        candidates.append((match.start(), int(match[3]), _month(match[1]), int(match[2])))
    for _, year, month, day in sorted(candidates):
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            continue
    return None


def _month(name: str) -> int:
    return _MONTHS[name.rstrip(".").casefold()]


def parse_credit(credit: str) -> tuple[str | None, str | None]:
    """An outlet credit such as `Xinhua`, `Global Times` or `UrduPoint News / Sputnik - 25th July, 2023`:
    (outlet, date). Not a credit (a parenthetical sentence): (None, None)."""
    credit = credit.strip()
    date = None
    head, dash, tail = credit.rpartition(" - ")
    if dash and (tail_date := parse_date(tail)):
        credit, date = head.strip(), tail_date
    names = [part.strip() for part in re.split(r"\s*/\s*", credit) if part.strip()]
    if not names or not all(_is_name(name) for name in names):
        return None, date
    # "Aggregator / Original": the story is the original outlet's, carried by the aggregator.
    outlet = names[-1] if len(names) == 1 else f"{names[-1]} via {' / '.join(names[:-1])}"
    return outlet, date


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and words[0][:1].isupper() and all(_NAME_WORD.match(w) for w in words)


def take_stated_metadata(lines: list[str], found: Metadata) -> list[str]:
    """Remove the lines that state metadata (source credits, date stamps, outlet credits, bylines, staff
    credits) into `found`."""
    kept = []
    for line in lines:
        if len(line) <= 320 and (credit := _STAFF_CREDIT.match(line)):
            if credit.group(0).lower().lstrip("([ ").startswith(("reporting", "writing", "written")):
                found.fill(author=_people(credit["names"]))
            continue
        if len(line) <= 200 and (byline := _BYLINE.match(_unemphasised(line))):
            found.fill(author=_people(byline["names"]))
            continue
        if len(line) <= 200 and _take_byline_parts(line, found):
            continue
        if len(line) <= 120 and (source := _SOURCE_LINE.match(line)):
            outlet, credit_date = parse_credit(source["outlet"])
            if outlet:
                found.fill(outlet=outlet, date=parse_date(source["rest"] or "") or credit_date)
                continue
        if (stamp := _STAMP_LINE.match(line)) and (date := parse_date(stamp["rest"])):
            found.fill(date=date)
            continue
        if (credit := _CREDIT_LINE.match(line)) and not is_prose(credit["credit"]):
            outlet, credit_date = parse_credit(credit["credit"])
            if outlet:
                found.fill(outlet=outlet, date=credit_date)
                continue
        kept.append(line)
    return kept


def _people(names: str) -> str:
    """`A and B`, `A, B & C` as `A, B, C`."""
    parts = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", names.strip().rstrip("."))
    return ", ".join(part for part in parts if part)


def _unemphasised(text: str) -> str:
    text = text.strip()
    match = _EMPHASIS.match(text)
    return match["inner"].strip() if match else text


def _take_byline_parts(line: str, found: Metadata) -> bool:
    """A line of separated parts that each state the outlet, the date or the author (a Markdown byline such
    as `*The Kyiv Independent* · March 14, 2024`): read into `found`, True. Anything else: False."""
    parts = [part for part in _BYLINE_SEPARATORS.split(line.strip()) if part.strip()]
    if len(parts) < 2:
        return False
    values: dict[str, str] = {}
    for raw in parts:
        part = _unemphasised(raw)
        date = parse_date(part)
        if date and len(re.sub(r"[\d\W]", "", part)) <= 12 and "date" not in values:
            values["date"] = date
        elif (byline := _BYLINE.match(part)) and "author" not in values:
            values["author"] = _people(byline["names"])
        elif _is_name(part) and "outlet" not in values and ("date" in values or raw.strip() != part or len(parts) > 1):
            values["outlet"] = part
        else:
            return False
    if "date" not in values and "author" not in values:
        return False
    found.fill(**values)
    return True


def take_lead_stamp(line: str, found: Metadata) -> str:
    """Strip a date label that opens the story's first line (`date 2023-07-25 BEIJING ...`)."""
    if match := _STAMP_PREFIX.match(line):
        found.fill(date=parse_date(match["date"]))
        return line[match.end() :]
    return line


def take_dateline(paragraph: str, found: Metadata) -> str:
    """Strip the dateline that opens a story (`ST. PETERSBURG, April 24 (Xinhua) -- ...`) into `found`."""
    match = _DATELINE.match(paragraph)
    if not match or not (match["dash"] or match["credit"]):
        return paragraph
    place = match["place"].strip()
    letters = [char for char in place if char.isalpha()]
    # In capitals ("BOGOTÁ, May 21 —"), or a place in title case with a date and a dash after it, as
    # agencies write it ("Cairo, 4 March (MENA) –"): a sentence opening "Smith, 45, said" is neither.
    named = match["when"] and match["dash"] and all(word[:1].isupper() for word in place.split())
    if len(letters) < 3 or not (all(char.isupper() for char in letters) or named) or any(c.isdigit() for c in place):
        return paragraph
    rest = paragraph[match.end() :]
    if not rest[:1].isupper() and rest[:1] not in "\"“‘'":
        return paragraph
    outlet = credit_date = None
    if match["credit"]:
        outlet, credit_date = parse_credit(match["credit"])
        if outlet is None and credit_date is None:
            return paragraph  # a parenthetical that is not a credit: leave the sentence alone
    found.fill(dateline=_place_name(place), outlet=outlet, date=credit_date)
    return rest


def _place_name(place: str) -> str:
    """`ST. PETERSBURG` -> `St. Petersburg`; keeps short all-capital abbreviations such as `UN`."""
    words = []
    for word in place.split():
        if len(word.strip(".")) <= 2 and "." not in word:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def is_headline(line: str) -> bool:
    """A line that reads as a title: short, and not ending as a sentence or a clause does."""
    # The length first: counting the words of a paragraph (a regex over it) is what costs.
    return len(line) <= 220 and 2 <= word_count(line) <= 30 and not _HEADLINE_END.search(line)


TITLE_LIMIT = 100
"""The longest title made from a lead sentence, in characters, its ellipsis aside."""
LEAD_TAIL = ".!?…:;,"
"""What a lead sentence ends with that its title drops."""


def title_from_lead(sentence: str, limit: int = TITLE_LIMIT) -> str:
    """A title made from the story's lead sentence, cut at a word boundary."""
    sentence = sentence.strip().rstrip(LEAD_TAIL)
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    if len(cut) > limit or not cut:
        cut = sentence[:limit]  # one long unbroken word
    return cut + "…"
