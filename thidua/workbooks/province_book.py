"""The province's workbook for the board (tong-hop-tinh.xlsx): each cluster's progress month by month,
and every cluster's proposals with its vote and dossier, from the clusters' own data."""

from __future__ import annotations

from pathlib import Path

from thidua.atomic import atomic_path
from thidua.numbers import fmt_number
from thidua.province.board import ClusterFacts
from thidua.province.words import progress_text, stage_text, vote_text
from thidua.workbooks.cells import Formats, table_sheet

SHEET_PROGRESS, SHEET_PROPOSALS = "Tiến độ các Cụm, Khối", "Đề nghị khen thưởng"


def _progress_rows(facts: list[ClusterFacts], months: list[int]) -> list[list[object]]:
    rows: list[list[object]] = []
    for f in facts:
        cells = [progress_text(f.periods.get(m)) for m in months]
        built = ", ".join(f"T{m}" for m in months if any(k.endswith(f"-{m:02d}") for k in f.reports)) or "chưa"
        rows.append([f.kind, f.name, f.units, *cells, f.errors, built, f.dossier.label])
    return rows


def _proposal_rows(facts: list[ClusterFacts]) -> list[list[object]]:
    rows: list[list[object]] = []
    for f in facts:
        stage = stage_text(f.proposals)
        if not f.proposals.proposals:
            rows.append([f.name, "", "", "", "", "", stage, f.dossier.label])
        for p in f.proposals.proposals:
            rank = f"{p.rank}" + (" (đồng hạng)" if p.tie else "")
            rows.append([f.name, p.unit_name, p.award_name, fmt_number(float(p.total)), rank, vote_text(p), stage])
            rows[-1].append(f.dossier.label)
    return rows


def write_province_book(facts: list[ClusterFacts], months: list[int], year: int, target: Path) -> None:
    import xlsxwriter

    with atomic_path(target) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        formats = Formats(wb)
        headers = ["Loại", "Cụm, Khối thi đua", "Số đơn vị", *(f"Tháng {m}" for m in months)]
        headers += ["Số lỗi", "Báo cáo đã lập", "Hồ sơ đề nghị"]
        widths = [7, 38, 9, *(13 for _ in months), 8, 14, 18]
        title = f"TIẾN ĐỘ BÁO CÁO CỦA CÁC CỤM, KHỐI THI ĐUA NĂM {year} (số báo cáo đã nhận/số phải nộp)"
        table_sheet(wb, formats, SHEET_PROGRESS, title, headers, _progress_rows(facts, months), widths)
        headers = ["Cụm, Khối thi đua", "Tập thể được đề nghị", "Hình thức", "Điểm", "Xếp hạng trong Cụm"]
        headers += ["Kết quả bỏ phiếu", "Bình xét", "Hồ sơ đề nghị"]
        title = f"ĐỀ NGHỊ KHEN THƯỞNG CỦA CÁC CỤM, KHỐI THI ĐUA NĂM {year}"
        widths = [38, 40, 34, 9, 12, 20, 22, 18]
        table_sheet(wb, formats, SHEET_PROPOSALS, title, headers, _proposal_rows(facts), widths)
        wb.close()
