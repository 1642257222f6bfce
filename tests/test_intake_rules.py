"""Intake rules a wrong figure would slip through: other programs' XML, strict numbers, Vietnam time at
the deadline, exact resubmission diffs, copies without a save time."""

from __future__ import annotations

import os
import shutil
from datetime import datetime

import pytest
from conftest import BAD, ROOT, check_folder
from make_bad_cases import good

from thidua.intake.ooxml import saved_at
from thidua.numbers import parse_number

PRODUCERS = ROOT / "tests" / "data" / "producers"


@pytest.mark.parametrize("name", ["libreoffice", "attribute-order", "prefixed", "no-refs"])
def test_formulas_found_whoever_wrote_the_xml(name, cfg, tmp_path) -> None:
    shutil.copy(PRODUCERS / f"formula-{name}.xlsx", tmp_path)
    found = {(f.code, f.sheet, f.cell) for f in check_folder(tmp_path, cfg).findings}
    assert ("CELL_FORMULA", "Số liệu", "E8") in found


def test_libreoffice_resave_reads_the_same_figures(cfg, tmp_path) -> None:
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    shutil.copy(BAD / "CELL_TEXT_NUMBER" / "so dang chu.xlsx", tmp_path / "a")
    shutil.copy(PRODUCERS / "good-libreoffice.xlsx", tmp_path / "b")
    original, resaved = (check_folder(tmp_path / d, cfg).figures for d in "ab")
    columns = ["code", "value", "cell"]
    assert resaved[columns].to_dict("records") == original[columns].to_dict("records")


@pytest.mark.parametrize(
    ("raw", "measure", "value"),
    [
        ("20-25", "hộ", None),  # a range
        ("15/20", "hộ", None),  # a fraction
        ("1e3", "hộ", None),  # not scientific notation
        ("1E+05", "hộ", None),
        ("3 4", "hộ", None),  # two numbers
        ("12 345", "hộ", 12345),  # a space groups thousands
        ("1,5 ha", "m2", None),  # another unit: never 1,5 m2
        ("5.000.000 đồng", "triệu đồng", None),  # another scale: never five million million
        ("7.800 m2", "m2", 7800),
        ("7.800 m²", "m2", 7800),
        ("1.326 người", "lượt người", 1326),
        ("30 hộ dân", "hộ", 30),
        ("12 triệu", "triệu đồng", 12),
    ],
)
def test_strict_number_parsing(raw, measure, value) -> None:
    parsed = parse_number(raw, integer=True, measure=measure)
    assert parsed.value == value
    assert (parsed.problem is not None) == (value is None)


@pytest.mark.parametrize("raw", ["1e3", "2E+2", "3-4", "5/6"])
def test_not_a_count_even_where_no_unit_is_expected(raw) -> None:
    """Commendation counts have no measure: a unit-like word may follow, an exponent or a range may not."""
    assert parse_number(raw, integer=True).value is None
    assert parse_number("3 tập thể", integer=True).value == 3


def test_minus_one_is_negative(cfg, tmp_path) -> None:
    good(cfg, tmp_path / "a.xlsx", GN_NHA_SUA=-1)
    assert ("CELL_NEGATIVE", "E12") in {(f.code, f.cell) for f in check_folder(tmp_path, cfg).findings}


def test_less_or_equal_rule_accepts_equal(cfg, tmp_path) -> None:
    """THOAT_NGHEO_LE_GIUP: households out of poverty ≤ households helped; equal is fine, one more is not."""
    import clerk

    from thidua.periods import Period
    from thidua.workbooks.template import write_template

    for name, out_of_poverty in (("bang.xlsx", 12), ("hon.xlsx", 13)):
        folder = tmp_path / name
        write_template(cfg, cfg.unit("HND"), Period(2023, 5), folder / name)
        values = {"NTM_DAT_HIEN": 100, "NTM_NGAY_CONG": 50, "GN_HO_GIUP": 12, "GN_HO_THOAT_NGHEO": out_of_poverty}
        clerk.fill(folder / name, values, saved=datetime(2023, 6, 10))
        violated = [f for f in check_folder(folder, cfg).findings if f.code == "RULE_VIOLATED"]
        assert bool(violated) == (out_of_poverty > 12)


