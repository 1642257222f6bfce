"""Scores → cham-diem.xlsx: the totals and ranking, every unit's lines with self score and cluster score side
by side and the chair's adjustment and reason columns, and the meeting sheet with each proposal's vote.
The chair fills the yellow cells and puts the file back in inputs/; the next run reads them. What the
chair typed before is written back in, so a re-run never loses it; the final column and the vote's share
are formulas (with their values) so that Excel updates them as the chair types."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from xlsxwriter.workbook import Workbook

from thidua import layout
from thidua.atomic import atomic_path
from thidua.config import Config
from thidua.numbers import fmt_number
from thidua.scoring.lines import Line
from thidua.scoring.year import Scores
from thidua.words.basis import basis_text
from thidua.workbooks.cells import print_setup
from thidua.workbooks.template import Styles, protect
from thidua.workbooks.year_book import header_row, heading, identity, new_book

SUMMARY_HEADERS = ["STT", "Đơn vị", "Tự chấm", "Điểm chuẩn", "Điểm cộng", "Điểm trừ", "Điểm thống nhất"]
SUMMARY_HEADERS += ["Xếp loại", "Xếp hạng", "Đề nghị khen thưởng", "Ghi chú"]


def _num(value: object) -> float | None:
    return float(value) if value is not None else None  # type: ignore[arg-type]


def _put(ws, row: int, col: int, value: object, fmt) -> None:
    number = _num(value)
    ws.write_number(row, col, number, fmt) if number is not None else ws.write_blank(row, col, None, fmt)


def _summary(wb: Workbook, styles: Styles, cfg: Config, scores: Scores) -> None:
    ws = wb.add_worksheet(layout.SHEET_SCORE_SUMMARY)
    state = "" if scores.final else " (DỰ THẢO: chưa đủ điểm hoặc chưa bỏ phiếu)"
    notes = [cfg.cluster.name, f"Số liệu đến {scores.data_note}; thang điểm chuẩn {fmt_number(scores.standard)} điểm"]
    if scores.voted_on:
        notes.append(f"Kết quả đã biểu quyết tại cuộc họp bình xét ngày {scores.voted_on:%d/%m/%Y}, giữ nguyên.")
    if scores.reopened:
        notes.append(
            f"Văn phòng mở lại việc chấm điểm ngày {scores.reopened.on:%d/%m/%Y}: điểm tính lại, cần bình xét lại."
        )
    row = heading(ws, styles, f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM {scores.year}{state}", notes)
    header_row(ws, styles, row, SUMMARY_HEADERS, [5, 30, 10, 10, 9, 9, 12, 14, 10, 34, 34])
    proposed = {
        c.unit: c.award.name + (" (không đạt tỷ lệ phiếu)" if c.passed is False else "") for c in scores.candidates
    }
    order = scores.ranked + [u for u in scores.units if u.rank is None]
    for n, u in enumerate(order, 1):
        r = row + n
        ws.write_number(r, 0, n, styles.center)
        ws.write_string(r, 1, cfg.unit(u.unit).short_name, styles.label)
        for col, value in enumerate((u.self_total, u.base, u.bonus, u.deduction, u.total), 2):
            _put(ws, r, col, value, styles.center)
        ws.write_string(r, 7, u.band, styles.center)
        ws.write_string(r, 8, str(u.rank) if u.rank else "", styles.center)
        ws.write_string(r, 9, proposed.get(u.unit, ""), styles.label)
        tied = ", ".join(cfg.unit(t).short_name for t in u.tied)
        note = f"Đồng hạng với {tied}" if tied else ("Chưa đủ điểm để xếp hạng" if u.total is None else "")
        ws.write_string(r, 10, note, styles.label)
        ws.set_row(r, 30)
    print_setup(ws, row)  # A4 landscape, one page wide, the header row on every page
    protect(ws)


def _basis(line: Line, words: dict[str, str]) -> str:
    """The line's basis, and why a typed adjustment is not counted (beside the cell the chair typed)."""
    said = basis_text(line.basis, words)
    if line.unreasoned is None or line.adjusted is not None:
        return said
    return (said + layout.UNREASONED_NOTE.format(score=fmt_number(float(line.unreasoned)))).strip()


