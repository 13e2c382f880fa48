from pathlib import Path

import pytest

from tests.spreadsheets import xlsx_bytes
from loaders.atgarder import normalise_decision, responsible_units
from loaders.errors import ImportFailed
from loaders.importer import parse

REGISTER = Path("data/atgarder_2020_uppfoljning_2021.xlsx")
HEADER = ["Id", "Åtgärd", "Beskrivning", "Utvecklingsområde", "Område", "Ansvarig",
          "Finansiering och tid", "Plan", "Uppföljningsår", "Status", "Kommentar",
          "Beslut inför nästa år"]


def test_bundled_register_holds_the_real_2021_follow_up(ref):
    batch = parse(REGISTER.read_bytes(), REGISTER.name, ref)
    assert len(batch.measures) == 60 and len(batch.followups) == 60
    assert not batch.example  # real data, never labelled as example
    counts = batch.followups["status"].value_counts().to_dict()
    assert counts == {"pågår": 42, "genomförd": 12, "ej genomförd": 6}
    per_area = batch.followups.merge(batch.measures, on="measure_id").groupby(
        ["development_area", "status"]).size().unstack(fill_value=0)
    assert per_area.loc[4].to_dict() == {"ej genomförd": 1, "genomförd": 0, "pågår": 11}
    assert set(batch.followups["round"]) == {2021}
    first = batch.measures.set_index("measure_id").loc["1.1"]
    assert first.title == "Bilda områdesteam"
    assert list(first.districts) == ["0580-BER", "0580-RYD", "0580-SKA"]
    assert batch.followups["decision_text"].notna().all()  # original wording kept


@pytest.mark.parametrize("text, decision", [
    ("Vidmakthållen åtgärd 2022.", "vidmakthålls"),
    ("Vidmakthållen åtgärd 2022 (ihopslagen med annan åtgärd).", "vidmakthålls"),
    ("Vidareutvecklad och konkretiserad i flera åtgärder 2022.", "vidareutvecklas"),
    ("Ingår i åtgärd om brottsförebyggande arbete 2022.", "ingår i annan åtgärd"),
    ("Inarbetas i åtgärd om samverkan med polisen 2022.", "ingår i annan åtgärd"),
    ("Finns ej med i åtgärdsplan 2022.", "utgår"),
    ("Åtgärd tas inte med 2022 eftersom den är genomförd.", "utgår"),
    (("Finns ej med i åtgärdsplan 2022 eftersom det är genomfört men utbildningen kommer "
     "vidareutvecklas och fortgå."), "utgår"),
    ("LOS kommer fortsätta men finns inte med som åtgärd 2022.", "utgår"),
    ("", None),
])
def test_decision_wordings_are_normalised(text, decision):
    assert normalise_decision(text) == decision


def test_every_bundled_decision_is_understood(ref):
    batch = parse(REGISTER.read_bytes(), REGISTER.name, ref)
    assert batch.followups["decision"].notna().all()
    assert not batch.warnings


def test_responsible_units_are_department_abbreviations():
    assert responsible_units("SOF och KLF (SÄK)") == ["SOF", "KLF"]
    assert responsible_units("UAF för genomförande i skolan, KoF för genomförande i fritidsverksamhet") == \
        ["UAF", "KoF"]
    assert responsible_units("SOF, Leanlink") == ["SOF", "Leanlink"]


def row(measure_id="1.1", status="Pågår", area=1, round_=2022):
    return [measure_id, "Titel", "", area, "Berga", "SOF", "", "Plan", round_, status, "", ""]


def test_a_later_round_in_its_own_sheet_is_kept_beside_the_first(ref):
    data = xlsx_bytes({"Uppföljning 2021": [HEADER, row(round_=2021)],
                       "Uppföljning 2022": [HEADER, row(status="Genomförd", round_=2022)]})
    batch = parse(data, "register.xlsx", ref)
    assert sorted(zip(batch.followups["round"], batch.followups["status"])) == \
        [(2021, "pågår"), (2022, "genomförd")]


def test_status_word_that_is_not_a_status(ref):
    data = xlsx_bytes({"Uppföljning 2022": [HEADER, row(status="Klar")]})
    with pytest.raises(ImportFailed, match="rad 2, kolumn «Status».*«Klar» är ingen status"):
        parse(data, "register.xlsx", ref)


def test_measure_in_the_wrong_development_area(ref):
    data = xlsx_bytes({"Uppföljning 2022": [HEADER, row(measure_id="2.4", area=3)]})
    with pytest.raises(ImportFailed, match="åtgärd 2.4 hör till utvecklingsområde 2, inte 3"):
        parse(data, "register.xlsx", ref)


def test_duplicate_measure_in_one_round(ref):
    data = xlsx_bytes({"Uppföljning 2022": [HEADER, row(), row()]})
    with pytest.raises(ImportFailed, match="rad 3, kolumn «Id».*åtgärd 1.1 finns redan på rad 2"):
        parse(data, "register.xlsx", ref)
