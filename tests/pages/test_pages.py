"""Every page renders with the bundled data and reacts to its choices (AppTest).

AppTest cannot read a chart, so the Plotly figure JSON is read from the element's proto;
tables are read as the DataFrames the page handed to st.dataframe.
"""

from __future__ import annotations

import html
import json
import re

import pytest

PAGES = {
    "pages/oversikt.py": "Översikt – Skäggetorp",
    "pages/trender.py": "Trender",
    "pages/omradesprofil.py": "Områdesprofil – Skäggetorp",
    "pages/jamforelse.py": "Jämförelse",
    "pages/atgarder.py": "Åtgärder",
    "pages/indikatorer_och_atgarder.py": "Indikatorer och åtgärder",
}


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace_names(at, index: int = 0) -> list[str]:
    return [t.get("name") for t in charts(at)[index]["data"]]


def chart_title(at, index: int = 0) -> str:
    return charts(at)[index]["layout"]["title"]["text"]


def panel_titles(at, index: int = 0) -> list[str]:
    """The panels' titles in Områdesprofil's grid figure (bold texts above each cell)."""
    return [unescaped(a["text"]) for a in charts(at)[index]["layout"]["annotations"]
            if a["text"].startswith("<b>")]


def unescaped(text: str) -> str:
    """Markdown as the reader sees it: imported and message text is shown backslash-escaped
    (``fmt.md``), and the escapes are not on screen."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'%@;/?])", r"\1", text)


def texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "subheader", "title")
             for e in getattr(at, kind)]
    return "\n".join(unescaped(str(p)) for p in parts)


def metrics(at) -> dict[str, str]:
    """{label as shown: value} of every st.metric (labels are Markdown, escaped like texts)."""
    return {unescaped(m.label): m.value for m in at.metric}


def cards(at) -> dict[str, dict]:
    """Översikt's key-figure cards as a reader sees them: {«name (year)»: {value, change,
    verdict, lines}}, read from the HTML lists the page hands to st.html."""
    out = {}
    for block in at.html:
        for item in re.findall(r'<li class="ip-kort-rad">(.*?)</li>', block.proto.body, flags=re.S):
            text = {cls: [html.unescape(re.sub(r"<[^>]+>", "", t)).strip()
                          for t in re.findall(rf'<p class="{cls}">(.*?)</p>', item, flags=re.S)]
                    for cls in ("ip-kort-namn", "ip-kort-varde", "ip-kort-delta", "ip-kort-jmf")}
            out[text["ip-kort-namn"][0]] = {"value": text["ip-kort-varde"][0],
                                            "change": (text["ip-kort-delta"] or [""])[0],
                                            "lines": text["ip-kort-jmf"]}
    return out


def downloads(at) -> list[str]:
    return [d.label for d in at.get("download_button")]


# ----------------------------------------------------------------------------- all pages

@pytest.mark.parametrize(("page", "title"), list(PAGES.items()))
def test_every_page_renders_with_the_bundled_data(app, page, title):
    at = app(page)
    assert at.title[0].value == title
    assert not at.error
    assert any("Exempeldata" in w.value for w in at.warning), "the example-data banner is missing"
    assert at.get("plotly_chart"), "no chart"
    labels = downloads(at)
    excel = [label for label in labels if label.startswith("Ladda ner Excel")]
    assert excel and set(labels) - set(excel) <= {"Ladda ner CSV (värdena)"}
    assert len(excel) >= len(at.dataframe), "a table without its Excel download"
    if page in ("pages/trender.py", "pages/jamforelse.py", "pages/omradesprofil.py"):
        assert "Ladda ner CSV (värdena)" in labels, "values shown without their CSV download"
    for chart in at.get("plotly_chart"):
        config = json.loads(chart.proto.config)
        assert config["toImageButtonOptions"]["width"] == 1920
        assert config["toImageButtonOptions"]["filename"]


def test_a_link_reproduces_the_view(app):
    # AppTest must first run the default page (Översikt), which binds Område and Kön there;
    # so Kön is checked on Översikt and the Trender choices on Trender.
    at = app(omrade="Berga", kon="Kvinnor")
    assert at.selectbox(key="omrade").value == "0580-BER"
    assert at.radio(key="kon").value == "kvinnor"
    assert at.title[0].value == "Översikt – Berga"
    at = app("pages/trender.py", indikator="Meritvärde åk 9", omraden=["Berga", "Ryd"], ar=["2015", "2020"])
    assert at.selectbox(key="indikator").value == "meritvarde_ak9"
    assert at.multiselect(key="omraden").value == ["0580-BER", "0580-RYD"]
    assert at.slider(key="ar").value == (2015, 2020)
    table = at.dataframe[0].value
    assert list(table["Område"]) == ["Berga", "Ryd", "Linköpings kommun", "Jämförbara kommuner", "Riket"]
    assert list(table.columns) == ["Område", "2015", "2016", "2017", "2018", "2019", "2020"]


# ----------------------------------------------------------------------------- Översikt

def test_oversikt_changes_with_the_district(app):
    at = app()
    skaggetorp = cards(at)
    label = "Invånare i hushåll med ekonomiskt bistånd (2024)"
    assert at.selectbox(key="omrade").value == "0580-SKA"
    assert skaggetorp[label]["value"] == "18,0\u00a0%"
    assert skaggetorp[label]["change"].endswith("sedan 2012 bättre")   # 24,7 % (2012) -> 18,0 %
    at.selectbox(key="omrade").set_value("0580-BER").run()
    berga = cards(at)
    assert at.title[0].value == "Översikt – Berga"
    assert berga[label]["value"] != skaggetorp[label]["value"]
    assert any(line.endswith("högre än kommunen (3,1\u00a0%) – sämre") for line in berga[label]["lines"])
    assert '<strong class="ip-ord">sämre</strong>' in "".join(b.proto.body for b in at.html)
    assert at.dataframe[0].value.columns[4] == "Berga"        # the indicator table, before the status table


def test_oversikt_shows_measure_status_counts(app):
    at = app()
    shown = metrics(at)
    assert (shown["✔ Genomförd"], shown["➜ Pågår"], shown["✖ Ej genomförd"]) == ("12", "42", "6")
    assert shown["Gäller Skäggetorp"] == "53 av 60"
    counts = at.dataframe[-1].value                            # the status table comes last
    assert list(counts["Totalt"]) == ["16", "13", "9", "12", "10"]  # shown as text, as Swedes read numbers


def test_oversikt_kon_changes_values(app):
    at = app()
    before = cards(at)
    at.radio(key="kon").set_value("kvinnor").run()
    after = cards(at)
    label = "Invånare i hushåll med ekonomiskt bistånd (2024)"
    assert after[label]["value"] != before[label]["value"]


# ----------------------------------------------------------------------------- Trender

def test_trender_draws_chosen_districts_and_references(app):
    at = app("pages/trender.py")
    assert trace_names(at)[:6] == ["Berga", "Ryd", "Skäggetorp", "Linköpings kommun", "Jämförbara kommuner", "Riket"]
    at.multiselect(key="omraden").set_value(["0580-RYD", "0580-LAM"]).run()
    assert trace_names(at)[:5] == ["Ryd", "Lambohov", "Linköpings kommun", "Jämförbara kommuner", "Riket"]
    assert list(at.dataframe[0].value["Område"]) == [
        "Ryd", "Lambohov", "Linköpings kommun", "Jämförbara kommuner", "Riket"]


def test_trender_changes_with_the_indicator(app):
    at = app("pages/trender.py")
    assert "Invånare i hushåll med ekonomiskt bistånd" in chart_title(at)
    before = at.dataframe[0].value
    at.selectbox(key="indikator").set_value("meritvarde_ak9").run()
    assert "Meritvärde åk 9" in chart_title(at)
    assert charts(at)[0]["layout"]["yaxis"]["title"]["text"] == "Poäng"
    assert at.dataframe[0].value.iloc[0, 1] != before.iloc[0, 1]


def test_trender_year_range_and_views(app):
    at = app("pages/trender.py")
    at.slider(key="ar").set_value((2018, 2022)).run()
    assert list(at.dataframe[0].value.columns) == ["Område", "2018", "2019", "2020", "2021", "2022"]
    at.segmented_control(key="vy").set_value("gap").run()
    assert "skillnad mot kommunen" in chart_title(at).replace("<br>", " ")
    assert "Linköpings kommun" not in list(at.dataframe[0].value["Område"])
    at.radio(key="matt").set_value("ratio").run()
    assert "kvot mot kommunen" in chart_title(at).replace("<br>", " ")
    at.segmented_control(key="vy").set_value("index").run()
    table = at.dataframe[0].value
    assert (table["2018"] == "100,0").all()  # the index, shown with its one decimal


def test_trender_women_and_men_side_by_side(app):
    at = app("pages/trender.py")
    at.toggle(key="delat").set_value(True).run()
    table = at.dataframe[0].value
    assert set(table["Kön"]) == {"Kvinnor", "Män"}
    layout_texts = {a["text"] for a in charts(at)[0]["layout"]["annotations"]}
    assert {"Kvinnor", "Män"} <= layout_texts


def test_trender_explains_gaps_and_refuses_gap_view_for_counts(app):
    at = app("pages/trender.py", omraden=["Tornby-Kallerstad"])
    at.radio(key="kon").set_value("kvinnor").run()
    assert "Lucka i linjen – prickat" in texts(at)
    assert "Tornby-Kallerstad – uppgift saknas" in trace_names(at)
    at.selectbox(key="indikator").set_value("forsorjningsstod_hushall").run()
    at.segmented_control(key="vy").set_value("gap").run()
    assert "Skillnad mot kommunen visas inte för antal" in texts(at)
    assert "Linköpings kommun" not in trace_names(at)


# ----------------------------------------------------------------------------- Områdesprofil

def test_omradesprofil_changes_with_the_district(app):
    at = app("pages/omradesprofil.py")
    assert len(at.get("plotly_chart")) == 1  # the first utvecklingsområde's tab: its panels in one figure
    assert len(panel_titles(at)) == 3
    assert "Skäggetorp" in set(at.dataframe[0].value["Område"])
    at.selectbox(key="omrade").set_value("0580-RYD").run()
    assert at.title[0].value == "Områdesprofil – Ryd"
    areas = set(at.dataframe[0].value["Område"])
    assert "Ryd" in areas and "Skäggetorp" not in areas
    assert "Ryd" in trace_names(at)


def test_omradesprofil_draws_only_the_open_utvecklingsomrade(app):
    """Every indicator with values for the district is in one tab, and only the open tab's
    charts are sent; the link says which tab is open."""
    at = app("pages/omradesprofil.py")
    labels = [tab.label for tab in at.tabs]
    assert labels == ["1. Trygghet och delaktighet", "2. Arbete och sysselsättning", "3. Utbildning",
                      "4. Livsmiljöer", "5. Fritid"]
    seen: list[str] = []
    for label in labels:
        at.query_params["profil_uo"] = label
        at.run()
        assert not at.exception
        assert len(charts(at)) == 1
        titles = panel_titles(at)
        assert titles and not set(titles) & set(seen), f"{label}: {titles}"
        seen += titles
        # the table under the grid holds the values of the indicators drawn, and says so
        tabled = set(at.dataframe[0].value["Indikator"])
        assert len(tabled) == len(titles), f"{label}: {tabled} for {titles}"
        assert label in " ".join(unescaped(h.value) for h in at.subheader)
    assert len(seen) == 10
    assert "Meritvärde åk 9" in "".join(seen)


def test_omradesprofil_falls_back_to_totals_when_there_is_no_split(app):
    at = app("pages/omradesprofil.py")
    at.radio(key="kon").set_value("kvinnor").run()
    assert "Finns inte uppdelad på kön – visar totalt." in texts(at)


# ----------------------------------------------------------------------------- Jämförelse

def test_jamforelse_ranks_and_reacts_to_indicator_and_year(app):
    at = app("pages/jamforelse.py")
    table = at.dataframe[0].value
    assert list(table["Rang"][:3]) == [1, 2, 3]
    assert list(table["Område"][-3:]) == ["Linköpings kommun", "Jämförbara kommuner", "Riket"]
    assert at.select_slider(key="jamforelsear").value == 2024
    at.select_slider(key="jamforelsear").set_value(2015).run()
    assert "2015" in chart_title(at) or "2015" in charts(at)[0]["layout"]["title"]["subtitle"]["text"]
    assert not table.equals(at.dataframe[0].value)
    at.selectbox(key="indikator").set_value("meritvarde_ak9").run()
    top = at.dataframe[0].value
    values = top["Värde (poäng)"][:10].tolist()
    assert values == sorted(values, reverse=True)  # higher is better


def test_jamforelse_says_when_there_is_nothing_to_rank(app):
    at = app("pages/jamforelse.py", indikator="Delaktighetsindex")
    assert "finns inte per stadsdel" in texts(at)
    assert not at.get("plotly_chart")


# ----------------------------------------------------------------------------- Åtgärder

def test_atgarder_table_filters_and_single_round(app):
    at = app("pages/atgarder.py")
    measures = at.dataframe[-1].value
    assert len(measures) == 60
    assert "Det finns ingen uppföljning före 2021" in texts(at)
    at.multiselect(key="filter_status").set_value(["genomförd"]).run()
    filtered = at.dataframe[-1].value
    assert len(filtered) == 12 and set(filtered["Status"]) == {"✔ Genomförd"}
    assert metrics(at)["Visade åtgärder"] == "12 av 60"
    assert "Ladda ner Excel (12 rader)" in downloads(at)
    at.multiselect(key="filter_status").set_value([]).run()
    at.multiselect(key="filter_omrade").set_value(["Mottagande skolor"]).run()
    only = at.dataframe[-1].value
    assert list(only["Områden"]) == ["Mottagande skolor"]


def test_atgarder_round_choice_and_changes(use_store, two_round_store):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP, TIMEOUT

    use_store(two_round_store)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at.switch_page("pages/atgarder.py").run()
    assert not at.exception
    assert at.selectbox(key="omgang").value == 2022
    changes = at.dataframe[-1].value
    assert sorted(changes["Id"]) == ["1.2", "2.1", "4.1"]
    assert list(changes.columns[3:5]) == ["Status 2021", "Status 2022"]
    status_2022 = dict(zip(at.dataframe[-2].value["Id"], at.dataframe[-2].value["Status"], strict=True))
    assert status_2022["1.2"] == "✔ Genomförd"
    at.selectbox(key="omgang").set_value(2021).run()
    status_2021 = dict(zip(at.dataframe[-1].value["Id"], at.dataframe[-1].value["Status"], strict=True))
    assert status_2021["1.2"] == "➜ Pågår"
    assert "Det finns ingen uppföljning före 2021" in texts(at)


# ----------------------------------------------------------------------------- Indikatorer och åtgärder

def test_indikatorer_och_atgarder_follow_the_development_area(app):
    at = app("pages/indikatorer_och_atgarder.py")
    assert at.selectbox(key="uo").value == 1
    ids = list(at.dataframe[0].value["Id"])
    assert ids and all(i.startswith("1.") for i in ids)
    assert len(at.get("plotly_chart")) == 1  # the indicators' panels in one figure
    titles = panel_titles(at)
    assert any("våldsbrott" in t for t in titles)
    at.selectbox(key="uo").set_value(3).run()
    ids = list(at.dataframe[0].value["Id"])
    assert ids and all(i.startswith("3.") for i in ids)
    titles = panel_titles(at)
    assert any("Meritvärde" in t for t in titles) and not any("våldsbrott" in t for t in titles)


def test_indikatorer_och_atgarder_follow_the_district(app):
    at = app("pages/indikatorer_och_atgarder.py", uo="3. Utbildning för att barn och vuxna ska nå sin fulla potential")
    assert "Skäggetorp" in trace_names(at)
    all_measures = len(at.dataframe[0].value)
    at.selectbox(key="omrade").set_value("0580-BER").run()
    assert "Berga" in trace_names(at) and "Skäggetorp" not in trace_names(at)
    at.toggle(key="bara_omrade").set_value(True).run()
    assert len(at.dataframe[0].value) < all_measures


# ----------------------------------------------------------------------------- without example data

def test_no_banner_and_plain_messages_without_example_data(use_store, real_only_store):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP, TIMEOUT

    use_store(real_only_store)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert not any("Exempeldata" in w.value for w in at.warning)
    assert "Det finns inga indikatorvärden för Skäggetorp" in texts(at)
    assert metrics(at)["✔ Genomförd"] == "12"
    at.switch_page("pages/trender.py").run()
    assert not at.exception
    assert "Det finns inga indikatorvärden i databasen ännu" in texts(at)
    at.switch_page("pages/atgarder.py").run()
    assert not at.exception and not any("Exempeldata" in w.value for w in at.warning)
    assert len(at.dataframe[-1].value) == 60
