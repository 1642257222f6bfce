"""The province's portal attacked where a real deployment is weak (issue 28), against a real `thidua serve
--province` on SQLite and on PostgreSQL: each office signs in to its own cluster only, with its own
password; the board judges exactly the dossier it opened, and a send racing a judgement never slips past
it; sessions and codes end with their reason; one person's wrong passwords lock nobody else out; a file
sent as a dossier is what it claims to be; an office reaches no other cluster's rows."""

from __future__ import annotations

import io
import itertools
import threading
import zipfile
from pathlib import Path

import pyotp
import pytest
import requests
from conftest import served, write_edited_yaml
from test_province import TODAY, province_copy, thidua
from test_province_portal import (
    BOARD_PASSWORD,
    COMMUNES,
    COUNCIL_PASSWORD,
    KHOI,
    MTTQ,
    OFFICE_PASSWORDS,
    accounts,
    board_login,
    judge,
    office_login,
    opened_form,
    province_store,
    send_dossier,
    token,
)

from thidua.state.dossiers import ACCEPTED, SENT
from thidua.state.store import open_store


@pytest.fixture()
def province(example_province: Path, tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """A copy of the example province behind a trusted proxy on 127.0.0.1 (so a test can speak for many
    addresses), on the given back end; (its folder, the board's TOTP seed)."""
    folder = province_copy(example_province, tmp_path / "tinh", database)
    config = folder / "province.yaml"
    write_edited_yaml(config, config, lambda data: data["portal"].update(trusted_proxy="127.0.0.1"))
    return folder, accounts(folder, monkeypatch)


def typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text + "\n"))


