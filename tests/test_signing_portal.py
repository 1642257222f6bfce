"""Signing through the portal, against a real `thidua serve` process: the office's page hands VGCA's desktop
signing service two one-time links, and this test plays that service exactly, over HTTP (fetch the PDF,
sign it with pyHanko, post it back as a form upload, read the JSON answer). A file changed after signing,
signed by the wrong person or under an untrusted root, and a link used twice, expired or outliving the
office's session are each refused with their Vietnamese reason. Then a province: what an office sends the
board is checked, and the board's page says who signed each file."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
import requests
from conftest import ROOT, served
from test_signing import ORGANISATION, _config, thidua
from tokens import Authority, pem_files

FOLDER = "ho-so-khen-thuong-cum-mttq-2023"
BUILD = "a1b2c3d4e5f60718"
PASSWORD = "mat-khau-van-phong-cum-mttq"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is needed for the dossier's PDFs (.ci/run installs it)")
    from thidua.state.access import OFFICE_USERNAME
    from thidua.state.store import open_store

    folder = tmp_path_factory.mktemp("ky-so-cong")
    authority = Authority.make()
    config = _config(folder, authority.write_root(folder / "goc-thu-nghiem.pem"))
    inputs, out = folder / "inputs", folder / "outputs"
    shutil.copytree(ROOT / "inputs", inputs)
    assert thidua("run", "--config", str(config), "--inputs", str(inputs), "--outputs", str(out)) == 0
    shutil.copytree(out / "nam-2023-12", folder / "portal-data" / "builds" / BUILD / "outputs" / "nam-2023-12")
    with open_store(folder / "portal-data" / "portal.sqlite3") as store:
        store.set_password(OFFICE_USERNAME, PASSWORD)
    keys = {name: pem_files(_own(folder, name), *authority.issue(name, organisation)) for name, organisation in (
        ("Nông Lương Chấn", ORGANISATION), ("Vi Văn Thắng", "Tỉnh đoàn Lạng Sơn"),
    )}  # fmt: skip
    stranger = Authority.make("CA không được tin cậy")
    keys["stranger"] = pem_files(_own(folder, "stranger"), *stranger.issue("Nông Lương Chấn", ORGANISATION))
    return {"folder": folder, "config": config, "inputs": inputs, "outputs": out, "keys": keys}


def _own(folder: Path, name: str) -> Path:
    path = folder / "khoa" / re.sub(r"\W", "-", name)
    path.mkdir(parents=True)
    return path


def _login(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/chu-tri/dang-nhap").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]  # type: ignore[index]
    assert session.post(f"{base}/chu-tri/dang-nhap", data={"csrf_token": csrf, "mat_khau": PASSWORD}).ok
    return session


def _links(office_session: requests.Session, base: str, n: int = 0) -> dict:
    """What the page's script asks for and hands to vgcaplugin.js."""
    page = office_session.get(f"{base}/chu-tri/ky-so/{BUILD}")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    csrf = re.search(r'data-csrf="([^"]+)"', page.text)[1]  # type: ignore[index]
    url = re.findall(r'data-lien-ket="([^"]+)"', page.text)[n]
    answer = office_session.post(base + url, headers={"X-CSRFToken": csrf, "Referer": f"{base}/chu-tri/"})
    assert answer.status_code == 200, answer.text
    return answer.json()


def _sign(data: bytes, key: tuple[Path, Path]) -> bytes:
    """The desktop service's part: an incremental signature on the very file it fetched."""
    import secrets

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load(str(key[0]), str(key[1]))
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    field = f"VGCA-{secrets.token_hex(4)}"
    fields.append_signature_field(writer, fields.SigFieldSpec(field, box=(340, 520, 480, 580), on_page=-1))
    return signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name=field), signer=signer).getvalue()


def _service(links: dict, key: tuple[Path, Path], change=None) -> requests.Response:  # type: ignore[no-untyped-def]
    """VGCA's service, with no cookie of the office: fetch, sign, post the file back as a form."""
    fetched = requests.get(links["FileName"])
    assert fetched.status_code == 200 and fetched.content.startswith(b"%PDF")
    signed = _sign(fetched.content, key)
    if change:
        signed = change(signed)
    return requests.post(links["FileUploadHandler"], files={"uploadfile": ("signed.pdf", signed, "application/pdf")})


def test_the_desktop_service_signs_through_one_time_links(office) -> None:
    with served(office["config"], office["inputs"], office["outputs"], today=date(2026, 12, 3)) as base:
        chair = _login(base)
        links = _links(chair, base)
        assert set(links) == {"FileName", "FileUploadHandler", "SessionId"}
        answer = _service(links, office["keys"]["Nông Lương Chấn"])
        assert answer.status_code == 200, answer.text
        said = answer.json()
        assert said["Status"] is True and said["FileName"] == "01-to-trinh-cum-mttq-2023.pdf"
        assert "Đã ký số bởi Nông Lương Chấn, Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn" in said["Message"]
        page = chair.get(f"{base}/chu-tri/ky-so/{BUILD}").text
        assert "Đã ký số bởi Nông Lương Chấn" in " ".join(page.split())
        kept = office["folder"] / "portal-data" / "builds" / BUILD / "outputs" / "nam-2023-12"
        with zipfile.ZipFile(kept / f"{FOLDER}.zip") as bundle:  # the zip made again with the signed file
            assert (
                bundle.read(f"{FOLDER}/01-to-trinh-cum-mttq-2023.pdf")
                == (kept / FOLDER / "01-to-trinh-cum-mttq-2023.pdf").read_bytes()
            )
        again = requests.post(
            links["FileUploadHandler"], files={"uploadfile": ("x.pdf", b"%PDF-1.7", "application/pdf")}
        )
        assert again.status_code == 403 and "đã được dùng" in again.json()["Message"]  # a replay
        assert requests.get(links["FileName"]).status_code == 403  # the fetch link too: once


