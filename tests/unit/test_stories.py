"""Story grouping: on the seeds the Global Times and Sputnik accounts of the Johannesburg speech form one
story and the other three stay apart; planted families of a generated library are found, a decoy naming
the same people months later is not; chains do not merge groups; the cache rebuilds."""

from __future__ import annotations

import json
import random

from cyberread.cli import main
from cyberread.engine.corpus.stories import StoryRecord, group_stories, signature, stories_from_links
from cyberread.engine.ingest.articles import load_article
from cyberread.store.importing import open_library
from cyberread.store.paths import locations
from cyberread.store.related import related_articles
from cyberread.store.stories import cache_path, library_stories
from tests.conftest import REPO, SEEDS, seed_path

import make_library  # bench/, on the path from conftest  # isort: skip

REFERENCES = REPO / "tests" / "eval"


def test_the_seeds_make_one_story_of_the_johannesburg_speech(capsys) -> None:
    library = open_library(locations())
    try:
        stories = library_stories(library)
        global_times, sputnik = load_article(seed_path("001")).id, load_article(seed_path("004")).id
        assert [sorted(s.articles) for s in stories] == [sorted([global_times, sputnik])]
        assert cache_path(library).exists()
        assert library_stories(library) == stories  # from the cache, the same
    finally:
        library.close()
    assert main(["stories", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [set(s["articles"]) for s in document] == [{global_times, sputnik}]
    assert document[0]["title"]


def test_the_related_picker_ranks_the_same_speech_first() -> None:
    library = open_library(locations())
    try:
        ranked = related_articles(library, load_article(seed_path("001")))
        assert ranked[0].row.id == load_article(seed_path("004")).id and ranked[0].same_event
        assert not any(found.same_event for found in ranked[1:])
    finally:
        library.close()


def planted_story_records(count: int) -> tuple[list[StoryRecord], dict[int, set[str]], make_library._Vocabulary]:
    """A generated library's first `count` articles (with planted story families), the families, and the
    vocabulary they were drawn from."""
    vocabulary = make_library._Vocabulary(random.Random(make_library.SEED))
    records, families = [], {}
    for index in range(count):
        article = make_library.make_article(index, vocabulary)
        records.append(StoryRecord(str(index), article.title, article.outlet, article.date, article.body))
        if article.family is not None:
            families.setdefault(article.family, set()).add(str(index))
    return records, families, vocabulary


def test_planted_families_are_found_and_decoys_left_out() -> None:
    records, families, vocabulary = planted_story_records(400)
    names, _, day = make_library._event(make_library.SEED, 0, vocabulary)
    rng = random.Random(3)
    decoy = " ".join(make_library._sentence(rng, vocabulary, names) for _ in range(12))
    records.append(StoryRecord("decoy", names[0] + " again", "Decoy Daily", f"{int(day[:4]) + 1}{day[4:]}", decoy))
    found = [set(s.articles) for s in group_stories(records)]
    # Precision: every story lies within one family (and so holds no decoy).
    assert all(any(group <= family for family in families.values()) for group in found)
    # Recall: most pairs of the family members are put together.
    pairs = sum(len(g) * (len(g) - 1) // 2 for g in found)
    assert pairs >= 0.9 * 6 * len(families)


def test_a_chain_of_single_links_does_not_make_one_story() -> None:
    # 0-1-2-3-4-5 each linked to the next only: no link of a group above three is backed by a shared
    # neighbour, so none of them is a story.
    chain = [(i, i + 1) for i in range(5)]
    assert stories_from_links(6, chain) == []
    assert stories_from_links(3, chain[:2]) == [[0, 1, 2]]
    # Two tight families joined by one stray link stay two.
    families = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3), (4, 5), (4, 6), (5, 6), (4, 7), (5, 7), (6, 7)]
    assert stories_from_links(8, [*families, (3, 4)]) == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_signatures_keep_names_not_sentence_openers() -> None:
    body = "Officials met. The talks in Johannesburg ended, said Wang Yi. Wang left Johannesburg on Monday."
    sig = signature(StoryRecord("x", "Talks", None, "2023-07-24", body))
    other = signature(StoryRecord("y", "Other", None, None, "Officials met. The talks ended."))
    assert len(sig.terms) > len(other.terms) >= 0
    assert sig.day is not None and other.day is None


def test_a_rewording_stays_in_its_story_when_a_copy_of_the_account_joins_the_library() -> None:
    """A wire story, its rewording, and a paper's reprint of the wire story: every term the wire story
    shares with the rewording is then in three articles, and by rarity alone none was looked up."""
    wire, rewording = load_article(REFERENCES / "wire_trial_a.txt"), load_article(REFERENCES / "wire_trial_b.txt")
    records = [
        StoryRecord("wire", wire.title, "AP", "2025-02-03", wire.body),
        StoryRecord("rewording", rewording.title, "Reuters", "2025-02-03", rewording.body),
        StoryRecord("reprint", wire.title, "Columbus Dispatch", "2025-02-04", wire.body),
    ]
    others = [*sorted(SEEDS.glob("*.txt")), *sorted(REFERENCES.glob("*_a.txt"))]
    for path in others:
        if "wire_trial" not in path.name:
            article = load_article(path)
            records.append(StoryRecord(path.stem, article.title, article.outlet, article.date, article.body))
    stories = group_stories(records)
    assert {"wire", "rewording", "reprint"} in [set(story.articles) for story in stories]


def test_an_outlets_standing_lines_link_no_stories_and_a_far_reprint_still_joins() -> None:
    # A library whose outlet ends every article with the same lines: stubs holding only those lines
    # were copies of every article (one story of the whole library, then none at all once pruned), and
    # accounts of one topic months apart shared enough of their wording with the lines to be copies.
    footer = "\n\nFollow Daily Planet on social media for more news about the world today.\n\n"
    footer += "A shared community with a shared future in cyberspace is stressed by every speaker here."
    records = []
    sources = [*sorted(SEEDS.glob("*.txt")), *sorted(REFERENCES.glob("*_a.txt"))]
    for month, path in enumerate(sources):
        article = load_article(path)
        date = f"{2020 + month // 12}-{month % 12 + 1:02d}-10"
        records.append(StoryRecord(path.stem, article.title, "Daily Planet", date, article.body + footer))
        records.append(StoryRecord(f"stub-{path.stem}", "Daily Planet", "Daily Planet", date, footer.strip()))
    wire = load_article(REFERENCES / "wire_trial_a.txt")
    records.append(StoryRecord("reprint", wire.title, "Columbus Dispatch", "2030-01-01", wire.body))
    stories = [set(story.articles) for story in group_stories(records)]
    assert {"wire_trial_a", "reprint"} in stories
    assert not any(member.startswith("stub-") for story in stories for member in story)
    # The seeds' two accounts of the Johannesburg speech are one story when their dates allow it: here
    # they are months apart, and no other pair is one.
    assert all(len(story) == 2 for story in stories) and len(stories) == 1
