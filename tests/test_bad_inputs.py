"""Each finding code has a named bad-input case (tests/data/bad/<CODE>/, made by scripts/make_bad_cases.py);
the pipeline must report that code at the exact sheet and cell a clerk has to fix."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pytest
from conftest import BAD, REVIEW_DAY, check_folder

from thidua.findings import CODES, has_errors

FIG, NAR, COM = "Số liệu", "Thuyết minh", "Khen thưởng"
# code → (sheet, cell) the finding must name; "" where the finding is about the whole file or sheet.
EXPECTED = {
    "FILE_CORRUPT": ("", ""),
    "FILE_XLS": ("", ""),
    "FILE_NOT_WORKBOOK": ("", ""),
    "FILE_IGNORED": ("", ""),
    "FILE_LOCK": ("", ""),
    "FILE_ENCRYPTED": ("", ""),
    "FILE_TOO_LARGE": ("", ""),
    "FILE_NOT_TEMPLATE": ("", ""),
    "FILE_OTHER_CLUSTER": ("", ""),
    "FILE_OUTDATED": ("", ""),
    "FILE_UNKNOWN_UNIT": ("", ""),
    "FILE_PERIOD_OUT_OF_YEAR": ("", ""),
    "FILE_FUTURE_PERIOD": ("", ""),
    "FILE_NOT_MEMBER": ("", ""),
    "FILE_DUPLICATE": ("", ""),
    "FILE_SUPERSEDED": ("", ""),
    "SHEET_TOO_LARGE": (FIG, ""),
    "SHEET_MISSING": (FIG, ""),
    "HEADER_MISSING": (FIG, ""),
    "ROW_MOVED": (FIG, "E9"),
    "ROW_MISSING": (FIG, ""),
    "ROW_UNKNOWN": (FIG, "E20"),
    "CELL_MERGED": (FIG, "E8"),
    "CELL_FORMULA": (FIG, "E8"),
    "CELL_NOT_NUMBER": (FIG, "E8"),
    "CELL_TEXT_NUMBER": (FIG, "E9"),
    "CELL_NEGATIVE": (FIG, "E12"),
    "CELL_NOT_INTEGER": (FIG, "E11"),
    "CELL_OUT_OF_RANGE": (FIG, "E11"),
    "CELL_REQUIRED": (FIG, "E12"),
    "CELL_NOT_IN_CHOICES": (COM, "B7"),
    "TEXT_TOO_LONG": (NAR, "C8"),
    "TEXT_LEGACY_ENCODING": (NAR, "C7"),
    "RULE_VIOLATED": (FIG, "E9"),
    "VALUE_IMPLAUSIBLE": (FIG, "E13"),
    "SUBMISSION_LATE": ("", ""),
    "SUBMISSION_MISSING": ("", ""),
    "SUBMISSION_UNDATED": ("", ""),
    "SAVE_TIME_IMPLAUSIBLE": ("", ""),
    "RECEIPT_BOOK_UNREADABLE": ("", ""),
    "RECEIPT_FILE_UNKNOWN": ("Sổ nhận", "B5"),
    "RECEIPT_DATE_INVALID": ("Sổ nhận", "F5"),
    "UNIT_EXCLUDED": ("", ""),
    "AWARD_YEAR_INVALID": ("Khen thưởng đã nhận", "B5"),
    "AWARD_ROW_INCOMPLETE": ("Khen thưởng đã nhận", "D5"),
    "REGISTRATION_MISSING": ("", ""),
    "TARGET_OVERRIDDEN": ("Đăng ký", "E17"),
    "SCORE_OVER_MAX": ("Tự chấm điểm", "G13"),
    "SCORE_NO_EVIDENCE": ("Tự chấm điểm", "H13"),
    "SCORE_COMPUTED_CHANGED": ("Tự chấm điểm", "G16"),
    "SCORE_NOT_COMPUTED": ("", ""),
    "SELF_SCORE_MISSING": ("", ""),
    "SCORE_INCOMPLETE": ("", ""),
    "ADJUSTMENT_NO_REASON": ("Chấm điểm", "K8"),
    "VOTE_INVALID": ("Bình xét", "H14"),
    "MEETING_TIME_UNREADABLE": ("Bình xét", "D5"),
    "AWARD_TIE": ("", ""),
    "AWARD_OVER_QUOTA": ("", ""),
    "VOTES_PENDING": ("", ""),
    "RESULT_CHANGED_AFTER_VOTE": ("", ""),
    "SCORING_REOPENED": ("", ""),
}
# The year's cases: found when the year is scored (after the check), with no file to point at.
SCORED = {
    "SCORE_NOT_COMPUTED",
    "SELF_SCORE_MISSING",
    "SCORE_INCOMPLETE",
    "AWARD_TIE",
    "AWARD_OVER_QUOTA",
    "VOTES_PENDING",
    "RESULT_CHANGED_AFTER_VOTE",
    "SCORING_REOPENED",
}
# ... of which these are the example year with a file replaced or added (the scoring workbook, a return
# resent after the vote).
OVERLAY = {"AWARD_TIE", "AWARD_OVER_QUOTA", "VOTES_PENDING", "RESULT_CHANGED_AFTER_VOTE", "SCORING_REOPENED"}


def _reopened(data: dict) -> None:
    """The office decides to score again after the correction: what SCORING_REOPENED needs in config."""
    data["year_end"]["scoring"]["years"][2023]["reopened"] = {
        "on": date(2024, 1, 25),
        "reason": "Tỉnh đoàn gửi lại báo cáo tháng 10/2023 sau cuộc họp, số liệu khám bệnh thay đổi",
    }


# The cases that need an edit of the example config.yaml (as the office would make it).
CONFIG_EDITS = {"SCORING_REOPENED": _reopened}
YEAR_CODES = SCORED | {
    "AWARD_YEAR_INVALID",
    "AWARD_ROW_INCOMPLETE",
    "REGISTRATION_MISSING",
    "TARGET_OVERRIDDEN",
    "SCORE_OVER_MAX",
    "SCORE_NO_EVIDENCE",
    "SCORE_COMPUTED_CHANGED",
    "ADJUSTMENT_NO_REASON",
    "VOTE_INVALID",
    "MEETING_TIME_UNREADABLE",
}


def test_every_code_has_a_case() -> None:
    assert set(EXPECTED) == set(CODES)
    assert {p.name for p in BAD.iterdir()} == set(CODES)


# Cases that need another cluster's config (the Khối has a unit leaving mid-year, and config targets).
KHOI_CASES = {"FILE_NOT_MEMBER", "TARGET_OVERRIDDEN"}


def case_findings(code: str, cfg, khoi, tmp_path) -> list:  # type: ignore[no-untyped-def]
    """What the pipeline says about a case: its check, and the year's scoring where the case needs it."""
    import shutil

    from conftest import ROOT, TODAY, edited_config

    from thidua.config import load_config
    from thidua.scoring.year import score_year

    config, folder, today = (khoi if code in KHOI_CASES else cfg), BAD / code, REVIEW_DAY
    if code in CONFIG_EDITS:
        config = load_config(edited_config(tmp_path, CONFIG_EDITS[code]))
    if code in OVERLAY:
        folder, today = tmp_path / "inputs", TODAY
        shutil.copytree(ROOT / "inputs", folder)
        shutil.copytree(BAD / code, folder, dirs_exist_ok=True)
    checked = check_folder(folder, config, today)
    scored = score_year(checked, config, checked.through).findings if code in SCORED else []
    return checked.findings + scored


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_bad_case_is_reported_at_its_cell(code: str, cfg, khoi, tmp_path) -> None:
    findings = case_findings(code, cfg, khoi, tmp_path)
    found = {(f.code, f.sheet, f.cell) for f in findings}
    assert (code, *EXPECTED[code]) in found, sorted(found)
    finding = next(f for f in findings if f.code == code)
    assert finding.message and (finding.file or code in SCORED | {"REGISTRATION_MISSING", "SUBMISSION_MISSING"})


