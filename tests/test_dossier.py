"""The award dossier as the Sở Nội vụ receives it: the proposal letter, the minutes and a báo cáo thành tích
per carried collective, a checklist that says which are drafts and why, one zip; PDF/A-2b on request."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT
from docx import Document

import pipeline


def _run(out: Path, *extra: str) -> None:
    os.environ["THIDUA_TODAY"] = "2026-12-03"
    try:
        args = ["run", "--config", str(EXAMPLE_CONFIG), "--inputs", str(ROOT / "inputs"), "--outputs", str(out)]
        assert pipeline.main([*args, *extra]) == 0
    finally:
        os.environ.pop("THIDUA_TODAY")


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dossier")
    _run(out)
    return out / "nam-2023-12"


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_one_report_per_carried_collective(year) -> None:
    # The example's meeting carried Tỉnh đoàn (Cờ thi đua) and Ủy ban MTTQ tỉnh (Bằng khen).
    assert sorted(p.name for p in year.glob("bao-cao-thanh-tich-*.docx")) == [
        "bao-cao-thanh-tich-mttq.docx",
        "bao-cao-thanh-tich-td.docx",
    ]
    td = _text(year / "bao-cao-thanh-tich-td.docx")
    assert "Đề nghị tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2023" in td
    assert "Tên tập thể đề nghị khen thưởng: Tỉnh đoàn Lạng Sơn." in td
    assert "BCH TỈNH ĐOÀN LẠNG SƠN" in td  # the unit's own letterhead, not the cluster's


def test_a_comparison_on_half_the_year_says_so_under_the_table(tmp_path, half_last_year_inputs) -> None:
    # Tỉnh đoàn's ngày công with 2022 known for January–June only (2.365); 2023's same months 2.150: −9,1%.
    os.environ["THIDUA_TODAY"] = "2026-12-03"
    try:
        args = ["run", "--inputs", str(half_last_year_inputs), "--outputs", str(tmp_path)]
        assert pipeline.main([*args, "--config", str(EXAMPLE_CONFIG)]) == 0
    finally:
        os.environ.pop("THIDUA_TODAY")
    td = _text(tmp_path / "nam-2023-12" / "bao-cao-thanh-tich-td.docx")
    assert "2.365 (1)" in td and "-9,1%" in td
    assert (
        "(1) Ngày công lao động đóng góp xây dựng công trình công cộng: so sánh từ tháng 1 đến tháng 6; các tháng "
        "này năm 2023 đạt 2.150 ngày công." in td
    )


def test_a_whole_year_needs_no_footnote(year) -> None:
    td = _text(year / "bao-cao-thanh-tich-td.docx")
    assert "(1)" not in td and "so sánh từ tháng" not in td


def test_what_config_lacks_keeps_a_report_a_draft(year) -> None:
    td, mttq = _text(year / "bao-cao-thanh-tich-td.docx"), _text(year / "bao-cao-thanh-tich-mttq.docx")
    assert td.startswith("DỰ THẢO") and "(Dự thảo: chưa có họ tên thủ trưởng đơn vị.)" in td
    assert "DỰ THẢO" not in mttq and "Nông Lương Chấn" in mttq


def test_the_zip_holds_the_dossier_and_its_checklist(year) -> None:
    with zipfile.ZipFile(year / "ho-so-khen-thuong-2023.zip") as bundle:
        names = sorted(bundle.namelist())
        checklist = bundle.read("ho-so-khen-thuong-2023/danh-muc-ho-so.txt").decode("utf-8-sig")
    assert names == [
        f"ho-so-khen-thuong-2023/{n}"
        for n in sorted(
            [
                "bao-cao-thanh-tich-mttq.docx",
                "bao-cao-thanh-tich-td.docx",
                "bien-ban.docx",
                "danh-muc-ho-so.txt",
                "to-trinh.docx",
            ]
        )
    ]
    assert "1. to-trinh.docx (sẵn sàng trình ký)\r\n" in checklist
    assert "bao-cao-thanh-tich-td.docx (DỰ THẢO: chưa có họ tên thủ trưởng đơn vị)" in checklist


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to check (.ci/run installs it)")
    out = tmp_path_factory.mktemp("pdf")
    _run(out, "--pdf")
    return out / "nam-2023-12" / "ho-so-khen-thuong-2023"


def test_every_pdf_of_the_dossier_is_pdf_a_2b(pdfs) -> None:
    """What veraPDF would look at first, read from each file: the PDF/A-2b claim in its XMP metadata, the
    sRGB output intent, every font embedded, no encryption, the document's own title. (veraPDF itself is
    distributed outside the registries this project may use.)"""
    from pypdf import PdfReader

    names = sorted(p.name for p in pdfs.glob("*.pdf"))
    assert names == ["bao-cao-thanh-tich-mttq.pdf", "bao-cao-thanh-tich-td.pdf", "bien-ban.pdf", "to-trinh.pdf"]
    for name in names:
        reader = PdfReader(pdfs / name)
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp), name
        intents = [i.get_object() for i in root["/OutputIntents"]]
        assert [(i["/S"], i["/OutputConditionIdentifier"]) for i in intents] == [("/GTS_PDFA1", "sRGB IEC61966-2.1")]
        assert not reader.is_encrypted and "/JavaScript" not in str(root.get("/Names", {}))
        assert reader.metadata.title and "thidua" not in reader.metadata.title.lower(), name
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                described = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(described.get_object()), (
                    name,
                    font["/BaseFont"],
                )


def test_a_pdf_of_the_dossier_takes_a_signature_that_validates(pdfs, tmp_path) -> None:
    """The chair signs the tờ trình as produced: pyHanko adds a signature field on its last page and signs
    it with a throw-away certificate; the signature covers the whole file and validates against it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields, signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Văn phòng Cụm thi đua (chứng thư thử)")])
    now = datetime.now(UTC)
    usage = dict.fromkeys(("key_encipherment", "data_encipherment", "key_agreement", "crl_sign"), False)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_cert_sign=True, encipher_only=False,
                decipher_only=False, **usage,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    signer = signers.SimpleSigner.load(str(tmp_path / "key.pem"), str(tmp_path / "cert.pem"))
    with (pdfs / "to-trinh.pdf").open("rb") as source:
        writer = IncrementalPdfFileWriter(source)
        fields.append_signature_field(writer, fields.SigFieldSpec("ChuKy", box=(340, 80, 560, 150), on_page=-1))
        signed = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="ChuKy"), signer=signer)
    (tmp_path / "to-trinh-da-ky.pdf").write_bytes(signed.getvalue())
    with (tmp_path / "to-trinh-da-ky.pdf").open("rb") as stream:
        signature = PdfFileReader(stream).embedded_signatures[0]
        trust = ValidationContext(trust_roots=[load_cert_from_pemder(str(tmp_path / "cert.pem"))])
        status = validate_pdf_signature(signature, trust)
    assert status.intact and status.valid and status.trusted and status.coverage.name == "ENTIRE_FILE"


