"""Province mode with real files: `thidua init --province`, three very different clusters filled as their
clerks and offices would (scripts/province_example.py: the MTTQ cluster's example year, a commune cluster
that has voted, a khối with half a year), the board's workbook and the council's list read back, and the
province's portal from the office's dossier to the board's decision, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from openpyxl import load_workbook

import pipeline

TODAY = date(2024, 1, 25)


def thidua(*args: str) -> int:
    os.environ["THIDUA_TODAY"] = TODAY.isoformat()
    try:
        return pipeline.main(list(args))
    finally:
        os.environ.pop("THIDUA_TODAY")


def province_copy(example: Path, target: Path, database: str = "") -> Path:
    """A private copy of the example province, on the given database ("" for its SQLite file)."""
    shutil.copytree(example, target)
    config = target / "province.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["portal"]["database"] = database
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def table_rows(path: Path) -> list[list[str]]:
    """The rows of the document's list (the table whose header starts with STT)."""
    table = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "STT")
    return [[cell.text for cell in row.cells] for row in table.rows]


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


@pytest.fixture(scope="module")
def board_outputs(example_province: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = province_copy(example_province, tmp_path_factory.mktemp("board") / "tinh")
    assert thidua("board", "--province", str(folder)) == 0
    return folder


def _voted_annex(folder: Path, code: str) -> list[list[str]]:
    """The cluster's own tờ trình, as its office builds it after the vote: the annex lists who it proposes."""
    out = folder / code / "outputs"
    assert thidua("run", "--province", str(folder), "--cluster", code, "--period", "2023-12", "--kind", "nam") in (0, 1)
    return [r for r in table_rows(out / "nam-2023-12" / "to-trinh.docx")[1:] if r[0].isdigit()]


def test_the_council_list_states_each_clusters_own_vote(board_outputs: Path) -> None:
    rows = table_rows(board_outputs / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")
    assert rows[0][:4] == ["STT", "Cụm, Khối thi đua", "Tập thể được đề nghị", "Hình thức"]
    by_cluster = {r[1]: r for r in rows[1:]}
    mttq = by_cluster["Cụm thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh"]
    assert mttq[2:] == [
        "Tỉnh đoàn Lạng Sơn",
        "Cờ thi đua của Ủy ban nhân dân tỉnh",
        mttq[4],
        "1",
        "06/06 (100%), đạt",
        "chưa gửi",
    ]
    communes = by_cluster["Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn"]
    own = [r for r in _voted_annex(board_outputs, "cum-xa-phuong") if r[2] == "Cờ thi đua của Ủy ban nhân dân tỉnh"]
    assert len(own) == 1 and communes[2] == own[0][1] and communes[4] == own[0][3] and communes[5] == own[0][5]
    assert communes[6] == "06/06 (100%), đạt"
    khoi = by_cluster["Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh"]
    assert khoi[2] == "chưa chấm xong điểm (còn đơn vị chưa đủ điểm)" and khoi[0] == ""


def test_the_council_list_is_a_draft_and_says_why(board_outputs: Path) -> None:
    text = text_of(board_outputs / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")
    assert "DỰ THẢO" in text
    assert "chưa có ngày ban hành" in text
    assert "chưa nhận hồ sơ đề nghị của Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn" in text
    assert "Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh chưa chấm xong điểm" in text
    assert "Sở Nội vụ tỉnh Lạng Sơn tổng hợp danh sách 02 tập thể do các Cụm, Khối đề nghị sau bình xét, trình" in text
    assert "(02/03 Cụm, Khối đã bình xét xong)" in text


def test_the_board_workbook_shows_each_month_and_the_gaps(board_outputs: Path) -> None:
    book = load_workbook(board_outputs / "outputs" / "tinh-2023" / "tong-hop-tinh.xlsx")
    rows = {r[1]: r for r in book["Tiến độ các Cụm, Khối"].iter_rows(min_row=4, values_only=True)}
    khoi = rows["Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh"]
    assert khoi[0] == "Khối" and khoi[2] == 5
    assert khoi[3:9] == ("5/5",) * 6  # January–June sent on time
    assert khoi[9:15] == ("0/5 · 5 chưa nộp",) * 6  # nothing after June, every deadline passed
    communes = rows["Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn"]
    assert communes[3:15] == ("6/6",) * 12 and communes[-1] == "chưa gửi"
    proposals = list(book["Đề nghị khen thưởng"].iter_rows(min_row=4, values_only=True))
    assert {r[2] for r in proposals if r[2]} == {"Cờ thi đua của Ủy ban nhân dân tỉnh"}


def test_a_cluster_command_takes_the_shared_keys_and_its_own(example_province: Path) -> None:
    from thidua.config.province import cluster_config, load_province

    province = load_province(example_province)
    khoi = cluster_config(example_province, province, "khoi-kinh-te")
    mttq = cluster_config(example_province, province, "cum-mttq")
    assert khoi.year_end and khoi.year_end.scoring and mttq.year_end and mttq.year_end.scoring
    shared = {leaf.code for leaf in khoi.year_end.scoring.leaves()}
    assert shared == {"I.1", "I.2", "II.1", "II.2"}  # the province's table
    assert khoi.year_end.proposal and khoi.year_end.proposal.symbol == "TTr-KTĐ"  # its own part of year_end
    assert "I.3" in {leaf.code for leaf in mttq.year_end.scoring.leaves()}  # a cluster that sets its own keeps it
    assert khoi.portal == province.portal  # one portal for the province


def test_a_cluster_not_yet_voted_is_listed_apart_never_counted_as_proposing(
    example_province: Path, tmp_path: Path
) -> None:
    """The commune cluster's office has scored but its meeting has not voted: its candidate is shown, as a
    candidate, and the list says so; the count of collectives proposed is the voted clusters' alone."""
    folder = province_copy(example_province, tmp_path / "tinh")
    communes = folder / "cum-xa-phuong"
    unvoted = communes / "outputs" / "lam-viec" / "cham-diem-2023" / "cham-diem.xlsx"
    (communes / "inputs" / "2023" / "cham-diem-2023.xlsx").write_bytes(unvoted.read_bytes())
    assert thidua("board", "--province", str(folder)) == 0
    listed = folder / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx"
    text = text_of(listed)
    assert (
        "danh sách 01 tập thể do các Cụm, Khối đề nghị sau bình xét, cùng 01 tập thể dự kiến của các Cụm, Khối "
        "chưa bỏ phiếu, trình" in text
    )
    assert "Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn chưa bỏ phiếu bình xét" in text
    row = next(r for r in table_rows(listed) if r[1].startswith("Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường"))
    assert row[6] == "chưa bỏ phiếu"
