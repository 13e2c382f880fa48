"""Administration › Områden och grupper › «Lägg till stadsdelar»: an editor adds the home
kommun's districts by name or from a file.

A panel set up for another kommun without the network has no districts, and a kommun may draw
its own. Names typed one a line, or a file with a column «Stadsdel» (and the RegSO/DeSO each
consists of), are checked and shown before anything is saved; saving writes them all in one
step (``loaders.districts``: the checks, the codes and the event live there). Names from a
file or the text area are shown in dataframes or escaped, never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from loaders import districts
from loaders.errors import ImportFailed, PanelError
from loaders.reading import MAX_FILE_BYTES

from .. import auth
from .. import formatting as fmt
from . import data_preview, database, roles

FLASH = "districts-saved"
ROUND = "districts-round"    # a new round after a save gives empty widgets
BY_NAME, BY_FILE = "namn", "fil"
MAX_MB = MAX_FILE_BYTES // (1024 * 1024)
COLUMNS = ["Stadsdel", "Kod", "RegSO/DeSO"]


def districts_tab() -> None:
    if roles.current_role() != "editor":
        st.caption("Endast redaktörer kan lägga till stadsdelar.")
        return
    con = database.connection()
    st.caption("Hemkommunens stadsdelar är de områden som panelen följer. Skriv in namnen, eller läs dem från en fil "
               "där varje stadsdel kan ha sina RegSO- och DeSO-områden; då räknas stadsdelens värden ut ur "
               "områdenas värden från SCB. Skolor kopplas sedan under «Skolor och delområden».")
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash)
    now = districts.current(con)
    if now:
        with st.expander(f"Stadsdelar i panelen nu ({len(now)})"):
            st.dataframe(pd.DataFrame(now, columns=COLUMNS), hide_index=True, width="stretch")
    else:
        st.info("Panelen har inga stadsdelar ännu.")
    st.markdown("**Lägg till stadsdelar**")
    round_ = st.session_state.setdefault(ROUND, 0)
    how = st.radio("Hur", [BY_NAME, BY_FILE], horizontal=True, key="districts-how",
                   format_func=lambda h: "Skriv namnen" if h == BY_NAME else "Läs från en fil")
    if how == BY_NAME:
        text = st.text_area("Stadsdelarnas namn, ett per rad", key=f"districts-names-{round_}", height=160,
                            max_chars=20_000, placeholder="Centrum\nLjunga\nBorensberg")
        names = districts.names_from_text(text)
        if not names:
            return
        try:
            plan = districts.plan_names(con, names)
        except districts.DistrictsRefused as exc:
            _refused(exc.problems)
            return
        _preview_and_save(plan, lambda who: districts.add_districts(con, names, who=who))
    else:
        st.caption("En xlsx- eller csv-fil (semikolon eller komma) med kolumnen «Stadsdel» (eller «Namn» eller "
                   "«Område») och, om du vill, kolumnerna «RegSO» och «DeSO» med hemkommunens koder åtskilda med "
                   "komma. Inget sparas förrän alla rader går att läsa.")
        upload = st.file_uploader(f"Fil med stadsdelar (xlsx eller csv, högst {MAX_MB} MB)", type=["xlsx", "csv"],
                                  key=f"districts-file-{round_}", max_upload_size=MAX_MB)
        if upload is None:
            return
        data, name = upload.getvalue(), upload.name
        try:
            plan = districts.plan_file(con, data, name)
        except ImportFailed as exc:
            st.markdown("**Filen kan inte användas förrän felen är rättade; inget har sparats:**")
            data_preview.problem_list(exc.problems, "fel")
            return
        _preview_and_save(plan, lambda who: districts.add_file(con, data, name, who=who))


def _refused(problems: list[str]) -> None:
    st.markdown("**Stadsdelarna kan inte läggas till förrän felen är rättade; inget har sparats:**")
    data_preview.problem_list(problems, "fel")


def _preview_and_save(plan: districts.Plan, save: Callable[[str], int]) -> None:
    """What will be added (a dataframe: names as written, never markup), and the button."""
    n = len(plan.districts)
    st.markdown(f"**{n} {'stadsdel' if n == 1 else 'stadsdelar'} läggs till:**")
    st.dataframe(pd.DataFrame(plan.rows(), columns=COLUMNS), hide_index=True, width="stretch")
    if not st.button(f"Lägg till {n} {'stadsdel' if n == 1 else 'stadsdelar'}", type="primary", key="districts-save"):
        return
    try:
        auth.require_editor(roles.current_role())
        event = save(roles.who())
    except districts.DistrictsRefused as exc:
        _refused(exc.problems)
        return
    except ImportFailed as exc:
        data_preview.problem_list(exc.problems, "fel")
        return
    except PanelError as exc:
        st.error(fmt.md(exc.message))
        return
    mapped = len(plan.mappings)
    st.session_state[FLASH] = (f"{n} {'stadsdel' if n == 1 else 'stadsdelar'} tillagda (händelse {event})"
                               + (f", med {mapped} RegSO-/DeSO-områden kopplade." if mapped else ".")
                               + " De finns nu i menyerna och under «Skolor och delområden».")
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.rerun()