def test_the_proposal_lists_what_is_attached_and_each_collectives_result(year) -> None:
    text = _text(year / "to-trinh.docx")
    attached = text[text.index("Hồ sơ kèm theo:") :].splitlines()[1:4]
    assert attached == [
        "1. Biên bản họp bình xét, suy tôn thi đua năm 2023;",
        "2. Báo cáo thành tích của Tỉnh đoàn Lạng Sơn;",
        "3. Báo cáo thành tích của Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn.",
    ]
    assert (
        "- Tỉnh đoàn Lạng Sơn (Cờ thi đua của Ủy ban nhân dân tỉnh): điểm chuẩn 94 điểm, cộng 2 điểm, thống nhất "
        "đạt 96 điểm, xếp loại Xuất sắc, xếp thứ Nhất; 06/06 thành viên đồng ý (100%), đạt tỷ lệ tối thiểu 80%." in text
    )


def test_every_sheet_a_user_prints_is_a4_one_page_wide(year) -> None:
    from openpyxl import load_workbook

    for name in ("cham-diem.xlsx", "tong-hop.xlsx"):
        for ws in load_workbook(year / name).worksheets:
            if ws.sheet_state != "visible":
                continue
            setup = ws.page_setup
            assert setup.paperSize == 9 and setup.orientation == "landscape", (name, ws.title)
            assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1), (name, ws.title)


def test_the_pact_names_each_signing_organisation_and_its_authority(year) -> None:
    doc = Document(str(year / "giao-uoc.docx"))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    blocks = [c for c in cells if "TM. BAN THƯỜNG" in c]
    assert "ỦY BAN MTTQ TỈNH\nTM. BAN THƯỜNG TRỰC\nCHỦ TỊCH" in blocks[0] and len(blocks) == 6
    assert any(b.startswith("TỈNH ĐOÀN\nTM. BAN THƯỜNG VỤ\nBÍ THƯ") for b in blocks)


def test_a_report_without_earlier_awards_says_draft_in_its_header(tmp_path) -> None:
    """Every gap is known before the header is written: a missing section III alone makes it a DỰ THẢO."""
    import yaml

    data = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    mttq = next(u for u in data["units"] if u["code"] == "MTTQ")
    mttq["awards"] = []
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    os.environ["THIDUA_TODAY"] = "2026-12-03"
    try:
        args = ["run", "--config", str(config), "--inputs", str(ROOT / "inputs"), "--outputs", str(tmp_path / "out")]
        assert pipeline.main(args) == 0
    finally:
        os.environ.pop("THIDUA_TODAY")
    mttq_text = _text(tmp_path / "out" / "nam-2023-12" / "bao-cao-thanh-tich-mttq.docx")
    assert mttq_text.startswith("DỰ THẢO")
    assert "(Dự thảo: mục “III. Các hình thức đã được khen thưởng” chưa có nội dung.)" in mttq_text
