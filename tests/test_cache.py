"""The outcome cache (intake/cache.py) re-reads exactly the files whose key changed: a cell edited in one
file, a rule of config.yaml, a new release of the intake's code, a day that moves a period from the future
into the past. What comes back from it is what a check without it finds."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import EXAMPLE_CONFIG, REVIEW_DAY, ROOT, TODAY, edited_config
from thidua.config import Config, load_config
from thidua.intake import cache as cache_module
from thidua.intake.cache import CACHE_FOLDER, OutcomeCache, fingerprint
from thidua.intake.check import Checked
from thidua.intake.folder import check_folder
from thidua.intake.read import discover

HND_MARCH = "2023/T03/BC thi dua T3-2023 HND.xlsx"


@pytest.fixture()
def office(tmp_path: Path) -> tuple[Path, Path]:
    """An office's folder: its own config.yaml (so the cache lives in its own state folder) and inputs."""
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    return edited_config(tmp_path, lambda data: None), tmp_path / "inputs"


def run(config: Path, inputs: Path, today: date = TODAY) -> tuple[Checked, Config]:
    cfg = load_config(config)
    cache = OutcomeCache(config.parent / cfg.portal.state / CACHE_FOLDER, fingerprint(cfg))
    return check_folder(inputs, cfg, today, cache=cache), cfg


def every_file(inputs: Path) -> list[str]:
    return [p.relative_to(inputs).as_posix() for p in discover(inputs)]


def test_an_unchanged_folder_is_not_read_again(office) -> None:
    config, inputs = office
    first, _ = run(config, inputs)
    assert first.read_files == every_file(inputs) and len(first.read_files) > 100
    again, _ = run(config, inputs)
    assert again.read_files == []


def test_a_first_check_leaves_each_files_true_hash(office) -> None:
    """With nothing remembered, the workers hash what they read (the parent does not read every file once
    more): the index and the hashes the feedback copies are keyed by must still be each file's own, also
    for files no worker reads through (a PDF, a sheet too large), which are then not read again."""
    config, inputs = office
    for name in ("report.pdf", "xfd.xlsx"):
        shutil.copy(ROOT / "tests" / "data" / "hostile" / name, inputs / name)
    first, cfg = run(config, inputs)
    expected = {name: hashlib.sha256((inputs / name).read_bytes()).hexdigest() for name in every_file(inputs)}
    assert first.hashes == expected
    cache = OutcomeCache(config.parent / cfg.portal.state / CACHE_FOLDER, fingerprint(cfg))
    assert {name: entry[1] for name, entry in cache.index(inputs).items()} == expected
    assert run(config, inputs)[0].read_files == []


def test_one_cell_changed_rereads_that_file_alone(office) -> None:
    config, inputs = office
    run(config, inputs)
    book = load_workbook(inputs / HND_MARCH)
    book["Số liệu"]["E8"] = -5  # as the unit's clerk would, by mistake
    book.save(inputs / HND_MARCH)
    checked, _ = run(config, inputs)
    assert checked.read_files == [HND_MARCH]
    negative = [f for f in checked.findings if f.file == HND_MARCH and f.cell == "E8"]
    assert [f.code for f in negative] == ["CELL_NEGATIVE"]


def test_a_copy_under_another_name_is_not_read_but_named(office) -> None:
    config, inputs = office
    run(config, inputs)
    copy = "2023/T03/HND gui lai T3.xlsx"
    shutil.copy2(inputs / HND_MARCH, inputs / copy)
    checked, _ = run(config, inputs)
    assert checked.read_files == []
    duplicate = [f for f in checked.findings if f.code == "FILE_DUPLICATE"]
    assert [f.message for f in duplicate] == [f"Giống hệt tệp “{copy}”; chỉ tính một lần."]
    assert checked.figure_rows == check_folder(inputs, load_config(config), TODAY).figure_rows


def test_a_changed_rule_rereads_everything_and_applies(office) -> None:
    config, inputs = office
    run(config, inputs)

    def lower_the_maximum(data: dict) -> None:
        next(i for i in data["indicators"] if i["code"] == "NTM_DAT_HIEN")["max"] = 1000

    edited_config(config.parent, lower_the_maximum)
    checked, _ = run(config, inputs)
    assert checked.read_files == every_file(inputs)
    assert any(f.file == HND_MARCH and f.cell == "E8" and f.code == "CELL_OUT_OF_RANGE" for f in checked.findings)


def test_the_report_wording_changes_nothing_read(office) -> None:
    config, inputs = office
    run(config, inputs)
    edited_config(config.parent, lambda data: data["report"].update(place="Thành phố Lạng Sơn"))
    checked, _ = run(config, inputs)
    assert checked.read_files == []


def test_a_new_release_of_the_intake_rereads_everything(office, monkeypatch) -> None:
    config, inputs = office
    run(config, inputs)
    monkeypatch.setattr(cache_module, "code_version", lambda: "a-later-release")
    checked, _ = run(config, inputs)
    assert checked.read_files == every_file(inputs)


