"""Fixtures for the hardening tests: the malformed-file corpus and stores worth protecting.

Kept local (not in tests/conftest.py) so these tests depend only on the loaders' public
functions: connect, load_reference_files, reference, import_bytes and table_checksums.
"""

from __future__ import annotations

import atexit
import importlib.util
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from loaders.importer import import_bytes
from loaders.store import connect, load_reference_files, reference

ROOT = Path(__file__).resolve().parents[2]

# Hypothesis keeps caches and example databases in ./.hypothesis; keep the repository clean.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="hypothesis_")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)


def load_corpus_module() -> ModuleType:
    """scripts/make_malformed_corpus.py as a module (scripts/ is not a package)."""
    name = "make_malformed_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


def seeded_store(path: Path):
    """A store with the reference data and one earlier import, so there is something to lose."""
    corpus = load_corpus_module()
    con = connect(path)
    load_reference_files(con)
    import_bytes(con, corpus.GOOD_MALL, "tidigare.xlsx")
    return con


@pytest.fixture(scope="module")
def guarded_store(tmp_path_factory: pytest.TempPathFactory):
    con = seeded_store(tmp_path_factory.mktemp("hardening") / "store.duckdb")
    yield con
    con.close()


@pytest.fixture(scope="module")
def hardening_ref(guarded_store):
    return reference(guarded_store)
