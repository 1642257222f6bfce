"""The example's dossier signed with real tokens: SoftHSM2 tokens hold keys and certificates from a test CA
with Vietnamese names; `thidua sign` is run once per person (and once by the văn thư with the
organisation's certificate), the PIN typed on the standard input; every signature is then validated by
pyHanko itself, against the test root, and `thidua verify` refuses what was changed, signed by the wrong
person or under an untrusted root, each with its Vietnamese reason."""

from __future__ import annotations

import io
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_CONFIG, ROOT
from tokens import PIN, Authority, Tokens, pem_files, signature_png, softhsm_library

import pipeline

ORGANISATION = "Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn"
PEOPLE = {  # token label → (the person, their organisation)
    "CHAN": ("Nông Lương Chấn", ORGANISATION),
    "THANG": ("Vi Văn Thắng", "Tỉnh đoàn Lạng Sơn"),
    "BINH": ("Hoàng Văn Bình", "Hội Nông dân tỉnh Lạng Sơn"),
    "TRANG": ("Lê Thu Trang", ORGANISATION),
}
FOLDER = "ho-so-khen-thuong-cum-mttq-2023"


def _config(folder: Path, root: Path) -> Path:
    """config.yaml as the office edits it: the tờ trình's number, and a `signing` block typed as the README
    shows it (the images' paths relative to the config's folder)."""
    typed = EXAMPLE_CONFIG.read_text(encoding="utf-8")
    typed = typed.replace("  proposal:\n    symbol: TTr-CTĐ\n", "  proposal:\n    symbol: TTr-CTĐ\n    number: 12\n", 1)
    assert "number: 12" in typed
    typed += f"""
signing:
  trusted_roots: [{root.name}]
  signatures:
    - {{name: Nông Lương Chấn, image: chu-ky/chan.png}}
    - {{name: Vi Văn Thắng, image: chu-ky/thang.png}}
    - {{name: Hoàng Văn Bình, image: chu-ky/binh.png}}
  organisation: {{name: {ORGANISATION}, seal: chu-ky/dau-mttq.png}}
"""
    (folder / "chu-ky").mkdir()
    for name in ("chan", "thang", "binh"):
        signature_png(folder / "chu-ky" / f"{name}.png")
    signature_png(folder / "chu-ky" / "dau-mttq.png", blue=False)
    path = folder / "config.yaml"
    path.write_text(typed, encoding="utf-8")
    return path


def thidua(*args: str, pin: str = PIN) -> int:
    os.environ["THIDUA_TODAY"] = "2026-12-03"
    stdin, sys.stdin = sys.stdin, io.StringIO(pin + "\n")  # the PIN, as a script would type it
    try:
        return pipeline.main(list(args))
    finally:
        sys.stdin = stdin
        os.environ.pop("THIDUA_TODAY")


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    library = softhsm_library()
    if not library or shutil.which("soffice") is None:
        pytest.skip("softhsm2, opensc and LibreOffice are needed (.ci/run installs them)")
    folder = tmp_path_factory.mktemp("ky-so")
    authority = Authority.make()
    config = _config(folder, authority.write_root(folder / "goc-thu-nghiem.pem"))
    tokens = Tokens(folder / "hsm", library)
    os.environ["SOFTHSM2_CONF"] = str(tokens.conf)
    keys = {}
    for label, (person, organisation) in PEOPLE.items():
        keys[label] = authority.issue(person, organisation)
        tokens.add(label, *keys[label])
    tokens.add("VANTHU", *authority.issue(ORGANISATION))  # the organisation's own certificate
    # someone the documents do not name (one store: SoftHSM2 reads its configuration once a process)
    tokens.add("KHAC", *authority.issue("Trần Văn Khác", "Sở Nội vụ tỉnh Lạng Sơn"))
    out = folder / "out"
    common = ["--config", str(config), "--inputs", str(ROOT / "inputs"), "--outputs", str(out)]
    assert thidua("run", *common) == 0
    dossier = out / "nam-2023-12" / FOLDER
    codes = {}
    for label in [*PEOPLE, "VANTHU"]:
        codes[label] = thidua("sign", *common, "--pkcs11-lib", library, "--token", label)
    return {"dossier": dossier, "codes": codes, "config": config, "common": common, "library": library,
            "authority": authority, "keys": keys, "folder": folder}  # fmt: skip


