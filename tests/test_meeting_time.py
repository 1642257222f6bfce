"""The meeting's time as a chair types it in cham-diem.xlsx (sheet Bình xét): the forms a minute uses are read,
and one that is not (a word instead of the hour) is named at its cell, and the minutes' DỰ THẢO line says the
time was written but not read, never that it was not written."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import ROOT, run_pipeline
from docx import Document
from openpyxl import load_workbook

from thidua.numbers import typed_time


@pytest.mark.parametrize(
    "typed",
    [
        "22/01/2024 14:00",
        "22/01/2024 14h00",
        "14 giờ 00, ngày 22/01/2024",
        "14 giờ 00 phút, ngày 22/01/2024",
        "Vào hồi 14 giờ 00 phút, ngày 22 tháng 01 năm 2024",
        "ngày 22 tháng 1 năm 2024 lúc 14h",
        "14:00 22/01/2024",
    ],
)
def test_a_meeting_time_typed_as_a_minute_writes_it_is_read(typed: str) -> None:
    assert typed_time(typed) == datetime(2024, 1, 22, 14, 0)


@pytest.mark.parametrize("typed", ["chiều 22/01/2024", "14:00", "22/01/2024 14:00 - 16:00", "31/02/2024 14:00"])
def test_what_is_not_only_a_time_is_not_guessed(typed: str) -> None:
    assert typed_time(typed) is None


def _minutes(tmp_path: Path, held: str) -> str:
    """The example year with the meeting's time typed as `held`: the minutes' text."""
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    book = inputs / "2023" / "cham-diem-2023.xlsx"
    wb = load_workbook(book)
    wb["Bình xét"]["D5"] = held
    wb.save(book)
    out = tmp_path / "out"
    assert run_pipeline(out, "--kind", "nam", today=date(2024, 1, 25), inputs=inputs) in (0, 1)
    doc = Document(str(out / "nam-2023-12" / "bien-ban.docx"))
    return "\n".join(p.text for p in doc.paragraphs)


def test_a_time_written_in_words_makes_final_minutes(tmp_path: Path) -> None:
    minutes = _minutes(tmp_path, "14 giờ 00 phút, ngày 22/01/2024")
    assert "vào hồi 14 giờ 00 phút, ngày 22 tháng 01 năm 2024" in minutes
    assert "DỰ THẢO" not in minutes and "Dự thảo" not in minutes  # final, as with 22/01/2024 14:00


def test_a_time_that_cannot_be_read_is_named_and_never_said_missing(tmp_path: Path, capsys) -> None:
    minutes = _minutes(tmp_path, "chiều 22/01/2024")
    said = " ".join(capsys.readouterr().out.split())
    assert "MEETING_TIME_UNREADABLE" in said and "Bình xét!D5" in said
    assert "thời gian họp bình xét đã ghi (“chiều 22/01/2024”) nhưng chưa đọc được" in minutes
    assert "chưa ghi thời gian họp" not in minutes and "chưa ghi thời gian họp" not in said


def test_a_receipt_day_typed_in_words_counts_to_its_end() -> None:
    """The receipt book reads the same forms: a day alone is received by the end of that day, as a date typed
    20/07/2023 is, whatever letters the words hold ("tháng" has an h, once taken for a clock)."""
    from thidua.intake.receipts import _when

    whole_day = _when("20/07/2023")
    assert whole_day is not None and whole_day.hour == 23
    assert _when("ngày 20 tháng 7 năm 2023") == whole_day
    assert _when("14h30 ngày 20/07/2023") == whole_day.replace(hour=14, minute=30, second=0)
