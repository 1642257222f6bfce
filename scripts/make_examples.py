"""Build the example inputs/ from generated templates, filled with openpyxl as a unit's clerk would.

Figures for January–June 2023 add up exactly to the six-month totals cited in the news article on
the Lạng Sơn cluster's review (see ../shared/reference/); everything the article does not give
(the Veterans' Association, July–December, narratives, commendations, 2022, registrations, self-scores,
the scoring workbook) is illustrative. The year's workbooks are made by the pipeline's own commands and
filled as a unit's clerk and the chair's office would (scripts/make_year_examples.py).

Run: .venv/bin/python scripts/make_examples.py   (rewrites inputs/ from config.yaml)
"""

from __future__ import annotations

import shutil
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import clerk  # noqa: E402

from thidua.config import load_config  # noqa: E402
from thidua.periods import Period  # noqa: E402
from thidua.workbooks.template import write_template  # noqa: E402

# Six-month totals per unit (2023). Values marked "article" are the figures the article cites.
TOTALS = {
    "MTTQ": {
        "NTM_HO_HIEN_DAT": 184,
        "NTM_DAT_HIEN": 7843,
        "GN_NHA_XAY": 80,
        "GN_NHA_SUA": 11,  # article
        "GN_QUA": 4486,
        "GN_QUY_VNN": 2350.5,
    },  # article: "gần 4.500 suất quà"
    "HND": {
        "NTM_DAT_HIEN": 11260,
        "NTM_NGAY_CONG": 15870,  # article
        "GN_HO_GIUP": 642,
        "GN_HO_THOAT_NGHEO": 118,
    },
    "LDLD": {"GN_MAI_AM": 20},  # article
    "TD": {
        "GN_KHAM_BENH": 1326,
        "GN_QUA": 16240,
        "GN_GA_GIONG": 10000,  # article
        "NTM_NGAY_CONG": 2150,
        "NTM_DUONG_GT": 4.5,
    },
    "PN": {
        "NTM_MO_HINH": 1,
        "NTM_CLB": 1,  # article
        "GN_QUA": 1250,
        "GN_HO_GIUP": 315,
        "GN_HO_THOAT_NGHEO": 47,
    },
    "CCB": {
        "NTM_NGAY_CONG": 3420,
        "NTM_DUONG_GT": 6.8,
        "GN_HO_GIUP": 236,
        "GN_HO_THOAT_NGHEO": 31,
        "CCB_HV_MOI": 185,
        "CCB_MO_HINH_KT": 412,
    },
}
LAST_YEAR_UNITS = {"MTTQ": 0.82, "HND": 0.9, "TD": 1.1}  # 2022 = 2023 × factor, for comparison
# July–December 2023 (illustrative) = January–June × factor: some units pass their registered plans, some not.
SECOND_HALF = {"MTTQ": 1.0, "HND": 0.85, "LDLD": 1.0, "TD": 1.05, "PN": 1.0, "CCB": 0.7}
WEIGHTS = [0.12, 0.15, 0.19, 0.16, 0.2, 0.18]
# Month in which a one-off total of 1 happens (the Women's Union's new model and club).
ONE_OFF_MONTH = {"NTM_MO_HINH": (3, 9), "NTM_CLB": (5, 11)}

