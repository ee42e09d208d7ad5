"""The one resolver of paths: the datasets folder (`--datasets DIR`, else $NK_ARRIVALS_DATASETS, else the
repository's) and the cache folder."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

ENV = "NK_ARRIVALS_DATASETS"
CACHE_ENV = "NK_ARRIVALS_CACHE"
REPOSITORY_DATASETS = Path(__file__).resolve().parents[1] / "datasets"
OUTPUT = "arrivals"  # datasets/arrivals/: what `build` writes and the dashboard reads
HELP = f"datasets folder holding raw/ and arrivals/ (default: ${ENV}, else the repository's datasets/)"


def datasets_folder(given: Path | str | None = None) -> Path:
    """The datasets folder: the one given, else $NK_ARRIVALS_DATASETS, else the repository's datasets/."""
    return Path(given or os.environ.get(ENV) or REPOSITORY_DATASETS)


def arrivals_folder(given: Path | str | None = None) -> Path:
    """datasets/arrivals/ under the resolved datasets folder."""
    return datasets_folder(given) / OUTPUT


def add_option(parser: argparse.ArgumentParser) -> None:
    """The `--datasets` option, spelt and explained the same way by every command."""
    parser.add_argument("--datasets", metavar="DIR", help=HELP)


def cache_folder() -> Path:
    """Where a process keeps what it can make again (nothing a reader sees): $NK_ARRIVALS_CACHE, else the user's
    cache folder as the XDG convention names it ($XDG_CACHE_HOME/nk-arrivals, else ~/.cache/nk-arrivals)."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nk-arrivals"
