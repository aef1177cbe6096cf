"""Exports: a comparison as Markdown, HTML, CSV and JSON with the user's notes, and the library as
Markdown files that `cyberread add` reads back to the same articles."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.cli import main
from cyberread.engine.align.compare import compare_articles, compare_texts
from cyberread.engine.ingest.articles import ArticleError, article_id, article_markdown, load_article, parse_text
from cyberread.engine.ingest.clean import single_line
from cyberread.engine.render.html import PAIR_COLOURS, render_html
from cyberread.engine.render.report import CSV_COLUMNS, PassageNote, render_csv, render_export, render_markdown
from cyberread.engine.text.safe import in_quotes
from cyberread.store.exporting import article_filename, comparison_notes, export_library, slug, write_atomically
from cyberread.store.importing import open_library
from cyberread.store.library import Library
from cyberread.store.notes import NoteStore, Passage
from cyberread.store.paths import locations
from tests.conftest import seed_path

HOSTILE_TITLE = "<script>alert(\"x\")</script> & 'quoted' \x07 [bold]"


@pytest.fixture(scope="module")
def pair():
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    return a, b, compare_articles(a, b)


@pytest.fixture(scope="module")
def noted(pair):
    """A note on the pair of the third match and one on the first passage only a carries."""
    a, b, comparison = pair
    match = comparison.matches[2]
    left_out = comparison.a_only[0]
    return [
        PassageNote(
            "Same four proposals, <b>worded</b> differently",
            (match.a[0].start, match.a[0].end),
            (match.b[0].start, match.b[0].end),
        ),
        PassageNote('=HYPERLINK("x") Sputnik skips this', (left_out.start, left_out.end), None),
    ]


def flat(text: str) -> str:
    return " ".join(text.split())


# Markdown


def test_a_note_of_several_paragraphs_stays_one_list_item_with_its_line_breaks(pair) -> None:
    # Its lines were joined into one ("END1 Line two"): a note's paragraphs are the user's.
    a, b, comparison = pair
    match = comparison.matches[0]
    note = PassageNote("First point.\n\nSecond point, with *stars*.", (match.a[0].start, match.a[0].end), None)
    markdown = render_markdown(comparison, a, b, [note])
    assert "- ✎ *Note:* First point.\n\n  Second point, with \\*stars\\*.\n" in markdown


def test_the_text_report_holds_the_notes_too(pair, noted) -> None:
    # md, csv, html and json carried the notes; the plain text printed to a terminal did not.
    from cyberread.engine.render.report import render_text

    a, b, comparison = pair
    text = render_text(comparison, a, b, color=False, notes=noted)
    match_3 = text.split("Match 3 ·", 1)[1].split("Match 4 ·", 1)[0]
    assert "✎ Same four proposals, <b>worded</b> differently" in match_3
    only_a = text.split("Only in A", 1)[1].split("Only in B", 1)[0]
    first_left_out = only_a.split("  • ", 2)[1]
    assert '✎ =HYPERLINK("x") Sputnik skips this' in first_left_out


def test_markdown_holds_every_match_and_left_out_passage_and_the_notes(pair, noted) -> None:
    a, b, comparison = pair
    markdown = render_markdown(comparison, a, b, noted)
    unescaped = flat(markdown.replace("\\", ""))
    for match in comparison.matches:
        for span in match.a + match.b:
            assert flat(span.text) in unescaped
    for span in comparison.a_only + comparison.b_only:
        assert f"- {flat(span.text)}" in unescaped
    assert "| Outlet | Global Times | Sputnik via UrduPoint News |" in markdown
    assert "| Dateline | — | Beijing |" in markdown
    # Each note sits with its passage: the pair note under match 3, the other under the first of a's.
    third = markdown.split("\n### 3. ")[1].split("\n### 4. ")[0]
    assert "✎ *Note:* Same four proposals, \\<b\\>worded\\</b\\> differently" in third
    only_a = markdown.split("## Only in A")[1].split("## Only in B")[0]
    first_line, note_line = only_a.split("\n- ")[1].splitlines()[:2]
    assert flat(comparison.a_only[0].text) in flat(first_line.replace("\\", ""))
    assert "Sputnik skips this" in note_line and note_line.startswith("  - ✎")


# HTML


class PageReader(HTMLParser):
    """Checks that tags balance, and records each account's body as (text, classes, attributes) pieces."""

    VOID = {"meta", "br", "link", "img", "input", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.side: str | None = None
        self.pieces: dict[str, list[tuple[str, set[str], dict[str, str | None]]]] = {"a": [], "b": []}
        self.paragraphs: dict[str, list[str]] = {"a": [], "b": []}
        self.text: list[str] = []
        self._span: tuple[set[str], dict[str, str | None]] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs
        attributes = dict(attrs)
        if tag not in self.VOID:
            self.open.append(tag)
        if tag == "article":
            self.side = (attributes.get("id") or "")[-1]
        if tag == "div" and attributes.get("class") == "body":
            self._in_body = True
        if self._in_body and tag == "p":
            self.paragraphs[self.side].append("")
        if self._in_body and tag == "span":
            self._span = (set((attributes.get("class") or "").split()), attributes)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()
        if tag == "span":
            self._span = None
        if tag == "div":
            self._in_body = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_body and self.side and data.strip("\n"):
            classes, attributes = self._span or (set(), {})
            self.pieces[self.side].append((data, classes, attributes))
            self.paragraphs[self.side][-1] += data


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    assert reader.open == [], f"unclosed tags: {reader.open}"
    return reader


def marked_passages(pieces, mark: str) -> list[tuple[str, str]]:
    """The passages a page marks with class `mark`, as (number, text): a passage runs from a piece marked
    `first` through the pieces after it with the same mark."""
    passages: list[list[str]] = []
    previous_marked = False
    for text, classes, attributes in pieces:
        if mark in classes:
            if "first" in classes or not previous_marked:
                passages.append([attributes.get("data-match") or "", ""])
            passages[-1][1] += text
        previous_marked = mark in classes
    return [(number, text) for number, text in passages]


def test_html_is_well_formed_and_marks_every_passage_as_the_screen_does(pair, noted) -> None:
    a, b, comparison = pair
    page = render_html(comparison, a, b, noted)
    reader = read_page(page)
    for side, article in (("a", a), ("b", b)):
        # The body is all there, paragraph for paragraph, and nothing else is in it.
        assert reader.paragraphs[side] == article.body.split("\n\n")
        pieces = reader.pieces[side]
        expected_matches = [
            (str(number), " ".join(s.text for s in getattr(m, side))) for number, m in enumerate(comparison.matches, 1)
        ]
        found = sorted(marked_passages(pieces, "pair"), key=lambda p: int(p[0]))
        # A match side of several spans shows as several marked passages with one number.
        joined: dict[str, list[str]] = {}
        for number, text in found:
            joined.setdefault(number, []).append(text)
        assert sorted((n, " ".join(t)) for n, t in joined.items()) == sorted(expected_matches)
        left_out = [text for _, text in marked_passages(pieces, "left-out")]
        assert left_out == [span.text for span in getattr(comparison, f"{side}_only")]
    # Each matched pair has one colour class on both sides, the screen's palette in order.
    for number in range(len(comparison.matches)):
        for side in ("a", "b"):
            colour_classes = {
                c
                for _, classes, attrs in reader.pieces[side]
                if attrs.get("data-match") == str(number + 1)
                for c in classes
                if re.fullmatch(r"p\d", c)
            }
            assert colour_classes == {f"p{number % len(PAIR_COLOURS)}"}
    text = "".join(reader.text)
    assert a.title in text and b.title in text
    assert "Same four proposals, <b>worded</b> differently" in text


def test_the_export_engine_and_store_run_without_textual() -> None:
    code = (
        "import sys, cyberread.engine.render.html, cyberread.engine.render.report, cyberread.store.exporting; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_html_uses_the_screen_palette() -> None:
    from cyberread.widgets.palette import PAIR_COLOURS as SCREEN_COLOURS

    assert PAIR_COLOURS == SCREEN_COLOURS


def test_html_loads_nothing_from_anywhere(pair, noted) -> None:
    a, b, comparison = pair
    page = render_html(comparison, a, b, noted)
    reader = read_page(page)
    assert not {"script", "img", "link", "iframe", "object", "embed"} & set(reader.tags)
    assert not [name for name, _ in reader.attributes if name in {"src", "href", "srcset", "action"}]
    assert "url(" not in page and "@import" not in page
    assert not re.search(r"(?:src|href)\s*=|https?://", page.split("</style>")[0])
    assert "content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page


def test_html_escapes_hostile_articles_and_notes(pair) -> None:
    _, b, _ = pair
    hostile = parse_text(
        f"+++\ntitle = {json.dumps(HOSTILE_TITLE)}\n+++\n"
        'Officials said <img src=x onerror=alert(1)> the talks & "the deal" would go on, as 5 < 6 > 4.\n\n'
        "</p></div><script>document.write('owned')</script> was also printed on the page on Tuesday."
    )
    hostile = replace(hostile, title=HOSTILE_TITLE)  # past the cleaner: the renderer must cope alone
    comparison = compare_articles(hostile, b)
    note = PassageNote("</li><script>alert(2)</script>", (0, 20), None)
    page = render_html(comparison, hostile, b, [note])
    reader = read_page(page)
    assert "script" not in reader.tags and "img" not in reader.tags
    assert "<script>" not in page and "<img" not in page and "\x07" not in page
    assert reader.paragraphs["a"] == hostile.body.split("\n\n")
    text = "".join(reader.text)
    assert "<script>alert(\"x\")</script> & 'quoted' \ufffd [bold]" in text
    assert "</li><script>alert(2)</script>" in text


# CSV


def test_csv_has_a_row_per_match_and_left_out_passage(pair, noted) -> None:
    a, b, comparison = pair
    rows = list(csv.reader(io.StringIO(render_csv(comparison, noted))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]]
    assert len(body) == len(comparison.matches) + len(comparison.a_only) + len(comparison.b_only)
    matches = [row for row in body if row["side"] == "both"]
    assert [row["pair"] for row in matches] == [str(n) for n in range(1, len(comparison.matches) + 1)]
    assert {row["pair"] for row in body if row["side"] != "both"} == {""}
    for row, match in zip(matches, comparison.matches, strict=True):
        assert row["kind"] == match.kind and float(row["score"]) == pytest.approx(match.score)
        assert row["text a"] == "\n".join(s.text for s in match.a)
        assert row["text b"] == "\n".join(s.text for s in match.b)
    assert [row["text a"] for row in body if row["side"] == "a"] == [s.text for s in comparison.a_only]
    assert [row["text b"] for row in body if row["side"] == "b"] == [s.text for s in comparison.b_only]
    assert {row["kind"] for row in body if row["side"] != "both"} == {"left out"}
    assert matches[2]["note"] == noted[0].text
    # A note starting with = would be a formula in a spreadsheet: it is text, behind an apostrophe.
    assert [row["note"] for row in body if row["side"] == "a"][0] == "'" + noted[1].text


def test_csv_cells_cannot_become_formulas() -> None:
    left = "Ministers met on Tuesday in Geneva to talk about water rights and the border."
    hostile = [
        '=HYPERLINK("http://evil.example","click") said the memo.',
        "+1 more said the minister on Monday.",
        "-2 dead in the floods, officials said.",
        "@SUM(A1:A9) was the figure on the sheet.",
    ]
    comparison = compare_texts(left, "\n\n".join([left, *hostile]))
    rows = list(csv.DictReader(io.StringIO(render_csv(comparison))))
    cells = [row["text b"] for row in rows if row["side"] == "b"]
    assert cells == ["'" + text for text in hostile]


# JSON


def test_json_carries_the_notes_with_their_passages(pair, noted) -> None:
    a, b, comparison = pair
    document = json.loads(render_export("json", comparison, a, b, noted))
    pair_note, left_out_note = document["notes"]
    assert pair_note["text"] == noted[0].text
    assert pair_note["a"]["text"] == comparison.matches[2].a[0].text
    assert pair_note["b"]["text"] == comparison.matches[2].b[0].text
    assert left_out_note["b"] is None and left_out_note["a"]["text"] == comparison.a_only[0].text


# Notes from the library


def test_comparison_notes_come_from_the_library_where_the_passages_still_stand(pair, cyberread_home) -> None:
    a, b, comparison = pair
    with open_library(locations()) as library:
        store = NoteStore(library)
        match = comparison.matches[0]
        store.add(
            a.id,
            "pair",
            Passage.of(a, match.a[0].start, match.a[0].end),
            Passage.of(b, match.b[0].start, match.b[0].end),
        )
        store.add(b.id, "only b", Passage.of(b, comparison.b_only[0].start, comparison.b_only[0].end))
        store.add(a.id, "whole article")
        notes = comparison_notes(library, a, b)
        assert [(n.text, n.a, n.b) for n in notes] == [
            ("pair", (match.a[0].start, match.a[0].end), (match.b[0].start, match.b[0].end)),
            ("only b", None, (comparison.b_only[0].start, comparison.b_only[0].end)),
        ]
        # An article that shares the id but not the text (a file compared) gets no note at the wrong place.
        shifted = replace(a, body="PREFIX " + a.body)
        found = comparison_notes(library, shifted, b)
        assert sorted((n.text, n.a) for n in found) == [("only b", None), ("pair", None)]


def test_cli_compare_exports_each_format_with_library_notes(pair, capsys) -> None:
    a, b, comparison = pair
    with open_library(locations()) as library:
        span = comparison.a_only[1]
        NoteStore(library).add(a.id, "checked against the transcript", Passage.of(a, span.start, span.end))
    for format_name in ("md", "html", "csv", "json"):
        assert main(["compare", a.id, b.id[:8], "--format", format_name]) == 0
        assert "checked against the transcript" in capsys.readouterr().out
    # Two files compared are not the library's: no notes, and no library made for them.
    assert main(["compare", str(seed_path("001")), str(seed_path("004")), "--format", "md"]) == 0
    out = capsys.readouterr().out
    assert "checked against the transcript" not in out and out.count("\n### ") == len(comparison.matches)
    # "markdown" (or any case) names the same format.
    assert main(["compare", str(seed_path("001")), str(seed_path("004")), "--format", "Markdown"]) == 0
    assert capsys.readouterr().out == out


# The library as Markdown files


EXTRA_ARTICLES = {
    # A subtitle under the headline: cleaning the body again would take it for the title.
    "subtitle.txt": "Ministers Meet In Geneva\nTalks On Water Rights Resume\nThe ministers of three countries met on "
    "Tuesday to discuss the sharing of river water, officials said.\n\nThey agreed to meet in March.",
    # Two datelines: cleaning again would take the second off the body.
    "datelines.txt": '+++\ntitle = "Two datelines"\n+++\nBEIJING, July 25 (Xinhua) -- WASHINGTON -- The envoys of '
    "both countries spoke by telephone on Monday about the trade talks, an aide said.",
    # A title that tries to climb out of the export folder, with quotes and backslashes for the TOML.
    "climber.md": '+++\ntitle = \'../../etc/passwd "quoted" \\\\ back\\\\slash\'\noutlet = "The <Outlet>"\n'
    "date = 2020-02-29\n+++\n# A heading\n\nThe council voted on the budget on Friday after a long "
    "debate in the chamber, members said.\n\n=SUM(1,2) stays as it is in the body.",
    "cjk.txt": '+++\ntitle = "网络安全 合作"\n+++\n中国代表团周一在会议上表示，各国应加强网络安全合作，共同应对挑战。',
}


@pytest.fixture
def homes(tmp_path: Path) -> dict[str, Path]:
    files = tmp_path / "files"
    files.mkdir()
    for name, text in EXTRA_ARTICLES.items():
        (files / name).write_text(text, encoding="utf-8")
    first = tmp_path / "first"
    assert main(["--home", str(first), "add", str(files)]) == 0
    return {"first": first, "second": tmp_path / "second", "out": tmp_path / "out"}


def articles_of(home: Path) -> dict[str, tuple]:
    with Library(locations(home).database) as library:
        return {
            row.id: (article.title, article.outlet, article.date, article.dateline, article.body, article.words)
            for row in library.rows()
            if (article := library.get(row.id))
        }


def test_export_then_add_gives_back_the_same_articles(homes: dict[str, Path], capsys) -> None:
    assert main(["--home", str(homes["first"]), "export", str(homes["out"])]) == 0
    exported = articles_of(homes["first"])
    assert len(exported) == 5 + len(EXTRA_ARTICLES)
    assert f"{len(exported)} articles written" in capsys.readouterr().out
    files = sorted(homes["out"].iterdir())
    assert len(files) == len(exported) and all(f.suffix == ".md" and f.parent == homes["out"] for f in files)
    assert not [f for f in files if f.name.startswith(".")]  # no temporary file left behind
    assert main(["--home", str(homes["second"]), "add", str(homes["out"])]) == 0
    assert f"{len(EXTRA_ARTICLES)} added" in capsys.readouterr().out  # the seeds are there already
    assert articles_of(homes["second"]) == exported


def test_the_clean_flag_is_what_keeps_the_body(homes: dict[str, Path]) -> None:
    """Without `clean = true` the round trip above would lose text: this checks the fixture tests that."""
    main(["--home", str(homes["first"]), "export", str(homes["out"])])
    exported = articles_of(homes["first"])
    changed = []
    for path in homes["out"].iterdir():
        text = path.read_text(encoding="utf-8")
        article = parse_text(text)
        assert exported[article.id][4] == article.body
        if parse_text(text.replace("clean = true\n", "")).body != article.body:
            changed.append(article.title)
    assert sorted(changed) == ["Ministers Meet In Geneva", "Two datelines"]


def test_file_names_are_safe_unique_and_stable(homes: dict[str, Path]) -> None:
    with Library(locations(homes["first"]).database) as library:
        rows = library.rows()
    names = [article_filename(row.id, row.title) for row in rows]
    assert len({n.casefold() for n in names}) == len(names)
    for name, row in zip(names, rows, strict=True):
        assert re.fullmatch(r"[\w-]+-[0-9a-f]{12}\.md", name) and row.id in name
        assert name == article_filename(row.id, row.title)
    assert "etc-passwd-quoted-back-slash-" in " ".join(names) and "网络安全-合作-" in " ".join(names)
    assert slug("../..//") == "" and article_filename("abc", "../..") == "article-abc.md"


def test_export_refuses_to_overwrite_without_force(homes: dict[str, Path], capsys) -> None:
    out = homes["out"]
    assert main(["--home", str(homes["first"]), "export", str(out)]) == 0
    victim = sorted(out.iterdir())[-1]
    victim.write_text("mine", encoding="utf-8")
    capsys.readouterr()
    assert main(["--home", str(homes["first"]), "export", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "already exists" in error and "--force" in error and str(out) in error
    assert victim.read_text(encoding="utf-8") == "mine"
    assert main(["--home", str(homes["first"]), "export", str(out), "--force"]) == 0
    assert victim.read_text(encoding="utf-8").startswith("+++\n")


def test_export_into_a_place_that_is_no_folder_is_one_line(homes: dict[str, Path], capsys) -> None:
    blocker = homes["out"].parent / "a-file"
    blocker.write_text("x")
    assert main(["--home", str(homes["first"]), "export", str(blocker / "inside")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("cyberread: ") and error.count("\n") == 1 and "cannot make the folder" in error
    # The file itself named as the folder: said to be a file, not "File exists".
    assert main(["--home", str(homes["first"]), "export", str(blocker)]) == 1
    said = f"cyberread: {blocker}: is a file; export writes one file per article into a folder\n"
    assert capsys.readouterr().err == said


def test_export_into_an_empty_name_is_refused(
    homes: dict[str, Path], capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # `cyberread export "$DIR"` with DIR unset wrote every article into the current folder.
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for empty in ("", "  "):
        assert main(["--home", str(homes["first"]), "export", empty]) == 1
        assert "an empty folder name" in capsys.readouterr().err
    assert list(here.iterdir()) == []


def test_atomic_write_never_replaces_unless_told(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomically(target, "first", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomically(target, "second", overwrite=False)
    assert target.read_text() == "first"
    write_atomically(target, "third", overwrite=True)
    assert target.read_text() == "third"
    with pytest.raises(OSError):
        write_atomically(tmp_path / "missing" / "x.md", "x", overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_export_library_reports_each_file(tmp_path: Path) -> None:
    seen = []
    with open_library(locations()) as library:
        count = export_library(library, tmp_path / "out", on_file=lambda n, path: seen.append(path.name))
    assert count == 5 == len(seen) and sorted(seen) == sorted(p.name for p in (tmp_path / "out").iterdir())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=400),
    title=st.text(max_size=80),
    outlet=st.one_of(st.none(), st.text(max_size=40)),
    dateline=st.one_of(st.none(), st.text(max_size=40)),
)
def test_any_clean_article_survives_the_markdown_file(
    raw: str, title: str, outlet: str | None, dateline: str | None
) -> None:
    try:
        article = parse_text(raw)
    except ArticleError:
        return
    new_title = single_line(title) or article.title
    article = replace(
        article,
        id=article_id(new_title, article.body),  # an article's id covers its title
        title=new_title,
        outlet=single_line(outlet or "") or None,
        dateline=single_line(dateline or "") or None,
        path="/odd\npath\x1b[2J",
    )
    again = parse_text(article_markdown(article), source=article.path)
    assert again == article


@pytest.mark.parametrize(
    ("outlets", "called"),
    [
        (("Global Times", "Sputnik"), ("Global Times", "Sputnik")),
        (("Test Outlet", ""), ("A", "B")),  # was "only Test Outlet names … only B names"
        (("Xinhua", "XINHUA"), ("A", "B")),  # two articles of one outlet
    ],
)
def test_a_summary_calls_both_accounts_by_outlet_or_both_by_letter(
    outlets: tuple[str, str], called: tuple[str, str]
) -> None:
    a, b = (
        replace(load_article(seed_path(prefix)), outlet=outlet)
        for prefix, outlet in zip(("001", "004"), outlets, strict=True)
    )
    text = render_export("md", compare_articles(a, b), a, b)
    assert f"only {called[0]} " in text and f"only {called[1]} " in text


@pytest.mark.parametrize(
    ("passage", "shown"),
    [
        ("Four people died.", "“Four people died.”"),
        # A passage that opens or closes a quotation is not quoted again (it was ““The water rose…”).
        ("“The water rose,” said Ferrante.", "“The water rose,” said Ferrante."),
        ("Ferrante said: “The water rose.”", "Ferrante said: “The water rose.”"),
    ],
)
def test_a_passage_is_put_in_quotation_marks_once(passage: str, shown: str) -> None:
    assert in_quotes(passage) == shown


def test_a_long_title_is_cut_between_words_in_a_file_name() -> None:
    # "…-after-dam-overflo-vs-…" read as a typo.
    title = "Dam overflow floods Marenzo after the Castellan dam overflows its banks in the night"
    assert slug(title, 40) == "dam-overflow-floods-marenzo-after-the"
    assert slug("x" * 80, 40) == "x" * 40  # one word longer than the limit is still cut


def test_a_pair_linked_by_hand_is_counted_as_linked_not_confirmed(pair) -> None:
    from cyberread.engine.align.verdicts import Verdict, apply_verdicts

    a, b, comparison = pair
    first_a, first_b = comparison.a_only[0], comparison.b_only[0]
    linked = apply_verdicts(
        comparison, [Verdict("linked", (first_a.start, first_a.end), (first_b.start, first_b.end))], a.body, b.body
    )
    markdown = render_markdown(linked, a, b)
    assert "- **Confirmed by hand:** 0 matches; linked by hand: 1; rejected: 0" in markdown  # was "1 match"
    assert "0 confirmed by hand, 1 linked by hand, 0 rejected" in render_html(linked, a, b)


def test_every_export_says_who_wrote_each_note() -> None:
    """A desk's report mixed two colleagues' notes without saying whose each was."""
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_articles(a, b)
    first = comparison.matches[0]
    notes = [
        PassageNote("same wording", first.extent("a"), first.extent("b"), author="Ana Lima"),
        PassageNote("check this", first.extent("a"), None, author="Ben Okafor"),
    ]
    for format_name in ("md", "html", "csv"):
        document = render_export(format_name, comparison, a, b, notes)
        assert "Ana Lima: same wording" in document and "Ben Okafor: check this" in document, format_name
    exported = json.loads(render_export("json", comparison, a, b, notes))
    assert [note["author"] for note in exported["notes"]] == ["Ana Lima", "Ben Okafor"]
