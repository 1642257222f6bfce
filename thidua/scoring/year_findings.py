"""What the year's scoring asks of the chair, as findings: lines thidua could not compute, self-scores
missing, totals incomplete, ties at a quota's edge, quotas exceeded, votes still to come."""

from __future__ import annotations

from thidua import layout
from thidua.config import Config
from thidua.findings import Finding
from thidua.numbers import fmt_number
from thidua.scoring.ranking import Candidate, UnitScore
from thidua.words.basis import basis_text


def line_findings(score: UnitScore, cfg: Config, year: int, has_self: bool) -> list[Finding]:
    name, out, words = cfg.unit(score.unit).short_name, [], cfg.wording()
    for line in score.lines:
        if line.computed_kind and line.computed is None and line.adjusted is None:
            basis = basis_text(line.basis, words)
            message = (
                f"Tiêu chí {line.code} của {name} chưa tính được từ báo cáo. {basis} Văn phòng nhập điểm vào "
                f"cột “{layout.ADJUSTED_HEADER}” của cham-diem.xlsx, kèm lý do."
            )
            out.append(Finding("SCORE_NOT_COMPUTED", message, score.unit, str(year)))
    blank = [x.code for x in score.lines if not x.computed_kind and x.proposed is None and x.adjusted is None]
    if not has_self:
        out.append(
            Finding("SELF_SCORE_MISSING", f"{name} chưa gửi bảng tự chấm điểm năm {year}.", score.unit, str(year))
        )
    elif blank:
        message = (
            f"{name} chưa tự chấm các tiêu chí {', '.join(blank)}; Văn phòng nhập điểm điều chỉnh hoặc nhắc đơn vị."
        )
        out.append(Finding("SELF_SCORE_MISSING", message, score.unit, str(year)))
    if score.total is None:
        message = f"Tổng điểm của {name} chưa đủ (còn tiêu chí chưa có điểm) nên chưa xếp loại, xếp hạng."
        out.append(Finding("SCORE_INCOMPLETE", message, score.unit, str(year)))
    return out


def candidate_findings(found: list[Candidate], cfg: Config, year: int, has_votes: bool) -> list[Finding]:
    out = []
    for award in {c.award.code: c.award for c in found}.values():
        mine = [c for c in found if c.award.code == award.code]
        tied = [c for c in mine if c.tie]
        if tied:
            names = ", ".join(cfg.unit(c.unit).short_name for c in tied)
            points = fmt_number(float(tied[0].total))
            edge = f"ngưỡng {award.quota} suất {award.name}"
            message = f"{names} cùng {points} điểm ở {edge}; {cfg.cluster.word} bỏ phiếu để chọn."
            out.append(Finding("AWARD_TIE", message, period=str(year)))
        passed = [c for c in mine if c.passed]
        if len(passed) > award.quota:
            message = (
                f"{len(passed)} đơn vị đạt tỷ lệ phiếu đề nghị {award.name}, vượt số lượng {award.quota}; "
                "cần bỏ phiếu lại."
            )
            out.append(Finding("AWARD_OVER_QUOTA", message, period=str(year)))
    if found and not has_votes:
        message = "Chưa có kết quả bỏ phiếu trong cham-diem.xlsx (sheet “Bình xét”): biên bản và tờ trình là dự thảo."
        out.append(Finding("VOTES_PENDING", message, period=str(year)))
    return out
