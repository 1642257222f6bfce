"""The portal, tested by trying each attack and each failure: least privilege, hashed secrets, CSRF, cookie
flags, size and content checks, escaping, headers, throttling; uploads that survive concurrency, crashes
and restarts, and builds on one consistent set of returns."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import threading
from datetime import date
from pathlib import Path

import clerk
import pytest
from conftest import EXAMPLE_CONFIG, ROOT, edited_config, served

from thidua.config import load_config
from thidua.periods import Period
from thidua.portal.app import create_app
from thidua.state.access import OFFICE_USERNAME
from thidua.state.database import resolve
from thidua.state.store import Store, open_store
from thidua.workbooks.template import write_template

TODAY = date(2023, 8, 25)
PASSWORD = "mat-khau-van-phong-2023"
GOOD = {"NTM_DAT_HIEN": 300, "NTM_NGAY_CONG": 120, "GN_HO_GIUP": 12}


DATABASE = {"url": ""}  # the back end of the test being run (see `backend`): "" is the default SQLite file


@pytest.fixture(autouse=True)
def backend(database):  # type: ignore[no-untyped-def]
    """Every test here runs twice: on SQLite and on PostgreSQL (conftest.database)."""
    DATABASE["url"] = database
    yield database
    DATABASE["url"] = ""


def portal_folder(tmp_path: Path, change=None, **portal):  # type: ignore[no-untyped-def]
    """A cluster's folder as the office keeps it: config.yaml, inputs/ with June's returns; returns (config
    path, inputs, outputs, Config). config.yaml is the example with a `portal` block typed at its end, as the
    README shows it; a test that edits it through `change` (a function of the data) has the typed file edited
    in place (conftest.edited_config), the portal block set the same way."""
    settings = {"state": str(tmp_path / "state"), "database": DATABASE["url"], **portal}
    config = tmp_path / "config.yaml"
    if change:

        def edit(data: dict) -> None:
            change(data)
            data["portal"] = settings

        edited_config(tmp_path, edit)
    else:
        typed = {key: str(value).lower() if isinstance(value, bool) else value for key, value in settings.items()}
        block = "".join(f"  {key}: {value}\n" for key, value in typed.items() if value != "")
        config.write_text(EXAMPLE_CONFIG.read_text(encoding="utf-8") + "\nportal:\n" + block, encoding="utf-8")
    inputs = tmp_path / "inputs"
    if not inputs.exists():
        shutil.copytree(ROOT / "inputs" / "2023" / "T06", inputs / "2023" / "T06")
    return config, inputs, tmp_path / "outputs", load_config(config)


def state_store(tmp_path: Path) -> Store:
    """The portal's database, opened as a second process would open it (the CLI's links, a test's look)."""
    return open_store(resolve(DATABASE["url"], tmp_path / "state" / "portal.sqlite3"))


def make_app(tmp_path: Path, change=None, **portal):  # type: ignore[no-untyped-def]
    config, inputs, outputs, cfg = portal_folder(tmp_path, change, **portal)
    return create_app(cfg, config, inputs, outputs, lambda: TODAY), cfg


def token_of(client, url: str) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True))[1]


def as_unit(app, unit: str, token: str | None = None):  # type: ignore[no-untyped-def]
    client = app.test_client()
    link = token or app.extensions["thidua"].store.new_link(unit)
    assert client.get(f"/u/{link}").status_code == 302
    return client


def as_chair(app):  # type: ignore[no-untyped-def]
    app.extensions["thidua"].store.set_password(OFFICE_USERNAME, PASSWORD)
    client = app.test_client()
    response = client.post(
        "/chu-tri/dang-nhap", data={"csrf_token": token_of(client, "/chu-tri/dang-nhap"), "mat_khau": PASSWORD}
    )
    assert response.status_code == 302
    return client


def filled(cfg, tmp_path: Path, unit: str = "HND", month: int = 7, **values) -> bytes:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{unit}-{month}-{len(values)}.xlsx"
    write_template(cfg, cfg.unit(unit), Period(2023, month), path)
    clerk.fill(path, {**GOOD, **values} if unit == "HND" else values or GOOD)
    return path.read_bytes()


