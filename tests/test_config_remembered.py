"""config.yaml validated once and taken from the user's cache while it is the same file (config/remembered.py):
what a secretary changes by typing is always seen, a config with a problem always says so, an entry that
cannot be read or a cache that cannot be written changes nothing, and `--no-cache` leaves the cache alone.
Configs are edited as text, as the secretary edits them."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from thidua.config import ConfigError, load_config
from thidua.config import remembered as remembered_module
from thidua.config.remembered import entry_name, remembered_config, stale_entries
from thidua.intake.cache import NOT_JUDGED, _plain

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "config.yaml"
KHOI = ROOT / "tests" / "data" / "khoi" / "config.yaml"


def _office(folder: Path, text: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.yaml"
    config.write_text(text if text is not None else EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return config


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("config-*.pickle"))


def test_a_config_validated_once_is_taken_from_the_cache_the_next_time(tmp_path, monkeypatch) -> None:
    config, cache = _office(tmp_path / "office"), tmp_path / "cache"
    first = remembered_config(config, cache)
    assert len(_entries(cache)) == 1
    assert first == load_config(config)

    def not_again(*_: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(remembered_module, "load_config", not_again)
    again = remembered_config(config, cache)
    assert again == first
    assert again.wording() == first.wording()  # the package's default wording came along (a private attribute)
    assert again.unit(first.units[0].code).name == first.units[0].name


def test_what_the_secretary_types_is_seen_at_once(tmp_path) -> None:
    config, cache = _office(tmp_path / "office"), tmp_path / "cache"
    before = remembered_config(config, cache)
    old_name = before.units[0].short_name
    text = config.read_text(encoding="utf-8")
    assert f"short_name: {old_name}" in text
    config.write_text(text.replace(f"short_name: {old_name}", "short_name: Hội LHPN", 1), encoding="utf-8")
    after = remembered_config(config, cache)
    assert after.units[0].short_name == "Hội LHPN"
    assert len(_entries(cache)) == 2
    config.write_text(text, encoding="utf-8")  # typed back as it was: the first entry serves again
    assert remembered_config(config, cache).units[0].short_name == old_name


def test_a_config_with_a_problem_says_so_every_time_and_is_never_remembered(tmp_path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("  year: 2023", "  year: hai nghìn", 1)
    config, cache = _office(tmp_path / "office", text), tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(ConfigError) as raised:
            remembered_config(config, cache)
        assert "year" in str(raised.value.problems)
    assert _entries(cache) == []
    assert not (tmp_path / "missing.yaml").exists()
    with pytest.raises(ConfigError) as missing:
        remembered_config(tmp_path / "missing.yaml", cache)
    assert "không tìm thấy tệp cấu hình" in str(missing.value.problems)


def test_the_same_file_in_another_folder_finds_its_own_template_there(tmp_path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("report:\n", "report:\n  template: mau-rieng.docx\n", 1)
    cache = tmp_path / "cache"
    one = remembered_config(_office(tmp_path / "mot", text), cache)
    two = remembered_config(_office(tmp_path / "hai", text), cache)
    assert one.report.template == str(tmp_path / "mot" / "mau-rieng.docx")
    assert two.report.template == str(tmp_path / "hai" / "mau-rieng.docx")
    assert len(_entries(cache)) == 2


def test_a_relative_path_is_remembered_per_working_folder(tmp_path, monkeypatch) -> None:
    data = EXAMPLE.read_bytes()
    monkeypatch.chdir(tmp_path)
    here = entry_name(Path("config.yaml"), data)
    monkeypatch.chdir(ROOT)
    assert entry_name(Path("config.yaml"), data) != here
    assert entry_name(ROOT / "config.yaml", data) != entry_name(tmp_path / "config.yaml", data)


def test_an_entry_that_cannot_be_read_is_validated_afresh_and_replaced(tmp_path) -> None:
    config, cache = _office(tmp_path / "office"), tmp_path / "cache"
    expected = remembered_config(config, cache)
    (entry,) = _entries(cache)
    for spoilt in (b"", b"not a pickle", pickle.dumps({"cluster": "không phải cấu hình"})):
        entry.write_bytes(spoilt)
        assert remembered_config(config, cache) == expected
        assert pickle.loads(entry.read_bytes()) == expected


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path) -> None:
    config = _office(tmp_path / "office")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    assert remembered_config(config, blocked) == load_config(config)
    assert remembered_config(config, None) == load_config(config)


def test_a_new_release_or_new_default_wording_makes_a_new_entry(tmp_path, monkeypatch) -> None:
    data = EXAMPLE.read_bytes()
    before = entry_name(EXAMPLE, data)
    wording = tmp_path / "wording.yaml"
    wording.write_text(remembered_module.WORDING_FILE.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    monkeypatch.setattr(remembered_module, "WORDING_FILE", wording)
    remembered_module._code.cache_clear()
    try:
        assert entry_name(EXAMPLE, data) != before
    finally:
        monkeypatch.undo()
        remembered_module._code.cache_clear()
    assert entry_name(EXAMPLE, data) == before


def test_entries_unused_for_a_month_are_removed_by_the_next_command(tmp_path) -> None:
    cache = tmp_path / "cache" / "thidua"
    cache.mkdir(parents=True)
    old, recent = cache / "config-old.pickle", cache / "config-recent.pickle"
    for entry, days in ((old, 31), (recent, 29)):
        entry.write_bytes(b"")
        when = time.time() - days * 86400
        os.utime(entry, (when, when))
    assert stale_entries(cache) == [old]
    command = [sys.executable, "-m", "thidua", "check-template", "--config", str(_office(tmp_path / "office"))]
    subprocess.run(command, capture_output=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert not old.exists() and recent.exists()


@pytest.mark.parametrize("config", [EXAMPLE, KHOI], ids=["cum", "khoi"])
def test_the_outcome_fingerprint_reads_the_config_as_pydantic_writes_it(config: Path) -> None:
    """fingerprint() walks the fields itself (model_dump would build every validator of a remembered config);
    it must see exactly what model_dump sees, or a changed setting could keep stale outcomes."""
    cfg = load_config(config)
    walked = {name: _plain(getattr(cfg, name)) for name in type(cfg).model_fields if name not in NOT_JUDGED}
    assert walked == cfg.model_dump(mode="json", exclude=set(NOT_JUDGED))


def test_check_remembers_the_config_and_no_cache_leaves_it_alone(tmp_path) -> None:
    config = _office(tmp_path / "office")
    (tmp_path / "office" / "inputs").mkdir()
    env = {**os.environ, "THIDUA_TODAY": "2024-01-25", "PYTHONIOENCODING": "utf-8"}

    def check(cache: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        folder = config.parent
        office = ["--config", str(config), "--inputs", str(folder / "inputs"), "--outputs", str(folder / "out")]
        command = [sys.executable, "-m", "thidua", "check", *office, "--json", *extra]
        return subprocess.run(command, capture_output=True, text=True, env={**env, "XDG_CACHE_HOME": str(cache)})

    used, unused = tmp_path / "used", tmp_path / "unused"
    for _ in range(2):
        done = check(used)
        assert "chưa có báo cáo nào" in done.stdout + done.stderr
    assert len(_entries(used / "thidua")) == 1
    check(unused, "--no-cache")
    assert not unused.exists()
