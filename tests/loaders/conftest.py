"""Fixtures the loader tests share."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from loaders import http_json

from loaders.store import connect, load_reference_files


@pytest.fixture
def offline_scb(monkeypatch: pytest.MonkeyPatch) -> None:
    """SCB's default address on a machine without network: every name lookup fails, no proxy."""
    monkeypatch.delenv("INDIKATORPANEL_SCB_URL", raising=False)
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(http_json, "BACKOFF", (0.05, 0.05))

    def no_lookup(*a, **k):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)


@pytest.fixture(scope="module")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store with the reference data only, made once per module (the slow part)."""
    path = tmp_path_factory.mktemp("mall") / "template.duckdb"
    con = connect(path)
    load_reference_files(con)
    con.close()
    return path


@pytest.fixture
def db(template_store: Path, tmp_path: Path) -> Path:
    """A private copy of the template store, closed (a command line opens it itself)."""
    path = tmp_path / "store.duckdb"
    shutil.copy(template_store, path)
    return path
