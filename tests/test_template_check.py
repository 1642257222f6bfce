"""The report's wording and Word styles are the chair's to edit; check-template catches mistakes first."""

from __future__ import annotations

from conftest import TODAY, edited_config
from docx import Document
from docx.shared import Pt

import pipeline
from thidua.report.frame import DEFAULT_TEMPLATE


def _config(tmp_path, change) -> str:
    return str(edited_config(tmp_path, change))


def test_unknown_placeholder_in_wording(tmp_path, capsys) -> None:
    path = _config(tmp_path, lambda d: d["report"].update(wording={"closing": "Trên đây là báo cáo {cum}./."}))
    assert pipeline.main(["check-template", "--config", path]) == 2
    out = capsys.readouterr().out
    assert "report.wording.closing" in out and "{cum}" in out and "{cluster}" in out


def test_bad_phrases(tmp_path, capsys) -> None:
    def change(d):
        d["indicators"][0]["phrase"] = "vận động hộ dân hiến đất"
        d["movements"][0]["phrases"][0] = "vận động {GN_QUA} suất quà"

    path = _config(tmp_path, change)
    assert pipeline.main(["check-template", "--config", path]) == 2
    out = capsys.readouterr().out
    assert "indicators[0].phrase" in out and "movements[0].phrases[0]: GN_QUA" in out


def test_missing_template_file(tmp_path, capsys) -> None:
    path = _config(tmp_path, lambda d: d["report"].update(template=str(tmp_path / "khong-co.docx")))
    assert pipeline.main(["run", "--config", path, "--outputs", str(tmp_path / "out")]) == 2
    assert "Không tìm thấy tệp mẫu Word" in capsys.readouterr().out
    assert not (tmp_path / "out").exists()


def test_chairs_style_edits_are_kept(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("THIDUA_TODAY", TODAY.isoformat())
    custom = Document(str(DEFAULT_TEMPLATE))
    custom.styles["Normal"].font.size = Pt(13)
    custom.save(str(tmp_path / "mau.docx"))
    path = _config(tmp_path, lambda d: d["report"].update(template="mau.docx"))  # beside config.yaml
    assert pipeline.main(["run", "--config", path, "--outputs", str(tmp_path / "out"), "--period", "2023-06"]) == 0
    doc = Document(str(tmp_path / "out" / "6thang-2023-06" / "bao-cao.docx"))
    assert doc.styles["Normal"].font.size == Pt(13)
    assert not any("Mẫu định dạng" in p.text for p in doc.paragraphs)  # the template's sample text is dropped
