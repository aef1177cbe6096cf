"""The settings in effect: which config file, read and checked against the app's themes and keys, and
the `config` command that prints them or writes a fresh file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..engine.text.safe import terminal_line
from ..store.config import Config, load_config
from ..store.paths import locations
from .context import CommandError, configured_locations

CONFIG_VARIABLE = "CYBERREAD_CONFIG"


def _config_path(args: argparse.Namespace) -> Path:
    chosen = args.config or os.environ.get(CONFIG_VARIABLE)
    return Path(chosen).expanduser() if chosen else locations().config_file


def load_settings(args: argparse.Namespace) -> Config:
    """The whole config, checked against the app's themes and actions, or a ConfigError: the
    `config --init` command alone runs without one, so that it can write a fresh file."""
    path = _config_path(args)
    if args.command == "config" and args.init:
        return Config()
    if (args.config or os.environ.get(CONFIG_VARIABLE)) and not path.exists():
        raise CommandError(terminal_line(f"{path}: no such config file"))
    return load_config(path, themes=_theme_names, bindings=_bindings, key_name=_key_name)


def _theme_names() -> list[str]:
    from textual.theme import BUILTIN_THEMES

    return list(BUILTIN_THEMES)


def _bindings() -> dict[str, tuple[str, str]]:
    from ..app import binding_catalogue

    return binding_catalogue()


def _key_name(key: str) -> str:
    from ..app import key_name

    return key_name(key)


def run_config(args: argparse.Namespace) -> int:
    from ..app import binding_catalogue
    from ..store.config import render_config
    from ..store.opening import database_url
    from ..store.settings import default_config_text, without_password

    path = _config_path(args)
    if args.init:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as handle:
                handle.write(default_config_text(binding_catalogue(), _theme_names()))
        except FileExistsError:
            raise CommandError(terminal_line(f"{path}: a config file is already there; it was left as it is")) from None
        except OSError as error:
            raise CommandError(terminal_line(f"{path}: cannot write it ({error.strerror or error})")) from None
        print(terminal_line(f"wrote {path}"))
        return 0
    state = "" if path.exists() else " (not there: the defaults are in effect; `cyberread config --init` writes one)"
    print(terminal_line(f"# config file: {path}{state}"))
    # The library the commands use: a PostgreSQL one where an address is set (the variable or the config).
    url = database_url(args.settings.library_url)
    library = without_password(url) if url else configured_locations(args.settings).database
    print(terminal_line(f"# library: {library}"))
    print(render_config(args.settings, binding_catalogue()), end="")
    return 0