def test_a_range_is_an_error_at_its_cell(cfg, tmp_path) -> None:
    good(cfg, tmp_path / "a.xlsx", NTM_HO_HIEN_DAT="20-25")
    found = [f for f in check_folder(tmp_path, cfg).findings if f.code == "CELL_NOT_NUMBER"]
    assert [(f.sheet, f.cell) for f in found] == [("Số liệu", "E8")] and "khoảng" in found[0].message


@pytest.mark.parametrize(
    ("stamp", "vietnam"),
    [
        ("2023-07-20T16:59:00Z", "2023-07-20 23:59"),
        ("2023-07-20T18:30:00Z", "2023-07-21 01:30"),  # the case: UTC 20/07, Hà Nội 21/07
        ("2023-07-20T23:59:00+07:00", "2023-07-20 23:59"),
        ("2023-07-20T16:59:00.123456789Z", "2023-07-20 23:59"),  # LibreOffice writes nanoseconds
        ("2023-07-20T16:59:00", "2023-07-20 23:59"),  # no zone: W3CDTF means UTC
    ],
)
def test_save_times_in_vietnam(stamp, vietnam) -> None:
    xml = f'<cp:coreProperties xmlns:cp="c" xmlns:dcterms="d"><dcterms:modified>{stamp}</dcterms:modified>'
    assert saved_at((xml + "</cp:coreProperties>").encode()).strftime("%Y-%m-%d %H:%M") == vietnam


@pytest.mark.parametrize("broken", [b"", b"<x", b"<a><modified>sometime</modified></a>"])
def test_an_unreadable_save_time_is_unknown_not_corrupt(broken) -> None:
    assert saved_at(broken) is None


@pytest.mark.parametrize(
    ("utc", "late_days"),
    [
        (datetime(2023, 6, 20, 16, 59), None),  # 23:59 on the deadline day in Hà Nội: on time
        (datetime(2023, 6, 20, 17, 0), 1),  # 00:00 the next day in Hà Nội: one day late
    ],
)
def test_deadline_boundary_in_vietnam_time(cfg, tmp_path, utc, late_days) -> None:
    import clerk

    clerk.fill(good(cfg, tmp_path / "a.xlsx"), saved=utc)
    late = [f for f in check_folder(tmp_path, cfg).findings if f.code == "SUBMISSION_LATE"]
    assert (len(late) == 1 and f"{late_days} ngày" in late[0].message) if late_days else not late


@pytest.mark.parametrize(
    ("month", "saved", "late_days"),
    [
        (11, datetime(2023, 12, 20, 16, 59), None),  # November's report is due on 20 December (Hà Nội time)
        (11, datetime(2023, 12, 21, 3, 0), 1),
        (11, datetime(2023, 11, 30, 3, 0), None),  # sent before the month is out: early, never late
        (12, datetime(2024, 1, 20, 16, 0), None),  # December's is due the next year, on 20 January
        (12, datetime(2024, 1, 23, 3, 0), 3),
    ],
)
def test_each_report_is_due_in_the_month_after_it(cfg, tmp_path, month, saved, late_days) -> None:
    import clerk

    from thidua.periods import Period

    clerk.fill(good(cfg, tmp_path / "a.xlsx", Period(2023, month)), saved=saved)
    late = [f for f in check_folder(tmp_path, cfg).findings if f.code == "SUBMISSION_LATE"]
    assert (len(late) == 1 and f"{late_days} ngày" in late[0].message) if late_days else not late


def test_resubmission_diff_is_exact_and_covers_commendations(cfg, tmp_path) -> None:
    import clerk

    good(cfg, tmp_path / "a.xlsx", GN_QUY_VNN=123456.78)
    clerk.fill(tmp_path / "a.xlsx", commendations=[("Giấy khen", "đơn vị", 1, 2, None)], saved=datetime(2023, 6, 10))
    good(cfg, tmp_path / "b.xlsx", GN_QUY_VNN=123456.83)
    clerk.fill(tmp_path / "b.xlsx", commendations=[("Giấy khen", "đơn vị", 1, 3, None)], saved=datetime(2023, 6, 11))
    diffs = check_folder(tmp_path, cfg).diffs
    changes = {(r.sheet, r.cell): (r.old, r.new) for r in diffs.itertuples()}
    assert changes == {("Số liệu", "E14"): ("123.456,78", "123.456,83"), ("Khen thưởng", "E7"): ("2", "3")}


