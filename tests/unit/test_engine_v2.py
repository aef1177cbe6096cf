"""The cases the engine v2 issue names, each as a short pair of texts: numbers as values, names as
units, the stolen-pair and fragment traps, a copied block, a translation pair, and `verbatim`."""

from __future__ import annotations

import sys

import pytest

from cyberread.engine.align.alone import omission_summary
from cyberread.engine.align.compare import Comparison, compare_texts
from cyberread.engine.align.leftovers import absorb_leftovers
from cyberread.engine.align.matching import Found, prepare
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import load_article
from tests.conftest import EVAL_DIR, REPO, seed_path

EVAL = REPO / "tests" / "eval"


def _only_match(comparison: Comparison) -> tuple[tuple[str, str], ...]:
    assert len(comparison.matches) == 1, comparison.matches
    return comparison.matches[0].differences.numbers


@pytest.mark.parametrize(
    ("a", "b", "change"),
    [
        ("3.2 million", "3.4 million", ("3.2 million", "3.4 million")),
        ("$1,200", "$1,500", ("$1,200", "$1,500")),
        ("1,500", "15,000", ("1,500", "15,000")),
        ("4.5 percent", "4.25 percent", ("4.5 percent", "4.25 percent")),
        ("nine", "10", ("nine", "10")),
    ],
)
def test_numbers_change_as_whole_units(a: str, b: str, change: tuple[str, str]) -> None:
    template = "Officials in the northern province said {} residents had been affected by the severe floods."
    assert _only_match(compare_texts(template.format(a), template.format(b))) == (change,)


def test_a_date_changes_as_a_date() -> None:
    template = "The central bank governor announced on {} that interest rates would stay unchanged."
    comparison = compare_texts(template.format("14 March"), template.format("15 March"))
    (change,) = comparison.matches[0].differences.changes
    assert (change.kind, change.label) == ("date", "14 March → 15 March")


def test_equal_values_in_other_words_are_no_difference() -> None:
    a = "The company said revenue reached 3,200,000 dollars and staff rose by four percent last year."
    b = "The company said revenue reached 3.2 million dollars and staff rose by 4% last year."
    assert _only_match(compare_texts(a, b)) == ()


def test_names_pair_only_with_plausible_counterparts() -> None:
    a = "Foreign Minister Wang Yi met Sergei Lavrov on Thursday in Beijing to discuss the border treaty."
    b = "Foreign Minister Wang Yi met Sergei Lavrov on Thursday in Moscow to discuss the border treaty."
    (match,) = compare_texts(a, b).matches
    assert match.differences.names == (("Beijing", "Moscow"),)


def test_a_name_the_other_side_shortens_is_no_difference() -> None:
    a = "Chinese diplomat Wang Yi urged closer cooperation on cyber security among the BRICS members."
    b = "Wang urged closer cooperation on cyber security among the BRICS members, the diplomat said."
    (match,) = compare_texts(a, b).matches
    assert match.differences.names == ()


def test_a_name_the_other_sentence_gives_outside_its_passage_is_no_difference() -> None:
    # The Global Times sentence names Wang in a head its passage leaves out ("Wang, member of the
    # Political Bureau ... | and also director ... said"): the passage starts within the sentence, and
    # the name is the sentence's, not missing from it.
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_texts(a.body, b.body)
    start = a.body.index("cyber security is an important cornerstone")
    (match,) = [m for m in comparison.matches if any(s.start <= start < s.end for s in m.a)]
    assert not any(s.start <= a.body.index("Wang, member") < s.end for s in match.a)
    assert not any(name in ("Wang", "Wang Yi") for _, name in match.differences.names)
    assert not any(name in ("Wang", "Wang Yi") for name, _ in match.differences.names)


def test_a_name_only_a_neighbouring_sentence_gives_is_still_a_difference() -> None:
    # The sentence before names the minister; the passage's own sentence does not.
    a = "Minister Naledi Pandor arrived on Monday. She said the talks on the new trade treaty would resume in May."
    b = "The talks on the new trade treaty would resume in May, Naledi Pandor said."
    comparison = compare_texts(a, b)
    (match,) = comparison.matches
    assert match.a[0].text.startswith("She said")
    assert match.differences.names == (("", "Naledi Pandor"),)


