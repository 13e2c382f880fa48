"""Fetching values from Kolada's API, saved as one JSON document and imported like any file.

The fetch writes everything it received (all pages of values, and the KPI metadata that names
new indicators) into ONE document that ``loaders.kolada`` reads. That document is what the
import archives, so a fetched import is replayed by ``python -m loaders build`` without the
network, exactly like an uploaded file.

Network use is bounded, so a missing connection is a Swedish message within seconds, never a
hang: connect timeout 5 s and read timeout 20 s per try, at most three tries with back-off on
server errors (5xx, 429), timeouts and dropped connections, and at most ``BUDGET`` seconds
(env ``INDIKATORPANEL_KOLADA_TIMEOUT``) for one request with all its tries. Name lookups have
no timeout in Python, so the work runs in a worker thread that a watchdog gives up on when
no response has arrived for that long.

Which server: ``INDIKATORPANEL_KOLADA_URL`` (default ``https://api.kolada.se/v3``); ``host()``
says which host will be contacted, so the Data page can tell the user before fetching.
Every list asks for Kolada's largest page (``per_page=5000``); a further page is asked for at
the configured address with the next page number, ``next_url`` (v3) or ``next_page`` (v2) only
saying that there is one (behind a proxy Kolada still names its own host there). Comma lists
in a URL are capped at 25 ids per request, as Kolada's own clients do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit


from . import http_json
from .errors import PanelError
from .http_json import WATCHDOG_GRACE, JsonClient, Service, guarded  # noqa: F401 - WATCHDOG_GRACE: tests
from .kolada import GROUP_MESSAGE, KPI_ID, METADATA_KEYS, SOURCE, area_code, kolada_id
from .reading import MAX_FILE_BYTES
from .values import name_key

T = TypeVar("T")

URL_ENV = "INDIKATORPANEL_KOLADA_URL"
TIMEOUT_ENV = "INDIKATORPANEL_KOLADA_TIMEOUT"
DEFAULT_URL = "https://api.kolada.se/v3"
BUDGET = 20.0               # seconds one request may take with all its tries: a failure shows within 30 s
MAX_IDS = 25                # ids per comma list in one URL (Kolada's clients chunk at 25)
MAX_PAGES = 2_000
PER_PAGE = 5_000             # values per page: Kolada's documented maximum


class KoladaError(PanelError):
    """Kolada could not be reached or answered something unusable; nothing was changed."""

    title = "Hämtningen från Kolada misslyckades"


SERVICE = Service("Kolada", URL_ENV, DEFAULT_URL, KoladaError,
                  not_found_hint="nyckeltalens id och kommunkoderna, och ",
                  bad_request_hint="kontrollera nyckeltalens id och kommunkoderna, eller fråga efter färre åt gången.",
                  smaller_hint="hämta färre nyckeltal, kommuner eller år åt gången.")


# ----------------------------------------------------------------------------- where to

def base_url() -> str:
    """The API's base URL, without a trailing slash."""
    return http_json.base_url(SERVICE)


def host() -> str:
    return http_json.host(SERVICE)


def v2_warning() -> str | None:
    """Kolada's API v2 was shut down in 2026: a configured v2 address is said plainly (saved v2
    files are still read as before)."""
    if urlsplit(base_url()).path.rstrip("/").endswith("/v2"):
        return (f"{URL_ENV} pekar på Koladas API v2, som stängdes 2026. Byt till v3 (t.ex. {DEFAULT_URL}); "
                "sparade filer från v2 kan fortfarande importeras.")
    return None


def budget() -> float:
    """Seconds one request may take with all its tries; env INDIKATORPANEL_KOLADA_TIMEOUT."""
    return http_json.seconds_from_env(TIMEOUT_ENV, BUDGET)


# ----------------------------------------------------------------------------- HTTP

