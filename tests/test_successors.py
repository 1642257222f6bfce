"""Units merged mid-year (A + B → C): C's comparison with last year is its predecessors' figures summed,
month by month, only where every predecessor reporting the indicator reported it; C's own totals never
take them; and the report says whose figures "cùng kỳ" is. Expected values are read from the 2022 files
themselves with openpyxl."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import clerk
import pytest
from conftest import ROOT, check_folder, edited_config
from docx import Document
from openpyxl import load_workbook

from thidua.config import ConfigError, load_config
from thidua.periods import Period, window
from thidua.totals.merge import merge
from thidua.totals.successors import Succession
from thidua.workbooks.template import write_template

MERGED = "HOI_DOAN"
ON = date(2023, 7, 1)
SECOND_HALF = range(7, 13)


def _merged(data: dict) -> None:
    units = {u["code"]: u for u in data["units"]}
    units["HND"]["member_until"] = units["TD"]["member_until"] = date(2023, 6, 30)
    new = {**units["HND"], "code": MERGED, "name": "Liên hiệp Hội Nông dân - Tỉnh đoàn (dữ liệu thử)"}
    new |= {"short_name": "Liên hiệp Hội - Đoàn", "role": "thành viên", "member_from": ON}
    new.pop("member_until"), new.pop("awards", None), new.pop("profile", None)
    data["units"].append(new)
    for indicator in data["indicators"]:
        if indicator["code"] in ("NTM_NGAY_CONG", "GN_QUA"):
            indicator["units"].append(MERGED)
    data["successors"] = [{"unit": MERGED, "predecessors": ["HND", "TD"], "on": ON}]


def _value(path: Path, code: str) -> float | None:
    book = load_workbook(path, read_only=True)
    try:  # a read-only book keeps its file open until closed
        return next((row[4] for row in book["Số liệu"].iter_rows(values_only=True) if row[1] == code), None)
    finally:
        book.close()


def _last_year(inputs: Path, unit: str, code: str, months: range) -> dict[int, float]:
    found = {}
    for month in months:
        path = inputs / "2022" / f"T{month:02d}" / f"BC thi dua T{month}-2022 {unit}.xlsx"
        if path.exists() and (value := _value(path, code)) is not None:
            found[month] = value
    return found


@pytest.fixture()
def merged(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The example year where the Hội Nông dân and the Tỉnh đoàn became one unit on 01/07/2023."""
    config = edited_config(tmp_path, _merged)
    cfg = load_config(config)
    return config, cfg, _merged_inputs(tmp_path, cfg)


def _merged_inputs(tmp_path: Path, cfg) -> Path:  # type: ignore[no-untyped-def]
    """The example's returns, the second half of 2023 sent by the merged unit instead of its two predecessors."""
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    for month in SECOND_HALF:
        for unit in ("HND", "TD"):
            (inputs / "2023" / f"T{month:02d}" / f"BC thi dua T{month}-2023 {unit}.xlsx").unlink()
        path = inputs / "2023" / f"T{month:02d}" / f"BC {MERGED} T{month}.xlsx"
        write_template(cfg, cfg.unit(MERGED), Period(2023, month), path)
        clerk.fill(path, {"NTM_NGAY_CONG": 1000 + month, "GN_QUA": 500 + month})
    return inputs


def _row(totals, code: str) -> dict:  # type: ignore[no-untyped-def]
    return totals.by_unit[(totals.by_unit["unit"] == MERGED) & (totals.by_unit["code"] == code)].iloc[0].to_dict()


