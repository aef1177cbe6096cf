"""The config file: what it sets, and how each mistake in it is reported (file, line, what is wrong)."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.decode import DEFAULT_MAX_BYTES
from cyberread.store.config import Config, ConfigError, load_config, parse_config, render_config
from cyberread.store.settings import MATCH_DOCS, SETTINGS, default_config_text, settings_table

README = Path(__file__).resolve().parents[2] / "README.md"

THEMES = ("textual-dark", "textual-light", "nord", "gruvbox")
IDS = {
    "compare.next_match": ("n", "Next match"),
    "compare.next_left_out": ("o", "Next left out"),
    "library.compare": ("c", "Compare marked"),
    "library.filter": ("slash", "Filter"),
    "library.sort": ("s", "Sort"),
    "app.quit": ("ctrl+q", "Quit"),
    "app.keys": ("question_mark", "Keys"),
}
KEY_NAMES = {"/": "slash", "?": "question_mark"}


def parse(text: str) -> Config:
    return parse_config(
        text,
        Path("/home/ana/.config/cyberread/config.toml"),
        themes=THEMES,
        bindings=IDS,
        key_name=lambda key: KEY_NAMES.get(key, key),
    )


def error_of(text: str) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    return caught.value


def test_a_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "config.toml")
    assert config == Config()
    assert config.theme == "textual-dark" and config.max_import_bytes == DEFAULT_MAX_BYTES
    assert config.match == MatchSettings() and not config.keys and config.library_folder is None


def test_every_setting_is_read() -> None:
    config = parse(
        """
theme = "textual-light"

[library]
folder = "~/research/lib"
max_import_mb = 2.5

[match]
min_score = 0.4
min_shared_terms = 5

