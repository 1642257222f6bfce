"""End to end on the bundled example inputs: check, merge, summary workbook; figures traced to input cells."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT, TODAY, check_folder
from openpyxl import load_workbook

import pipeline
from thidua.findings import has_errors
from thidua.numbers import parse_number
from thidua.periods import parse_period, window
from thidua.totals.merge import merge

ARTICLE = {  # (unit, indicator) → six-month figure behind each fact the article cites
    ("MTTQ", "NTM_HO_HIEN_DAT"): 184,
    ("MTTQ", "NTM_DAT_HIEN"): 7843,
    ("HND", "NTM_DAT_HIEN"): 11260,
    ("HND", "NTM_NGAY_CONG"): 15870,
    ("MTTQ", "GN_NHA_XAY"): 80,
    ("MTTQ", "GN_NHA_SUA"): 11,
    ("MTTQ", "GN_QUA"): 4486,
    ("LDLD", "GN_MAI_AM"): 20,
    ("TD", "GN_KHAM_BENH"): 1326,
    ("TD", "GN_QUA"): 16240,
    ("TD", "GN_GA_GIONG"): 10000,
    ("PN", "NTM_MO_HINH"): 1,
    ("PN", "NTM_CLB"): 1,
}


def _digest(folder) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def checked(cfg):
    return check_folder(ROOT / "inputs", cfg)


@pytest.fixture(scope="module")
def totals(checked, cfg):
    return merge(checked, cfg, window(parse_period("2023-06"), "6thang"), "6thang")


def test_examples_check_clean(checked) -> None:
    assert not has_errors(checked.findings)
    codes = {f.code for f in checked.findings}
    expected = {"CELL_TEXT_NUMBER", "FILE_SUPERSEDED", "SUBMISSION_LATE"}
    assert codes == expected | {"SCORE_NO_EVIDENCE", "SCORE_COMPUTED_CHANGED"}  # two self-scores, on purpose
    assert checked.through.key == "2023-12"


def test_article_figures(totals) -> None:
    by_unit = {(r.unit, r.code): r.value for r in totals.by_unit.itertuples()}
    for key, value in ARTICLE.items():
        assert by_unit[key] == value, key


def test_totals_trace_to_input_cells(checked, totals) -> None:
    """Recompute random cluster totals from the input files' cells with openpyxl."""
    random.seed(7)
    keys = {p.key for p in totals.periods}
    figures = checked.figures[checked.figures["period"].isin(keys)]
    books: dict[str, object] = {}
    for code in random.sample(sorted(totals.cluster["code"]), 6):
        rows = figures[figures["code"] == code]
        total = 0.0
        for r in rows.itertuples():
            wb = books.setdefault(r.file, load_workbook(ROOT / "inputs" / r.file, read_only=True))
            raw = wb[r.sheet][r.cell].value
            total += parse_number(raw, integer=False).value if isinstance(raw, str) else raw
        rule = totals.cluster.loc[totals.cluster["code"] == code, "rollup"].iloc[0]
        if rule == "sum":
            assert totals.cluster.loc[totals.cluster["code"] == code, "value"].iloc[0] == pytest.approx(total)
    for wb in books.values():
        wb.close()  # type: ignore[attr-defined]


