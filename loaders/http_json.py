"""A bounded JSON client for the public statistics APIs (Kolada, SCB's Statistikdatabasen).

Every request is bounded in time and size and retried only where a retry may help, so a
missing connection is a Swedish message within seconds, never a hang: connect timeout 5 s and
read timeout 20 s per try, at most three tries with back-off on server errors (5xx, 429),
timeouts and dropped connections, and at most ``seconds`` for one request with all its tries.
Name lookups have no timeout in Python, so the work runs in a worker thread that a watchdog
(``guarded``) gives up on when no response has arrived for that long.

The messages name the service (``Service``), so Kolada's and SCB's errors read as their own.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import requests

from .errors import PanelError
from .reading import MAX_FILE_BYTES

T = TypeVar("T")

CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 20.0
TRIES = 3
BACKOFF = (0.5, 1.0)        # seconds to wait before the second and the third try
WATCHDOG_GRACE = 2.0        # the watchdog's margin over the budget
MAX_RESPONSE_BYTES = MAX_FILE_BYTES
MAX_RETRY_AFTER = 30.0      # the longest «Retry-After» waited out within one request's budget
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "Indikatorpanelen python-requests/" + requests.__version__


@dataclass(frozen=True)
class Service:
    """What the messages say about one API: its name, the variable that sets its address and
    the error type its callers catch."""

    name: str                     # «Kolada», «SCB»
    url_env: str                  # INDIKATORPANEL_KOLADA_URL
    default_url: str
    error: type[PanelError]
    not_found_hint: str = ""      # what to check after a 404, before «att VAR pekar på …»
    bad_request_hint: str = "fråga efter mindre åt gången."   # after a 400
    smaller_hint: str = "hämta mindre åt gången."             # after a too large answer


def base_url(service: Service) -> str:
    """The API's base URL from the service's variable (or its default), without a trailing slash."""
    url = (os.environ.get(service.url_env) or "").strip() or service.default_url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise service.error(f"{service.url_env}=«{url}» är ingen webbadress (http:// eller https://).")
    return url.rstrip("/")


def host(service: Service) -> str:
    """The host a fetch will contact (e.g. «api.kolada.se»), to tell the user before fetching."""
    return urlsplit(base_url(service)).hostname or ""


def seconds_from_env(name: str, default: float) -> float:
    """Seconds one request may take with all its tries, from an environment variable."""
    text = (os.environ.get(name) or "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return min(max(value, 0.2), 120.0) if value == value else default


class RateLimit:
    """At most ``calls`` requests in any ``window`` seconds (SCB: read from its /config)."""

    def __init__(self, calls: int, window: float, *, sent_just_now: int = 0) -> None:
        self.calls, self.window = max(int(calls), 1), max(float(window), 0.0)
        self.sent: list[float] = [time.monotonic()] * sent_just_now  # e.g. the call that read the limits
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            self.sent = [t for t in self.sent if now - t < self.window]
            if len(self.sent) >= self.calls:
                time.sleep(max(0.0, self.window - (now - self.sent[0])))
                now = time.monotonic()
                self.sent = [t for t in self.sent if now - t < self.window]
            self.sent.append(time.monotonic())


class JsonClient:
    """One session; every request bounded in time and size, retried only where it may help."""

    def __init__(self, base: str, seconds: float, service: Service, *, limit: RateLimit | None = None):
        self.base = base
        self.parts = urlsplit(base)
        self.host = self.parts.hostname or base
        self.seconds = seconds
        self.service = service
        self.limit = limit
        self.progress = time.monotonic()  # when the last response arrived (for the watchdog)
        self.session = requests.Session()
        self.session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def close(self) -> None:
        self.session.close()

    def get(self, url: str) -> object:
        """The parsed JSON at ``url``, or the service's error with a Swedish reason."""
        return self.request("GET", url)

    def post(self, url: str, body: object) -> object:
        """The parsed JSON answer to ``body`` sent as JSON (a long selection: SCB refuses long URLs)."""
        return self.request("POST", url, body)

    def request(self, method: str, url: str, body: object = None) -> object:
        error, name = self.service.error, self.service.name
        deadline = time.monotonic() + self.seconds
        failure: str | None = None
        for attempt in range(TRIES):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                status, data, retry_after = self._once(method, url, body, remaining, deadline)
            except requests.exceptions.SSLError as exc:
                raise error(f"den säkra anslutningen till «{self.host}» misslyckades ({_short(exc)}). "
                            "Kontrollera datorns certifikat eller proxy.") from None
            except requests.exceptions.ProxyError:
                failure = (f"proxyservern som datorn är inställd att använda svarar inte, så «{self.host}» kan "
                           "inte nås. Kontrollera proxyinställningen (HTTPS_PROXY) eller nätverket.")
            except (requests.exceptions.Timeout, _Late):
                failure = self._timeout_message()
            except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                # a read timeout while the body streams comes as a ConnectionError
                failure = self._timeout_message() if "timed out" in str(exc).lower() else \
                    _connection_message(exc, self.host, self.service)
            except requests.exceptions.RequestException as exc:
                raise error(f"frågan till «{self.host}» kunde inte skickas ({_short(exc)}).") from None
            else:
                self.progress = time.monotonic()
                if status in RETRY_STATUSES:
                    times = "en gång" if attempt == 0 else f"{attempt + 1} gånger"
                    failure = (f"{name} svarade med ett serverfel (HTTP {status}) {times}; försök igen "
                               "senare." if status != 429 else
                               f"{name} tar just nu inte emot fler frågor (HTTP 429); försök igen om en stund.")
                    if retry_after is not None:
                        _sleep(min(retry_after, MAX_RETRY_AFTER), deadline)
                        self.progress = time.monotonic()
                        if attempt < TRIES - 1:
                            continue
                elif status >= 400:
                    raise error(_status_message(status, url, self.host, self.service))
                else:
                    return _parse(data, url, self.service)
            if attempt < TRIES - 1:
                _sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)], deadline)
        raise error(failure or f"«{self.host}» svarade inte inom {self.seconds:g} sekunder.")

    def _timeout_message(self) -> str:
        return (f"«{self.host}» svarade inte i tid (inom {self.seconds:g} sekunder). Datorn kan sakna "
                f"internetanslutning, eller så är {self.service.name} överbelastat; försök igen senare.")

    def _once(self, method: str, url: str, body: object, remaining: float,
              deadline: float) -> tuple[int, bytes, float | None]:
        if self.limit is not None:
            self.limit.wait()
        timeout = (min(CONNECT_TIMEOUT, remaining), min(READ_TIMEOUT, remaining))
        with self.session.request(method, url, json=body, timeout=timeout, stream=True,
                                  allow_redirects=True) as response:
            elsewhere = urlsplit(response.url).hostname
            if elsewhere != self.host:
                raise self.service.error(f"{self.service.name} skickade vidare frågan till en annan server "
                                         f"(«{elsewhere}»); svaret därifrån används inte.")
            status = response.status_code
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise self.service.error(f"svaret från {self.service.name} är större än "
                                             f"{MAX_RESPONSE_BYTES // 2**20} MB; {self.service.smaller_hint}")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _Late()
            return status, b"".join(chunks), _retry_after(response.headers.get("Retry-After"))


