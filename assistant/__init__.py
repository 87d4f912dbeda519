"""Kokeiluhaku's assistant: answers quoted verbatim from the reports, without a language model.

A language model would write fluent answers and invent citations; this one
can only point. It reads the question with lexicons and Voikko, finds
sentences with the search core, and quotes them, so every claim in an answer
is a sentence of a source with its page; when no sentence covers the
question it says so and offers the nearest sections instead of guessing.
It runs offline on a CPU in well under the 300 ms budget of one chat turn.

One turn (`answer.chat(snap, message, history)`), module by module:

    understand.py  question -> Reading: language (fi/sv), intent (fact, figure,
                   list, field, abstain), the kind of answer asked (person, reason,
                   money, definition), municipality (only a word that is a place),
                   operating model, poster field, topic terms
    fieldmodel.py  the poster field a question names in other words than the cues', read
                   from the words each field's cells use across the posters
    forms.py       the forms of a word both sides are matched by (lemmas, roots, stems)
    subject.py     the poster a question is about: named by its title, the place's
                   only poster, or the one holding every topic word; its own model wins
    followup.py    earlier user turns re-read and merged: the subject is the poster the
                   last answer quoted (re-derived by answering the earlier turn again);
                   "Entä Oulussa?" swaps the place, "Juurtuiko se?" the field
    retrieve.py    at most two searches via Snapshot.search: the subject poster or the
                   place's posters (filtered by model and field) and the whole corpus
    sentences.py   passage -> sentences as (start, end) spans of the passage text,
                   so a quote is a slice of it and verbatim by construction
    kinds.py       what a sentence is: a heading, a figure of the asked kind, a name
    quotes.py      sentence scores
    choose.py      1-3 quotes, neighbours as one citation, introductions carrying their lists
    answerable.py  does the best sentence answer, or must the assistant abstain
    lists.py       list questions from the posters and the municipality table
    answer.py      the lead naming the poster or section quoted, abstention
    reply.py       the reply dict and its citations, built in one place
    lexicon.py     cues (data/cues.yaml) and phrases (data/phrases.yaml)

The lexicons are data: a missed cue word is fixed by editing YAML, not code.
"""