# Narratives by unit: (section, month) → text. Illustrative: the article gives none.
NARRATIVES = {
    "MTTQ": {
        ("noi_bat", 11): "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở 100% khu dân cư; trao nhà đại đoàn kết cho "
        "hộ nghèo các xã biên giới",
        ("kho_khan", 12): "Một số chỉ tiêu vận động hỗ trợ xây dựng nông thôn mới phụ thuộc nhiều vào nguồn xã hội hóa",
        ("lanh_dao", 1): "Ban hành Kế hoạch tổ chức phong trào thi đua năm 2023; hướng dẫn Ủy ban MTTQ các huyện, "
        "thành phố đăng ký chỉ tiêu thi đua",
        ("noi_bat", 3): "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc điểm tại xã Yên Trạch, huyện Cao Lộc",
        ("noi_bat", 6): "Vận động các doanh nghiệp ủng hộ Quỹ “Vì người nghèo” nhân Tháng cao điểm",
        ("kho_khan", 6): "Nguồn lực vận động hỗ trợ xây nhà đại đoàn kết ở các xã vùng sâu còn hạn chế",
        ("de_xuat", 6): "Đề nghị Hội đồng Thi đua - Khen thưởng tỉnh sớm ban hành hướng dẫn chấm điểm thi đua năm 2023",
    },
    "HND": {
        ("noi_bat", 10): "Tổ chức Hội thi Nhà nông đua tài cấp tỉnh; tôn vinh 50 hộ nông dân sản xuất, kinh doanh giỏi",
        ("kho_khan", 12): "Ngày công đóng góp xây dựng công trình công cộng 6 tháng cuối năm giảm do thời tiết bất lợi",
        ("lanh_dao", 1): "Phát động phong trào nông dân thi đua sản xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu "
        "và giảm nghèo bền vững",
        ("noi_bat", 6): "Hội viên nông dân tích cực hiến đất, góp ngày công làm đường giao thông nông thôn",
        ("kho_khan", 6): "Quỹ Hỗ trợ nông dân ở một số cơ sở tăng trưởng chậm",
    },
    "LDLD": {
        ("noi_bat", 12): "Trao hỗ trợ “Mái ấm công đoàn” cho đoàn viên khó khăn về nhà ở, hoàn thành kế hoạch năm",
        ("lanh_dao", 2): "Phát động phong trào thi đua “Lao động giỏi, lao động sáng tạo” trong công nhân, viên chức, "
        "lao động",
        ("noi_bat", 5): "Tổ chức Tháng Công nhân năm 2023 với nhiều hoạt động chăm lo đoàn viên",
        ("de_xuat", 6): "Đề nghị tỉnh quan tâm bố trí quỹ đất xây dựng thiết chế công đoàn tại khu công nghiệp",
    },
    "TD": {
        ("noi_bat", 7): "Ra quân Chiến dịch Thanh niên tình nguyện hè với nhiều công trình, phần việc thanh niên",
        ("lanh_dao", 1): "Triển khai Chương trình “Tháng Thanh niên” và các phong trào “Thanh niên tình nguyện”, "
        "“Tuổi trẻ sáng tạo”",
        ("noi_bat", 3): "Tổ chức các hoạt động tình nguyện khám bệnh, cấp thuốc miễn phí tại các xã biên giới",
        ("kho_khan", 6): "Một bộ phận đoàn viên đi làm ăn xa nên việc tập hợp thanh niên ở cơ sở còn khó khăn",
    },
    "PN": {
        ("noi_bat", 11): "Thành lập thêm mô hình “Ngôi nhà xanh” và câu lạc bộ “Gia đình 5 không, 3 sạch”",
        ("lanh_dao", 1): "Chỉ đạo các cấp Hội thực hiện Cuộc vận động “Xây dựng gia đình 5 không, 3 sạch”",
        ("noi_bat", 6): "Ra mắt mô hình “Ngôi nhà xanh” thu gom phế liệu gây quỹ giúp hội viên nghèo",
    },
    "CCB": {
        ("kho_khan", 12): "Kết nạp hội viên mới 6 tháng cuối năm chậm do nguồn cựu quân nhân giảm",
        ("lanh_dao", 1): "Tiếp tục thực hiện phong trào thi đua “Cựu chiến binh gương mẫu” giai đoạn 2019 - 2024",
        ("noi_bat", 6): "Hội viên cựu chiến binh tham gia làm mới đường giao thông nông thôn, giúp nhau phát triển "
        "kinh tế",
        ("kho_khan", 6): "Tuổi cao, sức khỏe hạn chế nên một số hội viên ít tham gia hoạt động",
    },
}
MODELS = {
    "PN": "Mô hình “Ngôi nhà xanh” tại xã Hoàng Đồng, thành phố Lạng Sơn và câu lạc bộ “Gia đình 5 không, 3 sạch”",
    "CCB": "Mô hình “Cựu chiến binh giúp nhau làm kinh tế” tại huyện Cao Lộc",
    "TD": "Mô hình “Thắp sáng đường biên” của thanh niên các xã biên giới",
}
COMMENDATIONS = {  # (month, form index, level index, collectives, individuals, note)
    "MTTQ": [
        (1, 3, 2, 2, 5, "Quyết định số 112/QĐ-UBND ngày 16/01/2023"),
        (4, 4, 1, 1, 3, "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam"),
    ],
    "HND": [(2, 5, 3, 6, 14, "Giấy khen của Ban Thường vụ Hội Nông dân tỉnh")],
    "LDLD": [(5, 4, 1, 2, 4, "Bằng khen của Tổng Liên đoàn Lao động Việt Nam")],
    "TD": [(3, 5, 3, 12, 25, "Giấy khen dịp Tháng Thanh niên năm 2023")],
    "PN": [(3, 3, 2, 1, 2, "Quyết định số 402/QĐ-UBND ngày 06/3/2023"), (6, 5, 3, 4, 9, "")],
    "CCB": [(6, 6, 3, 0, 18, "Chiến sĩ thi đua cơ sở năm 2022"), (12, 5, 3, 3, 10, "Giấy khen tổng kết năm 2023")],
}
COMMENDATIONS["MTTQ"].append((9, 3, 2, 1, 2, "Quyết định số 1650/QĐ-UBND ngày 20/9/2023"))
COMMENDATIONS["TD"].append((12, 4, 1, 2, 6, "Bằng khen của Ban Chấp hành Trung ương Đoàn"))
# Day of the following month on which each unit's clerk saved the file (deadline is the 20th).
SAVED_DAY = {"MTTQ": 12, "HND": 15, "LDLD": 18, "TD": 10, "PN": 16, "CCB": 19}
LATE = {("LDLD", 3): 27, ("TD", 9): 24}  # late returns, for the timeliness table and the scoring


