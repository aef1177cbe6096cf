"""`cyberread config`, and every command obeying (or refusing) the config file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cyberread.cli import main
from tests.conftest import configure, seed_path


def write_config(home: Path, text: str) -> Path:
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_prints_the_path_and_the_defaults(cyberread_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert f"# config file: {cyberread_home / 'config.toml'} (not there" in out
    settings = tomllib.loads(out)
    assert settings["theme"] == "textual-dark"
    assert settings["match"]["min_score"] == 0.25
    assert settings["keys"]["compare.next_match"] == "n"
    # A setting with no value says so (an empty [user] table read as a mistake).
    assert "[user]\n# name (not set)\n" in out and "user" in settings
    assert not (cyberread_home / "config.toml").exists()


def test_init_writes_a_commented_file_once(cyberread_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cyberread_home / "config.toml"
    assert main(["config", "--init"]) == 0
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {"library": {}, "user": {}, "fetch": {}, "match": {}, "keys": {}}
    assert "# min_score = 0.25" in text and '# "compare.export" = "x"' in text
    path.write_text('theme = "nord"\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["config", "--init"]) == 1
    assert "already there" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


def test_the_effective_settings_show_what_the_file_changed(cyberread_home: Path, capsys) -> None:
    write_config(cyberread_home, 'theme = "nord"\n[match]\nmin_score = 0.5\n[keys]\n"compare.next_match" = "f"\n')
    assert main(["config"]) == 0
    settings = tomllib.loads(capsys.readouterr().out)
    assert settings["theme"] == "nord" and settings["match"]["min_score"] == 0.5
    assert settings["keys"]["compare.next_match"] == "f" and settings["keys"]["compare.next_left_out"] == "o"


@pytest.mark.parametrize("command", [["config"], ["list"], ["app"], ["add", "x.txt"], ["compare", "a", "b"]])
def test_a_malformed_config_stops_every_command_with_file_and_line(
    cyberread_home: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    path = write_config(cyberread_home, 'theme = "textual-light"\n\n[match]\nmin_scre = 0.3\n')
    assert main(command) == 1
    err = capsys.readouterr().err
    assert err == f"cyberread: {path}:4: unknown setting 'match.min_scre' (did you mean 'min_score'?)\n"
    # Nothing ran: not even the library was made.
    assert not (cyberread_home / "library.sqlite3").exists()


def test_an_unknown_action_or_theme_is_named(cyberread_home: Path, capsys) -> None:
    path = write_config(cyberread_home, '[keys]\n"library.comprae_marked" = "C"\n')
    assert main(["list"]) == 1
    assert (
        f"{path}:2: no action has the id 'library.comprae_marked' (did you mean 'library.compare_marked'?)"
        in capsys.readouterr().err
    )
    write_config(cyberread_home, 'theme = "dracular"\n')
    assert main(["list"]) == 1
    assert "unknown theme 'dracular' (did you mean 'dracula'?)" in capsys.readouterr().err
    write_config(cyberread_home, 'theme = "nope"\n')
    assert main(["list"]) == 1
    error = capsys.readouterr().err
    assert "unknown theme 'nope' (the themes: " in error and "dracula" in error and "nord" in error


def test_a_rebinding_that_clashes_is_refused(cyberread_home: Path, capsys) -> None:
    path = write_config(cyberread_home, '[keys]\n"library.compare_marked" = "s"\n')
    assert main(["config"]) == 1
    assert (
        f"{path}:2: keys.library.compare_marked: 's' is already the key of library.sort (Sort)"
        in capsys.readouterr().err
    )
    write_config(cyberread_home, '[keys]\n"library.compare_marked" = "?"\n')
    assert main(["config"]) == 1
    assert "'question_mark' is already the key of app.keys" in capsys.readouterr().err


def test_config_flag_and_variable_name_another_file(tmp_path: Path, monkeypatch, capsys) -> None:
    other = tmp_path / "elsewhere.toml"
    other.write_text('theme = "gruvbox"\n', encoding="utf-8")
    assert main(["--config", str(other), "config"]) == 0
    assert tomllib.loads(capsys.readouterr().out)["theme"] == "gruvbox"
    monkeypatch.setenv("CYBERREAD_CONFIG", str(other))
    assert main(["config"]) == 0
    assert f"# config file: {other}\n" in capsys.readouterr().out
    assert main(["--config", str(tmp_path / "missing.toml"), "config"]) == 1
    assert "missing.toml: no such config file" in capsys.readouterr().err


def test_the_library_folder_and_import_limit_come_from_the_config(cyberread_home: Path, tmp_path: Path, capsys) -> None:
    write_config(cyberread_home, '[library]\nfolder = "research"\nmax_import_mb = 1\n')
    big = tmp_path / "big.txt"
    big.write_text("Headline\n\n" + ("word " * 200 + "end.\n\n") * 1100, encoding="utf-8")  # 1.1 MB
    assert main(["add", str(big)]) == 1
    assert "big.txt" in capsys.readouterr().err
    assert main(["add", str(seed_path("001"))]) == 0
    assert (cyberread_home / "research" / "library.sqlite3").exists()
    assert not (cyberread_home / "library.sqlite3").exists()
    # --max-size still overrides the config for one import.
    assert main(["add", "--max-size", "2", str(big)]) == 0


def test_the_readme_example_is_a_valid_config(cyberread_home: Path, capsys) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Settings", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    write_config(cyberread_home, example)
    assert main(["config"]) == 0
    settings = tomllib.loads(capsys.readouterr().out)
    assert settings["theme"] == "textual-dark" and settings["keys"]["library.compare_marked"] == "C"


def test_a_library_url_that_is_no_postgresql_address_is_refused_with_its_line(
    cyberread_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was refused only when the library was opened: no file, no line, and only what followed the
    # password ("host/z") shown.
    path = write_config(cyberread_home, '[library]\nurl = "mysql://user:secret@host/z"\n')
    assert main(["list"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"cyberread: {path}:2: library.url must be a PostgreSQL address")
    assert "mysql://user:…@host/z" in error and "secret" not in error


def test_config_names_the_postgresql_library_in_use(
    cyberread_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # It named a library.sqlite3 that the commands do not use.
    monkeypatch.setenv("CYBERREAD_DATABASE_URL", "postgresql://ana:secret@db.example.org/desk")
    assert main(["config"]) == 0
    assert "# library: postgresql://ana:…@db.example.org/desk\n" in capsys.readouterr().out


def test_config_never_prints_the_database_password(cyberread_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The header said the address without it; the settings below printed the file's line whole."""
    configure(cyberread_home, '[library]\nurl = "postgresql://ana:secret@db.example.org/desk"\n')
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "secret" not in out and 'url = "postgresql://ana:…@db.example.org/desk"' in out


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://ana@db.example.org/desk?password=secret&sslmode=disable",
        "postgresql://ana@db.example.org/desk?sslmode=disable&PASSWORD=secret",
    ],
)
def test_a_password_in_the_query_of_the_address_is_never_printed(
    cyberread_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    # `?password=` is as much a password as `ana:secret@`: the header and the settings printed it.
    configure(cyberread_home, f'[library]\nurl = "{address}"\n')
    assert main(["config"]) == 0
    assert "secret" not in capsys.readouterr().out
    monkeypatch.setenv("CYBERREAD_DATABASE_URL", address)
    assert main(["config"]) == 0
    assert "secret" not in capsys.readouterr().out


@pytest.mark.parametrize("address", ["host=127.0.0.1 password=secret", "mysql://ana:secret@host/z"])
def test_an_address_of_another_kind_is_named_as_given_without_its_password(
    cyberread_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    # A libpq key/value string was echoed whole, password and all; "mysql://x:pw@y/z" was named "y/z".
    monkeypatch.setenv("CYBERREAD_DATABASE_URL", address)
    assert main(["db", "info"]) == 1
    error = capsys.readouterr().err
    assert "secret" not in error and "not a PostgreSQL address" in error
    assert error.startswith(f"cyberread: {address.split('secret')[0]}…")
