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
from conftest import without_pdf
from docx import Document
from openpyxl import load_workbook

import pipeline

TODAY = date(2024, 1, 25)


def thidua(*args: str) -> int:
    os.environ["THIDUA_TODAY"] = TODAY.isoformat()
    try:
        return pipeline.main(without_pdf(args))
    finally:
        os.environ.pop("THIDUA_TODAY")


def province_copy(example: Path, target: Path, database: str = "") -> Path:
    """A private copy of the example province, on the given database ("" for its SQLite file). province.yaml
    is edited as an office types it (a line added under `portal:`), never rewritten by a YAML dumper."""
    shutil.copytree(example, target)
    if database:
        config = target / "province.yaml"
        typed = config.read_text(encoding="utf-8")
        assert "\nportal:\n" in typed
        config.write_text(typed.replace("\nportal:\n", f"\nportal:\n  database: {database}\n", 1), encoding="utf-8")
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
    assert [r[0] for r in rows[1:]] == ["1", "2"]  # every row numbered: a cluster without one is said below
    text = text_of(board_outputs / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")
    assert (
        "Cụm, Khối chưa có tập thể trong danh sách:\n"
        "- Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh: Văn phòng chưa chấm điểm thi đua năm." in text
    )  # its office has not scored (half a year of returns): the board does not score it either


def test_the_council_list_is_a_draft_and_says_why(board_outputs: Path) -> None:
    text = text_of(board_outputs / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")
    assert "DỰ THẢO" in text
    assert "chưa có ngày ban hành" in text
    assert "chưa nhận hồ sơ đề nghị của Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn" in text
    assert "Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh: Văn phòng chưa chấm điểm thi đua năm" in text
    assert (
        "Sở Nội vụ tỉnh Lạng Sơn tổng hợp danh sách các tập thể được đề nghị tặng Cờ thi đua của Ủy ban nhân dân "
        "tỉnh, trình Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn xem xét. Đến nay, 02/03 Cụm, Khối đã bình xét "
        "xong, đề nghị 02 tập thể." in text
    )
    assert "((" not in text and "))" not in text  # no parentheses inside parentheses


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
    assert "Đến nay, 01/03 Cụm, Khối đã bình xét xong, đề nghị 01 tập thể." in text
    assert (
        "Danh sách có thêm 01 tập thể dự kiến của các Cụm, Khối chưa bình xét, để Hội đồng theo dõi; các tập thể "
        "này chưa phải là đề nghị." in text
    )
    assert (
        "Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn: điểm chấm đến tháng 12 năm 2023, "
        "chưa bình xét" in text
    )
    assert "Cụm, Khối chưa bình xét: theo bảng chấm điểm mới nhất của Văn phòng Cụm, Khối. Sở không chấm lại." in text
    row = next(r for r in table_rows(listed) if r[1].startswith("Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường"))
    assert row[6] == "điểm chấm đến tháng 12 năm 2023, chưa bình xét"


def test_the_board_takes_a_clusters_own_november_scoring_never_december_data(
    example_province: Path, tmp_path: Path
) -> None:
    """The khối's office scored on November's data (its cham-diem.xlsx in outputs/, not yet voted), and the
    returns of December have arrived since: the board lists the khối's own November scores, named as such,
    never a scoring of its own on December's data."""
    import province_example

    from thidua.config.province import cluster_config, load_province
    from thidua.intake.folder import check_folder
    from thidua.periods import Period
    from thidua.scoring.year import score_year

    folder = province_copy(example_province, tmp_path / "tinh")
    cfg = cluster_config(folder, load_province(folder), "khoi-kinh-te")
    inputs, work = folder / "khoi-kinh-te" / "inputs", folder / "khoi-kinh-te" / "outputs" / "lam-viec"
    province_example.fill_returns(cfg, inputs, list(range(7, 13)))
    province_example.fill_year(folder, "khoi-kinh-te", cfg, votes=False)  # scores December, into inputs/
    (inputs / "2023" / "cham-diem-2023.xlsx").unlink()  # the office keeps it until the meeting
    cluster = ["--province", str(folder), "--cluster", "khoi-kinh-te", "--outputs", str(work)]
    assert thidua("score", *cluster, "--period", "2023-11") in (0, 1)  # … and scores again on November
    book = load_workbook(work / "cham-diem-2023" / "cham-diem.xlsx", data_only=True)
    office = {r[1]: r for r in book["Tổng hợp điểm"].iter_rows(values_only=True) if isinstance(r[0], int)}
    december = score_year(check_folder(inputs, cfg, TODAY), cfg, Period(2023, 12))
    by_name = {cfg.unit(u.unit).short_name: u for u in december.units}
    assert any(float(by_name[name].total or 0) != row[6] for name, row in office.items())  # the months differ

    assert thidua("board", "--province", str(folder)) == 0
    listed = folder / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx"
    rows = [r for r in table_rows(listed)[1:] if r[1] == "Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh"]
    assert rows, "the khối's candidates are listed"
    for row in rows:
        unit = next(u for u in cfg.units if u.name == row[2])
        assert row[4] == str(office[unit.short_name][6]).replace(".", ",")  # the office's own total
        assert row[6] == "điểm chấm đến tháng 11 năm 2023, chưa bình xét"


def test_a_fresh_province_says_plainly_that_no_cluster_has_voted(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    assert thidua("init", "--province", str(folder)) == 0
    assert thidua("board", "--province", str(folder)) == 0
    text = text_of(folder / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")
    assert "Đến nay, chưa Cụm, Khối nào trong số 03 Cụm, Khối bình xét xong." in text
    assert "Chưa có tập thể nào được đề nghị." in text and " 0 tập thể" not in text and "00 tập thể" not in text
    listed = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(listed) == 3 and all(line.rstrip(".;").endswith(": chưa nhận báo cáo nào của năm") for line in listed)
    assert "dữ liệu mẫu" not in text  # nobody signs as sample data
    assert not [t for t in Document(str(folder / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")).tables
                if t.rows[0].cells[0].text == "STT"]  # fmt: skip


def test_a_cluster_whose_meeting_found_no_candidate_keeps_nothing_a_draft(
    example_province: Path, tmp_path: Path
) -> None:
    """The commune cluster scored and met, and nobody reached the band an award needs: it has nothing to
    send, and the list does not wait for it."""
    folder = province_copy(example_province, tmp_path / "tinh")
    config = folder / "province.yaml"
    typed = config.read_text(encoding="utf-8")
    typed = typed.replace("{label: Xuất sắc, min: 90}", "{label: Xuất sắc, min: 99}")
    config.write_text(typed.replace("{label: Tốt, min: 80}", "{label: Tốt, min: 98}"), encoding="utf-8")
    assert thidua("board", "--province", str(folder)) == 0
    text = text_of(folder / "outputs" / "tinh-2023" / "danh-sach-de-nghi.docx")
    note = next(line for line in text.splitlines() if line.startswith("(Dự thảo:"))
    assert "phường, xã" not in note  # not waiting for the commune cluster
    assert (
        "- Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn: điểm chấm đến tháng 12 năm 2023, "
        "không có tập thể đủ điều kiện đề nghị" in text
    )