def test_the_merged_units_last_year_is_its_predecessors_summed(merged) -> None:  # type: ignore[no-untyped-def]
    _, cfg, inputs = merged
    totals = merge(check_folder(inputs, cfg), cfg, window(Period(2023, 12), "6thang"), "6thang")
    hnd, td = (_last_year(inputs, u, "NTM_NGAY_CONG", SECOND_HALF) for u in ("HND", "TD"))
    assert len(hnd) == len(td) == 6  # both reported every month of the second half of 2022
    days = _row(totals, "NTM_NGAY_CONG")
    assert days["last_year"] == sum(hnd.values()) + sum(td.values())
    assert days["value_matched_last_year"] == days["value"] == sum(1000 + m for m in SECOND_HALF)
    assert days["matched"] == 6
    gifts = _row(totals, "GN_QUA")  # the Hội Nông dân does not report it: the Tỉnh đoàn's alone
    assert gifts["last_year"] == sum(_last_year(inputs, "TD", "GN_QUA", SECOND_HALF).values())
    assert totals.successions == [Succession(MERGED, ("HND", "TD"), ON)]


def test_a_month_one_predecessor_missed_is_not_compared(merged) -> None:  # type: ignore[no-untyped-def]
    _, cfg, inputs = merged
    (inputs / "2022" / "T09" / "BC thi dua T9-2022 HND.xlsx").unlink()
    totals = merge(check_folder(inputs, cfg), cfg, window(Period(2023, 12), "6thang"), "6thang")
    days = _row(totals, "NTM_NGAY_CONG")
    months = [m for m in SECOND_HALF if m != 9]
    hnd, td = (_last_year(inputs, u, "NTM_NGAY_CONG", SECOND_HALF) for u in ("HND", "TD"))
    assert days["matched"] == 5 and tuple(days["matched_months"]) == tuple(months)
    assert days["last_year"] == sum(hnd[m] + td[m] for m in months)
    assert days["value_matched_last_year"] == sum(1000 + m for m in months)


def test_the_merged_units_own_year_takes_nothing_of_its_predecessors(merged) -> None:  # type: ignore[no-untyped-def]
    _, cfg, inputs = merged
    totals = merge(check_folder(inputs, cfg), cfg, window(Period(2023, 12), "nam"), "nam")
    assert _row(totals, "NTM_NGAY_CONG")["value"] == sum(1000 + m for m in SECOND_HALF)
    assert _row(totals, "NTM_NGAY_CONG")["expected"] == 6  # it owed July to December only


def test_the_report_says_whose_figures_cung_ky_is(merged, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    config, _, inputs = merged
    import os

    import pipeline

    out = tmp_path / "out"
    os.environ["THIDUA_TODAY"] = "2024-01-25"
    try:
        args = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(out)]
        assert pipeline.main(["run", *args, "--period", "2023-12", "--kind", "6thang"]) in (0, 1)
    finally:
        os.environ.pop("THIDUA_TODAY")
    text = "\n".join(p.text for p in Document(str(out / "6thang-2023-12" / "bao-cao.docx")).paragraphs)
    assert (
        "Số liệu cùng kỳ năm 2022 của Liên hiệp Hội - Đoàn là tổng số liệu của Hội Nông dân tỉnh và Tỉnh đoàn, "
        "các đơn vị đã hợp nhất thành Liên hiệp Hội - Đoàn từ ngày 01/07/2023."
    ) in text


def test_a_predecessor_still_a_member_after_the_merge_is_refused(tmp_path: Path) -> None:
    def still_member(data: dict) -> None:
        _merged(data)
        next(u for u in data["units"] if u["code"] == "TD").pop("member_until")

    with pytest.raises(ConfigError) as refused:
        load_config(edited_config(tmp_path, still_member))
    assert refused.value.problems == [
        (
            "successors[0]",
            "đơn vị “TD” hợp nhất vào “HOI_DOAN” từ ngày 01/07/2023 nên phải có member_until trước ngày đó.",
        )
    ]


