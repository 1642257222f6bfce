"""The province's portal as its people use it, against a real `thidua serve --province` process: an office
sends its dossier, the board (with its TOTP code) returns it with a reason, the office reads the reason
and sends again, the board accepts, the council's list follows; on SQLite and on PostgreSQL. Then every
role tried on every route of every cluster, and the attacks on the boundaries between them."""

from __future__ import annotations

import re
from pathlib import Path

import pyotp
import pytest
import requests
from conftest import served
from test_province import TODAY, province_copy, table_rows, text_of, thidua

from thidua.config.province import load_province
from thidua.state.place import in_province
from thidua.state.store import open_store

BOARD_PASSWORD, COUNCIL_PASSWORD = "so-noi-vu-mat-khau", "hoi-dong-mat-khau"
COMMUNES, MTTQ, KHOI = "cum-xa-phuong", "cum-mttq", "khoi-kinh-te"
# Each cluster's office sets its own password, as offices do: one shared password would hide an account
# that one cluster's password opens for another.
OFFICE_PASSWORDS = {COMMUNES: "mat-khau-cum-xa-phuong", MTTQ: "mat-khau-cum-mttq-2023", KHOI: "mat-khau-khoi-kinh-te"}


def province_store(folder: Path):  # type: ignore[no-untyped-def]
    province = load_province(folder)
    return open_store(in_province(folder, province.portal.state, province.portal.database, "").database_url())


def accounts(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The board's account (with TOTP), a council member's, two offices' passwords; the board's seed."""
    import io

    def typed(password: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))

    typed(BOARD_PASSWORD)
    where = ["--province", str(folder)]
    assert thidua("accounts", *where, "--role", "board", "--username", "can-bo-so", "--totp") == 0
    typed(COUNCIL_PASSWORD)
    assert thidua("accounts", *where, "--role", "council", "--username", "uy-vien-hd") == 0
    for code, password in OFFICE_PASSWORDS.items():
        typed(password)
        assert thidua("chair-password", *where, "--cluster", code) == 0
    with province_store(folder) as store:
        return str(store.account("can-bo-so")["totp_secret"])


def token(session: requests.Session, url: str) -> str:
    page = session.get(url)
    assert page.status_code == 200, (url, page.status_code)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, url
    return found[1]


def board_login(base: str, username: str, password: str, code: str = "") -> requests.Session:
    session = requests.Session()
    form = {"csrf_token": token(session, f"{base}/tinh/dang-nhap"), "ten": username, "mat_khau": password, "ma": code}
    answer = session.post(f"{base}/tinh/dang-nhap", data=form, allow_redirects=False)
    session.status = answer.status_code  # type: ignore[attr-defined]
    return session


def office_login(base: str, code: str, password: str = "", expected: int = 302) -> requests.Session:
    """Cluster `code`'s office signs in (with its own password unless another is given)."""
    session = requests.Session()
    login = f"{base}/c/{code}/chu-tri/dang-nhap"
    form = {"csrf_token": token(session, login), "mat_khau": password or OFFICE_PASSWORDS[code]}
    answer = session.post(login, data=form, allow_redirects=False)
    assert answer.status_code == expected, (code, answer.status_code)
    return session


def send_dossier(session: requests.Session, base: str, code: str, archive: Path, name: str = "") -> requests.Response:
    page = f"{base}/c/{code}/chu-tri/ho-so-de-nghi"
    files = {"tep": (name or archive.name, archive.read_bytes(), "application/zip")}
    return session.post(page, data={"csrf_token": token(session, page)}, files=files)


def opened_form(session: requests.Session, base: str, code: str, action: str) -> dict[str, str]:
    """The hidden fields of the board's form for `code` and `action` as the dossiers page shows it now:
    its CSRF token and the dossier it names (empty when the page offers no such form)."""
    page = session.get(f"{base}/tinh/ho-so").text
    form = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page)[1]}  # type: ignore[index]
    found = re.search(rf'action="/tinh/ho-so/{code}/{action}"[^>]*>(.*?)</form>', page, re.S)
    for name, value in re.findall(r'name="(ho_so|sha)" value="([^"]*)"', found[1] if found else ""):
        form[name] = value
    return form


def judge(
    session: requests.Session, base: str, code: str, action: str, reason: str = "", form: dict | None = None
) -> requests.Response:
    """The board judges what its page shows (or, given `form`, what a page it opened earlier showed)."""
    form = {**(form or opened_form(session, base, code, action)), "ly_do": reason}
    return session.post(f"{base}/tinh/ho-so/{code}/{action}", data=form)


@pytest.fixture()
def province(example_province: Path, tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch) -> tuple:
    folder = province_copy(example_province, tmp_path / "tinh", database)
    return folder, accounts(folder, monkeypatch)


