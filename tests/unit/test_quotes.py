"""Quotations and misquotes, framing, omissions by weight and the reader's verdicts, on short pairs
written the way wires and papers write them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cyberread.engine.align import compare, quotes
from cyberread.engine.align.alone import omission_summary
from cyberread.engine.align.compare import compare_texts
from cyberread.engine.align.omissions import heaviest_first
from cyberread.engine.align.quotes import find_quotations
from cyberread.engine.align.result import LeftOut, Quotation
from cyberread.engine.align.verdicts import Verdict, apply_verdicts
from cyberread.engine.ingest.articles import load_article
from tests.conftest import REPO, seed_path

OPENING = "The interior ministry reported the blast near the central station on Tuesday evening.\n\n"
CLOSING = "\n\nRescue teams worked through the night to clear the rubble from the square."


def only_match(a: str, b: str):
    """The match holding the middle paragraph of the two accounts, between a shared opening and close."""
    comparison = compare_texts(OPENING + a + CLOSING, OPENING + b + CLOSING)
    middle = len(OPENING) + len(a) // 2
    (found,) = [m for m in comparison.matches if any(s.start <= middle < s.end for s in m.a)]
    return comparison, found


def words(body_a: str, body_b: str, ops) -> list[tuple[str, str, str]]:
    return [(op.tag, body_a[slice(*op.a)], body_b[slice(*op.b)]) for op in ops if op.tag != "equal"]


def test_a_faithful_quote_is_the_same_on_both_sides() -> None:
    a = 'Minister Karim Haddad said: "This was a terrorist attack on our people and we will answer it."'
    b = '"This was a terrorist attack on our people and we will answer it," Karim Haddad told reporters.'
    _, match = only_match(a, b)
    assert match.quote == "same"
    assert match.speakers == ("Karim Haddad", "Karim Haddad")
    assert match.quoted == ()


def test_a_changed_quote_is_a_misquote_with_the_diff_of_the_quoted_words_only() -> None:
    a = "Interior minister Karim Haddad called it “a terrorist attack on the heart of our capital” on Tuesday."
    b = "Interior minister Karim Haddad called it “an attack on the heart of our capital” late on Tuesday."
    comparison, match = only_match(a, b)
    assert match.quote == "misquote"
    body_a, body_b = OPENING + a + CLOSING, OPENING + b + CLOSING
    changed = words(body_a, body_b, match.quoted)
    assert changed == [("replace", "a terrorist", "an")]
    # "late" is outside the quotation marks: the reporter's word, not the minister's
    assert all("late" not in new for _, _, new in changed)
    mirrored = compare_texts(body_b, body_a)
    assert mirrored == comparison.mirrored()


@pytest.mark.parametrize(
    ("said_a", "said_b"),
    [
        # Two translations of one remark (tests/eval/translation_parliament).
        ("What happened today is a disgrace for the parliament", "Today's events are a disgrace to parliament"),
        # A short quote whose one content word the other does not give.
        ("a vigilant", "a watchful and exacting opposition"),
    ],
)
def test_quotes_in_words_of_their_own_are_reworded_not_misquoted(said_a: str, said_b: str) -> None:
    a = f"Speaker Kanybek Osmonov called a recess on Monday and said the opposition would be “{said_a}” in the end."
    b = f"Speaker Kanybek Osmonov called a recess on Monday and said the opposition would be “{said_b}” in the end."
    _, match = only_match(a, b)
    assert match.quote == "reworded"
    assert match.quoted == ()  # the match's own word diff shows the words


def test_a_quote_against_a_paraphrase_is_one_sided() -> None:
    a = '"We will rebuild the station within a year and compensate every family," Haddad said.'
    b = "Haddad said the government would rebuild the station within a year and compensate every family."
    _, match = only_match(a, b)
    assert match.quote == "one_side"
    assert match.speakers == ("Haddad", None)


def test_a_changed_reporting_verb_and_an_added_qualifier_are_framing() -> None:
    a = 'The group said the "resistance fighters" carried out the attack on the station on Tuesday evening.'
    b = 'The group claimed its so-called "resistance fighters" carried out the attack on the station on Tuesday.'
    _, match = only_match(a, b)
    framing = {(f.kind, f.a.text if f.a else None, f.b.text if f.b else None) for f in match.framing}
    assert ("verb", "said", "claimed") in framing
    assert ("qualifier", None, "so-called") in framing


def test_a_quote_broken_by_he_said_is_one_quotation_of_one_speaker() -> None:
    body = (
        "Karim Haddad visited the site on Wednesday.\n\n"
        '"We will find those responsible," he said, "and they will face justice."'
    )
    (quote,) = find_quotations(body)
    assert [p.text for p in quote.parts] == ["We will find those responsible", "and they will face justice."]
    assert quote.speaker == "Karim Haddad"


def test_a_quote_over_paragraphs_is_one_quotation() -> None:
    body = (
        "Haddad spoke for an hour. “We lost eleven people tonight.\n\n"
        "“We will not forget them,” said Haddad.\n\nThe crowd fell silent."
    )
    (quote,) = find_quotations(body)
    assert [p.text for p in quote.parts] == ["We lost eleven people tonight.", "We will not forget them"]
    assert quote.speaker == "Haddad"


def test_seed_quotes_run_over_paragraphs_and_name_wang() -> None:
    sputnik = load_article(seed_path("004")).body
    quotes = find_quotations(sputnik)
    over = [q for q in quotes if len(q.parts) > 1]
    assert over and over[0].parts[0].text.startswith("It is necessary") and "All parties" in over[0].parts[1].text
    assert all(q.speaker == "Wang" for q in quotes)


def test_omissions_weigh_names_numbers_and_quotes_above_colour() -> None:
    shared = "The summit on water security opened in Geneva on Monday with delegates from many countries."
    a = "\n\n".join(
        [
            shared,
            "The weather was mild and the hall was full of people.",
            "Delegates from 45 countries, including Brazil and South Africa, signed the Geneva water charter.",
            '"Water is not a weapon," said Maria Alvarez, the conference chair.',
        ]
    )
    comparison = compare_texts(a, shared)
    passages = comparison.a_only
    assert all(isinstance(p, LeftOut) for p in passages)
    order = [passages[i].text[:12] for i in heaviest_first(passages)]
    assert order[-1].startswith("The weather")
    heavy = passages[heaviest_first(passages)[0]]
    assert isinstance(heavy, LeftOut)
    assert heavy.weight > 0.6
    charter = next(p for p in passages if "charter" in p.text)
    assert isinstance(charter, LeftOut)
    assert "45 countries" in charter.carries.numbers and "Brazil" in charter.carries.names
    summary = omission_summary(comparison, a, shared, "Reuters", "AFP")
    assert summary.startswith("only Reuters names") and "45 countries" in summary and "Maria Alvarez" in summary


@pytest.mark.parametrize(
    ("sentence", "named", "not_named"),
    [
        ("Chinese Central Foreign Affairs Office Director Wang Yi proposed a concept.", "Wang Yi", "Office Wang Yi"),
        (
            "Secretary of the Security Council of the Russian Federation Nikolai Patrushev spoke.",
            "Nikolai Patrushev",
            "Federation Nikolai",
        ),
        ("Chinese President Xi Jinping proposed the initiative.", "Xi Jinping", "Chinese Xi"),
        # A place between the office and the person, which the account names on its own elsewhere.
        (
            "Minister in the Presidency of South Africa Khumbudzo Ntshavheni spoke. Talks in South Africa went on.",
            "Khumbudzo Ntshavheni",
            "Africa Khumbudzo",
        ),
        # ... and a person's first name is no place where it is not named alone.
        (
            "Chief Adviser of the Presidency Celso Luiz Nunes Amorim spoke.",
            "Celso Luiz Nunes Amorim",
            "names Luiz",
        ),
        # Not a person: an assembly keeps its whole name ("General" is no title here), less the word that
        # opened the sentence; a ministry too.
        ("Delegates of the United Nations General Assembly listened.", "United Nations General Assembly", "Delegates"),
        ("The Chinese Foreign Ministry said so.", "Chinese Foreign Ministry", "Chinese Ministry"),
    ],
)
def test_the_summary_names_a_person_without_the_office_before_the_name(
    sentence: str, named: str, not_named: str
) -> None:
    shared = "The security meeting of the five countries opened in Johannesburg on Monday with a call for peace."
    a = f"{shared}\n\n{sentence}"
    summary = omission_summary(compare_texts(a, shared), a, shared, "Sputnik", "Xinhua")
    assert named in summary and not_named not in summary


def test_a_figure_both_accounts_give_is_not_said_to_be_given_by_one_alone() -> None:
    shared = "The summit on water security opened in Geneva on Monday with delegates from many countries."
    a = f"{shared}\n\nThe harbour repairs after the storm will cost $5 million and take until 14 March."
    b = f"{shared}\n\nA separate school programme was also given $5 million, with work due on 14 March."
    comparison = compare_texts(a, b)
    assert any("$5 million" in p.text for p in comparison.a_only)  # left out: the passages differ
    summary = omission_summary(comparison, a, b, "Reuters", "AFP")
    assert "$5 million" not in summary and "14 March" not in summary
    c = f"{shared}\n\nA separate school programme was also given $7 million, with work due on 15 March."
    assert "gives $5 million and 14 March" in omission_summary(compare_texts(a, c), a, c, "Reuters", "AFP")


def test_a_range_of_days_is_one_figure_and_an_ordinal_comes_with_what_it_orders() -> None:
    shared = "The summit on water security opened in Geneva on Monday with delegates from many countries."
    a = f"{shared}\n\nThe 13th Meeting of the ministers will run from August 22 to 24 in Pretoria, and again 3-5 May."
    summary = omission_summary(compare_texts(a, shared), a, shared, "Reuters", "AFP")
    assert "gives 13th Meeting, August 22 to 24 and 3-5 May" in summary
    # An ordinal before a name comes with the name's first words, and is given where the other gives it.
    d = f"{shared}\n\nThe 12th International Meeting of High Representatives for Security Issues opened."
    assert "gives 12th International Meeting" in omission_summary(compare_texts(d, shared), d, shared, "R", "A")
    e = f"{shared}\n\nFarmers drove tractors into the square for the 12th time this year."
    assert omission_summary(compare_texts(d, e), d, e, "R", "A") == "only R names Security Issues"
    # An ordinal in words is no figure: "the second half", "the Second World War".
    c = f"{shared}\n\nIn the second half of the Second World War the harbour closed for the first time."
    assert "gives" not in omission_summary(compare_texts(c, shared), c, shared, "Reuters", "AFP")
    # Given by the other account, each end of a range as a value of its own: not this account's alone.
    b = f"{shared}\n\nOn August 22 the 13th Meeting opens; it closes by the 24 and meets again 3-5 May."
    assert "only Reuters gives" not in omission_summary(compare_texts(a, b), a, b, "Reuters", "AFP")


def test_the_seed_pairs_summary_says_nothing_the_other_account_also_says() -> None:
    """The Global Times names "Chinese senior diplomat Wang Yi" and both accounts quote him: Sputnik's
    "Chinese Central Foreign Affairs Office Director Wang Yi" is no name it alone gives, and neither
    account alone quotes Wang."""
    times, sputnik = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_texts(times.body, sputnik.body)
    summary = omission_summary(comparison, times.body, sputnik.body, "Global Times", "Sputnik")
    assert "Wang Yi" in times.body and "Wang Yi" in sputnik.body
    assert "Wang Yi" not in summary and "quotes Wang" not in summary
    assert "only Global Times names" in summary and "Nikolai Patrushev" in summary


def test_a_left_out_passage_carries_only_the_quoted_words_it_holds() -> None:
    """Sputnik quotes Wang in one sentence, of which the Global Times carries the end ("to promote
    peaceful use of cyberspace ... 'color revolutions'"): the passage Sputnik alone has carries the
    quotation up to where the pair begins, marked as running on, not the words the pair holds."""
    sputnik, times = load_article(seed_path("004")), load_article(seed_path("001"))
    comparison = compare_texts(sputnik.body, times.body)
    (passage,) = [p for p in comparison.a_only if p.text.startswith('"It is vital to uphold')]
    assert isinstance(passage, LeftOut)
    (quoted,) = passage.carries.quotes
    assert quoted.startswith("It is vital to uphold") and quoted.endswith("…")
    assert "color revolutions" not in quoted and quoted[:-1] in passage.text


def test_a_day_is_no_speaker_and_he_is_the_person_the_sentence_before_is_about() -> None:
    # Seed 002: "China urge int'l co-op" (its headline), "A senior Chinese official said Thursday",
    # then "Wang Chen, chief of the Information Office of China's State Council, made the remarks",
    # then two quotes "he said".
    body = seed_path("002").read_text(encoding="utf-8")
    assert [q.speaker for q in find_quotations(body)][:2] == ["Wang Chen", "Wang Chen"]
    body = (
        "Officials said Thursday that talks would go on. Speaker Kanybek Osmonov called a recess and asked"
        ' the two deputies to leave. When the sitting resumed, he said: "Today\'s events are a disgrace."'
    )
    assert [q.speaker for q in find_quotations(body)] == ["Kanybek Osmonov"]
    # A time before a name begins the sentence, not the name (tests/eval/reuse_edited_a).
    body = (
        "The street had three butchers. Today Casa Morales is the only food shop left.\n\nMorales came to"
        ' London in 1999. "Everyone told me east London didn\'t want Spanish cheese," she says.'
    )
    assert not any((q.speaker or "").startswith("Today") for q in find_quotations(body))


def test_the_summary_said_before_is_not_said_of_other_passages() -> None:
    """account_alone remembers what it said by the passages it read: a verdict that puts a rejected
    match back among the left-out passages, or other passages of the same bodies, are read afresh."""
    shared = "The summit on water security opened in Geneva on Monday with delegates from many countries."
    extra = "Delegates from 45 countries, including Brazil, signed the Geneva water charter."
    a = shared + "\n\n" + extra
    b = shared + "\n\n" + extra.replace("45", "46").replace("Brazil", "Chile")
    comparison = compare_texts(a, b)
    before = omission_summary(comparison, a, b, "A", "B")
    assert before == omission_summary(comparison, a, b, "A", "B")
    rejected = apply_verdicts(
        comparison, [Verdict("rejected", m.extent("a"), m.extent("b")) for m in comparison.matches], a, b
    )
    after = omission_summary(rejected, a, b, "A", "B")
    assert after != before and "only A" in after and "only B" in after
    assert omission_summary(replace(rejected, a_only=()), a, b, "A", "B").startswith("only B")


def test_verdicts_accept_reject_and_link_on_the_seed_pair() -> None:
    a, b = load_article(seed_path("001")).body, load_article(seed_path("004")).body
    comparison = compare_texts(a, b)
    first, second = comparison.matches[0], comparison.matches[1]
    verdicts = [
        Verdict("accepted", first.extent("a"), first.extent("b")),
        Verdict("rejected", second.extent("a"), second.extent("b")),
    ]
    judged = apply_verdicts(comparison, verdicts, a, b)
    assert judged.matches[0].verdict == "accepted"
    assert second not in judged.matches and judged.rejected[0].a == second.a
    assert any(s.start <= second.a[0].start < s.end for s in judged.a_only)
    assert len(judged.a_only) > len(comparison.a_only) - 1
    # link the rejected passage in a with the first passage b left out
    target = comparison.b_only[0]
    linked = apply_verdicts(judged, [Verdict("linked", second.extent("a"), (target.start, target.end))], a, b)
    made = [m for m in linked.matches if m.verdict == "linked"]
    assert len(made) == 1 and made[0].b[0].start == target.start
    assert all(s.start != target.start for s in linked.b_only)
    assert made[0].differences.ops


def test_a_name_ending_an_apposition_is_not_the_speaker() -> None:
    from cyberread.engine.align.quotes import find_quotations

    body = (
        "Chinese diplomat Wang Yi said on Monday that talks had begun.\n\n"
        "Wang, member of the Political Bureau and also director of the Office of the Commission for Foreign "
        'Affairs said the meeting must resist "color revolutions" in every form.'
    )
    (quote,) = find_quotations(body)
    assert quote.speaker == "Wang Yi"


def test_a_quotation_in_an_endless_line_is_read_with_the_words_around_it_only() -> None:
    # A line with no sentence end: the frame stops FRAME_REACH characters out, at a whole word, and
    # the speaker beside the quotation is still found.
    filler = "and the talks went on " * 2_000
    body = filler + 'Wang Yi said "we will keep cooperating closely" ' + filler
    opening = body.index('"')
    closing = body.index('"', opening + 1) + 1
    frame = quotes._frame(body, [(opening, closing)])
    assert len(frame) <= 2 * quotes.FRAME_REACH + 10
    assert frame.split()[0] in filler.split()
    assert "Wang Yi said" in frame
    (quotation,) = find_quotations(body)
    assert quotation.speaker == "Wang Yi"


def test_an_account_and_a_copy_of_it_are_read_as_one_string(monkeypatch: pytest.MonkeyPatch) -> None:
    # What is read of a body is kept by the body; an equal copy found there compared every character
    # of it at each of its thousands of lookups.
    body = "“We will keep talking,” Wang Yi said. “The talks resume on Monday,” Naledi Pandor said.\n" * 40
    copy = "".join(list(body))
    assert copy == body and copy is not body
    seen: list[str] = []

    def found(text: str) -> tuple[Quotation, ...]:
        seen.append(text)
        return quotes.find_quotations(text)

    monkeypatch.setattr(compare, "find_quotations", found)
    assert compare_texts(body, copy) == compare_texts(body, body)
    assert len(seen) == 4 and all(text is seen[0] for text in seen)


@pytest.mark.parametrize(
    ("attributed", "speaker"),
    [
        ("said the regional governor, Giulia Ferrante.", "Giulia Ferrante"),
        ("said chief executive John Smith.", "John Smith"),
        ("said a local resident, Ana Costa, who lost her car.", "Ana Costa"),
        # No word saying what the speaker is: the name after the verb is no speaker of this quote.
        ("said the talks with Marco Zanetti.", "Luca Benedetti"),
    ],
)
def test_a_speaker_described_before_their_name_is_the_speaker(attributed: str, speaker: str) -> None:
    # The description before the name ("said the regional governor, Giulia Ferrante") was not read, and
    # the quote went to the last person the text named: the misquote was said to be Benedetti's.
    visit = "Prime Minister Luca Benedetti visited the town on Tuesday."
    body = f"{visit}\n\n“The water rose faster than anyone feared,” {attributed}"
    (quotation,) = find_quotations(body)
    assert quotation.speaker == speaker


@pytest.mark.parametrize(
    ("body", "quoted"),
    [
        # A name in quotation marks, said by no one: not a quotation (it was "the same quote" of the
        # last person named).
        ("Investigators suspect the LockBit affiliate known as “Harbor Spider.”\n\nThe attack began on Monday.", []),
        ("The “Operation Clean Sweep” raids began at dawn.", []),
        # Capitalised words someone is said to have said are a quotation all the same.
        ("“We Will Win,” Smith said at the rally.", ["We Will Win"]),
        ("“We will win,” Smith said at the rally.", ["We will win"]),
    ],
)
def test_a_name_in_quotation_marks_is_no_quotation(body: str, quoted: list[str]) -> None:
    assert [body[q.parts[0].start : q.parts[0].end] for q in find_quotations(body)] == quoted


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # Who was told is not who spoke; the one who spoke is described, not named.
        (
            'The port was hit, according to Reuters calculations. "These are legitimate targets," a senior'
            " SBU official told Reuters.",
            "a senior SBU official",
        ),
        # A sentence's subject described, then "he said": not the agency last named for its figures.
        (
            "At least 14 people died, according to AFAD. The interior minister spoke in Malatya."
            ' "Our teams will not stop until the last citizen is reached," he said.',
            "the interior minister",
        ),
        ('Figures came from AFAD, AFAD said. "This is a miracle," the governor said.', "the governor"),
        # ... but "the Chinese diplomat" names again the person last named speaking.
        ('Wang Yi said cyberspace matters. "Not a new battlefield," the Chinese diplomat noted.', "Wang Yi"),
        # No verb of saying: the person the quote's own sentence opens with, not the last speaker.
        (
            "Almazbek Tursunov said the plants were failing. Nurlan Sadykov cut him off, describing the claims as"
            ' "cheap populism and nothing more".',
            "Nurlan Sadykov",
        ),
        ('Morvan said she would talk. Le Bihan promised his group would be "a watchful opposition".', "Le Bihan"),
    ],
)
def test_the_speaker_is_who_the_sentence_says_spoke(text: str, speaker: str) -> None:
    (quotation,) = find_quotations(text)
    assert quotation.speaker == speaker


def test_a_quote_one_account_cuts_short_is_a_misquote_wherever_the_match_ends() -> None:
    # The company's quote, cut inside its match, was a misquote; the judge's, cut where the match
    # ended ("as early as 2009," she wrote / "... 2009, and that the company chose not to report
    # them ..."), was the same quote, the cut words only a left-out passage.
    from tests.conftest import REPO

    a, b = (load_article(REPO / "tests" / "eval" / f"wire_trial_{side}.txt").body for side in "ab")
    comparison = compare_texts(a, b)
    cut = {}
    for match in comparison.matches:
        quoted = " ".join(span.text for span in match.a)
        for opening in ("The record leaves no genuine dispute", "We have invested more than $30 million"):
            if opening in quoted:
                cut[opening] = match
    assert {opening: match.quote for opening, match in cut.items()} == {
        "The record leaves no genuine dispute": "misquote",
        "We have invested more than $30 million": "misquote",
    }
    dropped = " ".join(
        a[op.a[0] : op.a[1]] for op in cut["The record leaves no genuine dispute"].quoted if op.tag == "delete"
    )
    assert "chose not to report them" in dropped


def test_a_sentence_opened_by_a_surname_alone_is_about_that_person() -> None:
    """The shop "Casa Morales" was named last as a sentence's subject, but "Morales, who grew up ..."
    is Lucía Morales: "she says" is hers."""
    body = (
        "On a wet Tuesday morning, Lucía Morales is slicing jamón behind the counter of Casa Morales. "
        "Today Casa Morales is the only independent food shop left on the street.\n\n"
        "Morales, who grew up in a village outside Jaén, came to London in 1999. "
        '"Everyone told me east London did not want Spanish cheese," she says.'
    )
    assert [quote.speaker for quote in find_quotations(body)] == ["Morales"]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        # A person described as the sentence's subject, nearer than any name: not the body named before.
        (
            "The German Weather Service measured 150 litres of rain. Bavaria's interior minister visited the"
            ' region on Monday. "We will not leave anyone alone," he promised.',
            "Bavaria's interior minister",
        ),
        (
            "Midfielder Iker Sanz was sent off after an hour. Celta's coach criticised the referee's decision."
            ' "It was a soft second yellow and it killed the game," he said.',
            "Celta's coach",
        ),
        # "denies Getafe": who was denied, not who speaks; the coach is described by his club's name.
        (
            "Late leveller denies Getafe at El Sadar\n\nThe Getafe coach said his side had sat too deep."
            ' "We should have killed the game when we had the chance," he said.',
            "the Getafe coach",
        ),
        # "she" and no one named or described as a subject: someone, not the last capitalised words.
        (
            "In the keynote, the head of a response team said incidents in Southeast Asia had doubled.\n\n"
            '"A hospital cannot tell patients to come back next week," she told the audience.',
            None,
        ),
    ],
)
def test_he_or_she_is_the_person_the_text_was_about(body: str, speaker: str | None) -> None:
    assert [quote.speaker for quote in find_quotations(body)] == [speaker]


def test_a_quotation_cut_short_is_said_to_leave_words_out_and_one_changed_to_differ() -> None:
    from cyberread.engine.render.common import match_notes

    said = "The company said it would repair the pipes"
    a = f'"We have invested $30 million in cleanup at Millbrook and will do the right thing," {said}.'
    b = f'"We have invested $30 million in cleanup at Millbrook," {said}.'
    c = f'"We have invested $30 million in cleanup at Millbrook and will do the wrong thing," {said}.'
    for other, label in (
        (b, "misquote: one side's quotation leaves words out, none changed"),
        (c, "misquote: the quoted words differ"),
    ):
        (match,) = compare_texts(a, other).matches
        assert match.quote == "misquote"
        assert dict(match_notes(match, a, other))["Quote"].startswith(label)


def test_a_speaker_is_listed_once_under_the_fullest_name() -> None:
    """The summary said "quotes Wang and Wang Yi" of one man."""
    from cyberread.engine.align.alone import _one_each

    assert _one_each(["Wang", "the governor", "Wang Yi", "more of Morales"]) == [
        "the governor",
        "Wang Yi",
        "more of Morales",
    ]
    assert _one_each(["more of Wang", "Wang Yi"]) == ["Wang Yi"]


def test_two_translations_of_one_remark_are_no_misquote_and_accused_is_a_loaded_verb() -> None:
    a, b = (
        (REPO / "tests" / "eval" / f"translation_parliament_{side}.txt").read_text(encoding="utf-8") for side in "ab"
    )
    comparison = compare_texts(a, b)
    (disgrace,) = [m for m in comparison.matches if any("disgrace" in span.text for span in m.a)]
    assert disgrace.quote == "reworded"  # half the words of each: another translation, not a changed quote
    (accused,) = [m for m in comparison.matches if any("accused" in span.text for span in m.a)]
    assert [(c.kind, c.label) for c in accused.framing] == [("verb", "accused → claimed")]
