"""When a return was submitted is the office's word, not the file's: the portal's receipt time, the date the
office wrote in its receipt book, and only then the save time the unit's own file claims. Real templates,
filled and saved as a clerk would, laid out as the portal or the secretary would lay them out."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import clerk
import pytest
from conftest import EXAMPLE_CONFIG, check_folder
from openpyxl import load_workbook

from thidua import layout
from thidua.config import load_config
from thidua.intake.completeness import LATE, ON_TIME, UNDATED
from thidua.periods import Period
from thidua.workbooks.template import write_template

JUNE = Period(2023, 6)
AFTER_DEADLINE = date(2023, 7, 30)  # June's returns were due on 20/07/2023
GOOD = {"NTM_HO_HIEN_DAT": 30, "NTM_DAT_HIEN": 1300, "GN_NHA_XAY": 12, "GN_NHA_SUA": 2, "GN_QUA": 700}


@pytest.fixture(scope="module")
def cfg():  # type: ignore[no-untyped-def]
    return load_config(EXAMPLE_CONFIG)


def june_return(cfg, path: Path, saved: datetime | None, copied: datetime | None = None, **figures) -> Path:  # type: ignore[no-untyped-def]
    """The chair unit's June return saved at `saved` (UTC, as Excel writes it; None: no save time at all),
    lying at `path` since `copied` (its modification time: when the secretary saved the attachment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_template(cfg, cfg.unit("MTTQ"), JUNE, path)
    clerk.fill(path, {**GOOD, **figures}, saved=saved)
    if saved is None:
        clerk.strip_save_time(path)
    if copied is not None:
        os.utime(path, (copied.timestamp(), copied.timestamp()))
    return path


def portal_name(received: str, name: str = "bc thang 6.xlsx", declared: str = "") -> str:
    """Where the portal stores an upload: its receipt time first, as the portal writes it."""
    mark = f"_{layout.DECLARED_MARK}{declared}" if declared else ""
    return f"{layout.PORTAL_FOLDER}/2023-06/{received}{mark}_MTTQ_0123abcd_{name}"


def june_row(checked) -> dict:  # type: ignore[no-untyped-def]
    return next(r for r in checked.timeliness_rows if (r["unit"], r["period"]) == ("MTTQ", "2023-06"))


def only(checked, code: str):  # type: ignore[no-untyped-def]
    found = [f for f in checked.findings if f.code == code]
    assert len(found) == 1, [f.message for f in checked.findings]
    return found[0]


def test_a_late_portal_receipt_is_late_whatever_the_file_claims(cfg, tmp_path) -> None:
    june_return(cfg, tmp_path / portal_name("20230725-101500"), saved=datetime(2023, 7, 15, 1))
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert (june_row(checked)["status"], june_row(checked)["source"]) == (LATE, "portal")
    message = only(checked, "SUBMISSION_LATE").message
    assert "nộp sau hạn 20/07/2023 5 ngày (Cổng thông tin nhận lúc 10:15 ngày 25/07/2023)" in message
    assert "Tệp ghi lưu ngày 15/07/2023, trong hạn, nhưng ngày nộp là ngày nhận được tệp" in message


def test_a_portal_file_without_a_save_time_is_dated_by_its_receipt(cfg, tmp_path) -> None:
    june_return(cfg, tmp_path / portal_name("20230718-090000"), saved=None)
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert june_row(checked)["status"] == ON_TIME
    assert "SUBMISSION_UNDATED" not in {f.code for f in checked.findings}


def test_a_save_time_that_cannot_be_true_never_wins_the_copy(cfg, tmp_path) -> None:
    """By e-mail: the 2099 copy was saved to inputs/ on 16/07, the correction (saved 18/07) after it."""
    far = june_return(cfg, tmp_path / "bc 2099.xlsx", datetime(2099, 1, 1), datetime(2023, 7, 16, 9), GN_QUA=12)
    june_return(cfg, tmp_path / "bc sua.xlsx", datetime(2023, 7, 18, 2), datetime(2023, 7, 18, 10), GN_QUA=99)
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert only(checked, "SAVE_TIME_IMPLAUSIBLE").file == far.name
    assert checked.chosen[("MTTQ", "2023-06")] == "bc sua.xlsx"
    assert list(checked.figures.query("code == 'GN_QUA'")["value"]) == [99]
    superseded = only(checked, "FILE_SUPERSEDED")
    assert superseded.file == far.name and "không rõ thời điểm nộp" in superseded.message


@pytest.mark.parametrize("order", ["2099 first", "2099 last"])
def test_through_the_portal_the_copy_received_last_counts(cfg, tmp_path, order) -> None:
    first, last = (
        ("20230716-090000", "20230718-100000") if order == "2099 first" else ("20230718-100000", "20230716-090000")
    )
    june_return(cfg, tmp_path / portal_name(first, "a.xlsx"), datetime(2099, 1, 1), GN_QUA=12)
    june_return(cfg, tmp_path / portal_name(last, "b.xlsx"), datetime(2023, 7, 18, 2), GN_QUA=99)
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    counted = checked.chosen[("MTTQ", "2023-06")]
    assert counted == portal_name("20230718-100000", "b.xlsx" if order == "2099 first" else "a.xlsx")
    assert list(checked.figures.query("code == 'GN_QUA'")["value"]) == [99 if order == "2099 first" else 12]


def test_the_receipt_book_dates_an_emailed_file(cfg, tmp_path) -> None:
    june_return(cfg, tmp_path / "2023" / "T06" / "bc mttq.xlsx", saved=datetime(2023, 7, 15, 1))
    clerk.receipt_book(tmp_path / layout.RECEIPT_BOOK, [("2023/T06/bc mttq.xlsx", datetime(2023, 7, 25))])
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert (june_row(checked)["status"], june_row(checked)["source"]) == (LATE, "office")
    message = only(checked, "SUBMISSION_LATE").message
    assert "sau hạn 20/07/2023 5 ngày (Văn phòng nhận ngày 25/07/2023, theo sổ nhận báo cáo)" in message
    assert not [f for f in checked.findings if f.file == layout.RECEIPT_BOOK]  # the book is not a return


def test_an_emailed_file_saved_after_the_office_received_it_is_not_believed(cfg, tmp_path) -> None:
    june_return(cfg, tmp_path / "bc.xlsx", saved=datetime(2023, 7, 28, 1))
    clerk.receipt_book(tmp_path / layout.RECEIPT_BOOK, [("bc.xlsx", datetime(2023, 7, 19))])
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert june_row(checked)["status"] == ON_TIME
    assert "sau lúc tệp được nhận (23:59 ngày 19/07/2023)" in only(checked, "SAVE_TIME_IMPLAUSIBLE").message


def test_the_office_fills_the_prefilled_receipt_book(cfg, tmp_path) -> None:
    """check writes outputs/so-nhan-bao-cao.xlsx; the secretary types the date, saves it into inputs/."""
    import pipeline

    inputs, out = tmp_path / "inputs", tmp_path / "out"
    june_return(cfg, inputs / "thu" / "bc mttq.xlsx", saved=None)
    os.environ["THIDUA_TODAY"] = AFTER_DEADLINE.isoformat()
    try:
        common = ["--inputs", str(inputs), "--outputs", str(out), "--period", "2023-06"]
        pipeline.main(["check", *common])
        wb = load_workbook(out / layout.RECEIPT_BOOK)
        ws = wb[layout.SHEET_RECEIPTS]
        assert [c.value for c in ws[4]] == layout.RECEIPT_HEADERS
        assert (ws["B5"].value, ws["D5"].value, ws["E5"].value, ws["F5"].value) == (
            "thu/bc mttq.xlsx",
            "tháng 6 năm 2023",
            "không ghi",
            None,
        )
        ws["F5"] = datetime(2023, 7, 21)  # what the secretary types: the e-mail came a day late
        wb.save(inputs / layout.RECEIPT_BOOK)
        wb.close()
        pipeline.main(["check", *common])
    finally:
        os.environ.pop("THIDUA_TODAY")
    again = load_workbook(out / layout.RECEIPT_BOOK)
    assert again[layout.SHEET_RECEIPTS]["F5"].value == datetime(2023, 7, 21)  # carried over, never typed twice
    again.close()
    checked = check_folder(inputs, cfg, AFTER_DEADLINE, JUNE)
    assert (june_row(checked)["status"], june_row(checked)["source"]) == (LATE, "office")
    assert "SUBMISSION_UNDATED" not in {f.code for f in checked.findings}


def test_without_any_record_the_file_is_undated_and_said_so(cfg, tmp_path) -> None:
    june_return(cfg, tmp_path / "bc.xlsx", saved=None)
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert june_row(checked)["status"] == UNDATED
    assert "hãy ghi ngày nhận thực tế vào sổ nhận báo cáo" in only(checked, "SUBMISSION_UNDATED").message


def test_a_declared_email_date_on_a_portal_upload_is_the_offices_record(cfg, tmp_path) -> None:
    """The office uploads on the unit's behalf on 25/07 a file whose e-mail came on 19/07: on time."""
    june_return(cfg, tmp_path / portal_name("20230725-101500", declared="20230719"), saved=datetime(2023, 7, 18))
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert (june_row(checked)["status"], june_row(checked)["source"]) == (ON_TIME, "declared")


def test_copies_sent_in_the_reverse_order_of_their_save_times_count_by_receipt(cfg, tmp_path) -> None:
    """The unit saves copy A after copy B but sends B after A: the copy received last counts, whatever
    the save times say (both plausible here, so neither is thrown out)."""
    june_return(cfg, tmp_path / portal_name("20230718-100000", "a.xlsx"), datetime(2023, 7, 17, 1), GN_QUA=12)
    june_return(cfg, tmp_path / portal_name("20230719-100000", "b.xlsx"), datetime(2023, 7, 16, 1), GN_QUA=99)
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert "SAVE_TIME_IMPLAUSIBLE" not in {f.code for f in checked.findings}
    assert checked.chosen[("MTTQ", "2023-06")] == portal_name("20230719-100000", "b.xlsx")
    assert list(checked.figures.query("code == 'GN_QUA'")["value"]) == [99]


def test_a_save_time_hours_after_the_receipt_is_not_believed(cfg, tmp_path) -> None:
    """Received by the portal at 09:00 on 18/07, saved (it says) at 13:00 that day: four hours after it was
    received, which no clock drift explains."""
    june_return(cfg, tmp_path / portal_name("20230718-090000"), saved=datetime(2023, 7, 18, 6))  # 13:00 VN
    checked = check_folder(tmp_path, cfg, AFTER_DEADLINE, JUNE)
    assert "sau lúc tệp được nhận (09:00 ngày 18/07/2023)" in only(checked, "SAVE_TIME_IMPLAUSIBLE").message