def upload(client, data: bytes, name: str = "bao cao.xlsx", home: str = "/don-vi", url: str = "/don-vi/nop"):  # type: ignore[no-untyped-def]
    form = {"csrf_token": token_of(client, home), "tep": (io.BytesIO(data), name)}
    return client.post(url, data=form, content_type="multipart/form-data")


@pytest.fixture()
def portal(tmp_path):  # type: ignore[no-untyped-def]
    return make_app(tmp_path)


def test_a_unit_uploads_and_sees_its_findings(portal, tmp_path) -> None:
    app, cfg = portal
    client = as_unit(app, "HND")
    response = upload(client, filled(cfg, tmp_path, NTM_NGAY_CONG="khoảng <b>30</b>"), "BC tháng 7.xlsx")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tệp đã được nhận nhưng có 1 lỗi" in page and "Số liệu" in page and "E9" in page
    assert "&lt;b&gt;30&lt;/b&gt;" in page and "<b>30</b>" not in page  # the clerk's text stays text
    stored = list((tmp_path / "inputs" / "cong-thong-tin" / "2023-07").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith(
        "_HND_" + hashlib.sha256(stored[0].read_bytes()).hexdigest()[:8] + "_BC tháng 7.xlsx"
    )
    copy = client.get(re.search(r'href="([^"]+ban-phan-hoi.xlsx)"', page)[1])
    assert copy.status_code == 200 and copy.data[:2] == b"PK"
    copy.close()


def test_a_joiner_is_offered_templates_only_from_when_it_joins(tmp_path) -> None:
    def joins(data: dict) -> None:
        next(u for u in data["units"] if u["code"] == "CCB")["member_from"] = "2023-04-01"

    app, _ = make_app(tmp_path, joins)
    ccb = as_unit(app, "CCB")
    page = ccb.get("/don-vi").get_data(as_text=True)
    assert "Biểu mẫu tháng 4 năm 2023" in page and "Biểu mẫu tháng 3 năm 2023" not in page
    assert ccb.get("/don-vi/bieu-mau/2023-03").status_code == 404
    april = ccb.get("/don-vi/bieu-mau/2023-04")
    assert april.status_code == 200 and april.data[:2] == b"PK"
    april.close()


def test_a_unit_reaches_only_its_own(portal, tmp_path) -> None:
    app, cfg = portal
    hnd, td = as_unit(app, "HND"), as_unit(app, "TD")
    first = upload(hnd, filled(cfg, tmp_path, NTM_NGAY_CONG="x")).headers["Location"]
    upload_id = first.rsplit("/", 1)[-1]
    assert td.get(first).status_code == 404
    assert td.get(f"/don-vi/ket-qua/{upload_id}/ban-phan-hoi.xlsx").status_code == 404
    assert td.get("/chu-tri/").status_code == 403 and td.get("/chu-tri/tai-ve/abc/bao-cao.docx").status_code == 403
    assert td.get("/don-vi/bieu-mau/../../config.yaml").status_code == 404
    # another unit's template, sent by TD: refused, and kept out of HND's history
    refused = td.get(upload(td, filled(cfg, tmp_path, "HND", 6)).headers["Location"]).get_data(as_text=True)
    assert "không phải của đơn vị mình" in refused
    assert [r["unit"] for r in app.extensions["thidua"].store.uploads("HND")] == ["HND"]


def test_link_tokens_are_long_random_and_stored_hashed(portal) -> None:
    app, _ = portal
    store: Store = app.extensions["thidua"].store
    token = store.new_link("HND")
    assert len(token) >= 43  # 32 random bytes: 256 bits
    with store.read() as db:
        dump = repr(db.exec_driver_sql("SELECT * FROM links").all())
    assert token not in dump and hashlib.sha256(token.encode()).hexdigest() in dump
    other = token[:-1] + ("B" if token[-1] == "A" else "A")  # one character off
    assert store.unit_for_token(token) == "HND" and store.unit_for_token(other) is None
    assert app.test_client().get(f"/u/{token[:-2]}").status_code == 404


def test_renewing_a_link_ends_the_old_link_and_its_sessions(portal) -> None:
    app, _ = portal
    store = app.extensions["thidua"].store
    old = store.new_link("HND")
    client = as_unit(app, "HND", old)
    assert client.get("/don-vi").status_code == 200
    store.new_link("HND")
    assert client.get("/don-vi").status_code == 403 and app.test_client().get(f"/u/{old}").status_code == 404


def test_chair_password_is_hashed_and_login_throttled(portal) -> None:
    app, _ = portal
    store = app.extensions["thidua"].store
    store.set_password(OFFICE_USERNAME, PASSWORD)
    stored = store.account(OFFICE_USERNAME)["password_hash"]
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    client = app.test_client()
    for _ in range(5):
        bad = client.post(
            "/chu-tri/dang-nhap", data={"csrf_token": token_of(client, "/chu-tri/dang-nhap"), "mat_khau": "sai"}
        )
        assert bad.status_code == 401
    blocked = client.post(
        "/chu-tri/dang-nhap", data={"csrf_token": token_of(client, "/chu-tri/dang-nhap"), "mat_khau": PASSWORD}
    )
    assert blocked.status_code == 429 and "15 phút" in blocked.get_data(as_text=True)


def test_a_session_ends_on_the_server_after_session_hours_idle(tmp_path, monkeypatch) -> None:
    """The cookie's max-age is not the limit (a copied cookie has none): the server forgets a session idle
    for longer than portal.session_hours, and each request moves the end forward."""
    from datetime import datetime, timedelta

    from thidua.state import access as store_module

    app, _ = make_app(tmp_path, session_hours=2)
    chair = as_chair(app)
    start = datetime.now(store_module.now().tzinfo)
    monkeypatch.setattr(store_module, "now", lambda: start + timedelta(hours=1, minutes=59))
    assert chair.get("/chu-tri/").status_code == 200  # still in, and the end moves to 3 h 59 min
    monkeypatch.setattr(store_module, "now", lambda: start + timedelta(hours=3, minutes=58))
    assert chair.get("/chu-tri/").status_code == 200
    monkeypatch.setattr(store_module, "now", lambda: start + timedelta(hours=6))
    assert chair.get("/chu-tri/").status_code != 200  # idle for over two hours: signed out


def test_logging_in_gives_a_new_session_id(portal) -> None:
    """Session fixation: an id planted before the chair logs in is worth nothing after it."""
    from thidua.portal.app import COOKIE

    app, _ = portal
    app.extensions["thidua"].store.set_password(OFFICE_USERNAME, PASSWORD)
    victim = app.test_client()
    token = token_of(victim, "/chu-tri/dang-nhap")
    planted = victim.get_cookie(COOKIE).value
    victim.post("/chu-tri/dang-nhap", data={"csrf_token": token, "mat_khau": PASSWORD})
    assert victim.get_cookie(COOKIE).value != planted and victim.get("/chu-tri/").status_code == 200
    attacker = app.test_client()
    attacker.set_cookie(COOKIE, planted)
    assert attacker.get("/chu-tri/").status_code != 200


def test_every_form_needs_its_csrf_token(portal) -> None:
    app, _ = portal
    chair = as_chair(app)
    # VGCA's desktop service posts with a one-time token instead (tests/test_signing_portal.py)
    posts = [
        r.rule for r in app.url_map.iter_rules() if "POST" in (r.methods or set()) and r.endpoint != "handoff.receive"
    ]
    assert len(posts) >= 6
    for rule in posts:
        url = rule.replace("<int:upload_id>", "1").replace("<build_id>", "ab12").replace("<int:n>", "0")
        assert chair.post(url, data={}).status_code == 400, rule


def test_cookies_and_headers(tmp_path) -> None:
    app, _ = make_app(tmp_path, secure_cookies=True)
    client = app.test_client()
    response = client.get(f"/u/{app.extensions['thidua'].store.new_link('HND')}")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    page = client.get("/don-vi")
    csp = page.headers["Content-Security-Policy"]
    assert (
        "default-src 'none'" in csp
        and "frame-ancestors 'none'" in csp
        and "unsafe-inline" not in csp
        and "script" not in csp
    )
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"  # never another site; HTTPS forms need it
    assert "<script" not in page.get_data(as_text=True) and "style=" not in page.get_data(as_text=True)


# Flask's own 413 leaves werkzeug's spooled temporary file to the garbage collector; in production
# waitress refuses an over-size body before Flask reads it (max_request_body_size).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_size_limit_and_content_not_extension(tmp_path) -> None:
    app, _ = make_app(tmp_path, max_upload_mb=1)
    client = as_unit(app, "HND")
    refused = upload(client, b"PK" + b"\0" * (2 * 1024 * 1024))
    assert refused.status_code == 413
    refused.request.environ["wsgi.input"].close()  # the test client spooled the 2 MB body to a temporary file
    page = client.get(upload(client, b"Ma;Ket qua\nNTM;30\n", "bao cao.xlsx").headers["Location"]).get_data(
        as_text=True
    )
    assert "Tệp KHÔNG được nhận" in page and "CSV" in page
    assert not (tmp_path / "inputs" / "cong-thong-tin").exists()


def test_no_path_from_the_client_reaches_the_disk(portal, tmp_path) -> None:
    app, cfg = portal
    client = as_unit(app, "HND")
    upload(client, filled(cfg, tmp_path), "../../../../etc/passwd\\..\\x<script>.xlsx")
    stored = [p for p in (tmp_path).rglob("*.xlsx") if "cong-thong-tin" in p.parts]
    assert len(stored) == 1 and stored[0].parent == tmp_path / "inputs" / "cong-thong-tin" / "2023-07"
    assert "<" not in stored[0].name and ".." not in stored[0].name and "/" not in stored[0].name
    history = client.get("/don-vi").get_data(as_text=True)
    assert "x&lt;script&gt;.xlsx" in history and "<script" not in history  # the name is shown, as text
    assert client.get("/chu-tri/nhat-ky").status_code == 403  # the ledger is the chair's
    ledger = as_chair(app).get("/chu-tri/nhat-ky").get_data(as_text=True)
    assert "nộp tệp" in ledger and "Hội Nông dân tỉnh" in ledger and "<script" not in ledger


def test_a_crash_mid_upload_leaves_no_half_file(portal, tmp_path, monkeypatch) -> None:
    app, cfg = portal
    client = as_unit(app, "HND")
    data = filled(cfg, tmp_path)

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("disk full")

    monkeypatch.setattr("thidua.portal.uploads.os.link", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    failed = upload(client, data)
    page = failed.get_data(as_text=True)
    assert failed.status_code == 500 and "Cổng thông tin gặp lỗi" in page and "Traceback" not in page
    assert not [p for p in (tmp_path / "inputs").rglob("*") if p.is_file() and "cong-thong-tin" in p.parts]


def test_a_restart_keeps_everything(portal, tmp_path) -> None:
    app, cfg = portal
    token = app.extensions["thidua"].store.new_link("HND")
    first = upload(as_unit(app, "HND", token), filled(cfg, tmp_path)).headers["Location"]
    again, _ = make_app(tmp_path)  # a new process on the same state
    client = as_unit(again, "HND", token)
    assert "Hội Nông dân tỉnh" in client.get(first).get_data(as_text=True)
    assert [r["action"] for r in again.extensions["thidua"].store.ledger()].count("upload") == 1


def test_the_ledger_is_append_only(portal) -> None:
    app, _ = portal
    store = app.extensions["thidua"].store
    from sqlalchemy.exc import DBAPIError

    store.log("chair", "test", "x")
    for statement in ("UPDATE ledger SET detail = 'y'", "DELETE FROM ledger"):
        with pytest.raises(DBAPIError, match="append-only"), store.write() as db:
            db.exec_driver_sql(statement)
    assert [r["detail"] for r in store.ledger()] == ["x"]


def test_chair_grid_upload_on_behalf_reminders_build_and_downloads(portal, tmp_path) -> None:
    app, cfg = portal
    chair = as_chair(app)
    grid = chair.get("/chu-tri/").get_data(as_text=True)
    assert "T6/2023" in grid and "đúng hạn" in grid and "chưa nộp" in grid  # July is past its deadline on 25/08
    sent = upload(
        chair,
        filled(cfg, tmp_path, "TD", 7, GN_KHAM_BENH=10, GN_QUA=5, GN_GA_GIONG=1, NTM_NGAY_CONG=3),
        "tu email.xlsx",
        "/chu-tri/",
        "/chu-tri/nop-thay",
    )
    assert "Tỉnh đoàn" in chair.get(sent.headers["Location"]).get_data(as_text=True)
    letters = chair.get("/chu-tri/nhac-nop.txt")
    assert letters.data.startswith(b"\xef\xbb\xbf") and "Kính gửi: Hội Liên hiệp Phụ nữ" in letters.get_data(
        as_text=True
    )
    built = chair.post(
        "/chu-tri/lap-bao-cao",
        data={"csrf_token": token_of(chair, "/chu-tri/lap-bao-cao"), "ky": "2023-07", "loai": "thang"},
    )
    page = built.get_data(as_text=True)
    assert built.status_code == 200 and "Đã lập báo cáo" in page
    report = chair.get(re.search(r'href="([^"]+/bao-cao.docx)"', page)[1])
    assert report.status_code == 200 and report.data[:2] == b"PK"
    report.close()
    bundle = chair.get("/chu-tri/bieu-mau/2023-08.zip")
    assert bundle.status_code == 200 and len(__import__("zipfile").ZipFile(io.BytesIO(bundle.data)).namelist()) == 6


def test_the_chair_reads_findings_in_words_under_the_units_own_file_name(portal, tmp_path) -> None:
    """A secretary sees what kind of problem it is and the file as the unit named it; the code and the
    stored path stay only as tooltips. The grid's count of findings leads to the list of them."""
    app, cfg = portal
    hnd = as_unit(app, "HND")
    upload(hnd, filled(cfg, tmp_path, NTM_NGAY_CONG="khoảng 30"), "BC tháng 7 HND.xlsx")
    chair = as_chair(app)
    grid = chair.get("/chu-tri/").get_data(as_text=True)
    listed = re.search(r'<a href="(/chu-tri/phat-hien)">(\d+) phát hiện khi kiểm tra</a>', grid)
    assert listed
    page = chair.get(listed[1]).get_data(as_text=True)
    assert page.count("<tr class=") == int(listed[2])
    cell = chair.get("/chu-tri/o/HND/2023-07").get_data(as_text=True)
    row = next(r for r in cell.split("<tr") if "E9" in r)
    assert "BC tháng 7 HND.xlsx" in row and ">CELL_NOT_NUMBER<" not in row and 'title="CELL_NOT_NUMBER"' in row
    assert ">Lỗi<" in row and "cong-thong-tin/" not in row.replace('title="cong-thong-tin/', "")
    assert "Hội Nông dân tỉnh</a>" in page


def test_a_build_reads_one_consistent_set(tmp_path) -> None:
    from thidua.portal.builds import snapshot

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs" / "2023" / "T06", inputs)
    count = snapshot(inputs, tmp_path / "snap")
    (inputs / "moi.xlsx").write_bytes(b"PK")  # arrives during the build
    assert count == 6 and not (tmp_path / "snap" / "moi.xlsx").exists()


def test_thirty_concurrent_uploads_lose_nothing(tmp_path) -> None:
    import requests

    config, inputs, outputs, cfg = portal_folder(tmp_path)
    store = state_store(tmp_path)
    units = [u.code for u in cfg.units]
    files = {unit: [filled(cfg, tmp_path, unit, m) for m in (1, 2, 3, 4, 5)] for unit in units}
    links = {unit: store.new_link(unit) for unit in units}
    errors: list[str] = []

    def send(base: str, unit: str) -> None:
        with requests.Session() as session:
            session.get(f"{base}/u/{links[unit]}")
            for data in files[unit]:
                token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(f"{base}/don-vi").text)[1]
                form, upload = {"csrf_token": token}, {"tep": ("bc.xlsx", data)}
                response = session.post(f"{base}/don-vi/nop", data=form, files=upload)
                if response.status_code != 200:
                    errors.append(f"{unit} {response.status_code}")

    with served(config, inputs, outputs, TODAY) as base:
        threads = [threading.Thread(target=send, args=(base, unit)) for unit in units]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not [t for t in threads if t.is_alive()], "an upload never finished"
    assert not errors
    logged = [r for r in store.ledger() if r["action"] == "upload"]
    assert len(logged) == 30
    on_disk = {
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "inputs" / "cong-thong-tin").rglob("*.xlsx")
    }
    sent = {hashlib.sha256(d).hexdigest() for ds in files.values() for d in ds}
    assert on_disk == sent == {r["sha256"] for r in logged}


