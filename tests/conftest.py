"""Shared fixtures: the two configs, a fixed 'today', and helpers that run the real pipeline on real files."""

from __future__ import annotations

import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # clerk.py: fills templates as a unit's clerk would

from thidua.config import Config, load_config  # noqa: E402
from thidua.intake.check import Checked  # noqa: E402
from thidua.intake.folder import check_folder as folder_check  # noqa: E402

TODAY = date(2024, 1, 25)  # after December's deadline (20/01/2024): the example year's reports are all due
REVIEW_DAY = date(2023, 7, 5)  # the day of the article's six-month review meeting
EXAMPLE_CONFIG = ROOT / "config.yaml"
KHOI_CONFIG = ROOT / "tests" / "data" / "khoi" / "config.yaml"
BAD = ROOT / "tests" / "data" / "bad"


@contextmanager
def serving(app, **options) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A real waitress server on a loopback port for the length of a `with`, yielding its base URL.

    Stopped from inside its own loop (every channel closed there, keep-alive ones included, which ends the
    loop), its thread joined and its workers shut down: closing it from the test's thread instead left
    the loop select()ing on closed descriptors, and the EBADF was charged to whichever test ran next."""
    import waitress
    from waitress import wasyncore

    server = waitress.create_server(app, host="127.0.0.1", port=0, **options)
    loop = threading.Thread(target=server.run, daemon=True)
    loop.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        channels = server._map  # type: ignore[attr-defined]
        server.trigger.pull_trigger(lambda: wasyncore.close_all(channels))  # type: ignore[attr-defined]
        loop.join(30)
        server.task_dispatcher.shutdown()
        assert not loop.is_alive(), "the test server did not stop"


@pytest.fixture(scope="session")
def cfg() -> Config:
    return load_config(EXAMPLE_CONFIG)


@pytest.fixture(scope="session")
def khoi() -> Config:
    return load_config(KHOI_CONFIG)


def edited_config(folder: Path, change, source: Path = EXAMPLE_CONFIG) -> Path:  # type: ignore[no-untyped-def]
    """A config.yaml (the example's unless `source` is given) as an office would edit it: `change` edits
    the parsed YAML in place; the result is written to folder/config.yaml and its path returned."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def check_folder(folder: Path, config: Config, today: date = TODAY, through=None) -> Checked:
    return folder_check(folder, config, today, through)


@pytest.fixture()
def example_inputs(tmp_path: Path) -> Path:
    """A private copy of the bundled example inputs that a test may change."""
    target = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", target)
    return target


@pytest.fixture(scope="module")
def half_last_year_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example year with 2022 known for January–June only, as when a cluster's records of the year
    before are partial: every comparison of the annual report covers part of the year."""
    target = tmp_path_factory.mktemp("half-last-year") / "inputs"
    shutil.copytree(ROOT / "inputs", target)
    for month in range(7, 13):
        shutil.rmtree(target / "2022" / f"T{month:02d}")
    return target


@pytest.fixture()
def first_half_inputs(tmp_path: Path) -> Path:
    """The chair's folder as it was in July 2023: 2022, January–June 2023 and the registrations."""
    target = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs" / "2022", target / "2022")
    for part in ("T01", "T02", "T03", "T04", "T05", "T06", "dang-ky"):
        shutil.copytree(ROOT / "inputs" / "2023" / part, target / "2023" / part)
    return target


def run_pipeline(out: Path, *args: str, today: date = TODAY, inputs: Path = ROOT / "inputs") -> int:
    import os

    import pipeline

    os.environ["THIDUA_TODAY"] = today.isoformat()
    try:
        common = ["--config", str(EXAMPLE_CONFIG), "--inputs", str(inputs), "--outputs", str(out)]
        return pipeline.main(["run", *common, *args])
    finally:
        os.environ.pop("THIDUA_TODAY")


@pytest.fixture(scope="session")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The article's review, reproduced: `pipeline.py run --period 2023-06 --kind 6thang` on the bundled
    example inputs (the whole year is there); returns the outputs folder."""
    out = tmp_path_factory.mktemp("outputs")
    assert run_pipeline(out, "--period", "2023-06", "--kind", "6thang") == 0
    return out


@pytest.fixture(scope="session")
def year_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pipeline.py run` on the bundled example inputs: the annual review and the year-end documents."""
    out = tmp_path_factory.mktemp("year")
    assert run_pipeline(out) == 0
    return out