class _Client(JsonClient):
    """Kolada's client: the bounded JSON client, plus Kolada's pages."""

    def __init__(self, base: str, seconds: float):
        super().__init__(base, seconds, SERVICE)

    def pages(self, url: str) -> list:
        """The ``values`` of every page, following ``next_url`` (v3) or ``next_page`` (v2)."""
        items: list = []
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            if next_url in seen:
                raise KoladaError("Kolada pekade på samma sida två gånger (ingen ände på sidorna); hämtningen avbröts.")
            if len(seen) >= MAX_PAGES:
                raise KoladaError(f"svaret från Kolada har fler än {MAX_PAGES} sidor; hämta färre nyckeltal eller "
                                  "kommuner åt gången.")
            seen.add(next_url)
            document = self.get(next_url)
            if not isinstance(document, dict) or not isinstance(document.get("values"), list):
                raise KoladaError("Kolada svarade med något annat än väntat (ingen lista «values»). Om felet "
                                  "kvarstår kan Koladas API ha ändrats.")
            items.extend(document["values"])
            following = document.get("next_url") or document.get("next_page")
            next_url = self._follow(next_url, following) if following else None
        return items

    def _follow(self, current: str, following: object) -> str:
        """The next page's address: OUR base and path with the next page number.

        Kolada's ``next_url`` names its own host (api.kolada.se) even behind a proxy or mirror
        (INDIKATORPANEL_KOLADA_URL), so its host is never used: only that there is a next page,
        and its number where it gives one.
        """
        if not isinstance(following, str):
            raise KoladaError("Kolada angav nästa sida på ett sätt som inte går att läsa; hämtningen avbröts.")
        page = _page_number(urlsplit(following).query) or (_page_number(urlsplit(current).query) or 1) + 1
        parts = urlsplit(current)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("page", "per_page")]
        return urlunsplit((parts.scheme, parts.netloc, parts.path,
                           urlencode([*query, ("page", str(page)), ("per_page", str(PER_PAGE))]), ""))


def _page_number(query: str) -> int | None:
    found = dict(parse_qsl(query)).get("page", "")
    return int(found) if found.isdigit() and int(found) > 0 else None


def _paged(url: str) -> str:
    """``url`` asking for Kolada's largest page (per_page=5000, the documented maximum)."""
    return url + ("&" if "?" in url else "?") + f"per_page={PER_PAGE}"


_guarded = guarded


# ----------------------------------------------------------------------------- queries

def normalise_kpis(kpis: Iterable[str]) -> list[str]:
    out: list[str] = []
    for kpi in kpis:
        for part in str(kpi).replace(";", ",").split(","):
            text = part.strip().upper()
            if not text:
                continue
            if not KPI_ID.match(text):
                raise KoladaError(f"«{part.strip()}» är inget nyckeltals-id från Kolada (en bokstav och fem siffror, "
                                  "t.ex. N31807).")
            if text not in out:
                out.append(text)
    if not out:
        raise KoladaError("ange minst ett nyckeltals-id från Kolada, t.ex. N31807.")
    return out


def _check_municipalities(municipalities: Iterable[str]) -> list[str]:
    out: list[str] = []
    for m in municipalities:
        text = str(m).strip()
        if re.fullmatch(r"G\d+", text, re.IGNORECASE):
            raise KoladaError(GROUP_MESSAGE.format(id=text))
        if not re.fullmatch(r"\d{4}", text):
            raise KoladaError(f"«{text}» är inget id för en kommun eller region i Kolada (fyra siffror, t.ex. 0580).")
        if text not in out:
            out.append(text)
    if not out:
        raise KoladaError("ange minst en kommun eller region.")
    return out


def _years(years: Sequence[int] | None, from_year: int | None) -> list[int] | None:
    this_year = dt.date.today().year
    if years:
        out = sorted({int(y) for y in years})
    elif from_year is not None:
        if not 1950 <= int(from_year) <= this_year + 1:
            raise KoladaError(f"året {from_year} ligger utanför 1950–{this_year + 1}.")
        out = list(range(int(from_year), this_year + 1))
    else:
        return None
    bad = [y for y in out if not 1950 <= y <= this_year + 1]
    if bad:
        raise KoladaError(f"året {bad[0]} ligger utanför 1950–{this_year + 1}.")
    return out


