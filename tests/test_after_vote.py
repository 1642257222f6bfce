"""What a meeting voted stays voted. The example year's meeting (22/01/2024) voted on cham-diem-2023.xlsx;
two days later Tỉnh đoàn resends October with 3 lượt khám bệnh instead of 223 (tests/data/bad/
RESULT_CHANGED_AFTER_VOTE). The annual run must keep every document as voted, say what would change,
not call October late, and score again only when the office writes its decision in config."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import BAD, ROOT, check_folder, edited_config, run_pipeline
from docx import Document
from openpyxl import load_workbook

from thidua.config import load_config
from thidua.intake.completeness import ON_TIME
from thidua.periods import Period
from thidua.scoring.year import score_year

CORRECTION = BAD / "RESULT_CHANGED_AFTER_VOTE"


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _lines(path: Path) -> dict:
    wb = load_workbook(path, data_only=True)
    try:
        return {
            (r[0], r[2]): r[5:12] for r in wb["Chấm điểm"].iter_rows(values_only=True) if r[2] and r[0] != "Mã đơn vị"
        }
    finally:
        wb.close()


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inputs = tmp_path_factory.mktemp("after-vote") / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    shutil.copytree(CORRECTION, inputs, dirs_exist_ok=True)
    return inputs


def test_the_documents_stay_as_voted(corrected, year_run, tmp_path) -> None:
    assert run_pipeline(tmp_path, inputs=corrected) == 0  # warnings only: the documents are written
    voted, now = year_run / "nam-2023-12", tmp_path / "nam-2023-12"
    for name in ("bien-ban.docx", "to-trinh.docx"):  # the meeting's record (the báo cáo thành tích states the
        assert _text(now / name) == _text(voted / name), name  # unit's figures, which are now the corrected ones)
    assert _lines(now / "cham-diem.xlsx") == _lines(voted / "cham-diem.xlsx")
    minutes = _text(now / "bien-ban.docx")
    assert (
        "1. Tỉnh đoàn: điểm chuẩn 94 điểm, cộng 2 điểm, thống nhất đạt 96 điểm, xếp loại Xuất sắc, xếp thứ Nhất."
        in minutes
    )
    assert "DỰ THẢO" not in minutes


def test_the_change_is_stated_and_october_is_not_late(corrected, cfg) -> None:
    checked = check_folder(corrected, cfg)
    october = next(r for r in checked.timeliness_rows if r["unit"] == "TD" and r["period"] == "2023-10")
    assert october["status"] == ON_TIME  # first sent 10/11/2023; the correction of 24/01/2024 is not a late report
    scores = score_year(checked, cfg, checked.through)
    assert scores.unit("TD").total == 96 and scores.unit("TD").rank == 1  # as voted
    assert {(c.unit, c.award.code, c.passed) for c in scores.candidates} >= {("TD", "CO_TINH", True)}
    found = [f for f in scores.findings if f.code == "RESULT_CHANGED_AFTER_VOTE"]
    assert [f.unit for f in found] == ["TD"]
    message = found[0].message
    assert "tiêu chí I.1 từ 40 thành 33,33 điểm; tổng điểm 96 → 89,33" in message
    assert (
        "“2023/T10/BC thi dua T10-2023 TD (gui lai).xlsx” (lưu lúc 15:15 ngày 24/01/2024, theo thời điểm lưu ghi"
        in message
    )
    assert "sẽ bớt" in message and "Tỉnh đoàn (Cờ thi đua của Ủy ban nhân dân tỉnh)" in message
    assert "reopened" in message


def _reopen(data: dict) -> None:
    data["year_end"]["scoring"]["years"][2023]["reopened"] = {
        "on": date(2024, 1, 25),
        "reason": "Tỉnh đoàn gửi lại báo cáo tháng 10/2023 sau cuộc họp",
    }


def test_reopening_scores_again_and_marks_every_document(corrected, tmp_path) -> None:
    config = edited_config(tmp_path, _reopen)
    out = tmp_path / "out"
    run_pipeline(out, "--config", str(config), inputs=corrected)
    folder = out / "nam-2023-12"
    why = "Văn phòng đã mở lại việc chấm điểm ngày 25/01/2024 (Tỉnh đoàn gửi lại báo cáo tháng 10/2023 sau cuộc họp)"
    for name in ("bien-ban.docx", "to-trinh.docx", "bao-cao.docx"):
        text = _text(folder / name)
        assert "DỰ THẢO" in text, name
        assert why in text, name
    assert "Tỉnh đoàn: điểm chuẩn 87,33 điểm, cộng 2 điểm, thống nhất đạt 89,33 điểm" in _text(folder / "bien-ban.docx")
    reopened = load_config(config)
    scores = score_year(check_folder(corrected, reopened), reopened, Period(2023, 12))
    assert scores.reopened is not None and all(c.passed is None for c in scores.candidates)


def test_a_reopening_decided_on_the_meetings_own_day_undoes_its_votes(corrected, tmp_path) -> None:
    """The meeting voted on 22/01/2024 at 14:00; the office reopened the scoring that same afternoon, after
    a unit's correction came in: the votes of that day are no longer in force."""

    def same_day(data: dict) -> None:
        data["year_end"]["scoring"]["years"][2023]["reopened"] = {"on": date(2024, 1, 22), "reason": "Sửa sai sót"}

    config = load_config(edited_config(tmp_path, same_day))
    scores = score_year(check_folder(corrected, config), config, Period(2023, 12))
    assert scores.reopened is not None and scores.voted_on is None
    assert scores.candidates and all(c.passed is None for c in scores.candidates)


def test_a_new_meeting_after_reopening_freezes_again(corrected, tmp_path) -> None:
    """The reopening of 25/01 does not undo a meeting held on 30/01 that voted on the new scores."""
    import clerk

    config = load_config(edited_config(tmp_path, _reopen))
    first = tmp_path / "first"
    run_pipeline(first, "--config", str(tmp_path / "config.yaml"), inputs=corrected)
    book = corrected.parent / "revote" / "2023" / "cham-diem-2023.xlsx"
    shutil.copytree(corrected, corrected.parent / "revote")
    shutil.copy(first / "nam-2023-12" / "cham-diem.xlsx", book)
    votes = {("TD", "BK_TINH"): 6, ("MTTQ", "BK_TINH"): 5}  # rescored: nobody is Xuất sắc, so no flag
    clerk.fill_scoring(book, {}, {"held": "30/01/2024 08:00"}, votes)
    scores = score_year(check_folder(corrected.parent / "revote", config), config, Period(2023, 12))
    assert scores.reopened is None and scores.voted_on is not None and scores.voted_on.day == 30
    assert scores.unit("TD").total == Decimal("89.33") and scores.unit("TD").band == "Tốt"
    assert {(c.unit, c.award.code): c.passed for c in scores.candidates} == {
        ("TD", "BK_TINH"): True,
        ("MTTQ", "BK_TINH"): True,
    }
    assert not [f for f in scores.findings if f.code in ("RESULT_CHANGED_AFTER_VOTE", "SCORING_REOPENED")]
