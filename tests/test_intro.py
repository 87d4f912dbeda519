"""An introducing sentence is judged by the lines it introduces, and quoted with them."""
from assistant.forms import is_postposition, term_forms
from assistant.intro import introduced, with_lines
from assistant.quotes import score_all
from assistant.retrieve import Candidate
from assistant.sentences import split
from assistant.understand import Reading, Term, generic

TEXT = ("Seuranta\nSeurantaa varten koottiin:\n- kuukausittaiset käyntitilastot\n- asiakaspalautteet\n"
        "Seuranta kokosi tilastoja ja palautteita monesta lähteestä vuosien ajan.")
RESULT = {"id": "d:2", "doc": "d", "doc_title": "Raportti", "section": ["2 Seuranta"], "page": 3,
          "url": "/d#2", "citation": "D, luku 2", "lang": "fi", "text": TEXT}


def test_the_lines_an_introduction_brings_are_its_list_items():
    sents = split(TEXT)
    assert [sents[j].text for j in introduced(TEXT, sents, 1)] == ["kuukausittaiset käyntitilastot",
                                                                   "asiakaspalautteet"]
    assert introduced(TEXT, sents, 4) == []  # an ordinary sentence introduces nothing


def test_an_introduction_is_judged_with_its_lines_but_quoted_alone():
    sents = split(TEXT)
    whole = with_lines(sents, 1, introduced(TEXT, sents, 1))
    assert "asiakaspalautteet" in " ".join(whole.words) and whole.start == sents[1].start
    terms = [Term(w, term_forms(w)) for w in ("käyntitilastoja", "koottiin")]
    scored = score_all(Reading(message="", terms=terms), [Candidate(RESULT, 0, False)])
    best = scored[0]
    assert best.sentence.text == "Seurantaa varten koottiin:" and best.carried & terms[0].forms


def test_a_postposition_is_no_required_topic_word():
    assert is_postposition("varten") and not is_postposition("tilasto")
    assert generic(Term("varten", term_forms("varten")))