def test_a_lead_that_shares_names_does_not_steal_the_real_counterpart() -> None:
    # The wire story's lead and the rewrite's sentence both name Ukraine, drones and Russian oil;
    # the real counterpart is the sentence that counts the refineries.
    a = load_article(EVAL / "wire_drones_a.txt")
    b = load_article(EVAL / "wire_drones_b.txt")
    comparison = compare_texts(a.body, b.body)
    start_b = b.body.index("Ukrainian drones have hit 10 refineries")
    (match,) = [m for m in comparison.matches if any(s.start <= start_b < s.end for s in m.b)]
    assert any("at least nine refineries" in s.text for s in match.a)
    assert ("nine", "10") in match.differences.numbers
    assert ("12%", "14 percent") in match.differences.numbers


def test_a_sentence_is_left_out_whole_not_in_fragments() -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_texts(a.body, b.body)
    for opening in ("Secondly, an open and inclusive cyberspace", '"It is necessary to adhere', "Fourthly, it is"):
        start = b.body.index(opening)
        assert not any(s.start <= start < s.end for s in comparison.b_only), opening
        assert any(s.start <= start < s.end for m in comparison.matches for s in m.b), opening


@pytest.mark.parametrize("figure", ["3.2 million", "5 dollars", "14 March"])
def test_a_leftover_that_gives_a_figure_is_left_out_not_absorbed(figure: str) -> None:
    # Half a sentence cut off at "and", with one content word besides its figure: thin by its words,
    # but a number or date is content however short the passage. Written with a magnitude, a unit or
    # a month it is one value, whose digits no word of the texts shares: it was read as no number.
    rest = " Officials in Pretoria welcomed the visit. The talks will resume in May."
    a = f"The minister met the envoy in Geneva on Monday to discuss the new trade deal, and it cost {figure}." + rest
    b = "The minister met the envoy in Geneva on Monday to discuss the new trade deal." + rest
    comparison = compare_texts(a, b)
    assert [span.text for span in comparison.a_only] == [f"and it cost {figure}."]


def test_a_leftover_the_other_account_says_around_a_figure_is_absorbed() -> None:
    # "exports rose last month" is there in the other account's sentence, with a figure between
    # "exports" and "rose": the figure does not part them.
    opening = "The minister met the envoy in Geneva on Monday to discuss the new trade deal"
    rest = " Officials in Pretoria welcomed the visit. The talks will resume in May."
    steel = " Steel exports of 40,000 tonnes rose 12 percent last month, data showed."
    comparison = compare_texts(
        opening + ", and steel exports rose last month." + rest + steel, opening + "." + rest + steel
    )
    assert comparison.a_only == ()


def test_developing_and_developed_countries_differ() -> None:
    # One stem to Snowball, and one WordNet lemma: kept apart all the same, in the diff as in the bags.
    template = "China will deepen cooperation with {} countries on trade and climate finance next year."
    (match,) = compare_texts(template.format("developing"), template.format("developed")).matches
    assert (match.differences.a_words, match.differences.b_words) == (("developing",), ("developed",))
    assert match.kind == "paraphrase" and match.score < 1


def test_a_telling_figure_and_a_word_in_common_make_a_match() -> None:
    # Two translations: "83" and "aftershocks" are all the clauses share, and 83 is no chance figure.
    rest_a = " Residents spent the night in parks and gardens."
    rest_b = " Many families chose to sleep outside in tents."
    comparison = compare_texts(
        "AFAD recorded 83 aftershocks." + rest_a, "There have been 83 aftershocks so far." + rest_b
    )
    (match,) = comparison.matches
    assert match.a[0].text == "AFAD recorded 83 aftershocks."
    # A small count or a year is common enough to share by chance: two terms are still two.
    for figure in ("two", "2023"):
        a, b = f"AFAD recorded {figure} aftershocks." + rest_a, f"There have been {figure} aftershocks so far." + rest_b
        assert compare_texts(a, b).matches == (), figure


