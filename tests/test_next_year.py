"""The next year's cluster in one command, as the year-end meeting leaves it: members on 1 January, the
elected cụm trưởng and cụm phó, the predecessors a merged unit still compares through, one year's texts
and dates left for the new year, and this year's counted returns beside it for "cùng kỳ"."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date
from pathlib import Path

import yaml
from conftest import EXAMPLE_CONFIG, ROOT, check_folder, run_next_year
from test_successors import MERGED, _merged

import pipeline
from thidua.cli.common import Exit
from thidua.config import load_config, parse_config
from thidua.config.next_year import next_year
from thidua.findings import ERROR


def _example() -> dict:
    return yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))


def test_next_years_config_keeps_the_members_and_the_merge() -> None:
    data = _example()
    _merged(data)
    next(u for u in data["units"] if u["code"] == "CCB")["member_until"] = date(2023, 9, 30)  # left in September
    new = next_year(data, MERGED, ["MTTQ"])
    cfg = parse_config(new)
    codes = [u.code for u in cfg.units]
    assert "CCB" not in codes and {"HND", "TD", MERGED} <= set(codes)  # predecessors stay for "cùng kỳ"
    assert cfg.reporting.year == 2024
    roles = {u.code: u.role for u in cfg.units}
    assert roles[MERGED] == "cụm trưởng" and roles["MTTQ"] == "cụm phó"
    assert [r for c, r in roles.items() if c not in (MERGED, "MTTQ")] == ["thành viên"] * (len(codes) - 2)
    assert cfg.unit(MERGED).member_from is None  # a member all of 2024
    assert cfg.unit("HND").member_until == date(2023, 6, 30)  # still gone
    assert all("CCB" not in i.units for i in cfg.indicators)
    assert "CCB_HV_MOI" not in {i.code for i in cfg.indicators}  # only the veterans reported it
    assert cfg.targets == {} and cfg.report.texts == {}
    assert cfg.year_end and cfg.year_end.pact and cfg.year_end.pact.signed is None
    scoring = cfg.year_end.scoring
    assert scoring and scoring.years[2024] == scoring.years[2023]
    assert cfg.successors[0].unit == MERGED
    assert data["reporting"]["year"] == 2023  # this year's data is left as it was


def test_the_command_writes_next_years_folder_and_leaves_this_year_alone(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    before = {p: p.stat().st_mtime_ns for p in inputs.rglob("*") if p.is_file()}
    target = tmp_path / "nam-2024"
    args = ["--config", str(EXAMPLE_CONFIG), "--inputs", str(inputs), "--outputs", str(tmp_path / "out")]
    os.environ["THIDUA_TODAY"] = "2024-01-25"
    try:
        assert pipeline.main(["next-year", *args, "--chair", "TD", "--vice", "HND", "--to", str(target)]) == 0
        assert pipeline.main(["next-year", *args, "--chair", "TD", "--to", str(target)]) == 2  # not over a folder
        assert pipeline.main(["next-year", *args, "--chair", "XX", "--to", str(tmp_path / "x")]) == 2
    finally:
        os.environ.pop("THIDUA_TODAY")
    assert {p: p.stat().st_mtime_ns for p in inputs.rglob("*") if p.is_file()} == before
    cfg = load_config(target / "config.yaml")
    assert cfg.reporting.year == 2024 and cfg.unit("TD").role == "cụm trưởng"
    copied = sorted(p.relative_to(target / "inputs") for p in (target / "inputs").rglob("*.xlsx"))
    counted = check_folder(inputs, load_config(EXAMPLE_CONFIG)).counted
    assert copied == sorted(s.book.path.relative_to(inputs) for s in counted if s.period.year == 2023)
    checked = check_folder(target / "inputs", cfg, date(2024, 3, 25))
    assert [f for f in checked.findings if f.severity == ERROR] == []
    assert {r["year"] for r in checked.figure_rows} == {2023}


def test_next_years_config_is_this_years_file_with_the_years_changes_only(tmp_path: Path) -> None:
    """The office's own config.yaml, moved on a year: its 48 comments, flow lists and long lines as typed,
    and only what the year changes. PyYAML wrote it without a comment, lists unfolded, lines folded."""
    target = tmp_path / "nam-2024"
    assert run_next_year(EXAMPLE_CONFIG, target, tmp_path / "o") == 0
    before = EXAMPLE_CONFIG.read_text(encoding="utf-8").splitlines()
    after = (target / "config.yaml").read_text(encoding="utf-8").splitlines()
    comments = [line for line in before if line.lstrip().startswith("#")]
    assert len(comments) >= 10 and [line for line in after if line.lstrip().startswith("#")] == comments
    gone = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    texts = before.index("  texts:")
    assert (
        gone
        == [
            "  year: 2023              # năm thi đua đang theo dõi",
            "    signed: 2023-02-15",
            *before[texts : texts + len(gone) - 2],  # the year's report texts, left for the new year to write
        ]
        and before[texts + len(gone) - 2 :] == [line for line in before[texts:] if line in after]
    )
    assert added == ["  year: 2024              # năm thi đua đang theo dõi", "      2024:", "  texts: {}"]
    roles = [(n, line) for n, line in enumerate(after) if "role: cụm" in line]
    assert [line for _, line in roles] == ["    role: cụm phó", "    role: cụm trưởng"]  # HND's kept, TD's new
    assert after[roles[1][0] - 1] == "    short_name: Tỉnh đoàn"  # beside the names, as the example has it
    assert load_config(target / "config.yaml").unit("TD").role == "cụm trưởng"


def test_ctrl_c_halfway_leaves_no_half_made_folder(tmp_path: Path, monkeypatch) -> None:
    """The clerk presses Ctrl-C while this year's returns are being linked: no half-made nam-2024 is left for
    the next attempt to refuse ("đã có dữ liệu"), nor a temporary one beside it; the next attempt makes it
    whole, readable by the portal's account as any folder (mkdtemp's would be the owner's alone)."""
    target = tmp_path / "nam-2024"
    target.mkdir()  # an empty folder the office made for it: allowed, and replaced
    linked = []
    real_link = os.link

    def link_then_interrupt(source, copy):  # type: ignore[no-untyped-def]
        if len(linked) == 5:
            raise KeyboardInterrupt
        linked.append(copy)
        real_link(source, copy)

    monkeypatch.setattr(os, "link", link_then_interrupt)
    assert run_next_year(EXAMPLE_CONFIG, target, tmp_path / "o") == Exit.INTERRUPTED  # "Đã dừng…", as said
    assert len(linked) == 5 and sorted(p.name for p in tmp_path.iterdir() if p.name != "o") == ["nam-2024"]
    assert not any(target.iterdir())  # the office's empty folder, as it was
    monkeypatch.setattr(os, "link", real_link)
    assert run_next_year(EXAMPLE_CONFIG, target, tmp_path / "o") == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "o") == ["nam-2024"]
    assert (target / "config.yaml").is_file() and len(list((target / "inputs").rglob("*.xlsx"))) > 5
    assert stat.S_IMODE(target.stat().st_mode) == 0o777 & ~_umask()