def _validate(path: Path, root: Path) -> list[tuple[str, bool]]:
    """pyHanko's own verdict on every signature of the file: (the signer's name, valid and trusted)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    out = []
    with path.open("rb") as stream:
        for signature in PdfFileReader(stream).embedded_signatures:
            context = ValidationContext(trust_roots=[load_cert_from_pemder(str(root))], allow_fetching=False)
            status = validate_pdf_signature(signature, context)
            ok = status.intact and status.valid and status.trusted
            out.append((status.signing_cert.subject.native["common_name"], ok))
    return out


def test_each_person_signs_what_they_are_named_for(signed) -> None:
    assert signed["codes"] == {"CHAN": 0, "THANG": 0, "BINH": 0, "TRANG": 0, "VANTHU": 0}
    root, dossier = signed["folder"] / "goc-thu-nghiem.pem", signed["dossier"]
    found = {path.name: _validate(path, root) for path in sorted(dossier.glob("*.pdf"))}
    assert found == {
        "01-to-trinh-cum-mttq-2023.pdf": [("Nông Lương Chấn", True), (ORGANISATION, True)],
        "02-bien-ban-cum-mttq-2023.pdf": [("Nông Lương Chấn", True), ("Lê Thu Trang", True), (ORGANISATION, True)],
        "03-bao-cao-thanh-tich-td-cum-mttq-2023.pdf": [
            ("Nông Lương Chấn", True), ("Vi Văn Thắng", True), (ORGANISATION, True),
        ],
        "04-bao-cao-thanh-tich-mttq-cum-mttq-2023.pdf": [
            ("Nông Lương Chấn", True), ("Hoàng Văn Bình", True), (ORGANISATION, True),
        ],
    }  # fmt: skip


def test_the_zip_and_the_index_carry_the_signed_files(signed) -> None:
    dossier = signed["dossier"]
    index = (dossier / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_bytes().decode("utf-8-sig")
    assert "\r\nChữ ký số:\r\n" in index  # CRLF: read in Windows Notepad
    assert (
        "  + 01-to-trinh-cum-mttq-2023.pdf: Đã ký số bởi Nông Lương Chấn, Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn, lúc"
        in index
    )
    with zipfile.ZipFile(dossier.parent / f"{FOLDER}.zip") as bundle:
        assert (
            bundle.read(f"{FOLDER}/01-to-trinh-cum-mttq-2023.pdf")
            == (dossier / "01-to-trinh-cum-mttq-2023.pdf").read_bytes()
        )


def test_the_attachments_carry_the_organisation_at_the_top_right_of_page_one(signed) -> None:
    """Nghị định 30, Phụ lục I ô 8b: the number of the document they go with and the signing time, ISO 8601."""
    from pypdf import PdfReader

    reader = PdfReader(signed["dossier"] / "02-bien-ban-cum-mttq-2023.pdf")
    fields = {name: f for name, f in (reader.get_fields() or {}).items() if name == "ToChuc"}
    widget = next(a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/T") == "ToChuc")
    x2, y2 = (float(v) for v in list(widget["/Rect"])[2:])
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert fields and x2 > width * 0.9 and y2 > height * 0.9  # top right
    shown = widget["/AP"]["/N"].get_object()
    assert b"Tj" in shown.get_data() or shown.get("/Resources")  # a text appearance, no image


def test_a_person_named_for_nothing_signs_nothing(signed, tmp_path) -> None:
    tokens = Tokens(tmp_path / "hsm", signed["library"])
    tokens.add("KHAC", *signed["authority"].issue("Trần Văn Khác", "Sở Nội vụ tỉnh Lạng Sơn"))
    os.environ["SOFTHSM2_CONF"] = str(tokens.conf)
    try:
        before = {p.name: p.read_bytes() for p in signed["dossier"].glob("*.pdf")}
        code = thidua("sign", *signed["common"], "--pkcs11-lib", signed["library"], "--token", "KHAC")
        assert code == 1 and before == {p.name: p.read_bytes() for p in signed["dossier"].glob("*.pdf")}
        assert (
            thidua("sign", *signed["common"], "--pkcs11-lib", signed["library"], "--token", "KHAC", pin="000000") == 2
        )
    finally:
        os.environ["SOFTHSM2_CONF"] = str(signed["folder"] / "hsm" / "softhsm2.conf")


def _verify(signed: dict, path: Path, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    code = thidua("verify", "--config", str(signed["config"]), str(path))
    return code, " ".join(capsys.readouterr().out.split())


def test_verify_says_who_signed_and_that_nothing_changed(signed, capsys) -> None:
    code, said = _verify(signed, signed["dossier"], capsys)
    assert code == 0
    assert "Đã ký số bởi Vi Văn Thắng, Tỉnh đoàn Lạng Sơn, lúc" in said
    assert "tệp không bị sửa sau khi ký; chưa kiểm tra tình trạng thu hồi chứng thư" in said


def _copy_dossier(signed: dict, tmp_path: Path) -> Path:
    target = tmp_path / FOLDER
    shutil.copytree(signed["dossier"], target)
    return target


def test_a_file_changed_after_signing_is_refused(signed, tmp_path, capsys) -> None:
    """A byte of the signed content changed (a figure edited in the file): the signature no longer holds."""
    copy = _copy_dossier(signed, tmp_path)
    path = copy / "01-to-trinh-cum-mttq-2023.pdf"
    data = bytearray(path.read_bytes())
    at = data.index(b"/Producer")
    data[at + 1 : at + 2] = b"p"
    path.write_bytes(bytes(data))
    code, said = _verify(signed, copy, capsys)
    assert code == 1 and "nội dung đã ký bị thay đổi" in said


def test_a_page_added_to_after_signing_is_refused(signed, tmp_path, capsys) -> None:
    """An incremental update after the last signature that changes the page (a blue box drawn on it)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    copy = _copy_dossier(signed, tmp_path)
    path = copy / "03-bao-cao-thanh-tich-td-cum-mttq-2023.pdf"
    with path.open("rb") as stream:
        writer = IncrementalPdfFileWriter(stream)
        drawn = writer.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 200 20 re f"))
        writer.add_stream_to_page(0, drawn)
        out = io.BytesIO()
        writer.write(out)
    path.write_bytes(out.getvalue())
    code, said = _verify(signed, copy, capsys)
    assert code == 1 and "tệp bị sửa sau khi ký" in said


