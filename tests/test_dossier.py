"""The award dossier as the Sở Nội vụ receives it: the proposal letter, the minutes and a báo cáo thành tích
per carried collective, a checklist that says which are drafts and why, one zip; PDF/A-2b on request."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT, edited_config
from docx import Document

import pipeline


def _run(out: Path, *extra: str, config: Path = EXAMPLE_CONFIG, inputs: Path = ROOT / "inputs") -> None:
    os.environ["THIDUA_TODAY"] = "2026-12-03"
    try:
        args = ["run", "--config", str(config), "--inputs", str(inputs), "--outputs", str(out)]
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


FOLDER = "ho-so-khen-thuong-cum-mttq-2023"
PAPERS = [  # in the order the tờ trình lists them, named with the cluster's code and the year
    "01-to-trinh-cum-mttq-2023",
    "02-bien-ban-cum-mttq-2023",
    "03-bao-cao-thanh-tich-td-cum-mttq-2023",
    "04-bao-cao-thanh-tich-mttq-cum-mttq-2023",
]


def test_the_example_dossier_is_final_in_every_document(year) -> None:
    for path in sorted((year / FOLDER).glob("*.docx")):
        assert "DỰ THẢO" not in _text(path) and "Dự thảo" not in _text(path), path.name
    index = (year / FOLDER / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_text(encoding="utf-8-sig")
    assert index.count("(đã hoàn chỉnh).") == 4 and "DỰ THẢO" not in index


def test_a_head_name_comes_from_the_units_profile(year) -> None:
    td = Document(str(year / "bao-cao-thanh-tich-td.docx"))
    block = [c.text for c in td.tables[-1].rows[-1].cells]
    assert block == ["Nông Lương Chấn", "Vi Văn Thắng"]  # the cụm trưởng confirms; Tỉnh đoàn's Bí thư signs


def test_the_cluster_heads_own_unit_is_confirmed_by_the_deputy(year) -> None:
    """Ủy ban MTTQ tỉnh is the cụm trưởng: its Chủ tịch signs its report, and the cụm phó confirms it for the
    cluster (KT. CỤM TRƯỞNG / CỤM PHÓ), not the same person twice."""
    mttq = Document(str(year / "bao-cao-thanh-tich-mttq.docx"))
    titles, names = ([c.text for c in row.cells] for row in mttq.tables[-1].rows)
    assert titles[0].split("\n")[:4] == ["XÁC NHẬN CỦA CẤP", "TRÌNH KHEN THƯỞNG", "KT. CỤM TRƯỞNG", "CỤM PHÓ"]
    assert names == ["Hoàng Văn Bình", "Nông Lương Chấn"]
    index = (year / FOLDER / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_text(encoding="utf-8-sig")
    assert "thủ trưởng Ủy ban MTTQ tỉnh ký; Cụm phó (ký thay Cụm trưởng) xác nhận." in index


def test_a_statute_that_keeps_the_head_confirming_is_followed(tmp_path) -> None:
    config = edited_config(tmp_path, lambda d: d["year_end"]["proposal"].update(own_unit_confirmed_by="chair"))
    _run(tmp_path / "out", "--no-pdf", config=config)
    mttq = Document(str(tmp_path / "out" / "nam-2023-12" / "bao-cao-thanh-tich-mttq.docx"))
    assert "TM. CỤM THI ĐUA" in mttq.tables[-1].rows[0].cells[0].text
    assert [c.text for c in mttq.tables[-1].rows[1].cells] == ["Nông Lương Chấn", "Nông Lương Chấn"]


def test_a_missing_head_name_keeps_the_report_and_the_dossier_a_draft(tmp_path, example_inputs) -> None:
    """Neither the profile workbook nor config names Tỉnh đoàn's head: its report is a DỰ THẢO saying whose
    name is missing, the index says so beside the file, and the tờ trình, which attaches it, is a draft too."""
    import clerk

    clerk.fill_profile(example_inputs / "2023" / "ho-so" / "ho-so-2023_TD.xlsx", {"head_name": None})
    config = edited_config(tmp_path, lambda d: next(u for u in d["units"] if u["code"] == "TD").pop("head_name"))
    _run(tmp_path / "out", "--no-pdf", config=config, inputs=example_inputs)
    year = tmp_path / "out" / "nam-2023-12"
    td = _text(year / "bao-cao-thanh-tich-td.docx")
    assert td.startswith("DỰ THẢO") and "(Dự thảo: chưa có họ tên người ký (thủ trưởng Tỉnh đoàn).)" in td
    assert "DỰ THẢO" not in _text(year / "bao-cao-thanh-tich-mttq.docx")
    proposal = _text(year / "to-trinh.docx")
    assert proposal.startswith("DỰ THẢO")
    assert "hồ sơ kèm theo còn là dự thảo: Báo cáo thành tích của Tỉnh đoàn Lạng Sơn" in proposal
    index = (year / FOLDER / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_text(encoding="utf-8-sig")
    assert (
        "03-bao-cao-thanh-tich-td-cum-mttq-2023.docx (DỰ THẢO: chưa có họ tên người ký (thủ trưởng Tỉnh đoàn))" in index
    )
    assert "Chưa có bản PDF: lệnh chạy với --no-pdf" in index


def test_the_zip_holds_the_numbered_dossier_its_pdfs_and_its_index(year) -> None:
    with zipfile.ZipFile(year / f"{FOLDER}.zip") as bundle:
        names = sorted(bundle.namelist())
        index = bundle.read(f"{FOLDER}/00-danh-muc-ho-so-cum-mttq-2023.txt").decode("utf-8-sig")
    documents = [f"{FOLDER}/{n}.docx" for n in PAPERS]
    if shutil.which("soffice"):  # PDFs by default whenever LibreOffice is there
        documents += [f"{FOLDER}/{n}.pdf" for n in PAPERS]
    indexes = [f"{FOLDER}/00-danh-muc-ho-so-cum-mttq-2023.{kind}" for kind in ("json", "txt")]  # people, programs
    assert names == sorted([*indexes, *documents])
    assert index.startswith("DANH MỤC HỒ SƠ ĐỀ NGHỊ KHEN THƯỞNG NĂM 2023\r\n")
    for name in names[2:]:  # every file is listed
        assert name.split("/")[1] in index
    if shutil.which("soffice"):
        assert "thay tệp PDF đó bằng bản đã ký, giữ nguyên tên tệp" in index
        assert "  + 01-to-trinh-cum-mttq-2023.pdf: Cụm trưởng ký.\r\n" in index


def test_a_rebuilt_dossier_leaves_no_file_of_an_earlier_run(tmp_path, capsys) -> None:
    """A collective the meeting no longer carries leaves no file behind in the folder or the zip; its PDF,
    signed since, is not lost but set aside under a name that says so, and the console says why."""
    out = tmp_path / "out"
    _run(out, "--no-pdf")
    folder = out / "nam-2023-12" / FOLDER
    stale = folder / "05-bao-cao-thanh-tich-ccb-cum-mttq-2023.docx"  # as an earlier run wrote and recorded it
    stale.write_bytes((folder / "04-bao-cao-thanh-tich-mttq-cum-mttq-2023.docx").read_bytes())
    signed = stale.with_suffix(".pdf")  # written by that run, then signed in place
    signed.write_bytes(b"%PDF-1.7\n%%EOF\n")
    record = out / ".thidua-da-ghi.json"  # what thidua wrote: a file of the office's own would stay (batch.py)
    written = json.loads(record.read_text(encoding="utf-8"))
    for path in (stale, signed):
        written[path.relative_to(out).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    record.write_text(json.dumps(written), encoding="utf-8")
    signed.write_bytes(b"%PDF-1.7\n%%EOF\n2 0 obj << /Type /Sig /ByteRange [0 1 2 3] >> endobj\n%%EOF\n")
    capsys.readouterr()
    _run(out, "--no-pdf")
    assert not stale.exists() and (folder / "04-bao-cao-thanh-tich-mttq-cum-mttq-2023.docx").is_file()
    (aside,) = folder.glob("05-bao-cao-thanh-tich-ccb-cum-mttq-2023.da-ky-*.pdf")
    assert not signed.exists() and b"/ByteRange" in aside.read_bytes()
    said = " ".join(capsys.readouterr().out.split())
    assert f"{signed.name} là bản đã ký số của một văn bản lần này không lập nữa" in said and aside.name in said
    with zipfile.ZipFile(out / "nam-2023-12" / f"{FOLDER}.zip") as bundle:
        assert not [n for n in bundle.namelist() if "-ccb-" in n]


@pytest.fixture(scope="module")
def pdfs(year: Path) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF to check (.ci/run installs it)")
    return year / FOLDER


def test_every_pdf_of_the_dossier_is_pdf_a_2b(pdfs) -> None:
    """What veraPDF would look at first, read from each file: the PDF/A-2b claim in its XMP metadata, the
    sRGB output intent, every font embedded, no encryption, the document's own title. (veraPDF itself is
    distributed outside the registries this project may use.)"""
    from pypdf import PdfReader

    names = sorted(p.name for p in pdfs.glob("*.pdf"))
    assert names == [f"{n}.pdf" for n in PAPERS]
    for name in names:
        reader = PdfReader(pdfs / name)
        root = reader.trailer["/Root"]
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
        assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp), name
        intents = [i.get_object() for i in root["/OutputIntents"]]
        assert [(i["/S"], i["/OutputConditionIdentifier"]) for i in intents] == [("/GTS_PDFA1", "sRGB IEC61966-2.1")]
        assert not reader.is_encrypted and "/JavaScript" not in str(root.get("/Names", {}))
        assert reader.metadata.title and "thidua" not in reader.metadata.title.lower(), name
        assert str(root["/Lang"]) == "vi-VN", name  # a screen reader speaks it in Vietnamese
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
    with (pdfs / "01-to-trinh-cum-mttq-2023.pdf").open("rb") as source:
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

    def no_awards(data: dict) -> None:
        next(u for u in data["units"] if u["code"] == "MTTQ")["awards"] = []

    config = edited_config(tmp_path, no_awards)
    os.environ["THIDUA_TODAY"] = "2026-12-03"
    try:
        args = ["run", "--config", str(config), "--inputs", str(ROOT / "inputs"), "--outputs", str(tmp_path / "out")]
        assert pipeline.main(args) == 0
    finally:
        os.environ.pop("THIDUA_TODAY")
    mttq_text = _text(tmp_path / "out" / "nam-2023-12" / "bao-cao-thanh-tich-mttq.docx")
    assert mttq_text.startswith("DỰ THẢO")
    assert "(Dự thảo: mục “III. Các hình thức đã được khen thưởng” chưa có nội dung.)" in mttq_text


def test_a_run_again_converts_only_the_documents_that_changed(tmp_path, monkeypatch) -> None:
    """LibreOffice converts a document of the dossier again only when what it holds changed: a repeated annual
    run keeps last run's PDFs byte for byte (and in the zip); the chair's new name, typed into config.yaml,
    makes the tờ trình's PDF again and leaves the others; a PDF signed since thidua made it (the same bytes and
    a signature after them) is kept as it is while its document is unchanged; one replaced by another file,
    signed or not (a scan of the signed paper), is made again, and the batch keeps the office's file beside it."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed (.ci/run installs it)")
    from thidua.cli import dossier

    converted: list[list[str]] = []
    real = dossier.to_pdf

    def counting(documents: list[Path], *rest: object) -> str:
        converted.append(sorted(d.stem for d in documents))
        return real(documents, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(dossier, "to_pdf", counting)
    out, config = tmp_path / "out", tmp_path / "config.yaml"
    config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    folder = out / "nam-2023-12" / FOLDER
    _run(out, config=config)
    assert converted == [PAPERS]
    first = {p.name: p.read_bytes() for p in folder.glob("*.pdf")}

    _run(out, config=config)
    assert converted == [PAPERS]  # nothing converted the second time
    assert {p.name: p.read_bytes() for p in folder.glob("*.pdf")} == first
    with zipfile.ZipFile(out / "nam-2023-12" / f"{FOLDER}.zip") as bundle:
        assert all(bundle.read(f"{FOLDER}/{name}") == data for name, data in first.items())

    said = {name: _text(folder / f"{name}.docx") for name in PAPERS}
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("    name: Nông Lương Chấn\n", "    name: Hoàng Thị Lan\n", 1), encoding="utf-8")
    _run(out, config=config)
    changed = [name for name in PAPERS if _text(folder / f"{name}.docx") != said[name]]
    assert "01-to-trinh-cum-mttq-2023" in changed and len(changed) < len(PAPERS)  # the chair signs the tờ trình
    assert converted[-1] == changed
    now = {p.name: p.read_bytes() for p in folder.glob("*.pdf")}
    assert [name for name in sorted(now) if now[name] != first[name]] == [f"{name}.pdf" for name in changed]

    signed = folder / "02-bien-ban-cum-mttq-2023.pdf"
    signature = b"9 0 obj << /Type /Sig /ByteRange [0 1 2 3] >> endobj\n%%EOF\n"  # what signing appends
    signed.write_bytes(signed.read_bytes() + signature)
    runs = len(converted)
    _run(out, config=config)
    assert len(converted) == runs and signed.read_bytes().endswith(signature)  # nothing converted, nothing lost
    with zipfile.ZipFile(out / "nam-2023-12" / f"{FOLDER}.zip") as bundle:
        assert bundle.read(f"{FOLDER}/{signed.name}") == signed.read_bytes()

    other = b"%PDF-1.7\n% another file, signed\n" + signature
    signed.write_bytes(other)
    _run(out, config=config)
    assert converted[-1] == ["02-bien-ban-cum-mttq-2023"] and len(signed.read_bytes()) > 10_000  # made again
    (kept,) = folder.glob("02-bien-ban-cum-mttq-2023.da-ky-*.pdf")
    assert kept.read_bytes() == other

    scan = b"%PDF-1.7\n% a scan of the paper the chair signed\n"
    signed.write_bytes(scan)
    _run(out, config=config)
    assert converted[-1] == ["02-bien-ban-cum-mttq-2023"] and len(signed.read_bytes()) > 10_000
    (kept,) = folder.glob("02-bien-ban-cum-mttq-2023.sua-tay-*.pdf")
    assert kept.read_bytes() == scan


def test_what_a_pdf_is_made_of_leaves_out_only_the_save_time(tmp_path) -> None:
    from thidua.cli.dossier_pdf import pdf_key

    def saved(name: str, when: datetime, title: str) -> Path:
        document = Document()
        document.add_paragraph("Tờ trình đề nghị khen thưởng")
        document.core_properties.created = document.core_properties.modified = when
        document.core_properties.title = title
        document.save(str(tmp_path / name))
        return tmp_path / name

    now = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
    one = saved("mot.docx", now, "Tờ trình")
    later = saved("hai.docx", now + timedelta(hours=3), "Tờ trình")
    retitled = saved("ba.docx", now, "Tờ trình năm 2023")
    assert pdf_key(one) == pdf_key(later) != pdf_key(retitled)