def split(total: float, decimal: bool) -> list[float]:
    """Split a six-month total into monthly figures that add up exactly."""
    if decimal:
        parts = [round(total * w, 1) for w in WEIGHTS[:-1]]
        return [*parts, round(total - sum(parts), 1)]
    raw = [total * w for w in WEIGHTS]
    parts = [int(x) for x in raw]
    for i in sorted(range(6), key=lambda i: raw[i] - parts[i], reverse=True)[: int(total) - sum(parts)]:
        parts[i] += 1
    return parts


def monthly(code: str, total: float, rollup: str, decimal: bool, half: int = 1) -> list[float]:
    """Six monthly figures of one half-year (1: January–June, 2: July–December)."""
    if code in ONE_OFF_MONTH:
        return [1 if m + 6 * (half - 1) in ONE_OFF_MONTH[code] else 0 for m in range(1, 7)]
    if rollup == "last":  # a stock: grows towards its June level, then on
        return [int(total) - 5 * (6 - m) + (30 + 3 * m) * (half - 1) for m in range(1, 7)]
    return split(total, decimal)


def year_series(totals: dict[str, float], cfg, unit_code: str, year: int) -> dict[str, list[float]]:  # type: ignore[no-untyped-def]
    """Monthly figures of `year`, twelve months (2022: the units of LAST_YEAR_UNITS, scaled by their factor)."""
    factor = LAST_YEAR_UNITS.get(unit_code, 1) if year == 2022 else 1
    series = {}
    for ind in cfg.indicators_for(unit_code):
        if ind.code not in totals:
            continue
        decimal = ind.type == "decimal"
        total = totals[ind.code] * factor
        total = round(total, 1) if decimal else round(total)
        values = monthly(ind.code, total, ind.rollup, decimal)
        later = totals[ind.code] * SECOND_HALF[unit_code] * factor
        later = round(later, 1) if decimal else round(later)
        values += monthly(ind.code, later if ind.rollup != "last" else total, ind.rollup, decimal, half=2)
        series[ind.code] = values
    return series


def example_figures(values: dict[str, float], unit_code: str, month: int, year: int) -> dict[str, object]:
    """Monthly figures as typed; one clerk habit kept on purpose: a number typed as text ("2.598")."""
    typed: dict[str, object] = dict(values)
    if unit_code == "TD" and month == 4 and year == 2023:
        typed["GN_QUA"] = f"{int(values['GN_QUA']):,}".replace(",", ".")
    return typed


def example_narratives(unit_code: str, month: int, year: int) -> dict[str, str]:
    if year != 2023:
        return {}
    texts = {code: f"{text}." for (code, m), text in NARRATIVES.get(unit_code, {}).items() if m == month}
    if month == 6 and unit_code in MODELS:
        texts["mo_hinh"] = f"{MODELS[unit_code]}."
    return texts


def example_commendations(cfg, unit_code: str, month: int, year: int) -> list[tuple]:
    return [
        (cfg.commendation_forms[form], cfg.commendation_levels[level], coll, indiv, note or None)
        for m, form, level, coll, indiv, note in COMMENDATIONS.get(unit_code, [])
        if m == month and year == 2023
    ]


def main() -> None:
    cfg = load_config(ROOT / "config.yaml")
    inputs = ROOT / "inputs"
    shutil.rmtree(inputs, ignore_errors=True)
    for year, units in ((2023, TOTALS), (2022, {u: TOTALS[u] for u in LAST_YEAR_UNITS})):
        for unit_code, totals in units.items():
            series = year_series(totals, cfg, unit_code, year)
            for month in range(1, 13):
                period = Period(year, month)
                path = inputs / str(year) / f"T{month:02d}" / f"BC thi dua T{month}-{year} {unit_code}.xlsx"
                write_template(cfg, cfg.unit(unit_code), period, path)
                day = LATE.get((unit_code, month), SAVED_DAY[unit_code]) if year == 2023 else SAVED_DAY[unit_code]
                clerk.fill(
                    path,
                    example_figures({c: s[month - 1] for c, s in series.items()}, unit_code, month, year),
                    example_narratives(unit_code, month, year),
                    example_commendations(cfg, unit_code, month, year),
                    saved=datetime(year + month // 12, month % 12 + 1, day, 9, 30),
                )
    # A corrected resubmission: the Farmers' Union re-sent May with a fixed note two days later.
    first = inputs / "2023" / "T05" / "BC thi dua T5-2023 HND.xlsx"
    again = inputs / "2023" / "T05" / "BC thi dua T5-2023 HND (gui lai).xlsx"
    shutil.copy(first, again)
    clerk.fill(
        again,
        notes={"NTM_DAT_HIEN": "Gửi lại: bổ sung ghi chú về diện tích hiến đất"},
        saved=datetime(2023, 6, 17, 8, 0),
    )
    import make_year_examples

    make_year_examples.main(cfg, ROOT / "config.yaml", inputs)
    print(f"Đã tạo {sum(1 for _ in inputs.rglob('*.xlsx'))} tệp trong {inputs}")


if __name__ == "__main__":
    main()
