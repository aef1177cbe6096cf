"""The user's config file: theme, matching thresholds, key rebindings, library folder, import size limit.

A config is read whole and checked whole: any unknown key, wrong type or bad value is a ConfigError naming
the file and line, so cyberread never runs with half a config. Each setting is declared once (SETTINGS, in
settings.py): the template `config --init` writes, the checks, `cyberread config`'s output and the README's
table all come from that declaration.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..engine.align.settings import MatchSettings
from ..engine.ingest.decode import DEFAULT_MAX_BYTES
from ..engine.ingest.policy import FetchPolicy
from .settings import (
    DEFAULT_THEME,
    MEGABYTE,
    POSTGRES_SCHEMES,
    SETTINGS,
    TABLES,
    Setting,
    by_table,
    setting_named,
    toml_value,
    without_password,
)

# A config is a few hundred bytes; anything this size is not one.
MAX_CONFIG_BYTES = 1024 * 1024
# A key Textual understands: a character, or a named key with modifiers ("ctrl+shift+left", "f5").
# A key as Textual names it: modifiers, each at most once, then one character, a function key up to
# f24, a named key, or a character's name ("question_mark"). "ctrl+qq" and "f99" are no keys, and were
# taken: ctrl+q then quit nothing.
_NAMED_KEYS = (
    "up|down|left|right|home|end|pageup|pagedown|insert|delete|backspace|tab|enter|return|escape|space"
    "|f(?:[1-9]|1[0-9]|2[0-4])"
    # Characters Textual names with one word (the others' names hold an underscore).
    "|ampersand|apostrophe|asterisk|at|backslash|colon|comma|minus|plus|semicolon|slash|tilde|underscore"
)
_KEY = re.compile(
    r"^(?!.*\b(ctrl|shift|alt|meta|super|hyper)\+.*\b\1\+)(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*"
    rf"(?:{_NAMED_KEYS}|[a-z]+(?:_[a-z]+)+|[^\s,])$"
)


# What the app knows, or a function that finds it: the command line passes functions, so commands
# that never see a [keys] table never import the screens.
Names = Collection[str] | Callable[[], Collection[str]]
# Binding id ("library.sort") -> (its default keys, what it does).
Bindings = Mapping[str, tuple[str, str]]
Known = TypeVar("Known", Collection[str], Bindings)
# A setting's value as the file gives it, once checked.
SettingValue = str | int | float


class ConfigError(Exception):
    """A config file that cannot be used, as one line: `file:line: what is wrong`."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Config:
    """Settings from the config file, or the defaults for those it leaves out."""

    theme: str = DEFAULT_THEME
    # Where the library database lives; None: the data folder (platformdirs, or $CYBERREAD_HOME).
    library_folder: Path | None = None
    # A PostgreSQL library shared by a team; None: the SQLite file in library_folder.
    library_url: str | None = None
    # Who notes written here are by; None: the login name.
    user_name: str | None = None
    max_import_bytes: int = DEFAULT_MAX_BYTES
    match: MatchSettings = field(default_factory=MatchSettings)
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    # Binding id ("compare.next_match") -> keys ("n,ctrl+down"), applied as Textual's keymap.
    keys: Mapping[str, str] = field(default_factory=dict)
    # The file these came from; None when there was none.
    source: Path | None = None


