"""The meeting's record in words, said once for the minutes and the tờ trình alike: each score agreed that
differs from the unit's own (scoring/meeting.py's facts), and each award that passes over a better-ranked
unit, with why."""

from __future__ import annotations

from thidua.config import Config
from thidua.numbers import fmt_number
from thidua.report.prose import Block, lower_first, sentence
from thidua.scoring.meeting import ADJUSTED, BAND, PassedOver, ScoreDifference
from thidua.scoring.ranking import rank_label
from thidua.words.basis import basis_text


def difference_lines(found: list[ScoreDifference], cfg: Config, words: dict[str, str]) -> list[Block]:
    """'- Liên đoàn Lao động tỉnh, tiêu chí II.1: tự chấm 8 điểm, thống nhất 6 điểm, tính từ …'."""
    lines = []
    for d in found:
        key = "minutes_difference_adjusted" if d.cause == ADJUSTED else "minutes_difference_computed"
        reason = d.reason if d.cause == ADJUSTED else lower_first(basis_text(d.basis, words))
        values = {"unit": cfg.unit(d.unit).short_name, "code": d.code, "reason": reason.rstrip(". ")}
        values |= {"own": fmt_number(d.self_score), "agreed": fmt_number(d.agreed)}
        lines.append(Block("para", sentence(words[key].format(**values))))
    return [Block("para", words["minutes_adjusted"] + ":"), *lines] if lines else []


def passed_over_lines(
    found: list[PassedOver], awards: dict[str, str], cfg: Config, words: dict[str, str]
) -> list[Block]:
    """'- Hội Nông dân tỉnh (xếp thứ Nhất) không được đề nghị Cờ thi đua … vì …; Cờ thi đua … được đề nghị
    cho Tỉnh đoàn (xếp thứ Nhì).' `awards`: code → name."""
    lines = []
    for p in found:
        values = {"unit": cfg.unit(p.unit).short_name, "rank": rank_label(p.rank), "award": awards[p.award]}
        values |= {"candidate": cfg.unit(p.candidate).short_name, "candidate_rank": rank_label(p.candidate_rank)}
        values |= {"band": p.band, "min_band": p.min_band}
        key = "passed_over_band" if p.why == BAND else "passed_over_targets"
        lines.append(Block("para", sentence(words[key].format(**values))))
    return [Block("para", words["passed_over_intro"] + ":"), *lines] if lines else []