def _lines(wb: Workbook, styles: Styles, cfg: Config, scores: Scores) -> None:
    ws = wb.add_worksheet(layout.SHEET_SCORING)
    word = cfg.cluster.word
    guide = f"Ô nền vàng: Văn phòng ghi điểm điều chỉnh (thay cho điểm {word} chấm) và bắt buộc ghi lý do."
    words = cfg.wording()
    row = heading(ws, styles, f"CHẤM ĐIỂM THI ĐUA NĂM {scores.year} THEO TỪNG TIÊU CHÍ", [cfg.cluster.name, guide])
    head = row
    headers = [layout.grouped(h, word) for h in layout.SCORING_HEADERS]
    header_row(ws, styles, head, headers, [9, 22, 8, 34, 7, 44, 8, 20, 8, 10, 26, 10])
    for u in scores.units:
        row += 1
        ws.merge_range(row, 0, row, 11, f"{cfg.unit(u.unit).name}", styles.group)
        for line in u.lines:
            row += 1
            c = line.criterion
            for col, text in enumerate((u.unit, cfg.unit(u.unit).short_name, c.code, c.label), 0):
                ws.write_string(row, col, text, styles.code if col in (0, 2) else styles.label)
            ws.write_number(row, 4, float(c.max or 0), styles.center)
            ws.write_string(row, 5, _basis(line, words), styles.label)
            _put(ws, row, 6, line.self_score, styles.center)
            ws.write_string(row, 7, line.evidence, styles.label)
            _put(ws, row, 8, line.proposed, styles.center)
            typed = line.adjusted if line.adjusted is not None else line.unreasoned  # as the chair typed it
            _put(ws, row, 9, typed, styles.input_decimal)
            ws.write_string(row, 10, line.reason, styles.input_text)
            adjusted, reason = layout.a1(row, 9), layout.a1(row, 10)  # an adjustment counts with its reason only
            final = f'=IF(OR({adjusted}="",{reason}=""),{layout.a1(row, 8)},{adjusted})'
            ws.write_formula(row, 11, final, styles.center, _num(line.final) if line.final is not None else "")
            ws.set_row(row, max(30, 15 * (1 + len(_basis(line, words)) // 70)))
    ws.freeze_panes(head + 1, 4)
    ws.autofilter(head, 0, row, 11)
    print_setup(ws, head)
    protect(ws)


def _meeting(ws, styles: Styles, scores: Scores, row: int, word: str) -> tuple[int, str]:
    """The meeting's facts, pre-filled with what the chair typed before; returns (next row, members cell)."""
    label_end, value_col = layout.MEETING_VALUE_COL - 1, layout.MEETING_VALUE_COL
    members_cell = ""
    for key, label in layout.MEETING_FIELDS.items():
        ws.merge_range(row, 0, row, label_end, layout.grouped(label, word), styles.label)
        value = scores.facts.get(key)
        if key == "members" and value is None:
            value = scores.members or len(scores.units)
        if isinstance(value, datetime):
            value = f"{value:%d/%m/%Y %H:%M}"
        if isinstance(value, int):
            ws.merge_range(row, value_col, row, value_col + 2, value, styles.input)
        else:
            ws.merge_range(row, value_col, row, value_col + 2, str(value or ""), styles.input_text)
        members_cell = f"${layout.col_letter(value_col)}${row + 1}" if key == "members" else members_cell
        ws.set_row(row, 22)
        row += 1
    return row, members_cell


def _votes(wb: Workbook, styles: Styles, cfg: Config, scores: Scores) -> None:
    ws = wb.add_worksheet(layout.SHEET_VOTES)
    guide = "Ô nền vàng: Văn phòng ghi thông tin cuộc họp và số phiếu đồng ý (gồm cả ý kiến bằng văn bản)."
    row = heading(ws, styles, f"BÌNH XÉT, ĐỀ NGHỊ KHEN THƯỞNG NĂM {scores.year}", [cfg.cluster.name, guide])
    row, members = _meeting(ws, styles, scores, row, cfg.cluster.word)
    head = row + 1
    header_row(ws, styles, head, layout.VOTE_HEADERS, [6, 10, 26, 10, 34, 9, 14, 12, 14, 12])
    for n, cand in enumerate(scores.candidates, 1):
        r = head + n
        ws.write_number(r, 0, n, styles.center)
        ws.write_string(r, 1, cand.unit, styles.code)
        ws.write_string(r, 2, cfg.unit(cand.unit).short_name, styles.label)
        ws.write_string(r, 3, cand.award.code, styles.code)
        ws.write_string(r, 4, cand.award.name, styles.label)
        ws.write_number(r, 5, float(cand.total), styles.center)
        ws.write_string(r, 6, str(cand.rank) + (" (đồng điểm)" if cand.tie else ""), styles.center)
        _put(ws, r, 7, cand.agree, styles.input)
        agree, share = layout.a1(r, 7), float(cand.award.vote_share)
        ratio = cand.agree / scores.members if cand.agree is not None and scores.members else ""
        empty = f'OR({agree}="",{members}=0)'
        ws.write_formula(r, 8, f'=IF({empty},"",{agree}/{members})', styles.percent, ratio)
        verdict = "" if cand.passed is None else "Đạt" if cand.passed else "Không đạt"
        ws.write_formula(
            r, 9, f'=IF({empty},"",IF({agree}>={share}*{members},"Đạt","Không đạt"))', styles.center, verdict
        )
        ws.set_row(r, 30)
    if not scores.candidates:
        ws.write_string(head + 1, 1, "Chưa có đơn vị nào đủ điều kiện đề nghị khen thưởng.", styles.info)
    print_setup(ws, head)
    protect(ws)


def write_scoring_book(cfg: Config, scores: Scores, target: Path) -> None:
    """Write cham-diem.xlsx atomically."""
    with atomic_path(target) as tmp:
        wb, styles = new_book(tmp)
        _summary(wb, styles, cfg, scores)
        _lines(wb, styles, cfg, scores)
        _votes(wb, styles, cfg, scores)
        identity(wb, layout.SCORING_ID, cfg, "", scores.year, cfg.scoring_hash, {"through": scores.through.key})
        wb.set_properties({"title": f"Chấm điểm thi đua năm {scores.year}", "author": cfg.cluster.name})
        wb.close()
