"""Fill a province's clusters as their units' clerks and offices would (illustrative figures): each member's
monthly returns, registrations, self-scores and, when asked, the office's scoring workbook with the
meeting's votes. Used by the province tests, the screenshots and the board's benchmark.

Run: .venv/bin/python scripts/province_example.py FOLDER   (after `thidua init --province FOLDER`)
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import clerk  # noqa: E402

from thidua.config import Config  # noqa: E402
from thidua.periods import Period  # noqa: E402
from thidua.workbooks.template import template_name, write_template  # noqa: E402

TODAY = "2024-01-25"  # after December's deadline: the year is due


def monthly_value(cfg: Config, code: str, unit_index: int, month: int) -> float:
    """A plausible, varied figure: rates near 95 %, stocks growing slowly, flows by the unit's size."""
    indicator = next(i for i in cfg.indicators if i.code == code)
    if indicator.rollup == "mean":
        return round(92 + unit_index * 1.5 + (month % 3) * 0.5, 1)
    if indicator.rollup == "last":
        return 10 + unit_index * 3 + month // 4
    base = (unit_index + 2) * (3 + month % 4)
    return base + 0.5 if indicator.type == "decimal" else base


def fill_returns(cfg: Config, inputs: Path, months: list[int]) -> int:
    """Every member's return for each month, saved on the 10th of the next month (on time)."""
    year, written = cfg.reporting.year, 0
    for month in months:
        period = Period(year, month)
        for n, unit in enumerate(cfg.members_during(period)):
            path = inputs / f"{year}" / f"T{month:02d}" / template_name(unit, period)
            write_template(cfg, unit, period, path)
            figures = {i.code: monthly_value(cfg, i.code, n, month) for i in cfg.indicators if unit.code in i.units}
            narratives = {
                x.code: f"{x.label} của {unit.short_name} tháng {month} (dữ liệu mẫu)." for x in cfg.narratives
            }
            saved = datetime(year + (month == 12), month % 12 + 1, 10, 9)
            clerk.fill(path, figures, narratives, saved=saved)
            written += 1
    return written


def _main(*args: str) -> int:
    import pipeline

    os.environ["THIDUA_TODAY"] = TODAY
    try:  # the example's dossiers without their PDFs: LibreOffice is seconds a run, and nobody signs them
        return pipeline.main([*args, "--no-pdf"] if args[0] in ("run", "score") else list(args))
    finally:
        os.environ.pop("THIDUA_TODAY")


def fill_year(folder: Path, code: str, cfg: Config, votes: bool) -> None:
    """Registrations (plans a little under the year's figures), self-scores, the office's scoring workbook;
    with `votes`, the meeting held and every candidate carried by all members."""
    from thidua.workbooks.registration import registration_name, write_registration

    cluster = ["--province", str(folder), "--cluster", code]
    inputs, work = folder / code / "inputs", folder / code / "outputs" / "lam-viec"
    year = cfg.reporting.year
    for n, unit in enumerate(cfg.units):
        plans = {
            i.code: round(sum(monthly_value(cfg, i.code, n, m) for m in range(1, 13)) * 0.9)
            for i in cfg.indicators
            if unit.code in i.units and i.rollup == "sum"
        }
        path = inputs / f"{year}" / "dang-ky" / registration_name(unit, year)
        write_registration(cfg, unit, path)
        clerk.fill_registration(path, plans, [], saved=datetime(year, 2, 10, 9))
    assert _main("self-score", *cluster, "--outputs", str(work)) in (0, 1)
    for n, path in enumerate(sorted((work / f"tu-cham-{year}").glob("*.xlsx"))):
        target = inputs / f"{year}" / "tu-cham" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        lines = {"I.2": {"score": 10 - n % 3}, "II.2": {"score": 20 - n % 4}}
        clerk.fill_self_score(target, lines, saved=datetime(year + 1, 1, 8, 10))
    assert _main("score", *cluster, "--outputs", str(work), "--period", f"{year}-12") in (0, 1)
    book = inputs / f"{year}" / f"cham-diem-{year}.xlsx"
    book.write_bytes((work / f"cham-diem-{year}" / "cham-diem.xlsx").read_bytes())
    if votes:
        members = len(cfg.units)
        facts = {"held": f"20/01/{year + 1} 14:00", "place": "Hội trường đơn vị Cụm trưởng", "members": members}
        facts |= {"present": members, "method": "bỏ phiếu kín", "chair": cfg.report.signer.name}
        facts |= {"secretary": "Chuyên viên Văn phòng Cụm (dữ liệu mẫu)", "ended": "16:00"}
        facts |= {"attendees": "; ".join(f"Đại diện lãnh đạo {u.short_name}" for u in cfg.units)}
        facts |= {"counters": "Trưởng ban kiểm phiếu (dữ liệu mẫu); Thành viên (dữ liệu mẫu)"}
        facts |= dict.fromkeys(("voting", "ballots_issued", "ballots_returned", "ballots_valid"), members)
        facts |= {"ballots_invalid": 0}
        _, scores = _scores(folder, code)
        ballot = {(c.unit, c.award.code): members for c in scores.candidates}
        clerk.fill_scoring(book, {}, facts, ballot, saved=datetime(year + 1, 1, 20, 16))


def _scores(folder: Path, code: str):  # type: ignore[no-untyped-def]
    from datetime import date

    from thidua.config.province import cluster_config, load_province
    from thidua.intake.folder import check_folder
    from thidua.province.proposals import year_scores

    cfg = cluster_config(folder, load_province(folder), code)
    checked = check_folder(folder / code / "inputs", cfg, date.fromisoformat(TODAY))
    return cfg, year_scores(checked, cfg, None)  # the office's workbook is in inputs/


def main(folder: Path) -> None:
    """The example province: the MTTQ cluster's own example inputs, the commune cluster's whole year with
    its vote, the khối's first half-year only (its scoring is not complete)."""
    import shutil

    from thidua.config.province import cluster_config, load_province

    province = load_province(folder)
    shutil.copytree(ROOT / "inputs", folder / "cum-mttq" / "inputs", dirs_exist_ok=True)
    communes = cluster_config(folder, province, "cum-xa-phuong")
    fill_returns(communes, folder / "cum-xa-phuong" / "inputs", list(range(1, 13)))
    fill_year(folder, "cum-xa-phuong", communes, votes=True)
    fill_returns(
        cluster_config(folder, province, "khoi-kinh-te"), folder / "khoi-kinh-te" / "inputs", list(range(1, 7))
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
