"""Templates for every unit of both configs, opened with openpyxl as Excel would show them."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from thidua import layout
from thidua.periods import parse_period
from thidua.workbooks.template import write_template


def _generate(config, period_text, tmp_path):
    period = parse_period(period_text, config.reporting.frequency)
    for unit in config.units:
        path = tmp_path / f"{unit.code}.xlsx"
        write_template(config, unit, period, path)
        yield unit, period, load_workbook(path)


@pytest.mark.parametrize(("which", "period_text"), [("cfg", "2023-07"), ("khoi", "2024-Q2")])
def test_templates_for_every_unit(which, period_text, tmp_path, request) -> None:
    config = request.getfixturevalue(which)
    for unit, period, wb in _generate(config, period_text, tmp_path):
        assert wb.sheetnames[:2] == [layout.SHEET_GUIDE, layout.SHEET_FIGURES]
        meta_ws = wb[layout.SHEET_META]
        assert meta_ws.sheet_state == "veryHidden"
        meta = {r[0].value: r[1].value for r in meta_ws.iter_rows()}
        assert meta["template_id"] == layout.TEMPLATE_ID and meta["unit"] == unit.code and meta["period"] == period.key
        assert meta["cluster"] == config.cluster.name and meta["catalogue_hash"] == config.catalogue_hash
        ws = wb[layout.SHEET_FIGURES]
        assert ws["A2"].value == f"Đơn vị: {unit.name}"
        assert ws["A3"].value == f"Kỳ báo cáo: {period.label}"
        header = [c.value for c in ws[layout.HEADER_ROW + 1]]
        code_col, value_col = header.index(layout.FIG_CODE_HEADER), header.index(layout.FIG_VALUE_HEADER)
        rows = {r[code_col].value: r for r in ws.iter_rows(min_row=layout.HEADER_ROW + 2) if r[code_col].value}
        expected = {i.code: i for i in config.indicators_for(unit.code)}
        assert set(rows) - {None} >= set(expected)
        validated = {str(c) for dv in ws.data_validations.dataValidation for rng in dv.sqref.ranges for c in [rng]}
        assert ws.protection.sheet
        for code, ind in expected.items():
            row = rows[code]
            assert ind.label in row[code_col + 1].value
            value_cell = row[value_col]
            assert value_cell.protection.locked is False
            assert row[code_col].protection.locked is True and row[code_col + 1].protection.locked is True
            assert value_cell.coordinate in validated
            assert meta[f"row:{code}"] == str(value_cell.row)
            assert value_cell.number_format == ("#,##0" if ind.type == "integer" else "#,##0.0#")
        assert ws.page_setup.paperSize == 9  # A4


def test_guide_and_dropdowns(cfg, tmp_path) -> None:
    _, _, wb = next(_generate(cfg, "2023-07", tmp_path))
    guide = " ".join(str(c.value) for row in wb[layout.SHEET_GUIDE].iter_rows() for c in row if c.value)
    assert "Kết quả thực hiện" in guide and "Unicode" in guide
    com = wb[layout.SHEET_COMMENDATIONS]
    lists = [dv for dv in com.data_validations.dataValidation if dv.type == "list"]
    assert len(lists) == 2 and all(dv.errorTitle for dv in lists)
    assert wb[layout.SHEET_LISTS].sheet_state == "hidden"
    forms = [c.value for c in wb[layout.SHEET_LISTS]["A"] if c.value]
    assert forms == cfg.commendation_forms


def test_templates_command_writes_every_unit(tmp_path) -> None:
    import pipeline

    assert pipeline.main(["templates", "--period", "2023-07", "--outputs", str(tmp_path)]) == 0
    assert len(list((tmp_path / "templates" / "2023-07").glob("*.xlsx"))) == 6


@pytest.mark.parametrize("bad", ["2023-13", "7/2023", "abc"])
def test_bad_period_is_a_clear_error(bad, tmp_path, capsys) -> None:
    import pipeline

    assert pipeline.main(["templates", "--period", bad, "--outputs", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "không hợp lệ" in out and "2023-07" in out and "Traceback" not in out


def test_unwritable_outputs_is_a_clear_error(tmp_path, capsys) -> None:
    import pipeline

    blocker = tmp_path / "outputs"
    blocker.write_text("a file where a folder should be")
    assert pipeline.main(["templates", "--period", "2023-07", "--outputs", str(blocker)]) == 2
    assert "Không ghi được" in capsys.readouterr().out
    assert blocker.read_text() == "a file where a folder should be"
