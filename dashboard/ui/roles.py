"""Who is looking: the role of this session, from the configuration and the sign-in.

The navigation (an editor also gets the Administration page), the Data page's sign-in and
every panel ask here; this module is below all of them so that none has to import another
to know the role. Writes check the role again themselves (``dashboard.admin``, ``auth``).
"""

from __future__ import annotations

import streamlit as st

from .. import auth


def secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no secrets.toml means no editing, not an error
        return {}


def user() -> dict:
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001
        return {}


def current_role() -> auth.Role:
    return auth.role(secrets(), user(), bool(st.session_state.get(auth.UNLOCK_KEY)))


def who() -> str:
    """The editor's name for the audit trail."""
    return auth.who(secrets(), user())


def editors_only() -> None:
    """What a viewer sees at /administration (a bookmark, a shared link): where editing
    starts, and none of the panels."""
    st.title("Administration", anchor=False)
    st.info("**Sidan Administration är bara för panelens redaktörer.** En redaktör låser upp redigeringen "
            "på sidan Data; då visas Administration i menyn.")