def test_run_writes_everything_and_leaves_inputs_alone(example_inputs, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    before = _digest(example_inputs)
    out = tmp_path / "out"
    assert pipeline.main(["run", "--inputs", str(example_inputs), "--outputs", str(out), "--no-pdf"]) == 0
    assert _digest(example_inputs) == before
    said = " ".join(capsys.readouterr().out.split())
    for name in ("tong-hop.xlsx", "bao-cao.docx", "cham-diem.xlsx", "bien-ban.docx", "to-trinh.docx", "giao-uoc.docx"):
        assert (out / "nam-2023-12" / name).is_file(), name
        assert name in said, name  # the clerk is told of every file written
    assert (out / "phan-hoi" / "2023-04" / "TD.xlsx").is_file()
    assert not list(out.rglob(".~tmp-*"))


def test_summary_workbook(example_run, totals) -> None:
    wb = load_workbook(example_run / "6thang-2023-06" / "tong-hop.xlsx")
    names = ["Tổng hợp", "Theo đơn vị", "Tiến độ giao ước", "Tiến độ nộp", "Khen thưởng", "Thuyết minh", "Kiểm tra"]
    assert wb.sheetnames[:7] == names
    ws = wb["Tổng hợp"]
    header = [c.value for c in ws[4]]
    assert header[:4] == ["STT", "Chỉ tiêu", "ĐVT", "Kỳ này"]
    assert ws.freeze_panes == "C5" and ws.auto_filter.ref
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$4:$4"
    shown = {r[1].value: r[3].value for r in ws.iter_rows(min_row=5) if r[2].value}
    for row in totals.cluster.itertuples():
        assert shown[row.label] == pytest.approx(row.value)
    pct = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "Số hộ dân hiến đất")[7]
    assert pct.number_format == "0.0%" and pct.value == 0.613  # 184/300 stored as displayed: 61,3%
    sheet = wb["Tiến độ nộp"]
    status = {c.value for row in sheet.iter_rows(min_row=4, max_row=9) for c in row[1:]}
    assert status == {"đúng hạn", "nộp muộn"}
    legend = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=12) if r[0].value}
    assert {"đúng hạn", "nộp muộn", "chưa nộp", "chưa đến hạn", "chưa rõ ngày nộp", "chưa là thành viên"} <= set(legend)
    assert wb["Khen thưởng"].max_row > 3 and wb["Biểu đồ"]._charts