def _sign_with(path: Path, key_file: Path, cert_file: Path) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    with path.open("rb") as stream:
        writer = IncrementalPdfFileWriter(stream)
        fields.append_signature_field(writer, fields.SigFieldSpec("Khac", box=(40, 40, 140, 80), on_page=0))
        out = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Khac"), signer=signer)
    path.write_bytes(out.getvalue())


def test_a_signature_by_someone_the_document_does_not_name_is_refused(signed, tmp_path, capsys) -> None:
    copy = _copy_dossier(signed, tmp_path)
    key_file, cert_file = pem_files(tmp_path, *signed["keys"]["THANG"])  # Tỉnh đoàn's Bí thư on the tờ trình
    _sign_with(copy / "01-to-trinh-cum-mttq-2023.pdf", key_file, cert_file)
    code, said = _verify(signed, copy, capsys)
    assert code == 1 and "người ký “Vi Văn Thắng” không phải người văn bản ghi là người ký" in said


def test_a_signature_under_an_untrusted_root_is_refused(signed, tmp_path, capsys) -> None:
    copy = _copy_dossier(signed, tmp_path)
    stranger = Authority.make("CA không được tin cậy")
    key_file, cert_file = pem_files(tmp_path, *stranger.issue("Nông Lương Chấn", ORGANISATION))
    _sign_with(copy / "01-to-trinh-cum-mttq-2023.pdf", key_file, cert_file)
    code, said = _verify(signed, copy, capsys)
    assert code == 1 and "chứng thư do “CA không được tin cậy” cấp, không thuộc các tổ chức được tin cậy" in said