@pytest.mark.parametrize("proxy", ["127.0.0.1", None])
def test_forwarded_addresses_count_only_from_the_trusted_proxy(tmp_path, proxy) -> None:
    import requests

    config, inputs, outputs, _ = portal_folder(tmp_path, trusted_proxy=proxy)
    with served(config, inputs, outputs, TODAY) as base, requests.Session() as session:
        url = f"{base}/chu-tri/dang-nhap"
        token = re.search(r'name="csrf_token" value="([^"]+)"', session.get(url).text)[1]
        forged = {"X-Forwarded-For": "203.0.113.9"}
        session.post(url, data={"csrf_token": token, "mat_khau": "sai"}, headers=forged)
    with state_store(tmp_path).read() as db:
        failed = [
            client for (client,) in db.exec_driver_sql("SELECT client FROM refusals WHERE action = 'login_failed'")
        ]
    assert failed == (["203.0.113.9"] if proxy else ["127.0.0.1"])  # a forged header from elsewhere is ignored


def test_a_unit_sends_its_registration_through_the_portal(portal, tmp_path) -> None:
    app, _ = portal
    client = as_unit(app, "HND")
    sent = client.get("/don-vi/dang-ky.xlsx")
    path = tmp_path / "dang-ky.xlsx"
    path.write_bytes(sent.data)
    sent.close()
    clerk.fill_registration(path, {"NTM_DAT_HIEN": 21000, "NTM_NGAY_CONG": "ba mươi nghìn"})
    page = client.get(upload(client, path.read_bytes(), "dang ky.xlsx").headers["Location"]).get_data(as_text=True)
    assert "bản đăng ký thi đua năm 2023" in page and "Đăng ký" in page and "không phải là một số" in page
    stored = list((tmp_path / "inputs" / "cong-thong-tin" / "2023-dang-ky").iterdir())
    assert len(stored) == 1 and "_HND_" in stored[0].name
    assert "bản đăng ký thi đua năm 2023" in client.get("/don-vi").get_data(as_text=True)


