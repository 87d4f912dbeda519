"""Posters a question's title words cannot tell apart are told apart by their cells' words."""
from assistant.forms import term_forms
from assistant.subject import _content_leader, identify
from assistant.understand import Reading, Term
from indexer.model import Poster


def poster(pid: str, title: str, text: str) -> Poster:
    return Poster(id=pid, title=title, municipalities=["Kouvola"], model="Valvonta",
                  fields={"learned": text, "goal": "Tuli paljon asioita."})


class NoPlaces:
    def resolve(self, name: str) -> None:
        return None


class FakeSnap:
    """Three pilots of one district ("Mäntylän alue - …") and others; "tuli" is said by every poster."""

    def __init__(self):
        self.places = NoPlaces()
        self.posters = [poster("a", "Mäntylän alue - korjaukset", "Peltikatto vuoti ja korjattiin."),
                        poster("b", "Mäntylän alue - henkilöstö", "Vuorolistat uusittiin."),
                        poster("c", "Mäntylän alue - kerhot", "Kerhot kokoontuivat."),
                        *(poster(f"x{i}", f"Muu kokeilu {i}", "Tuli hyvä mieli.") for i in range(4))]


def term(text: str, name: bool = False) -> Term:
    return Term(text, term_forms(text), name=name)


def test_a_rare_word_of_one_posters_cells_leads():
    snap = FakeSnap()
    leader = _content_leader(snap, snap.posters[:3], [term("peltikaton"), term("tuli")])
    assert leader is not None and leader.id == "a"


def test_no_leader_when_only_common_words_match():
    snap = FakeSnap()
    assert _content_leader(snap, snap.posters[:3], [term("tuli")]) is None


def test_a_district_name_shared_by_titles_is_settled_by_the_cells():
    snap = FakeSnap()
    r = Reading(message="", terms=[term("mäntylän", name=True), term("alueen"), term("vuorolistojen")])
    identify(snap, r)
    assert r.poster == "b"


def test_a_shared_common_title_word_names_no_poster():
    snap = FakeSnap()
    r = Reading(message="", terms=[term("kokeilun"), term("mielestä")])
    identify(snap, r)
    assert r.poster is None


class TitledSnap(FakeSnap):
    """Titles a question may name outright, by a compound holding them, or only by a shared root."""

    def __init__(self):
        super().__init__()
        self.posters = [poster("p", "Perhehoito kotona", "Hoitajat valmennettiin."),
                        poster("k", "Kotihoidon yövuorot", "Hoitajat kiersivät."),
                        poster("e", "Erityisasuminen", "Asunnot valmistuivat."), *self.posters[3:]]

    def find_posters(self, municipality: str = "", model: str = "") -> tuple[list, dict]:
        return [p for p in self.posters if municipality in p.municipalities], {}


def test_a_title_word_said_outright_names_surest():
    from assistant.subject import title_hit

    snap = TitledSnap()
    assert title_hit(snap, term("perhehoidon"), "p") == 1.0
    assert title_hit(snap, term("perhehoitokokeilussa"), "p") == 0.5  # a compound holding the title word
    assert title_hit(snap, term("asumisen"), "e") < 0.5  # the title is the more specific one: proves little
    assert title_hit(snap, term("perhehoidon"), "x0") == 0.0


def test_a_compound_naming_one_title_beats_a_root_shared_with_another():
    snap = TitledSnap()
    r = Reading(message="", municipality="Kouvola", terms=[term("perhehoitokokeilussa"), term("yöhoidon")])
    identify(snap, r)  # "yöhoidon" meets "Kotihoidon" only by their shared root
    assert r.poster == "p"
