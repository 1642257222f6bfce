"""Membership in every document: who signs the pact, who is sent a template, who is asked to register.
The example cluster as an office would edit it: Hội Cựu chiến binh joins on 01/04/2023 (after the pact of
15/02/2023), Hội Liên hiệp Phụ nữ leaves on 31/01/2023 (before it)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from conftest import ROOT, check_folder, edited_config
from docx import Document

import pipeline
from thidua.config import load_config

CCB, PN = "Hội Cựu chiến binh tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"


def _comes_and_goes(data: dict) -> None:
    units = {u["code"]: u for u in data["units"]}
    units["CCB"]["member_from"] = date(2023, 4, 1)
    units["PN"]["member_until"] = date(2023, 1, 31)


@pytest.fixture(scope="module")
def moving(tmp_path_factory):
    folder = tmp_path_factory.mktemp("moving")
    return load_config(edited_config(folder, _comes_and_goes)), folder


def _texts(doc) -> str:
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_pact_is_signed_by_the_members_on_its_day(moving, tmp_path) -> None:
    from thidua.report.pact import write_pact

    cfg, _ = moving
    checked = check_folder(ROOT / "inputs", cfg)
    write_pact(checked, cfg, tmp_path / "giao-uoc.docx")
    doc = Document(str(tmp_path / "giao-uoc.docx"))
    signatures = next(t for t in doc.tables if "TỈNH ĐOÀN" in "".join(c.text for r in t.rows for c in r.cells))
    signers = [c.text.split("\n")[0] for r in signatures.rows[::2] for c in r.cells if c.text]  # names below
    assert signers == ["ỦY BAN MTTQ TỈNH", "HỘI NÔNG DÂN TỈNH", "LIÊN ĐOÀN LAO ĐỘNG TỈNH", "TỈNH ĐOÀN"]
    paragraphs = [p.text for p in doc.paragraphs]
    joined = f"{CCB} (từ ngày 01/04/2023) gia nhập {cfg.cluster.name} sau ngày ký, thực hiện Giao ước này kể từ"
    assert any(p.startswith(joined) for p in paragraphs)
    annex = _texts(doc)
    assert "Hội Cựu chiến binh tỉnh Lạng Sơn" in annex  # bound from April: its plans are in the annex
    assert "Hội Liên hiệp Phụ nữ tỉnh Lạng Sơn" not in annex and PN not in annex  # left before the pact


def test_a_joiner_is_not_asked_to_register_before_it_joins(moving, tmp_path) -> None:
    cfg, _ = moving
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs, ignore=shutil.ignore_patterns("dang-ky-2023_CCB.xlsx"))
    before = check_folder(inputs, cfg, today=date(2023, 2, 20))
    assert not [f for f in before.findings if f.code == "REGISTRATION_MISSING" and f.unit == "CCB"]
    after = check_folder(inputs, cfg, today=date(2023, 5, 2))
    assert [f for f in after.findings if f.code == "REGISTRATION_MISSING" and f.unit == "CCB"]


def test_templates_only_for_the_periods_a_unit_owes(moving, tmp_path, capsys) -> None:
    _, folder = moving
    args = ["templates", "--config", str(folder / "config.yaml"), "--outputs", str(tmp_path)]
    assert pipeline.main([*args, "--period", "2023-03"]) == 0
    march = sorted(p.name for p in (tmp_path / "templates" / "2023-03").iterdir())
    assert len(march) == 4 and not [n for n in march if "CCB" in n or "PN" in n]
    assert f"Không tạo biểu mẫu cho {PN}, {CCB}: không là thành viên trong tháng 3 năm 2023." in capsys.readouterr().out
    assert pipeline.main([*args, "--period", "2023-04"]) == 0
    april = [p.name for p in (tmp_path / "templates" / "2023-04").iterdir()]
    assert len(april) == 5 and [n for n in april if "CCB" in n]


def test_a_blank_self_score_in_the_minutes_says_why(cfg, tmp_path) -> None:
    """Hội Cựu chiến binh sent no self-scoring workbook: its 'Tự chấm' cell says so, and the table's note
    explains the word, instead of a blank a reader takes for zero or for an oversight."""
    from thidua.report.minutes import write_minutes
    from thidua.scoring.year import score_year

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs, ignore=shutil.ignore_patterns("tu-cham-2023_CCB.xlsx", "cham-diem-*"))
    checked = check_folder(inputs, cfg)
    write_minutes(score_year(checked, cfg, checked.through), cfg, tmp_path / "bien-ban.docx")
    doc = Document(str(tmp_path / "bien-ban.docx"))
    table = next(t for t in doc.tables if len(t.columns) > 2 and t.rows[0].cells[2].text == "Tự chấm")
    own = {r.cells[1].text: r.cells[2].text for r in table.rows[1:]}
    assert own[CCB] == "chưa gửi" and all(v != "" for v in own.values())
    assert "Cột Tự chấm: “chưa gửi”: đơn vị chưa gửi bảng tự chấm điểm." in [p.text for p in doc.paragraphs]