def test_the_annual_build_offers_the_year_documents(tmp_path) -> None:
    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    app, _ = make_app(tmp_path)
    chair = as_chair(app)
    built = chair.post(
        "/chu-tri/lap-bao-cao",
        data={"csrf_token": token_of(chair, "/chu-tri/lap-bao-cao"), "ky": "2023-12", "loai": "nam"},
    )
    page = built.get_data(as_text=True)
    assert built.status_code == 200 and "Đã lập báo cáo" in page and "biên bản họp bình xét, suy tôn" in page
    for name in ("cham-diem.xlsx", "bien-ban.docx", "to-trinh.docx", "giao-uoc.docx"):
        sent = chair.get(re.search(rf'href="([^"]+/{name})"', page)[1])
        assert sent.status_code == 200 and sent.data[:2] == b"PK", name
        assert sent.mimetype.endswith("document" if name.endswith(".docx") else "sheet"), name
        sent.close()


def test_the_chair_sends_the_scoring_workbook_back_through_the_portal(portal, tmp_path) -> None:
    app, _ = portal
    chair = as_chair(app)
    book = tmp_path / "cham-diem.xlsx"
    shutil.copy(ROOT / "inputs" / "2023" / "cham-diem-2023.xlsx", book)
    clerk.fill_scoring(book, {("PN", "II.1"): (5, "")}, {}, {})
    sent = upload(chair, book.read_bytes(), "cham diem.xlsx", "/chu-tri/", "/chu-tri/nop-thay")
    page = chair.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Điểm điều chỉnh tiêu chí II.1 của đơn vị PN chưa ghi lý do" in page and "K54" in page
    assert "các ô lỗi chưa được dùng" in page and "Văn phòng Cụm thi đua" in page  # not "data not merged"
    stored = list((tmp_path / "inputs" / "cong-thong-tin" / "2023-cham-diem").iterdir())
    assert len(stored) == 1  # kept: the office's own workbook, recognised without a unit
    marked = chair.get(re.search(r'href="([^"]+)">Tải bản đã đánh dấu', page)[1])
    assert marked.status_code == 200 and "phan-hoi-2023-cham-diem.xlsx" in marked.headers["Content-Disposition"]
    marked.close()
    unit = as_unit(app, "PN")
    assert "cham diem" not in unit.get("/don-vi").get_data(as_text=True)  # not in a unit's history