def test_a_config_ruamel_cannot_read_is_moved_on_from_its_data(tmp_path: Path, monkeypatch, capsys) -> None:
    """A file thidua reads (YAML 1.1's rules) that ruamel.yaml does not (1.2's): next year's config is written
    from the data, and the console says the comments could not be kept, instead of a traceback."""
    from ruamel.yaml import YAMLError

    import thidua.config.typed

    def unreadable(text: str) -> None:
        raise YAMLError("as YAML 1.2 would refuse it")

    monkeypatch.setattr(thidua.config.typed, "typed_data", unreadable)
    target = tmp_path / "nam-2024"
    assert run_next_year(EXAMPLE_CONFIG, target, tmp_path / "o") == 0
    assert "Không giữ được các dòng chú thích của config.yaml" in " ".join(capsys.readouterr().out.split())
    assert load_config(target / "config.yaml").unit("TD").role == "cụm trưởng"


def test_a_provinces_cluster_ruamel_cannot_read_moves_on_too(
    example_province: Path, tmp_path: Path, monkeypatch
) -> None:
    from ruamel.yaml import YAMLError
    from test_province import province_copy, thidua

    from thidua.config import typed

    def unreadable(text: str) -> None:
        raise YAMLError("as YAML 1.2 would refuse it")

    monkeypatch.setattr(typed, "typed_data", unreadable)
    folder = province_copy(example_province, tmp_path / "tinh")
    where = ["--province", str(folder), "--cluster", "khoi-kinh-te", "--chair", "STC", "--to", str(tmp_path / "k")]
    assert thidua("next-year", *where) == 0
    assert load_config(tmp_path / "k" / "config.yaml").unit("STC").role == "khối trưởng"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_unit_that_has_left_cannot_be_elected(tmp_path: Path) -> None:
    def left(data: dict) -> None:
        next(u for u in data["units"] if u["code"] == "HND")["member_until"] = date(2023, 9, 30)

    from conftest import edited_config

    config = edited_config(tmp_path, left)
    args = ["--config", str(config), "--inputs", str(ROOT / "inputs"), "--outputs", str(tmp_path / "out")]
    assert pipeline.main(["next-year", *args, "--chair", "HND", "--to", str(tmp_path / "nam-2024")]) == 2
    assert not (tmp_path / "nam-2024").exists()


def test_a_provinces_cluster_moves_on_with_what_it_inherited(example_province: Path, tmp_path: Path) -> None:
    from test_province import province_copy, thidua

    folder = province_copy(example_province, tmp_path / "tinh")
    target = tmp_path / "khoi-2024"
    where = ["--province", str(folder), "--cluster", "khoi-kinh-te"]
    assert thidua("next-year", *where, "--chair", "STC", "--vice", "SCT", "--to", str(target)) == 0
    cfg = load_config(target / "config.yaml")  # whole: usable alone, or laid over next year's province
    assert cfg.reporting.year == 2024 and cfg.cluster.kind == "khối"
    assert cfg.unit("STC").role == "khối trưởng" and cfg.unit("SKHDT").role == "thành viên"
    assert cfg.year_end and cfg.year_end.scoring and 2024 in cfg.year_end.scoring.years  # the shared table, moved on
    text = (target / "config.yaml").read_text(encoding="utf-8")  # the khối's own file first, as it typed it
    own = (folder / "khoi-kinh-te" / "config.yaml").read_text(encoding="utf-8")
    assert text.startswith(own[: own.index("units:")]) and "  - {code: STC, name: Sở Tài chính tỉnh" in text
    inherited = "# Các khóa dưới đây là phần dùng chung (shared) của province.yaml năm 2023, chép vào đây."
    assert text.index("\nunits:") < text.index(inherited) < text.index("\nreporting:")
    assert len(list((target / "inputs").rglob("*.xlsx"))) == 30  # January to June, five units