@pytest.mark.parametrize("rollup", ["mean", "max"])
def test_a_rate_or_a_maximum_is_never_summed_over_the_predecessors(tmp_path: Path, rollup: str) -> None:
    """Ngày công read as a rate (the mean of the months) or a record (their maximum): two units' rates do not
    add up to the merged unit's, so its second half of 2022 has nothing to compare with, and no note says
    whose figures it would be."""

    def as_rate(data: dict) -> None:
        _merged(data)
        next(i for i in data["indicators"] if i["code"] == "NTM_NGAY_CONG")["rollup"] = rollup

    cfg = load_config(edited_config(tmp_path, as_rate))
    inputs = _merged_inputs(tmp_path, cfg)
    totals = merge(check_folder(inputs, cfg), cfg, window(Period(2023, 12), "6thang"), "6thang")
    days = _row(totals, "NTM_NGAY_CONG")
    assert days["matched"] == 0 and days["last_year"] != days["last_year"]  # NaN: not compared
    assert _row(totals, "GN_QUA")["matched"] == 6  # a flow still is


def _absorbed(data: dict) -> None:
    """The Hội Nông dân takes the Tỉnh đoàn in on 01/07/2023 and goes on under its own code."""
    next(u for u in data["units"] if u["code"] == "TD")["member_until"] = date(2023, 6, 30)
    data["successors"] = [{"unit": "HND", "predecessors": ["TD"], "on": ON}]


def test_a_unit_that_took_another_in_compares_its_own_figures_and_the_others(tmp_path: Path) -> None:
    """The intended result for a successor that reported before the merge date: for each month from July,
    one row in 2022, its own figure plus the Tỉnh đoàn's (this year's July counts both); before July, its own
    alone (this year's January counts it alone). Never two rows for one month."""
    cfg = load_config(edited_config(tmp_path, _absorbed))
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    for month in SECOND_HALF:
        (inputs / "2023" / f"T{month:02d}" / f"BC thi dua T{month}-2023 TD.xlsx").unlink()
    checked = check_folder(inputs, cfg)
    hnd, td = (_last_year(inputs, u, "NTM_NGAY_CONG", range(1, 13)) for u in ("HND", "TD"))
    this_year = {
        m: _value(inputs / "2023" / f"T{m:02d}" / f"BC thi dua T{m}-2023 HND.xlsx", "NTM_NGAY_CONG")
        for m in range(1, 13)
    }
    second = merge(checked, cfg, window(Period(2023, 12), "6thang"), "6thang")
    days = second.by_unit[(second.by_unit["unit"] == "HND") & (second.by_unit["code"] == "NTM_NGAY_CONG")].iloc[0]
    assert days["matched"] == 6
    assert days["last_year"] == sum(hnd[m] + td[m] for m in SECOND_HALF)
    assert days["value_matched_last_year"] == sum(this_year[m] for m in SECOND_HALF)
    first = merge(checked, cfg, window(Period(2023, 6), "6thang"), "6thang")
    early = first.by_unit[(first.by_unit["unit"] == "HND") & (first.by_unit["code"] == "NTM_NGAY_CONG")].iloc[0]
    assert early["last_year"] == sum(hnd[m] for m in range(1, 7))  # January–June: its own alone
    assert second.successions == [Succession("HND", ("TD",), ON, absorbed=True)]
    assert first.successions == []


def test_the_report_says_a_units_cung_ky_includes_those_it_took_in(tmp_path: Path) -> None:
    import os

    import pipeline

    config = edited_config(tmp_path, _absorbed)
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    for month in SECOND_HALF:
        (inputs / "2023" / f"T{month:02d}" / f"BC thi dua T{month}-2023 TD.xlsx").unlink()
    os.environ["THIDUA_TODAY"] = "2024-01-25"
    try:
        args = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(tmp_path / "out")]
        assert pipeline.main(["run", *args, "--period", "2023-12", "--kind", "6thang"]) in (0, 1)
    finally:
        os.environ.pop("THIDUA_TODAY")
    text = "\n".join(p.text for p in Document(str(tmp_path / "out" / "6thang-2023-12" / "bao-cao.docx")).paragraphs)
    assert (
        "Số liệu cùng kỳ năm 2022 của Hội Nông dân tỉnh từ tháng 7 gồm số liệu của chính Hội Nông dân tỉnh và của "
        "Tỉnh đoàn, các đơn vị đã hợp nhất vào Hội Nông dân tỉnh từ ngày 01/07/2023." in text
    )