def test_what_the_service_posts_back_wrong_is_refused(office) -> None:
    def changed(signed: bytes) -> bytes:
        """A digit of the signing time in the signature's own dictionary, which the signature covers."""
        at = signed.rindex(b"/M (D\\072") + 12  # pyHanko writes the colon as \072
        return signed[:at] + (b"1" if signed[at : at + 1] != b"1" else b"2") + signed[at + 1 :]

    cases = [  # (which document, whose key, what becomes of the file, why it is refused)
        (2, office["keys"]["Nông Lương Chấn"], changed, "nội dung đã ký bị thay đổi"),
        (1, office["keys"]["Vi Văn Thắng"], None, "người ký “Vi Văn Thắng” không phải người văn bản ghi là người ký"),
        (2, office["keys"]["stranger"], None, "không thuộc các tổ chức được tin cậy"),
    ]
    with served(office["config"], office["inputs"], office["outputs"], today=date(2026, 12, 3)) as base:
        chair = _login(base)
        for n, key, change, reason in cases:
            answer = _service(_links(chair, base, n), key, change)
            assert answer.status_code == 400 and answer.json()["Status"] is False, answer.text
            assert reason in answer.json()["Message"]


def test_a_link_expired_or_outliving_the_session_is_refused(office) -> None:
    from sqlalchemy import update

    from thidua.state.schema import handoffs
    from thidua.state.store import open_store

    with served(office["config"], office["inputs"], office["outputs"], today=date(2026, 12, 3)) as base:
        chair = _login(base)
        links = _links(chair, base, 1)
        with open_store(office["folder"] / "portal-data" / "portal.sqlite3") as store, store.write() as db:
            db.execute(update(handoffs).values(expires="2000-01-01T00:00:00+07:00"))
        assert "hết hạn" in requests.get(links["FileName"]).json()["Message"]
        links = _links(chair, base, 1)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', chair.get(f"{base}/chu-tri/").text)[1]  # type: ignore[index]
        chair.post(f"{base}/chu-tri/dang-xuat", data={"csrf_token": csrf})
        assert "Phiên đăng nhập của Văn phòng đã kết thúc" in requests.get(links["FileName"]).json()["Message"]


def test_the_board_sees_who_signed_and_an_office_cannot_send_a_changed_file(
    office, example_province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyotp
    from test_province import province_copy
    from test_province_portal import COMMUNES, accounts, board_login, office_login, send_dossier

    folder = province_copy(example_province, tmp_path / "tinh")
    root = office["folder"] / "goc-thu-nghiem.pem"
    with (folder / COMMUNES / "config.yaml").open("a", encoding="utf-8") as typed:
        typed.write(f"\nsigning:\n  trusted_roots: [{root}]\n")
    seed = accounts(folder, monkeypatch)
    archive = folder / COMMUNES / "outputs" / "lam-viec" / "cham-diem-2023" / "ho-so-khen-thuong-cum-xa-phuong-2023.zip"
    pdf = (office["outputs"] / "nam-2023-12" / FOLDER / "01-to-trinh-cum-mttq-2023.pdf").read_bytes()
    signed = _sign(pdf, office["keys"]["Nông Lương Chấn"])
    good, bad = tmp_path / "ho-so.zip", tmp_path / "ho-so-sua.zip"
    for target, extra in ((good, signed), (bad, signed.replace(b"/Producer", b"/Pxoducer", 1))):
        with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as bundle:
            for item in source.infolist():
                bundle.writestr(item, source.read(item))
            bundle.writestr("ho-so-khen-thuong-cum-xa-phuong-2023/05-to-trinh-da-ky.pdf", extra)
    with served(None, province=folder, today=date(2024, 1, 25)) as base:
        sender = office_login(base, COMMUNES)
        refused = send_dossier(sender, base, COMMUNES, bad)
        assert refused.status_code == 400 and "chữ ký số không đạt" in " ".join(refused.text.split())
        assert send_dossier(sender, base, COMMUNES, good).status_code == 200
        board = board_login(base, "can-bo-so", "so-noi-vu-mat-khau", pyotp.TOTP(seed).now())
        page = " ".join(board.get(f"{base}/tinh/ho-so").text.split())
        assert "05-to-trinh-da-ky.pdf: Đã ký số bởi Nông Lương Chấn, Ủy ban MTTQ Việt Nam tỉnh Lạng Sơn" in page