def test_a_unit_downloads_its_self_scoring_with_the_computed_lines(tmp_path) -> None:
    from openpyxl import load_workbook

    shutil.copytree(ROOT / "inputs", tmp_path / "inputs")
    app, _ = make_app(tmp_path)
    client = as_unit(app, "HND")
    assert "Bảng tự chấm điểm năm 2023" in client.get("/don-vi").get_data(as_text=True)
    sent = client.get("/don-vi/tu-cham.xlsx")
    assert sent.status_code == 200 and "tu-cham-2023" in sent.headers["Content-Disposition"]
    path = tmp_path / "tu-cham.xlsx"
    path.write_bytes(sent.data)
    sent.close()
    wb = load_workbook(path)
    assert dict(wb["thidua_meta"].iter_rows(values_only=True))["unit"] == "HND"
    texts = [str(c.value) for row in wb["Tự chấm điểm"].iter_rows() for c in row if c.value]
    wb.close()
    assert any("Đến tháng 7 năm 2023 phải nộp 7 báo cáo" in t for t in texts)  # 25/08: July is due, August not
    assert not any("Tỉnh đoàn" in t or "Hội Cựu chiến binh" in t for t in texts)  # its own lines only


def test_a_form_sent_without_a_file_says_so(portal) -> None:
    app, _ = portal
    for client, home, url in (
        (as_unit(app, "HND"), "/don-vi", "/don-vi/nop"),
        (as_chair(app), "/chu-tri/", "/chu-tri/nop-thay"),
    ):
        sent = client.post(url, data={"csrf_token": token_of(client, home)}, content_type="multipart/form-data")
        assert sent.status_code == 400 and "Chưa chọn tệp" in sent.get_data(as_text=True)


