"""The committed datasets, read two ways: through the data layer (what exports use) and raw with pandas (the oracle)."""

from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import Arrivals

DATASETS = Path(__file__).resolve().parents[2] / "datasets" / "arrivals"


def read_raw(name: str) -> pd.DataFrame:
    return pd.read_csv(DATASETS / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def raw():
    """A committed dataset file exactly as written, every cell as text (test modules do not import conftest)."""
    return read_raw


@pytest.fixture(scope="session")
def arrivals() -> Arrivals:
    return Arrivals.load(DATASETS)
