"""The column-mapping panel: an upload no loader recognises, mapped once by an editor.

The editor sees the file's first rows (a dataframe: imported text is data, never markup),
says which column is område, år (or that the years are columns), kön and värde and which
indicator the values are, and presses «Granska». The file is then read by that recipe
through the normal import path (``admin.check_upload`` with kind ``recept``), so the preview,
the checks, the one transaction and undo are those of every import. When the import is
confirmed the recipe is saved under its name (an event in the audit trail); the next file
with the same header is recognised and imported without questions.
"""

from __future__ import annotations

import streamlit as st

from loaders.errors import ImportFailed, PanelError
from loaders.reading import read_document
from loaders.recipe import DIRECTIONS, header_year
from loaders.store import reference

from .. import admin, mapping
from .. import formatting as fmt
from . import data_preview, database, roles

CHECKED = "checked-recipe"       # data_preview.show_checked's key for this preview is "recipe"
PENDING = "recipe-pending"       # the recipe the preview was made with, saved when the import is confirmed
NEW = "__nytt__"
SKIP = "läs inte"
SEX_CHOICES = ["totalt", "kvinnor", "män", SKIP]
SEX_WORDS = {"totalt": "Totalt", "kvinnor": "Kvinnor", "män": "Män", SKIP: "Läs inte de raderna"}
AREA_WORDS = ("område", "omrade", "stadsdel", "region", "kommun", "skola", "regso", "deso", "area", "namn")


def saved_recipe_select() -> str | None:
    """The saved recipe to read the upload with, or None for a new one (Filtyp «kolumnrecept»)."""
    saved = [name for name, _ in reference(database.connection()).recipes.values()]
    options = [*sorted(set(saved), key=str.casefold), NEW]
    choice = st.selectbox("Recept", options, format_func=lambda n: "Nytt recept för den här filen" if n == NEW
                          else n, key="recipe-saved", placeholder="Välj …")
    return None if choice == NEW else choice


def _guess(columns: list[str], words: tuple[str, ...], default: int | None = 0) -> int | None:
    for i, column in enumerate(columns):
        if any(column.strip().lower().startswith(w) for w in words):
            return i
    return default


def recipe_panel(data: bytes, file_name: str, why: str | None = None) -> None:
    """Map an unknown file's columns, preview it as an import, and on confirm save the recipe."""
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan göra kolumnrecept.")
        return
    try:
        workbook = read_document(data, file_name)
    except ImportFailed as exc:
        data_preview.problem_list(exc.problems, "fel")
        return
    sheets = mapping.visible_sheets(workbook)
    if not sheets:
        st.error("Filen innehåller inga ifyllda, synliga blad.")
        return
    key = workbook.checksum[:12]  # widgets start afresh for another file
    st.markdown(f"**{why or 'Ingen av panelens inläsare känner igen filen.'}** Ange en gång vilka kolumner som är vad. "
                "Mappningen sparas som ett recept när du bekräftar importen, och nästa fil med samma rubrikrad "
                "importeras sedan utan frågor.")
    if len(sheets) > 1:
        sheet_name = st.selectbox("Blad", [s.name for s in sheets], key=f"rc-sheet-{key}", placeholder="Välj …")
        sheet = next(s for s in sheets if s.name == sheet_name)
    else:
        sheet = sheets[0]
    header_row = int(st.number_input("Rubrikraden är rad", min_value=1, max_value=max(1, min(40, len(sheet.rows))),
                                     value=min(mapping.guess_header_row(sheet), max(1, len(sheet.rows))),
                                     key=f"rc-header-{key}-{sheet.name}"))
    st.caption("Filens första rader under rubrikraden:")
    st.dataframe(mapping.first_rows(sheet, header_row), hide_index=True, width="stretch")
    columns = list(dict.fromkeys(mapping.header_columns(sheet, header_row)))
    if len(columns) < 2:
        st.warning("Rubrikraden har färre än två kolumner. Välj raden där kolumnernas namn står.")
        return
    k = f"{key}-{sheet.name}-{header_row}"
    choices = _choose(sheet, header_row, columns, k)
    if len(sheets) == 1:
        choices.sheet = None  # the only sheet, whatever next year's file calls it
    name = st.text_input("Receptets namn", value=mapping.file_stem(file_name), max_chars=80, key=f"rc-name-{key}")
    choices_spec = mapping.build_spec(choices)
    problems = mapping.choice_problems(choices)
    if not name.strip():
        problems.append("ge receptet ett namn.")
    if problems:
        st.warning("Innan filen kan granskas:\n" + "\n".join(f"- {fmt.md(p)}" for p in problems))
    if st.button("Granska", type="primary", disabled=bool(problems), key=f"rc-check-{key}"):
        with st.spinner("Läser filen med receptet …"):
            checked = admin.check_upload(database.connection(), data, file_name, "recept",
                                         {"recipe": name.strip(), "recipe_spec": choices_spec})
        st.session_state[CHECKED] = checked
        st.session_state[PENDING] = {"name": name.strip(), "spec": choices_spec, "checksum": workbook.checksum}
    pending = st.session_state.get(PENDING)
    if pending is None or pending["checksum"] != workbook.checksum or pending["spec"] != choices_spec \
            or pending["name"] != name.strip():
        # the choices changed since «Granska»: that preview no longer shows this recipe
        st.session_state.pop(CHECKED, None)
        return
    if CHECKED in st.session_state:
        saved = {n for n, _ in reference(database.connection()).recipes.values()}
        if pending["name"] in saved:
            st.info(f"Det finns redan ett recept som heter «{fmt.md(pending['name'])}»; det ersätts av det här.")
        data_preview.show_checked(st.session_state[CHECKED], "recipe")
    if st.session_state.get("confirm-recipe") and CHECKED not in st.session_state:
        _keep_recipe(data, file_name, pending)


