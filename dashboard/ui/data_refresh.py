"""The Administration page's «Uppdatera från källorna»: every stored fetch asked again.

Kolada and SCB revise published figures without notice. Each fetch the panel made is stored
with its import, so one button asks them all again. The editor sees new values and years,
revised values (before → after) and KPIs Kolada no longer has; nothing is written until she
confirms, then all in one transaction, each fetch an import she can undo in the import log.
A revised value's old value stays in the store and is shown beside the new one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from loaders import refresh
from loaders.errors import PanelError

from .. import admin
from .. import formatting as fmt
from . import database, roles

PLAN = "refresh-plan"


def refresh_tab() -> None:
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan uppdatera från källorna.")
        return
    con = database.connection()
    queries = refresh.stored_queries(con)
    if not queries:
        st.info("Det finns inga sparade hämtningar ännu. Hämta först från Kolada eller SCB; varje hämtning "
                "sparas och kan sedan uppdateras här.")
        return
    st.caption("Hämtar alla sparade hämtningar igen och visar vad som har ändrats hos källorna: nya år, "
               "reviderade värden och nyckeltal som inte längre finns. Inget sparas förrän du bekräftar. "
               "Ett reviderat värdes tidigare värde finns kvar och visas i Trender.")
    st.dataframe(pd.DataFrame({"Sparade hämtningar": [q.describe() for q in queries]}), hide_index=True,
                 width="stretch")
    if st.button("Uppdatera från källorna", type="primary", key="refresh-run"):
        _run(con, queries)
    plan = st.session_state.get(PLAN)
    if plan is not None:
        _show(plan)


def _run(con, queries: list[refresh.Query]) -> None:
    st.session_state.pop(PLAN, None)
    progress = st.progress(0.0, text="Hämtar …")

    def step(done: int, total: int, what: str) -> None:
        text = f"Hämtar {done + 1} av {total}: {what} …" if what else "Jämför med databasen …"
        progress.progress(min(done / max(total, 1), 1.0), text=text)

    try:
        st.session_state[PLAN] = refresh.plan(con, queries, progress=step)
    except PanelError as exc:
        st.error(fmt.md(f"{exc.title}: {exc.message} Inget har ändrats."))
    finally:
        progress.empty()


def _show(plan: refresh.Plan) -> None:
    shown = st.empty()  # emptied once the changes are saved: the preview no longer describes the store
    with shown.container():
        _preview(plan)
    if not plan.anything:
        return
    if st.button("Spara ändringarna", type="primary", key="refresh-confirm"):
        try:
            written = admin.apply_refresh(database.connection(), plan, roles.current_role(), roles.who())
        except PanelError as exc:
            st.error(fmt.md(exc.message))
            return
        st.session_state.pop(PLAN, None)
        shown.empty()
        st.success(f"Sparat: {len(written)} {'import' if len(written) == 1 else 'importer'} "
                   f"({sum(s.added for s in written)} nya och {sum(s.replaced for s in written)} reviderade "
                   "värden). Varje import kan ångras i importloggen.")


def _preview(plan: refresh.Plan) -> None:
    st.markdown(f"**{fmt.md(plan.summary())}**")
    cols = st.columns(3)
    cols[0].metric("Nya värden", plan.new)
    cols[1].metric("Reviderade värden", plan.changed)
    cols[2].metric("Oförändrade", plan.unchanged)
    for name, years in plan.new_years().items():
        st.caption(f"Nya år för {fmt.md(name)}: {', '.join(str(y) for y in years)}.")
    if plan.missing_kpis:
        st.warning(f"Kolada har inte längre {fmt.md(', '.join(plan.missing_kpis))}; de värden som redan finns "
                   "ligger kvar.", icon=":material/warning:")
    revised = plan.revisions()
    if len(revised):
        st.markdown("**Reviderade värden (före → efter)**")
        st.dataframe(admin.value_changes_rows(revised), hide_index=True, width="stretch")
