"""The Administration page: everything that changes the panel's data, for editors only.

Thirteen tabs in one row were more than anyone could scan, and most of them were of no use
to a viewer. The editors' panels are therefore in four groups, chosen with a segmented
control whose choice is in the address (``?del=…``); only the chosen group's panels run,
each group a short row of tabs. A viewer never gets here through the menu (the navigation
has no such page for them) and the page checks the role again before drawing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from . import (data_admin, data_districts, data_groups, data_home, data_kolada, data_mapping, data_recipe, data_refresh, data_report,
               data_scb, data_store, roles)

GROUP_KEY = "del"


class Group(NamedTuple):
    label: str
    about: str
    panels: dict[str, Callable[[], None]]


# In the order an editor reaches for them: getting data in, following up, the reference
# lists, keeping the store.
GROUPS: dict[str, Group] = {
    "hamta": Group("Hämta data", "Importera filer, hämta nyckeltal från Kolada och tabeller från SCB, uppdatera "
                   "allt som hämtats, läs okända filer med kolumnrecept och ladda ner mallarna.", {
                       "Importera fil": data_admin.upload_or_explain,
                       "Hämta från Kolada": data_kolada.kolada_tab,
                       "Hämta från SCB": data_scb.scb_tab,
                       "Uppdatera från källorna": data_refresh.refresh_tab,
                       "Kolumnrecept": data_recipe.recipes_tab,
                       "Mallar": data_admin.templates_tab}),
    "uppfoljning": Group("Uppföljning", "Registrera en ny uppföljning av åtgärderna och skriv "
                         "uppföljningsrapporten.", {
                             "Uppföljning av åtgärder": data_admin.followup_tab,
                             "Uppföljningsrapport": data_report.report_tab}),
    "omraden": Group("Områden och grupper", "Lägg till stadsdelar, koppla skolor och delområden till dem, ändra "
                     "jämförelsegrupperna och se indikatorkatalogen.", {
                         "Lägg till stadsdelar": data_districts.districts_tab,
                         "Skolor och delområden": data_mapping.mapping_tab,
                         "Jämförelsegrupper": data_groups.groups_tab,
                         "Indikatorkatalog": data_admin.catalogue_tab}),
    "drift": Group("Drift", "Säkerhetskopior av databasen, borttagning av exempeldata och en ny databas för en "
                   "annan kommun.", {
                       "Säkerhetskopior": data_store.backup_tab,
                       "Exempeldata": data_store.example_tab,
                       "Annan kommun": data_home.home_tab}),
}
DEFAULT = "hamta"


def page() -> None:
    """The page, or for a viewer only who it is for: the navigation already leaves it out for
    viewers, and the check here keeps the panels closed whatever way this file is run."""
    if roles.current_role() != "editor":
        roles.editors_only()
        return
    st.title("Administration", anchor=False)
    chosen = st.segmented_control(
        "Del av administrationen", list(GROUPS), format_func=lambda g: GROUPS[g].label, default=DEFAULT,
        required=True, key=GROUP_KEY, bind="query-params", width="stretch")
    group = GROUPS[chosen or DEFAULT]
    st.caption(group.about)
    for tab, panel in zip(st.tabs(list(group.panels)), group.panels.values(), strict=True):
        with tab:
            panel()
