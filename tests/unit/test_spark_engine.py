"""The Spark engine in local mode gives the same phrases and story groups as the in-process engine, on
the seeds and on generated articles with planted phrases, boilerplate and story families. Skipped only
where pyspark is not installed (CI installs the spark extra and a Java runtime)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cyberread.cli import main
from cyberread.engine.corpus.phrases import ArticleRecord, find_phrases
from cyberread.engine.corpus.stories import StoryRecord, group_stories
from cyberread.store.corpus_cache import write_records_jsonl
from tests.unit.test_phrases import SHARED_FUTURE, generated_records, seed_records
from tests.unit.test_stories import planted_story_records

pytest.importorskip("pyspark")

from cyberread.engine.corpus.spark import spark_session
from cyberread.engine.corpus.spark.phrases import find_phrases_spark
from cyberread.engine.corpus.spark.stories import group_stories_spark, write_story_records

# One worker runs every test of this module, so they share one Spark session (some 8 s to start).
pytestmark = [pytest.mark.xdist_group("spark"), pytest.mark.slow]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_session()
    yield session
    session.stop()


def exported(records: list[ArticleRecord], folder: Path) -> Path:
    return write_records_jsonl(enumerate(records), folder / "articles.jsonl")


def bodiless(records: list[ArticleRecord]) -> list[ArticleRecord]:
    return [ArticleRecord(r.id, r.outlet, r.date, "") for r in records]


@pytest.mark.parametrize("corpus", [seed_records, generated_records])
def test_spark_finds_the_same_phrases(spark: Any, tmp_path: Path, corpus: Any) -> None:
    records = corpus()
    expected = find_phrases(records)
    assert expected
    assert find_phrases_spark(spark, exported(records, tmp_path), bodiless(records)) == expected


def test_spark_groups_the_same_stories(spark: Any, tmp_path: Path) -> None:
    records, _, _ = planted_story_records(200)
    expected = group_stories(records)
    assert len(expected) >= 3, "the planted families are found in process"
    jsonl = write_story_records(records, tmp_path / "stories.jsonl")
    bodiless = [StoryRecord(r.id, r.title, r.outlet, r.date, "") for r in records]
    assert group_stories_spark(spark, jsonl, bodiless) == expected


def test_the_command_on_spark_gives_the_same_answer(spark: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["phrases", "--json"]) == 0
    local = json.loads(capsys.readouterr().out)
    assert main(["phrases", "--json", "--engine", "spark"]) == 0
    on_spark = json.loads(capsys.readouterr().out)
    assert on_spark == local
    assert any(set(entry["articles"]) == SHARED_FUTURE for entry in on_spark)
    assert main(["stories", "--json"]) == 0
    local_stories = json.loads(capsys.readouterr().out)
    assert main(["stories", "--json", "--engine", "spark"]) == 0
    assert json.loads(capsys.readouterr().out) == local_stories
    assert len(local_stories) == 1 and len(local_stories[0]["articles"]) == 2  # the Johannesburg speech
