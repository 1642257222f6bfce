"""The province's portal as deployed: Debian's nginx as a TLS reverse proxy (a certificate made here) in
front of two `thidua serve --province` processes sharing one PostgreSQL database, driven by Chromium. Every
form of every role is used through it (the board's login with its TOTP code, a unit's upload, the office's
upload and build, a dossier sent and judged, each role's logout), every cookie is Secure, and a form posted
from another origin is refused. nginx runs with docs/nginx-thidua.conf, the file the README shows, with
only its ports, paths and host name changed. Skipped, saying why, where nginx, Chromium or PostgreSQL is
missing; .ci/run installs and starts all three."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pyotp
import pytest
import requests
from conftest import CHROMIUM, DRIVER, POSTGRES, ROOT, chromium, postgres_schema, press, served, write_edited_yaml
from test_province import TODAY, province_copy
from test_province_portal import (
    BOARD_PASSWORD,
    COMMUNES,
    COUNCIL_PASSWORD,
    MTTQ,
    OFFICE_PASSWORDS,
    accounts,
    province_store,
)

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CONFIG = ROOT / "docs" / "nginx-thidua.conf"
pytestmark = [
    pytest.mark.skipif(not NGINX, reason="nginx is not installed (.ci/run installs Debian's)"),
    pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed"),
    pytest.mark.skipif(not POSTGRES, reason="THIDUA_TEST_POSTGRES is not set: no PostgreSQL (.ci/run starts one)"),
]


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost (its key unencrypted, as nginx reads it at start)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    chain, private = folder / "chung-chi.pem", folder / "khoa-rieng.pem"
    chain.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return chain, private


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def site_config(folder: Path, port: int, upstreams: list[int], chain: Path, private: Path) -> str:
    """docs/nginx-thidua.conf with this test's port, upstreams, certificate and host name: nothing else."""
    text = CONFIG.read_text(encoding="utf-8")
    changes = {
        "listen 443 ssl;": f"listen 127.0.0.1:{port} ssl;",
        "server_name thidua.langson.gov.vn;": "server_name localhost;",
        "/etc/ssl/thidua/chung-chi.pem": str(chain),
        "/etc/ssl/thidua/khoa-rieng.pem": str(private),
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstreams[0]};",
        "server 127.0.0.1:8001;": f"server 127.0.0.1:{upstreams[1]};",
    }
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(folder: Path, upstreams: list[int]):  # type: ignore[no-untyped-def]
    """Debian's nginx in the foreground with the site's configuration; yields its https base URL. A port
    another process took between choosing and binding is tried again with a new one."""
    chain, private = certificate(folder)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir(exist_ok=True)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers then read the test's private folders
    for _ in range(5):
        port = free_port()
        (folder / "thidua.conf").write_text(site_config(folder, port, upstreams, chain, private), encoding="utf-8")
        main = (
            f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n  access_log {folder}/access.log;\n"
            + "".join(f"  {t}_temp_path {folder}/{t};\n" for t in ("proxy", "fastcgi", "uwsgi", "scgi"))
            + f"  client_body_temp_path {folder}/body;\n  include {folder}/thidua.conf;\n}}\n"
        )
        (folder / "nginx.conf").write_text(main, encoding="utf-8")
        command = [str(NGINX), "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(folder / "nginx.conf")]
        process = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        if _listening(port, process):
            break
        process.wait(10)
    else:
        raise AssertionError("nginx did not start: " + (folder / "error.log").read_text(encoding="utf-8"))
    try:
        yield f"https://localhost:{port}"
    finally:
        process.terminate()
        process.wait(20)


def _listening(port: int, process: subprocess.Popen) -> bool:  # type: ignore[type-arg]
    for _ in range(100):
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


@pytest.fixture()
def deployed(example_province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """(the https base URL, the province's folder, the board's TOTP seed, a unit's link, the certificate)
    with two portal processes on one PostgreSQL schema behind nginx."""
    with ExitStack() as stack:
        database = stack.enter_context(postgres_schema())
        folder = province_copy(example_province, tmp_path / "tinh", database)
        seed = accounts(folder, monkeypatch)
        with province_store(folder) as store:
            link = store.for_cluster(MTTQ).new_link("TD")
        proxy = tmp_path / "nginx"
        proxy.mkdir()
        port = free_port()
        settings = {"base_url": f"https://localhost:{port}", "secure_cookies": True, "trusted_proxy": "127.0.0.1"}
        config = folder / "province.yaml"
        write_edited_yaml(config, config, lambda data: data["portal"].update(settings))
        first = stack.enter_context(served(None, today=TODAY, province=folder))
        second = stack.enter_context(served(None, today=TODAY, province=folder))
        upstreams = [int(first.rsplit(":", 1)[1]), int(second.rsplit(":", 1)[1])]
        base = stack.enter_context(nginx(proxy, upstreams))
        yield base, folder, seed, link, proxy / "chung-chi.pem"


def test_every_form_of_every_role_works_behind_tls_in_chromium(deployed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    base, folder, seed, link, _ = deployed
    archive = folder / COMMUNES / "outputs" / "lam-viec" / "cham-diem-2023" / "ho-so-khen-thuong-cum-xa-phuong-2023.zip"
    source = next((folder / MTTQ / "inputs" / "2023" / "T12").glob("*TD*.xlsx"))
    book = load_workbook(source)
    book["Thuyết minh"]["C7"] = "Bản nộp lại qua Cổng, sau HTTPS."
    book.save(tmp_path / "bao-cao-thang-12.xlsx")
    with chromium(tmp_path, "--ignore-certificate-errors") as driver:

        def submit(form: str) -> None:
            """Press the form's button and wait until the page it leads to has replaced this one."""
            press(driver, driver.find_element(By.CSS_SELECTOR, f"{form} button[type=submit]"))

        def heading() -> str:
            return driver.find_element(By.TAG_NAME, "h1").text

        # The board: password and TOTP code.
        driver.get(f"{base}/tinh/dang-nhap")
        driver.find_element(By.ID, "ten").send_keys("can-bo-so")
        driver.find_element(By.ID, "mat_khau").send_keys(BOARD_PASSWORD)
        driver.find_element(By.ID, "ma").send_keys(pyotp.TOTP(seed).now())
        submit("form")
        assert "Tiến độ" in heading(), driver.page_source[:500]

        # A unit of the MTTQ cluster: its link, an upload, its logout.
        driver.get(f"{base}/c/{MTTQ}/u/{link}")
        if driver.find_elements(By.CSS_SELECTOR, "form[action$='/u/" + link + "']"):
            submit(f"form[action$='/u/{link}']")  # the browser holds the board's session: asked first
        driver.find_element(By.ID, "tep").send_keys(str(tmp_path / "bao-cao-thang-12.xlsx"))
        submit(f"form[action='/c/{MTTQ}/don-vi/nop']")
        assert "Kết quả kiểm tra" in heading(), driver.page_source[:500]
        driver.get(f"{base}/c/{MTTQ}/don-vi")
        submit(f"form[action='/c/{MTTQ}/don-vi/thoat']")
        assert "Đã thoát" in heading()

        # The commune cluster's office: login, an upload on a unit's behalf, a build, the dossier sent.
        driver.get(f"{base}/c/{COMMUNES}/chu-tri/dang-nhap")
        driver.find_element(By.ID, "mat_khau").send_keys(OFFICE_PASSWORDS[COMMUNES])
        submit("form")
        assert driver.current_url.endswith(f"/c/{COMMUNES}/chu-tri/"), driver.page_source[:500]
        driver.find_element(By.ID, "tep").send_keys(str(tmp_path / "bao-cao-thang-12.xlsx"))
        submit(f"form[action='/c/{COMMUNES}/chu-tri/nop-thay']")
        assert "Kết quả kiểm tra" in heading()  # not this cluster's template: refused, in words
        driver.get(f"{base}/c/{COMMUNES}/chu-tri/lap-bao-cao")
        field = driver.find_element(By.ID, "ky")
        field.clear()
        field.send_keys("2023-12")
        driver.find_element(By.CSS_SELECTOR, "select#loai option[value='thang']").click()
        submit(f"form[action='/c/{COMMUNES}/chu-tri/lap-bao-cao']")
        assert driver.find_elements(By.PARTIAL_LINK_TEXT, "bao-cao"), driver.page_source[:800]
        driver.get(f"{base}/c/{COMMUNES}/chu-tri/ho-so-de-nghi")
        driver.find_element(By.ID, "tep").send_keys(str(archive))
        submit(f"form[action='/c/{COMMUNES}/chu-tri/ho-so-de-nghi']")
        assert "đang xem xét" in driver.page_source
        cookies = {c["name"]: c for c in driver.get_cookies()}
        submit(f"form[action='/c/{COMMUNES}/chu-tri/dang-xuat']")
        assert driver.current_url.endswith("/chu-tri/dang-nhap")

        # The board judges the dossier it sees, then signs out.
        driver.get(f"{base}/tinh/ho-so")
        submit(f"form[action='/tinh/ho-so/{COMMUNES}/chap-nhan']")
        assert "đã chấp nhận" in driver.page_source
        submit("form[action='/tinh/dang-xuat']")
        assert driver.current_url.endswith("/tinh/dang-nhap")
        driver.get(f"{base}/tinh/tien-do")
        assert driver.current_url.endswith("/tinh/dang-nhap")  # signed out for real

        # A council member's login and logout.
        driver.find_element(By.ID, "ten").send_keys("uy-vien-hd")
        driver.find_element(By.ID, "mat_khau").send_keys(COUNCIL_PASSWORD)
        submit("form")
        assert "Đề nghị" in heading() or "đề nghị" in heading(), driver.page_source[:500]
        submit("form[action='/tinh/dang-xuat']")

    assert cookies and all(c["secure"] and c["httpOnly"] for c in cookies.values()), cookies
    with province_store(folder) as store:
        assert store.for_cluster(COMMUNES).own_dossier_history(2023)[0]["action"] == "accepted"
        assert [r["unit"] for r in store.for_cluster(MTTQ).uploads()] == ["TD"]


def test_a_form_from_another_origin_is_refused_behind_tls(deployed) -> None:  # type: ignore[no-untyped-def]
    """A page elsewhere that got hold of a session and its CSRF token still cannot post: over HTTPS the
    portal checks that the form came from its own pages."""
    import re

    base, _, _, _, chain = deployed
    office = requests.Session()
    office.trust_env = False  # REQUESTS_CA_BUNDLE would replace the certificate trusted here
    office.verify = str(chain)  # the test's own certificate, trusted as the office's browser would be told to
    login = f"{base}/c/{COMMUNES}/chu-tri/dang-nhap"
    page = office.get(login)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    form = {"csrf_token": token, "mat_khau": OFFICE_PASSWORDS[COMMUNES]}
    own = {"Referer": login, "Origin": base}
    elsewhere = {"Referer": "https://evil.example/trang", "Origin": "https://evil.example"}
    refused = office.post(login, data=form, headers=elsewhere, allow_redirects=False)
    assert refused.status_code == 400 and "Phiên làm việc đã hết hạn" in refused.text
    assert office.post(login, data=form, headers={}, allow_redirects=False).status_code == 400  # no Referer
    assert office.post(login, data=form, headers=own, allow_redirects=False).status_code == 302
    assert all(c.secure for c in office.cookies)