def test_the_sentence_before_a_reworded_pair_in_its_paragraph_pairs_on_little() -> None:
    # Two translations (tests/eval/translation_flood): the forecast shares only "Tuesday" and rain /
    # rainfall, and three left-out sentences lie before it; the sentence after it pairs at 0.36.
    a = load_article(EVAL / "translation_flood_a.txt").body
    b = load_article(EVAL / "translation_flood_b.txt").body
    start_a, start_b = a.index("Meteorologists expect"), b.index("Forecasters say")

    def paired(comparison: Comparison) -> bool:
        return any(
            any(s.start == start_a for s in m.a) and any(s.start == start_b for s in m.b) for m in comparison.matches
        )

    assert paired(compare_texts(a, b))
    # Its place is the evidence, and a reader who asks for no pairing by place (gap_sentences = 0) gets
    # none here either: it scores under the least a match found by its words may.
    assert not paired(compare_texts(a, b, MatchSettings(gap_sentences=0)))


def test_a_name_that_begins_a_sentence_in_one_account_and_not_in_the_other_ties_them_to_one_event() -> None:
    # Each account names six people, places and figures of its own; they share Selva and Tirano, and
    # Navimar, which opens a sentence in a (where a capitalised word may be no name) and stands inside
    # one in b. Counted, they are accounts of one event; not counted, they were called different
    # events and nothing but copies could match.
    a = (
        "Ferries between the port of Selva and the island of Tirano stopped when crews walked out over pay, "
        "and harbour officials said 2,800 passengers were stranded.\n\n"
        "Navimar, which runs the ferries, said the strike was illegal and offered talks on Monday.\n\n"
        "Union leader Carla Moretti told reporters in Ostrava that crews had not had a rise since 2019."
    )
    b = (
        "Crews on the ferries from Selva walked out over pay, leaving travellers to Tirano stranded, "
        "the harbour authority said.\n\n"
        "The operator, Navimar, called the stoppage unlawful and proposed talks.\n\n"
        "Mayor Dario Fontana urged both sides to settle quickly before the holiday weekend in Vescia, where 40 "
        "boats wait."
    )
    paired = [m.a[0].text.split(",")[0] for m in compare_texts(a, b).matches]
    assert paired == [
        "Ferries between the port of Selva and the island of Tirano stopped when crews walked out over pay",
        "Navimar",
    ]
    # The same word opening a sentence in both is no evidence that it is a name: "Officials" is not.
    assert compare_texts(a.replace("Navimar", "Officials"), b.replace("Navimar", "officials")).matches == ()


def test_the_sentence_beside_a_copy_is_the_host_texts_own() -> None:
    copied = "The Kestrel Point station, which opened in 1974, supplies about 40% of the city's electricity."
    a = f"Coal came to the valley early. Miners on Tuesday recall the station's heat. {copied}"
    b = f"The council voted on Tuesday to close the station's last unit. {copied}"
    comparison = compare_texts(a, b)
    assert [m.a[0].text for m in comparison.matches] == [copied]


def test_a_copied_block_is_one_match() -> None:
    reference = EVAL / "reuse_water.toml"
    essay, source = load_article(EVAL / "reuse_water_a.txt"), load_article(EVAL / "reuse_water_b.txt")
    comparison = compare_texts(essay.body, source.body)
    assert len(comparison.matches) == 2, "two copied blocks, two detections"
    big = max(comparison.matches, key=lambda m: m.extent("a")[1] - m.extent("a")[0])
    assert big.kind == "verbatim" and len(big.parts) >= 6
    assert reference.exists()


def test_a_short_reworded_sentence_of_a_translation_pairs() -> None:
    a = load_article(EVAL / "translation_parliament_a.txt")
    b = load_article(EVAL / "translation_parliament_b.txt")
    comparison = compare_texts(a.body, b.body)
    start_a = a.body.index("The verbal disagreement grew into a fistfight.")
    start_b = b.body.index("The verbal argument escalated")
    assert any(
        any(s.start <= start_a < s.end for s in m.a) and any(s.start <= start_b < s.end for s in m.b)
        for m in comparison.matches
    )


