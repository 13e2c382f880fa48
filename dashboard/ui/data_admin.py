"""The panels about the data itself: sign-in, upload with preview, import log with undo,
follow-up rounds, the catalogue and the templates (on the Data and Administration pages).

Every panel reads through the store and writes through ``dashboard.admin``, which checks the
editor role itself; this module only lays things out. Problems and names from files are
shown escaped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from loaders import register_template
from loaders.errors import PanelError
from loaders.home import bundled_home
from loaders.model import KIND_LABELS
from loaders.reading import MAX_FILE_BYTES

from .. import admin, auth, mapping
from .. import formatting as fmt
from . import data_recipe, database
from .data_preview import show_checked
from .roles import current_role, secrets, user, who

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
MAX_MB = MAX_FILE_BYTES // (1024 * 1024)
ADMINISTRATION = "pages/administration.py"


def sign_in_panel() -> None:
    mode = auth.editing_mode(secrets())
    if mode == "off":
        st.info("**Du kan titta på allt här, men inte ändra något.** Importer, ångringar och nya "
                "uppföljningar görs av panelens redaktörer; kontakta en redaktör om något behöver läggas in.")
    elif mode == "password" and current_role() != "editor":
        with st.form("unlock"):
            password = st.text_input("Redaktörslösenord", type="password")
            if st.form_submit_button("Lås upp redigering"):
                attempt = auth.GUARD.try_password(_session_id(), password, secrets()["editor_password_hash"])
                if attempt.ok:
                    st.session_state[auth.UNLOCK_KEY] = True
                    st.rerun()
                else:
                    st.error(attempt.message)
    elif mode == "oidc" and current_role() != "editor":
        if user().get("is_logged_in"):
            st.warning(f"Du är inloggad som {user().get('email')} men är inte redaktör. "
                       "Du kan titta på allt men inte ändra något.")
            st.button("Logga ut", on_click=st.logout)
        else:
            st.button("Logga in som redaktör", on_click=st.login, type="primary")
    if current_role() == "editor":
        st.success("Du är redaktör och kan importera, ångra och registrera uppföljningar.")
        st.page_link(ADMINISTRATION, label="Till Administration: importera, hämta och följ upp",
                     icon=":material/admin_panel_settings:")
    else:
        st.caption("Endast redaktörer kan importera filer. Importer, hämtningar från Kolada, uppföljningar och "
                   "säkerhetskopior görs på sidan Administration, som visas i menyn för redaktörer.")


def _session_id() -> str:
    """This browser session's id, for the password guard's per-session count."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx
        ctx = get_script_run_ctx()
        return ctx.session_id if ctx is not None else "okänd"
    except Exception:  # noqa: BLE001 - the guard then counts all such sessions as one
        return "okänd"


def upload_or_explain() -> None:
    """The upload panel for editors; viewers are told who may import."""
    if current_role() == "editor":
        upload_tab()
    else:
        st.caption("Endast redaktörer kan importera filer.")


def upload_tab() -> None:
    kinds = {None: "Känn igen automatiskt"} | KIND_LABELS
    kind = st.selectbox("Filtyp", list(kinds), format_func=lambda k: kinds[k].capitalize(), placeholder="Välj …")
    upload = st.file_uploader(f"Välj en fil: xlsx, xls, csv, json eller geojson (högst {MAX_MB} MB)",
                              type=["xlsx", "xlsm", "xls", "csv", "txt", "tsv", "json", "geojson"],
                              max_upload_size=MAX_MB, disabled=current_role() != "editor")
    if upload is None:
        return
    data = upload.getvalue()
    options: dict = {}
    if kind == "recept":  # read by a saved column recipe, or make one
        recipe = data_recipe.saved_recipe_select()
        if recipe is None:
            data_recipe.recipe_panel(data, upload.name)
            return
        options = {"recipe": recipe}
    cache_key = ("upload", upload.name, len(data), kind, tuple(options.items()), database.store().version())
    if st.session_state.get("checked-upload-key") != cache_key:
        with st.spinner("Läser och kontrollerar filen …"):
            st.session_state["checked-upload"] = admin.check_upload(database.connection(), data, upload.name, kind,
                                                                    options)
        st.session_state["checked-upload-key"] = cache_key
    checked = st.session_state["checked-upload"]
    if kind is None and mapping.is_unrecognised(checked.errors):
        # no loader knows it, or it does not say what it measures: the editor maps its columns once
        data_recipe.recipe_panel(data, upload.name, why=mapping.unrecognised_reason(checked.errors))
        return
    show_checked(checked, "upload")