def test_every_route_has_one_guard_and_the_wrong_role_is_refused(portal) -> None:
    """Enumerate the app's routes: each is public by name, the chair's, or a unit's; try each as nobody, as
    a unit and as the chair, with a valid CSRF token so only the role guard can refuse."""
    app, _ = portal
    public = {"static", "public.front", "unit.open_link", "unit.sign_out", "chair.login_form", "chair.login"}
    public.add("chair.logout")
    # VGCA's desktop service: no session, a one-time token bound to the office's (tests/test_signing_portal.py)
    public |= {"handoff.fetch", "handoff.receive", "handoff.plugin"}
    values = {"token": "x", "upload_id": 1, "unit": "HND", "period": "2023-06", "build_id": "ab12"}
    values |= {"name": "bao-cao.docx", "period_key": "2023-07", "filename": "x.css", "n": 0}
    unit, chair, nobody = as_unit(app, "HND"), as_chair(app), app.test_client()
    tokens = {id(unit): token_of(unit, "/don-vi"), id(chair): token_of(chair, "/chu-tri/"), id(nobody): ""}
    seen = set()
    for rule in app.url_map.iter_rules():
        seen.add(rule.endpoint)
        if rule.endpoint in public:
            continue
        owner = rule.endpoint.split(".")[0]
        assert owner in ("chair", "unit"), f"{rule.rule} belongs to no role"
        url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        strangers = [nobody, unit] if owner == "chair" else [nobody, chair]
        for client in strangers:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                data = {"csrf_token": tokens[id(client)]} if method == "POST" else None
                response = client.open(url, method=method, data=data)
                if client is nobody and method == "GET" and owner == "chair":  # shown where to log in
                    assert (response.status_code, response.location) == (302, "/chu-tri/dang-nhap"), rule.rule
                    continue
                expected = {403} if client is not nobody or method == "GET" else {400, 403}  # CSRF first
                assert response.status_code in expected, (rule.rule, method, response.status_code)
    assert "chair.report" in seen and "unit.upload" in seen