def test_a_period_not_yet_ended_is_read_every_day_until_it_ends(office) -> None:
    """On the day of the mid-year review, returns of July onwards name a period not yet ended: their
    outcome depends on the day, so it is never remembered. Once the year has ended they are read once more
    and remembered."""
    config, inputs = office
    run(config, inputs, REVIEW_DAY)
    again, _ = run(config, inputs, REVIEW_DAY)
    future = sorted({f.file for f in again.findings if f.code == "FILE_FUTURE_PERIOD"})
    assert future and sorted(again.read_files) == future
    after, _ = run(config, inputs, TODAY)
    assert sorted(after.read_files) == future
    assert run(config, inputs, TODAY)[0].read_files == []


def _facts(checked: Checked) -> dict:
    return {
        "figures": checked.figure_rows,
        "narratives": checked.narrative_rows,
        "commendations": checked.commendation_rows,
        "timeliness": checked.timeliness_rows,
        "differences": checked.diff_rows,
        "excluded": checked.excluded_rows,
        "findings": sorted(checked.findings, key=lambda f: (f.file, f.sheet, f.cell, f.code, f.message)),
        "reminders": checked.reminders,
        "chosen": checked.chosen,
        "arrivals": checked.arrivals,
        "targets": checked.target_rows,
        "counted": checked.counted,
        "documents": checked.documents,
    }


@pytest.mark.parametrize("today", [TODAY, REVIEW_DAY], ids=["after-the-year", "mid-year"])
def test_results_are_the_same_with_and_without_the_cache(office, today) -> None:
    config, inputs = office
    shutil.copytree(ROOT / "tests" / "data" / "bad", inputs / "2023" / "sai", dirs_exist_ok=True)
    cfg = load_config(config)
    plain = _facts(check_folder(inputs, cfg, today))
    cold, _ = run(config, inputs, today)
    warm, _ = run(config, inputs, today)
    assert warm.read_files != cold.read_files
    assert _facts(cold) == plain
    assert _facts(warm) == plain


def test_the_example_config_keeps_its_cache_outside_the_checkout() -> None:
    """The repository's own config points the state folder at portal-data/, which git ignores."""
    cfg = load_config(EXAMPLE_CONFIG)
    assert (ROOT / ".gitignore").read_text().count(f"{Path(cfg.portal.state).name}/")


def test_a_members_dates_fixed_in_config_reread_its_files(office) -> None:
    """HND made a member from July by mistake: its earlier returns are refused (not a member). The office
    fixes member_from: those files are read again and count; nothing stale is kept for them."""
    config, inputs = office

    def joins_in_july(data: dict) -> None:
        next(u for u in data["units"] if u["code"] == "HND")["member_from"] = "2023-07-01"

    edited_config(config.parent, joins_in_july)
    wrong, _ = run(config, inputs)
    assert any(f.file == HND_MARCH and f.code == "FILE_NOT_MEMBER" for f in wrong.findings)
    edited_config(config.parent, lambda data: None)
    fixed, _ = run(config, inputs)
    assert HND_MARCH in fixed.read_files
    assert not any(f.file == HND_MARCH and f.code == "FILE_NOT_MEMBER" for f in fixed.findings)
    assert fixed.chosen[("HND", "2023-03")] == HND_MARCH


def test_a_change_to_the_config_models_is_a_new_release(tmp_path, monkeypatch) -> None:
    """The config models decide what a file is judged by: a change to their source changes the code's
    version, so every outcome is judged again."""
    copy = tmp_path / "thidua"
    shutil.copytree(ROOT / "thidua", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "files", lambda package: copy)
    before = cache_module.code_version()
    with (copy / "config" / "model.py").open("a", encoding="utf-8") as model:
        model.write("\n# a later release's change to a model\n")
    assert cache_module.code_version() != before


def test_a_file_edited_to_the_same_size_is_read_again(office) -> None:
    """A cell changed and the file padded to its old size (a zip comment): the size alone does not say the
    file is the same, so it is read again and its new value counts."""
    import zipfile

    config, inputs = office
    target = inputs / HND_MARCH
    book = load_workbook(target)
    book["Số liệu"]["E8"] = 4321
    changed = config.parent / "sua.xlsx"  # outside inputs/: never read as a return
    book.save(changed)
    book = load_workbook(target)
    book["Số liệu"]["E8"] = 1234
    book.save(target)  # the same workbook, saved the same way: only E8 differs
    run(config, inputs)
    size, new = target.stat().st_size, changed.stat().st_size
    with zipfile.ZipFile(target if new > size else changed, "a") as padded:
        padded.comment = b" " * abs(new - size)
    if new > size:  # the file in place was padded: its outcome is read again before the test goes on
        run(config, inputs)
    assert target.stat().st_size == changed.stat().st_size
    target.write_bytes(changed.read_bytes())
    changed.unlink()
    checked, _ = run(config, inputs)
    assert checked.read_files == [HND_MARCH]
    figures = checked.figures.query("unit == 'HND' and period == '2023-03' and code == 'NTM_DAT_HIEN'")
    assert list(figures["value"]) == [4321]