def test_a_signature_dated_before_the_year_is_refused(signed) -> None:
    """The rule itself, on a window in the past: a file signed before its competition year belongs to
    another year's dossier."""
    from datetime import date

    from thidua.signing.facts import OUT_OF_WINDOW, Expected
    from thidua.signing.verify import check_pdf, load_roots

    path = signed["dossier"] / "01-to-trinh-cum-mttq-2023.pdf"
    roots = load_roots([str(signed["folder"] / "goc-thu-nghiem.pem")])
    window = Expected(("Nông Lương Chấn",), ORGANISATION, (date(2023, 1, 1), date(2024, 12, 31)))
    check = check_pdf(path.read_bytes(), path.name, roots, window)
    assert [s.problems for s in check.signatures] == [(OUT_OF_WINDOW,), (OUT_OF_WINDOW,)]


def _signed_outputs(signed: dict, tmp_path: Path, config: Path) -> tuple[Path, list[str]]:
    """A copy of the signed outputs, and the arguments that run on them with `config`."""
    out = tmp_path / "out"
    shutil.copytree(signed["folder"] / "out", out)
    common = ["--config", str(config), "--inputs", str(ROOT / "inputs"), "--outputs", str(out)]
    return out / "nam-2023-12" / FOLDER, common


def test_a_run_after_signing_keeps_every_signed_pdf(signed, tmp_path, capsys) -> None:
    """The month after everyone has signed, the office runs again and no document has changed: every signed
    PDF stays as signed, in the zip too, and the index still says who signed. (Each was replaced by a new,
    unsigned PDF without a word: five signatures on four files gone.)"""
    dossier, common = _signed_outputs(signed, tmp_path, signed["config"])
    before = {p.name: p.read_bytes() for p in dossier.glob("*.pdf")}
    capsys.readouterr()
    assert thidua("run", *common) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert {p.name: p.read_bytes() for p in dossier.glob("*.pdf")} == before
    assert sorted(p.name for p in dossier.iterdir() if "-20" in p.stem.rsplit("-", 2)[0]) == []  # no copy kept aside
    assert f"Giữ nguyên bản đã ký số của {', '.join(sorted(before))}: văn bản không thay đổi từ lần ký." in said
    with zipfile.ZipFile(dossier.parent / f"{FOLDER}.zip") as bundle:
        assert {n.split("/")[1]: bundle.read(n) for n in bundle.namelist() if n.endswith(".pdf")} == before
    index = (dossier / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_bytes().decode("utf-8-sig")
    assert "\r\nChữ ký số:\r\n" in index
    assert f"  + 02-bien-ban-cum-mttq-2023.pdf: Đã ký số bởi Lê Thu Trang, {ORGANISATION}, lúc" in index
    assert thidua("verify", "--config", str(signed["config"]), str(dossier)) == 0
    capsys.readouterr()
    thidua("sign", *common, "--pkcs11-lib", signed["library"], "--token", "VANTHU")  # nothing left to sign
    said = " ".join(capsys.readouterr().out.split())
    assert "Mọi tệp PDF của hồ sơ đã đủ chữ ký số của những người văn bản ghi tên." in said
    assert {p.name: p.read_bytes() for p in dossier.glob("*.pdf")} == before


def test_a_signed_pdf_whose_document_changed_is_kept_aside_and_signed_again(signed, tmp_path, capsys) -> None:
    """The tờ trình's number is corrected after it was signed: its new PDF is unsigned and the console says so;
    the signed one is kept under a new name (it was overwritten: `thidua sign` had recorded it as thidua's
    own), outside the zip; the documents that did not change keep their signatures."""
    config = signed["folder"] / "config-so-13.yaml"
    text = signed["config"].read_text(encoding="utf-8")
    config.write_text(text.replace("    number: 12\n", "    number: 13\n", 1), encoding="utf-8")
    dossier, common = _signed_outputs(signed, tmp_path, config)
    before = {p.name: p.read_bytes() for p in dossier.glob("*.pdf")}
    capsys.readouterr()
    assert thidua("run", *common) == 0
    said = " ".join(capsys.readouterr().out.split())
    proposal = "01-to-trinh-cum-mttq-2023.pdf"
    (kept,) = dossier.glob("01-to-trinh-cum-mttq-2023.da-ky-*.pdf")
    assert kept.read_bytes() == before[proposal] and b"/ByteRange" not in (dossier / proposal).read_bytes()
    assert f"{proposal}: văn bản đã thay đổi từ lần ký số nên bản PDF được lập lại; cần ký lại." in said
    assert f"{proposal} là bản đã ký số nên không bị ghi đè: bản đã ký được giữ ở “{kept}”" in said
    now = {p.name: p.read_bytes() for p in dossier.glob("*.pdf") if ".da-ky-" not in p.name}
    unchanged = {name for name in before if now[name] == before[name]}
    assert proposal not in unchanged and unchanged  # the reports and the minutes do not carry its number
    index = (dossier / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_bytes().decode("utf-8-sig")
    section = index.split("\r\nChữ ký số:\r\n")[1]
    assert f"  + {proposal}:" not in section and all(f"  + {name}: Đã ký số bởi" in section for name in unchanged)
    with zipfile.ZipFile(dossier.parent / f"{FOLDER}.zip") as bundle:
        assert not [n for n in bundle.namelist() if "da-ky" in n]
        assert bundle.read(f"{FOLDER}/{proposal}") == now[proposal]


def test_a_dossier_signed_before_origins_were_noted_is_kept_when_its_documents_are_the_same(
    signed, tmp_path, capsys
) -> None:
    """A dossier signed with a release that noted no origin beside each PDF (and whose PDFs a new release
    makes differently): the document beside each signed PDF says the same as the new one, so the signed
    PDFs stay; none is made again, none is kept aside."""
    import json

    dossier, common = _signed_outputs(signed, tmp_path, signed["config"])
    manifest = dossier.parent / ".thidua-manifest.json"
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({name: ["made by an older release", "0:0"] for name in entries}), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in dossier.glob("*.pdf")}
    capsys.readouterr()
    assert thidua("run", *common) == 0
    said = " ".join(capsys.readouterr().out.split())
    assert {p.name: p.read_bytes() for p in dossier.glob("*.pdf")} == before
    assert "Giữ nguyên bản đã ký số của" in said and "cần ký lại" not in said


def test_a_backup_brings_the_signed_dossier_back(signed, tmp_path, capsys) -> None:
    """The signatures are what thidua cannot make again: the backup keeps the signed PDFs (and nothing of the
    outputs it can make again), and after the outputs are lost the restore puts them back, still valid."""
    dossier, common = _signed_outputs(signed, tmp_path, signed["config"])
    before = {p.name: p.read_bytes() for p in dossier.glob("*.pdf")}
    archive = tmp_path / "sao-luu.zip"
    assert thidua("backup", *common, "--to", str(archive)) == 0
    with zipfile.ZipFile(archive) as bundle:
        kept = sorted(n.rsplit("/", 1)[-1] for n in bundle.namelist() if n.startswith("outputs/"))
    assert kept == sorted(before)
    shutil.rmtree(dossier.parent.parent)
    capsys.readouterr()
    assert thidua("restore", str(archive), *common, "--yes") == 0
    assert "4 tệp thidua không tự lập lại được" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in dossier.glob("*.pdf")} == before
    root = signed["folder"] / "goc-thu-nghiem.pem"
    assert all(ok for path in dossier.glob("*.pdf") for _, ok in _validate(path, root))


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)


