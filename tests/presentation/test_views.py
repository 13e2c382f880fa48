"""Saved views: specs to and from the URL, the list operations, and view → figure/table/key figures."""

from __future__ import annotations

import base64

import pytest

from dashboard import specs, views
from dashboard.specs import MeasuresSpec, TrendSpec
from tests.presentation.conftest import SPECS


def test_specs_survive_the_url_and_bad_input_is_dropped():
    text = specs.encode(SPECS)
    assert "=" not in text and "/" not in text and "+" not in text
    assert specs.decode(text) == SPECS
    assert specs.encode([]) == ""
    for bad in ("", "%%%", "bm9uc2Vucw", base64.urlsafe_b64encode(b'{"page": "trender"}').decode()):
        assert specs.decode(bad) == []
    mixed = base64.urlsafe_b64encode(b'[{"page":"hemlig"},{"page":"atgarder","round":2021},'
                                     b'{"page":"trender"}]').decode()
    assert specs.decode(mixed) == [MeasuresSpec(2021)]


def test_list_can_be_reordered_shortened_and_does_not_repeat_the_last_view():
    a, b, c = SPECS[:3]
    assert specs.move([a, b, c], 0, 1) == [b, a, c]
    assert specs.move([a, b, c], 2, -1) == [a, c, b]
    assert specs.move([a, b, c], 0, -1) == [a, b, c]  # clamped
    assert specs.remove([a, b, c], 1) == [a, c]
    assert specs.add([a], a) == [a]
    assert specs.add([a], b) == [a, b]


def test_trend_view_has_figure_table_key_figures_and_notes(panel):
    view = views.build(SPECS[0], panel)
    assert view.figure is not None
    assert "Invånare i hushåll med ekonomiskt bistånd" in view.figure.layout.title.text
    assert list(view.table.frame["Område"]) == ["Berga", "Skäggetorp", "Linköpings kommun", "Jämförbara kommuner",
                                                "Riket"]
    assert list(view.table.frame.columns)[1:] == [str(y) for y in range(2015, 2025)]
    assert [k.heading for k in view.key_figures] == ["Berga 2024", "Skäggetorp 2024"]
    skaggetorp = view.key_figures[1]
    assert skaggetorp.value == "18,0\u00a0%"
    assert skaggetorp.lines[0].endswith("sedan 2015 – bättre")
    assert "högre än kommunen – sämre" in skaggetorp.lines[1]
    assert "riket" in skaggetorp.lines[2]
    notes = view.speaker_notes()
    assert "Källa: Linköpings kommun, socialförvaltningen" in notes
    assert "Definition: " in notes and "EXEMPELDATA" in notes


def test_the_csv_download_holds_the_stored_values_behind_the_trend_view(panel):
    """Beside the Excel table: the same values in the export's tidy shape, for the districts,
    kommun, riket and the comparison group's kommuner the chart is made of, in its years."""
    import csv
    import io

    from loaders import export

    view = views.build(SPECS[0], panel)
    rows = list(csv.DictReader(io.StringIO(panel.values_csv(view.tables[0].values).decode())))
    assert list(rows[0]) == export.COLUMNS
    members = set(panel.groups().set_index("group_id").loc["jamforbara", "members"])
    assert {r["area_code"] for r in rows} == {"0580-BER", "0580-SKA", "0580", "00"} | members
    assert {r["indicator_id"] for r in rows} == {SPECS[0].indicator} and {r["sex"] for r in rows} == {"totalt"}
    assert {int(r["year"]) for r in rows} == set(range(2015, 2025))
    skaggetorp = next(r for r in rows if r["area_code"] == "0580-SKA" and r["year"] == "2024")
    assert float(skaggetorp["value"]) == pytest.approx(18.0)


def test_every_figure_says_source_and_export_date(panel):
    for spec in SPECS:
        view = views.build(spec, panel)
        texts = [a.text for a in view.figure.layout.annotations]
        assert any(t.startswith("Källa:") for t in texts), spec
        assert any(t.startswith("Exporterad ") and "Indikatorpanelen" in t for t in texts), spec
        if view.example:
            assert "EXEMPELDATA" in view.figure.layout.title.subtitle.text


def test_ranking_and_status_views(panel):
    ranking = views.build(SPECS[1], panel)
    assert ranking.title == "Meritvärde åk 9 – stadsdelarna 2024"
    assert list(ranking.table.frame["Område"])[-3:] == ["Linköpings kommun", "Jämförbara kommuner", "Riket"]
    assert {k.heading for k in ranking.key_figures} == {"Berga 2024", "Ryd 2024", "Skäggetorp 2024"}
    assert all(k.lines[0].startswith("rang ") for k in ranking.key_figures)
    status = views.build(SPECS[2], panel)
    assert list(status.table.frame["Totalt"]) == [16, 13, 9, 12, 10]
    assert list(status.key_figures[0].lines) == ["✔ Genomförd: 12 (20 %)", "➜ Pågår: 42 (70 %)",
                                                 "✖ Ej genomförd: 6 (10 %)"]


def test_views_that_cannot_be_built_say_so_in_swedish(panel):
    with pytest.raises(views.ViewError, match="finns inte längre"):
        views.build(TrendSpec("finns_inte", (), (2015, 2024)), panel)
    with pytest.raises(views.ViewError, match="ingen uppföljning"):
        views.build(MeasuresSpec(1999), panel)


def test_sheet_names_are_short_unique_and_legal(panel):
    built = [views.build(s, panel) for s in SPECS + SPECS[:1]]
    names = views.sheet_names(built, extra=["Om exporten"])
    assert len(names) == len(set(n.lower() for n in names)) == 5
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert names[0].startswith("1 Trender")
