"""The settings a config file may hold, each declared once (table, name, kind, default, bounds, one
sentence), and what is written from those declarations: the commented template `config --init` writes
and the README's table. The [match] settings are MatchSettings' fields, whatever the engine adds."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.align.settings import MatchSettings
from ..engine.ingest.decode import DEFAULT_MAX_BYTES
from ..engine.ingest.policy import FetchPolicy

DEFAULT_THEME = "textual-dark"
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Setting:
    """One setting of the config file, declared once: the template `config --init` writes, the checks a
    file must pass, `cyberread config`'s output and the README's table all come from these."""

    table: str
    """The [table] it sits in; "" for the top level."""
    name: str
    kind: str
    """What a value is, in the user's words: "string", "folder", "number" or "whole number"."""
    default: str | int | float | None
    """The value when the file leaves it out, as written in the file; None when there is none to write."""
    doc: str
    """One sentence for the user."""
    minimum: float | None = None
    maximum: float | None = None
    example: str | None = None
    """For a setting with no default to show: a value as a user might write it."""
    noun: str = ""
    """How a wrong type is refused: "match.min_score must be <noun>, not a string"."""

    @property
    def key(self) -> str:
        return f"{self.table}.{self.name}" if self.table else self.name

    @property
    def bounds(self) -> str:
        return "" if self.minimum is None or self.maximum is None else f"{self.minimum:g} to {self.maximum:g}"


# What each [match] setting means to a user, for MatchSettings fields whose metadata carries no "doc"
# (the engine owns the dataclass; a test checks every field has a sentence here or there).
MATCH_DOCS = {
    "min_score": "How alike two passages must be to count as a match found by its words; higher finds fewer, "
    "closer matches (sentences paired by their place, between or beside strong matches, have gap_score).",
    "min_shared_terms": "The fewest distinct words the two passages of a match must share; two in common is chance "
    "(a figure of two digits or more, such as 83 or 4.6, counts as two).",
    "seed_score": "How alike two clauses must be to start a match, before neighbouring clauses are joined to it.",
    "min_gain": "How much joining a neighbouring clause must raise a match's score for the clause to be added.",
    "trim_share": "A clause at the edge of a match is cut off when less than this share of its words is found "
    "on the other side.",
    "verbatim_score": "Pairs scoring this much count as copies: neighbouring copies join into one match, and "
    "copies are matched even between accounts of different events.",
    "fuzzy_term_ratio": "How alike two spellings must be (Ahmadian, Ahmadiyan) to count as the same word.",
    "fuzzy_min_length": "The fewest letters a word needs before other spellings of it count as the same word.",
    "candidates_per_clause": "How many possible partners in the other account each clause is compared with; "
    "more is slower and may find more.",
    "candidate_shared_terms": "How many words a possible partner must share with a clause to be compared with it.",
    "common_term_share": "Words in more than this share of the clauses (and more than common_term_floor of them) "
    "are too common to look partners up by.",
    "common_term_floor": "Words in no more clauses than this are always used to look partners up.",
    "common_term_ceiling": "Words in more clauses than this are never used to look partners up, however long the "
    "accounts (keeps the work of long comparisons linear).",
    "synonyms": "Count words that WordNet calls synonyms (troops, soldiers) as the same word when only one "
    "account uses each.",
    "gap_sentences": "Between two strong matches, at most this many unmatched sentences on each side are "
    "tried as partners of each other; 0 pairs no sentence by its place (nor those right beside a match).",
    "gap_score": "How alike sentences paired by their place (between two strong matches, or right beside a "
    "reworded one) must be; their place is most of the evidence.",
    "related_anchors": "Two accounts that each name twice this many people, places, dates and figures but share "
    "fewer than this report different events: only copied passages are matched between them.",
    "gap_anchor_score": "How strong the matches on both sides of a gap must be before its sentences are paired.",
}
# Bounds of the whole-number [match] settings (field metadata "minimum"/"maximum" wins); the fractions
# all run from 0 to 1.
MATCH_BOUNDS = {
    "min_shared_terms": (1, 50),
    "fuzzy_min_length": (1, 50),
    "candidates_per_clause": (1, 100),
    "candidate_shared_terms": (1, 50),
    "common_term_floor": (0, 100_000),
    "common_term_ceiling": (1, 100_000),
    "gap_sentences": (0, 20),
    "related_anchors": (0, 1000),
}
_WHOLE_NUMBER_BOUNDS = (0, 100_000)