def test_a_dossier_from_the_office_to_the_board_and_the_council_list(province) -> None:  # type: ignore[no-untyped-def]
    folder, seed = province
    archive = folder / COMMUNES / "outputs" / "lam-viec" / "cham-diem-2023" / "ho-so-khen-thuong-cum-xa-phuong-2023.zip"
    with served(None, today=TODAY, province=folder) as base:
        assert board_login(base, "can-bo-so", BOARD_PASSWORD).status == 401  # the code is required
        assert board_login(base, "can-bo-so", BOARD_PASSWORD, "000000").status == 401
        board = board_login(base, "can-bo-so", BOARD_PASSWORD, pyotp.TOTP(seed).now())
        assert board.status == 302  # type: ignore[attr-defined]
        grid = board.get(f"{base}/tinh/tien-do").text
        assert "Khối thi đua các sở, ngành kinh tế tổng hợp tỉnh" in grid and "0/5 · 5 chưa nộp" in grid

        office = office_login(base, COMMUNES)
        page = office.get(f"{base}/c/{COMMUNES}/chu-tri/ho-so-de-nghi").text
        assert "Chưa gửi hồ sơ nào lên Sở Nội vụ tỉnh Lạng Sơn" in page
        assert send_dossier(office, base, COMMUNES, archive).status_code == 200
        listing = board.get(f"{base}/tinh/ho-so").text
        event = re.search(r'/tinh/ho-so/(\d+)"', listing)
        assert "đã nhận, chờ xem xét" in listing and event
        assert board.get(f"{base}/tinh/ho-so/{event[1]}").content == archive.read_bytes()

        assert judge(board, base, COMMUNES, "tra-lai").status_code == 400  # a return says why
        reason = "Thiếu biên bản họp bình xét có chữ ký của các thành viên"
        assert judge(board, base, COMMUNES, "tra-lai", reason).status_code == 200
        seen = office.get(f"{base}/c/{COMMUNES}/chu-tri/ho-so-de-nghi").text
        assert f"Lý do: {reason}" in seen
        assert reason in office.get(f"{base}/c/{COMMUNES}/chu-tri/nhat-ky").text  # and in its own ledger

        draft = text_of_download(board, f"{base}/tinh/danh-sach-de-nghi.docx", folder / "returned.docx")
        assert "hồ sơ của Cụm thi đua Ủy ban Mặt trận Tổ quốc các phường, xã thành phố Lạng Sơn đã trả lại" in draft

        assert send_dossier(office, base, COMMUNES, archive).status_code == 200
        assert judge(board, base, COMMUNES, "chap-nhan").status_code == 200
        assert judge(board, base, COMMUNES, "chap-nhan").status_code == 409  # nothing waits any more
        accepted = text_of_download(board, f"{base}/tinh/danh-sach-de-nghi.docx", folder / "accepted.docx")
        assert "phường, xã thành phố Lạng Sơn đã trả lại" not in accepted
        assert "chưa nhận hồ sơ đề nghị của Cụm thi đua Mặt trận Tổ quốc" in accepted  # the other cluster's
        rows = table_rows(folder / "accepted.docx")
        assert any(r[7] == "đã chấp nhận" for r in rows)

        council = board_login(base, "uy-vien-hd", COUNCIL_PASSWORD)
        assert council.get(f"{base}/tinh/de-nghi").status_code == 200
        assert council.get(f"{base}/tinh/tien-do").status_code == 403
        assert judge(council, base, MTTQ, "chap-nhan").status_code == 403


def text_of_download(session: requests.Session, url: str, target: Path) -> str:
    answer = session.get(url)
    assert answer.status_code == 200, url
    target.write_bytes(answer.content)
    return text_of(target)


# Every page a role might try, by who may open it: "anyone", "board", "council", "office:<code>", "unit:<code>".
ROUTES = [
    ("/tinh/tien-do", {"board"}),
    ("/tinh/de-nghi", {"board", "council"}),
    ("/tinh/ho-so", {"board", "council"}),
    (f"/tinh/cum/{MTTQ}/", {"board"}),
    ("/tinh/tong-hop-tinh.xlsx", {"board"}),
    ("/tinh/danh-sach-de-nghi.docx", {"board", "council"}),
    (f"/c/{MTTQ}/chu-tri/", {f"office:{MTTQ}"}),
    (f"/c/{MTTQ}/chu-tri/ho-so-de-nghi", {f"office:{MTTQ}"}),
    (f"/c/{MTTQ}/chu-tri/nhat-ky", {f"office:{MTTQ}"}),
    (f"/c/{MTTQ}/chu-tri/phat-hien", {f"office:{MTTQ}"}),
    (f"/c/{COMMUNES}/chu-tri/", {f"office:{COMMUNES}"}),
    (f"/c/{COMMUNES}/chu-tri/ho-so-de-nghi", {f"office:{COMMUNES}"}),
    (f"/c/{MTTQ}/don-vi", {f"unit:{MTTQ}"}),
    (f"/c/{COMMUNES}/don-vi", set()),
]