def _keep_recipe(data: bytes, file_name: str, pending: dict) -> None:
    """The import was confirmed and written: keep the recipe it was read with."""
    st.session_state.pop(PENDING, None)
    try:
        mapping.save_recipe(database.connection(), pending["name"], mapping.recipe_key(data, file_name), pending["spec"],
                            roles.current_role(), roles.who())
    except PanelError as exc:
        st.error(f"Importen är gjord, men receptet kunde inte sparas: {fmt.md(exc.message)}")
        return
    st.success(f"Receptet «{fmt.md(pending['name'])}» är sparat. Nästa fil med samma rubrikrad känns igen och "
               "importeras med det utan frågor; på kommandoraden väljs det med --recipe och receptets namn.")


def _choose(sheet, header_row: int, columns: list[str], k: str) -> mapping.RecipeChoices:
    label = lambda c: c  # noqa: E731 - header texts are shown as option text, never as markup
    c1, c2 = st.columns(2)
    area = c1.selectbox("Kolumn med område", columns, index=_guess(columns, AREA_WORDS), format_func=label,
                        key=f"rc-area-{k}", placeholder="Välj …")
    area_by = c2.radio("Områdena anges med", ["namn", "kod"], horizontal=True, key=f"rc-areaby-{k}",
                       format_func={"namn": "Namn (stadsdel, kommun)", "kod": "Kod (0580, RegSO-, DeSO-kod)"}.get)
    years_found = mapping.year_columns(columns, exclude=[area])
    layout = st.radio("År", ["long", "wide"], horizontal=True, index=1 if len(years_found) >= 2 else 0,
                      key=f"rc-layout-{k}",
                      format_func={"long": "Året står i en kolumn", "wide": "Åren är kolumner"}.get)
    wide = layout == "wide"
    year_column = value_column = None
    year_list: list[str] = []
    all_years = False
    if wide:
        year_list = st.multiselect("Kolumner med år", columns, default=years_found, format_func=label,
                                   key=f"rc-years-{k}", placeholder="Välj …", select_all=False)
        all_years = bool(year_list) and set(year_list) == set(years_found)
        if all_years:
            st.caption("Alla kolumner med ett årtal i rubriken läses, även nya år i senare filer.")
        if any(str(header_year(c)) != c.strip() for c in year_list):  # say which year a header like «2023/24» is
            st.caption("Åren: " + fmt.md(", ".join(f"{c} → {header_year(c) or '?'}" for c in year_list)))
    else:
        c3, c4 = st.columns(2)
        year_column = c3.selectbox("Kolumn med år", columns, index=_guess(columns, ("år", "ar", "läsår", "year"), None),
                                   format_func=label, key=f"rc-year-{k}", placeholder="Välj kolumn")
        value_column = c4.selectbox("Kolumn med värde", columns,
                                    index=_guess(columns, ("värde", "varde", "andel", "antal", "value"), None),
                                    format_func=label, key=f"rc-value-{k}", placeholder="Välj kolumn")
    sex_guess = _guess(columns, ("kön", "kon", "sex"), None)
    sex_column = st.selectbox("Kolumn med kön (valfritt)", [None, *columns],
                              index=0 if sex_guess is None else sex_guess + 1,
                              format_func=lambda c: "Ingen – alla värden gäller totalt" if c is None else c,
                              key=f"rc-sex-{k}", placeholder="Välj …")
    sex_values: dict[str, str | None] = {}
    unsure: list[str] = []
    if sex_column:
        values = mapping.column_values(sheet, header_row, sex_column)
        if len(values) > 12:
            st.warning(f"Kolumnen har {len(values)} olika värden eller fler; är det verkligen kön? De första 12 visas.")
        cols = st.columns(3)
        for i, value in enumerate(values[:12]):
            guess = mapping.guess_sex(value)
            picked = cols[i % 3].selectbox(
                f"«{fmt.md(value)}» betyder", SEX_CHOICES, index=None if guess is None else SEX_CHOICES.index(guess),
                format_func=SEX_WORDS.get, placeholder="Välj kön", key=f"rc-sexval-{k}-{i}")
            if picked is None:
                unsure.append(value)
            else:
                sex_values[value] = None if picked == SKIP else picked
    indicator_id, new_indicator, indicator_column = _indicator(k, columns)
    return mapping.RecipeChoices(sheet=sheet.name, header_row=header_row, area_column=area, area_by=area_by,
                                 year_column=year_column, wide=wide, year_columns=year_list, all_years=all_years,
                                 sex_column=sex_column, sex_values=sex_values, sex_unsure=unsure,
                                 value_column=value_column, indicator_id=indicator_id, new_indicator=new_indicator,
                                 indicator_column=indicator_column)


