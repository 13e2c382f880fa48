"""Who may change data: viewers see everything, editors import, undo and record follow-ups.

Three modes, chosen by what `.streamlit/secrets.toml` holds:
- an `[auth]` section: sign-in with `st.login` (OIDC); editors are the e-mail addresses
  listed under `[editors] emails = [...]`;
- otherwise `editor_password_hash`: a local password unlocks editing for the session;
- neither: editing is off. The default is read-only, never open.
The role is checked again inside every action that writes (`require_editor`), not only
when the navigation is built.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import sys
from collections.abc import Mapping
from typing import Any, Literal

from loaders.errors import NotAllowed

Mode = Literal["oidc", "password", "off"]
Role = Literal["editor", "viewer"]
UNLOCK_KEY = "editor_unlocked"
ITERATIONS = 600_000


def editing_mode(secrets: Mapping[str, Any]) -> Mode:
    if "auth" in secrets:
        return "oidc"
    if secrets.get("editor_password_hash"):
        return "password"
    return "off"


def hash_password(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """PBKDF2-SHA256 in one string: what goes into secrets.toml, never the password itself."""
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return "pbkdf2_sha256${}${}${}".format(
        iterations, base64.b64encode(salt).decode(), base64.b64encode(digest).decode())


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                        int(iterations))
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def editor_emails(secrets: Mapping[str, Any]) -> set[str]:
    editors = secrets.get("editors") or {}
    return {str(e).strip().lower() for e in (editors.get("emails") or [])}


def role(secrets: Mapping[str, Any], user: Mapping[str, Any], unlocked: bool) -> Role:
    """The role of the person in this session, from the configuration and their sign-in."""
    mode = editing_mode(secrets)
    if mode == "oidc":
        email = str(user.get("email") or "").strip().lower()
        return "editor" if user.get("is_logged_in") and email in editor_emails(secrets) else "viewer"
    if mode == "password":
        return "editor" if unlocked else "viewer"
    return "viewer"


def who(secrets: Mapping[str, Any], user: Mapping[str, Any]) -> str:
    """A name for the import log."""
    if editing_mode(secrets) == "oidc" and user.get("email"):
        return str(user["email"])
    return "redaktör (lösenord)"


def require_editor(current: Role) -> None:
    if current != "editor":
        raise NotAllowed("Du har inte behörighet att ändra data. Logga in som redaktör.")


if __name__ == "__main__":  # python -m dashboard.auth 'lösenord' -> line for secrets.toml
    if len(sys.argv) != 2:
        print("Användning: python -m dashboard.auth LÖSENORD", file=sys.stderr)
        sys.exit(2)
    print(f'editor_password_hash = "{hash_password(sys.argv[1])}"')
