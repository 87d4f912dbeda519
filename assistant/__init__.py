"""Kokeiluhaku's assistant: answers quoted verbatim from the reports, without a language model.

A language model would write fluent answers and invent citations; this one
can only point. It reads the question with lexicons and Voikko, finds
sentences with the search core, and quotes them, so every claim in an answer
is a sentence of a source with its page; when no sentence covers the
question it says so and offers the nearest sections instead of guessing.
It runs offline on a CPU in well under the 300 ms budget of one chat turn.

One turn (`answer.chat(snap, message, history)`), module by module:

    understand.py  question -> Reading: language (fi/sv), intent (fact, figure,
                   list, field, abstain), municipality (any inflection, Swedish
                   names, area fallback), operating model, poster field,
                   topic terms with their lemma/stem/translation forms
    followup.py    earlier user turns re-read and merged: "Entä Oulussa?" swaps
                   the place, "Juurtuiko se?" the field, the topic carries over
    retrieve.py    at most two searches via Snapshot.search: the place's posters
                   (filtered by model and field) and the whole corpus
    sentences.py   passage -> sentences as (start, end) spans of the passage text,
                   so a quote is a slice of it and verbatim by construction
    quotes.py      sentence scores (coverage of topic terms and figures, place,
                   field, language), the answerability test, 1-3 quotes
    lists.py       list questions from the posters and the municipality table
    answer.py      the lead in the question's language, the response, abstention
    lexicon.py     cues (data/cues.yaml) and phrases (data/phrases.yaml)

The lexicons are data: a missed cue word is fixed by editing YAML, not code.
"""
