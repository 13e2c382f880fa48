"""The panels about the store itself: the audit trail (Data), backups and example data (Administration).

The audit trail lists every event (who, when, what, how many values) with filters and an Excel
download. Editors see the latest backup, can download it or take a new one, and can take
every example value out of the store in one step (undone like an import).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from loaders import backup as backups
from loaders.errors import PanelError
from loaders.store import default_db_path, remove_example_data

from .. import auth
from .. import formatting as fmt
from ..export.xlsx import ExportInfo
from ..tables import Table
from . import database, render, roles
from ..views.model import TableView

KIND_NAMES = {"import": "Import", "undo": "Ångring", "mapping": "Skolor och delområden", "group": "Jämförelsegrupp",
              "group_delete": "Jämförelsegrupp borttagen", "recipe": "Kolumnrecept", "text": "Rapporttext",
              "remove_example": "Exempeldata borttagen", "migration": "Uppgradering",
              "districts": "Stadsdelar tillagda"}


def audit_tab() -> None:
    events = database.store().events()
    if events.empty:
        st.info("Inga händelser ännu.")
        return
    kinds = sorted(set(events["kind"]), key=lambda k: KIND_NAMES.get(k, k))
    c1, c2, c3 = st.columns([1.4, 1.2, 1.4])
    chosen = c1.multiselect("Vad", kinds, format_func=lambda k: KIND_NAMES.get(k, k), placeholder="Allt",
                            key="hand_vad", select_all=False)
    people = sorted({w for w in events["who"] if w})
    who = c2.multiselect("Vem", people, placeholder="Alla", key="hand_vem", format_func=fmt.clean_text,
                         select_all=False)
    first = events["happened_at"].min().date()
    since = c3.date_input("Från och med", value=first, min_value=first, format="YYYY-MM-DD", key="hand_fran")
    shown = events
    if chosen:
        shown = shown[shown["kind"].isin(chosen)]
    if who:
        shown = shown[shown["who"].isin(who)]
    shown = shown[shown["happened_at"].dt.date >= since]
    table = Table(pd.DataFrame({
        "Nr": shown["event_id"].astype("Int64"), "Tid": shown["happened_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "Vem": shown["who"].map(fmt.clean_text), "Vad": shown["kind"].map(lambda k: KIND_NAMES.get(k, k)),
        "Händelse": shown["summary"].map(fmt.clean_text), "Antal värden": shown["values_count"].astype("Int64"),
        "Import": shown["import_id"].astype("Int64")}).reset_index(drop=True),
        numbers={"Antal värden": 0}, widths={"Nr": 6, "Tid": 17, "Vem": 24, "Vad": 22, "Händelse": 70})
    info = ExportInfo(title="Händelselogg för Indikatorpanelens databas",
                      filters=[("Vad", ", ".join(KIND_NAMES.get(k, k) for k in chosen) or "allt"),
                               ("Vem", ", ".join(who) or "alla"), ("Från och med", since.isoformat())])
    st.caption("Allt som gjorts med databasen, i ordning: importer, ångringar, kopplingar, grupper och recept. "
               "Det är också det som ett nytt bygge av databasen spelar upp.")
    render.table(TableView(table, info, "Händelser", "handelselogg", (), key="handelser"), height=420)


def backup_tab() -> None:
    path = default_db_path()
    found = backups.list_backups(path)
    if found:
        latest = found[0]
        made = dt.datetime.fromtimestamp(latest.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        st.markdown(f"**Senaste säkerhetskopian:** {fmt.md(latest.name)} ({made}, "
                    f"{latest.stat().st_size / 1e6:.1f} MB). Det finns {len(found)} kopior.")
        if roles.current_role() == "editor":
            st.download_button("Ladda ner den senaste säkerhetskopian", data=lambda: latest.read_bytes(),
                               file_name=latest.name, mime="application/octet-stream", on_click="ignore",
                               icon=":material/download:", key="ladda_kopia")
    else:
        st.info("Det finns ingen säkerhetskopia ännu.")
    st.caption("En kopia tas automatiskt före varje nytt bygge, återställning och uppgradering av databasen; de fem "
               "senaste sparas. Återställ en kopia med «python -m loaders restore FIL» när appen är stängd.")
    if roles.current_role() != "editor":
        return
    if st.button("Gör en säkerhetskopia nu", icon=":material/backup:", key="gor_kopia"):
        try:
            made = backups.backup(path)
        except PanelError as exc:
            st.error(fmt.md(exc.message))
        else:
            st.success(f"Säkerhetskopian {fmt.md(made.path.name)} är gjord (SHA-256 {made.checksum[:16]} …).")


def example_tab() -> None:
    store = database.store()
    status = store.example_indicators()
    if status.empty:
        st.success("Databasen innehåller inga exempelvärden: allt som visas är importerade uppgifter.")
        return
    st.warning("Dessa indikatorer visar fortfarande påhittade exempelvärden: "
               + fmt.join_words([f"«{fmt.md(n)}»" for n in status["name"]]) + ".")
    st.caption("Exempelvärden tas bort automatiskt för en indikator när verkliga värden för den importeras. Här kan "
               "du ta bort alla på en gång; det görs som en import och kan ångras i importloggen.")
    if roles.current_role() != "editor":
        return
    sure = st.checkbox("Jag vill ta bort alla exempelvärden", key="bort_exempel_ok")
    if st.button("Ta bort all exempeldata", disabled=not sure, key="bort_exempel", icon=":material/delete_sweep:"):
        try:
            auth.require_editor(roles.current_role())
            summary = remove_example_data(database.connection(), who=roles.who())
        except PanelError as exc:
            st.error(fmt.md(exc.message))
        else:
            st.success(f"{summary.replaced} exempelvärden är borttagna (import {summary.import_id}; ångra den i "
                       "importloggen för att få tillbaka dem).")