def test_reports_of_different_events_pair_nothing_but_copies() -> None:
    # Two match reports from one league weekend share "early in the second half" and "he said".
    a = load_article(EVAL / "unrelated_sport_a.txt")
    b = load_article(EVAL / "unrelated_sport_b.txt")
    assert compare_texts(a.body, b.body).matches == ()
    # A sentence copied from one into the other is still found.
    copied = b.body.split("\n\n")[1]
    assert len(compare_texts(a.body + "\n\n" + copied, b.body).matches) == 1


def test_verbatim_means_the_same_words() -> None:
    a = "The minister, who arrived in Geneva on Monday, met his counterpart for three hours of talks."
    b = "The minister, who arrived in Geneva late on Monday, met his counterpart for three hours of talks."
    (match,) = compare_texts(a, b).matches
    assert match.kind == "paraphrase"
    assert [op.tag for op in match.differences.ops if op.tag != "equal"] == ["insert"]
    (same,) = compare_texts(a, a.upper()).matches
    assert same.kind == "verbatim"


def test_the_word_diff_reads_a_replacement_as_one_step() -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_texts(a.body, b.body)
    steps = {
        (a.body[slice(*op.a)], b.body[slice(*op.b)])
        for m in comparison.matches
        for op in m.differences.ops
        if op.tag == "replace"
    }
    assert any("clarify" in x and "identify" in y for x, y in steps)


LATER_FLOORS = {"reuse_scattered": (6, 18, 2)}
"""Reference pairs added after the floor below was set: the matches found, the left-out phrases
reported and those inside a match at their first scoring (session 19: 6 of 6; 18 of 20 reported, the 2
others inside a match, sentences on the same city and plant paired loosely between the copies)."""


def test_quality_on_the_reference_pairs_stays_at_the_measured_floor() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    from evaluation import score_reference

    references = sorted(EVAL.glob("*.toml")) + sorted(EVAL_DIR.glob("*.toml"))
    scores = [score_reference(path, REPO / "seeds") for path in references]
    # Pairs added after the floor was set keep the floor they were first scored at, on their own: the
    # floor of the others does not move for them (bench/README, "Quality").
    later = {s.name: s for s in scores if s.name in LATER_FLOORS}
    assert set(later) == set(LATER_FLOORS)
    for name, (matches, reported_at_least, inside_at_most) in LATER_FLOORS.items():
        assert len(later[name].matches_found) >= matches, later[name].matches_missed
        assert len(later[name].left_out_found) >= reported_at_least, later[name].left_out_missed
        assert len(later[name].left_out_in_match) <= inside_at_most, later[name].left_out_in_match
    scores = [s for s in scores if s.name not in LATER_FLOORS]
    found = sum(len(s.matches_found) for s in scores)
    wanted = sum(s.match_total for s in scores)
    reported = sum(len(s.left_out_found) for s in scores)
    left_out = sum(s.left_out_total for s in scores)
    inside = sum(len(s.left_out_in_match) for s in scores)
    assert found / wanted >= 0.89, [m for s in scores for m in s.matches_missed]
    assert reported / left_out >= 0.97, [m for s in scores for m in s.left_out_missed]
    assert inside <= 1, [m for s in scores for m in s.left_out_in_match]
    assert all(s.detections == 0 for s in scores if not s.match_total), "no pair between unrelated accounts"


def test_the_best_total_gives_a_contested_partner_to_the_rival_when_the_owner_has_another() -> None:
    from cyberread.engine.align.assignment import best_total

    # Clause 0 of a (a lead) is a little closer to b's clause 0 than clause 1 of a (the real
    # counterpart) is, but the lead has a partner of its own: b's clause 1.
    scores = {(0, 0): 0.50, (0, 1): 0.45, (1, 0): 0.45}
    assert best_total(scores) == {(0, 1), (1, 0)}
    # A weak rival does not take a strong pair, whatever the total.
    assert best_total({(0, 0): 0.8, (0, 1): 0.3, (1, 0): 0.3}) == {(0, 0)}


