"""The reply shape (assistant.reply) and the word forms (assistant.forms): one place each."""
from assistant.forms import term_forms, verb_of, word_forms
from assistant.reply import citation_of, make_reply

RESULT = {"id": "d:1", "doc": "d", "doc_title": "D", "section": ["Luku 1"], "page": 3, "url": "/asiakirjat/d#d:1",
          "citation": "D, luku 1, s. 3", "text": "Ensimmäinen lause. Toinen lause.", "lang": "fi"}


def test_citation_is_a_slice_of_the_passage():
    c = citation_of(RESULT, 19, 32)
    assert c["text"] == "Toinen lause." and c["section"] == "Luku 1" and c["passage"] == "d:1"


def test_reply_has_the_api_shape_for_quotes_and_abstentions():
    c = citation_of(RESULT, 0, 18)
    quoted = make_reply("Lähteessä sanotaan:", [c], {"intent": "fact"})
    assert quoted["answer"] == "Lähteessä sanotaan:\n\n[1] ”Ensimmäinen lause.” (D, luku 1, s. 3)"
    refused = make_reply("En löytänyt.", [], {}, abstained=True, extra_lines=["– D"])
    for reply in (quoted, refused):
        assert {"ok", "answer", "lead", "citations", "abstained", "interpreted", "nearest"} <= set(reply)
    assert refused["abstained"] and refused["answer"] == "En löytänyt.\n– D"


def test_verb_and_action_noun_meet():
    assert verb_of("kehittäminen") == "kehittää" and verb_of("talo") == ""
    assert term_forms("rahoitettiin") & word_forms("rahoitus")  # a verb in the question, a noun in the text
    assert term_forms("johdettiin") & word_forms("johtamista")