def load_config(
    path: Path,
    *,
    themes: Names | None = None,
    bindings: Bindings | Callable[[], Bindings] | None = None,
    key_name: Callable[[str], str] = str,
) -> Config:
    """The config in `path` (defaults when there is no such file), checked against the theme names and
    key bindings the app has, when given; `key_name` turns a key as written ("?") into the app's name
    for it ("question_mark"). Raises ConfigError on anything it cannot use."""
    try:
        if not path.exists():
            return Config()
        if not path.is_file():
            raise ConfigError(path, "not a file")
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(path, f"larger than {MAX_CONFIG_BYTES // 1024} KB; this is not a config file")
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(path, f"cannot read it: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(path, "not UTF-8 text", line) from None
    return parse_config(text, path, themes=themes, bindings=bindings, key_name=key_name)


def parse_config(
    text: str,
    path: Path,
    *,
    themes: Names | None = None,
    bindings: Bindings | Callable[[], Bindings] | None = None,
    key_name: Callable[[str], str] = str,
) -> Config:
    """The Config that the TOML `text` (read from `path`) describes."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(path, text, error) from None
    checker = _Checker(path, text)
    chosen: dict[Setting, SettingValue] = {}
    keys: dict[str, str] = {}
    for key, value in document.items():
        if key == "keys":
            keys = checker.keys(value, _names(bindings), key_name)
        elif key in TABLES:
            for name, item in checker.table((key,), value).items():
                setting = setting_named(key, name)
                if setting is None:
                    checker.unknown((key, name), [s.name for s in SETTINGS if s.table == key])
                else:
                    chosen[setting] = checker.value(setting, item)
        elif (setting := setting_named("", key)) is not None:
            chosen[setting] = checker.value(setting, value)
        else:
            checker.unknown((key,), [s.name for s in SETTINGS if not s.table] + [*TABLES, "keys"])
    return _config(chosen, keys, path, _names(themes), checker)


def _config(
    chosen: Mapping[Setting, SettingValue],
    keys: dict[str, str],
    path: Path,
    themes: Collection[str] | None,
    checker: _Checker,
) -> Config:
    """The Config the checked values describe, in the units the program works in."""
    values: dict[str, Any] = {"source": path, "keys": keys}
    match: dict[str, SettingValue] = {}
    fetch: dict[str, Any] = {}
    for setting, value in chosen.items():
        if setting.table == "match":
            match[setting.name] = value
        elif setting.key == "fetch.max_page_mb":
            fetch["max_bytes"] = int(float(value) * MEGABYTE)
        elif setting.key == "fetch.allow_private_addresses":
            fetch["allow_private"] = value
        elif setting.table == "fetch":
            fetch[setting.name] = value
        elif setting.key == "theme":
            values["theme"] = checker.theme(value, themes)
        elif setting.key == "library.folder":
            folder = Path(str(value)).expanduser()
            values["library_folder"] = folder if folder.is_absolute() else path.parent / folder
        elif setting.key == "library.url":
            values["library_url"] = checker.database_url(str(value))
        elif setting.key == "user.name":
            values["user_name"] = str(value)
        elif setting.key == "library.max_import_mb":
            values["max_import_bytes"] = int(float(value) * MEGABYTE)
        else:  # a declared setting the program does not read would be a silent no-op
            raise AssertionError(f"setting {setting.key} is declared but not read")
    # The fields are found by name at run time (dataclasses.fields), each value checked against its kind:
    # nothing a type checker can follow.
    settings = MatchSettings(**match)  # type: ignore[arg-type]
    return Config(match=settings, fetch=FetchPolicy(**fetch), **values)


def _names(names: Known | Callable[[], Known] | None) -> Known | None:
    return names() if callable(names) else names


def _syntax_error(path: Path, text: str, error: tomllib.TOMLDecodeError) -> ConfigError:
    message = str(error)
    found = re.search(r"\(at line (\d+), column \d+\)$", message)
    if found:
        return ConfigError(path, f"not valid TOML: {message[: found.start()].strip()}", int(found.group(1)))
    if message.endswith("(at end of document)"):
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        return ConfigError(
            path, f"not valid TOML: {message.removesuffix('(at end of document)').strip()} at the end", line
        )
    return ConfigError(path, f"not valid TOML: {message}")


class _Checker:
    """Checks the values of one parsed document, reporting each problem at its line in the source."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = _key_lines(text)

    def fail(self, key: tuple[str, ...], message: str) -> ConfigError:
        return ConfigError(self.path, message, self.line_of(key))

    def line_of(self, key: tuple[str, ...]) -> int | None:
        # The key's own line, else the line of the nearest table that holds it.
        for length in range(len(key), 0, -1):
            if key[:length] in self.lines:
                return self.lines[key[:length]]
        return None

    def unknown(self, key: tuple[str, ...], known: Collection[str]) -> None:
        name = ".".join(key)
        close = difflib.get_close_matches(key[-1], list(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(sorted(known))})"
        if len(key) == 2 and key[0] == key[1]:
            # "match.min_score = 0.3" written under [match]: the table named twice.
            hint = f" (under [{key[0]}], write each setting's name without '{key[0]}.')"
        raise self.fail(key, f"unknown setting {name!r}{hint}")

    def table(self, key: tuple[str, ...], value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"{'.'.join(key)} must be a table ([{'.'.join(key)}]), not {_kind(value)}")
        return value

    def database_url(self, value: str) -> str:
        """A PostgreSQL address, refused here, with the file and line, rather than when the library is
        opened (where the error named neither, and showed only what followed the password)."""
        if value and not value.startswith(POSTGRES_SCHEMES):
            raise self.fail(
                ("library", "url"),
                "library.url must be a PostgreSQL address (postgresql://USER@HOST/DATABASE),"
                f" not {without_password(value)!r}",
            )
        return value

    def theme(self, value: Any, themes: Collection[str] | None) -> str:
        if not isinstance(value, str):
            raise self.fail(("theme",), f"theme must be a string, not {_kind(value)}")
        if themes is not None and value not in themes:
            close = difflib.get_close_matches(value, list(themes), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"the themes: {', '.join(sorted(themes))}"
            raise self.fail(("theme",), f"unknown theme {value!r} ({hint})")
        return value

    def value(self, setting: Setting, item: Any) -> SettingValue:
        """`item` checked against the setting's kind and bounds; numbers of a fractional kind as floats."""
        where = tuple(part for part in (setting.table, setting.name) if part)
        if setting.kind in ("string", "folder"):
            if not isinstance(item, str):
                raise self.fail(where, f"{setting.key} must be {setting.noun}, not {_kind(item)}")
            if setting.kind == "folder" and not item.strip():
                raise self.fail(where, f"{setting.key} must name a folder, not be empty")  # "…, not a string"
            if "\x00" in item:
                raise self.fail(where, f"{setting.key} holds a NUL character")
            if setting.key == "user.name" and not item.isprintable():
                # The name goes on every note and verdict a desk shares, into exports and terminals.
                raise self.fail(where, f"{setting.key} holds a control character ({item!r})")
            if setting.key == "user.name" and not item.strip():
                # Notes by "  " are by nobody a colleague can tell, or find with `author:`.
                raise self.fail(where, f"{setting.key} is blank: give your name, or leave it out for your login name")
            return item.strip() if setting.key == "user.name" else item
        if setting.kind == "switch":
            if not isinstance(item, bool):
                raise self.fail(where, f"{setting.key} must be {setting.noun}, not {_kind(item)}")
            return item
        whole = setting.kind == "whole number"
        if isinstance(item, bool) or not isinstance(item, int if whole else (int, float)):
            raise self.fail(where, f"{setting.key} must be {setting.noun}, not {_kind(item)}")
        low, high = setting.minimum, setting.maximum
        if low is not None and high is not None and not low <= item <= high:  # also refuses nan
            raise self.fail(where, f"{setting.key} must be from {setting.bounds}, not {item}")
        return item if whole else float(item)

    def keys(self, value: Any, bindings: Bindings | None, key_name: Callable[[str], str]) -> dict[str, str]:
        keymap: dict[str, str] = {}
        for binding_id, keys in self.table(("keys",), value).items():
            where = ("keys", binding_id)
            if bindings is not None and binding_id not in bindings:
                close = difflib.get_close_matches(binding_id, list(bindings), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "`cyberread config` lists them"
                raise self.fail(where, f"no action has the id {binding_id!r} ({hint})")
            if not isinstance(keys, str):
                raise self.fail(
                    where, f'keys.{binding_id} must be a string of keys such as "n" or "ctrl+down,j", not {_kind(keys)}'
                )
            parts = [part.strip() for part in keys.split(",")]
            bad = next((part for part in parts if not _KEY.match(part)), None)
            if bad is not None:
                raise self.fail(
                    where,
                    f'keys.{binding_id}: {bad!r} is not a key (write keys like "n", "N", "ctrl+n", "f5", "space")',
                )
            keymap[binding_id] = ",".join(parts)
        if bindings is not None:
            self.clashes(keymap, bindings, key_name)
        return keymap

    def clashes(self, keymap: Mapping[str, str], bindings: Bindings, key_name: Callable[[str], str]) -> None:
        """Refuse a rebinding that gives a key to two actions of one screen (or to a screen's action and
        an app-wide one): which of them the key would run is not something a user should have to guess."""
        effective = {
            binding_id: {key_name(key.strip()) for key in keymap.get(binding_id, default).split(",")}
            for binding_id, (default, _) in bindings.items()
        }
        for rebound in keymap:
            for other, keys in effective.items():
                if other == rebound or not _share_a_screen(rebound, other):
                    continue
                shared = sorted(effective[rebound] & keys)
                if shared:
                    raise self.fail(
                        ("keys", rebound),
                        f"keys.{rebound}: {shared[0]!r} is already the key of {other} ({bindings[other][1]});"
                        f" give {other} another key too, or choose a free one",
                    )


def _share_a_screen(first: str, second: str) -> bool:
    """Whether two binding ids can answer the same key press: one screen's ("library.sort",
    "library.mark"), or any screen's and the app's own ("app.notes")."""
    scopes = {first.partition(".")[0], second.partition(".")[0]}
    return len(scopes) == 1 or "app" in scopes


def _kind(value: Any) -> str:
    names = {
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "a table",
    }
    return names.get(type(value), type(value).__name__)


_KEY_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')


def _dotted(key: str) -> tuple[str, ...]:
    return tuple(quoted or literal or bare for quoted, literal, bare in _KEY_PART.findall(key))


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line of every table header and key assignment in `text`, by full key path. A plain line scan:
    enough to point at the line a user wrote, without a second TOML parser."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$", line)
        if header:
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        assignment = re.match(r"""\s*((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\- ]+?)+)\s*=""", line)
        if assignment:
            lines.setdefault(table + _dotted(assignment.group(1)), number)
    return lines


def render_config(config: Config, descriptions: Mapping[str, tuple[str, str]] | None = None) -> str:
    """The effective settings as TOML, in the file's own layout. `descriptions` maps binding ids to
    (default keys, what the action does), listed under [keys] so a user can see what to rebind."""
    effective: dict[str, Any] = {
        "theme": config.theme,
        "library.folder": None if config.library_folder is None else str(config.library_folder),
        # Shown as the header shows it: the output is what a user pastes when asking for help.
        "library.url": None if config.library_url is None else without_password(config.library_url),
        "library.max_import_mb": config.max_import_bytes / MEGABYTE,
        "user.name": config.user_name,
        "fetch.timeout": config.fetch.timeout,
        "fetch.max_page_mb": config.fetch.max_bytes / MEGABYTE,
        "fetch.host_delay": config.fetch.host_delay,
        "fetch.allow_private_addresses": config.fetch.allow_private,
    }
    effective |= {f"match.{f.name}": getattr(config.match, f.name) for f in dataclasses.fields(MatchSettings)}
    lines: list[str] = []
    for table, settings in by_table():
        lines += ["", f"[{table}]"] if table else []
        # A setting with no value shows as not set, not as nothing: "[user]" alone read as a mistake.
        lines += [
            f"# {s.name} (not set)" if effective[s.key] is None else f"{s.name} = {toml_value(effective[s.key])}"
            for s in settings
        ]
    lines += ["", "[keys]"]
    for binding_id, (keys, description) in sorted((descriptions or {}).items()):
        lines.append(f"{toml_value(binding_id)} = {toml_value(config.keys.get(binding_id, keys))}  # {description}")
    for binding_id in sorted(set(config.keys) - set(descriptions or {})):
        lines.append(f"{toml_value(binding_id)} = {toml_value(config.keys[binding_id])}")
    return "\n".join(lines) + "\n"