def _chunks(items: Sequence[T], size: int = MAX_IDS) -> list[Sequence[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _ids(items: Iterable[object]) -> str:
    return ",".join(quote(str(i), safe="") for i in items)


def data_urls(base: str, kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int] | None) -> list[str]:
    """``/data/kpi/<K,...>/municipality/<M,...>[/year/<Y,...>]``, at most 25 ids per list."""
    urls = []
    for k in _chunks(kpis):
        for m in _chunks(municipalities):
            for y in (_chunks(years) if years else [None]):
                url = f"{base}/data/kpi/{_ids(k)}/municipality/{_ids(m)}"
                urls.append(_paged(url + (f"/year/{_ids(y)}" if y else "")))
    return urls


def metadata_urls(base: str, kpis: Sequence[str]) -> list[str]:
    return [_paged(f"{base}/kpi/{_ids(k)}") for k in _chunks(kpis)]


def file_name(kpis: Sequence[str], municipalities: Sequence[str], years: Sequence[int] | None) -> str:
    """E.g. «kolada_N31807_0580_0000.json», «kolada_N31807_N15507_25_omraden_2015-2025.json»."""
    kpi_part = "_".join(kpis[:3]) + (f"_m_fl_{len(kpis)}" if len(kpis) > 3 else "")
    area_part = "_".join(municipalities) if len(municipalities) <= 3 else f"{len(municipalities)}_omraden"
    year_part = "" if not years else (f"_{years[0]}" if len(years) == 1 else f"_{years[0]}-{years[-1]}")
    return f"kolada_{kpi_part}_{area_part}{year_part}.json"


def fetch(kpis: Iterable[str], municipalities: Iterable[str], years: Sequence[int] | None = None,
          from_year: int | None = None, *, missing_ok: bool = False) -> tuple[bytes, str]:
    """Fetch values (all pages) and KPI metadata; return ONE JSON document and its file name.

    ``municipalities`` are Kolada ids: kommun codes, ``0000`` riket, ``0001``–``0025`` regions.
    Raises KoladaError (Swedish) on any network failure, unknown KPI or empty answer; within
    about ``budget()`` seconds of the last response, whatever the network does. A refresh
    (``missing_ok``) is told which KPIs Kolada no longer has (``missing_kpis`` in the
    document) instead, as long as one of them is still there.
    """
    kpi_ids = normalise_kpis(kpis)
    ids = _check_municipalities(municipalities)
    year_list = _years(years, from_year)
    base = base_url()
    client = _Client(base, budget())

    def work(c: _Client) -> tuple[list, list]:
        metadata: list = []
        for url in metadata_urls(base, kpi_ids):
            metadata.extend(c.pages(url))
        values: list = []
        for url in data_urls(base, kpi_ids, ids, year_list):
            values.extend(c.pages(url))
        return metadata, values

    try:
        metadata, values = _guarded(work, client)
    finally:
        client.close()
    wanted = set(kpi_ids)
    metadata = list({item["id"]: item for item in metadata
                     if isinstance(item, dict) and item.get("id") in wanted}.values())
    named = {m["id"] for m in metadata} | {v.get("kpi") for v in values if isinstance(v, dict)}
    unknown = [k for k in kpi_ids if k not in named]
    if unknown and not (missing_ok and len(unknown) < len(kpi_ids)):
        raise KoladaError(f"Kolada känner inte till {'nyckeltalet' if len(unknown) == 1 else 'nyckeltalen'} "
                          f"{', '.join(f'«{k}»' for k in unknown)}. Kontrollera id:t eller sök på sidan Administration.")
    if not values:
        raise KoladaError(f"Kolada har inga värden för {', '.join(kpi_ids)} i {', '.join(ids)}"
                          + (f" åren {year_list[0]}–{year_list[-1]}" if year_list else "") + ".")
    document = {
        "source": SOURCE,
        "api": base,
        "query": {"kpi": kpi_ids, "municipality": ids, "year": year_list},
        METADATA_KEYS[0]: metadata,
        "count": len(values),
        "values": values,
    }
    if unknown:
        document["missing_kpis"] = unknown
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise KoladaError(f"svaret från Kolada blev större än {MAX_FILE_BYTES // 2**20} MB; hämta färre nyckeltal, "
                          "kommuner eller år åt gången.")
    return data, file_name(kpi_ids, ids, year_list)


def search_kpis(word: str, limit: int = 200) -> list[tuple[str, str]]:
    """(id, title) of Kolada's KPIs whose title contains ``word`` (GET /kpi?title=<word>)."""
    text = " ".join(str(word).split())
    if not text:
        return []
    base = base_url()
    client = _Client(base, budget())
    try:
        items = _guarded(lambda c: c.pages(_paged(f"{base}/kpi?title={quote(text, safe='')}")), client)
    finally:
        client.close()
    out: list[tuple[str, str]] = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] not in dict(out):
            out.append((item["id"], " ".join(str(item.get("title") or "").split())))
        if len(out) >= limit:
            break
    return out


