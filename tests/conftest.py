"""Shared fixtures: the two configs, a fixed 'today', and helpers that run the real pipeline on real files."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Configs the suite validates are remembered (config/remembered.py) in a folder of its own, which every
# command the tests start inherits: never the developer's ~/.cache/thidua.
_CONFIG_CACHE = tempfile.mkdtemp(prefix="thidua-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CONFIG_CACHE
atexit.register(shutil.rmtree, _CONFIG_CACHE, True)
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
def served(
    config: Path | None,
    inputs: Path | None = None,
    outputs: Path | None = None,
    today: date | None = None,
    command: list[str] | None = None,
    province: Path | None = None,
) -> Iterator[str]:
    """`thidua serve` as its own process on a free loopback port for the length of a `with`, yielding its
    base URL: the portal as an office runs it, and nothing of the server shares the test's process. Its
    output is drained all along (a full pipe would stall it) and shown if it fails to start. `command`: how
    to start thidua (default: this interpreter's `python -m thidua`); `province`: serve a province's folder
    (then config, inputs and outputs are None)."""
    import os
    import queue
    import re
    import subprocess

    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    if today:
        env["THIDUA_TODAY"] = today.isoformat()
    import warm_start

    arguments = ["serve", "--port", "0"]
    if province is not None:
        arguments += ["--province", str(province)]
    else:
        arguments += ["--config", str(config), "--inputs", str(inputs), "--outputs", str(outputs)]
    process: Any
    if command is None and warm_start.available():  # the same command, without paying for its imports again
        process = warm_start.start(arguments, env)
    else:
        process = subprocess.Popen(
            [*(command or [sys.executable, "-m", "thidua"]), *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            env=env,
        )
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        while True:
            try:
                line = lines.get(timeout=60)
            except queue.Empty:
                raise AssertionError("thidua serve did not start: " + "".join(seen)) from None
            seen.append(line)
            if found := re.search(r"http://127\.0\.0\.1:(\d+)", line):
                break
        yield f"http://127.0.0.1:{found[1]}"
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(10)
        assert not reader.is_alive(), "the server's output was never closed"
        process.stdout.close()  # type: ignore[union-attr]
        if isinstance(process, warm_start.Started):
            process.remove_fifo()


@pytest.fixture(scope="session")
def cfg() -> Config:
    return load_config(EXAMPLE_CONFIG)


@pytest.fixture(scope="session")
def khoi() -> Config:
    return load_config(KHOI_CONFIG)


def edited_config(folder: Path, change, source: Path = EXAMPLE_CONFIG) -> Path:  # type: ignore[no-untyped-def]
    """A config.yaml (the example's unless `source` is given) as an office edits it: the typed file with
    `change` made to it, and nothing else rewritten. `change` edits the YAML as data (mappings and lists);
    ruamel.yaml's round trip writes back the office's own text around the edit (its comments, key order,
    flow lists, quoting, `2023` and `"01"` as typed), where a dump of the parsed data would have written a
    file no office types. The result is written to folder/config.yaml and its path returned."""
    return write_edited_yaml(source, folder / "config.yaml", change)


def write_edited_yaml(source: Path, target: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """`source` (YAML typed by a person) with `change` made to its data, written to `target` as that person
    would have saved it (see edited_config), the way next-year writes next year's config (config/typed.py)."""
    from thidua.config.typed import typed_data, typed_text

    text = source.read_text(encoding="utf-8")
    data = typed_data(text)
    change(data)
    target.write_text(typed_text(data, like=text), encoding="utf-8")
    return target


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


def without_pdf(args: tuple[str, ...] | list[str]) -> list[str]:
    """The arguments of a `run` or `score` with `--no-pdf` added unless the test says: LibreOffice takes
    seconds a run, spent only where a test reads the PDFs (test_dossier.py)."""
    args = list(args)
    if {"--pdf", "--no-pdf"} & set(args) or (args and args[0] not in ("run", "score") and not args[0].startswith("-")):
        return args
    return [*args, "--no-pdf"]


def run_pipeline(out: Path, *args: str, today: date = TODAY, inputs: Path = ROOT / "inputs") -> int:
    import os

    import pipeline

    os.environ["THIDUA_TODAY"] = today.isoformat()
    try:
        common = ["--config", str(EXAMPLE_CONFIG), "--inputs", str(inputs), "--outputs", str(out)]
        return pipeline.main(["run", *common, *without_pdf(args)])
    finally:
        os.environ.pop("THIDUA_TODAY")


def run_next_year(config: Path, to: Path, outputs: Path, *elected: str) -> int:
    """`next-year --chair TD --vice HND` (or `elected`, the options as typed) of `config` over the example's
    returns, on 25/01/2024, just after the year-end meeting."""
    import os

    import pipeline

    os.environ["THIDUA_TODAY"] = "2024-01-25"
    try:
        args = ["--config", str(config), "--inputs", str(ROOT / "inputs"), "--outputs", str(outputs)]
        return pipeline.main(["next-year", *args, *(elected or ("--chair", "TD", "--vice", "HND")), "--to", str(to)])
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


POSTGRES = os.environ.get("THIDUA_TEST_POSTGRES", "")  # a database the tests may make schemas in (.ci/run)
BACKENDS = ["sqlite", "postgresql"]


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test, as a database URL whose search path is that schema;
    dropped afterwards. Skipped, saying why, where no PostgreSQL was given (.ci/run always gives one)."""
    import secrets

    from sqlalchemy import create_engine, make_url

    if not POSTGRES:
        pytest.skip("THIDUA_TEST_POSTGRES is not set: no PostgreSQL to test on (.ci/run starts one)")
    name = f"t_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.exec_driver_sql(f"CREATE SCHEMA {name}")
    url = make_url(POSTGRES).update_query_dict({"options": f"-csearch_path={name}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _dispose_engines(name)
        with admin.connect() as db:
            db.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        admin.dispose()


def _dispose_engines(schema: str) -> None:
    """Close every pooled connection the test's stores opened on `schema` (an app's store is never closed
    by the app), so none is left for the garbage collector to find open."""
    import gc

    from sqlalchemy import Engine

    for thing in gc.get_objects():
        if isinstance(thing, Engine) and str(thing.url.query.get("options", "")).endswith(f"={schema}"):
            thing.dispose()


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The portal's database on each back end: "" (the default SQLite file) or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield ""
    else:
        with postgres_schema() as url:
            yield url


@pytest.fixture(scope="session")
def example_province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`thidua init --province`, filled by scripts/province_example.py: three clusters, one voted."""
    import province_example

    import pipeline

    folder = tmp_path_factory.mktemp("tinh-mau") / "tinh"
    assert pipeline.main(["init", "--province", str(folder)]) == 0
    os.environ["THIDUA_TODAY"] = "2024-01-25"
    try:
        province_example.main(folder)
    finally:
        os.environ.pop("THIDUA_TODAY", None)
    return folder


CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@contextmanager
def chromium(tmp_path: Path, *flags: str, width: int = 1280) -> Iterator:  # type: ignore[type-arg]
    """Debian's chromium through chromedriver (Selenium never downloads a driver), headless, with a fresh
    profile and downloads into tmp_path/downloads; `flags` are added to the usual ones."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir(exist_ok=True)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--window-size={width},1000",
        f"--user-data-dir={tmp_path / 'profile'}",
        *flags,
    ):
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.downloads = downloads  # type: ignore[attr-defined]
    driver.implicitly_wait(10)  # a click starts a page load; finding an element waits for the new page
    try:
        yield driver
    finally:
        driver.quit()


def press(driver, element) -> None:  # type: ignore[no-untyped-def]
    """Click what leads to another page and wait until that page has replaced this one. ChromeDriver says
    the old page is gone with StaleElementReferenceException or, under load, with "Node with given id does
    not belong to the document" (even from the click itself, when the page leaves while it reports): both
    mean the same, any other error is raised."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.wait import WebDriverWait

    page = driver.find_element(By.TAG_NAME, "html")

    def replaced(_: object = None) -> bool:
        try:
            page.is_enabled()
        except WebDriverException:
            return True
        return False

    try:
        element.click()
    except WebDriverException:
        if not replaced():
            raise
    WebDriverWait(driver, 60).until(replaced)