def _leftovers_joined(text_a: str, text_b: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The spans a match of the two sentences' first pieces has once its leftovers are absorbed."""
    a, b = prepare(text_a, text_b, MatchSettings())
    assert len(a.pieces) == len(b.pieces) == 2, (a.pieces, b.pieces)
    (joined,) = absorb_leftovers(a, b, [Found(0.6, (0, 1), (0, 1))])
    return joined.a, joined.b


def test_the_rests_of_two_paired_sentences_that_say_one_thing_join_the_match() -> None:
    # The second halves share one word and say the rest in words of their own: each was reported as
    # left out by its account, though both say it.
    assert _leftovers_joined(
        "Rescue crews reached the flooded village of Sarno on Tuesday night, helped by a sudden drop in the river.",
        "Rescue teams got to the flooded village of Sarno late on Tuesday, as the river finally fell back.",
    ) == ((0, 2), (0, 2))


@pytest.mark.parametrize(
    "rest_a",
    [
        # Much more than the other's rest: content of its own.
        "the veteran diplomat said while attending the annual security forum of Asian nations in the capital.",
        # A figure the other's rest does not give.
        "the veteran diplomat said in Geneva as 40 delegations looked on.",
    ],
)
def test_a_rest_that_says_more_than_its_twin_stays_left_out(rest_a: str) -> None:
    joined_a, _ = _leftovers_joined(
        f"Open and inclusive networks must be built by every nation, {rest_a}",
        "Open and inclusive networks must be built by every nation, the veteran diplomat noted in Geneva.",
    )
    assert joined_a == (0, 1)


@pytest.mark.parametrize(("between", "joined"), [(" ", ((0, 2), (0, 2))), ("\n\n", ((0, 1), (0, 1)))])
def test_the_rest_of_a_sentence_and_the_next_sentence_of_the_other_account_join(
    between: str, joined: tuple[tuple[int, int], tuple[int, int]]
) -> None:
    # Where one account ends the sentence the match holds and goes on in the next one, the other goes
    # on in the same sentence: those two say one thing. A sentence of the next paragraph is no rest.
    a = f"Police detained fourteen protesters near the Varna port on Friday.{between}Most were freed by the evening."
    b = "Fourteen protesters were detained by police near the Varna port on Friday, most freed hours later."
    assert _leftovers_joined(a, b) == joined


def test_a_hyphenated_place_is_one_name_and_the_letters_of_an_abbreviation_are_no_words() -> None:
    # The summary named "Ust, Luga and Baltic"; a pair's words only in A read "U District Patricia"
    # (from "U.S. District Judge") and only in B "m" (from "a.m.").
    rest = " Officials in Pretoria welcomed the visit. The talks will resume in May."
    a = "Drones reached a gas terminal at Ust-Luga on the Baltic coast overnight." + rest
    b = "Officials in Pretoria welcomed the visit. The talks will resume in May."
    assert "names Ust-Luga and Baltic" in omission_summary(compare_texts(a, b), a, b, "A", "B")
    shared = "Judge Patricia Whitfield ruled that the chemical company is liable for the contamination"
    (match,) = compare_texts(f"U.S. District {shared} at 4 a.m.", f"{shared} on Monday.").matches
    assert match.differences.a_words == ("District",)


def test_a_year_counts_nothing_in_the_summary() -> None:
    # "gives 2023 earthquakes, 2020 killed": a year took the next word as the thing it counted.
    rest = " Officials in Pretoria welcomed the visit. The talks will resume in May."
    a = "Many buildings were damaged in the February 2023 earthquakes, and a quake in 2020 killed 41 people." + rest
    summary = omission_summary(compare_texts(a, rest.strip()), a, rest.strip(), "A", "B")
    assert "February 2023" in summary and "2020" in summary and "41 people" in summary
    assert "2023 earthquakes" not in summary and "2020 killed" not in summary


def test_a_unit_written_out_or_abbreviated_is_one_word_of_a_match() -> None:
    """Translations write a distance as "km" or "kilometres" (or "kilometers"): neither is a word the
    other side lacks."""
    comparison = compare_texts(
        "The quake struck at a depth of 9.4 kilometres, the agency said on Monday morning.",
        "The quake struck at a depth of 9.4 km, the agency said on Monday morning.",
    )
    (match,) = comparison.matches
    assert match.kind == "paraphrase"
    assert (match.differences.a_words, match.differences.b_words, match.differences.numbers) == ((), (), ())


def test_a_number_written_alone_is_given_by_the_others_share_of_that_figure() -> None:
    """ "only A gives six" was false where B says "almost six percentage points" (A's "nearly six points
    higher" is left out, cut from the clause B's sentence matches)."""
    a, b = ((REPO / "tests" / "eval" / f"translation_election_{side}.txt").read_text(encoding="utf-8") for side in "ab")
    comparison = compare_texts(a, b)
    assert any("six points" in passage.text for passage in comparison.a_only)
    summary = omission_summary(comparison, a, b, "A", "B")
    assert "only A names Finistère" in summary and "six" not in summary


def test_words_between_the_parts_of_a_quotation_are_no_quotation_left_out() -> None:
    """Both wire stories quote the SBU official's two sentences; A alone says he spoke "on condition of
    anonymity", between them: the summary said "only A quotes more of a senior SBU official"."""
    a, b = ((REPO / "tests" / "eval" / f"wire_drones_{side}.txt").read_text(encoding="utf-8") for side in "ab")
    comparison = compare_texts(a, b)
    assert any("anonymity" in passage.text for passage in comparison.a_only)
    assert "SBU official" not in omission_summary(comparison, a, b, "A", "B")


def test_a_governor_said_is_not_enough_to_pair_two_sentences() -> None:
    """Sharing the place, the office and "said" paired "Malatya's governor said a mother" with "The
    Malatya governor's office said 300 soldiers had been deployed", and hid the one fact only the third
    account (written by a helper from the other two) gives."""
    a = (REPO / "tests" / "eval" / "translation_quake_a.txt").read_text(encoding="utf-8")
    b = (REPO / "tests" / "data" / "quake_third_account.txt").read_text(encoding="utf-8")
    soldiers = "The Malatya governor's office said 300 soldiers had been deployed to help with the rescue effort."
    comparison = compare_texts(a, b)
    assert not any(soldiers in " ".join(span.text for span in match.b) for match in comparison.matches)
    assert any(passage.text == soldiers for passage in comparison.b_only)


def test_the_reporting_terms_are_the_stems_of_the_verbs_they_name() -> None:
    from cyberread.engine.align.growing import REPORTING_TERMS
    from cyberread.engine.text.words import stem

    forms = ("say", "says", "said", "saying", "tell", "tells", "told", "added")
    assert {stem(form) for form in forms} == REPORTING_TERMS


def test_a_name_the_other_account_spells_otherwise_is_not_its_own() -> None:
    # Two translations of one report: "only A names Al-Sisi ... only B names Sissi" of one president.
    a = (
        "President Abdel Fattah Al-Sisi received Ukrainian President Volodymyr Zelenskyy in Cairo on Monday."
        " Al-Sisi said Egypt was ready to buy more Ukrainian wheat. Talks on Gaza followed."
    )
    b = (
        "Egypt's president, Abdel Fattah el-Sissi, received Volodymyr Zelensky in Cairo on Monday."
        " The two discussed a ceasefire in Gaza and the Red Sea. Minister Sameh Shoukry joined them."
    )
    summary = omission_summary(compare_texts(a, b), a, b, "A", "B")
    assert "Al-Sisi" not in summary and "Sissi" not in summary and "Zelensky" not in summary
    assert "Shoukry" in summary  # a name the other account does not give, spelled any way


def test_a_telephone_number_is_no_figure_of_the_story() -> None:
    # A press release's contact line gave the summary "gives … 44" (the country code of "+44 1223 …").
    shared = "Halden Biosystems said on Tuesday it would build a research centre employing 320 people in Cambridge."
    a = f"{shared} Media contact: press@halden.example, +44 1223 000 000. The centre opens in 2027."
    b = f"{shared} Parking near the site will be limited, the council said."
    summary = omission_summary(compare_texts(a, b), a, b, "A", "B")
    assert "2027" in summary and "44" not in summary and "1223" not in summary
