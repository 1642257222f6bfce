"""A document is signable only when nothing in it is pending or guessed: its date comes from config or the
meeting (never the day it was run), an empty section makes it a DỰ THẢO that says why, and a figure over
part of the cluster or part of the period is said of that part by name."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT, edited_config, without_pdf
from docx import Document

import pipeline
from thidua.config import load_config
from thidua.report.narratives import joined_case
from thidua.report.prose import figure, months_phrase


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def _header_date(path: Path) -> str:
    return Document(str(path)).tables[0].cell(1, 1).text


def _run(tmp_path: Path, config: Path, *args: str, capsys=None, inputs: Path = ROOT / "inputs") -> str:  # type: ignore[no-untyped-def]
    os.environ["THIDUA_TODAY"] = "2026-12-03"  # long after the year: a date guessed from today would show
    try:
        argv = ["run", "--config", str(config), "--inputs", str(inputs), "--outputs", str(tmp_path), *args]
        assert pipeline.main(without_pdf(argv)) == 0
    finally:
        os.environ.pop("THIDUA_TODAY")
    return capsys.readouterr().out if capsys else ""


def _config(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    return edited_config(tmp_path, change)


@pytest.fixture(scope="module")
def annual(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("annual")
    _run(out, EXAMPLE_CONFIG)
    return _paragraphs(out / "nam-2023-12" / "bao-cao.docx")


def test_the_example_annual_report_is_signable(annual) -> None:
    assert "DỰ THẢO" not in annual[:3] and not any(t.startswith("(Dự thảo") for t in annual)
    assert not any("bổ sung nội dung mục này" in t for t in annual)


def test_a_comparison_on_part_of_the_year_names_its_months(tmp_path, half_last_year_inputs) -> None:
    # 2022 known for January–June only: the change is January–June's, and the sentence says so.
    _run(tmp_path, EXAMPLE_CONFIG, inputs=half_last_year_inputs)
    text = "\n".join(_paragraphs(tmp_path / "nam-2023-12" / "bao-cao.docx"))
    assert "vận động 368 hộ dân hiến đất, bằng 122,7% kế hoạch năm; tính từ tháng 1 đến tháng 6, tăng 21,9%" in text
    assert "tăng 21,9% so với cùng kỳ năm 2022" not in text.replace("tháng 6, tăng 21,9%", "")


def test_a_whole_year_is_compared_as_a_whole(annual) -> None:
    # The example's 2022 is a whole year: MTTQ 2 × round(184 × 0,82) = 302 hộ; 368 / 302 − 1 = +21,85%.
    text = "\n".join(annual)
    assert "- vận động 368 hộ dân hiến đất, bằng 122,7% kế hoạch năm, tăng 21,9% so với cùng kỳ năm 2022;" in text
    assert "tính từ tháng 1 đến tháng 6" not in text


def test_a_percentage_of_one_unit_is_said_of_that_unit(annual) -> None:
    # HND alone registered ngày công: its 97,9% is not the cluster's 39.000.
    text = "\n".join(annual)
    assert "đóng góp trên 39.000 ngày công lao động; Hội Nông dân tỉnh, đơn vị có đăng ký chỉ tiêu, đạt 97,9%" in text
    assert "39.000 ngày công lao động, bằng" not in text


def test_money_in_billions_and_no_stale_proposal(annual) -> None:
    text = "\n".join(annual)
    assert "số tiền vận động Quỹ “Vì người nghèo” đạt trên 4,7 tỷ đồng" in text and "4.700 triệu" not in text
    assert "hướng dẫn chấm điểm thi đua năm 2023" not in text  # asked in June, not in December


def test_no_date_means_a_blank_date_and_a_draft_that_says_why(tmp_path, capsys) -> None:
    def drop_annual_texts(data: dict) -> None:
        del data["report"]["texts"]["nam-2023-12"]

    out = _run(tmp_path, _config(tmp_path, drop_annual_texts), capsys=capsys)
    report = tmp_path / "nam-2023-12" / "bao-cao.docx"
    text = _paragraphs(report)
    assert _header_date(report) == "Lạng Sơn, ngày      tháng      năm      "
    assert text[0] == "DỰ THẢO"
    note = next(t for t in text if t.startswith("(Dự thảo"))
    assert note.startswith("(Dự thảo: chưa có ngày ban hành; mục “1. Ưu điểm” mới có nhận xét về việc gửi báo cáo;")
    assert "mục “3. Nguyên nhân” chưa có nội dung" in note and "mục “I. NHIỆM VỤ TRỌNG TÂM” chưa có nội dung" in note
    assert "bao-cao.docx là DỰ THẢO, cần bổ sung:" in out
    assert "chưa có ngày ban hành: ghi report.texts.nam-2023-12.issued trong config.yaml" in out
    assert "2026" not in _header_date(report)


def test_a_report_dated_before_the_meeting_it_reports_is_a_draft(tmp_path, capsys) -> None:
    def early(data: dict) -> None:
        data["report"]["texts"]["nam-2023-12"]["issued"] = "2024-01-10"

    out = _run(tmp_path, _config(tmp_path, early), capsys=capsys)
    text = _paragraphs(tmp_path / "nam-2023-12" / "bao-cao.docx")
    assert text[0] == "DỰ THẢO"
    reason = "ngày ban hành 10/01/2024 sớm hơn ngày họp bình xét mà văn bản nêu kết quả (22/01/2024)"
    assert reason in out and reason in next(t for t in text if t.startswith("(Dự thảo"))


def test_the_minutes_and_the_proposal_take_the_meeting_day_not_today(tmp_path) -> None:
    _run(tmp_path, EXAMPLE_CONFIG)
    folder = tmp_path / "nam-2023-12"
    assert _header_date(folder / "bien-ban.docx").endswith("ngày 22 tháng 01 năm 2024")
    assert "2026" not in _header_date(folder / "to-trinh.docx")


def test_a_pact_without_signing_date_is_a_draft(tmp_path, capsys) -> None:
    def unsigned(data: dict) -> None:
        del data["year_end"]["pact"]["signed"]

    out = _run(tmp_path, _config(tmp_path, unsigned), capsys=capsys)
    pact = tmp_path / "nam-2023-12" / "giao-uoc.docx"
    assert _paragraphs(pact)[0] == "DỰ THẢO" and "ngày      tháng      năm" in _header_date(pact)
    assert "chưa có ngày ký giao ước: ghi year_end.pact.signed trong config.yaml" in out


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (999, "999 triệu đồng"),
        (1000, "1 tỷ đồng"),
        (4701, "trên 4,7 tỷ đồng"),
        (4700.4, "trên 4,7 tỷ đồng"),  # a fraction cut is never written as exact
        (1990, "gần 2 tỷ đồng"),
    ],
)
def test_money_moves_to_billions_from_a_thousand_million(value, written) -> None:
    assert figure(value, "triệu đồng", load_config(EXAMPLE_CONFIG)) == written


def test_months_and_joined_sentences() -> None:
    assert months_phrase((1, 2, 3, 4, 5, 6), "month") == "từ tháng 1 đến tháng 6"
    assert months_phrase((1, 3), "month") == "tháng 1, 3"
    assert months_phrase((3, 9), "quarter") == "quý I, III"
    assert joined_case("Vận động các doanh nghiệp") == "vận động các doanh nghiệp"
    assert joined_case("Hội Nông dân tỉnh tổ chức") == "Hội Nông dân tỉnh tổ chức"
    assert joined_case("MTTQ các huyện") == "MTTQ các huyện"


def _bases(path: Path) -> list[str]:
    return [t for t in _paragraphs(path) if t.startswith("Căn cứ")]


def test_each_document_cites_the_texts_in_force_on_its_date(tmp_path) -> None:
    _run(tmp_path, EXAMPLE_CONFIG)
    pact = _bases(tmp_path / "nam-2023-12" / "giao-uoc.docx")  # signed 15/02/2023: the 2003 law still applies
    assert pact[0] == "Căn cứ Luật Thi đua, khen thưởng năm 2003, sửa đổi, bổ sung năm 2005, 2009 và 2013;"
    assert not any("06/2022" in t or "98/2023" in t for t in pact)
    proposal = _bases(tmp_path / "nam-2023-12" / "to-trinh.docx")  # 22/01/2024: the 2022 law and its decree
    assert proposal[:2] == [
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
        "một số điều của Luật Thi đua, khen thưởng;",
    ]
    assert proposal[-1].startswith("Căn cứ kết quả chấm điểm, bình xét thi đua năm 2023")  # its own basis last


def test_a_later_date_cites_the_decree_that_replaced(tmp_path) -> None:
    def late(data: dict) -> None:
        data["year_end"]["proposal"]["issued"] = "2025-08-01"

    _run(tmp_path, _config(tmp_path, late))
    proposal = _bases(tmp_path / "nam-2023-12" / "to-trinh.docx")
    assert any("152/2025/NĐ-CP" in t for t in proposal) and not any("98/2023" in t for t in proposal)


def test_minutes_that_do_not_say_who_voted_and_who_counted_are_a_draft(tmp_path, example_inputs, capsys) -> None:
    import clerk

    clerk.fill_scoring(example_inputs / "2023" / "cham-diem-2023.xlsx", {}, {"attendees": None, "counters": None}, {})
    out = _run(tmp_path, EXAMPLE_CONFIG, capsys=capsys, inputs=example_inputs)
    minutes = _paragraphs(tmp_path / "nam-2023-12" / "bien-ban.docx")
    assert minutes[0] == "DỰ THẢO"
    note = next(t for t in minutes if t.startswith("(Dự thảo"))
    assert note == "(Dự thảo: chưa ghi danh sách đại biểu dự họp; chưa ghi Ban kiểm phiếu.)"  # a secret ballot
    assert "bien-ban.docx là DỰ THẢO" in out and "Đại biểu dự họp:" not in minutes


def test_the_example_minutes_record_the_meeting(tmp_path) -> None:
    _run(tmp_path, EXAMPLE_CONFIG)
    minutes = _paragraphs(tmp_path / "nam-2023-12" / "bien-ban.docx")
    assert "DỰ THẢO" not in minutes[:3]
    assert "Hình thức biểu quyết: bỏ phiếu kín." in minutes
    ended = next(n for n, text in enumerate(minutes) if text.startswith("Cuộc họp kết thúc vào hồi 16 giờ 00 phút"))
    assert minutes[ended + 1 : ended + 4] == ["", "Phụ lục", "BIÊN BẢN KIỂM PHIẾU"]  # a secret ballot's count
    assert (
        "- Hội Liên hiệp Phụ nữ tỉnh, tiêu chí C: tự chấm 1 điểm, thống nhất 0 điểm; lý do: Sáng kiến chưa được "
        "cấp có thẩm quyền công nhận trong năm 2023." in minutes
    )
    # Every score agreed that differs from the unit's own, a computed line too (one report sent late).
    assert (
        "- Liên đoàn Lao động tỉnh, tiêu chí II.1: tự chấm 10 điểm, thống nhất 8 điểm, tính theo báo cáo của đơn vị "
        "(đến tháng 12 năm 2023 phải nộp 12 báo cáo: 11 đúng hạn, 1 nộp muộn)." in minutes
    )
    differences = minutes.index("Các điểm được thống nhất khác với điểm đơn vị tự chấm:")
    listed = [t for t in minutes[differences + 1 :] if t.startswith("- ")][:3]
    assert [t.split(",")[0] for t in listed] == [
        "- Liên đoàn Lao động tỉnh",
        "- Hội Liên hiệp Phụ nữ tỉnh",
        "- Hội Cựu chiến binh tỉnh",
    ]
    # The counting record of the secret ballot, against every member of the cluster.
    annex = minutes[ended:]
    assert "Số phiếu phát ra: 06; số phiếu thu về: 06; số phiếu hợp lệ: 06; số phiếu không hợp lệ: 0." in annex
    assert (
        "Đạt tỷ lệ phiếu đồng ý đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh (ít nhất 80% tổng số 06 thành viên, tức "
        "từ 05 phiếu trở lên): Tỉnh đoàn." in annex
    )
    votes = [
        [c.text for c in row.cells] for row in Document(str(tmp_path / "nam-2023-12" / "bien-ban.docx")).tables[3].rows
    ]
    assert votes[3][1:] == [
        "Hội Cựu chiến binh tỉnh Lạng Sơn",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "04",
        "66,7%",
        "không đạt",
    ]


def test_a_proposal_out_of_rank_order_says_why(tmp_path) -> None:
    """Tỉnh đoàn ranks first but missed one registered target by a single suất quà (scored pro rata, it keeps
    96 points); the office lowered the Ủy ban MTTQ tỉnh's line I.2 to 8, so it is second with 94. The Cờ needs
    every target met: it goes to the second, and the minutes and the tờ trình say why the first was passed
    over."""
    import clerk

    def missed(data: dict) -> None:
        data["targets"] = {"TD": {"GN_QUA": 33293}}  # 33.292 sent
        data["year_end"]["scoring"]["rule"] = "proportional"

    inputs, out = tmp_path / "inputs", tmp_path / "out"
    shutil.copytree(ROOT / "inputs", inputs, ignore=shutil.ignore_patterns("cham-diem-*.xlsx"))  # before the vote
    config = _config(tmp_path, missed)
    _run(out, config, inputs=inputs)
    book = inputs / "2023" / "cham-diem-2023.xlsx"
    book.write_bytes((out / "nam-2023-12" / "cham-diem.xlsx").read_bytes())
    clerk.fill_scoring(book, {("MTTQ", "I.2"): (8, "Chưa tổ chức sơ kết chuyên đề")}, {}, {})
    _run(out, config, inputs=inputs)
    why = (
        "- Tỉnh đoàn (xếp thứ Nhất) không được đề nghị Cờ thi đua của Ủy ban nhân dân tỉnh vì chưa đạt hết các chỉ "
        "tiêu đã đăng ký, điều kiện của hình thức này; Cờ thi đua của Ủy ban nhân dân tỉnh được đề nghị cho Ủy ban "
        "MTTQ tỉnh (xếp thứ Nhì)."
    )
    for name in ("bien-ban.docx", "to-trinh.docx"):
        assert why in _paragraphs(out / "nam-2023-12" / name), name


def test_a_basis_out_of_force_on_the_documents_date_keeps_it_a_draft(tmp_path) -> None:
    """The tờ trình, dated 20/01/2026, cites a guidance under Nghị định 98/2023, which Nghị định 152/2025
    replaced on 01/07/2025: it is a draft that says which basis, and the law's line it cites is the new one."""

    def later(data: dict) -> None:
        proposal = data["year_end"]["proposal"]
        proposal["issued"] = date(2026, 1, 20)
        proposal["bases"] = ["Căn cứ Hướng dẫn thi hành Nghị định số 98/2023/NĐ-CP của Ban Thi đua - Khen thưởng;"]

    _run(tmp_path, _config(tmp_path, later))
    text = "\n".join(_paragraphs(tmp_path / "nam-2023-12" / "to-trinh.docx"))
    assert text.startswith("DỰ THẢO")
    assert "căn cứ “Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023" in text and "vào ngày 20/01/2026" in text
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP" in text and "Căn cứ Nghị định số 98/2023/NĐ-CP ngày" not in text