[keys]
"compare.next_match" = "f, ctrl+down"
"""
    )
    assert config.theme == "textual-light"
    assert config.library_folder == Path("~/research/lib").expanduser()
    assert config.max_import_bytes == int(2.5 * 1024 * 1024)
    assert config.match.min_score == 0.4 and config.match.min_shared_terms == 5
    assert config.match.seed_score == MatchSettings().seed_score
    assert config.keys == {"compare.next_match": "f,ctrl+down"}


def test_a_relative_library_folder_is_taken_from_the_config_folder() -> None:
    config = parse('[library]\nfolder = "lib"\n')
    assert config.library_folder == Path("/home/ana/.config/cyberread/lib")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('theme = "textual-dark"\ncolour = "red"\n', 2, "unknown setting 'colour'"),
        ('theme = "nrod"\n', 1, "did you mean 'nord'"),
        ("theme = 3\n", 1, "theme must be a string, not a whole number"),
        (
            "\n[match]\nmin_score = 0.3\nmin_scor = 0.2\n",
            4,
            "unknown setting 'match.min_scor' (did you mean 'min_score'?)",
        ),
        ('[match]\nmin_score = "high"\n', 2, "match.min_score must be a number from 0 to 1, not a string"),
        ("[match]\nmin_score = 1.5\n", 2, "must be from 0 to 1, not 1.5"),
        ("[match]\nmin_score = nan\n", 2, "must be from 0 to 1"),
        ("[match]\nmin_shared_terms = 2.5\n", 2, "must be a whole number, not a number"),
        ("[match]\nmin_shared_terms = true\n", 2, "must be a whole number, not true/false"),
        ("[match]\nmin_shared_terms = -1\n", 2, "match.min_shared_terms must be from 1 to 50, not -1"),
        ("[match]\ncandidates_per_clause = 1000\n", 2, "must be from 1 to 100, not 1000"),
        ("match = 3\n", 1, "match must be a table"),
        ("[library]\nmax_import_mb = 0\n", 2, "library.max_import_mb must be from 1 to 2048, not 0"),
        ("[library]\nmax_import_mb = 4096\n", 2, "must be from 1 to 2048, not 4096"),
        ("[library]\nmax_import_mb = inf\n", 2, "must be from 1 to 2048, not inf"),
        ('[library]\nfolder = ""\n', 2, "library.folder must name a folder, not be empty"),
        ('[user]\nname = "Eve \\u001b[31m"\n', 2, "user.name holds a control character ('Eve \\x1b[31m')"),
        # Notes by "  " are by nobody a colleague can tell apart or find; "" fell back to the login name.
        ('[user]\nname = "  "\n', 2, "user.name is blank: give your name, or leave it out for your login name"),
        ('[user]\nname = ""\n', 2, "user.name is blank"),
        ('[library]\nmax_import_mb = "50"\n', 2, "must be a number of megabytes, not a string"),
        ("[library]\nfolder = 7\n", 2, "must be a folder path as a string"),
        ('[library]\nplace = "x"\n', 2, "unknown setting 'library.place'"),
        ('[keys]\n"compare.next_mach" = "n"\n', 2, "did you mean 'compare.next_match'"),
        ('[keys]\n"compare.next_match" = 5\n', 2, "must be a string of keys"),
        ('[keys]\n"compare.next_match" = "ctrl + n"\n', 2, "'ctrl + n' is not a key"),
        ('[keys]\n"compare.next_match" = ""\n', 2, "'' is not a key"),
        # The table named twice: "unknown setting 'match.match'" said nothing more.
        ("[match]\nmatch.min_score = 0.3\n", 1, "under [match], write each setting's name without 'match.'"),
        # Keys no keyboard sends, which were taken (and ctrl+q then quit nothing).
        ('[keys]\n"app.quit" = "ctrl+qq"\n', 2, "'ctrl+qq' is not a key"),
        ('[keys]\n"app.quit" = "f99"\n', 2, "'f99' is not a key"),
        ('[keys]\n"app.quit" = "ctrl+ctrl+q"\n', 2, "'ctrl+ctrl+q' is not a key"),
        ('theme = "nord"\n[match\nmin_score = 0.3\n', 2, "not valid TOML"),
        ('theme = "nord\n', 1, "not valid TOML"),
        ("[match]\nmin_score = 0.3\nmin_score = 0.4\n", 3, "not valid TOML"),
        ("theme = [\n", 1, "not valid TOML"),
        ('[keys]\n"library.compare" = "s"\n', 2, "'s' is already the key of library.sort (Sort)"),
        ('[keys]\n"library.compare" = "/"\n', 2, "'slash' is already the key of library.filter"),
        ('[keys]\n"app.quit" = "x"\n"library.compare" = "x"\n', 2, "'x' is already the key of library.compare"),
        ('[keys]\n"app.quit" = "n"\n', 2, "'n' is already the key of compare.next_match"),
    ],
)
def test_each_mistake_is_reported_with_its_file_and_line(text: str, line: int, words: str) -> None:
    error = error_of(text)
    assert error.line == line
    assert words in error.message
    assert str(error).startswith(f"/home/ana/.config/cyberread/config.toml:{line}: ")
    assert "\n" not in str(error)


def test_keys_may_be_swapped_and_reused_on_other_screens() -> None:
    config = parse('[keys]\n"library.compare" = "s"\n"library.sort" = "c"\n"compare.next_match" = "c"\n')
    assert config.keys == {"library.compare": "s", "library.sort": "c", "compare.next_match": "c"}


def test_a_dotted_key_is_reported_at_its_own_line() -> None:
    error = error_of('theme = "nord"\n\nmatch.min_score = 7\n')
    assert error.line == 3


def test_the_file_itself_can_be_wrong(tmp_path: Path) -> None:
    folder = tmp_path / "config.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="not a file"):
        load_config(folder)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'theme = "nord"\n\xff\xfe\x00junk')
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        load_config(binary)
    assert caught.value.line == 2
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"#" * (2 * 1024 * 1024))
    with pytest.raises(ConfigError, match="not a config file"):
        load_config(huge)


def test_the_default_file_is_valid_and_changes_nothing(tmp_path: Path) -> None:
    text = default_config_text(IDS, THEMES)
    assert parse(text) == Config(source=Path("/home/ana/.config/cyberread/config.toml"))
    # Uncommenting every setting gives the defaults too: the commented values are the real ones.
    uncommented = "\n".join(line.removeprefix("# ") if " = " in line else line for line in text.splitlines())
    config = parse(uncommented)
    assert config.match == MatchSettings() and config.theme == "textual-dark"
    assert config.keys == {binding_id: keys for binding_id, (keys, _) in IDS.items()}


def test_the_effective_settings_read_back_as_the_same_config() -> None:
    config = parse(
        'theme = "nord"\n[match]\nmin_score = 0.35\n[keys]\n"library.compare" = "C"\n[library]\nfolder = "/srv/lib"\n'
        'url = "postgresql://ana@db.example.org/cyberread"\n[user]\nname = "Ana Lima"\n'
    )
    text = render_config(config, IDS)
    assert tomllib.loads(text)["keys"]["library.compare"] == "C"
    again = parse(text)
    assert again.match == config.match and again.theme == "nord" and again.library_folder == Path("/srv/lib")
    assert again.keys["library.compare"] == "C" and again.keys["compare.next_match"] == "n"
    assert again.library_url == "postgresql://ana@db.example.org/cyberread" and again.user_name == "Ana Lima"


def test_control_characters_in_values_are_escaped_when_printed() -> None:
    config = parse('[library]\nfolder = "/tmp/\\u001b[2Jx"\n')
    assert "\x1b" not in render_config(config)


def test_every_match_setting_is_declared_with_a_sentence_for_the_user() -> None:
    # The engine may add a field to MatchSettings: it becomes a setting, and needs its sentence.
    declared = {s.name: s for s in SETTINGS if s.table == "match"}
    assert list(declared) == [f.name for f in dataclasses.fields(MatchSettings)]
    for name, setting in declared.items():
        assert setting.doc.endswith(".") and len(setting.doc) > 30, f"match.{name} needs a sentence in MATCH_DOCS"
        assert setting.default == getattr(MatchSettings(), name)
        if setting.kind == "switch":
            assert isinstance(setting.default, bool)
            continue
        assert setting.minimum is not None and setting.maximum is not None
        assert setting.minimum <= setting.default <= setting.maximum
    assert set(MATCH_DOCS) <= set(declared), "a sentence for a setting the engine no longer has"


def test_every_setting_is_in_the_template_with_its_sentence_and_bounds() -> None:
    text = default_config_text(IDS, THEMES)
    for setting in SETTINGS:
        assert f"# {setting.doc}" in text and f"# {setting.name} = " in text
        assert not setting.bounds or f"From {setting.bounds}." in text


def test_each_bound_is_the_last_value_accepted() -> None:
    for setting in SETTINGS:
        if setting.minimum is None or setting.maximum is None:
            continue
        table = f"[{setting.table}]\n" if setting.table else ""
        for edge in (setting.minimum, setting.maximum):
            value = int(edge) if setting.kind == "whole number" else float(edge)
            parse(f"{table}{setting.name} = {value}\n")
        step = 1 if setting.kind == "whole number" else 0.5
        with pytest.raises(ConfigError, match=f"must be from {setting.bounds}"):
            parse(f"{table}{setting.name} = {setting.maximum + step}\n")


def test_the_readme_table_is_the_generated_one() -> None:
    readme = README.read_text(encoding="utf-8")
    table = readme.split("<!-- settings table -->\n", 1)[1].split("<!-- end of settings table -->", 1)[0]
    assert table == settings_table(), "README.md's table is stale: paste `python -m cyberread.store.settings`"


def test_the_readme_example_shows_the_real_defaults() -> None:
    readme = README.read_text(encoding="utf-8")
    example = tomllib.loads(readme.split("### Settings", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0])
    shown = 0
    for setting in SETTINGS:
        table = example.get(setting.table, {}) if setting.table else example
        if setting.name in table and setting.default is not None:
            assert table[setting.name] == setting.default, f"README shows {setting.key} = {table[setting.name]}"
            shown += 1
    assert shown >= 3