def _unit_session(base: str, link: str) -> requests.Session:
    session = requests.Session()
    assert session.get(f"{base}/c/{MTTQ}/u/{link}").status_code == 200
    return session


def test_every_role_on_every_route_of_every_cluster(example_province: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each role opens what it may and nothing else: another cluster's office pages, the board's pages for
    an office or a unit, the board's for the council, a cluster's for the board (it reads them through
    its own pages, never as an office)."""
    folder = province_copy(example_province, tmp_path / "tinh")
    seed = accounts(folder, monkeypatch)
    with province_store(folder) as store:
        link = store.for_cluster(MTTQ).new_link("TD")
    with served(None, today=TODAY, province=folder) as base:
        sessions = {
            "anyone": requests.Session(),
            "board": board_login(base, "can-bo-so", BOARD_PASSWORD, pyotp.TOTP(seed).now()),
            "council": board_login(base, "uy-vien-hd", COUNCIL_PASSWORD),
            f"office:{MTTQ}": office_login(base, MTTQ),
            f"office:{COMMUNES}": office_login(base, COMMUNES),
            f"unit:{MTTQ}": _unit_session(base, link),
        }
        wrong = []
        for route, allowed in ROUTES:
            for who, session in sessions.items():
                answer = session.get(base + route, allow_redirects=False)
                opened = answer.status_code == 200
                if opened != (who in allowed):
                    wrong.append(f"{who} {route} → {answer.status_code}")
                elif not opened:
                    assert answer.status_code in (302, 403, 404), (who, route, answer.status_code)
                    assert answer.status_code != 302 or "dang-nhap" in answer.headers["Location"]
        assert wrong == []


def test_the_boundaries_hold_against_forged_cookies_paths_and_forms(
    example_province: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    folder = province_copy(example_province, tmp_path / "tinh")
    seed = accounts(folder, monkeypatch)
    with served(None, today=TODAY, province=folder) as base:
        office = office_login(base, MTTQ)
        stolen = office.cookies.get(f"thidua_phien_{MTTQ}")
        forged = requests.Session()  # the same session id under the other cluster's cookie name and path
        forged.cookies.set(f"thidua_phien_{COMMUNES}", stolen, path=f"/c/{COMMUNES}/")
        assert forged.get(f"{base}/c/{COMMUNES}/chu-tri/", allow_redirects=False).status_code == 302
        board = board_login(base, "can-bo-so", BOARD_PASSWORD, pyotp.TOTP(seed).now())
        as_office = requests.Session()  # the board's session presented to a cluster's office pages
        as_office.cookies.set(f"thidua_phien_{MTTQ}", board.cookies.get("thidua_phien_tinh"), path=f"/c/{MTTQ}/")
        assert as_office.get(f"{base}/c/{MTTQ}/chu-tri/", allow_redirects=False).status_code == 302
        as_board = requests.Session()  # an office's session presented to the board
        as_board.cookies.set("thidua_phien_tinh", stolen, path="/")
        assert as_board.get(f"{base}/tinh/tien-do", allow_redirects=False).status_code == 302

        for name in ("../../province.yaml", "/etc/passwd", "config.yaml", "..%2F..%2Fprovince.yaml"):
            assert board.get(f"{base}/tinh/cum/{MTTQ}/tai-ve", params={"tep": name}).status_code == 404
        assert board.get(f"{base}/tinh/cum/khong-co/").status_code == 404
        assert board.get(f"{base}/tinh/ho-so/99999999999999999999999").status_code == 404
        no_token = board.post(f"{base}/tinh/ho-so/{MTTQ}/chap-nhan", data={})
        assert no_token.status_code == 400 and "Phiên làm việc đã hết hạn" in no_token.text
        long_reason = judge(board, base, MTTQ, "tra-lai", "x" * 1001)
        assert long_reason.status_code == 400
        assert judge(board, base, MTTQ, "chap-nhan").status_code == 409  # nothing was sent: nothing to accept

        not_a_dossier = folder / "virus.exe"
        not_a_dossier.write_bytes(b"MZ" + b"\0" * 100)
        refused = send_dossier(office, base, MTTQ, not_a_dossier)
        assert refused.status_code == 400 and ".zip" in refused.text
        assert list((folder / "portal-data" / "cum" / MTTQ).glob("ho-so-de-nghi/**/*.*")) == []

        script = "<script>alert(1)</script>"
        good = folder / MTTQ / "inputs" / "2023" / "cham-diem-2023.xlsx"  # any zip will do for the attack
        assert send_dossier(office, base, MTTQ, good, name=f"{script}.zip").status_code == 200
        assert script not in board.get(f"{base}/tinh/ho-so").text
        assert judge(board, base, MTTQ, "tra-lai", script).status_code == 200
        page = office.get(f"{base}/c/{MTTQ}/chu-tri/ho-so-de-nghi").text
        assert script not in page and "&lt;script&gt;" in page
