"""Choosing quotes: headings are never answers, introductions carry their lines, figures of the asked kind."""
from assistant.choose import carry
from assistant.kinds import has_money, is_heading, label_forms
from assistant.quotes import Scored
from assistant.retrieve import Candidate
from assistant.sentences import split

RESULT = {"id": "d:4.1", "doc": "d", "doc_title": "Loppuraportti", "section": ["4.1 Aineiston kerääminen"],
          "page": 16, "url": "/asiakirjat/d#d:4.1", "citation": "D, luku 4.1", "lang": "fi",
          "text": "Aineiston kerääminen\nMikä on aineisto?\nAineisto kerättiin:\n- kyselyillä\n- haastatteluilla\n"
                  "Vastauksia tuli paljon."}


def test_headings_and_questions_are_not_answers():
    labels = label_forms(RESULT)
    heading, question, intro, *_ = split(RESULT["text"])
    assert is_heading(heading, labels) and is_heading(question, labels)
    assert not is_heading(intro, labels)  # it ends with a colon: a sentence that introduces


def test_introducing_sentence_carries_the_lines_it_introduces():
    sents = split(RESULT["text"])
    cand = Candidate(RESULT, 0, False)
    group = carry([Scored(cand, 2, sents[2], 1.0, [], [])])
    span = RESULT["text"][group[0].sentence.start:group[-1].sentence.end]
    assert "kyselyillä" in span and "haastatteluilla" in span and RESULT["text"].find(span) >= 0


def test_money_is_a_sum_not_a_share():
    euros, share = split("Säästö oli 40 000 €. Säästö oli noin 5-10 %.")
    assert has_money(euros) and not has_money(share)


def test_announcing_sentence_without_a_colon_brings_its_one_line():
    result = dict(RESULT, text="Hakivat seuraavat kunnat (ja kumppanit)\nHelsinki, Espoo, Turku.\nMuuta tekstiä.")
    sents = split(result["text"])
    group = carry([Scored(Candidate(result, 0, False), 0, sents[0], 1.0, [], [])])
    assert [s.sentence.text for s in group] == ["Hakivat seuraavat kunnat (ja kumppanit)", "Helsinki, Espoo, Turku."]


def test_the_asked_figure_in_the_next_sentence_joins_the_quote(snap):
    from assistant.choose import carry_figure
    from assistant.understand import understand

    reading = understand("Paljonko kokeilu säästi?", snap)
    text = "Kokeilun tulos kirjattiin kolmessa kunnassa 23 asukkaan kohdalla. Vuoden säästö oli 40 000 euroa."
    result = dict(RESULT, text=text)
    sents = split(text)
    group = carry_figure(reading, [Scored(Candidate(result, 0, False), 0, sents[0], 1.0, [], [])])
    assert [s.index for s in group] == [0, 1]  # "23 asukkaan" is no saving; "säästö oli 40 000" is


def test_an_economy_question_wants_costs_or_savings(snap):
    from assistant.kinds import speaks_money, type_score
    from assistant.understand import understand

    reading = understand("Millainen vaikutus kokeilulla oli talouteen?", snap)
    saving, other = split("Kustannussäästö oli noin 5-10 %. Asukkaat ideoivat suunnittelua.")
    assert reading.asks == "economy" and speaks_money(saving.words) and not speaks_money(other.words)
    assert type_score(reading, saving) > type_score(reading, other)
