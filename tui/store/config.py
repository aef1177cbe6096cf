"""The user's config file: theme, matching thresholds, key rebindings, library folder, import size limit.

A config is read whole and checked whole: any unknown key, wrong type or bad value is a ConfigError naming
the file and line, so cyberread never runs with half a config.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.align.settings import MatchSettings
from ..engine.ingest.decode import DEFAULT_MAX_BYTES

DEFAULT_THEME = "textual-dark"
# A config is a few hundred bytes; anything this size is not one.
MAX_CONFIG_BYTES = 1024 * 1024
MEGABYTE = 1024 * 1024
# A key Textual understands: a character, or a named key with modifiers ("ctrl+shift+left", "f5").
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z0-9_]+|[^\s,])$")


# What the app knows, or a function that finds it: the command line passes functions, so commands
# that never see a [keys] table never import the screens.
Names = Collection[str] | Callable[[], Collection[str]]
# Binding id ("library.sort") -> (its default keys, what it does).
Bindings = Mapping[str, tuple[str, str]]


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
    max_import_bytes: int = DEFAULT_MAX_BYTES
    match: MatchSettings = field(default_factory=MatchSettings)
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
    values: dict[str, Any] = {"source": path}
    for key, value in document.items():
        if key == "theme":
            values["theme"] = checker.theme(value, _names(themes))
        elif key == "library":
            values.update(checker.library(value, path.parent))
        elif key == "match":
            values["match"] = checker.match(value)
        elif key == "keys":
            values["keys"] = checker.keys(value, _names(bindings), key_name)
        else:
            checker.unknown((key,), ("theme", "library", "match", "keys"))
    return Config(**values)


def _names(names: Any) -> Any:
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
        raise self.fail(key, f"unknown setting {name!r}{hint}")

    def table(self, key: tuple[str, ...], value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"{'.'.join(key)} must be a table ([{'.'.join(key)}]), not {_kind(value)}")
        return value

    def theme(self, value: Any, themes: Collection[str] | None) -> str:
        if not isinstance(value, str):
            raise self.fail(("theme",), f"theme must be a string, not {_kind(value)}")
        if themes is not None and value not in themes:
            close = difflib.get_close_matches(value, list(themes), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "`cyberread config` lists the themes"
            raise self.fail(("theme",), f"unknown theme {value!r} ({hint})")
        return value

    def library(self, value: Any, base: Path) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, item in self.table(("library",), value).items():
            where = ("library", key)
            if key == "folder":
                if not isinstance(item, str) or not item.strip():
                    raise self.fail(where, f"library.folder must be a folder path as a string, not {_kind(item)}")
                if "\x00" in item:
                    raise self.fail(where, "library.folder holds a NUL character")
                folder = Path(item).expanduser()
                found["library_folder"] = folder if folder.is_absolute() else base / folder
            elif key == "max_import_mb":
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise self.fail(where, f"library.max_import_mb must be a number of megabytes, not {_kind(item)}")
                if not (0 < item <= 1024 * 1024) or math.isnan(item):
                    raise self.fail(where, f"library.max_import_mb must be above 0 (and sensible), not {item}")
                found["max_import_bytes"] = int(item * MEGABYTE)
            else:
                self.unknown(where, ("folder", "max_import_mb"))
        return found

    def match(self, value: Any) -> MatchSettings:
        types = {f.name: f.type for f in dataclasses.fields(MatchSettings)}
        chosen: dict[str, int | float] = {}
        for key, item in self.table(("match",), value).items():
            where = ("match", key)
            if key not in types:
                self.unknown(where, types)
            wanted = types[key]
            if wanted in (int, "int"):
                if isinstance(item, bool) or not isinstance(item, int):
                    raise self.fail(where, f"match.{key} must be a whole number, not {_kind(item)}")
                if item < 0:
                    raise self.fail(where, f"match.{key} must not be negative, not {item}")
            else:
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise self.fail(where, f"match.{key} must be a number from 0 to 1, not {_kind(item)}")
                if not 0 <= item <= 1:  # also refuses nan
                    raise self.fail(where, f"match.{key} must be from 0 to 1, not {item}")
                item = float(item)
            chosen[key] = item
        return MatchSettings(**chosen)  # type: ignore[arg-type]

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
    lines = [f"theme = {_toml(config.theme)}", "", "[library]"]
    if config.library_folder is not None:
        lines.append(f"folder = {_toml(str(config.library_folder))}")
    lines.append(f"max_import_mb = {_toml(config.max_import_bytes / MEGABYTE)}")
    lines += ["", "[match]"]
    lines += [f"{f.name} = {_toml(getattr(config.match, f.name))}" for f in dataclasses.fields(MatchSettings)]
    lines += ["", "[keys]"]
    for binding_id, (keys, description) in sorted((descriptions or {}).items()):
        lines.append(f"{_toml(binding_id)} = {_toml(config.keys.get(binding_id, keys))}  # {description}")
    for binding_id in sorted(set(config.keys) - set(descriptions or {})):
        lines.append(f"{_toml(binding_id)} = {_toml(config.keys[binding_id])}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'
    if isinstance(value, float):
        return repr(round(value, 6)) if value != int(value) else f"{value:.1f}"
    return str(value)


def default_config_text(descriptions: Mapping[str, tuple[str, str]], themes: Collection[str]) -> str:
    """A config file with every setting at its default and commented out, explained for a new user."""
    defaults = MatchSettings()
    match_lines = [f"# {f.name} = {_toml(getattr(defaults, f.name))}" for f in dataclasses.fields(MatchSettings)]
    key_lines = [f"# {_toml(i)} = {_toml(keys)}  # {what}" for i, (keys, what) in sorted(descriptions.items())]
    theme_names = ", ".join(sorted(themes))
    return "\n".join(
        [
            "# cyberread config. Every setting is commented out at its default: remove the # to change one.",
            "# `cyberread config` prints the settings in effect; a mistake here is reported with its line.",
            "",
            f"# The colours. One of: {theme_names}.",
            f"# theme = {_toml(DEFAULT_THEME)}",
            "",
            "[library]",
            "# The folder holding library.sqlite3 (default: the user data folder). ~ and relative paths work;",
            "# a relative path is taken from this file's folder.",
            '# folder = "~/research/cyberread"',
            "# Files larger than this many megabytes are refused by `cyberread add`.",
            f"# max_import_mb = {_toml(DEFAULT_MAX_BYTES / MEGABYTE)}",
            "",
            "[match]",
            "# How alike two passages must be to count as a match. Scores run from 0 to 1; higher is stricter.",
            *match_lines,
            "",
            "[keys]",
            '# Rebind an action by its id. Several keys are separated by commas: "n,ctrl+down".',
            *key_lines,
            "",
        ]
    )