def test_what_the_chair_edited_in_word_is_what_is_signed(signed, tmp_path, capsys) -> None:
    """The chair corrects a sentence of to-trinh.docx in Word after the run, then signs: the tờ trình's PDF is
    made again from the edited text before it is signed (it had signed the text as it was), and the copy in
    the dossier is the edited one. An edit to a document's copy in the dossier, after someone had signed its
    PDF, is carried in too: that signature is kept aside with the old PDF and the console says so. The next
    signer's pass makes nothing again."""
    from docx import Document as Word

    out = tmp_path / "out"
    common = ["--config", str(signed["config"]), "--inputs", str(ROOT / "inputs"), "--outputs", str(out)]
    assert thidua("run", *common) == 0
    year = out / "nam-2023-12"
    dossier = year / FOLDER
    added = "Văn phòng bổ sung: đề nghị xét khen thưởng đúng tiến độ."
    proposal = Word(str(year / "to-trinh.docx"))
    asked = next(p for p in proposal.paragraphs if p.text.startswith("Kính trình"))  # the sentence corrected
    asked.runs[-1].text += " " + added
    proposal.save(str(year / "to-trinh.docx"))
    capsys.readouterr()
    sign = ["sign", *common, "--pkcs11-lib", signed["library"]]
    assert thidua(*sign, "--token", "CHAN") == 0
    said = " ".join(capsys.readouterr().out.split())
    assert "01-to-trinh-cum-mttq-2023.pdf được lập lại từ to-trinh.docx (đã sửa bằng Word sau khi lập hồ sơ)" in said
    assert f"Còn chờ chữ ký số: 01-to-trinh-cum-mttq-2023.pdf ({ORGANISATION}); 02-bien-ban-cum-mttq-2023.pdf" in said
    assert added in _text(dossier / "01-to-trinh-cum-mttq-2023.pdf")
    assert added in "\n".join(p.text for p in Word(str(dossier / "01-to-trinh-cum-mttq-2023.docx")).paragraphs)
    root = signed["folder"] / "goc-thu-nghiem.pem"
    assert _validate(dossier / "01-to-trinh-cum-mttq-2023.pdf", root) == [("Nông Lương Chấn", True)]

    minutes = dossier / "02-bien-ban-cum-mttq-2023.docx"
    corrected = Word(str(minutes))
    corrected.add_paragraph("Thư ký ghi bổ sung: cuộc họp kết thúc lúc 11 giờ 30.")
    corrected.save(str(minutes))
    capsys.readouterr()
    assert thidua(*sign, "--token", "TRANG") == 0
    said = " ".join(capsys.readouterr().out.split())
    (kept,) = dossier.glob("02-bien-ban-cum-mttq-2023.da-ky-*.pdf")
    assert _validate(kept, root) == [("Nông Lương Chấn", True)]  # what the chair had signed, kept
    with zipfile.ZipFile(year / f"{FOLDER}.zip") as bundle:  # made again by the signing, of the dossier alone
        assert sorted(n.split("/")[1] for n in bundle.namelist()) == sorted(
            p.name for p in dossier.iterdir() if ".da-ky-" not in p.name
        )
    assert "02-bien-ban-cum-mttq-2023.pdf được lập lại từ 02-bien-ban-cum-mttq-2023.docx" in said
    assert "cuộc họp kết thúc lúc 11 giờ 30" in _text(dossier / "02-bien-ban-cum-mttq-2023.pdf")
    assert _validate(dossier / "02-bien-ban-cum-mttq-2023.pdf", root) == [("Lê Thu Trang", True)]
    index = (dossier / "00-danh-muc-ho-so-cum-mttq-2023.txt").read_bytes().decode("utf-8-sig")
    lacking = f"Còn thiếu chữ ký số của Nông Lương Chấn, {ORGANISATION}."  # it is not signed until all have
    assert f"  + 02-bien-ban-cum-mttq-2023.pdf: {lacking}" in index
    capsys.readouterr()
    assert thidua("verify", "--config", str(signed["config"]), str(dossier)) == 0  # nothing refused
    assert lacking in " ".join(capsys.readouterr().out.split())
    before = {p.name: p.read_bytes() for p in dossier.glob("*.pdf")}
    capsys.readouterr()
    assert thidua(*sign, "--token", "BINH") == 0
    assert "được lập lại" not in capsys.readouterr().out
    assert _validate(dossier / "01-to-trinh-cum-mttq-2023.pdf", root) == [("Nông Lương Chấn", True)]
    assert {n: d for n, d in before.items() if "04-" not in n} == {
        p.name: p.read_bytes() for p in dossier.glob("*.pdf") if "04-" not in p.name
    }
