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
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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


LOG = logging.getLogger("indikatorpanelen.auth")


@dataclass(frozen=True)
class Attempt:
    ok: bool
    message: str = ""        # Swedish, for the person trying
    wait: float = 0.0        # seconds before the next try is taken


@dataclass
class PasswordGuard:
    """Slows down guessing of the editor password, per session and across the server.

    After ``FREE`` failed tries a session waits 1, 2, 4 … seconds (at most ``MAX_WAIT``)
    before its next try is even checked; when the whole server sees more than
    ``SERVER_LIMIT`` failures a minute (many sessions guessing at once), every session waits
    too. A check costs about 0.3 s of CPU (PBKDF2), so at most ``CONCURRENT`` run at once and
    a try that cannot get a slot is turned away at once. Every failure is logged.
    """

    FREE = 3
    MAX_WAIT = 300.0
    SERVER_LIMIT = 20
    CONCURRENT = 2
    clock: Callable[[], float] = time.monotonic
    verify: Callable[[str, str], bool] = field(default=lambda password, stored: verify_password(password, stored))
    _failures: dict[str, int] = field(default_factory=dict)
    _blocked_until: dict[str, float] = field(default_factory=dict)
    _recent: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slots: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(PasswordGuard.CONCURRENT))

    def _server_wait(self, now: float) -> float:
        self._recent = [t for t in self._recent if now - t < 60]
        if len(self._recent) <= self.SERVER_LIMIT:
            return 0.0
        return max(0.0, 60 - (now - self._recent[-self.SERVER_LIMIT]))

    def try_password(self, session: str, password: str, stored: str) -> Attempt:
        now = self.clock()
        with self._lock:
            wait = max(self._blocked_until.get(session, 0.0) - now, self._server_wait(now))
        if wait > 0:
            return Attempt(False, f"För många felaktiga försök. Vänta {int(wait) + 1} sekunder och försök igen.", wait)
        if not self._slots.acquire(timeout=0.5):
            return Attempt(False, "Servern kontrollerar redan andra inloggningsförsök. Försök igen om en stund.", 1.0)
        try:
            ok = self.verify(password, stored)
        finally:
            self._slots.release()
        now = self.clock()
        with self._lock:
            if ok:
                self._failures.pop(session, None)
                self._blocked_until.pop(session, None)
                return Attempt(True)
            failures = self._failures.get(session, 0) + 1
            self._failures[session] = failures
            self._recent.append(now)
            wait = min(2.0 ** (failures - self.FREE), self.MAX_WAIT) if failures >= self.FREE else 0.0
            self._blocked_until[session] = now + wait
        LOG.warning("Fel redaktörslösenord (session %s, försök %d i rad, %d fel senaste minuten på servern)",
                    hashlib.sha256(session.encode()).hexdigest()[:10], failures, len(self._recent))
        if wait:
            return Attempt(False, f"Fel lösenord. Efter {failures} fel i rad får du vänta {int(wait)} sekunder "
                                  "innan nästa försök.", wait)
        return Attempt(False, "Fel lösenord.")


GUARD = PasswordGuard()


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