@pytest.mark.parametrize("code", ["CELL_NEGATIVE", "CELL_REQUIRED", "FILE_UNKNOWN_UNIT", "ROW_MISSING"])
def test_errors_exclude_the_unit_and_never_count_zero(code: str, cfg) -> None:
    checked = check_folder(BAD / code, cfg, REVIEW_DAY)
    assert has_errors(checked.findings)
    assert checked.figures.empty  # nothing from a file with errors reaches the totals


def test_warnings_do_not_exclude(cfg) -> None:
    checked = check_folder(BAD / "CELL_TEXT_NUMBER", cfg)
    assert not has_errors(checked.findings)
    row = checked.figures[checked.figures["code"] == "NTM_DAT_HIEN"].iloc[0]
    assert (row["value"], row["cell"]) == (1300, "E9")


def test_superseded_rule_and_diff(cfg) -> None:
    checked = check_folder(BAD / "FILE_SUPERSEDED", cfg)
    used = checked.figures[checked.figures["code"] == "GN_QUA"]
    assert list(used["value"]) == [700] and list(used["file"]) == ["lan 2.xlsx"]
    assert list(checked.diffs[["sheet", "cell", "old", "new"]].itertuples(index=False, name=None)) == [
        ("Số liệu", "E13", "650", "700")
    ]


def test_legacy_text_is_converted(cfg) -> None:
    checked = check_folder(BAD / "TEXT_LEGACY_ENCODING", cfg)
    assert checked.narratives.iloc[0]["text"] == "Phối hợp với Hội Nông dân tỉnh tổ chức hội nghị"


def test_one_broken_file_does_not_stop_the_others(cfg, tmp_path) -> None:
    import shutil

    for code in ("FILE_CORRUPT", "FILE_TOO_LARGE", "FILE_ENCRYPTED", "CELL_TEXT_NUMBER"):
        for f in (BAD / code).iterdir():
            shutil.copy(f, tmp_path / f"{code}-{f.name}")
    checked = check_folder(tmp_path, cfg)
    assert {"FILE_CORRUPT", "FILE_TOO_LARGE", "FILE_ENCRYPTED"} <= {f.code for f in checked.findings}
    assert not checked.figures.empty