def _match_settings() -> list[Setting]:
    defaults = MatchSettings()
    found = []
    for spec in dataclasses.fields(MatchSettings):
        whole = spec.type in (int, "int")
        if spec.type in (bool, "bool"):
            found.append(
                Setting(
                    "match",
                    spec.name,
                    "switch",
                    getattr(defaults, spec.name),
                    spec.metadata.get("doc") or MATCH_DOCS.get(spec.name, ""),
                    noun="true or false",
                )
            )
            continue
        low, high = MATCH_BOUNDS.get(spec.name, _WHOLE_NUMBER_BOUNDS if whole else (0, 1))
        found.append(
            Setting(
                "match",
                spec.name,
                "whole number" if whole else "number",
                getattr(defaults, spec.name),
                spec.metadata.get("doc") or MATCH_DOCS.get(spec.name, ""),
                spec.metadata.get("minimum", low),
                spec.metadata.get("maximum", high),
                noun="a whole number" if whole else "a number from 0 to 1",
            )
        )
    return found


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "",
        "theme",
        "string",
        DEFAULT_THEME,
        "The colours: the name of any Textual theme (`cyberread config --init` lists them).",
        noun="a string",
    ),
    Setting(
        "library",
        "folder",
        "folder",
        None,
        "The folder holding library.sqlite3 (by default the user data folder); ~ works, and a relative "
        "path starts at this file's folder.",
        example="~/research/cyberread",
        noun="a folder path as a string",
    ),
    Setting(
        "library",
        "url",
        "string",
        None,
        "A PostgreSQL library a team shares, used instead of library.sqlite3 (`$CYBERREAD_DATABASE_URL` wins "
        "over it); needs `pip install 'cyberread[postgres]'`.",
        example="postgresql://analyst@db.example.org/cyberread",
        noun="a postgresql:// address as a string",
    ),
    Setting(
        "library",
        "max_import_mb",
        "number",
        DEFAULT_MAX_BYTES / MEGABYTE,
        "`cyberread add` refuses larger files (`add --max-size` overrides it once).",
        minimum=1,
        maximum=2048,
        noun="a number of megabytes",
    ),
    Setting(
        "fetch",
        "timeout",
        "number",
        FetchPolicy.timeout,
        "Seconds to wait for a server to connect or send more; a whole page may take twice as long.",
        minimum=0.1,
        maximum=300,
        noun="a number of seconds",
    ),
    Setting(
        "fetch",
        "max_page_mb",
        "number",
        FetchPolicy.max_bytes / MEGABYTE,
        "Pages and feeds larger than this are refused, counted while they arrive.",
        minimum=0.01,
        maximum=200,
        noun="a number of megabytes",
    ),
    Setting(
        "fetch",
        "host_delay",
        "number",
        FetchPolicy.host_delay,
        "Seconds between two requests to one site (never more than one at a time), to be polite.",
        minimum=0,
        maximum=60,
        noun="a number of seconds",
    ),
    Setting(
        "fetch",
        "allow_private_addresses",
        "switch",
        False,
        "Fetch from this machine and private networks too (localhost, 10.x, 192.168.x); off, a page or a "
        "redirect leading there is refused (`--allow-private` allows it once).",
        noun="true or false",
    ),
    Setting(
        "user",
        "name",
        "string",
        None,
        "Your name on the notes you write (by default your login name), for colleagues sharing a library.",
        example="Jane Doe",
        noun="a string",
    ),
    *_match_settings(),
)
TABLES = ("library", "user", "fetch", "match")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
"""How a PostgreSQL address (library.url) begins."""
_PASSWORD = re.compile(r"(//[^/@:]*):[^/@]*@")
_PASSWORD_KEY = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|[^&\s]*)", re.IGNORECASE)
"""A password given as a key: in an address's query (`?password=…`) or a libpq key/value string."""


def without_password(address: str) -> str:
    """A database address as it may be shown: its password, if it holds one, left out (the `user:…@`
    of an address, a `password=` of its query or of a key/value string)."""
    return _PASSWORD_KEY.sub(r"\1…", _PASSWORD.sub(r"\1:…@", address))


def setting_named(table: str, name: str) -> Setting | None:
    return next((s for s in SETTINGS if s.table == table and s.name == name), None)


def by_table() -> list[tuple[str, list[Setting]]]:
    """The declared settings grouped by table, the top level first, in declaration order."""
    return [(table, [s for s in SETTINGS if s.table == table]) for table in ("", *TABLES)]


def toml_value(value: Any) -> str:
    """`value` as TOML writes it; control characters escaped, so a value never breaks the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'
    if isinstance(value, float):
        return repr(round(value, 6)) if value != int(value) else f"{value:.1f}"
    return str(value)


def default_config_text(descriptions: Mapping[str, tuple[str, str]], themes: Collection[str]) -> str:
    """A config file with every setting at its default and commented out, explained for a new user."""
    lines = [
        "# cyberread config. Every setting is commented out at its default: remove the # to change one.",
        "# `cyberread config` prints the settings in effect; a mistake here is reported with its line.",
    ]
    for table, settings in by_table():
        lines += ["", f"[{table}]"] if table else [""]
        for setting in settings:
            bounds = f" From {setting.bounds}." if setting.bounds else ""
            lines.append(f"# {setting.doc}{bounds}")
            if setting.key == "theme":
                lines.append(f"# One of: {', '.join(sorted(themes))}.")
            value = setting.example if setting.default is None else toml_value(setting.default)
            lines.append(f"# {setting.name} = {toml_value(value) if setting.default is None else value}")
    lines += [
        "",
        "[keys]",
        '# Rebind an action by its id. Several keys are separated by commas: "n,ctrl+down".',
        *(f"# {toml_value(i)} = {toml_value(keys)}  # {what}" for i, (keys, what) in sorted(descriptions.items())),
        "",
    ]
    return "\n".join(lines)


def settings_table() -> str:
    """The README's table of settings (Markdown), one row a setting."""
    rows = ["| setting | type | default | what it does |", "|---|---|---|---|"]
    for setting in SETTINGS:
        default = "—" if setting.default is None else f"`{toml_value(setting.default)}`"
        kind = f"{setting.kind}, {setting.bounds}" if setting.bounds else setting.kind
        doc = setting.doc.replace("|", "\\|")
        rows.append(f"| `{setting.key}` | {kind} | {default} | {doc} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # python -m cyberread.store.settings prints the README's table
    print(settings_table(), end="")