INDICATOR_KINDS = {"existing": "En indikator som finns", "new": "En ny indikator",
                   "column": "Indikatorn står i en kolumn"}


def _indicator(k: str, columns: list[str]) -> tuple[str | None, dict | None, str | None]:
    kind = st.radio("Indikator", list(INDICATOR_KINDS), horizontal=True, key=f"rc-ind-{k}",
                    format_func=INDICATOR_KINDS.get)
    if kind == "column":
        column = st.selectbox("Kolumn med indikatorns namn", columns, index=None, placeholder="Välj kolumn",
                              format_func=lambda c: c, key=f"rc-indcol-{k}")
        st.caption("Namn som finns i katalogen läses till den indikatorn. Andra namn blir nya indikatorer med "
                   "enheten och källan nedan (lämna dem tomma för att bara läsa kända indikatorer).")
        c2, c3, c4 = st.columns([1.2, 1.2, 2])
        new = {"unit": c2.text_input("Enhet för nya", placeholder="%, antal, poäng", key=f"rc-colunit-{k}"),
               "direction": c3.selectbox("Bättre är", list(DIRECTIONS), index=2, key=f"rc-coldir-{k}",
                                         format_func={"högre": "Högre", "lägre": "Lägre", "neutral": "Neutral"}.get,
                                         placeholder="Välj …"),
               "source": c4.text_input("Källa för nya", placeholder="Vem tog fram siffrorna", key=f"rc-colsrc-{k}")}
        return None, new, column
    if kind == "existing":
        catalogue = database.store().catalogue()
        names = dict(zip(catalogue["Id"], catalogue["Indikator"], strict=True))
        chosen = st.selectbox("Befintlig indikator", list(names), index=None, placeholder="Välj indikator",
                              format_func=lambda i: fmt.clean_text(names.get(i, i)), key=f"rc-indid-{k}")
        return chosen, None, None
    c1, c2, c3, c4 = st.columns([3, 1.2, 1.2, 2])
    new = {"name": c1.text_input("Namn på den nya indikatorn", key=f"rc-newname-{k}"),
           "unit": c2.text_input("Enhet", placeholder="%, antal, poäng", key=f"rc-newunit-{k}"),
           "direction": c3.selectbox("Bättre är", list(DIRECTIONS), index=2, key=f"rc-newdir-{k}",
                                     format_func={"högre": "Högre", "lägre": "Lägre", "neutral": "Neutral"}.get,
                                     placeholder="Välj …"),
           "source": c4.text_input("Källa", placeholder="Vem tog fram siffrorna", key=f"rc-newsrc-{k}")}
    return None, new, None


def recipes_tab() -> None:
    """The saved recipes: what each reads, who saved it when."""
    table = mapping.recipes(database.connection())
    st.markdown("Kolumnrecept läser filer som ingen av panelens inläsare känner igen. Ett recept görs under "
                "«Importera fil» när en fil inte känns igen, och sparas när importen bekräftas. En fil med samma "
                "rubrikrad läses sedan med receptet automatiskt; på kommandoraden: "
                "«python -m loaders import FIL --recipe NAMN».")
    if table.empty:
        st.caption("Inga recept är sparade ännu.")
    else:
        st.dataframe(table, hide_index=True, width="stretch")
