"""Each attack that once got through the portal, tried again against a real `thidua serve` process over
HTTP: a unit re-dating its own return, the portal and the report counting different copies, a crowd of
wrong passwords, an old session after a new password, a flood of noise over the ledger, requests built to
make the server fail, a forged Host, a body over the server's own limit, slow clients, and the edges where
a person was left alone. The same sequence is then read by `check` and `run`."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from datetime import date, datetime

import clerk
import pytest
import requests
from conftest import ROOT, served
from openpyxl import load_workbook
from test_portal import DATABASE, PASSWORD, filled, portal_folder, state_store

from thidua.state.access import OFFICE_USERNAME, PER_ACCOUNT, PER_CLIENT

TODAY = date(2023, 8, 25)  # July's returns were due on 20/08/2023


@pytest.fixture()
def on_both(database):  # type: ignore[no-untyped-def]
    """The test runs on SQLite and on PostgreSQL: what it checks lives in the portal's database."""
    DATABASE["url"] = database
    yield database
    DATABASE["url"] = ""


def token(session: requests.Session, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', session.get(url).text)[1]


def unit_session(base: str, link: str) -> requests.Session:
    session = requests.Session()
    assert session.get(f"{base}/u/{link}").url.endswith("/don-vi")
    return session


def send(session: requests.Session, base: str, data: bytes, name: str = "bc.xlsx") -> str:
    """Upload as a unit; the result page's text."""
    form = {"csrf_token": token(session, f"{base}/don-vi")}
    response = session.post(f"{base}/don-vi/nop", data=form, files={"tep": (name, data)})
    assert response.status_code == 200, response.status_code
    return response.text


def july(cfg, tmp_path, saved: datetime | None, **values) -> bytes:  # type: ignore[no-untyped-def]
    """HND's July return, saved (UTC, as Excel writes it) at `saved`, or carrying no save time at all."""
    path = tmp_path / f"july-{saved}-{sorted(values.items())}.xlsx"
    path.write_bytes(filled(cfg, tmp_path, "HND", 7, **values))
    if saved is None:
        clerk.strip_save_time(path)
    else:
        clerk.set_saved_time(path, saved)
    return path.read_bytes()


def chair_login(base: str, session: requests.Session | None = None, password: str = PASSWORD) -> requests.Response:
    session = session or requests.Session()
    url = f"{base}/chu-tri/dang-nhap"
    return session.post(url, data={"csrf_token": token(session, url), "mat_khau": password}, allow_redirects=False)


def test_a_re_dated_return_is_late_by_its_receipt_and_said_so(tmp_path) -> None:
    config, inputs, outputs, cfg = portal_folder(tmp_path)
    link = state_store(tmp_path).new_link("HND")
    with served(config, inputs, outputs, TODAY) as base, unit_session(base, link) as hnd:
        page = send(hnd, base, july(cfg, tmp_path, datetime(2023, 8, 15, 2)))  # "saved" within the deadline
        assert "Cổng nhận lúc" in page and "ngày 25/08/2023" in page and "09:00 ngày 15/08/2023" in page
        home = hnd.get(f"{base}/don-vi").text
    row = next(r for r in home.split("<tr>") if "Tháng 7 năm 2023" in r)
    assert "20/08/2023" in row and "nộp muộn" in row  # per period: deadline and status
    checked = cli_json(["check", "--period", "2023-07"], config, inputs, outputs)
    late = [f for f in checked["findings"] if f["code"] == "SUBMISSION_LATE" and f["unit"] == "HND"]
    assert len(late) == 1 and "Cổng thông tin nhận lúc" in late[0]["message"] and "25/08/2023" in late[0]["message"]


def cli_json(args: list[str], config, inputs, outputs) -> dict:  # type: ignore[no-untyped-def]
    """`thidua <args> --json` as a separate process on the portal's folder, as the office would run it."""
    env = {"THIDUA_TODAY": TODAY.isoformat(), "PYTHONIOENCODING": "utf-8"}
    paths = ["--config", str(config), "--inputs", str(inputs), "--outputs", str(outputs)]
    result = subprocess.run(
        [sys.executable, "-m", "thidua", *args, *paths, "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        cwd=ROOT,
    )
    assert result.returncode in (0, 1), result.stderr[-2000:]
    return json.loads(result.stdout)


@pytest.mark.parametrize("first_saved", [datetime(2023, 8, 10), datetime(2099, 1, 1), None])
def test_the_copy_that_counts_is_one_answer_on_the_page_in_check_and_in_run(tmp_path, first_saved) -> None:
    """A, then B without a save time (as LibreOffice writes it): B is the copy received last, so B counts on
    A's page, in check and in run, whatever A claims of its own save time (even 2099)."""
    config, inputs, outputs, cfg = portal_folder(tmp_path)
    link = state_store(tmp_path).new_link("HND")
    with served(config, inputs, outputs, TODAY) as base, unit_session(base, link) as hnd:
        first = send(hnd, base, july(cfg, tmp_path, first_saved, GN_HO_GIUP=12), "a.xlsx")
        claims_2099 = first_saved is not None and first_saved.year == 2099
        assert ("không được dùng để xét nộp đúng hạn hay chọn bản được tính" in first) == claims_2099
        time.sleep(1.1)  # receipt times are to the second
        send(hnd, base, july(cfg, tmp_path, None, GN_HO_GIUP=99), "b.xlsx")
        history = hnd.get(f"{base}/don-vi").text
        first_id = re.findall(r'href="/don-vi/ket-qua/(\d+)"', history)[-1]  # the oldest upload, listed last
        page_a = hnd.get(f"{base}/don-vi/ket-qua/{first_id}").text
    assert "Bản đang được dùng cho tháng 7 năm 2023 là “b.xlsx”" in page_a
    checked = cli_json(["check", "--period", "2023-07"], config, inputs, outputs)
    superseded = [f for f in checked["findings"] if f["code"] == "FILE_SUPERSEDED"]
    assert [f["file"].endswith("_a.xlsx") for f in superseded] == [True] and "_b.xlsx" in superseded[0]["message"]
    cli_json(["run", "--period", "2023-07", "--kind", "thang"], config, inputs, outputs)
    book = load_workbook(outputs / "thang-2023-07" / "tong-hop.xlsx", read_only=True)
    row = next(r for r in book["Tổng hợp"].iter_rows(values_only=True) if r and "Hộ nghèo được giúp đỡ" in str(r))
    book.close()
    assert 99 in row and 12 not in row


def test_twenty_wrong_passwords_at_once_check_five_and_the_office_still_gets_in(tmp_path) -> None:
    config, inputs, outputs, _ = portal_folder(tmp_path)
    state_store(tmp_path).set_password(OFFICE_USERNAME, PASSWORD)
    with served(config, inputs, outputs, TODAY) as base:
        office = requests.Session()
        assert chair_login(base, office).status_code == 302  # the office's own browser, known from now on
        office.post(f"{base}/chu-tri/dang-xuat", data={"csrf_token": token(office, f"{base}/chu-tri/")})
        sessions = [requests.Session() for _ in range(20)]
        forms = [token(s, f"{base}/chu-tri/dang-nhap") for s in sessions]
        barrier, codes = threading.Barrier(20), []

        def guess(session: requests.Session, form: str) -> None:
            barrier.wait()
            data = {"csrf_token": form, "mat_khau": "doan-sai-mat-khau"}
            codes.append(session.post(f"{base}/chu-tri/dang-nhap", data=data, allow_redirects=False).status_code)

        threads = [threading.Thread(target=guess, args=pair) for pair in zip(sessions, forms, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert sorted(codes) == [401] * PER_CLIENT + [429] * (20 - PER_CLIENT)
        assert chair_login(base).status_code == 429  # the right password from an unknown browser: refused
        assert chair_login(base, office).status_code == 302  # the office's browser: in
        for session in [office, *sessions]:
            session.close()


def test_behind_a_proxy_no_crowd_locks_the_office_out(tmp_path) -> None:
    config, inputs, outputs, _ = portal_folder(tmp_path, trusted_proxy="127.0.0.1")
    state_store(tmp_path).set_password(OFFICE_USERNAME, PASSWORD)
    with served(config, inputs, outputs, TODAY) as base, requests.Session() as office:
        assert chair_login(base, office).status_code == 302
        url = f"{base}/chu-tri/dang-nhap"
        with requests.Session() as crowd:
            for n in range(PER_ACCOUNT + 5):  # each from its own address: no address reaches its own limit
                forged = {"X-Forwarded-For": f"198.51.100.{n + 1}"}
                crowd.post(url, data={"csrf_token": token(crowd, url), "mat_khau": "sai"}, headers=forged)
            fresh = {"X-Forwarded-For": "198.51.100.200"}
            right = {"csrf_token": token(crowd, url), "mat_khau": PASSWORD}
            assert crowd.post(url, data=right, headers=fresh, allow_redirects=False).status_code == 429
        assert chair_login(base, office).status_code == 302


def test_a_new_password_ends_the_sessions_opened_before_it(tmp_path) -> None:
    config, inputs, outputs, _ = portal_folder(tmp_path)
    state_store(tmp_path).set_password(OFFICE_USERNAME, PASSWORD)
    with served(config, inputs, outputs, TODAY) as base, requests.Session() as office:
        assert chair_login(base, office).status_code == 302
        assert office.get(f"{base}/chu-tri/", allow_redirects=False).status_code == 200
        subprocess.run(
            [sys.executable, "-m", "thidua", "chair-password", "--config", str(config)],
            input="mat-khau-moi-cua-van-phong\n",
            text=True,
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        after = office.get(f"{base}/chu-tri/", allow_redirects=False)
        assert (after.status_code, after.headers["Location"]) == (302, "/chu-tri/dang-nhap")


def test_a_flood_of_noise_never_hides_an_upload(tmp_path) -> None:
    config, inputs, outputs, cfg = portal_folder(tmp_path)
    store = state_store(tmp_path)
    store.set_password(OFFICE_USERNAME, PASSWORD)
    link = store.new_link("HND")
    with served(config, inputs, outputs, TODAY) as base:
        with unit_session(base, link) as hnd:
            send(hnd, base, july(cfg, tmp_path, datetime(2023, 8, 10)), "bao cao thang 7.xlsx")
        with requests.Session() as noise:
            for n in range(1500):
                assert noise.get(f"{base}/u/khong-phai-lien-ket-{n}").status_code == 404
        with requests.Session() as office:
            chair_login(base, office)
            page = office.get(f"{base}/chu-tri/nhat-ky").text
            filtered = office.get(f"{base}/chu-tri/nhat-ky", params={"don_vi": "HND", "viec": "upload"}).text
            export = office.get(f"{base}/chu-tri/nhat-ky.csv", params={"viec": "upload"})
    assert "bao cao thang 7" in page and "1500 lần, từ 1 địa chỉ" in page
    assert "bao cao thang 7" in filtered and "mở liên kết từ" not in filtered
    assert export.content.startswith(b"\xef\xbb\xbf") and "bao cao thang 7" in export.content.decode("utf-8")


def test_requests_built_to_break_the_server_are_refused_in_vietnamese(tmp_path) -> None:
    config, inputs, outputs, cfg = portal_folder(tmp_path)
    link = state_store(tmp_path).new_link("HND")
    with served(config, inputs, outputs, TODAY) as base, unit_session(base, link) as hnd:
        huge_id = hnd.get(f"{base}/don-vi/ket-qua/9223372036854775808")
        assert huge_id.status_code == 404 and "Không tìm thấy" in huge_id.text
        long_name = "ệ" * 300 + ".xlsx"
        page = send(hnd, base, july(cfg, tmp_path, datetime(2023, 8, 10)), long_name)
        assert "Tệp đã được nhận" in page
        stored = next((inputs / "cong-thong-tin" / "2023-07").iterdir())
        assert len(stored.name.encode("utf-8")) <= 255
        forged = requests.get(f"{base}/chu-tri", headers={"Host": "evil.example"}, allow_redirects=False)
        assert forged.status_code == 308 and forged.headers["Location"] == "/chu-tri/"
        too_big = hnd.post(
            f"{base}/don-vi/nop",
            data={"csrf_token": token(hnd, f"{base}/don-vi")},
            files={"tep": ("to.xlsx", b"PK" + b"\0" * (12 * 2**20))},
        )
        assert (
            too_big.status_code == 413
            and "Tệp quá lớn" in too_big.text
            and "text/html" in too_big.headers["Content-Type"]
        )
        garbled = raw(base, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
        assert garbled.startswith(b"HTTP/1.1 400") and "Yêu cầu không hợp lệ".encode() in garbled


def raw(base: str, request: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_slow_clients_do_not_block_the_office(tmp_path) -> None:
    config, inputs, outputs, _ = portal_folder(tmp_path)
    with served(config, inputs, outputs, TODAY) as base:
        host, port = base.removeprefix("http://").split(":")
        slow = []
        for _ in range(150):  # each sends half a request line, then nothing
            connection = socket.create_connection((host, int(port)), timeout=10)
            connection.sendall(b"GET / HTTP/1.1\r\nHost: ")
            slow.append(connection)
        try:
            # Were the office's request stuck behind them, it would wait until waitress drops idle connections
            # (30 s): the 20 s timeout catches that, without a tight bound that a loaded machine could break.
            assert requests.get(f"{base}/", timeout=20).status_code == 200
        finally:
            for connection in slow:
                connection.close()


def test_where_a_person_lands_and_what_they_are_asked(tmp_path, on_both) -> None:
    config, inputs, outputs, cfg = portal_folder(tmp_path)
    store = state_store(tmp_path)
    store.set_password(OFFICE_USERNAME, PASSWORD)
    link = store.new_link("HND")
    with served(config, inputs, outputs, TODAY) as base, requests.Session() as office:
        front = requests.get(f"{base}/")
        assert front.status_code == 200 and "Đăng nhập Văn phòng" in front.text
        landing = requests.get(f"{base}/chu-tri/")
        assert landing.url.endswith("/chu-tri/dang-nhap") and 'name="mat_khau"' in landing.text
        chair_login(base, office)
        asked = office.get(f"{base}/u/{link}")  # a page elsewhere could make the browser open it
        assert "Mở liên kết của Hội Nông dân tỉnh?" in asked.text and "Văn phòng Cụm" in asked.text
        assert office.get(f"{base}/chu-tri/", allow_redirects=False).status_code == 200  # still the office
        moved = office.post(f"{base}/u/{link}", data={"csrf_token": token(office, f"{base}/u/{link}")})
        assert (
            moved.url.endswith("/don-vi") and office.get(f"{base}/chu-tri/", allow_redirects=False).status_code == 403
        )
        data = july(cfg, tmp_path, datetime(2023, 8, 10))
        send(office, base, data)
        again = send(office, base, data)
        assert "Đã nhận: tệp vừa gửi giống hệt bản đã nhận lúc" in again and "KHÔNG" not in again
    assert len(list((inputs / "cong-thong-tin" / "2023-07").iterdir())) == 1
    assert len(store.uploads("HND")) == 1  # one file, one upload; the second sending is a line in the ledger
    newest = store.ledger()[0]
    assert (newest["action"], newest["detail"][-46:]) == ("resend", "gửi lại, giống hệt bản đã nhận: không lưu thêm")


def test_an_old_cookie_and_a_form_from_elsewhere_do_nothing(tmp_path, on_both) -> None:
    config, inputs, outputs, _ = portal_folder(tmp_path)
    store = state_store(tmp_path)
    store.set_password(OFFICE_USERNAME, PASSWORD)
    link = store.new_link("HND")
    with served(config, inputs, outputs, TODAY) as base:
        office = requests.Session()
        assert chair_login(base, office).status_code == 302
        old = office.cookies.get("thidua_phien")
        office.post(f"{base}/chu-tri/dang-xuat", data={"csrf_token": token(office, f"{base}/chu-tri/")})
        replayed = requests.get(f"{base}/chu-tri/", cookies={"thidua_phien": old}, allow_redirects=False)
        assert replayed.status_code == 302 and replayed.headers["Location"] == "/chu-tri/dang-nhap"

        unit = unit_session(base, link)
        elsewhere = {"Origin": "https://evil.example", "Referer": "https://evil.example/trang"}
        assert unit.post(f"{base}/don-vi/thoat", data={}, headers=elsewhere).status_code == 400
        assert unit.get(f"{base}/don-vi", allow_redirects=False).status_code == 200  # still signed in


def test_the_chair_sees_the_finding_on_a_number_typed_with_words(tmp_path) -> None:
    config, inputs, outputs, cfg = portal_folder(tmp_path)
    store = state_store(tmp_path)
    store.set_password(OFFICE_USERNAME, PASSWORD)
    link = store.new_link("HND")
    with served(config, inputs, outputs, TODAY) as base:
        page = send(unit_session(base, link), base, july(cfg, tmp_path, datetime(2023, 8, 10), GN_HO_GIUP="25 hộ"))
        assert "25 hộ" in page
        office = requests.Session()
        chair_login(base, office)
        cell = office.get(f"{base}/chu-tri/o/HND/2023-07").text
        assert "Số được gõ dạng chữ" in cell and "đã đọc “25 hộ” là 25" in cell


def test_the_servers_own_answers_carry_the_same_headers_and_name_no_host(tmp_path) -> None:
    config, inputs, outputs, _ = portal_folder(tmp_path)
    with served(config, inputs, outputs, TODAY) as base:
        limit = 10 * 2**20
        head = f"POST /khong-co HTTP/1.1\r\nHost: x\r\nContent-Length: {limit + 2 * 2**20}\r\n\r\n"
        refused = raw(base, head.encode())  # waitress refuses on the header alone, before reading a byte
        assert refused.startswith(b"HTTP/1.1 413") and "Tệp quá lớn".encode() in refused
        for header in (b"Content-Security-Policy: default-src 'none'", b"X-Frame-Options: DENY"):
            assert header in refused
        forged = requests.get(f"{base}/chu-tri", headers={"Host": "evil.example"}, allow_redirects=False)
        assert forged.headers["Location"] == "/chu-tri/" and "evil.example" not in forged.text
        assert forged.headers["Content-Security-Policy"].startswith("default-src 'none'")


def test_the_upload_limit_is_the_configured_one(tmp_path) -> None:
    """10 MB as configured: a file just over it is refused by the application, one just under it is read."""
    config, inputs, outputs, _ = portal_folder(tmp_path)
    link = state_store(tmp_path).new_link("HND")
    with served(config, inputs, outputs, TODAY) as base, unit_session(base, link) as hnd:
        for size, refused in ((10 * 2**20 + 2**17, True), (10 * 2**20 - 2**17, False)):
            form = {"csrf_token": token(hnd, f"{base}/don-vi")}
            answer = hnd.post(f"{base}/don-vi/nop", data=form, files={"tep": ("to.xlsx", b"PK" + b"\0" * size)})
            assert (answer.status_code == 413) == refused, (size, answer.status_code)
