"""Build tests/data/bad/: one small folder per finding code, each made from a real generated template
damaged the way units really damage them. tests/test_bad_inputs.py asserts (code, sheet, cell) per case.

Run: .venv/bin/python scripts/make_bad_cases.py   (needs msoffcrypto-tool for the encrypted case)
"""

from __future__ import annotations

import io
import re
import shutil
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import clerk  # noqa: E402

from thidua import layout  # noqa: E402
from thidua.config import Config, load_config  # noqa: E402
from thidua.config.model import UnitProfile  # noqa: E402
from thidua.periods import Period  # noqa: E402
from thidua.workbooks.template import write_template  # noqa: E402

OUT = ROOT / "tests" / "data" / "bad"
GOOD = {
    "NTM_HO_HIEN_DAT": 30,
    "NTM_DAT_HIEN": 1300,
    "GN_NHA_XAY": 12,
    "GN_NHA_SUA": 2,
    "GN_QUA": 700,
    "GN_QUY_VNN": 350.5,
}
MAY = Period(2023, 5)
YEAR_END = datetime(2024, 1, 25).date()  # the example year is scored after December's deadline


def good(cfg: Config, path: Path, period: Period = MAY, unit: str = "MTTQ", **changes: object) -> Path:
    """A correctly filled template of the cluster's chair unit, then the given figures changed."""
    write_template(cfg, cfg.unit(unit), period, path)
    clerk.fill(path, {**GOOD, **changes}, saved=datetime(period.year, period.month % 12 + 1, 10))
    return path


def edit(path: Path, fn) -> Path:
    wb = load_workbook(path)
    fn(wb)
    wb.save(path)
    clerk.set_saved_time(path, datetime(2023, 6, 10))
    return path


def as_excel_does(ws, row: int, count: int) -> None:
    """Insert (count > 0) or delete rows as Excel does: merged ranges below move with their rows
    (openpyxl moves the cells but leaves the merges where they were)."""
    below = [rng for rng in ws.merged_cells.ranges if rng.min_row >= row]
    for rng in below:
        ws.unmerge_cells(str(rng))
    ws.insert_rows(row, count) if count > 0 else ws.delete_rows(row, -count)
    for rng in below:
        rng.shift(row_shift=count)
        ws.merge_cells(str(rng))


def set_meta(key: str, value: str):
    def change(wb):
        ws = wb[layout.SHEET_META]
        for row in ws.iter_rows():
            if row[0].value == key:
                row[1].value = value

    return change


