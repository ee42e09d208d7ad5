"""Where the repository and its committed datasets are, for every test folder."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "datasets"
ARRIVALS = DATASETS / "arrivals"
RAW = DATASETS / "raw"
