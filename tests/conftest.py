"""Shared fixtures: one sample store per test session, built by the real generator."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from helpers.common.config import Paths
from helpers.ingest.sample import generate_sample
from helpers.reference.registry import Registry, bundled_reference_dir
from helpers.store.slices import Store
from paths_support import sample_paths

SAMPLE_TEST_YEARS = (2020, 2021, 2022)

# Builds sign the notebooks they publish in Jupyter's notary database (so JupyterLab shows their
# charts); the tests' builds sign into a database of their own, not the tester's.
os.environ["JUPYTER_DATA_DIR"] = tempfile.mkdtemp(prefix="workbook-tests-jupyter-")


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load(bundled_reference_dir())


@pytest.fixture(scope="session")
def sample_data_dir(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Path:
    """A data folder holding the sample store for 2020–2022 (read-only for tests)."""
    data_dir = tmp_path_factory.mktemp("data")
    generate_sample(Store(data_dir / "store"), registry, years=SAMPLE_TEST_YEARS)
    return data_dir


@pytest.fixture(scope="session")
def sample_store(sample_data_dir: Path) -> Store:
    return Store(sample_data_dir / "store")


@pytest.fixture()
def data(tmp_path: Path) -> Paths:
    """A new deployment: an empty data folder (the bundled reference data applies)."""
    return Paths(tmp_path / "data", tmp_path / "params", tmp_path / "outputs")


@pytest.fixture()
def paths(tmp_path: Path, sample_data_dir: Path) -> Paths:
    """Folders for one test: the shared sample data, its own params copy and outputs."""
    return sample_paths(tmp_path, sample_data_dir)