def a_zip(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("to-trinh.txt", text)
    return path


def test_each_office_signs_in_to_its_own_cluster_with_its_own_password(province, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, _ = province
    with province_store(folder) as store:
        rows = {code: store.for_cluster(code).office_account() for code in OFFICE_PASSWORDS}
    assert {code: row["cluster"] for code, row in rows.items()} == {code: code for code in OFFICE_PASSWORDS}
    assert len({row["id"] for row in rows.values()}) == 3  # three rows, not one moved from cluster to cluster
    with served(None, today=TODAY, province=folder) as base:
        for code in OFFICE_PASSWORDS:
            for other, password in OFFICE_PASSWORDS.items():
                office_login(base, code, password, 302 if other == code else 401)
        kept = office_login(base, MTTQ)
        typed(monkeypatch, "mat-khau-moi-cua-cum-xa-phuong")
        assert thidua("chair-password", "--province", str(folder), "--cluster", COMMUNES) == 0
        assert kept.get(f"{base}/c/{MTTQ}/chu-tri/", allow_redirects=False).status_code == 200  # MTTQ untouched
        office_login(base, MTTQ)
        office_login(base, COMMUNES, OFFICE_PASSWORDS[COMMUNES], 401)  # the old password of the one changed
        office_login(base, COMMUNES, "mat-khau-moi-cua-cum-xa-phuong")
        office_login(base, MTTQ, "mat-khau-moi-cua-cum-xa-phuong", 401)


def test_the_board_judges_exactly_the_dossier_it_opened(province, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder, seed = province
    first, second = a_zip(tmp_path, "lan-1.zip", "lần 1"), a_zip(tmp_path, "lan-2.zip", "lần 2")
    with served(None, today=TODAY, province=folder) as base:
        office = office_login(base, COMMUNES)
        assert send_dossier(office, base, COMMUNES, first).status_code == 200
        board = board_login(base, "can-bo-so", BOARD_PASSWORD, pyotp.TOTP(seed).now())
        seen = opened_form(board, base, COMMUNES, "chap-nhan")  # the board opens the page: dossier 1
        assert seen["ho_so"] and seen["sha"]
        assert send_dossier(office, base, COMMUNES, second).status_code == 200  # the office sends dossier 2

        stale = judge(board, base, COMMUNES, "chap-nhan", form=seen)
        assert stale.status_code == 409
        assert "Việc chấp nhận hoặc trả lại" in stale.text and "chưa được ghi" in stale.text
        assert "lan-1" in stale.text and "lan-2" in stale.text  # both shown, by the names the office gave
        with province_store(folder) as store:
            latest = store.for_cluster(COMMUNES).own_dossier_history(2023)[0]
        assert (latest["action"], latest["original"]) == (SENT, "lan-2")  # dossier 2 still waits, unjudged

        forged = judge(board, base, COMMUNES, "chap-nhan", form={**seen, "ho_so": str(latest["id"])})
        assert forged.status_code == 409  # the right id with the wrong content judges nothing either
        assert judge(board, base, COMMUNES, "chap-nhan").status_code == 200  # after opening dossier 2
        with province_store(folder) as store:
            history = store.for_cluster(COMMUNES).own_dossier_history(2023)
        assert (history[0]["action"], history[0]["sha256"]) == (ACCEPTED, latest["sha256"])
        late = send_dossier(office, base, COMMUNES, first)
        assert late.status_code == 409 and "đã chấp nhận hồ sơ" in late.text


def test_a_send_racing_a_judgement_never_slips_past_it(database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The office sends while the board accepts the dossier before it, 30 times at once: every acceptance
    names the sending just before it, and nothing is sent after an acceptance."""
    with open_store(database or tmp_path / "portal.sqlite3") as store:
        cluster = store.for_cluster(COMMUNES)
        for year in range(2001, 2031):
            opened = cluster.send_dossier(year, "chair", "a.zip", "a", "sha-a")
            assert opened is not None
            barrier = threading.Barrier(2)

            def send(year: int = year, barrier: threading.Barrier = barrier) -> None:
                barrier.wait()
                cluster.send_dossier(year, "chair", "b.zip", "b", "sha-b")

            def accept(year: int = year, opened: int = opened, barrier: threading.Barrier = barrier) -> None:
                barrier.wait()
                cluster.judge_dossier(year, ACCEPTED, "board:x", "", opened, "sha-a")

            threads = [threading.Thread(target=send), threading.Thread(target=accept)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            events = list(reversed(cluster.own_dossier_history(year)))
            for before, event in itertools.pairwise(events):
                if event["action"] == ACCEPTED:
                    assert (before["action"], before["sha256"]) == (SENT, event["sha256"]), events
                assert before["action"] != ACCEPTED, events


def test_sessions_and_codes_end_with_their_reason(province, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    folder, seed = province
    where = ["--province", str(folder)]
    with served(None, today=TODAY, province=folder) as base:
        code = pyotp.TOTP(seed).now()
        board = board_login(base, "can-bo-so", BOARD_PASSWORD, code)
        assert board.get(f"{base}/tinh/tien-do").status_code == 200
        assert board_login(base, "can-bo-so", BOARD_PASSWORD, code).status == 401  # a code is good once

        typed(monkeypatch, BOARD_PASSWORD)  # the board's account becomes a council member's
        assert thidua("accounts", *where, "--role", "council", "--username", "can-bo-so") == 0
        moved = board.get(f"{base}/tinh/tien-do", allow_redirects=False)
        assert moved.status_code == 302 and "dang-nhap" in moved.headers["Location"]

        council = board_login(base, "uy-vien-hd", COUNCIL_PASSWORD)
        assert council.get(f"{base}/tinh/de-nghi").status_code == 200
        assert thidua("accounts", *where, "--username", "uy-vien-hd", "--disable") == 0
        assert council.get(f"{base}/tinh/de-nghi", allow_redirects=False).status_code == 302
        assert board_login(base, "uy-vien-hd", COUNCIL_PASSWORD).status == 401
        assert thidua("accounts", *where, "--username", "uy-vien-hd", "--enable") == 0
        assert board_login(base, "uy-vien-hd", COUNCIL_PASSWORD).status == 302
        assert thidua("accounts", *where, "--username", "uy-vien-hd", "--remove") == 0
        assert board_login(base, "uy-vien-hd", COUNCIL_PASSWORD).status == 401
        assert thidua("accounts", *where, "--username", "uy-vien-hd", "--remove") == 2  # nothing left to remove
    with province_store(folder) as store:
        assert store.account("uy-vien-hd") is None and store.account("can-bo-so")["role"] == "council"


def from_address(session: requests.Session, address: str) -> requests.Session:
    session.headers["X-Forwarded-For"] = address  # the trusted proxy on 127.0.0.1 speaks for the client
    return session


def test_one_persons_wrong_passwords_lock_nobody_else_out(province) -> None:  # type: ignore[no-untyped-def]
    folder, seed = province
    with served(None, today=TODAY, province=folder) as base:
        guesser = from_address(requests.Session(), "203.0.113.7")
        login = f"{base}/c/{COMMUNES}/chu-tri/dang-nhap"
        answers = [
            guesser.post(login, data={"csrf_token": token(guesser, login), "mat_khau": f"sai-{n}"}).status_code
            for n in range(6)
        ]
        assert answers == [401] * 5 + [429]
        office_login(base, MTTQ)  # the same address's count is that cluster's own
        assert board_login(base, "can-bo-so", BOARD_PASSWORD, pyotp.TOTP(seed).now()).status == 302

        # The council member signs in once from their own browser; then a crowd guesses their password.
        own = board_login(base, "uy-vien-hd", COUNCIL_PASSWORD)
        own.cookies.pop("thidua_phien_tinh")  # signed out, the browser keeps its trusted-browser cookie
        for n in range(30):
            crowd = from_address(requests.Session(), f"198.51.100.{n}")
            form = {"csrf_token": token(crowd, f"{base}/tinh/dang-nhap"), "ten": "uy-vien-hd", "mat_khau": "sai"}
            crowd.post(f"{base}/tinh/dang-nhap", data=form)
        stranger = board_login(base, "uy-vien-hd", COUNCIL_PASSWORD)
        assert stranger.status == 429  # type: ignore[attr-defined]  # unknown browsers are locked out of it
        form = {"csrf_token": token(own, f"{base}/tinh/dang-nhap"), "ten": "uy-vien-hd", "mat_khau": COUNCIL_PASSWORD}
        assert own.post(f"{base}/tinh/dang-nhap", data=form, allow_redirects=False).status_code == 302


def test_a_dossier_is_what_it_claims_to_be(province, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from docx import Document
    from pypdf import PdfWriter

    folder, _ = province
    fakes = {
        "zip-that-is-html.zip": b"PK\x03\x04<html><script>alert(1)</script></html>",
        "pdf-that-is-html.pdf": b"%PDF-<html>alert(1)</html>",
        "cut-short.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "empty.zip": b"PK\x05\x06" + b"\0" * 18,
    }
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    pdf = io.BytesIO()
    writer.write(pdf)
    word = io.BytesIO()
    Document().save(word)
    with served(None, today=TODAY, province=folder) as base:
        office = office_login(base, KHOI)
        for name, data in fakes.items():
            (tmp_path / name).write_bytes(data)
            refused = send_dossier(office, base, KHOI, tmp_path / name)
            assert refused.status_code == 400 and "mở được" in refused.text, name
        assert list((folder / "portal-data" / "cum" / KHOI).glob("ho-so-de-nghi/**/*.*")) == []
        for name, data in (("to-trinh-da-ky.pdf", pdf.getvalue()), ("to-trinh.docx", word.getvalue())):
            (tmp_path / name).write_bytes(data)
            assert send_dossier(office, base, KHOI, tmp_path / name).status_code == 200, name
        kept = sorted(p.suffix for p in (folder / "portal-data" / "cum" / KHOI).glob("ho-so-de-nghi/**/*.*"))
        assert kept == [".docx", ".pdf"]


def test_an_office_reaches_no_other_clusters_rows(province, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An upload's id is a sequential number: the office of another cluster that guesses it finds nothing;
    the clusters' own forms need their CSRF token as the board's do."""
    from openpyxl import load_workbook

    folder, _ = province
    source = next((folder / MTTQ / "inputs" / "2023" / "T06").glob("*HND*.xlsx"))
    changed = tmp_path / "bao-cao-thang-6.xlsx"
    book = load_workbook(source)
    book["Thuyết minh"]["C7"] = "Sửa lại thuyết minh để tệp khác bản đã nhận."
    book.save(changed)
    with served(None, today=TODAY, province=folder) as base:
        mttq = office_login(base, MTTQ)
        page = f"{base}/c/{MTTQ}/chu-tri/"
        form = {"csrf_token": token(mttq, page)}
        result = mttq.post(f"{page}nop-thay", data=form, files={"tep": (changed.name, changed.read_bytes())})
        assert result.status_code == 200 and "/ket-qua/" in result.url
        upload_id = result.url.rsplit("/", 1)[-1]
        assert mttq.get(f"{base}/c/{MTTQ}/chu-tri/ket-qua/{upload_id}").status_code == 200
        communes = office_login(base, COMMUNES)
        for path in (f"ket-qua/{upload_id}", f"ket-qua/{upload_id}/ban-phan-hoi.xlsx"):
            assert communes.get(f"{base}/c/{COMMUNES}/chu-tri/{path}").status_code == 404, path
        for code in (MTTQ, COMMUNES):
            login = f"{base}/c/{code}/chu-tri/dang-nhap"
            no_token = requests.post(login, data={"mat_khau": OFFICE_PASSWORDS[code]})
            assert no_token.status_code == 400 and "Phiên làm việc đã hết hạn" in no_token.text
            forged = requests.post(f"{base}/c/{code}/chu-tri/nop-thay", files={"tep": ("x.xlsx", b"PK")})
            assert forged.status_code in (400, 403)
