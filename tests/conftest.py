"""Shared fixtures: the two configs, a fixed 'today', and helpers that run the real pipeline on real files."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # clerk.py: fills templates as a unit's clerk would

from thidua.config import Config, load_config  # noqa: E402
from thidua.intake.check import Checked, check  # noqa: E402
from thidua.intake.read import discover  # noqa: E402
from thidua.intake.returns import check_files  # noqa: E402

TODAY = date(2023, 7, 5)  # the day of the article's review meeting
EXAMPLE_CONFIG = ROOT / "config.yaml"
KHOI_CONFIG = ROOT / "tests" / "data" / "khoi" / "config.yaml"
BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="session")
def cfg() -> Config:
    return load_config(EXAMPLE_CONFIG)


@pytest.fixture(scope="session")
def khoi() -> Config:
    return load_config(KHOI_CONFIG)


def check_folder(folder: Path, config: Config, today: date = TODAY, through=None) -> Checked:
    return check(check_files(discover(folder), folder, config, today), config, today, through)


@pytest.fixture()
def example_inputs(tmp_path: Path) -> Path:
    """A private copy of the bundled example inputs that a test may change."""
    target = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", target)
    return target


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pipeline.py run` once on the bundled example inputs; returns the outputs folder."""
    import os

    import pipeline

    out = tmp_path_factory.mktemp("outputs")
    os.environ["THIDUA_TODAY"] = TODAY.isoformat()
    try:
        code = pipeline.main(
            ["run", "--config", str(EXAMPLE_CONFIG), "--inputs", str(ROOT / "inputs"), "--outputs", str(out)]
        )
    finally:
        os.environ.pop("THIDUA_TODAY")
    assert code == 0
    return out
