"""The FreeDict Finnish<->Swedish dictionary: lookups by lemma/stem, glossary precedence, the data file."""
import importlib.util
import random
import re
from pathlib import Path

from indexer.language import dictionary, morph
from indexer.language.dictionary import MAX_TRANSLATIONS, lexicon, translations

ROOT = Path(__file__).resolve().parent.parent


def _converter():
    spec = importlib.util.spec_from_file_location("freedict_convert", ROOT / "tools" / "freedict_convert.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_swedish_inflected_forms_translate_to_finnish_base_forms():
    assert translations("arbetslös", "sv")[0] == "työtön"
    assert translations("arbetslösa", "sv")[0] == "työtön"
    assert translations("sjukhuset", "sv") == ("sairaala",)  # -et, which Snowball leaves on
    assert translations("anslaget", "sv")[0] == "määräraha"
    assert "joustava" in translations("flexibla", "sv")  # flexibel drops its e
    assert translations("nya", "sv")[0] == "uusi"  # too short for the stemmer


def test_freedict_itself_knows_arbetslos_apart_from_the_glossary():
    entries = lexicon("sv").forward[morph.sv_stem("arbetslös")]
    assert any(e.headword == "arbetslös" and e.translations[0] == "työtön" for e in entries)


def test_finnish_inflected_forms_translate_to_swedish_base_forms():
    assert translations("sairaalassa", "fi")[0] == "sjukhus"
    assert translations("työttömät", "fi")[0] == "arbetslös"
    assert "daghem" in translations("päiväkodissa", "fi")
    assert "alfabet" in translations("aakkosia", "fi")  # headword "aakkoset", lemma "aakkonen"


def test_the_glossary_wins_over_general_senses():
    assert "kokeilu" in translations("försöket", "sv")
    assert "yritys" not in translations("försök", "sv")  # FreeDict's "attempt" sense
    assert translations("hemvården", "sv") == ("kotihoito",)


def test_hemvard_is_the_glossarys_job():
    assert morph.sv_stem("hemvård") not in lexicon("sv").forward


def test_stopwords_short_words_numbers_and_unknown_words_get_nothing():
    for word, lang in [("och", "sv"), ("för", "sv"), ("oli", "fi"), ("jotka", "fi"), ("ja", "fi"),
                       ("1990", "sv"), ("xqzvw", "fi"), ("e-post", "sv"), ("sjukhus", "en")]:
        assert translations(word, lang) == (), word


def test_place_names_translate_as_names_only():
    assert translations("vantaalla", "fi") == ("vanda",)
    assert translations("lahdessa", "fi") == ("lahtis",)  # not the bay
    assert translations("liperissä", "fi") == ()  # not the clerical collar
    assert translations("tammerfors", "sv") == ("tampere",)


def test_a_shared_stem_alone_is_not_a_match():
    # Snowball stems "extern" and "extas" (ecstasy) both to "ext"
    assert translations("extern", "sv") == ()
    # "tee" (tea) also reads as a form of "tehdä", but "tekivät" means doing
    assert "te" not in translations("tekivät", "fi")


def test_translations_are_few_lowercase_single_words():
    for lang in ("fi", "sv"):
        for table in (lexicon(lang).forward, lexicon(lang).backward):
            for entries in table.values():
                for entry in entries:
                    assert all(re.fullmatch(r"\w+", t) and t == t.lower() for t in entry.translations)
    assert len(translations("hoito", "fi")) <= MAX_TRANSLATIONS


def test_precomputed_finnish_keys_agree_with_morphology():
    rows = dictionary._read("fi")
    for entry, keys in random.Random(11).sample(rows, 150):
        lemmas = morph.fi_lemmas(entry.headword)
        assert keys == (() if entry.headword in lemmas else lemmas), entry.headword


def test_converter_reads_numbered_senses_and_drops_remarks():
    conv = _converter()
    entry = ("finaali /fˈinaːlɪ/ <n>\n1. final 2.\nloppukilpailu\n 3.\nmoniosaisen sävellyksen osa\n"
             "2. finalkasus\neräs sijamuoto\n")
    assert conv.parse_entry(entry) == ("finaali", ["final", "finalkasus"])
    entry = "hajautus /hˈajautus/ <n>\nspridning (av risk), decentralisering\nse, että hajautetaan\n"
    assert conv.parse_entry(entry) == ("hajautus", ["spridning", "decentralisering"])
    assert conv.parse_entry("ismi /ˈismɪ/ <suffix>\nism\naatteiden nimissä\n") is None
    assert conv.parse_entry("1 mooseksen kirja <pn>\nFörsta Moseboken\nkirja\n") is None
    assert conv.parse_entry("Lahti /lˈahtɪ/ <pn>\nLahtis\n") == ("Lahti", ["Lahtis"])


def test_a_stem_snowball_cuts_twice_still_meets_its_headword():
    # "rektor" is keyed "rekt" but "rektorer" stems to "rektor": the stem's own stem meets it
    assert "rehtori" in translations("rektorer", "sv")
    assert "kurssi" in translations("kurser", "sv")