def test_inputs_are_never_modified(cfg, tmp_path) -> None:
    import pipeline

    def digest() -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in BAD.rglob("*") if p.is_file()}

    before = digest()
    for code in ("CELL_NEGATIVE", "ROW_MOVED", "TEXT_LEGACY_ENCODING"):
        pipeline.main(["check", "--inputs", str(BAD / code), "--outputs", str(tmp_path)])
    assert digest() == before


# Written out again on purpose, not derived from CODES: turning an error into a warning (or back) must
# fail here and be a decision, because errors keep a unit's figures out of the totals.
SEVERITY = {
    "lỗi": [
        "FILE_CORRUPT",
        "FILE_NOT_WORKBOOK",
        "FILE_XLS",
        "FILE_ENCRYPTED",
        "FILE_TOO_LARGE",
        "FILE_NOT_TEMPLATE",
        "FILE_OTHER_CLUSTER",
        "FILE_UNKNOWN_UNIT",
        "FILE_PERIOD_OUT_OF_YEAR",
        "FILE_FUTURE_PERIOD",
        "FILE_NOT_MEMBER",
        "SHEET_TOO_LARGE",
        "SHEET_MISSING",
        "HEADER_MISSING",
        "ROW_MISSING",
        "CELL_MERGED",
        "CELL_FORMULA",
        "CELL_NOT_NUMBER",
        "CELL_NEGATIVE",
        "CELL_NOT_INTEGER",
        "CELL_OUT_OF_RANGE",
        "CELL_REQUIRED",
        "CELL_NOT_IN_CHOICES",
        "RULE_VIOLATED",
        "SCORE_OVER_MAX",
        "ADJUSTMENT_NO_REASON",
        "VOTE_INVALID",
        "MEETING_TIME_UNREADABLE",
        "AWARD_OVER_QUOTA",
    ],
    "cảnh báo": [
        "FILE_OUTDATED",
        "ROW_MOVED",
        "ROW_UNKNOWN",
        "CELL_TEXT_NUMBER",
        "TEXT_TOO_LONG",
        "TEXT_LEGACY_ENCODING",
        "VALUE_IMPLAUSIBLE",
        "SUBMISSION_LATE",
        "SUBMISSION_UNDATED",
        "SAVE_TIME_IMPLAUSIBLE",
        "RECEIPT_BOOK_UNREADABLE",
        "RECEIPT_FILE_UNKNOWN",
        "RECEIPT_DATE_INVALID",
        "SUBMISSION_MISSING",
        "UNIT_EXCLUDED",
        "REGISTRATION_MISSING",
        "AWARD_YEAR_INVALID",
        "AWARD_ROW_INCOMPLETE",
        "SCORE_NO_EVIDENCE",
        "SCORE_COMPUTED_CHANGED",
        "SCORE_NOT_COMPUTED",
        "SELF_SCORE_MISSING",
        "SCORE_INCOMPLETE",
        "AWARD_TIE",
        "RESULT_CHANGED_AFTER_VOTE",
        "SCORING_REOPENED",
    ],
    "thông tin": [
        "FILE_IGNORED",
        "FILE_LOCK",
        "FILE_DUPLICATE",
        "FILE_SUPERSEDED",
        "TARGET_OVERRIDDEN",
        "VOTES_PENDING",
    ],
}


def test_severities_are_pinned() -> None:
    pinned = {code: severity for severity, codes in SEVERITY.items() for code in codes}
    assert pinned == {code: severity for code, (severity, _) in CODES.items()}


def test_readme_severity_column_matches_the_code() -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from thidua.signing.facts import REFUSALS

    rows = re.findall(r"^\| `([A-Z_]+)` \| ([^|]+) \|", readme, re.M)
    found = {code: severity.strip() for code, severity in rows if code not in REFUSALS}  # signatures: their own table
    assert found == {c: s for c, (s, _) in CODES.items()}


# The cases whose file is identified as a unit's return; the others stop before any figure is read (or, for
# RECEIPT_*, are about the office's receipt book, which is not a return).
READ_CASES = sorted(
    set(EXPECTED)
    - {c for c in EXPECTED if c.startswith(("FILE_", "RECEIPT_"))}
    - {"SUBMISSION_MISSING", "SHEET_TOO_LARGE"}
    - YEAR_CODES
)


@pytest.mark.parametrize("code", READ_CASES)
def test_errors_exclude_and_warnings_keep_the_figures(code: str, cfg) -> None:
    checked = check_folder(BAD / code, cfg)
    case_files = {f.file for f in checked.findings if f.code == code}
    counted = set(checked.figures["file"])
    if CODES[code][0] == "lỗi":
        assert not case_files & counted
        assert {f.file for f in checked.findings if f.code == "UNIT_EXCLUDED"} >= case_files
    else:
        assert case_files <= counted or code == "UNIT_EXCLUDED"
