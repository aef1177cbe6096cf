"""The words of attribution: the reporting verbs and their forms, the qualifiers that frame what was
said, the titles and roles that describe a speaker, and the names a sentence gives as speaking
("Wang said", "according to Xinhua", "a senior SBU official told Reuters"). quotes.py finds the
quotations and who speaks each; quote_agreement.py compares how two accounts frame them."""

from __future__ import annotations

import re

from ..text.patterns import alternation
from .names import NOT_NAMES

# A reporting verb's forms, each with the verb it is a form of: "said" and "says" frame alike,
# "said" and "claimed" do not.
_VERB_FORMS = {
    "say": "say says said saying",
    "tell": "tell tells told telling",
    "add": "add adds added adding",
    "state": "state states stated stating",
    "claim": "claim claims claimed claiming",
    "admit": "admit admits admitted admitting",
    "concede": "concede concedes conceded conceding",
    "insist": "insist insists insisted insisting",
    "note": "note notes noted noting",
    "stress": "stress stresses stressed stressing",
    "warn": "warn warns warned warning",
    "declare": "declare declares declared declaring",
    "announce": "announce announces announced announcing",
    "argue": "argue argues argued arguing",
    "explain": "explain explains explained explaining",
    "assert": "assert asserts asserted asserting",
    "allege": "allege alleges alleged alleging",
    "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
    "emphasize": "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising",
    "boast": "boast boasts boasted boasting",
    "complain": "complain complains complained complaining",
    "remark": "remark remarks remarked",
    "reply": "reply replies replied replying",
    "write": "write writes wrote writing",
    "urge": "urge urges urged urging",
    "cite": "cite cites cited citing",
    "deny": "deny denies denied denying",
    "confirm": "confirm confirms confirmed confirming",
    "vow": "vow vows vowed vowing",
    "pledge": "pledge pledges pledged pledging",
    "promise": "promise promises promised promising",
    "threaten": "threaten threatens threatened threatening",
    "accuse": "accuse accuses accused accusing",
}
VERBS = {form: verb for verb, forms in _VERB_FORMS.items() for form in forms.split()}
_OBJECT_AFTER = frozenset("tell deny urge warn threaten promise pledge accuse".split())
"""Verbs whose name after them is who is spoken to or of, not who speaks ("denies Getafe", "urged Wang")."""
# Verbs that pass a judgement on what was said; one side using one where the other has none is framing.
LOADED_VERBS = frozenset("claim admit concede insist allege boast complain deny threaten accuse".split())
REPORTING_VERB = re.compile(rf"\b({alternation(VERBS)})\b", re.IGNORECASE)
# quote_agreement._QUALIFIER_ENDS holds the last word of each qualifier: a new one goes there too.
QUALIFIERS = re.compile(
    r"\b(so-called|so called|alleged(?:ly)?|purported(?:ly)?|self-(?:proclaimed|styled)|supposed(?:ly)?|"
    r"notorious|infamous|controversial|disputed|unverified|baseless|unfounded|dubious)\b",
    re.IGNORECASE,
)
# Words that lead a name and say what the person is, not who.
TITLES = frozenset(
    "minister president director secretary chairman chief adviser advisor spokesman spokeswoman spokesperson speaker"
    " ambassador general senator governor mayor premier deputy foreign interior prime".split()
)
# What a person is, as the last word of a description before their name: "said the regional governor,
# Giulia Ferrante", "said chief executive John Smith", "said a local resident, Ana Costa".
_ROLES = TITLES | frozenset(
    "executive officer leader head official commander chair chairwoman founder analyst professor economist"
    " lawyer attorney judge prosecutor envoy representative negotiator colonel captain inspector manager"
    " owner resident witness coach player striker referee doctor nurse teacher farmer worker activist"
    " campaigner researcher scientist engineer journalist diplomat lawmaker legislator politician expert"
    " historian survivor shopkeeper".split()
)
_NAME = r"(?:[A-Z][\w’'-]+)(?:\s+(?:(?:of|the|de|al|bin|van|von)\s+)?[A-Z][\w’'-]+){0,3}"
# "Wang said", "said Wang", "according to Wang", "cited Wang as saying", "Wang, the minister, said",
# "said the regional governor, Giulia Ferrante"
# The verb read once for both forms after it: a third alternative starting with it again made every
# scan of a frame for attributions half as slow again (stray quotation marks: 0.22 s of 100,000 words).
_ATTRIBUTION = re.compile(
    rf"(?:{REPORTING_VERB.pattern}|according to)\s+"
    rf"(?:(?P<after>{_NAME})|(?:(?:the|a|an|its|their|his|her)\s+)?(?:[a-z][\w’'-]*\s+){{0,3}}"
    rf"(?:{alternation(_ROLES)}),?\s+(?P<titled>{_NAME}))"
    rf"|(?P<before>{_NAME})(?:,[^,\"“”]{{1,60}},)?\s+(?:also\s+)?(?!cite)(?:{REPORTING_VERB.pattern})"
)
# A speaker a quotation's frame describes without naming: "a senior SBU official told Reuters", "the
# governor said", "according to the governor of Malatya". The description is the speaker, not whoever
# was named speaking before ("according to Reuters calculations" made Reuters the official's voice).
DESCRIBED = re.compile(
    rf"\b(?P<article>a|an|the)\s+(?P<who>(?:[\w’'-]+\s+){{0,3}}(?:{alternation(_ROLES)}))\b"
    rf"(?=\s+(?:also\s+)?(?:{REPORTING_VERB.pattern}))"
    rf"|(?:{REPORTING_VERB.pattern}|according to)\s+(?P<article_after>a|an|the)\s+"
    rf"(?P<after>(?:[\w’'-]+\s+){{0,3}}(?:{alternation(_ROLES)}))\b",
    re.IGNORECASE,
)
# Any word of a role: the descriptions above are looked for only where one is (their articles, words
# and verbs, tried at every "a" and "the" of every frame, made a text of 4,000 stray quotation marks
# take 1.25 s rather than 0.53).
ROLE_WORD = re.compile(rf"\b{alternation(_ROLES)}\b", re.IGNORECASE)
ROLE_WORD_IN_LOWER = re.compile(rf"\b{alternation(_ROLES)}\b")
# A sentence's subject described, not named: "The interior minister spoke at a press conference."
DESCRIBED_SUBJECT = re.compile(
    rf"(?:^|(?<=[.!?\n]))\s*(?:The|(?P<whose>[A-Z][\w-]*['’]s))\s+"
    rf"(?P<who>(?:[\w’'-]+\s+){{0,3}}?(?:{alternation(_ROLES)}))\b(?!\s+(?:{alternation(_ROLES)})\b)"
)
"""Also whose: "Bavaria's interior minister visited the region", "Celta's coach criticised the referee" (the
first role word that no other follows: the coach, not "coach criticised the referee"; "The Getafe coach")."""
NOT_SPEAKERS = frozenset(
    "he she it they we i you the this that these those his her its their in on at after before but and"
    " however meanwhile also chinese russian american british european"
    # A time before a name begins the sentence, not the name: "Today Casa Morales is the only shop".
    " today yesterday tomorrow tonight now later earlier recently".split()
)
# A name right after one of these is the object of a preposition, not the one speaking.
_OBJECT_OF = re.compile(r"\b(?:of|for|at|in|from|with|by|to)\s+(?:the\s+)?$", re.IGNORECASE)