# ----------------------------------------------------------------------------- command line

def municipalities_for(con, kommuner: Sequence[str], grupp: str | None) -> tuple[list[str], str | None]:
    """Kolada ids to fetch: the given kommuner (default: the home kommun and riket), plus the
    members of a comparison group (by id or name). Returns (ids, the group's id or None)."""
    from .store import reference  # late: the fetch functions need no store

    ref = reference(con)
    ids: list[str] = []
    for text in kommuner:
        code, error = area_code(text, ref)
        if error is not None:
            raise KoladaError(error)
        ids.append(kolada_id(code, ref))
    if not kommuner:
        ids += [kolada_id(ref.home, ref), "0000"]
    group_id = None
    if grupp:
        group_id, members = _group(con, grupp)
        ids += members
    return list(dict.fromkeys(ids)), group_id


def _group(con, grupp: str) -> tuple[str, list[str]]:
    cur = con.cursor()
    try:
        groups = cur.execute("SELECT group_id, name FROM comparison_groups ORDER BY sort_order, group_id").fetchall()
        wanted = name_key(grupp)
        match = next((g for g, n in groups if name_key(g) == wanted), None) or \
            next((g for g, n in groups if name_key(n) == wanted), None)
        if match is None:
            listed = ", ".join(f"«{n}» ({g})" for g, n in groups) or "inga"
            raise KoladaError(f"jämförelsegruppen «{grupp}» finns inte. Grupper: {listed}.")
        members = [m for (m,) in cur.execute(
            "SELECT kommun_code FROM comparison_group_members WHERE group_id = ? ORDER BY kommun_code",
            [match]).fetchall()]
    finally:
        cur.close()
    if not members:
        raise KoladaError(f"jämförelsegruppen «{grupp}» har inga kommuner.")
    return match, members


def run_cli(db: Path, args: argparse.Namespace) -> int:
    """``python -m loaders kolada KPI... [--kommun CODE...] [--grupp NAME] [--from YEAR]``.

    Reads what to fetch from the store, fetches with the store closed (the app may be using
    it), then imports the document in one transaction. Exit 2 with Swedish lines on stderr and
    the store unchanged on any failure.
    """
    from . import outcome
    from .importer import import_bytes  # late: keeps `import loaders.kolada_api` light
    from .store import StoreDamaged, connect

    db = Path(db)
    try:
        if not db.exists():
            print(f"Databasen {db} finns inte; kör först: python -m loaders build", file=sys.stderr)
            return 2
        kpis = normalise_kpis(args.kpi)
        try:  # read-only: a fetch that fails leaves the file byte for byte as it was
            con = connect(db, read_only=True)
        except StoreDamaged:  # e.g. an older schema, which a writable connection upgrades
            con = connect(db)
        try:
            ids, group_id = municipalities_for(con, list(args.kommun or []), args.grupp)
        finally:
            con.close()
        if v2_warning():
            print(f"Obs: {v2_warning()}", file=sys.stderr)
        print(f"Hämtar {', '.join(kpis)} för {len(ids)} {'område' if len(ids) == 1 else 'områden'} från "
              f"{host()} …", file=sys.stderr)
        data, name = fetch(kpis, ids, from_year=args.from_year)
        query = {"kpi": kpis, "municipality": ids, "from_year": args.from_year, "group": group_id,
                 "api": base_url()}
        con = connect(db)
        try:
            summary, warnings = import_bytes(con, data, name, "kolada", who="kommandorad",
                                             options={"kolada": query})
        finally:
            con.close()
    except PanelError as exc:  # ImportFailed too: the file's problems, one a line
        return outcome.failed(exc)
    return outcome.imported(summary, warnings)
