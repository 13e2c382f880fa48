"""Fetching from Kolada against a local server: pages, retries, timeouts, bad answers, no network.

The server (http.server in a thread on 127.0.0.1) answers from tests/fixtures/kolada_server/
(routes.json says which file answers which request). No test here reaches the internet: the
default host is only ever tried through a proxy on a closed local port or with the name lookup
replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest

from loaders import http_json, kolada_api
from loaders.importer import parse
from loaders.kolada import CONVERTED_SOURCE, SOURCE
from loaders.kolada_api import KoladaError, data_urls, fetch, host, run_cli, search_kpis
from loaders.store import connect, data_checksums, load_reference_files, reference

from tests.kolada_server import KoladaServer, serving

ROOT = Path(__file__).resolve().parents[2]
DASHBOARD_PATH = "/v3/data/kpi/N31807,N15507,N07403/municipality/0580,0000"
PAGE = "?per_page=5000"  # every list asks for Kolada's largest page


@pytest.fixture
def server(monkeypatch):
    with serving(monkeypatch) as srv:
        yield srv


@pytest.fixture(scope="module")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kolada") / "template.duckdb"
    con = connect(path)
    load_reference_files(con)
    con.close()
    return path


@pytest.fixture
def db(template_store: Path, tmp_path: Path) -> Path:
    """A closed store file with the reference data (the CLI opens it itself)."""
    path = tmp_path / "store.duckdb"
    shutil.copy(template_store, path)
    return path


def cli(db: Path, *args: str, env: dict[str, str], timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "loaders", "--db", str(db), "kolada", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=timeout, env=env)
    return result, time.monotonic() - started


def env_for(server: KoladaServer | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("INDIKATORPANEL_KOLADA")}
    env.update({"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    if server is not None:
        env["INDIKATORPANEL_KOLADA_URL"] = server.url()
    env.update(extra)
    return env


def checksums(db: Path) -> dict:
    con = connect(db, read_only=True)
    try:
        return data_checksums(con)
    finally:
        con.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----------------------------------------------------------------------------- the command line

def test_cli_imports_every_page_and_a_second_run_changes_nothing(server, db):
    result, _ = cli(db, "N31807", "N15507", "N07403", env=env_for(server))
    assert result.returncode == 0, result.stderr
    # 4 (KPI, area) pairs of T only x 3 years + N15507: 2 areas x 3 years x T/K/M = 12 + 18
    assert "tillagda 30, ersatta 0, oförändrade 0" in result.stdout
    assert server.hits[DASHBOARD_PATH + PAGE] == 1
    assert server.hits[DASHBOARD_PATH + "?page=2&per_page=5000"] == 2  # a 500, then the page
    assert server.hits[DASHBOARD_PATH + "?page=3&per_page=5000"] == 1
    assert "från 127.0.0.1" in result.stderr  # the host is named before fetching

    con = duckdb.connect(str(db), read_only=True)
    try:
        obs = {(i, a, y, s): (v, f, c, src) for i, a, y, s, v, f, c, src in con.execute(
            "SELECT indicator_id, area_code, year, sex, value, flag, comment, source FROM observations").fetchall()}
        assert obs[("forsorjningsstod_andel", "0580", 2022, "totalt")][:2] == (4.1, None)
        assert obs[("forsorjningsstod_andel", "00", 2023, "totalt")][:2] == (None, "saknas")
        value, flag, comment, _ = obs[("valdsbrott_per_1000", "0580", 2022, "totalt")]
        assert value == pytest.approx(10.875) and flag is None and "N07403" in comment
        assert obs[("kolada_n15507", "0580", 2021, "kvinnor")][:2] == (245.0, None)
        assert obs[("kolada_n15507", "00", 2023, "män")][:2] == (216.8, None)
        assert obs[("kolada_n15507", "0580", 2023, "totalt")][:3] == (None, "prickad", "Koladas status: «..».")
        # Kolada's own values say «Kolada»; the one the panel converted (per 100 000 -> per 1 000)
        # says it is the panel's calculation, as Kolada's terms ask
        assert obs[("valdsbrott_per_1000", "0580", 2022, "totalt")][3] == CONVERTED_SOURCE
        assert {src for (i, *_), (*_, src) in obs.items() if i != "valdsbrott_per_1000"} == {SOURCE} == {"Kolada"}
        name, unit, source = con.execute("SELECT name, unit, source FROM indicators "
                                         "WHERE indicator_id = 'kolada_n15507'").fetchone()
        assert name == "Elever i åk 9, meritvärde, hemkommun, genomsnitt (17 ämnen)"  # Kolada's title
        assert source == SOURCE
        file_name, data = con.execute("SELECT file_name, data FROM archive").fetchone()
        options = json.loads(con.execute("SELECT options FROM imports").fetchone()[0])
    finally:
        con.close()
    assert file_name == "kolada_N31807_N15507_N07403_0580_0000.json"
    assert options["kolada"]["municipality"] == ["0580", "0000"] and options["kolada"]["kpi"] == [
        "N31807", "N15507", "N07403"]

    again, _ = cli(db, "N31807", "N15507", "N07403", env=env_for(server))
    assert again.returncode == 0, again.stderr
    assert "tillagda 0, ersatta 0, oförändrade 30" in again.stdout

    # the archived document is all a replay needs: recognised and read without the network
    con = connect(db)
    try:
        batch = parse(bytes(data), file_name, reference(con))
    finally:
        con.close()
    assert batch.kind == "kolada" and len(batch.observations) == 30


def run(db: Path, *kpis: str, kommun: tuple[str, ...] = (), grupp: str | None = None,
        from_year: int | None = None) -> int:
    return run_cli(db, SimpleNamespace(kpi=list(kpis), kommun=list(kommun), grupp=grupp, from_year=from_year))


def test_group_adds_its_members_and_imports_real_values(server, db, capsys):
    assert run(db, "N00945", grupp="SKR A1: Storstäder") == 0, capsys.readouterr().err
    assert server.hits["/v3/data/kpi/N00945/municipality/0580,0000,0180,1280,1480" + PAGE] == 1
    assert "tillagda 9," in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    try:
        values = dict(((a, y), v) for a, y, v in con.execute(
            "SELECT area_code, year, value FROM observations WHERE indicator_id = 'kolada_n00945'").fetchall())
        name, unit = con.execute("SELECT name, unit FROM indicators WHERE indicator_id = 'kolada_n00945'").fetchone()
    finally:
        con.close()
    assert values[("0180", 2020)] == 40.8 and values[("1280", 2020)] == 37.0 and values[("1480", 2020)] == 39.5
    assert name == "Tillfälliga föräldrapenningdagar (VAB) som tas ut av män, andel av antal dagar (%)"
    assert unit == "%"


def test_unknown_group_and_group_id_are_refused_in_swedish(server, db, capsys):
    before = checksums(db)
    assert run(db, "N00945", grupp="Finns inte") == 2
    err = capsys.readouterr().err
    assert "jämförelsegruppen «Finns inte» finns inte" in err and "skr_a1" in err
    assert run(db, "N00945", kommun=("G92790",)) == 2
    err = capsys.readouterr().err
    assert "ovägt medelvärde" in err and "Inget har ändrats i databasen." in err
    assert run(db, "N00945", kommun=("Berga",)) == 2
    assert "inte en kommun, region eller riket" in capsys.readouterr().err
    assert sum(server.hits.values()) == 0  # refused before anything was fetched
    assert checksums(db) == before


def test_kommun_by_name_and_region_and_riket_codes(server, db, capsys, monkeypatch):
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_URL", server.url("v2"))
    assert run(db, "N00973", kommun=("Linköping", "00")) == 0, capsys.readouterr().err
    assert server.hits["/v2/data/kpi/N00973/municipality/0580,0000" + PAGE] == 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT area_code, year, sex, value, flag FROM observations "
                           "WHERE indicator_id = 'etablering_90_dagar' ORDER BY ALL").fetchall()
    finally:
        con.close()
    assert ("0580", 2023, "män", None, "saknas") in rows and ("00", 2022, "kvinnor", 37.0, None) in rows
    assert len(rows) == 9


def test_cli_malformed_json_exits_2_with_swedish_message_and_store_unchanged(server, db):
    before_bytes = db.read_bytes()
    result, _ = cli(db, "N01951", env=env_for(server))
    assert result.returncode == 2
    assert "inte är giltig JSON" in result.stderr and "Inget har ändrats i databasen." in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before_bytes


def test_cli_without_network_exits_2_within_30_seconds_and_changes_nothing(db):
    before_bytes = db.read_bytes()
    env = env_for(INDIKATORPANEL_KOLADA_URL=f"http://127.0.0.1:{closed_port()}/v3")
    result, seconds = cli(db, "N31807", "--kommun", "0580", env=env, timeout=60)
    assert result.returncode == 2, result.stdout
    assert seconds < 30
    assert "tar inte emot anslutningar" in result.stderr and "Inget har ändrats i databasen." in result.stderr
    assert db.read_bytes() == before_bytes


def test_cli_default_host_unreachable_exits_2_quickly(db):
    """The default api.kolada.se, reached only through a proxy on a closed local port, so the
    test can never touch the internet; the message names the host the user asked for."""
    before_bytes = db.read_bytes()
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = env_for(INDIKATORPANEL_KOLADA_TIMEOUT="3", HTTPS_PROXY=proxy, https_proxy=proxy, HTTP_PROXY=proxy,
                  http_proxy=proxy, ALL_PROXY=proxy, NO_PROXY="", no_proxy="")
    result, seconds = cli(db, "N31807", "--kommun", "0580", env=env, timeout=60)
    assert result.returncode == 2
    assert seconds < 30
    assert "proxyservern" in result.stderr and "«api.kolada.se»" in result.stderr
    assert "Inget har ändrats i databasen." in result.stderr
    assert db.read_bytes() == before_bytes


def test_run_cli_in_process_refuses_a_store_that_does_not_exist(tmp_path, capsys):
    args = SimpleNamespace(kpi=["N31807"], kommun=[], grupp=None, from_year=None)
    assert run_cli(tmp_path / "saknas.duckdb", args) == 2
    assert "finns inte" in capsys.readouterr().err
    assert not (tmp_path / "saknas.duckdb").exists()


# ----------------------------------------------------------------------------- fetch

def test_fetch_combines_all_pages_and_the_metadata_into_one_deterministic_document(server):
    data, name = fetch(["n31807", "N15507", "N07403"], ["0580", "0000"])
    again, _ = fetch(["N31807", "N15507", "N07403"], ["0580", "0000"])
    assert data == again
    assert name == "kolada_N31807_N15507_N07403_0580_0000.json"
    document = json.loads(data)
    assert len(document["values"]) == 18 and document["count"] == 18
    assert [m["id"] for m in document["kpi_metadata"]] == ["N31807", "N15507", "N07403"]
    assert document["source"] == SOURCE
    assert "next_url" not in document and "next_page" not in document


def test_fetch_follows_v2_next_page(server, monkeypatch):
    assert kolada_api.v2_warning() is None
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_URL", server.url("v2"))
    assert "pekar på Koladas API v2, som stängdes 2026" in kolada_api.v2_warning()
    document = json.loads(fetch(["N00973"], ["0580", "0000"])[0])
    assert len(document["values"]) == 3
    assert document["kpi_metadata"][0]["is_divided_by_gender"] == 1  # v2 metadata kept as sent


def test_timeout_gives_a_swedish_message_within_the_budget(server, monkeypatch):
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_TIMEOUT", "1")
    started = time.monotonic()
    with pytest.raises(KoladaError, match="svarade inte i tid"):
        fetch(["N00973"], ["0580"])
    assert time.monotonic() - started < 5


def test_server_error_is_retried_three_times_then_refused(server):
    with pytest.raises(KoladaError, match=r"serverfel \(HTTP 503\) 3 gånger"):
        fetch(["N01951"], ["0000"])
    assert server.hits["/v3/data/kpi/N01951/municipality/0000" + PAGE] == 3


def test_a_next_url_naming_kolada_s_own_host_still_reaches_page_2_through_the_configured_address(server):
    """Behind a proxy or mirror Kolada's next_url names its own host: the next page is asked
    for at the configured address with the page number, and the other host is never contacted."""
    document = json.loads(fetch(["N01951"], ["0580"])[0])
    assert [v["value"] for item in document["values"] for v in item["values"]] == [12.5]
    assert server.hits["/v3/data/kpi/N01951/municipality/0580" + PAGE] == 1
    assert server.hits["/v3/data/kpi/N01951/municipality/0580?page=2&per_page=5000"] == 1


def test_unknown_kpi_is_named(server):
    with pytest.raises(KoladaError, match="känner inte till nyckeltalet «N99999»"):
        fetch(["N99999"], ["0580", "0000"])


def test_bad_ids_are_refused_before_any_request(server):
    with pytest.raises(KoladaError, match="inget nyckeltals-id"):
        fetch(["31807"], ["0580"])
    with pytest.raises(KoladaError, match="ovägt medelvärde"):
        fetch(["N31807"], ["G92790"])
    assert sum(server.hits.values()) == 0


def test_search_kpis(server):
    assert search_kpis("bistånd") == [
        ("N31807", "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%) av bef.")]


def test_host_and_base_url(monkeypatch):
    monkeypatch.delenv("INDIKATORPANEL_KOLADA_URL", raising=False)
    assert host() == "api.kolada.se"
    assert kolada_api.base_url() == "https://api.kolada.se/v3"
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_URL", "ftp://example.org")
    with pytest.raises(KoladaError, match="ingen webbadress"):
        host()


def test_data_urls_cap_each_list_at_25_ids():
    kommuner = [f"{i:04d}" for i in range(100, 130)]
    urls = data_urls("https://x/v3", ["N31807"], kommuner, [2023])
    assert len(urls) == 2
    assert urls[0] == "https://x/v3/data/kpi/N31807/municipality/" + ",".join(kommuner[:25]) + "/year/2023" + PAGE


# ----------------------------------------------------------------------------- no network at all

@pytest.fixture
def no_dns(monkeypatch):
    """Name lookups for api.kolada.se fail (or hang); everything else resolves as usual."""
    real = socket.getaddrinfo
    release = threading.Event()
    mode = {"hang": False}

    def lookup(host_name, *args, **kwargs):
        if isinstance(host_name, bytes):
            host_name = host_name.decode()
        if host_name == "api.kolada.se":
            if mode["hang"]:
                release.wait(30)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host_name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
                 "INDIKATORPANEL_KOLADA_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(http_json, "BACKOFF", (0.05, 0.05))
    yield mode
    release.set()


def test_failed_name_lookup_names_the_host(no_dns):
    with pytest.raises(KoladaError, match="hittar inte servern «api.kolada.se»"):
        fetch(["N31807"], ["0580"])


def test_hanging_name_lookup_is_given_up_by_the_watchdog(no_dns, monkeypatch):
    no_dns["hang"] = True
    monkeypatch.setenv("INDIKATORPANEL_KOLADA_TIMEOUT", "0.5")
    started = time.monotonic()
    with pytest.raises(KoladaError, match="svarade inte inom"):
        fetch(["N31807"], ["0580"])
    assert time.monotonic() - started < 0.5 + kolada_api.WATCHDOG_GRACE + 1.5


def test_the_next_page_is_built_from_the_configured_address_and_the_page_number():
    client = kolada_api._Client("https://proxy.kommun.example/kolada/v3", 1.0)
    current = "https://proxy.kommun.example/kolada/v3/data/kpi/N31807/municipality/0580?per_page=5000"
    expected = "https://proxy.kommun.example/kolada/v3/data/kpi/N31807/municipality/0580?page={}&per_page=5000"
    # Kolada's own host and scheme in next_url are ignored; only its page number is used
    assert client._follow(current, "http://api.kolada.se/v3/data/kpi/N31807/municipality/0580?page=2&per_page=5000") \
        == expected.format(2)
    assert client._follow(expected.format(2), "?page=3") == expected.format(3)
    assert client._follow(expected.format(3), "https://api.kolada.se/v3/next") == expected.format(4)  # no number: +1
    with pytest.raises(KoladaError, match="går att läsa"):
        client._follow(current, 7)
    client.close()