def build(cfg: Config, other: Config) -> None:
    case = lambda name: (OUT / name).mkdir(parents=True, exist_ok=True) or OUT / name  # noqa: E731
    whole = good(cfg, case("FILE_CORRUPT") / "bao cao.xlsx").read_bytes()
    (OUT / "FILE_CORRUPT" / "bao cao.xlsx").write_bytes(whole[: len(whole) * 2 // 3])  # a copy cut short
    (case("FILE_NOT_WORKBOOK") / "bao cao.csv").write_text("Chỉ tiêu;Kết quả\nSố hộ hiến đất;30\n", encoding="utf-8")
    (case("FILE_IGNORED") / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 512)
    far_cell(good(cfg, case("SHEET_TOO_LARGE") / "o xa.xlsx"))
    (case("FILE_XLS") / "bao cao cu.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    (case("FILE_LOCK") / "~$bao cao.xlsx").write_bytes(b"\x0bNguoi dung" + b"\0" * 150)
    _encrypted(cfg, case("FILE_ENCRYPTED") / "co mat khau.xlsx")
    _zip_bomb(case("FILE_TOO_LARGE") / "qua lon.xlsx")
    wb = Workbook()
    wb.active.append(["Chỉ tiêu", "Kết quả"])
    wb.active.append(["Số hộ hiến đất", 30])
    wb.save(case("FILE_NOT_TEMPLATE") / "tu lap.xlsx")
    write_template(other, other.units[0], Period(2024, 3, "quarter"), case("FILE_OTHER_CLUSTER") / "khoi khac.xlsx")
    edit(good(cfg, case("FILE_OUTDATED") / "mau cu.xlsx"), set_meta("catalogue_hash", "000000000000"))
    edit(good(cfg, case("FILE_UNKNOWN_UNIT") / "don vi la.xlsx"), set_meta("unit", "XYZ"))
    good(cfg, case("FILE_PERIOD_OUT_OF_YEAR") / "nam 2020.xlsx", Period(2020, 5))
    good(cfg, case("FILE_FUTURE_PERIOD") / "thang 9.xlsx", Period(2023, 9))
    # The Khối's labour department left on 30/06/2024; a Q3 return from it is not counted (tested with that config).
    write_template(other, other.unit("SLD"), Period(2024, 9, "quarter"), case("FILE_NOT_MEMBER") / "da roi khoi.xlsx")
    shutil.copy(good(cfg, case("FILE_DUPLICATE") / "a.xlsx"), OUT / "FILE_DUPLICATE" / "b (ban sao).xlsx")
    good(cfg, case("FILE_SUPERSEDED") / "lan 1.xlsx", GN_QUA=650)
    clerk.fill(good(cfg, OUT / "FILE_SUPERSEDED" / "lan 2.xlsx", GN_QUA=700), saved=datetime(2023, 6, 12))
    edit(
        good(cfg, case("SHEET_MISSING") / "doi ten sheet.xlsx"),
        lambda wb: setattr(wb[layout.SHEET_FIGURES], "title", "So lieu"),
    )
    edit(good(cfg, case("HEADER_MISSING") / "sua tieu de.xlsx"), lambda wb: wb[layout.SHEET_FIGURES].cell(6, 2, "Mã"))
    edit(good(cfg, case("ROW_MOVED") / "chen dong.xlsx"), lambda wb: as_excel_does(wb[layout.SHEET_FIGURES], 7, 1))
    edit(good(cfg, case("ROW_MISSING") / "xoa dong.xlsx"), lambda wb: as_excel_does(wb[layout.SHEET_FIGURES], 8, -1))
    edit(
        good(cfg, case("ROW_UNKNOWN") / "them dong.xlsx"),
        lambda wb: [
            wb[layout.SHEET_FIGURES].cell(20, c, v) for c, v in ((2, "NTM_KHAC"), (3, "Chỉ tiêu tự thêm"), (5, 9))
        ],
    )
    edit(good(cfg, case("CELL_MERGED") / "gop o.xlsx"), lambda wb: wb[layout.SHEET_FIGURES].merge_cells("E8:F8"))
    good(cfg, case("CELL_FORMULA") / "cong thuc.xlsx", NTM_HO_HIEN_DAT="=20+10")
    good(cfg, case("CELL_NOT_NUMBER") / "chu.xlsx", NTM_HO_HIEN_DAT="khoảng ba chục")
    good(cfg, case("CELL_TEXT_NUMBER") / "so dang chu.xlsx", NTM_DAT_HIEN="1.300 m2")
    good(cfg, case("CELL_NEGATIVE") / "so am.xlsx", GN_NHA_SUA=-2)
    good(cfg, case("CELL_NOT_INTEGER") / "so le.xlsx", GN_NHA_XAY=12.5)
    good(cfg, case("CELL_OUT_OF_RANGE") / "qua lon.xlsx", GN_NHA_XAY=120000)
    good(cfg, case("CELL_REQUIRED") / "bo trong.xlsx", GN_NHA_SUA=None)
    clerk.fill(
        good(cfg, case("CELL_NOT_IN_CHOICES") / "khen thuong.xlsx"),
        commendations=[("Bằng khen UBND", "Tỉnh", 1, 2, None)],
    )
    clerk.fill(good(cfg, case("TEXT_TOO_LONG") / "dai.xlsx"), narratives={"noi_bat": "Kết quả tốt. " * 400})
    clerk.fill(
        good(cfg, case("TEXT_LEGACY_ENCODING") / "tcvn3.xlsx"),
        narratives={"lanh_dao": "Phèi hîp víi Héi N«ng d©n tØnh tæ chøc héi nghÞ"},
    )
    good(cfg, case("RULE_VIOLATED") / "quy tac.xlsx", NTM_HO_HIEN_DAT=0)
    for month, qua in ((2, 700), (3, 650), (4, 720), (5, 9000)):
        good(cfg, case("VALUE_IMPLAUSIBLE") / f"thang {month}.xlsx", Period(2023, month), GN_QUA=qua)
    clerk.fill(good(cfg, case("SUBMISSION_LATE") / "muon.xlsx"), saved=datetime(2023, 6, 28))
    good(cfg, case("SUBMISSION_MISSING") / "chi mot don vi.xlsx")
    clerk.strip_save_time(good(cfg, case("SUBMISSION_UNDATED") / "khong ngay luu.xlsx"))
    good(cfg, case("UNIT_EXCLUDED") / "co loi.xlsx", GN_NHA_SUA=-2)
    receipt_cases(cfg, case)
    profile_cases(cfg, case)


def profile_cases(cfg: Config, case) -> None:  # type: ignore[no-untyped-def]
    """A unit's profile workbook (hồ sơ đơn vị) with an award row the báo cáo thành tích cannot use."""
    from thidua.workbooks.profile import write_profile

    decision = "Quyết định số 150/QĐ-UBND ngày 20/01/2023 của Chủ tịch UBND tỉnh"
    for code, row in (
        ("AWARD_YEAR_INVALID", ("năm 2022", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", decision)),
        ("AWARD_ROW_INCOMPLETE", (2022, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "")),
    ):
        path = case(code) / "ho so don vi.xlsx"
        write_profile(cfg, cfg.unit("HND"), UnitProfile(), [], path)
        clerk.fill_profile(path, {"address": "Số 1 đường Lê Lợi, thành phố Lạng Sơn"}, [row])
        clerk.set_saved_time(path, datetime(2023, 6, 10))


def receipt_cases(cfg: Config, case) -> None:  # type: ignore[no-untyped-def]
    """When a return came: a save time that cannot be true, and the office's receipt book gone wrong."""
    clerk.fill(good(cfg, case("SAVE_TIME_IMPLAUSIBLE") / "luu nam 2099.xlsx"), saved=datetime(2099, 1, 1, 8))
    good(cfg, case("RECEIPT_BOOK_UNREADABLE") / "thang 5.xlsx")
    (OUT / "RECEIPT_BOOK_UNREADABLE" / layout.RECEIPT_BOOK).write_text("Tệp;Ngày nhận\n", encoding="utf-8")
    good(cfg, case("RECEIPT_FILE_UNKNOWN") / "thang 5.xlsx")
    clerk.receipt_book(
        OUT / "RECEIPT_FILE_UNKNOWN" / layout.RECEIPT_BOOK, [("thang 5 (2).xlsx", datetime(2023, 6, 12))]
    )
    good(cfg, case("RECEIPT_DATE_INVALID") / "thang 5.xlsx")
    clerk.receipt_book(OUT / "RECEIPT_DATE_INVALID" / layout.RECEIPT_BOOK, [("thang 5.xlsx", "32/13/2023")])


def _self_score(cfg: Config, target: Path, lines: dict, inputs: Path | None = None) -> None:
    """A unit's self-scoring workbook, computed from `inputs` (or from nothing), filled with `lines`."""
    from thidua.intake.check import check
    from thidua.intake.read import discover
    from thidua.intake.returns import check_files
    from thidua.scoring.year import score_year
    from thidua.workbooks.self_score import write_self_score

    outcomes = check_files(discover(inputs), inputs, cfg, YEAR_END, 1) if inputs else []
    scores = score_year(check(outcomes, cfg, YEAR_END), cfg, Period(2023, 12))
    write_self_score(cfg, cfg.unit("MTTQ"), scores.unit("MTTQ").lines, "tháng 12 năm 2023", target)
    clerk.fill_self_score(target, lines, saved=datetime(2024, 1, 8))


def _scoring(
    target: Path, adjustments: dict, votes: dict, clear_votes: bool = False, source: Path | None = None
) -> None:
    """The example's filled scoring workbook (or `source`), changed as a chair might."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source or ROOT / "inputs" / "2023" / "cham-diem-2023.xlsx", target)
    if clear_votes:
        wb = load_workbook(target)
        for row in wb[layout.SHEET_VOTES].iter_rows():
            if len(row) > 7 and str(row[3].value or "").endswith("_TINH"):
                row[7].value = None
        wb.save(target)
    clerk.fill_scoring(target, adjustments, {}, votes, saved=datetime(2024, 1, 23))


def _rescored(adjustments: dict) -> Path:
    """The scoring workbook `run` writes once the chair's adjustments are in (its candidates follow them)."""
    import os
    import tempfile

    import pipeline

    work = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "inputs", work / "inputs")
    _scoring(work / "inputs" / "2023" / "cham-diem-2023.xlsx", adjustments, {})
    os.environ["THIDUA_TODAY"] = YEAR_END.isoformat()
    pipeline.main(["run", "--inputs", str(work / "inputs"), "--outputs", str(work / "out")])
    return work / "out" / "nam-2023-12" / "cham-diem.xlsx"


def year_cases(cfg: Config, other: Config) -> None:
    """The year's workbooks: registrations, self-scores, the chair's scoring workbook; and the cases found only
    when the year is scored (tests/test_bad_inputs.py scores them; three overlay the example inputs)."""
    from thidua.workbooks.registration import registration_name, write_registration

    case = lambda name: (OUT / name).mkdir(parents=True, exist_ok=True) or OUT / name  # noqa: E731
    good(cfg, case("REGISTRATION_MISSING") / "bao cao thang 5.xlsx")
    path = case("TARGET_OVERRIDDEN") / registration_name(other.unit("SYT"), 2024)
    write_registration(other, other.unit("SYT"), path)
    clerk.fill_registration(path, {"SANG_KIEN": 25, "HO_SO_TRUC_TUYEN": 4000}, saved=datetime(2024, 2, 1))
    _self_score(cfg, case("SCORE_OVER_MAX") / "tu cham.xlsx", {"I.2": {"score": 12, "evidence": "Báo cáo 12/BC"}})
    _self_score(cfg, case("SCORE_NO_EVIDENCE") / "tu cham.xlsx", {"I.2": {"score": 8}})
    _self_score(cfg, case("SCORE_COMPUTED_CHANGED") / "tu cham.xlsx", {"II.1": {"score": 7}}, ROOT / "inputs")
    for code in ("SCORE_NOT_COMPUTED", "SELF_SCORE_MISSING", "SCORE_INCOMPLETE"):
        good(cfg, case(code) / "bao cao thang 5.xlsx")
        plan = case(code) / registration_name(cfg.unit("MTTQ"), 2023)
        write_registration(cfg, cfg.unit("MTTQ"), plan)
        clerk.fill_registration(plan, {"NTM_HO_HIEN_DAT": 300}, saved=datetime(2023, 2, 10))
    _scoring(case("ADJUSTMENT_NO_REASON") / "cham diem.xlsx", {("MTTQ", "I.2"): (8, None)}, {})
    _scoring(case("VOTE_INVALID") / "cham diem.xlsx", {}, {("TD", "CO_TINH"): 7})
    # A tie at the edge of the two Bằng khen: the Farmers' Union adjusted up to the Veterans' 84 points.
    tie = {("HND", "I.1"): (32, "Bổ sung kết quả hiến đất tháng 12 đã được xác minh")}
    _scoring(case("AWARD_TIE") / "2023" / "cham-diem-2023.xlsx", tie, {})
    votes = {("TD", "CO_TINH"): 6, ("MTTQ", "BK_TINH"): 6, ("CCB", "BK_TINH"): 6, ("HND", "BK_TINH"): 5}
    _scoring(case("AWARD_OVER_QUOTA") / "2023" / "cham-diem-2023.xlsx", {}, votes, source=_rescored(tie))
    _scoring(case("VOTES_PENDING") / "2023" / "cham-diem-2023.xlsx", {}, {}, clear_votes=True)
    unreadable_meeting_time()


def unreadable_meeting_time() -> None:
    """The chair types the meeting's time as a word and a day ("chiều 22/01/2024"): not a time thidua reads."""
    typed = Path(tempfile.mkdtemp()) / "cham-diem-2023.xlsx"
    shutil.copy(ROOT / "inputs" / "2023" / "cham-diem-2023.xlsx", typed)
    wb = load_workbook(typed)
    wb[layout.SHEET_VOTES]["D5"] = "chiều 22/01/2024"
    wb.save(typed)
    target = OUT / "MEETING_TIME_UNREADABLE" / "cham diem.xlsx"
    _scoring(target, {}, {}, source=typed)


def corrected_after_vote() -> None:
    """Tỉnh đoàn resends its October return on 24/01/2024, two days after the meeting of 22/01/2024 voted:
    223 lượt khám bệnh was a double count, the real figure is 3, which leaves its yearly plan of 2.500
    unmet. The voted results stand; the finding says what would change (the reopened case is the same
    files with the office's decision in config)."""
    original = ROOT / "inputs" / "2023" / "T10" / "BC thi dua T10-2023 TD.xlsx"
    for code in ("RESULT_CHANGED_AFTER_VOTE", "SCORING_REOPENED"):
        target = OUT / code / "2023" / "T10" / "BC thi dua T10-2023 TD (gui lai).xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(original, target)
        clerk.fill(target, {"GN_KHAM_BENH": 3}, saved=datetime(2024, 1, 24, 8, 15))


def _encrypted(cfg: Config, target: Path) -> None:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = good(cfg, target.with_name("plain.xlsx"))
    with plain.open("rb") as src, target.open("wb") as dst:
        OOXMLFile(src).encrypt("matkhau", dst)
    plain.unlink()
    assert msoffcrypto.OfficeFile(target.open("rb")).is_encrypted()


def far_cell(path: Path) -> None:
    """One value typed in the sheet's very last cell, XFD1048576 (and the dimension Excel then writes)."""

    def edit(data: bytes) -> bytes:
        data = re.sub(rb'<dimension ref="[^"]+"/>', b'<dimension ref="A1:XFD1048576"/>', data)
        far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        return data.replace(b"</sheetData>", far + b"</sheetData>")

    clerk.rewrite_part(path, "xl/worksheets/sheet2.xml", edit)


def _zip_bomb(target: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(110):
                member.write(chunk)
    target.write_bytes(buffer.getvalue())


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    cfg, other = load_config(ROOT / "config.yaml"), load_config(ROOT / "tests" / "data" / "khoi" / "config.yaml")
    build(cfg, other)
    year_cases(cfg, other)
    corrected_after_vote()
    print(f"Đã tạo {len(list(OUT.iterdir()))} trường hợp trong {OUT}")


if __name__ == "__main__":
    main()