def test_formula_text_never_becomes_live(cfg, tmp_path) -> None:
    import clerk

    from thidua.periods import Period
    from thidua.workbooks.template import write_template

    path = tmp_path / "in" / "a.xlsx"
    write_template(cfg, cfg.unit("PN"), Period(2023, 5), path)
    clerk.fill(path, {"NTM_MO_HINH": 0, "NTM_CLB": 0, "GN_QUA": 5, "GN_HO_GIUP": 1})
    wb = load_workbook(path)  # a text-formatted cell: Excel keeps a leading "=" as plain text
    cell = wb["Thuyết minh"]["C8"]
    cell.value, cell.data_type = '=HYPERLINK("http://x") nguy hiểm', "s"
    wb.save(path)
    pipeline.main(
        [
            "run",
            "--config",
            str(EXAMPLE_CONFIG),
            "--inputs",
            str(tmp_path / "in"),
            "--outputs",
            str(tmp_path / "out"),
            "--kind",
            "thang",
        ]
    )
    wb = load_workbook(tmp_path / "out" / "thang-2023-05" / "tong-hop.xlsx")
    texts = [c for row in wb["Thuyết minh"].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert texts and all(c.data_type == "s" for c in texts)


def test_control_characters_do_not_crash_writers(tmp_path) -> None:
    import xlsxwriter

    from thidua.workbooks.cells import write_cell

    wb = xlsxwriter.Workbook(str(tmp_path / "x.xlsx"))
    write_cell(wb.add_worksheet(), 0, 0, "a\x07b\x00c", None)
    wb.close()
    assert load_workbook(tmp_path / "x.xlsx").active["A1"].value == "abc"


def test_check_json_and_exit_codes(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    assert pipeline.main(["check", "--json", "--outputs", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"code", "severity", "unit", "file", "sheet", "cell", "message"} <= set(data["findings"][0])
    bad = ROOT / "tests" / "data" / "bad" / "CELL_NEGATIVE"
    assert pipeline.main(["check", "--inputs", str(bad), "--outputs", str(tmp_path)]) == 1
    assert (tmp_path / "phan-hoi" / "2023-05" / "MTTQ.xlsx").is_file()


@pytest.mark.parametrize("command", ["run", "score"])
def test_json_is_the_whole_stdout_of_run_and_score(command, tmp_path, capsys, monkeypatch) -> None:
    """--json gives a tool one JSON document on stdout (findings, each file written with what keeps it a
    draft); the messages for people go to stderr. Commands that have nothing to report refuse it."""
    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    assert pipeline.main([command, "--json", "--outputs", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert {f["code"] for f in data["findings"]} >= {"SUBMISSION_LATE"}
    minutes = next(name for name in data["written"] if name.endswith("bien-ban.docx"))
    assert data["written"][minutes] == [] and Path(minutes).is_file()  # the example's minutes are signable
    with pytest.raises(SystemExit):
        pipeline.main(["templates", "--json", "--outputs", str(tmp_path)])


def test_feedback_copy_marks_the_cell(tmp_path) -> None:
    bad = ROOT / "tests" / "data" / "bad" / "CELL_NEGATIVE"
    pipeline.main(["check", "--inputs", str(bad), "--outputs", str(tmp_path)])
    ws = load_workbook(tmp_path / "phan-hoi" / "2023-05" / "MTTQ.xlsx")["Số liệu"]
    assert "không được âm" in ws["E12"].comment.text
    assert ws["E12"].fill.fgColor.rgb.endswith("FFC7CE")


def test_the_office_gets_its_scoring_workbook_marked_too(tmp_path) -> None:
    bad = ROOT / "tests" / "data" / "bad" / "ADJUSTMENT_NO_REASON"
    pipeline.main(["check", "--inputs", str(bad), "--outputs", str(tmp_path)])
    ws = load_workbook(tmp_path / "phan-hoi" / "2023" / "cham diem.xlsx")["Chấm điểm"]
    marked = [c for row in ws.iter_rows() for c in row if c.comment and "chưa ghi lý do" in c.comment.text]
    assert [c.coordinate for c in marked] == ["K8"] and marked[0].value is None  # J8 adjusted to 8, K8 empty


def test_nothing_half_written_on_crash(tmp_path, monkeypatch, cfg) -> None:
    import xlsxwriter

    from thidua.periods import Period
    from thidua.workbooks.template import write_template

    def boom(self):
        raise RuntimeError("crash while writing")

    monkeypatch.setattr(xlsxwriter.Workbook, "close", boom)
    with pytest.raises(RuntimeError):
        write_template(cfg, cfg.units[0], Period(2023, 7), tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("today", "reason"),
    [
        ("2023-07-20", "chưa đến hạn nộp"),  # the deadline day itself
        ("2023-07-21", "chưa nộp"),
    ],
)
def test_draft_when_a_unit_is_missing(first_half_inputs, tmp_path, monkeypatch, today, reason) -> None:
    from docx import Document

    monkeypatch.setenv("THIDUA_TODAY", today)
    for f in (first_half_inputs / "2023" / "T06").glob("*CCB*"):
        f.unlink()
    out = tmp_path / "out"
    assert pipeline.main(["run", "--inputs", str(first_half_inputs), "--outputs", str(out)]) == 0
    doc = Document(str(out / "6thang-2023-06" / "bao-cao.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith("DỰ THẢO")
    # The month missing, by name, not the unit: its other five months are in the totals.
    assert f"(Dự thảo: báo cáo tháng 6 năm 2023 của Hội Cựu chiến binh tỉnh {reason};" in text
    assert doc.core_properties.content_status == "DỰ THẢO"


def test_no_submissions_at_all_is_said_with_the_next_step(tmp_path, capsys) -> None:
    """An empty inputs folder is where every cluster starts: `check` says so and what to do (exit 0);
    `run` has nothing to build, says the same and stops (exit 2)."""
    (tmp_path / "in").mkdir()
    assert pipeline.main(["check", "--inputs", str(tmp_path / "in"), "--outputs", str(tmp_path / "o")]) == 0
    said = capsys.readouterr().out
    assert "chưa có báo cáo nào của đơn vị" in said and "templates --period 2023-01" in said
    assert pipeline.main(["run", "--inputs", str(tmp_path / "in"), "--outputs", str(tmp_path / "o")]) == 2
    assert "chưa có báo cáo nào của đơn vị" in capsys.readouterr().out
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.docx"))


def test_period_with_no_submissions(first_half_inputs, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", "2023-12-30")
    args = ["run", "--period", "2023-09", "--kind", "thang", "--inputs", str(first_half_inputs)]
    assert pipeline.main([*args, "--outputs", str(tmp_path)]) == 2
    assert "Chưa có báo cáo nào của tháng 9 năm 2023" in capsys.readouterr().out


def test_reminders_for_missing_units(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    bad = ROOT / "tests" / "data" / "bad" / "SUBMISSION_MISSING"
    pipeline.main(["check", "--inputs", str(bad), "--outputs", str(tmp_path)])
    ws = load_workbook(tmp_path / "kiem-tra.xlsx")["Nhắc nộp"]
    letters = {r[0].value: r[1].value for r in ws.iter_rows(min_row=4)}
    assert set(letters) == {"MTTQ", "HND", "LDLD", "TD", "PN", "CCB"}  # MTTQ sent May only
    assert "báo cáo kết quả thi đua tháng 1, 2, 3, 4 năm 2023 của đơn vị" in letters["MTTQ"]  # as a secretary writes it
    assert letters["TD"].startswith("Kính gửi: Tỉnh đoàn Lạng Sơn.") and "tháng 1, 2, 3, 4, 5 năm 2023" in letters["TD"]
    assert "Cổng thông tin" not in letters["TD"]  # the example's portal is this machine's own: units cannot reach it


def test_reminders_give_the_portal_where_units_can_reach_it(cfg) -> None:
    from thidua.intake.completeness import reminders

    online = cfg.model_copy(update={"portal": cfg.portal.model_copy(update={"base_url": "https://thidua.langson.vn/"})})
    letters = reminders(online, [{"unit": "TD", "period": "2023-06", "status": "chưa nộp"}], TODAY)
    assert "nộp ngay trên Cổng thông tin tại https://thidua.langson.vn bằng đường liên kết riêng" in letters["TD"]


def test_kind_that_does_not_fit(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    assert pipeline.main(["run", "--period", "2023-05", "--kind", "quy", "--outputs", str(tmp_path)]) == 2
    assert "không phù hợp" in capsys.readouterr().out


def test_copy_of_examples_unchanged_by_check(example_inputs, tmp_path) -> None:
    before = _digest(example_inputs)
    shutil.copy(ROOT / "tests" / "data" / "bad" / "FILE_LOCK" / "~$bao cao.xlsx", example_inputs)
    pipeline.main(["check", "--inputs", str(example_inputs), "--outputs", str(tmp_path)])
    after = _digest(example_inputs)
    after.pop("~$bao cao.xlsx")
    assert after == before


def test_stale_feedback_is_removed(tmp_path) -> None:
    bad = ROOT / "tests" / "data" / "bad"
    pipeline.main(["check", "--inputs", str(bad / "CELL_NEGATIVE"), "--outputs", str(tmp_path)])
    assert (tmp_path / "phan-hoi" / "2023-05" / "MTTQ.xlsx").is_file()
    pipeline.main(["check", "--inputs", str(bad / "FILE_CORRUPT"), "--outputs", str(tmp_path)])
    assert not list((tmp_path / "phan-hoi").rglob("*.xlsx"))


def test_a_bug_is_reported_without_traceback(tmp_path, capsys, monkeypatch) -> None:
    import thidua.totals.merge

    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    monkeypatch.setattr(thidua.totals.merge, "merge", lambda *a, **k: 1 / 0)
    assert pipeline.main(["run", "--outputs", str(tmp_path)]) == 3
    out = capsys.readouterr()
    assert "--traceback" in out.out and "Traceback" not in out.out + out.err


def test_a_cell_that_looks_like_console_markup_is_printed_as_typed(example_inputs, tmp_path) -> None:
    """A unit types "[/] mười [bold] :thumbs_up:" where a number belongs: the finding quotes it, and the chair's
    console prints it as typed (rich read it as markup: the check ended with "lỗi không mong đợi", exit 3;
    and ":thumbs_up:" would have become an emoji)."""
    import os
    import subprocess
    import sys

    book_path = next(example_inputs.rglob("BC thi dua T3-2023 CCB.xlsx"))
    book = load_workbook(book_path)
    book["Số liệu"]["E8"] = "[/] mười [bold] :thumbs_up:"
    book.save(book_path)
    where = ["--inputs", str(example_inputs), "--config", str(EXAMPLE_CONFIG), "--outputs", str(tmp_path / "out")]
    done = subprocess.run(
        [sys.executable, str(ROOT / "pipeline.py"), "check", *where],
        capture_output=True,
        text=True,
        env={**os.environ, "THIDUA_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8", "COLUMNS": "400"},
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "“[/] mười [bold] :thumbs_up:”" in done.stdout and "CELL_NOT_NUMBER" in done.stdout
    assert "không mong đợi" not in done.stdout + done.stderr


def test_any_line_with_outside_text_rich_cannot_read_is_printed_as_it_is(capsys) -> None:
    """Every other line that puts in a name from outside (a file, a certificate, a unit) falls back the same
    way rather than failing the command."""
    from thidua.cli.common import console

    console.print("[yellow]Không tạo được bản phản hồi cho tệp BC [/] T3.xlsx[/]")
    assert "BC [/] T3.xlsx" in capsys.readouterr().out