def log_tab() -> None:
    log = database.store().import_log()
    st.dataframe(log, hide_index=True, width="stretch")
    undoable = database.store().undoable_imports()
    if current_role() != "editor" or undoable.empty:
        return
    choice = st.selectbox("Import att ångra", undoable["import_id"].tolist(),
                          format_func=lambda i: fmt.clean_text(f"{i}: {undoable.set_index('import_id').at[i, 'file_name']}"),
                          placeholder="Välj …")
    sure = st.checkbox("Jag vill ångra importen och återställa de värden den ersatte")
    if st.button("Ångra import", disabled=not sure):
        try:
            admin.undo(database.connection(), int(choice), current_role(), who())
        except PanelError as exc:
            st.error(fmt.md(exc.message))
        else:
            st.success(f"Import {choice} är ångrad; värdena den ersatte är återställda.")


def followup_tab() -> None:
    latest, base = admin.followup_base(database.connection())
    if latest is None:
        st.info("Det finns ännu inget åtgärdsregister. Importera det under «Importera fil».")
        return
    st.markdown(f"Utgå från uppföljningen **{latest}** och registrera en ny omgång. Tidigare omgångar "
                "ändras inte. Du kan också importera ett helt register som fil.")
    round_ = st.number_input("Uppföljningsår", min_value=latest + 1, max_value=latest + 10,
                             value=latest + 1, step=1)
    edited = st.data_editor(
        base, hide_index=True, width="stretch", key="followup-editor",
        disabled=["Id", "Åtgärd", "Utvecklingsområde", "Område", "Ansvarig"] if current_role() == "editor" else True,
        column_config={
            "Status": st.column_config.SelectboxColumn(options=admin.STATUS_CHOICES, required=True),
            "Beslut inför nästa år": st.column_config.SelectboxColumn(options=admin.DECISION_CHOICES),
            "Kommentar": st.column_config.TextColumn(width="large"),
        })
    if current_role() != "editor":
        return
    if st.button(f"Granska uppföljning {round_}"):
        rows = edited.astype(object).where(pd.notna(edited), None).to_dict("records")
        st.session_state["checked-followup"] = admin.check_followup(database.connection(), rows, int(round_))
    if "checked-followup" in st.session_state:
        show_checked(st.session_state["checked-followup"], "followup")


def catalogue_tab() -> None:
    catalogue = database.store().catalogue()
    st.dataframe(catalogue.drop(columns=["Id"]), hide_index=True, width="stretch")
    with_data = catalogue[catalogue["Värden"] > 0]
    if with_data.empty:
        return
    names = dict(zip(with_data["Id"], with_data["Indikator"], strict=True))
    chosen = st.selectbox("Täckning för indikator", list(names), format_func=lambda i: fmt.clean_text(names.get(i)),
                          placeholder="Välj …")
    sex = st.radio("Kön ", ["totalt", "kvinnor", "män"], horizontal=True, format_func=str.capitalize)
    table = admin.coverage(database.connection(), chosen, sex)
    if table.empty:
        st.info("Inga värden för det valda könet.")
    else:
        st.caption("Varje cell visar värdet eller varför det saknas (prickat, saknas …). "
                   "* = värdet har en anmärkning (t.ex. delvis prickat).")
        st.dataframe(table, hide_index=True, width="stretch")


def templates_tab() -> None:
    st.download_button("Ladda ner tom indikatormall (xlsx)", (DATA_DIR / "mall_indikatorer.xlsx").read_bytes(),
                       file_name="mall_indikatorer.xlsx", on_click="ignore")
    st.download_button("Ladda ner tom åtgärdsmall (xlsx)", register_template.template_bytes(),
                       file_name=register_template.FILE_NAME, on_click="ignore",
                       help="En rad per åtgärd och uppföljningsår; importeras under «Importera fil».")
    if database.store().home().code == bundled_home():  # the bundled register is this kommun's own
        st.download_button("Ladda ner åtgärdsregistret med uppföljning 2021 (xlsx)",
                           (DATA_DIR / "atgarder_2020_uppfoljning_2021.xlsx").read_bytes(),
                           file_name="atgarder_2020_uppfoljning_2021.xlsx", on_click="ignore")
    st.caption("Filformaten beskrivs i docs/filformat.md.")