def test_the_save_time_wins_over_when_a_copy_arrived(cfg, tmp_path) -> None:
    """The clerk's correction (saved later) counts even if the chair copied it into inputs/ first."""
    import clerk

    clerk.fill(good(cfg, tmp_path / "sua.xlsx", GN_QUA=700), saved=datetime(2023, 6, 12))
    clerk.fill(good(cfg, tmp_path / "goc.xlsx", GN_QUA=650), saved=datetime(2023, 6, 10))
    os.utime(tmp_path / "sua.xlsx", (1_690_000_000, 1_690_000_000))
    os.utime(tmp_path / "goc.xlsx", (1_690_100_000, 1_690_100_000))
    checked = check_folder(tmp_path, cfg)
    assert list(checked.figures.loc[checked.figures["code"] == "GN_QUA", "value"]) == [700]


def test_a_copy_without_save_time_is_ordered_by_when_it_arrived(cfg, tmp_path) -> None:
    from clerk import strip_save_time as _without_save_time

    first, second = good(cfg, tmp_path / "lan 1.xlsx", GN_QUA=650), good(cfg, tmp_path / "lan 2.xlsx", GN_QUA=700)
    _without_save_time(second)
    os.utime(first, (1_690_000_000, 1_690_000_000))
    os.utime(second, (1_690_100_000, 1_690_100_000))  # copied here a day later
    checked = check_folder(tmp_path, cfg)
    assert list(checked.figures.loc[checked.figures["code"] == "GN_QUA", "value"]) == [700]
    superseded = next(f for f in checked.findings if f.code == "FILE_SUPERSEDED")
    assert "không ghi thời điểm lưu" in superseded.message
    # timeliness is judged on the first copy (saved 10/06, on time), not on the undated correction
    assert "SUBMISSION_UNDATED" not in {f.code for f in checked.findings}
    row = next(r for r in checked.timeliness_rows if r["unit"] == "MTTQ" and r["period"] == "2023-05")
    assert (row["status"], row["file"]) == ("đúng hạn", "lan 1.xlsx")


def _series(unit: str, code: str, values: dict[tuple[int, int], float]) -> list:
    """Stand-ins for the chosen submissions plausibility reads: unit, period, figures, the book's name."""
    from types import SimpleNamespace

    from thidua.periods import Period

    return [
        SimpleNamespace(
            unit=unit,
            period=Period(year, month),
            figures=[{"code": code, "value": value, "note": "", "cell": "E8"}],
            book=SimpleNamespace(name=f"{unit}-{year}-{month:02d}.xlsx"),
        )
        for (year, month), value in values.items()
    ]


def _implausible(cfg, values: dict[tuple[int, int], float]) -> dict[str, str]:
    from thidua.intake.rules import plausibility

    return {f.period: f.message for f in plausibility(cfg, _series("HND", "NTM_DAT_HIEN", values))}


def test_a_figure_is_judged_against_the_median_of_earlier_positive_months(cfg) -> None:
    """Five times the median of at least two earlier months with a result, or of the same month last
    year; a month with nothing (0) is not part of what is usual, and one month is not enough."""
    assert cfg.plausibility_factor == 5
    usual = _implausible(cfg, {(2023, 1): 10, (2023, 2): 12, (2023, 3): 56})
    assert list(usual) == ["2023-03"] and "trung vị các kỳ trước là 11" in usual["2023-03"]
    assert _implausible(cfg, {(2023, 1): 10, (2023, 2): 12, (2023, 3): 55}) == {}  # 5 × 11: not above
    assert _implausible(cfg, {(2023, 1): 10, (2023, 2): 0, (2023, 3): 100}) == {}  # one month with a result
    assert _implausible(cfg, {(2023, 1): 10, (2023, 2): 100}) == {}
    later = _implausible(cfg, {(2023, 1): 10, (2023, 2): 12, (2023, 3): 11, (2023, 4): 1})
    assert later == {}, "later months never count for an earlier one"
    last_year = _implausible(cfg, {(2022, 5): 3, (2023, 5): 20})
    assert list(last_year) == ["2023-05"] and "cùng kỳ năm trước là 3" in last_year["2023-05"]
