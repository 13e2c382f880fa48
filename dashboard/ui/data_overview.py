"""The Data page's «Innehåll»: what the panel holds, for everyone to read.

A few counts, one row per source (which indicators, how many values, which years, when last
imported) and then the catalogue per indicator with its coverage by area and year
(``data_admin.catalogue_tab``). All of it is read from the store's catalogue; nothing here
changes anything, so viewers and editors see the same.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import formatting as fmt
from . import data_admin, database

NO_SOURCE = "Källa saknas"


def sources(catalogue: pd.DataFrame) -> pd.DataFrame:
    """One row per source, most values first: the catalogue is per indicator, but «where does
    this come from and how far back» is asked per source."""
    frame = catalogue.assign(Källa=[fmt.clean_text(s) or NO_SOURCE for s in catalogue["Källa"]],
                             **{"Med värden": catalogue["Värden"] > 0})
    table = frame.groupby("Källa", sort=False).agg(
        Indikatorer=("Indikator", "size"), **{"Med värden": ("Med värden", "sum")}, Värden=("Värden", "sum"),
        **{"Från år": ("Från år", "min"), "Till år": ("Till år", "max"),
           "Senast uppdaterad": ("Senast uppdaterad", "max")}).reset_index()
    table["Senast uppdaterad"] = table["Senast uppdaterad"].dt.strftime("%Y-%m-%d")
    return table.sort_values(["Värden", "Källa"], ascending=[False, True], ignore_index=True)


def contents_tab() -> None:
    store = database.store()
    catalogue = store.catalogue()
    with_values = catalogue[catalogue["Värden"] > 0]
    cols = st.columns(4)
    cols[0].metric("Indikatorer med värden", f"{len(with_values)} av {len(catalogue)}")
    cols[1].metric("Värden", fmt.number(int(catalogue["Värden"].sum()), 0))
    first, last = with_values["Från år"].min(), with_values["Till år"].max()
    cols[2].metric("År", "–" if with_values.empty else f"{first}–{last}")
    cols[3].metric("Källor med värden", len(sources(with_values)) if not with_values.empty else 0)
    st.subheader("Per källa", anchor=False)
    st.dataframe(sources(catalogue), hide_index=True, width="stretch", placeholder="–",
                 column_config={"Från år": st.column_config.NumberColumn(format="%d"),
                                "Till år": st.column_config.NumberColumn(format="%d")})
    st.subheader("Per indikator", anchor=False)
    st.caption("Varje indikator med enhet, källa och definition, antal värden och vilka år de gäller. Välj en "
               "indikator under tabellen för att se vilka områden och år som har värden.")
    data_admin.catalogue_tab()
