"""One bad file never sinks an import: names that are not UTF-8, links out of the folder, FIFOs,
markup that would stall the extractor, a file that cannot be stored. Real files, real SQLite."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.engine.ingest.articles import article_id, legacy_article_id, load_article, parse_html
from cyberread.store.importing import ImportReport, import_paths, store_articles
from cyberread.store.library import Library

STORY = (
    "{title}\n\nThe minister said on Monday that the talks on {topic} would go on for a week and then end in Geneva.\n"
)


def page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body><article>{body}</article></body></html>"


PARAGRAPH = "<p>The minister said on Monday that the talks would go on for a week and then end in Geneva.</p>"


def write_story(path: Path, title: str, topic: str = "trade") -> Path:
    path.write_text(STORY.format(title=title, topic=topic), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_file_name_that_is_not_utf8_is_imported_with_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad_name = os.fsdecode(os.fsencode(folder) + b"/caf\xe9 \xff.txt")
    write_story(Path(bad_name), "A headline from a Latin-1 file name", "fish")
    write_story(folder / "good.txt", "A headline from a good file name", "grain")

    status, out, err = run(capsys, "add", str(folder))
    assert (status, err) == (0, "")
    assert out.startswith("2 added")
    _, listing, _ = run(capsys, "list", "--json")
    paths = [row["path"] for row in json.loads(listing)]
    assert any(path.endswith("/caf\\xe9 \\xff.txt") for path in paths)  # the name's bytes, written out
    # The same file again is recognised as the same file.
    assert run(capsys, "add", str(folder))[1].startswith("0 added, 2 already in the library")


def test_a_batch_that_cannot_be_stored_is_retried_file_by_file(tmp_path: Path) -> None:
    good = load_article(write_story(tmp_path / "good.txt", "A headline that stores fine"))
    other = load_article(write_story(tmp_path / "other.txt", "Another headline that stores fine", "oil"))
    # A record SQLite refuses (a lone surrogate cannot be UTF-8): it alone fails.
    broken = replace(load_article(write_story(tmp_path / "x.txt", "Broken one", "gas")), path="/x/\udcff.txt")
    report = ImportReport()
    with Library(tmp_path / "library.sqlite3") as library:
        store_articles(library, [good, broken, other], report)
        assert sorted(row.title for row in library.rows()) == [good.title, other.title]
    assert report.added == 2
    (failure,) = report.failures
    assert "could not be stored" in str(failure) and "\\xff" in str(failure) and "\n" not in str(failure)


def test_links_out_of_the_folder_are_not_followed_and_fifos_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    outside = write_story(tmp_path / "outside.txt", "A story that lives outside the folder")
    write_story(folder / "inside.txt", "A story that lives inside the folder")
    (folder / "environ.txt").symlink_to("/proc/self/environ")
    (folder / "outside.txt").symlink_to(outside)
    (folder / "broken.txt").symlink_to(tmp_path / "deleted since.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "inside-link.txt").symlink_to(folder / "inside.txt")
    os.mkfifo(folder / "pipe.txt")

    started = time.monotonic()
    status, out, err = run(capsys, "add", str(folder))
    assert time.monotonic() - started < 30  # the FIFO never blocks the import
    assert status == 1 and out.startswith("1 added, 1 already in the library")  # the inside link: same story
    lines = err.splitlines()
    assert len(lines) == 4
    assert any("environ.txt: symbolic link to outside the folder" in line for line in lines)
    assert any(line.endswith("broken.txt: symbolic link to nothing") for line in lines)
    assert any(
        line.endswith("outside.txt: symbolic link to outside the folder being imported; not followed") for line in lines
    )
    assert any("pipe.txt: not a regular file" in line for line in lines)
    _, listing, _ = run(capsys, "list")
    assert "outside the folder" not in listing and "PATH=" not in listing


PATHOLOGICAL = {
    "attributes.html": "<html><body><div " + " ".join(f"a{i}=x" for i in range(100_000)) + ">text</div></body></html>",
    "dots.html": "<html><body>" + "<p>." * 250_000 + "</body></html>",
    "divs.html": "<html><body>" + "<div>x</div>" * 200_000 + "</body></html>",
}


def test_markup_that_would_stall_the_extractor_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, html in PATHOLOGICAL.items():
        (folder / name).write_text(html, encoding="utf-8")
    (folder / "good.html").write_text(page("A good page among bad ones", PARAGRAPH * 3))
    started = time.process_time()
    status, out, err = run(capsys, "add", str(folder))
    assert time.process_time() - started < 10  # 40 s to 196 s each before
    assert status == 1 and out.startswith("1 added")
    assert sorted(line.split(": ")[1].rsplit("/", 1)[1] for line in err.splitlines()) == sorted(PATHOLOGICAL)
    assert "over 1,000 attributes" in err and "over 50,000 elements" in err


def test_a_file_over_its_time_budget_is_given_up_with_a_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    # Within the markup limits, but seconds of extraction: over a budget of a quarter second.
    (folder / "slow.html").write_text("<html><body>" + "<div>word here and there</div>" * 45_000 + "</body></html>")
    write_story(folder / "quick.txt", "A quick story that is read at once")
    with Library(tmp_path / "library.sqlite3") as library:
        started = time.monotonic()
        report = import_paths(library, [folder], budget=0.25)
        assert time.monotonic() - started < 2.5
        assert [row.title for row in library.rows()] == ["A quick story that is read at once"]
    (failure,) = report.failures
    assert failure.path.name == "slow.html" and "took over 0.25 s" in failure.reason


def test_in_the_worker_processes_a_file_over_its_budget_is_given_up_and_the_rest_are_read(tmp_path: Path) -> None:
    # Enough files for the worker processes, which keep their alarm's handler from file to file.
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "m-slow.html").write_text("<html><body>" + "<div>word here and there</div>" * 45_000 + "</body></html>")
    for n in range(450):
        write_story(folder / f"s-{n:03}.txt", f"Quick story number {n} read at once")
    with Library(tmp_path / "library.sqlite3") as library:
        report = import_paths(library, [folder], budget=0.25)
        assert len(library.rows()) == 450
    (failure,) = report.failures
    assert failure.path.name == "m-slow.html" and "took over 0.25 s" in failure.reason
    assert report.added == 450


@pytest.mark.parametrize("reference", ["&#1;", "&#27;", "&#x1b;[2J", "&#x7F;", "&#0027;"])
def test_a_reference_to_a_control_character_does_not_refuse_the_page(reference: str) -> None:
    paragraph = PARAGRAPH.replace("Monday", f"Mon{reference}day")
    article = parse_html(page("A page with a stray reference", paragraph * 3))
    assert "said on Monday" in article.body and "[2J" not in article.body


def test_two_files_with_one_body_and_different_titles_are_two_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_story(tmp_path / "a.txt", "The first outlet calls it a breakthrough")
    write_story(tmp_path / "b.txt", "The second outlet calls it a setback")
    status, out, _ = run(capsys, "add", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert status == 0 and out.startswith("2 added, 0 already in the library, 0 failed")
    _, listing, _ = run(capsys, "list")
    assert "calls it a breakthrough" in listing and "calls it a setback" in listing


def test_an_article_stored_under_its_old_body_id_keeps_it_and_its_notes(tmp_path: Path) -> None:
    story = write_story(tmp_path / "story.txt", "A story stored by an older cyberread")
    article = load_article(story)
    old_id = legacy_article_id(article.body)
    assert article.id == article_id(article.title, article.body) != old_id
    with Library(tmp_path / "library.sqlite3") as library:
        # As an older cyberread stored it: the id from the body alone, imported from another place.
        library.add(replace(article, id=old_id, path=None))
        with library.writing() as connection:
            connection.execute(
                "INSERT INTO notes (text, article_id, created, updated) VALUES ('kept', ?, 'x', 'x')", (old_id,)
            )
        report = import_paths(library, [story])
        assert (report.added, report.unchanged) == (0, 1)
        assert [row.id for row in library.rows()] == [old_id]
        assert library.connection.execute("SELECT article_id FROM notes").fetchall() == [(old_id,)]


def test_library_rows_hold_no_surrogates(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_story(Path(os.fsdecode(os.fsencode(folder) + b"/\xff\xfe.txt")), "A headline with a bytes name")
    with Library(tmp_path / "library.sqlite3") as library:
        import_paths(library, [folder])
    with sqlite3.connect(tmp_path / "library.sqlite3") as connection:
        (path,) = connection.execute("SELECT path FROM articles").fetchone()
    assert path.endswith("/\\xff\\xfe.txt")