def without_lead(words: list[str]) -> list[str]:
    """A name's words without the titles and the words that begin its sentence rather than the name
    ("The", "Today", "Minister") before it."""
    while words and (words[0].casefold() in NOT_SPEAKERS or words[0].casefold() in TITLES):
        words = words[1:]
    return words


def named_speakers(text: str) -> list[tuple[int, str]]:
    """Names given as the subject or object of a reporting verb in `text`, with their places."""
    names = []
    for found in _ATTRIBUTION.finditer(text):
        name = found.group("before") or found.group("after") or found.group("titled")
        if not found.group("before") and VERBS.get(found.group().split(None, 1)[0].casefold()) in _OBJECT_AFTER:
            # The name after "told" is who was told: "a senior SBU official told Reuters", "told the
            # governor, Giulia Ferrante"; after "denies", who was denied ("leveller denies Getafe").
            continue
        if found.group("before") and _OBJECT_OF.search(text, max(0, found.start() - 12), found.start()):
            # "director of the Office of the Commission for Foreign Affairs said": the name ends an
            # apposition; the one speaking is the sentence's subject, named earlier.
            continue
        # Nor is a day or a month one who speaks: "an official said Thursday that ..."
        words = without_lead([word for word in name.split() if word.casefold() not in NOT_NAMES])
        if words and words[-1].casefold() not in VERBS:
            names.append((found.start(), " ".join(words)))
    return names


def description(article: str, words: str) -> str:
    """A described speaker as a speaker's name, its article kept: "a senior SBU official", "the governor"
    (a summary says "quotes more of the governor")."""
    return " ".join([article.casefold(), *words.split()])


def attributions(text: str) -> list[str]:
    """The claims `text` attributes to a named speaker, as written ("Wang said", "according to Xinhua")."""
    return [" ".join(found.group().split()) for found in _ATTRIBUTION.finditer(text) if named_speakers(found.group())]