def test_the_chair_downloads_the_award_dossier_of_a_build(portal) -> None:
    from thidua.portal import builds

    app, _ = portal
    state = app.extensions["thidua"].state
    folder = state / "builds" / "ab12" / "outputs" / "nam-2023-12"
    folder.mkdir(parents=True)
    (folder / "ho-so-khen-thuong-2023.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip
    (folder / "bao-cao.docx").write_bytes(b"x")
    assert set(builds.files(state, "ab12")) == {"ho-so-khen-thuong-2023.zip", "bao-cao.docx"}
    assert builds.label("ho-so-khen-thuong-2023.zip") == "hồ sơ đề nghị khen thưởng (tệp nén)"
    chair = as_chair(app)
    got = chair.get("/chu-tri/tai-ve/ab12/ho-so-khen-thuong-2023.zip")
    body = got.get_data()
    got.close()  # send_file streams the file: close it as a browser would at the end of the download
    assert got.status_code == 200 and got.mimetype == "application/zip" and body.startswith(b"PK")
    assert app.test_client().get("/chu-tri/tai-ve/ab12/ho-so-khen-thuong-2023.zip").status_code == 302  # log in first


def test_the_office_records_the_email_date_of_a_file_it_uploads(portal, tmp_path) -> None:
    """Received by e-mail on 19/08 (deadline 20/08), uploaded by the office on 25/08: on time, on its word."""
    app, cfg = portal
    chair = as_chair(app)
    data = filled(cfg, tmp_path, "TD", 7, GN_KHAM_BENH=10, GN_QUA=5, GN_GA_GIONG=1, NTM_NGAY_CONG=3)

    def send(day: str):  # type: ignore[no-untyped-def]
        form = {"csrf_token": token_of(chair, "/chu-tri/"), "ngay_nhan": day, "tep": (io.BytesIO(data), "tu thu.xlsx")}
        return chair.post("/chu-tri/nop-thay", data=form, content_type="multipart/form-data")

    # after today, not a date, no such day, before last year
    for wrong in ("2023-08-26", "19/08", "31/02/2023", "2021-01-01"):
        refused = send(wrong)
        assert refused.status_code == 400 and "Ngày nhận qua thư" in refused.get_data(as_text=True)
    # Typed by hand as the message asks (a browser without a date field sends what was typed); a date
    # field sends 2023-08-19, which the same parse reads (tests/test_typed_days.py).
    sent = send("19/08/2023")
    page = chair.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Văn phòng nhận qua thư ngày" in page and "19/08/2023" in page
    stored = [p.name for p in (tmp_path / "inputs" / "cong-thong-tin" / "2023-07").iterdir()]
    assert len(stored) == 1 and "_nhan-20230819_TD_" in stored[0]
    grid = chair.get("/chu-tri/o/TD/2023-07").get_data(as_text=True)
    assert "SUBMISSION_LATE" not in grid
    status = chair.get("/chu-tri/").get_data(as_text=True)
    row = next(r for r in status.split("<tr>") if "Tỉnh đoàn" in r)
    assert "đúng hạn" in row.split("</td>")[-2]  # July, the last period shown on 25/08