class _Late(Exception):
    """The body kept trickling past the request's time budget."""


def _sleep(seconds: float, deadline: float) -> None:
    time.sleep(max(0.0, min(seconds, deadline - time.monotonic())))


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:160] + "…"


def _connection_message(exc: BaseException, host_name: str, service: Service) -> str:
    text = str(exc)
    if any(s in text for s in ("NameResolution", "Name or service not known", "nodename nor servname",
                               "getaddrinfo", "Temporary failure in name resolution", "No address associated")):
        return (f"datorn hittar inte servern «{host_name}» (namnuppslagningen misslyckades). Datorn verkar sakna "
                "internetanslutning, eller så stoppas den av en brandvägg eller proxy.")
    if "refused" in text.lower():
        return (f"«{host_name}» tar inte emot anslutningar (anslutningen vägrades). Kontrollera nätverket "
                f"och adressen i {service.url_env}.")
    return f"det går inte att ansluta till «{host_name}» ({_short(exc)}). Kontrollera nätverket."


def _status_message(status: int, url: str, host_name: str, service: Service) -> str:
    name = service.name
    if status == 404:
        return (f"{name} känner inte till adressen (HTTP 404: {url}). Kontrollera {service.not_found_hint}"
                f"att {service.url_env} pekar på {name}s API (t.ex. {service.default_url}).")
    if status in (400, 414):
        return f"{name} tog inte emot frågan (HTTP {status}): {service.bad_request_hint}"
    if status in (401, 403):
        return f"«{host_name}» nekade frågan (HTTP {status}); {name}s API är öppet, så en proxy eller brandvägg stoppar den."
    return f"{name} svarade med HTTP {status} på {url}."


def _parse(body: bytes, url: str, service: Service) -> object:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise service.error(f"{service.name} svarade med något som inte är giltig JSON ({url}). Försök igen "
                            f"senare; om felet kvarstår kan {service.name}s API ha ändrats.") from None


def guarded(work: Callable[[JsonClient], T], client: JsonClient, on_wait: Callable[[], None] | None = None) -> T:
    """Run ``work`` in a worker thread; give up when no response has come for the budget.

    A name lookup (DNS) has no timeout in Python and can block far longer than the request
    timeouts; the watchdog makes the promised bound hold anyway. A given-up worker is a
    daemon thread: it can not keep the program alive, and it writes nothing. ``on_wait`` runs
    in the caller's thread while it waits (a page's progress bar can only be drawn from there).
    """
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["result"] = work(client)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=run, name=f"{client.service.name.lower()}-fetch", daemon=True)
    client.progress = time.monotonic()
    worker.start()
    while worker.is_alive():
        worker.join(0.1)
        if on_wait is not None:
            on_wait()
        if worker.is_alive() and time.monotonic() - client.progress > client.seconds + WATCHDOG_GRACE:
            raise client.service.error(
                f"«{client.host}» svarade inte inom {client.seconds:g} sekunder. Datorn verkar sakna "
                f"internetanslutning, eller så är {client.service.name} överbelastat; försök igen senare.")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["result"]  # type: ignore[return-value]
