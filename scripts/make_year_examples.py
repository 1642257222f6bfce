"""The example year's workbooks (illustrative): each unit's registration, each unit's self-scoring, and the
chair's filled scoring workbook, all made by thidua's own commands and filled as people would, into
inputs/2023/. Run by scripts/make_examples.py after the monthly returns.

The registered plans are the targets the first version of config.yaml carried, so the six-month review
reads exactly as before.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import clerk  # noqa: E402

from thidua.config import Config  # noqa: E402

TODAY = "2024-01-25"  # after December's deadline (20/01/2024): the year's reports are all due
REGISTERED = {
    "MTTQ": {"NTM_HO_HIEN_DAT": 300, "NTM_DAT_HIEN": 15000, "GN_NHA_XAY": 150, "GN_QUA": 8000},
    "HND": {"NTM_DAT_HIEN": 20000, "NTM_NGAY_CONG": 30000},
    "LDLD": {"GN_MAI_AM": 40},
    "TD": {"GN_KHAM_BENH": 2500, "GN_QUA": 30000, "GN_GA_GIONG": 15000},
    "PN": {"NTM_MO_HINH": 2, "NTM_CLB": 2},
    "CCB": {"CCB_HV_MOI": 300},
}
TITLES = {
    "MTTQ": ["Cờ thi đua của Ủy ban nhân dân tỉnh"],
    "HND": ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"],
    "LDLD": ["Tập thể lao động xuất sắc"],
    "TD": ["Cờ thi đua của Ủy ban nhân dân tỉnh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"],
    "PN": ["Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"],
    "CCB": ["Tập thể lao động xuất sắc"],
}
DOC = "Báo cáo số {n}/BC ngày 15/12/2023 của đơn vị"
# criterion → one value per unit in the order MTTQ, HND, LDLD, TD, PN, CCB (I.3 is a count of models).
SELF = {
    "I.2": [10, 9, 10, 10, 9, 8],
    "I.3": [2, 1, 1, 3, 2, 1],
    "II.2": [10, 10, 9, 10, 10, 9],
    "II.3": [9, 9, 8, 10, 9, 8],
    "III.1": [5, 5, 5, 5, 5, 4],
    "III.2": [5, 5, 5, 5, 5, 5],
    "C": [3, 2, 0, 2, 1, 0],
    "T": [0, 0, 1, 0, 0, 1],
}
EVIDENCE = {"I.2", "I.3", "II.3", "C", "T"}
UNITS = ["MTTQ", "HND", "LDLD", "TD", "PN", "CCB"]
ADJUSTMENTS = {
    ("PN", "C"): (0, "Sáng kiến chưa được cấp có thẩm quyền công nhận trong năm 2023"),
    ("CCB", "II.3"): (7, "Chưa chủ trì hoạt động chung nào của Cụm trong năm"),
}
FACTS = {
    "held": "22/01/2024 14:00",
    "place": "Hội trường Ủy ban MTTQ tỉnh Lạng Sơn",
    "chair": "Nông Lương Chấn, Chủ tịch Ủy ban MTTQ tỉnh, Cụm trưởng",
    "secretary": "Lê Thu Trang, chuyên viên Văn phòng Ủy ban MTTQ tỉnh",
    "ended": "16:00",
    "attendees": "Nông Lương Chấn, Chủ tịch Ủy ban MTTQ tỉnh; Hoàng Văn Bình, Chủ tịch Hội Nông dân tỉnh; "
    "Lăng Thị Hoa, Chủ tịch Liên đoàn Lao động tỉnh; Vi Văn Thắng, Bí thư Tỉnh đoàn; "
    "Nông Thị Lan, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh; Lương Văn Đức, Chủ tịch Hội Cựu chiến binh tỉnh",
    "guests": "Đại diện Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh",
    "method": "bỏ phiếu kín",
    "counters": "Hoàng Văn Bình (Trưởng ban); Lê Thu Trang; Lăng Thị Hoa",
    "discussion": "Các đơn vị nhất trí với kết quả chấm điểm và các điểm điều chỉnh của Văn phòng Cụm; "
    "Hội Liên hiệp Phụ nữ tỉnh đề nghị Cụm sớm hướng dẫn minh chứng cho tiêu chí sáng kiến năm 2024",
    "members": 6,
    "present": 6,
    "absent_written": 0,
    "voting": 6,  # the secret ballot's count (biên bản kiểm phiếu)
    "ballots_issued": 6,
    "ballots_returned": 6,
    "ballots_valid": 6,
    "ballots_invalid": 0,
}


def self_lines(unit: str) -> dict[str, dict[str, object]]:
    k = UNITS.index(unit)
    lines: dict[str, dict[str, object]] = {}
    for code, values in SELF.items():
        value = values[k]
        key = "count" if code == "I.3" else "score"
        lines[code] = {key: value}
        if code in EVIDENCE and value and not (unit == "PN" and code == "C"):  # PN forgets one: a finding
            lines[code]["evidence"] = DOC.format(n=40 + k)
    if unit == "LDLD":  # changes a line thidua computed: a finding, and the computed one counts
        lines["II.1"] = {"score": 10, "note": "Đề nghị không trừ điểm vì báo cáo tháng 3 gửi qua thư điện tử đúng hạn"}
    return lines


def registrations(cfg: Config, inputs: Path) -> None:
    from thidua.workbooks.registration import registration_name, write_registration

    for unit in cfg.units:
        path = inputs / "2023" / "dang-ky" / registration_name(unit, 2023)
        write_registration(cfg, unit, path)
        clerk.fill_registration(path, REGISTERED[unit.code], TITLES[unit.code], saved=datetime(2023, 2, 10, 9))


def profiles(cfg: Config, inputs: Path) -> None:
    """The Tỉnh đoàn's own profile workbook: what the office pre-filled from config.yaml, corrected and
    completed by the unit (illustrative, like every figure of the example)."""
    from thidua.intake.profile import profile_of
    from thidua.workbooks.profile import profile_name, write_profile

    unit = cfg.unit("TD")
    path = inputs / "2023" / "ho-so" / profile_name(unit, 2023)
    write_profile(cfg, unit, *profile_of({}, unit)[:2], path)
    awards = [(a.year, a.form, a.decision) for a in unit.awards]
    awards.append(
        (
            2021,
            "Giấy khen của Ban Thường vụ Tỉnh đoàn cho tập thể (dữ liệu mẫu)",
            "Quyết định số 45-QĐ/TĐTN ngày 10/01/2022 (dữ liệu mẫu)",
        )
    )
    items = {
        "phone": "0205 3870 000 (dữ liệu mẫu)",
        "head_name": "Vi Văn Thắng",
        "measures": "Giao chỉ tiêu thi đua đến từng ban, cơ sở Đoàn; kiểm tra, sơ kết hằng quý.\n"
        "Phối hợp với các sở, ngành và doanh nghiệp vận động nguồn lực cho các chương trình tình nguyện.",
        "party": "Chi bộ cơ quan Tỉnh đoàn hoàn thành tốt nhiệm vụ; công đoàn cơ quan vững mạnh (dữ liệu mẫu).",
    }
    clerk.fill_profile(path, items, sorted(awards))
    clerk.set_saved_time(path, datetime(2023, 11, 20, 9))


def self_scores(config: Path, inputs: Path, work: Path) -> None:
    import pipeline

    assert pipeline.main(["self-score", "--config", str(config), "--inputs", str(inputs), "--outputs", str(work)]) == 0
    for path in sorted((work / "tu-cham-2023").glob("*.xlsx")):
        unit = path.stem.split("_")[-1]
        target = inputs / "2023" / "tu-cham" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        clerk.fill_self_score(target, self_lines(unit), saved=datetime(2024, 1, 8, 10))


def scoring(config: Path, inputs: Path, work: Path) -> None:
    import pipeline

    target = inputs / "2023" / "cham-diem-2023.xlsx"
    target.unlink(missing_ok=True)  # made afresh: a voted workbook in inputs/ would be kept as its record
    args = ["run", "--config", str(config), "--inputs", str(inputs), "--outputs", str(work), "--period", "2023-12"]
    pipeline.main([*args, "--no-pdf"])
    source = work / "nam-2023-12" / "cham-diem.xlsx"
    target.write_bytes(source.read_bytes())
    votes = {("TD", "CO_TINH"): 6, ("MTTQ", "BK_TINH"): 6, ("CCB", "BK_TINH"): 4}  # 4/6 < 80 %: not carried
    clerk.fill_scoring(target, ADJUSTMENTS, FACTS, votes, saved=datetime(2024, 1, 22, 16, 30))


def main(cfg: Config, config: Path, inputs: Path) -> None:
    import os

    os.environ["THIDUA_TODAY"] = TODAY
    registrations(cfg, inputs)
    profiles(cfg, inputs)
    with tempfile.TemporaryDirectory() as tmp:
        self_scores(config, inputs, Path(tmp))
        scoring(config, inputs, Path(tmp))
